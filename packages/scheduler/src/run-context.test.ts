import { describe, expect, it } from 'vitest';
import { Client } from './client.js';
import { InlineExecutor } from './inline-executor.js';
import { runContext } from './run-context.js';

describe('runContext', () => {
  it('takes an executor object', () => {
    const executor = new InlineExecutor();
    expect(runContext({ executor }).executor).toBe(executor);
  });

  it('refuses a name where an executor belongs, and says what to pass', () => {
    expect(() => runContext({ executor: 'inline' as never })).toThrow(/compute\(\): executor must be an executor .*got the string "inline".*new InlineExecutor\(\)/);
    expect(() => runContext({ executor: 'threads' as never }, 'writeCsv()')).toThrow(/^writeCsv\(\): .*new LocalPool/);
  });

  it('refuses a Client given as the executor, pointing to { client }', async () => {
    const client = await Client.start({ executor: new InlineExecutor() });
    try {
      expect(() => runContext({ executor: client as never })).toThrow(/pass a Client as \{ client \}/);
    } finally {
      await client.close();
    }
  });

  it('refuses a name given to a Client as its executor', async () => {
    await expect(Client.start({ executor: 'inline' as never, current: false })).rejects.toThrow(/^new Client\(\): executor must be an executor .*new InlineExecutor\(\)/);
  });

  it('refuses other values', () => {
    expect(() => runContext({ executor: { run: 1 } as never })).toThrow(TypeError);
    expect(() => runContext({ executor: null as never })).toThrow(/got null/);
  });
});
