/**
 * The dataset card (`README.md`): front matter whose `configs` points the dataset viewer at the history
 * Parquet, then a summary table (families × devices, latest result per configuration), the layout with the
 * machine label, how the results were produced, and what real, mock and forged mean.
 */
import { stringify } from 'yaml';
import type { LatestConfig } from './latest-configs.js';

/** The Parquet the viewer loads, relative to the repo root. */
export const HISTORY_PATH = 'data/results.parquet';
export const FORMAT_PATH = 'data/format.json';

/** The card's text for `repo`, summarising `latest` (every configuration of every machine). */
export function renderDatasetCard(repo: string, latest: readonly LatestConfig[], history: { rows: number; runs: number }): string {
  const front = stringify({
    pretty_name: `model-matrix: ${repo}`,
    tags: ['transformers.js', 'onnx', 'benchmark', 'compatibility'],
    configs: [{ config_name: 'results', data_files: [{ split: 'train', path: HISTORY_PATH }], default: true }],
  });
  const machines = [...new Set(latest.map((l) => l.machine))].sort();
  return [
    '---',
    front.trimEnd(),
    '---',
    '',
    `# model-matrix results: ${repo}`,
    '',
    'Which [transformers.js](https://github.com/huggingface/transformers.js) model family works on which hardware, in which',
    'dtype, how fast, and whether its outputs agree with the CPU reference. Written by model-matrix\'s `matrix publish`;',
    `pull it into a local store with \`matrix pull --repo ${repo}\` and compare it with your machine (\`matrix compare\`).`,
    '',
    `${latest.length} configurations (latest result of each) from ${machines.length} machine(s): ${machines.map((m) => `\`${m}\``).join(', ') || 'none'};`,
    `${history.rows} results of ${history.runs} runs in the history.`,
    '',
    '## Summary (latest result per configuration)',
    '',
    'Each cell: configurations that pass on real models / all configurations of the family on that device (dtypes × machines).',
    'Mock results never count as passing.',
    '',
    ...summaryTable(latest),
    '',
    '## Files',
    '',
    `- \`${HISTORY_PATH}\`: every published result (one row per run × configuration, the run's columns as \`run_*\`), zstd Parquet; the dataset viewer loads it.`,
    `- \`${FORMAT_PATH}\`: format version, schema version and columns of the Parquet, and the writer's version.`,
    '- `{task}/{org}/{model}/{params}.json`: the latest result of each configuration, one JSON document per file, a superset of the',
    '  [transformers.js benchmark leaderboard](https://huggingface.co/spaces/whitphx/transformersjs-bench) documents.',
    '  `params` is `{platform}_warm_{device}_{dtype}_b{batch}[_s{seq}][_i{size}][_{browser}]_{machine}`: the last part is the',
    '  **machine label** (`--machine`, `MATRIX_MACHINE`, or derived from the CPU/GPU model, cores and memory, e.g. `amd-epyc-7b13-2c-24gb`),',
    '  so results from two machines sit side by side and never overwrite each other.',
    '',
    '## How the results were produced',
    '',
    'model-matrix generates one vitest file per model family, runs each cell (family × task × device × dtype) through',
    'transformers.js and ONNX Runtime: cold and warm load, first inference, warm-up, then timed samples until a minimum count and',
    'time (profile `quick` or `full`); latency percentiles, throughput and peak RSS; the outputs are compared with the node/cpu/fp32',
    'reference (cosine, max abs diff, top-1 agreement). A cell that runs but disagrees is `mismatch`, not `pass`. Failed, mismatched',
    'and unsupported cells are published too, with their stage and error type.',
    '',
    '## real, mock, forged',
    '',
    '- **real** (`inference = real`): ONNX Runtime ran the model graph. `source` says where the files came from: `hub`, `cache`,',
    '  `local`, or `forged`.',
    '- **forged** (`source = forged`): a tiny random-weight model built offline in the transformers.js layout. It shows that the',
    '  architecture loads and runs on the device; its latencies are not those of a real checkpoint.',
    '- **mock** (`inference = mock`): no model files were reachable; the same assertions ran on a deterministic shape-correct stand-in.',
    '  A mock result says nothing about the device and is never counted as working.',
    '',
  ].join('\n');
}

function summaryTable(latest: readonly LatestConfig[]): string[] {
  const devices = [...new Set(latest.map((l) => `${l.cell.key.platform}/${l.cell.key.device}`))].sort();
  const families = [...new Set(latest.map((l) => l.cell.key.family))].sort();
  if (families.length === 0) return ['(no results yet)'];
  const counts = new Map<string, { pass: number; total: number }>();
  for (const l of latest) {
    const id = `${l.cell.key.family}\u0000${l.cell.key.platform}/${l.cell.key.device}`;
    const c = counts.get(id) ?? { pass: 0, total: 0 };
    c.total += 1;
    if (l.cell.status === 'pass' && l.cell.inference === 'real') c.pass += 1;
    counts.set(id, c);
  }
  const rows = families.map((family) => {
    const cells = devices.map((d) => {
      const c = counts.get(`${family}\u0000${d}`);
      return c ? `${c.pass === c.total ? '✅' : c.pass === 0 ? '❌' : '⚠️'} ${c.pass}/${c.total}` : '—';
    });
    return `| ${family} | ${cells.join(' | ')} |`;
  });
  return [`| family | ${devices.join(' | ')} |`, `| --- | ${devices.map(() => '---').join(' | ')} |`, ...rows];
}
