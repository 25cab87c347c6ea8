/** Peak resident memory of this whole process (all threads), from the kernel's high-water mark. */
import { readFileSync } from 'node:fs';

export function peakRssBytes(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) * 1024 : process.memoryUsage().rss;
}
