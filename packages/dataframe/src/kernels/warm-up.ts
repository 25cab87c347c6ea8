/**
 * Runs a kernel on tiny inputs when its module loads, so that the code after its long loop, or a
 * rare path (a growth, a flush, a halving), has type feedback before V8 compiles the code that
 * reaches it: code compiled on the stack (OSR) during a long first call is kept and re-entered,
 * and code that had never run stops it there each time (benchmarks/PROFILE.md, "code after a
 * long loop"); a rare path first met after the compile throws the compiled code away. WARM_CALLS
 * times, not once: V8 gives a function its feedback vector only after it has run a while (lazy
 * feedback allocation) — and a small value a call, so that it is not compiled here instead.
 * `call(k)` may vary its inputs by k (nulls or not, a growth or not).
 */
const WARM_CALLS = 32;

export function warmUp(call: (k: number) => void): void {
  for (let k = 0; k < WARM_CALLS; k++) call(k);
}
