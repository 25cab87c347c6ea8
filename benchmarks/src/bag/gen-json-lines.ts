/**
 * Writes JSON-lines files for the bag word-count benchmark: records `{"id","user","status",
 * "text"}` whose text is 8–24 words drawn from a 50 000-word vocabulary with a Zipf-like skew
 * (a few words very common, most rare), from a fixed seed: the same bytes on every run.
 *
 *   node --import tsx benchmarks/src/bag/gen-json-lines.ts --out /tmp/floe-bag-bench --size 1GB --files 8
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export interface GenOptions {
  out: string;
  bytes: number;
  files: number;
  seed?: number;
}

export function generate(o: GenOptions): string[] {
  mkdirSync(o.out, { recursive: true });
  let a = o.seed ?? 42;
  const rand = (): number => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const vocab = Array.from({ length: 50_000 }, (_, i) => `w${i.toString(36)}`);
  const word = (): string => vocab[Math.floor(vocab.length * rand() ** 3)];
  const paths: string[] = [];
  const perFile = Math.ceil(o.bytes / o.files);
  let id = 0;
  for (let f = 0; f < o.files; f++) {
    const path = join(o.out, `part-${String(f).padStart(3, '0')}.jsonl`);
    paths.push(path);
    const fd = openSync(path, 'w');
    let written = 0;
    while (written < perFile) {
      const lines: string[] = [];
      for (let i = 0; i < 2000; i++) {
        const n = 8 + Math.floor(rand() * 17);
        const words: string[] = [];
        for (let k = 0; k < n; k++) words.push(word());
        lines.push(JSON.stringify({ id: id++, user: `u${Math.floor(rand() * 5000)}`, status: rand() < 0.05 ? 500 : 200, text: words.join(' ') }));
      }
      const chunk = `${lines.join('\n')}\n`;
      writeSync(fd, chunk);
      written += Buffer.byteLength(chunk);
    }
    closeSync(fd);
  }
  return paths;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name: string, dflt: string): string => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? process.argv[i + 1] : dflt;
  };
  const { parseByteSize } = await import('floe');
  const t0 = performance.now();
  const paths = generate({ out: arg('out', '/tmp/floe-bag-bench'), bytes: parseByteSize(arg('size', '1GB')), files: Number(arg('files', '8')) });
  console.log(`wrote ${paths.length} files in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
