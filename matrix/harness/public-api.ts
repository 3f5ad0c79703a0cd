/**
 * The harness's public type surface: what a generated test can call, with which argument and
 * return types — and nothing of the implementation. The generator type-checks generated files
 * against THIS file (generator/type-check-project.ts maps their `../matrix/harness/index.js`
 * import here), so a check parses a few hundred kB of declarations instead of the whole
 * transformers.js and Node type graph the implementation pulls in.
 *
 * Keep it type-only and lean: import only `Tensor` from transformers.js (the check resolves that
 * import to transformers.js's own tensor declaration), vitest types, and the type-only modules
 * model-api.ts, tensor-helpers.ts, types.ts. test/generator-public-api.test.ts asserts at compile
 * time (`npm run typecheck`) that index.ts exports these names with these types, and at run time
 * that it exports the same values; `npm run typecheck` also checks generated-tests/ against the
 * real implementation.
 */
import type { TestContext } from 'vitest';
import type { CellOutputs, MatrixModel } from './model-api.js';
import type { ArchKind, CellKey, CellResult } from './types.js';

export type {
  MatrixModel,
  ModelConfig,
  ModelInputs,
  ModelOutputs,
  CellOutputs,
  SpeechOutputs,
  TokenizeOptions,
  GenerateOptions,
  MeasureOptions,
  InvarianceTolerance,
} from './model-api.js';
export * as tensors from './tensor-helpers.js';
export type { CellResult, CellKey, ArchKind, Device, Dtype } from './types.js';

/** The family a generated file tests (use-family.ts's FamilySpec). */
export interface FamilySpec {
  family: string;
  archKind: ArchKind;
  /** Well-known Hub id (`org/name`), used for the local, cache and hub sources. */
  hubModelId?: string;
}

/** One task of the family, as its describe block names it (use-family.ts's TaskSpec). */
export interface TaskSpec {
  task: string;
  autoClass: string;
  modelClass: string;
}

/** A cell's test body: drives `m`, returns named outputs for the parity check. */
export type CellBody = (m: MatrixModel) => Promise<CellOutputs | void>;

/** A cell run outside vitest: its result and the error that ended it, if any. */
export interface CellOutcome {
  result: CellResult;
  error?: unknown;
}

/** A family's cells, grouped by task (use-family.ts's Family). */
export interface Family {
  readonly spec: FamilySpec;
  /** The cells of one task: available node devices × dtypes, cpu/fp32 first, then web devices × dtypes when the run has the web platform. */
  cells(task: TaskSpec): Cell[];
}

/** One device × dtype cell of a task (use-family.ts's Cell). */
export interface Cell {
  readonly key: CellKey;
  /** Test title: `🚀 node cpu fp32 (forged)` or `🔷 mock node cpu fp32`. */
  readonly title: string;
  /** Runs the cell and returns its outcome without touching vitest. */
  execute(body: CellBody): Promise<CellOutcome>;
  /** Runs the cell inside a vitest test and records its CellResult in `ctx.task.meta.matrix`. */
  run(ctx: TestContext, body: CellBody): Promise<void>;
  /** Records an `unsupported` cell for a task the harness has no driver for, and skips the test. */
  noDriver(ctx: TestContext): void;
  /** Records an `unsupported` cell with `reason`, and skips the test. */
  unsupported(ctx: TestContext, reason: string): void;
}

/** Prepares a family's cells (generated tests pass no options; see use-family.ts for the seams). */
export declare function useFamily(spec: FamilySpec): Promise<Family>;
