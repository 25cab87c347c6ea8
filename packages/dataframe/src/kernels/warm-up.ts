/**
 * Runs a kernel on tiny inputs when its module loads, so that the code after its long loop has
 * type feedback before a long first call compiles that loop on the stack (OSR): V8 keeps such
 * code and re-enters it on every later call, and code after the loop that had never run stops
 * it there each time (benchmarks/PROFILE.md, "code after a long loop"). WARM_CALLS times, not
 * once: V8 gives a function its feedback vector only after it has run a while (lazy feedback
 * allocation). `call(k)` may vary its inputs by k (nulls or not, a growth or not).
 */
const WARM_CALLS = 32;

export function warmUp(call: (k: number) => void): void {
  for (let k = 0; k < WARM_CALLS; k++) call(k);
}
