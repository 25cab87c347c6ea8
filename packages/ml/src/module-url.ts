/** File URL of a module of this package, valid both from source (.ts, tests) and from dist (.js). */
const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';

export function mlModule(path: string): string {
  return new URL(`./${path}${ext}`, import.meta.url).href;
}
