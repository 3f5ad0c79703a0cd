/**
 * The harness: the ONE module generated tests import (besides vitest).
 *
 * ```ts
 * const fam = await useFamily({ family: 'bert', archKind: 'encoder-only', hubModelId: 'Xenova/bert-base-uncased' });
 * describe('bert · fill-mask (BertForMaskedLM)', () => {
 *   for (const cell of fam.cells({ task: 'fill-mask', autoClass: 'AutoModelForMaskedLM', modelClass: 'BertForMaskedLM' })) {
 *     it(cell.title, (ctx) => cell.run(ctx, async (m) => {
 *       const inputs = await m.tokenize(['The capital of France is [MASK].']);
 *       const out = await m.measure(() => m.forward(inputs), { items: 1 });
 *       expect(out.logits.dims).toEqual([1, inputs.input_ids.dims[1], m.config.vocab_size]);
 *       return { logits: out.logits }; // compared with the cpu/fp32 reference → parity
 *     }));
 *   }
 * });
 * ```
 */
export { useFamily, Family, Cell, type FamilySpec, type TaskSpec, type FamilyOptions } from './use-family.js';
export type { CellBody, CellOutcome } from './run-cell.js';
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
/** Tensor views for stating invariants: `tensors.batchRow`, `tensors.firstPositions`, `tensors.newTokens`, ... */
export * as tensors from './tensor-helpers.js';
export type { CellResult, CellKey, ArchKind, Device, Dtype } from './types.js';
