/** What bin.ts runs, in one module: floe's bundle has it as its `cli.js` (scripts/bundle.mjs). */
export { main } from './main.js';
export { describeFsError } from './output/write-output.js';
export { EXIT_RUNTIME } from './report-error.js';
