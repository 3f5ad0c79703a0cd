/**
 * Checks a model folder before transformers.js loads it, with coded errors: config.json has a
 * model_type, tokenizer files are there when tokenizer_config.json is expected, and every ONNX
 * file decodes as a ModelProto with graph inputs and outputs.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import onnxProto from 'onnx-proto';
import { BadConfigError, CorruptModelError, MissingTokenizerError } from './errors.js';

const { onnx } = onnxProto;

export interface ValidateOptions {
  /** Require tokenizer.json + tokenizer_config.json (text models). Default: when either is present. */
  requireTokenizer?: boolean;
}

/** Throws a coded forge error for the first problem found; returns the parsed config. */
export function validateForgedFolder(dir: string, options: ValidateOptions = {}): Record<string, unknown> {
  const config = readConfig(join(dir, 'config.json'));
  const tokenizerFiles = ['tokenizer.json', 'tokenizer_config.json'];
  const present = tokenizerFiles.filter((f) => existsSync(join(dir, f)));
  const require = options.requireTokenizer ?? present.length > 0;
  if (require && present.length < tokenizerFiles.length) throw new MissingTokenizerError(dir, tokenizerFiles.filter((f) => !present.includes(f)));
  const onnxDir = join(dir, 'onnx');
  const models = existsSync(onnxDir) ? readdirSync(onnxDir).filter((f) => f.endsWith('.onnx')) : [];
  if (models.length === 0) throw new CorruptModelError(onnxDir, 'no .onnx files in the folder');
  for (const file of models) checkOnnx(join(onnxDir, file));
  return config;
}

/** Reads a config.json and checks it names a model_type. */
export function readConfig(path: string): Record<string, unknown> {
  if (!existsSync(path)) throw new BadConfigError(path, 'file not found');
  let config: unknown;
  try {
    config = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new BadConfigError(path, `not valid JSON (${(error as Error).message})`);
  }
  if (typeof config !== 'object' || config === null || Array.isArray(config)) throw new BadConfigError(path, 'not a JSON object');
  const modelType = (config as Record<string, unknown>).model_type;
  if (typeof modelType !== 'string' || modelType === '') throw new BadConfigError(path, 'has no "model_type"');
  return config as Record<string, unknown>;
}

function checkOnnx(path: string): void {
  const bytes = readFileSync(path);
  let model: ReturnType<typeof onnx.ModelProto.decode>;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (error) {
    throw new CorruptModelError(path, `truncated or not ONNX (${(error as Error).message})`, error);
  }
  const graph = model.graph;
  if (!graph || (graph.input ?? []).length === 0 || (graph.output ?? []).length === 0) {
    throw new CorruptModelError(path, 'the graph has no inputs or outputs');
  }
}
