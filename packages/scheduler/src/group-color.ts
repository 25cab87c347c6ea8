/**
 * Colors for task groups, the same palette in graph pictures and on the dashboard. Groups take
 * the palette's colors in the order they first appear, so the few groups of one computation
 * never share a color (a hash of the name would make neighbours collide); past the palette,
 * colors come round again. Red is left out: it means "failed".
 */
export const GROUP_PALETTE = [
  '#4e79a7', '#f28e2b', '#59a14f', '#b07aa1', '#edc948', '#76b7b2',
  '#ff9da7', '#9c755f', '#a0cbe8', '#8cd17d', '#ffbe7d', '#bab0ac',
] as const;

export class GroupColors {
  private readonly assigned = new Map<string, string>();

  get(group: string): string {
    let c = this.assigned.get(group);
    if (c === undefined) {
      c = GROUP_PALETTE[this.assigned.size % GROUP_PALETTE.length];
      this.assigned.set(group, c);
    }
    return c;
  }
}
