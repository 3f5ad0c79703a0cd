/**
 * Turns a suite's model entries into the models a bench run measures: where the files are (forged,
 * local, cache, hub, or forged at a real config's dimensions), the model id stored with each cell (two
 * models of one family stay two rows), and the tasks the architecture has (detect-model.ts). A task
 * the model lacks, when asked for by name, becomes an `unsupported` reason naming the architecture.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { FamilyEntry } from '../../generator/types.js';
import { UnsupportedError } from '../harness/errors.js';
import { resolveSource, type ResolvedSource } from '../harness/resolve-source.js';
import type { ArchKind } from '../harness/types.js';
import { detectWith, preferPipelineTag, type DetectConfig, type DetectedModel } from './detect-model.js';
import { ModelNotFoundError } from './errors.js';
import type { ModelEntry } from './suite-schema.js';

/** One task of a bench model: where its files are, or why it cannot run. */
export interface BenchTask {
  task: string;
  autoClass: string;
  modelClass: string;
  resolved: ResolvedSource | Error;
}

/** A model as a bench run measures it. */
export interface BenchModel {
  /** Index of the suite entry it came from (its per-entry dimensions apply). */
  entry: number;
  modelId: string;
  family: string;
  archKind: ArchKind;
  tasks: BenchTask[];
  /** How the tasks were found (detection notes). */
  how: string;
}

/** Where bench models come from; every part is a seam for tests. */
export interface BenchSources {
  registry: readonly FamilyEntry[];
  /** Forged tiny models (`ensureForged().dir`), asked for only when a family entry needs them. */
  forgedDir: () => Promise<string>;
  /** transformers.js cache folder, or null. */
  cacheDir: string | null;
  /** Reads a Hub model's config.json (only with MATRIX_ALLOW_HUB=1); absent = the Hub is off. */
  hubConfig?: (id: string) => Promise<DetectConfig>;
  /** The Hub's `pipeline_tag` of a model (only with the Hub on); orders the detected tasks. */
  pipelineTag?: (id: string) => Promise<string | undefined>;
  /** Where `forge:` entries are built (content-addressed subfolders). */
  forgeDir: string;
  /** Forges one task of a config at its dimensions into `outDir` (forge-from-config.ts). */
  forgeConfig: (options: { configPath: string; tokenizerDir?: string; outDir: string; task: string }) => Promise<{ path: string; notes?: string } | Error>;
}

/** Resolves one suite entry (index `entry`) to its model. Throws coded errors for a model that is not there. */
export async function resolveBenchModel(model: ModelEntry, entry: number, sources: BenchSources): Promise<BenchModel> {
  const where = `models[${entry}]`;
  if (model.family !== undefined) return forgedFamily(model.family, model.tasks, entry, sources);
  if (model.path !== undefined) {
    const folder = resolve(model.path);
    const config = readConfigIn(folder, `${where}.path ${model.path}`);
    const detected = chooseTasks(detectWith(config, `${where}.path ${model.path}`, sources.registry), model.tasks, config);
    const located: ResolvedSource = { source: 'local', location: folder, modelId: `local/${segment(basename(folder))}`, dtypes: null, notes: [] };
    return withTasks(detected, entry, located);
  }
  if (model.id !== undefined) {
    const cached = sources.cacheDir ? join(sources.cacheDir, model.id) : null;
    if (cached && existsSync(join(cached, 'config.json'))) {
      const config = readConfigIn(cached, `${where}.id ${model.id}`);
      return withTasks(chooseTasks(detectWith(config, `${where}.id ${model.id}`, sources.registry), model.tasks, config), entry, { source: 'cache', location: model.id, modelId: model.id, dtypes: null, notes: [] });
    }
    if (!sources.hubConfig) {
      throw new ModelNotFoundError(`${where}.id ${model.id}`, `not in the transformers.js cache (${sources.cacheDir ?? 'no cache folder'}) and the Hub is off`, 'Set MATRIX_ALLOW_HUB=1 to download it, or give a local folder with path:.');
    }
    const config = await sources.hubConfig(model.id);
    const tag = await sources.pipelineTag?.(model.id).catch(() => undefined);
    const detected = preferPipelineTag(detectWith(config, `${where}.id ${model.id}`, sources.registry), tag);
    return withTasks(chooseTasks(detected, model.tasks, config), entry, { source: 'hub', location: model.id, modelId: model.id, dtypes: null, notes: [] });
  }
  const configPath = resolve(model.forge!);
  if (!existsSync(configPath) || !statSync(configPath).isFile()) throw new ModelNotFoundError(`${where}.forge ${model.forge}`, 'no such config.json file', 'Give the path of a config.json (a real model\'s), e.g. forge: fixtures/bert-base/config.json');
  const config = readJson(configPath, `${where}.forge`);
  const detected = chooseTasks(detectWith(config, `${where}.forge ${model.forge}`, sources.registry), model.tasks, config);
  const key = createHash('sha256').update(readFileSync(configPath)).update(model.tokenizer ? resolve(model.tokenizer) : '').digest('hex').slice(0, 12);
  const outDir = join(sources.forgeDir, key);
  const id = `forged/${segment(basename(resolve(configPath, '..')))}`;
  const tasks: BenchTask[] = [];
  for (const t of detected.tasks) {
    if (t.unsupported !== undefined) {
      tasks.push({ task: t.task, autoClass: t.autoClass, modelClass: t.modelClass, resolved: new UnsupportedError(t.unsupported) });
      continue;
    }
    const forged = await sources.forgeConfig({ configPath, outDir, task: t.task, ...(model.tokenizer ? { tokenizerDir: resolve(model.tokenizer) } : {}) });
    tasks.push({
      task: t.task,
      autoClass: t.autoClass,
      modelClass: t.modelClass,
      resolved: forged instanceof Error ? new UnsupportedError(`cannot forge ${t.task} at the dimensions of ${model.forge}: ${forged.message.split('\n')[0]}`) : { source: 'forged', location: join(outDir, forged.path), modelId: id, dtypes: null, notes: forged.notes ? [forged.notes] : [] },
    });
  }
  return { entry, modelId: id, family: detected.family, archKind: detected.archKind, tasks, how: detected.how };
}

type ChosenTask = Pick<BenchTask, 'task' | 'autoClass' | 'modelClass'> & { unsupported?: string };

/** The detected tasks, or the asked ones: an asked task the architecture lacks is kept as unsupported. */
function chooseTasks(detected: DetectedModel, asked: readonly string[] | undefined, config: DetectConfig): Omit<DetectedModel, 'tasks'> & { tasks: ChosenTask[] } {
  if (!asked) return detected;
  const tasks: ChosenTask[] = asked.map((task) => {
    const found = detected.tasks.find((t) => t.task === task);
    if (found) return found;
    const archs = detected.architectures.length ? detected.architectures.join(', ') : String(config.model_type);
    return { task, autoClass: '', modelClass: '', unsupported: `the model is ${archs}: it has no head for ${task} (it has ${detected.tasks.map((t) => t.task).join(', ')})` };
  });
  return { ...detected, tasks };
}

function withTasks(detected: Omit<DetectedModel, 'tasks'> & { tasks: ChosenTask[] }, entry: number, located: ResolvedSource): BenchModel {
  return {
    entry,
    modelId: located.modelId,
    family: detected.family,
    archKind: detected.archKind,
    how: detected.how,
    tasks: detected.tasks.map((t) => ({ task: t.task, autoClass: t.autoClass, modelClass: t.modelClass, resolved: t.unsupported ? new UnsupportedError(t.unsupported) : located })),
  };
}

async function forgedFamily(family: string, asked: readonly string[] | undefined, entry: number, sources: BenchSources): Promise<BenchModel> {
  const known = sources.registry.find((e) => e.family === family);
  if (!known) {
    detectWith({ model_type: family }, `models[${entry}].family`, sources.registry); // throws naming the nearest families
    throw new ModelNotFoundError(`models[${entry}].family ${family}`, 'not in the registry', 'See npm run generate -- --list');
  }
  const forgedDir = await sources.forgedDir();
  const tasks = (asked ?? known.tasks.map((t) => t.task)).map((task): BenchTask => {
    const t = known.tasks.find((k) => k.task === task);
    if (!t) return { task, autoClass: '', modelClass: '', resolved: new UnsupportedError(`family ${family} has no task ${task} (it has ${known.tasks.map((k) => k.task).join(', ')})`) };
    const resolved = resolveSource({ family, task }, { modelsDir: null, cacheDir: null, hubAvailable: false, forgedDir });
    const real = resolved.source === 'mock' ? new UnsupportedError(`${family} ${task}: ${resolved.notes.join('; ')} — bench mode measures real models only`) : resolved;
    return { task, autoClass: t.autoClass, modelClass: t.modelClass, resolved: real };
  });
  return { entry, modelId: `forged/${family}`, family, archKind: known.archKind, tasks, how: 'forged tiny model of the family' };
}

function readConfigIn(folder: string, what: string): DetectConfig {
  if (!existsSync(join(folder, 'config.json'))) throw new ModelNotFoundError(what, `no config.json in ${folder}`, 'Give a model folder in transformers.js layout (config.json, tokenizer files, onnx/model*.onnx).');
  return readJson(join(folder, 'config.json'), what);
}

function readJson(file: string, what: string): DetectConfig {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as DetectConfig;
  } catch (error) {
    throw new ModelNotFoundError(what, `${file} is not valid JSON (${(error as Error).message})`, 'Fix or replace the config.json.');
  }
}

/** A path segment the result key accepts (`[A-Za-z0-9._=-]`). */
function segment(name: string): string {
  return name.replace(/[^A-Za-z0-9._=-]/g, '-') || 'model';
}
