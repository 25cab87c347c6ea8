/** What bin.ts runs, in one module: the CLI's bundle is built from it (scripts/bundle-cli.mjs). */
export { main } from './main.js';
export { describeFsError } from './output/write-output.js';
export { EXIT_RUNTIME } from './report-error.js';
