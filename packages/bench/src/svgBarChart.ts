/** One group of bars (a scenario or a server), one bar per series; a missing value leaves a gap. */
export interface BarGroup {
  label: string;
  values: Array<number | undefined>;
}

/** A grouped bar chart: title, unit of the values, the series' names and the groups. */
export interface BarChart {
  title: string;
  unit: string;
  series: string[];
  groups: BarGroup[];
  /** A logarithmic axis (powers of ten), for values that span several orders of magnitude. */
  log?: boolean;
}

const COLORS = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];
const BAR = 14;
const GAP = 18;
const LEFT = 60;
const TOP = 70;
const PLOT_HEIGHT = 240;
const LEGEND_WIDTH = 210;

const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A round upper bound for the axis: 1, 2 or 5 times a power of ten. */
function niceMax(value: number): number {
  const power = 10 ** Math.floor(Math.log10(value || 1));
  return ([1, 2, 5, 10].find((step) => step * power >= value) ?? 10) * power;
}

const label = (value: number): string => (value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toPrecision(2));

/** The chart as a standalone SVG document: bars with their values, a y axis, a legend. */
export function svgBarChart(chart: BarChart): string {
  const present = chart.groups.flatMap((group) => group.values.filter((value): value is number => value !== undefined && Number.isFinite(value)));
  const top = Math.max(0, ...present);
  const max = chart.log ? 10 ** Math.ceil(Math.log10(top || 1)) : niceMax(top);
  const min = chart.log ? 10 ** Math.floor(Math.log10(Math.min(...present.filter((value) => value > 0), max))) : 0;
  const decades = Math.max(1, Math.round(Math.log10(max / (min || 1))));
  // Wide enough for a label of about ten characters under each group.
  const groupWidth = Math.max(chart.series.length * BAR + GAP, 72);
  const width = Math.max(LEFT + chart.groups.length * groupWidth + 20, LEFT + 3 * LEGEND_WIDTH + 20, LEFT + chart.title.length * 8);
  const legendTop = TOP + PLOT_HEIGHT + 50;
  const height = legendTop + Math.ceil(chart.series.length / 3) * 18 + 10;
  const fraction = (value: number) => (chart.log ? Math.log10(Math.max(value, min) / min) / decades : value / max);
  const y = (value: number) => TOP + PLOT_HEIGHT - fraction(value) * PLOT_HEIGHT;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="${LEFT}" y="22" font-size="14" font-weight="bold">${escape(chart.title)}</text>`,
  ];
  const ticks = chart.log ? decades : 4;
  for (let tick = 0; tick <= ticks; tick++) {
    const value = chart.log ? min * 10 ** tick : (max * tick) / 4;
    parts.push(`<line x1="${LEFT}" x2="${width - 10}" y1="${y(value)}" y2="${y(value)}" stroke="#ddd"/>`);
    parts.push(`<text x="${LEFT - 5}" y="${y(value) + 4}" text-anchor="end">${label(value)}</text>`);
  }
  parts.push(`<text x="12" y="${TOP + PLOT_HEIGHT / 2}" transform="rotate(-90 12 ${TOP + PLOT_HEIGHT / 2})" text-anchor="middle">${escape(chart.unit)}</text>`);
  chart.groups.forEach((group, g) => {
    const x0 = LEFT + (groupWidth - chart.series.length * BAR) / 2 + g * groupWidth;
    group.values.forEach((value, s) => {
      if (value === undefined || !Number.isFinite(value)) return;
      const x = x0 + s * BAR;
      parts.push(`<rect x="${x}" y="${y(value)}" width="${BAR - 2}" height="${TOP + PLOT_HEIGHT - y(value)}" fill="${COLORS[s % COLORS.length]}"><title>${escape(`${group.label}, ${chart.series[s]}: ${label(value)} ${chart.unit}`)}</title></rect>`);
      const [tx, ty] = [x + BAR / 2 + 2, y(value) - 3];
      parts.push(`<text x="${tx}" y="${ty}" font-size="9" transform="rotate(-90 ${tx} ${ty})">${label(value)}</text>`);
    });
    parts.push(`<text x="${x0 + (chart.series.length * BAR) / 2}" y="${TOP + PLOT_HEIGHT + 16}" text-anchor="middle">${escape(group.label)}</text>`);
  });
  chart.series.forEach((name, s) => {
    const x = LEFT + (s % 3) * LEGEND_WIDTH;
    const top = legendTop + Math.floor(s / 3) * 18;
    parts.push(`<rect x="${x}" y="${top - 9}" width="10" height="10" fill="${COLORS[s % COLORS.length]}"/>`);
    parts.push(`<text x="${x + 14}" y="${top}">${escape(name)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}
