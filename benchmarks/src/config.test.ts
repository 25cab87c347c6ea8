import { describe, expect, it } from 'vitest';
import { parseConfig, reportNames } from './config.js';

describe('reportNames: where a suite run writes its report', () => {
  it('a full run of every section on a clean commit writes RESULTS.md', () => {
    expect(reportNames('full', false, parseConfig([]).sections).md).toBe('RESULTS.md');
  });

  it('a full run of some sections (--only) writes beside it, named after them, never RESULTS.md', () => {
    expect(reportNames('full', false, parseConfig(['--only', 'strings']).sections)).toEqual({ md: 'RESULTS-strings.md', json: 'results-strings.json', charts: 'charts-strings' });
    expect(reportNames('full', false, parseConfig(['--only', 'cap,strings']).sections).md).toBe('RESULTS-strings-cap.md');
    // the db-benchmark and operator sections write their own RESULTS-dbbench….md / RESULTS-operators.md
    expect(reportNames('full', false, parseConfig(['--only', 'dbbench']).sections).md).toBe('RESULTS-suite-dbbench.md');
    expect(reportNames('full', false, parseConfig(['--only', 'operators,seed']).sections).md).toBe('RESULTS-seed-suite-operators.md');
  });

  it('quick and uncommitted runs keep their own names whatever the sections', () => {
    expect(reportNames('quick', false, parseConfig(['--only', 'strings']).sections).md).toBe('RESULTS-quick.md');
    expect(reportNames('full', true, parseConfig(['--only', 'strings']).sections).md).toBe('RESULTS-uncommitted.md');
  });
});
