/** The floe command as a library: `main(argv, io)` returns the exit code (see main.ts). */
export { main, buildProgram } from './main.js';
export type { CliIO, OutStream } from './cli-io.js';
