import type { BenchRow } from './row';

export function ratioText(r: BenchRow): string {
  if (r.ratio === null || !Number.isFinite(r.ratio)) return '—';
  return r.ratio >= 10 ? `${r.ratio.toFixed(0)}×` : `${r.ratio.toFixed(2)}×`;
}

export function verdict(r: BenchRow): string {
  return r.pass === null ? 'report' : r.pass ? 'PASS' : 'FAIL';
}

/** One plain-text table (also valid Markdown), so the README can paste it as is. */
export function formatTable(rows: readonly BenchRow[]): string {
  const head = ['case', 'ours', 'baseline', 'ratio', 'target', 'pass'];
  const body = rows.map((r) => [r.case, r.ours, r.baseline, ratioText(r), r.target, verdict(r)]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}
