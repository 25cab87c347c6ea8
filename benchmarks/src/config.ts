/**
 * The suite's command-line flags and the two presets they start from: `--quick` (tiny inputs,
 * one run: a smoke test for development) and the full default (the lead's measurement).
 */
import { parseArgs } from 'node:util';

/** `dbbench` and `operators` run those benchmarks' own commands (each writes its own RESULTS file and charts). */
export const SECTIONS = ['seed', 'strings', 'filter', 'cap', 'dbbench', 'operators'] as const;
export type Section = (typeof SECTIONS)[number];

export interface SuiteConfig {
  mode: 'quick' | 'full';
  runs: number;
  /** Seed scale series, GB (10^9 bytes) of CSV. */
  sizes: number[];
  /** The seed size used for groupBy(month) and the memory-cap runs. */
  refSize: number;
  stringsRows: number;
  sections: Set<Section>;
  /** Contender id prefixes to keep (null: all). */
  contenders: string[] | null;
  capMB: number;
  timeoutS: number;
  build: boolean;
  dataDir: string | null;
  /** Measure an uncommitted tree anyway (written as RESULTS-uncommitted.md, never the committed RESULTS.md). */
  allowDirty: boolean;
  argv: string[];
}

/**
 * Where a run's report goes: the committed RESULTS.md / results.json / charts only for a full run
 * of a clean commit; a quick run or an uncommitted tree writes beside them under other names
 * (ignored by git), so a committed figure always comes from a recorded commit.
 */
export function reportNames(mode: 'quick' | 'full', dirty: boolean, sections: ReadonlySet<Section> = new Set(SECTIONS)): { md: string; json: string; charts: string } {
  if (mode === 'quick') return { md: 'RESULTS-quick.md', json: 'results-quick.json', charts: 'charts-quick' };
  if (dirty) return { md: 'RESULTS-uncommitted.md', json: 'results-uncommitted.json', charts: 'charts-uncommitted' };
  // a full run of some sections only (--only strings) never replaces the whole run's report
  if (sections.size < SECTIONS.length) {
    // prefixed: a suite report must never take the name of the db-benchmark's or operators' own
    const part = SECTIONS.filter((s) => sections.has(s)).map((s) => (s === 'dbbench' || s === 'operators' ? `suite-${s}` : s)).join('-');
    return { md: `RESULTS-${part}.md`, json: `results-${part}.json`, charts: `charts-${part}` };
  }
  return { md: 'RESULTS.md', json: 'results.json', charts: 'charts' };
}

export const USAGE = `usage: pnpm bench [--quick] [--runs N] [--sizes 0.25,0.5,1,2,4] [--ref-size GB]
                  [--strings-rows N] [--only seed,strings,filter,cap,dbbench,operators] [--contenders floe-lib,duckdb,…]
                  [--cap-mb 256] [--timeout SECONDS] [--data-dir DIR] [--no-build] [--allow-dirty]
A full run writes RESULTS.md only from a clean commit (no uncommitted changes in packages/ or
benchmarks/src); --allow-dirty measures anyway into RESULTS-uncommitted.md. --quick writes RESULTS-quick.md.
A full run of some sections (--only strings) writes RESULTS-strings.md, never RESULTS.md.`;

const PRESETS = {
  quick: { runs: 1, sizes: [0.01, 0.02], stringsRows: 200_000, timeoutS: 120 },
  full: { runs: 3, sizes: [0.25, 0.5, 1, 2, 4], stringsRows: 10_000_000, timeoutS: 900 },
};

function numberList(flag: string, text: string): number[] {
  const xs = text.split(',').map((s) => Number(s.trim()));
  if (xs.length === 0 || xs.some((x) => !(x > 0))) throw new Error(`${flag}: expected positive numbers, got '${text}'`);
  return xs;
}

/** A flag's value as an integer ≥ 1, or an error naming the flag (`--runs`). */
export function positiveInt(flag: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag}: expected a positive integer, got '${text}'`);
  return n;
}

/** The size closest to 1 GB on a log scale (the largest, in quick mode, where all are tiny). */
function defaultRefSize(sizes: number[], mode: 'quick' | 'full'): number {
  if (mode === 'quick') return Math.max(...sizes);
  return [...sizes].sort((a, b) => Math.abs(Math.log(a)) - Math.abs(Math.log(b)))[0];
}

export function parseConfig(argv: string[]): SuiteConfig {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      runs: { type: 'string' },
      sizes: { type: 'string' },
      'ref-size': { type: 'string' },
      'strings-rows': { type: 'string' },
      only: { type: 'string' },
      contenders: { type: 'string' },
      'cap-mb': { type: 'string', default: '256' },
      timeout: { type: 'string' },
      'data-dir': { type: 'string' },
      'no-build': { type: 'boolean', default: false },
      'allow-dirty': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const mode = values.quick ? 'quick' : 'full';
  const preset = PRESETS[mode];
  const sizes = values.sizes ? numberList('--sizes', values.sizes) : preset.sizes;
  const sections = new Set<Section>();
  for (const s of (values.only ?? SECTIONS.join(',')).split(',').map((x) => x.trim())) {
    if (!(SECTIONS as readonly string[]).includes(s)) throw new Error(`--only: unknown section '${s}' (use ${SECTIONS.join(', ')})`);
    sections.add(s as Section);
  }
  return {
    mode,
    runs: values.runs ? positiveInt('--runs', values.runs) : preset.runs,
    sizes: [...sizes].sort((a, b) => a - b),
    refSize: values['ref-size'] ? numberList('--ref-size', values['ref-size'])[0] : defaultRefSize(sizes, mode),
    stringsRows: values['strings-rows'] ? positiveInt('--strings-rows', values['strings-rows']) : preset.stringsRows,
    sections,
    contenders: values.contenders ? values.contenders.split(',').map((s) => s.trim()).filter(Boolean) : null,
    capMB: positiveInt('--cap-mb', values['cap-mb']!),
    timeoutS: values.timeout ? positiveInt('--timeout', values.timeout) : preset.timeoutS,
    build: !values['no-build'],
    dataDir: values['data-dir'] ?? null,
    allowDirty: values['allow-dirty'] === true,
    argv,
  };
}
