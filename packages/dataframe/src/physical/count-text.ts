/**
 * A count with commas between thousands (1,234,567), as `toLocaleString('en-US')` writes it, for
 * the plan's stage notes — without it: that call's first use loads ICU's number formats, ~20 ms
 * of the driver's planning, on the cores the workers are starting on.
 */
export function countText(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
