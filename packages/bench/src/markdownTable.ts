import { median } from './median.js';

/** A markdown table. */
export function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** A number with `digits` decimals, or `n/a`. */
export const fixed = (value: number, digits = 2): string => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');

/** The median of the values, and their range when there are several: `4.10 (3.90–4.30)`. */
export function withSpread(values: readonly number[], digits = 2): string {
  const middle = fixed(median(values) ?? Number.NaN, digits);
  if (values.length < 2) return middle;
  const sorted = [...values].sort((a, b) => a - b);
  return `${middle} (${fixed(sorted[0] as number, digits)}–${fixed(sorted[sorted.length - 1] as number, digits)})`;
}
