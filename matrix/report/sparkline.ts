/** A one-line chart of a series with ▁▂▃▄▅▆▇█ (min to max); gaps (null) are spaces. */
export function sparkline(values: readonly (number | null)[]): string[] {
  const bars = '▁▂▃▄▅▆▇█';
  const present = values.filter((v): v is number => v !== null);
  const lo = Math.min(...present);
  const hi = Math.max(...present);
  return values.map((v) => {
    if (v === null) return ' ';
    if (hi === lo) return bars[3]!;
    return bars[Math.min(7, Math.floor(((v - lo) / (hi - lo)) * 8))]!;
  });
}
