/**
 * A model loaded in the page, seen from node with the surface the harness's real backend drives
 * (`config`, `generation_config`, `sessions`, `forward`, `generate`, ...): every method is a call into the
 * page, where transformers.js's browser build runs the ONNX sessions on the cell's web device.
 */
import path from 'node:path';
import type { WebContext } from '../harness/types.js';
import { NotServedError } from './errors.js';
import { callModel, callRunner, openSession, pageClock, recordCalls } from './page-session.js';
import { decodeValue, encodeValue, type PageHandle } from './wire-value.js';

/** What to load: the harness's LoadSpec fields the page needs. */
export interface PageLoadSpec {
  autoClass: string;
  /** Absolute model folder (must lie under one of the served roots). */
  location: string;
  device: string;
  dtype: string;
}

interface LoadAnswer {
  id: number;
  loadMs: number;
  className: string;
  config: unknown;
  generationConfig: unknown;
  forwardParams: string[] | null;
  mainInputName: string | null;
  sessions: Record<string, { inputNames: string[]; inputMetadata?: unknown[] }>;
}

/** How a measured loop samples (the harness's MeasureProfile). */
export interface RepeatProfile {
  warmupRuns: number;
  minSamples: number;
  minTimeMs: number;
  maxSamples: number;
  maxTimeMs: number;
}

/** A measured loop run in the page: the first call's result and time, and the page's timed samples (null: not repeatable there). */
export interface RepeatedRun<T> {
  result: T;
  firstMs: number;
  samplesMs: number[] | null;
}

/** A page model: plain fields plus async methods; `pageId` is its handle in the page. */
export type PageModel = PageHandle & {
  config: Record<string, unknown>;
  generation_config: Record<string, unknown> | null;
  forward_params?: string[];
  main_input_name?: string;
  sessions: Record<string, { inputNames: string[]; inputMetadata?: unknown[] }>;
  /** In-page time of the last from_pretrained, ms. */
  pageLoadMs: number;
  /** The harness's measure clock for this model's calls (see pageClock). */
  now: () => number;
  /** Runs `fn` once; when it made exactly one page call, repeats that call in the page as the measured loop. */
  repeat<T>(fn: () => Promise<T>, profile: RepeatProfile): Promise<RepeatedRun<T>>;
  /** Seeds transformers.js's random in the page (node's `transformers.random` does not reach it). */
  seedRandom(seed: number): Promise<void>;
  forward(inputs: unknown): Promise<Record<string, unknown>>;
  generate(options: unknown): Promise<unknown>;
  dispose(): Promise<void>;
  [method: string]: unknown;
};

const REMOTE_METHODS = ['forward', 'generate', 'encode', 'decode', '_prepare_encoder_decoder_kwargs_for_generation', 'generate_speech'] as const;

/** The URL path (`/models/<root>/<relative>`) under which the server serves `location`. */
export function servedPath(location: string, roots: readonly string[]): string {
  const target = path.resolve(location);
  for (const [index, root] of roots.entries()) {
    const base = path.resolve(root);
    if (target.startsWith(base + path.sep)) return `/models/${index}/${path.relative(base, target).split(path.sep).map(encodeURIComponent).join('/')}`;
  }
  throw new NotServedError(location, roots);
}

/** Loads the model in the page with the cell's device and dtype. */
export async function loadInPage(spec: PageLoadSpec, context: WebContext): Promise<PageModel> {
  const modelPath = servedPath(spec.location, context.roots);
  const session = await openSession(context);
  const answer = await callRunner<LoadAnswer>(context, 'load', [{ autoClass: spec.autoClass, modelPath, device: spec.device, dtype: spec.dtype }], session);
  const model = {
    pageId: answer.id,
    config: (decodeValue(answer.config) ?? {}) as Record<string, unknown>,
    generation_config: (decodeValue(answer.generationConfig) ?? null) as Record<string, unknown> | null,
    ...(answer.forwardParams ? { forward_params: answer.forwardParams } : {}),
    ...(answer.mainInputName ? { main_input_name: answer.mainInputName } : {}),
    sessions: answer.sessions,
    pageLoadMs: answer.loadMs,
    now: pageClock,
    // The harness names drivers and messages after the model class.
    constructor: { name: answer.className },
    async dispose() {
      await callRunner(context, 'dispose', [answer.id], session);
    },
    repeat: <T>(fn: () => Promise<T>, profile: RepeatProfile) => repeatInPage(context, fn, profile),
    async seedRandom(seed: number) {
      await callRunner(context, 'seed', [seed], session);
    },
  } as unknown as PageModel;
  const methods = model as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  for (const method of REMOTE_METHODS) {
    methods[method] = (...args: unknown[]) => callModel(session, context, answer.id, method, () => args.map((a) => encodeValue(a, isPageModel)), decodeValue);
  }
  return model;
}

/**
 * The measured loop of a web cell: `fn` runs once (the first inference, timed on the page clock); when it
 * made exactly one model call, the page repeats that call with the same arguments as the warm-up and timed
 * samples (page/cell-runner.js `repeat`), back to back as a bare loop there would, so the page round trip
 * and the gaps between calls stay out of the samples. The result is the first call's (the calls are
 * deterministic: same model, same inputs). A body that makes several calls per iteration (greedy recompute,
 * speech with a vocoder) gets `samplesMs: null`, and the harness measures it call by call on the page clock.
 */
async function repeatInPage<T>(context: WebContext, fn: () => Promise<T>, profile: RepeatProfile): Promise<RepeatedRun<T>> {
  const start = pageClock();
  const { result, calls } = await recordCalls(fn);
  const firstMs = pageClock() - start;
  const call = calls.length === 1 ? calls[0]! : null;
  if (!call) return { result, firstMs, samplesMs: null };
  const { warmupRuns, minSamples, minTimeMs, maxSamples, maxTimeMs } = profile;
  const answer = await callRunner<{ samplesMs: number[] }>(context, 'repeat', [call.id, call.method, call.args, { warmupRuns, minSamples, minTimeMs, maxSamples, maxTimeMs }], call.session);
  return { result, firstMs, samplesMs: answer.samplesMs };
}

function isPageModel(value: object): value is PageHandle {
  return typeof (value as Partial<PageHandle>).pageId === 'number' && 'sessions' in value;
}
