/**
 * A small hand-written SVG line chart (no dependency): log2 x axis (input size doubles along the
 * scale series), linear y from 0, one coloured line per series with min–max whiskers, a legend,
 * an optional dashed reference line (e.g. a memory limit), and × marks where a series failed.
 */

export interface Point { x: number; y: number; yMin?: number; yMax?: number }

export interface Series {
  name: string;
  color: string;
  points: Point[];
  /** Inputs where this series did not complete, marked × at the top of the plot. */
  failures?: { x: number; label: string }[];
  dashed?: boolean;
}

export interface ChartOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  series: Series[];
  reference?: { y: number; label: string };
  /** Appended to x values in the legend's failure notes, e.g. ' GB'. */
  xUnit?: string;
  width?: number;
  height?: number;
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
/** Compact number: 3 significant digits, no trailing zeros (0.25, 1, 12.5, 480). */
const fmt = (v: number): string => (Math.abs(v) >= 1000 ? v.toFixed(0) : String(Number(v.toPrecision(3))));

function niceStep(range: number, ticks: number): number {
  const raw = range / ticks;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const n = raw / mag;
  return (n <= 1 ? 1 : n <= 2 ? 2 : n <= 5 ? 5 : 10) * mag;
}

export function lineChart(o: ChartOptions): string {
  const W = o.width ?? 760;
  const H = o.height ?? 440;
  const legendW = 250;
  const m = { l: 70, r: legendW + 20, t: 46, b: 56 };
  const pw = W - m.l - m.r;
  const ph = H - m.t - m.b;
  const xs = [...new Set(o.series.flatMap((s) => [...s.points.map((p) => p.x), ...(s.failures ?? []).map((f) => f.x)]))].sort((a, b) => a - b);
  const ys = o.series.flatMap((s) => s.points.map((p) => p.yMax ?? p.y));
  if (o.reference) ys.push(o.reference.y);
  const yStep = niceStep(Math.max(...ys, 1) * 1.1, 6);
  const yTop = Math.ceil((Math.max(...ys, 1) * 1.1) / yStep) * yStep;
  const lx0 = Math.log2(xs[0] ?? 1);
  const lx1 = Math.log2(xs[xs.length - 1] ?? 2);
  const span = lx1 - lx0 || 1;
  const X = (x: number): number => m.l + (xs.length <= 1 ? pw / 2 : ((Math.log2(x) - lx0) / span) * pw);
  const Y = (y: number): number => m.t + ph - (y / yTop) * ph;

  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="Helvetica, Arial, sans-serif" font-size="12">`);
  out.push(`<rect width="${W}" height="${H}" fill="white"/>`);
  out.push(`<text x="${m.l}" y="24" font-size="15" font-weight="bold">${esc(o.title)}</text>`);
  for (let y = 0; y <= yTop + 1e-9; y += yStep) {
    out.push(`<line x1="${m.l}" x2="${m.l + pw}" y1="${Y(y)}" y2="${Y(y)}" stroke="#e5e5e5"/>`);
    out.push(`<text x="${m.l - 8}" y="${Y(y) + 4}" text-anchor="end" fill="#444">${fmt(y)}</text>`);
  }
  for (const x of xs) {
    out.push(`<line x1="${X(x)}" x2="${X(x)}" y1="${m.t}" y2="${m.t + ph}" stroke="#f0f0f0"/>`);
    out.push(`<text x="${X(x)}" y="${m.t + ph + 18}" text-anchor="middle" fill="#444">${fmt(x)}</text>`);
  }
  out.push(`<rect x="${m.l}" y="${m.t}" width="${pw}" height="${ph}" fill="none" stroke="#888"/>`);
  out.push(`<text x="${m.l + pw / 2}" y="${H - 14}" text-anchor="middle">${esc(o.xLabel)}</text>`);
  out.push(`<text transform="translate(18 ${m.t + ph / 2}) rotate(-90)" text-anchor="middle">${esc(o.yLabel)}</text>`);
  if (o.reference) {
    const y = Y(o.reference.y);
    out.push(`<line x1="${m.l}" x2="${m.l + pw}" y1="${y}" y2="${y}" stroke="#c00" stroke-dasharray="6 4"/>`);
    out.push(`<text x="${m.l + pw - 4}" y="${y - 5}" text-anchor="end" fill="#c00">${esc(o.reference.label)}</text>`);
  }
  for (const s of o.series) {
    const pts = [...s.points].sort((a, b) => a.x - b.x);
    const dash = s.dashed ? ' stroke-dasharray="5 3"' : '';
    if (pts.length > 1) out.push(`<polyline fill="none" stroke="${s.color}" stroke-width="2"${dash} points="${pts.map((p) => `${X(p.x).toFixed(1)},${Y(p.y).toFixed(1)}`).join(' ')}"/>`);
    for (const p of pts) {
      if (p.yMin !== undefined && p.yMax !== undefined && p.yMax > p.yMin) {
        out.push(`<line x1="${X(p.x)}" x2="${X(p.x)}" y1="${Y(p.yMin)}" y2="${Y(p.yMax)}" stroke="${s.color}" stroke-width="1"/>`);
      }
      out.push(`<circle cx="${X(p.x).toFixed(1)}" cy="${Y(p.y).toFixed(1)}" r="3.5" fill="${s.color}"><title>${esc(`${s.name}: ${fmt(p.y)} at ${fmt(p.x)}`)}</title></circle>`);
    }
    for (const f of s.failures ?? []) {
      const cx = X(f.x);
      const cy = m.t + 10;
      out.push(`<path d="M${cx - 5},${cy - 5} L${cx + 5},${cy + 5} M${cx - 5},${cy + 5} L${cx + 5},${cy - 5}" stroke="${s.color}" stroke-width="2.5"><title>${esc(`${s.name}: ${f.label} at ${fmt(f.x)}`)}</title></path>`);
    }
  }
  o.series.forEach((s, i) => {
    const y = m.t + 8 + i * 20;
    const x = m.l + pw + 18;
    const dash = s.dashed ? ' stroke-dasharray="5 3"' : '';
    out.push(`<line x1="${x}" x2="${x + 22}" y1="${y}" y2="${y}" stroke="${s.color}" stroke-width="2"${dash}/>`);
    const failed = s.failures && s.failures.length > 0 ? ` (× ${s.failures.map((f) => `${f.label} at ${fmt(f.x)}${o.xUnit ?? ''}`).join(', ')})` : '';
    out.push(`<text x="${x + 28}" y="${y + 4}">${esc(s.name + failed)}</text>`);
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

export interface BarSeries {
  name: string;
  color: string;
  /** One value per category; null: not measured or failed (no bar, the note says so). */
  values: (number | null)[];
}

export interface BarChartOptions {
  title: string;
  /** One row of bars per category (e.g. a benchmark question), top to bottom. */
  categories: string[];
  series: BarSeries[];
  xLabel: string;
  /** Dashed vertical lines (a target, parity). */
  references?: { x: number; label: string }[];
  /** Appended to each bar's value label, e.g. '×' or ' MB'. */
  unit?: string;
  width?: number;
}

/** Horizontal grouped bars from 0: a row per category, a bar per series, each labelled with its value. */
export function barChart(o: BarChartOptions): string {
  const W = o.width ?? 760;
  const barH = 12;
  const rowH = barH * Math.max(1, o.series.length) + 10;
  const labelW = 270;
  const refs = o.references ?? [];
  const m = { l: labelW + 10, r: 70, t: 46 + 20 * o.series.length + 14 * refs.length, b: 46 };
  const pw = W - m.l - m.r;
  const ph = rowH * o.categories.length;
  const H = m.t + ph + m.b;
  const all = o.series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  for (const r of o.references ?? []) all.push(r.x);
  const top = Math.max(...all, 1) * 1.08;
  const step = niceStep(top, 6);
  const xTop = Math.ceil(top / step) * step;
  const X = (x: number): number => m.l + (x / xTop) * pw;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="Helvetica, Arial, sans-serif" font-size="12">`);
  out.push(`<rect width="${W}" height="${H}" fill="white"/>`);
  out.push(`<text x="10" y="24" font-size="15" font-weight="bold">${esc(o.title)}</text>`);
  o.series.forEach((s, i) => {
    const y = 40 + i * 20;
    out.push(`<rect x="10" y="${y - 9}" width="14" height="10" fill="${s.color}"/>`);
    out.push(`<text x="30" y="${y}">${esc(s.name)}</text>`);
  });
  for (let x = 0; x <= xTop + 1e-9; x += step) {
    out.push(`<line x1="${X(x)}" x2="${X(x)}" y1="${m.t}" y2="${m.t + ph}" stroke="#e5e5e5"/>`);
    out.push(`<text x="${X(x)}" y="${m.t + ph + 16}" text-anchor="middle" fill="#444">${fmt(x)}</text>`);
  }
  out.push(`<text x="${m.l + pw / 2}" y="${H - 10}" text-anchor="middle">${esc(o.xLabel)}</text>`);
  o.categories.forEach((c, i) => {
    const y0 = m.t + i * rowH + 5;
    out.push(`<text x="${m.l - 8}" y="${y0 + (rowH - 10) / 2 + 4}" text-anchor="end">${esc(c)}</text>`);
    o.series.forEach((s, k) => {
      const v = s.values[i];
      const y = y0 + k * barH;
      if (v === null) {
        out.push(`<text x="${m.l + 4}" y="${y + barH - 2}" fill="#999" font-size="10">${esc(`${s.name}: not measured`)}</text>`);
        return;
      }
      out.push(`<rect x="${m.l}" y="${y}" width="${Math.max(0.5, X(v) - m.l).toFixed(1)}" height="${barH - 1}" fill="${s.color}"><title>${esc(`${s.name}, ${c}: ${fmt(v)}${o.unit ?? ''}`)}</title></rect>`);
      out.push(`<text x="${X(v) + 4}" y="${y + barH - 2}" font-size="10" fill="#333">${esc(`${fmt(v)}${o.unit ?? ''}`)}</text>`);
    });
  });
  out.push(`<line x1="${m.l}" x2="${m.l}" y1="${m.t}" y2="${m.t + ph}" stroke="#888"/>`);
  // labels stacked upwards, so that those of nearby lines do not overlap
  refs.forEach((r, i) => {
    const top = m.t - 6 - 14 * (refs.length - 1 - i);
    out.push(`<line x1="${X(r.x)}" x2="${X(r.x)}" y1="${top}" y2="${m.t + ph}" stroke="#c00" stroke-dasharray="6 4"/>`);
    out.push(`<text x="${X(r.x) + 3}" y="${top - 2}" fill="#c00" font-size="11">${esc(r.label)}</text>`);
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
