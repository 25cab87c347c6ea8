/**
 * NSGA-II selection (Deb et al. 2002) on two objectives, as TPOT uses it: maximise the CV score,
 * minimise the pipeline's size. Fronts by non-dominated sorting, then crowding distance within
 * the last front that fits. Deterministic: ties keep the input order.
 */
export interface Scored {
  readonly score: number;
  readonly size: number;
}

function dominates(a: Scored, b: Scored): boolean {
  return a.score >= b.score && a.size <= b.size && (a.score > b.score || a.size < b.size);
}

/** Indexes of `items` in non-dominated fronts, best front first. */
export function nonDominatedFronts(items: readonly Scored[]): number[][] {
  const n = items.length;
  const dominatedBy = new Int32Array(n);
  const dominating: number[][] = items.map(() => []);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      if (dominates(items[i], items[j])) dominating[i].push(j);
      else if (dominates(items[j], items[i])) dominatedBy[i]++;
    }
  }
  const fronts: number[][] = [];
  let front = [...Array(n).keys()].filter((i) => dominatedBy[i] === 0);
  while (front.length > 0) {
    fronts.push(front);
    const next: number[] = [];
    for (const i of front) for (const j of dominating[i]) if (--dominatedBy[j] === 0) next.push(j);
    front = next.sort((a, b) => a - b);
  }
  return fronts;
}

/** Crowding distance of each member of a front (boundary points: Infinity). */
export function crowdingDistance(items: readonly Scored[], front: readonly number[]): Map<number, number> {
  const dist = new Map(front.map((i) => [i, 0]));
  for (const key of ['score', 'size'] as const) {
    const sorted = [...front].sort((a, b) => items[a][key] - items[b][key] || a - b);
    const lo = items[sorted[0]][key];
    const hi = items[sorted[sorted.length - 1]][key];
    dist.set(sorted[0], Infinity);
    dist.set(sorted[sorted.length - 1], Infinity);
    if (!(hi > lo) || !Number.isFinite(hi - lo)) continue;
    for (let k = 1; k < sorted.length - 1; k++) {
      const i = sorted[k];
      dist.set(i, dist.get(i)! + (items[sorted[k + 1]][key] - items[sorted[k - 1]][key]) / (hi - lo));
    }
  }
  return dist;
}

/** The indexes of the `count` items NSGA-II keeps. */
export function selectNsga2(items: readonly Scored[], count: number): number[] {
  const chosen: number[] = [];
  for (const front of nonDominatedFronts(items)) {
    if (chosen.length + front.length <= count) {
      chosen.push(...front);
      continue;
    }
    const dist = crowdingDistance(items, front);
    const byCrowding = [...front].sort((a, b) => dist.get(b)! - dist.get(a)! || a - b);
    chosen.push(...byCrowding.slice(0, count - chosen.length));
    break;
  }
  return chosen;
}
