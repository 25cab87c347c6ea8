/**
 * Brute-force k nearest neighbours by Euclidean distance (what scikit-learn does for small data).
 * Ties in distance go to the earlier training row. Returns, per query row, the neighbour rows and
 * their distances, nearest first.
 */
export function nearestNeighbors(train: number[][], query: number[], k: number): { rows: Int32Array; dist: Float64Array } {
  const kk = Math.min(k, train.length);
  const rows = new Int32Array(kk).fill(-1);
  const dist = new Float64Array(kk).fill(Infinity);
  const d = query.length;
  for (let i = 0; i < train.length; i++) {
    const r = train[i];
    let s = 0;
    for (let j = 0; j < d; j++) {
      const t = r[j] - query[j];
      s += t * t;
    }
    if (s >= dist[kk - 1]) continue;
    let p = kk - 1;
    while (p > 0 && dist[p - 1] > s) {
      dist[p] = dist[p - 1];
      rows[p] = rows[p - 1];
      p--;
    }
    dist[p] = s;
    rows[p] = i;
  }
  for (let p = 0; p < kk; p++) dist[p] = Math.sqrt(dist[p]);
  return { rows, dist };
}
