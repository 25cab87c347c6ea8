/** The CLI's main() run in this process on captured streams, as the tests run it: its exit code and what it wrote. */
import type { CliIO, OutStream } from '../cli-io.js';
import { main } from '../main.js';

/** A stream that keeps what is written to it; `isTTY`: whether it poses as a terminal (120 columns). */
export function textStream(isTTY = false): OutStream & { text: string } {
  return { text: '', isTTY, columns: isTTY ? 120 : undefined, write(s: string) { this.text += s; return true; }, once() { return this; } };
}

export async function runMain(argv: string[], opts: { stdout?: boolean; stderr?: boolean; stdin?: CliIO['stdin'] } = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = textStream(opts.stdout ?? false);
  const stderr = textStream(opts.stderr ?? false);
  const code = await main(argv, { stdout, stderr, ...(opts.stdin ? { stdin: opts.stdin } : {}) });
  return { code, stdout: stdout.text, stderr: stderr.text };
}
