/**
 * Creates a commander Command wired to the CLI's streams: help to stdout, errors to stderr as
 * one `floe: error: …` line, and thrown CommanderErrors instead of process.exit (so main()
 * decides the exit code and tests can run it in-process).
 */
import { Command } from 'commander';
import type { CliIO } from './cli-io.js';

export function newCommand(name: string, io: CliIO, helpCommand: string): Command {
  return new Command(name)
    .exitOverride()
    .showSuggestionAfterError(true)
    .allowExcessArguments(false)
    .configureOutput({
      writeOut: (s) => { io.stdout.write(s); },
      writeErr: (s) => { io.stderr.write(s); },
      outputError: (s, write) => write(`floe: error: ${oneLine(s)}; see '${helpCommand} --help'\n`),
      getOutHelpWidth: () => io.stdout.columns ?? 100,
      getErrHelpWidth: () => io.stderr.columns ?? 100,
    });
}

function oneLine(s: string): string {
  return s.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ').trim().replace(/\.$/, '');
}
