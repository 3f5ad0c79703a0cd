/** `matrix badges --out DIR`: one SVG per badge spec, made with badge-maker, plus an index.md to paste. */
import { join } from 'node:path';
import { makeBadge } from 'badge-maker';
import { badgeSpecs } from './badge-specs.js';
import { checkOutputDir, refuseDatabaseOutput, writeCheckedFile } from './check-output-path.js';
import { loadReport } from './load-report.js';
import { openReadonly } from './open-readonly.js';
import type { ReportFilters } from './report-filters.js';

export interface BadgesOptions {
  dbPath: string;
  runId?: string;
  filters: ReportFilters;
  outDir: string;
  style?: 'flat' | 'flat-square' | 'plastic' | 'for-the-badge';
}

/** Writes the badges and returns the absolute paths written. */
export async function writeBadges(options: BadgesOptions): Promise<string[]> {
  const dir = checkOutputDir('--out', options.outDir);
  const store = await openReadonly(options.dbPath);
  let data;
  try {
    data = await loadReport(store, options.runId, options.filters);
  } finally {
    store.close();
  }
  const write = (path: string, text: string): void => {
    refuseDatabaseOutput('--out', path, options.dbPath);
    writeCheckedFile('--out', path, text);
  };
  const written: string[] = [];
  const index = [`# model-matrix badges — run ${data.run.runId}`, ''];
  for (const spec of badgeSpecs(data)) {
    const svg = makeBadge({ label: spec.label, message: spec.message, color: spec.color, style: options.style ?? 'flat' });
    const path = join(dir, spec.file);
    write(path, svg);
    written.push(path);
    index.push(`![${spec.label}: ${spec.message}](${spec.file})`);
  }
  write(join(dir, 'index.md'), `${index.join('\n')}\n`);
  return written;
}
