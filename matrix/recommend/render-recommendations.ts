/** Recommendations as text: terminal lines or a Markdown section ("Recommended"), the same content. */
import type { Choice, Recommendation } from './recommendation.js';

const name = (c: Choice): string => `${c.device}/${c.dtype}`;

/** Plain lines, one block per model × task × platform (`compact`: one line each); `passedOver` lists the cells left out, with why. */
export function renderRecommendationLines(recommendations: readonly Recommendation[], options: { passedOver?: boolean; compact?: boolean } = {}): string[] {
  const out: string[] = [];
  if (options.compact) {
    // One line per model × task × platform, for the end of `matrix report`.
    for (const r of recommendations) {
      const extra = [r.runnerUp && `runner-up ${name(r.runnerUp)}`, r.fallbacks.length > 0 && `fallbacks ${r.fallbacks.map(name).join(' → ')}`, r.auto && r.auto.verdict !== 'agrees' && `auto ${r.auto.verdict}`].filter(Boolean);
      out.push(`${r.family} · ${r.task} · ${r.platform}: ${r.pick ? name(r.pick) : r.why}${extra.length > 0 ? ` (${extra.join('; ')})` : ''}`);
    }
    return out;
  }
  for (const r of recommendations) {
    out.push(`${r.family} · ${r.task} · ${r.modelId} · ${r.platform}: ${r.pick ? `use ${name(r.pick)}` : 'no recommendation'}`);
    out.push(`  why: ${r.why}`);
    if (r.runnerUp) out.push(`  runner-up: ${name(r.runnerUp)}`);
    if (r.fallbacks.length > 0) out.push(`  fallbacks (transformers.js device order): ${r.fallbacks.map(name).join(' → ')}`);
    for (const caveat of r.caveats) out.push(`  note: ${caveat}`);
    if (r.auto) out.push(`  auto: ${r.auto.verdict}: ${r.auto.line}`);
    if (options.passedOver) for (const p of r.passedOver) out.push(`  passed over ${p.device}/${p.dtype}: ${p.reason}`);
  }
  return out;
}

/** A Markdown "Recommended" section: a table of picks, then the lines of why and the passed-over cells. */
export function renderRecommendationsMarkdown(recommendations: readonly Recommendation[], escape: (text: string) => string = (t) => t.replace(/\|/g, '\\|')): string[] {
  if (recommendations.length === 0) return ['### Recommended', '', 'No cells to recommend from.'];
  const rows = recommendations.map((r) =>
    `| ${[r.family, r.task, r.platform, r.pick ? `**${name(r.pick)}**` : '—', r.runnerUp ? name(r.runnerUp) : '—', r.fallbacks.map(name).join(' → ') || '—', r.auto ? r.auto.verdict : '—', r.why].map((v, i) => (i === 3 ? v : escape(v))).join(' | ')} |`);
  const out = ['### Recommended', '', '| family | task | platform | pick | runner-up | fallbacks | auto | why |', '| --- | --- | --- | --- | --- | --- | --- | --- |', ...rows];
  const notes = recommendations.flatMap((r) => [...r.caveats.map((c) => `- ${escape(`${r.family} ${r.task}: ${c}`)}`), ...(r.auto && r.auto.verdict !== 'agrees' ? [`- ${escape(`${r.family} ${r.task}: ${r.auto.line}`)}`] : [])]);
  if (notes.length > 0) out.push('', ...[...new Set(notes)]);
  return out;
}
