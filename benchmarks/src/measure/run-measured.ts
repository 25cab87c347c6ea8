/**
 * Runs one command as a fresh process and measures it from outside: wall seconds, CPU seconds
 * (user + system) and peak RSS of the whole process (all threads), via GNU time
 * (`/usr/bin/time -f '%e %U %S %M'`, the kernel's rusage of the waited child). Enforces a
 * timeout (the whole process group is killed) and classifies failures: out of memory, timeout,
 * other error; a timed-out run's peak RSS is its high-water mark when killed. Without
 * /usr/bin/time, the wall time is taken here and CPU/RSS stay unknown.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type RunStatus = 'ok' | 'oom' | 'timeout' | 'error';

export interface Measured {
  status: RunStatus;
  /** Seconds, as measured around the whole process. */
  processWall: number;
  /** User + system CPU seconds of the process (NaN when unknown). */
  cpu: number;
  /** Peak resident set of the process in bytes (NaN when unknown). */
  peakRss: number;
  exitCode: number | null;
  stdout: string;
  /** The last part of stderr, for error messages. */
  stderrTail: string;
}

export interface RunOptions {
  timeoutMs: number;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

const GNU_TIME = '/usr/bin/time';
const STDERR_KEEP = 8_000;

/** Process groups of the measured runs in flight: each run gets its own group so a timeout kills all of it. */
const running = new Set<number>();
let handlersInstalled = false;

/** Ctrl-C or a kill of the suite also ends the measured process (it is in a group of its own). */
function installSignalHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.on(sig, () => {
      for (const pid of running) {
        try { process.kill(-pid, 'SIGKILL'); } catch { /* already gone */ }
      }
      process.exit(130);
    });
  }
}

export function haveGnuTime(): boolean {
  return existsSync(GNU_TIME);
}

export function runMeasured(cmd: string, args: readonly string[], opts: RunOptions): Promise<Measured> {
  const useTime = haveGnuTime();
  const scratch = mkdtempSync(join(tmpdir(), 'floe-bench-'));
  const timeFile = join(scratch, 'time.txt');
  const argv = useTime ? ['-o', timeFile, '-f', '%e %U %S %M', cmd, ...args] : [...args];
  const t0 = performance.now();
  const child = spawn(useTime ? GNU_TIME : cmd, argv, {
    cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true,
  });
  installSignalHandlers();
  if (child.pid !== undefined) running.add(child.pid);
  const out: Buffer[] = [];
  let err = '';
  child.stdout.on('data', (b: Buffer) => out.push(b));
  child.stderr.on('data', (b: Buffer) => { err = (err + b.toString('utf8')).slice(-STDERR_KEEP); });
  let timedOut = false;
  let rssAtKill = Number.NaN;
  const timer = setTimeout(() => {
    timedOut = true;
    rssAtKill = groupPeakRss(child.pid!, useTime);
    try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* already gone */ }
  }, opts.timeoutMs);

  return new Promise((resolve, reject) => {
    child.on('error', (e) => { clearTimeout(timer); rmSync(scratch, { recursive: true, force: true }); reject(e); });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (child.pid !== undefined) running.delete(child.pid);
      const wallHere = (performance.now() - t0) / 1000;
      let processWall = wallHere;
      let cpu = Number.NaN;
      let peakRss = Number.NaN;
      if (useTime && existsSync(timeFile)) {
        const lines = readFileSync(timeFile, 'utf8').trim().split('\n');
        const m = /^([\d.]+) ([\d.]+) ([\d.]+) (\d+)$/.exec(lines[lines.length - 1] ?? '');
        if (m) {
          processWall = Number(m[1]);
          cpu = Number(m[2]) + Number(m[3]);
          peakRss = Number(m[4]) * 1024;
        }
      }
      if (timedOut && !Number.isFinite(peakRss)) peakRss = rssAtKill;
      rmSync(scratch, { recursive: true, force: true });
      // GNU time exits with the command's status; a signal shows as 128 + n.
      // 137 = SIGKILL that we did not send: the kernel's OOM killer.
      const status: RunStatus = timedOut ? 'timeout' : code === 0 ? 'ok' : code === 137 || isOutOfMemory(err) ? 'oom' : 'error';
      resolve({ status, processWall, cpu, peakRss, exitCode: code, stdout: Buffer.concat(out).toString('utf8'), stderrTail: err });
    });
  });
}

function isOutOfMemory(stderr: string): boolean {
  return /heap out of memory|Reached heap limit|Allocation failed|ERR_OUT_OF_MEMORY|out of memory|std::bad_alloc/i.test(stderr);
}

/**
 * The peak RSS so far of the measured command (a killed GNU time reports nothing): VmHWM of the
 * command itself, found as the child of the `time` process when it runs under GNU time.
 */
function groupPeakRss(pid: number, underTime: boolean): number {
  try {
    const target = underTime ? Number(readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/)[0]) : pid;
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${target}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}
