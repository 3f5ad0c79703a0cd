import { CellTimeoutError, CorruptModelError } from './errors.js';
import type { ErrorStage, ErrorType } from './types.js';

/** A failure as a cell records it. */
export interface ClassifiedError {
  stage: ErrorStage;
  errorType: ErrorType;
  /** Readable, trimmed, secrets scrubbed. */
  message: string;
  /** The operator the runtime named, for `unsupported-op`. */
  op?: string;
}

/** Longest message kept (characters), and most lines. */
export const MAX_MESSAGE_CHARS = 600;
export const MAX_MESSAGE_LINES = 4;

/**
 * Operator patterns in ONNX Runtime messages, each capturing the op name. Texts as ORT 1.30 writes them:
 * - "Could not find an implementation for Max(13) node with name 'n0'" (no kernel for this type/EP)
 * - "... NOT_IMPLEMENTED : Could not find an implementation for ConvInteger(10) node ..."
 * - "Error No Op registered for FrobnicateV2 with domain_version of 13" (op unknown to the opset)
 * - "Fatal error: com.microsoft:FrobnicateV2(-1) is not a registered function/op" (contrib op missing)
 */
const OP_PATTERNS: readonly RegExp[] = [
  /Could not find an implementation for ([A-Za-z_][\w.]*)\(\d+\)/,
  /No Op registered for ([A-Za-z_][\w.]*) with domain_version/,
  /(?:[\w.]+:)?([A-Za-z_]\w*)\(-?\d+\) is not a registered function\/op/,
  /[Uu]nsupported (?:op|operator|node)(?: type)?[:\s]+['"]?([A-Za-z_]\w*)/,
];
const UNSUPPORTED_OP = /NOT_IMPLEMENTED|not implemented for op|is not a registered function\/op|No Op registered/;

const OUT_OF_MEMORY =
  /bad_alloc|Failed to allocate|Array buffer allocation failed|out of memory|CUDA_ERROR_OUT_OF_MEMORY|cudaErrorMemoryAllocation|ERR_OUT_OF_MEMORY|Cannot allocate memory|allocation failed.*heap/i;

/**
 * A model file that is there but does not parse. ORT 1.30 on a truncated ONNX file:
 * "Load model from /m/onnx/model.onnx failed:Protobuf parsing failed." (the message names the file).
 */
const CORRUPT_MODEL = /Protobuf parsing failed|INVALID_PROTOBUF|is not a valid ONNX model/i;

const MISSING_FILE =
  /ENOENT|no such file or directory|file not found|Could not locate file|File doesn't exist|file was not found locally|Unable to find file/i;

/** Hugging Face tokens and bearer credentials never leave this module. */
const HF_TOKEN = /hf_[A-Za-z0-9]{10,}/g;
const BEARER = /\b(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi;

/**
 * Classifies a failure of a cell at `stage` into an error type (unsupported-op with the op name,
 * corrupt-model, out-of-memory, missing-file, timeout, assertion, unknown) and a readable message: the first
 * lines of the message (and its causes), without stack frames or terminal colours, at most
 * MAX_MESSAGE_CHARS, with HF tokens replaced by `hf_***`.
 */
export function classifyError(error: unknown, stage: ErrorStage): ClassifiedError {
  const chain = causeChain(error);
  const texts = chain.map(messageOf);
  const all = texts.join('\n');
  const message = readable(texts);

  if (chain.some(isTimeout)) return { stage, errorType: 'timeout', message };
  if (chain.some(isAssertion)) return { stage, errorType: 'assertion', message };
  const op = findOp(all);
  if (op !== undefined) return { stage, errorType: 'unsupported-op', message, op: scrub(op) };
  if (UNSUPPORTED_OP.test(all)) return { stage, errorType: 'unsupported-op', message };
  if (chain.some((e) => codeOf(e) === CorruptModelError.CODE) || CORRUPT_MODEL.test(all)) return { stage, errorType: 'corrupt-model', message };
  if (OUT_OF_MEMORY.test(all)) return { stage, errorType: 'out-of-memory', message };
  if (chain.some((e) => codeOf(e) === 'ENOENT') || MISSING_FILE.test(all)) return { stage, errorType: 'missing-file', message };
  return { stage, errorType: 'unknown', message };
}

/** Replaces secrets (HF tokens, bearer tokens) in `text`. */
export function scrub(text: string): string {
  return text.replace(HF_TOKEN, 'hf_***').replace(BEARER, '$1***');
}

function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  let current: unknown = error;
  while (current !== undefined && current !== null && chain.length < 5 && !chain.includes(current)) {
    chain.push(current);
    current = typeof current === 'object' && 'cause' in current ? (current as { cause?: unknown }).cause : undefined;
  }
  return chain.length > 0 ? chain : [error];
}

function messageOf(error: unknown): string {
  if (error instanceof Error) {
    const name = error.name && error.name !== 'Error' ? `${error.name}: ` : '';
    return `${name}${error.message}`;
  }
  if (typeof error === 'string') return error;
  if (typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string') return error.message;
  try {
    return JSON.stringify(error) ?? String(error);
  } catch {
    return String(error);
  }
}

function codeOf(error: unknown): unknown {
  return typeof error === 'object' && error !== null && 'code' in error ? (error as { code?: unknown }).code : undefined;
}

function isTimeout(error: unknown): boolean {
  return error instanceof CellTimeoutError || codeOf(error) === CellTimeoutError.CODE;
}

function isAssertion(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  if ('matcherResult' in error) return true;
  if (codeOf(error) === 'ERR_ASSERTION') return true;
  return error instanceof Error && error.name === 'AssertionError';
}

function findOp(text: string): string | undefined {
  for (const pattern of OP_PATTERNS) {
    const match = pattern.exec(text);
    if (match?.[1]) return match[1];
  }
  return undefined;
}

function readable(texts: string[]): string {
  const lines: string[] = [];
  for (const text of texts) {
    for (const raw of text.replace(/\u001b\[[0-9;]*m/g, '').split(/\r?\n/)) {
      const line = raw.trim();
      if (line === '' || /^at\s.+(\(.*\)|:\d+:\d+)$/.test(line) || lines.includes(line)) continue;
      lines.push(line);
    }
  }
  let message = scrub(lines.slice(0, MAX_MESSAGE_LINES).join('\n'));
  if (lines.length > MAX_MESSAGE_LINES) message += '\n…';
  if (message.length > MAX_MESSAGE_CHARS) message = `${message.slice(0, MAX_MESSAGE_CHARS - 1)}…`;
  return message === '' ? '(no message)' : message;
}
