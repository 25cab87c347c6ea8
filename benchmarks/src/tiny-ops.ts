/** The tiny task functions the scheduler-overhead benchmark runs (imported by workers by URL). */
export function add(a: number, b: number): number {
  return a + b;
}
