// The accuracy-per-iteration chart (like the paper's Figure 3) as a hand-written SVG: one line per
// series, a point per iteration, grid, axes, legend. Deterministic: the same numbers give the same
// bytes.
export interface ChartSeries {
  label: string;
  /** Percent after iteration 0, 1, ... */
  values: readonly number[];
  dashed?: boolean;
}

const WIDTH = 640;
const HEIGHT = 400;
const MARGIN = { left: 60, right: 20, top: 44, bottom: 56 };
const COLOURS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728'];

export function accuracyChart(title: string, series: readonly ChartSeries[]): string {
  const all = series.flatMap((s) => s.values);
  const points = Math.max(1, ...series.map((s) => s.values.length));
  const step = niceStep(all.length === 0 ? 10 : Math.max(...all) - Math.min(...all));
  const low = all.length === 0 ? 0 : Math.max(0, Math.floor((Math.min(...all) - step / 2) / step) * step);
  const high = all.length === 0 ? 100 : Math.min(100, Math.ceil((Math.max(...all) + step / 2) / step) * step);
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (i: number): number => MARGIN.left + (points === 1 ? plotW / 2 : (i * plotW) / (points - 1));
  const y = (v: number): number => MARGIN.top + plotH - ((v - low) / (high - low || 1)) * plotH;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
    `<text x="${WIDTH / 2}" y="22" text-anchor="middle" font-size="15">${escape(title)}</text>`,
  ];
  for (let v = low; v <= high + 1e-9; v += step) {
    const yy = fmt(y(v));
    out.push(
      `<line x1="${MARGIN.left}" y1="${yy}" x2="${WIDTH - MARGIN.right}" y2="${yy}" stroke="#e0e0e0"/>`,
      `<text x="${MARGIN.left - 8}" y="${fmt(y(v) + 4)}" text-anchor="end">${fmt(v)}</text>`,
    );
  }
  for (let i = 0; i < points; i++) {
    out.push(`<text x="${fmt(x(i))}" y="${HEIGHT - MARGIN.bottom + 18}" text-anchor="middle">${i}</text>`);
  }
  const axisY = HEIGHT - MARGIN.bottom;
  out.push(
    `<line x1="${MARGIN.left}" y1="${axisY}" x2="${WIDTH - MARGIN.right}" y2="${axisY}" stroke="#333333"/>`,
    `<line x1="${MARGIN.left}" y1="${MARGIN.top}" x2="${MARGIN.left}" y2="${axisY}" stroke="#333333"/>`,
    `<text x="${MARGIN.left + plotW / 2}" y="${HEIGHT - 14}" text-anchor="middle">debugging iteration</text>`,
    `<text x="16" y="${MARGIN.top + plotH / 2}" text-anchor="middle" transform="rotate(-90 16 ${MARGIN.top + plotH / 2})">pass@1 (%)</text>`,
  );
  series.forEach((s, n) => {
    const colour = COLOURS[n % COLOURS.length];
    const path = s.values.map((v, i) => `${fmt(x(i))},${fmt(y(v))}`).join(' ');
    const dash = s.dashed ? ' stroke-dasharray="6 4"' : '';
    out.push(`<polyline points="${path}" fill="none" stroke="${colour}" stroke-width="2"${dash}/>`);
    s.values.forEach((v, i) => {
      out.push(
        `<circle cx="${fmt(x(i))}" cy="${fmt(y(v))}" r="3.5" fill="${colour}"><title>${escape(s.label)}: iteration ${i}, ${v.toFixed(1)}%</title></circle>`,
      );
    });
    // Bottom right: rising curves leave it empty.
    const ly = HEIGHT - MARGIN.bottom - 14 - (series.length - 1 - n) * 18;
    const lx = WIDTH - MARGIN.right - 180;
    out.push(
      `<line x1="${lx}" y1="${ly}" x2="${lx + 24}" y2="${ly}" stroke="${colour}" stroke-width="2"${dash}/>`,
      `<text x="${lx + 30}" y="${ly + 4}">${escape(s.label)}</text>`,
    );
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}

/** Grid spacing: 1, 2, 5 or 10 points, about five lines over the range. */
function niceStep(range: number): number {
  for (const step of [1, 2, 5, 10]) if (range / step <= 6) return step;
  return 20;
}

function fmt(n: number): string {
  return String(Math.round(n * 10) / 10);
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
