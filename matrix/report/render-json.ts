/** The report as JSON data: run, filters, counts, devices, cells and speedups. */
import type { ReportData } from './load-report.js';

/** Version of this JSON shape; bump when a field changes meaning. */
export const REPORT_JSON_VERSION = 1;

export function renderJson(data: ReportData): string {
  return `${JSON.stringify({ reportVersion: REPORT_JSON_VERSION, ...data }, null, 2)}\n`;
}
