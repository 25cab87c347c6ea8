/** File URL of a sibling module, valid both from source (.ts, tests) and from dist (.js). */
const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';

export function siblingModule(name: string): string {
  return new URL(`./${name}${ext}`, import.meta.url).href;
}
