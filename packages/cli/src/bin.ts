#!/usr/bin/env node
/**
 * The `floe` executable: runs main() on the real process. Ctrl-C, SIGTERM and SIGHUP cancel
 * the running query, which removes its temporary files, and exit 130, 143 or 129 (a second
 * signal exits at once); a closed stdout pipe (`floe head … | head -1`) ends quietly;
 * any other failure to write stdout (a full disk: `floe … > /dev/full`) is one error line, exit 1.
 *
 * The Ctrl-C handler is installed before the engine is loaded (from floe's bundle when it is
 * current, else from dist: the scheduler's select-bundle.ts), so a Ctrl-C while it loads also
 * ends with 130 and one line, not a death by signal.
 */
const controller = new AbortController();
/** Exit codes of a death by each signal (128 + its number), which a cancelled run ends with. */
const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;
let caught: keyof typeof SIGNAL_EXIT | null = null;
// SIGTERM (kill, timeout) and SIGHUP (a closed terminal) cancel the query as Ctrl-C does: its
// spill and temporary files are removed by the query itself, not under workers still writing them
const onSignal = (sig: keyof typeof SIGNAL_EXIT): void => {
  if (controller.signal.aborted) process.exit(SIGNAL_EXIT[sig]);
  caught = sig;
  controller.abort();
};
const onSigint = (): void => onSignal('SIGINT');
const onSigterm = (): void => onSignal('SIGTERM');
const onSighup = (): void => onSignal('SIGHUP');
process.on('SIGINT', onSigint);
process.on('SIGTERM', onSigterm);
process.on('SIGHUP', onSighup);

const { bundleFile } = await import('@floe/scheduler/select-bundle');
const { main, describeFsError, EXIT_RUNTIME } = (await import(bundleFile('cli.js') ?? './cli-entry.js')) as typeof import('./cli-entry.js');
if (controller.signal.aborted) {
  process.stderr.write('floe: interrupted\n');
  process.exit(SIGNAL_EXIT[caught ?? 'SIGINT']);
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

const code = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, signal: controller.signal, stdin: process.stdin });
process.exitCode = caught !== null && code === SIGNAL_EXIT.SIGINT ? SIGNAL_EXIT[caught] : code;
process.off('SIGINT', onSigint);
process.off('SIGTERM', onSigterm);
process.off('SIGHUP', onSighup);
