/**
 * The page's files, from a fixed allow-list: the server looks names up here and nowhere else,
 * so no request path ever reaches the file system. Read once, from the package's assets/
 * folder (beside src/ and dist/ alike).
 */
import { readFileSync } from 'node:fs';

export interface Asset {
  name: string;
  type: string;
  body: Buffer;
}

const ALLOWED: Record<string, string> = {
  'index.html': 'text/html; charset=utf-8',
  'dashboard.js': 'text/javascript; charset=utf-8',
  'dashboard.css': 'text/css; charset=utf-8',
  'favicon.svg': 'image/svg+xml',
};

let loaded: Map<string, Asset> | null = null;

export function loadAssets(): Map<string, Asset> {
  loaded ??= new Map(Object.entries(ALLOWED).map(([name, type]) => [
    name,
    { name, type, body: readFileSync(new URL(`../assets/${name}`, import.meta.url)) },
  ]));
  return loaded;
}
