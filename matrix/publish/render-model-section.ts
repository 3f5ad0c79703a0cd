/**
 * The body of a model card's model-matrix section for one model: a badge, where and with what it was
 * measured, and a table of device × dtype with status, p50 and parity, latest result per configuration.
 * Deterministic, so republishing the same results changes nothing.
 */
import type { LatestConfig } from './latest-configs.js';

const STATUS_MARK: Record<string, string> = { pass: '✅ pass', mismatch: '⚠️ mismatch', fail: '❌ fail', unsupported: '➖ unsupported', skip: '⏭️ skip' };

/** The section body for `configs` (all of one model); `datasetRepo` is linked when given. */
export function renderModelSection(configs: readonly LatestConfig[], datasetRepo?: string): string {
  const sorted = [...configs].sort((a, b) => order(a).localeCompare(order(b)));
  const pass = sorted.filter((c) => c.cell.status === 'pass').length;
  const color = pass === sorted.length ? 'brightgreen' : pass === 0 ? 'red' : 'yellow';
  const badge = `![transformers.js](https://img.shields.io/badge/${encodeURIComponent(`transformers.js-${pass}/${sorted.length} configurations pass-${color}`)})`;
  const versions = [...new Set(sorted.map((c) => `transformers.js ${c.run.transformersVersion}, onnxruntime ${c.run.ortVersion}`))].join('; ');
  const machines = [...new Set(sorted.map((c) => `\`${c.machine}\``))].join(', ');
  const latest = sorted.reduce((a, b) => (a.run.startedAt >= b.run.startedAt ? a : b));
  const rows = sorted.map((c) => {
    const m = 'measurements' in c.cell ? c.cell.measurements : undefined;
    const p50 = m?.latency?.p50Ms;
    const parity = 'parity' in c.cell && c.cell.parity ? `${c.cell.parity.cosine.toFixed(4)}${c.cell.parity.ok ? '' : ' (out of tolerance)'}` : c.cell.status === 'pass' ? 'reference' : '—';
    const note = c.cell.status === 'fail' ? ` (${c.cell.stage}: ${c.cell.errorType})` : '';
    return `| ${c.cell.key.platform}/${c.cell.key.device} | ${c.cell.key.dtype} | ${c.cell.key.task} | b${c.cell.key.batchSize} | ${c.machine} | ${STATUS_MARK[c.cell.status]}${note} | ${p50 === undefined ? '—' : p50.toFixed(2)} | ${parity} |`;
  });
  return [
    '## transformers.js compatibility (model-matrix)',
    '',
    badge,
    '',
    `Measured with ${versions} on ${machines}; latest run \`${latest.run.runId}\` (${latest.run.startedAt.slice(0, 10)}).` +
      (datasetRepo ? ` All results: [datasets/${datasetRepo}](https://huggingface.co/datasets/${datasetRepo}).` : ''),
    'Parity is the cosine similarity of the outputs with the node/cpu/fp32 reference; a run that disagrees is a mismatch, not a pass.',
    '',
    '| device | dtype | task | batch | machine | status | p50 (ms) | parity |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
    'This section is written by `matrix publish --model-cards`; edits inside it are replaced on the next publish.',
  ].join('\n');
}

function order(c: LatestConfig): string {
  const dtypes = ['fp32', 'fp16', 'q8', 'q4'];
  return `${c.cell.key.platform}/${c.cell.key.device}\u0000${dtypes.indexOf(c.cell.key.dtype)}\u0000${c.cell.key.task}\u0000${String(c.cell.key.batchSize).padStart(4, '0')}\u0000${c.machine}`;
}
