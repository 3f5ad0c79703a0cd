/**
 * The report room's door for other rooms (commits, publish, server): reading a store, comparing runs,
 * and the table renderers. The CLI commands import their modules directly.
 */
export { openReadonly, type ReadonlyStore } from './open-readonly.js';
export { compareRuns, type CompareOptions, type CompareResult, type LatencyChange, type StatusChange } from './compare-runs.js';
export { resolveRef, type ResolvedRef } from './resolve-ref.js';
export { cellState, type CellState } from './cell-state.js';
export { markdownTable, escapeMarkdownCell } from './markdown-table.js';
export { textTable } from './text-table.js';
export { formatMs } from './format-ms.js';
export { cellLabel } from './cell-label.js';
export { regressionCount } from './render-compare.js';
