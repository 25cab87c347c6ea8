#!/usr/bin/env node
/**
 * The `floe` executable: runs main() on the real process. Ctrl-C cancels the running query
 * (a second Ctrl-C exits at once); a closed stdout pipe (`floe head … | head -1`) ends quietly;
 * any other failure to write stdout (a full disk: `floe … > /dev/full`) is one error line, exit 1.
 *
 * The Ctrl-C handler is installed before the engine is loaded (about a second of CPU: every
 * package, Arrow, Parquet, the cluster client), so a Ctrl-C while it loads also ends with 130
 * and one line, not a death by signal.
 */
const controller = new AbortController();
const onSigint = (): void => {
  if (controller.signal.aborted) process.exit(130);
  controller.abort();
};
process.on('SIGINT', onSigint);

const { main } = await import('./main.js');
const { describeFsError } = await import('./output/write-output.js');
const { EXIT_RUNTIME } = await import('./report-error.js');
if (controller.signal.aborted) {
  process.stderr.write('floe: interrupted\n');
  process.exit(130);
}
// the engine's own warnings (e.g. rows skipped by --on-bad-lines warn) as plain lines on stderr
process.removeAllListeners('warning');
process.on('warning', (w: Error) => {
  process.stderr.write(w.name === 'FloeBadLines' ? `${w.message}\n` : `floe: warning: ${w.message}\n`);
});
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  process.stderr.write(`floe: error: cannot write the result to stdout: ${describeFsError(err)}\n`);
  process.exit(EXIT_RUNTIME);
});

process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, signal: controller.signal, stdin: process.stdin });
process.off('SIGINT', onSigint);
