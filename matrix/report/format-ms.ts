/** Milliseconds in at most five characters: 0.37, 3.12, 31.2, 312, 4210, 12s; '' for none. */
export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '';
  if (ms < 10) return ms.toFixed(2);
  if (ms < 100) return ms.toFixed(1);
  if (ms < 10_000) return ms.toFixed(0);
  return `${(ms / 1000).toFixed(0)}s`;
}
