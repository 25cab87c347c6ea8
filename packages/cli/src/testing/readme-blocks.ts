/** The README's code blocks, for the tests that run its examples as written. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root folder. */
export const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

/** The code blocks of one README section (`## section`, up to the next `## `), by language. */
export function readmeBlocks(section: string, lang: string): string[] {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const start = readme.indexOf(`## ${section}\n`);
  const body = readme.slice(start, readme.indexOf('\n## ', start + 1));
  return [...body.matchAll(new RegExp(`\`\`\`${lang}\\n([\\s\\S]*?)\`\`\``, 'g'))].map((m) => m[1]);
}
