/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The dashboard in a real browser: headless Chromium (Debian's `chromium` package; .ci/run
 * installs it) driven by playwright-core. Opens the page, runs a job through the client —
 * delayed sleeps and a DataFrame query over a generated CSV — and checks that the panels are
 * there and change while the job runs. Saves screenshots to test-artifacts/ at the repo root.
 * A missing browser fails the test: it is never skipped. (The DOM libs referenced above type the
 * page.evaluate callbacks, which run in the browser.)
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Client, compute, delayed } from '@floe/scheduler';
import { readCsv } from '@floe/dataframe';
import './index.js';

const CHROMIUM = process.env.FLOE_CHROMIUM ?? '/usr/bin/chromium';
const ARTIFACTS = fileURLToPath(new URL('../../../test-artifacts/', import.meta.url));
const NAPS = 48; // ~150 ms each, 8 at a time (2 workers × 4): about a second of work
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let client: Client;
let browser: BrowserContext;
let page: Page;
let dir: string;
const pageErrors: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM}: run \`apt-get install -y chromium\` (.ci/run does), or set FLOE_CHROMIUM`);
  }
  dir = mkdtempSync(join(tmpdir(), 'floe-dash-'));
  const rows = ['id,group,x'];
  for (let i = 0; i < 150_000; i++) rows.push(`${i},g${i % 7},${(i % 1000) / 10}`);
  writeFileSync(join(dir, 'data.csv'), `${rows.join('\n')}\n`);
  client = await Client.start({ workers: 2, dashboard: 0 });
  browser = await chromium.launchPersistentContext(join(dir, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1280, height: 860 },
  });
  page = browser.pages()[0] ?? (await browser.newPage());
  // script errors and Content-Security-Policy violations both surface here
  page.on('pageerror', (err) => pageErrors.push(err.message));
  page.on('console', (msg) => { if (msg.type() === 'error') pageErrors.push(msg.text()); });
});

afterAll(async () => {
  await browser?.close();
  await client?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface PageState { status: string; done: number; running: number; bars: number; groups: string[]; memoryRows: number; memoryText: string; rate: string }

const readPage = (): Promise<PageState> => page.evaluate(() => {
  const text = (id: string) => document.getElementById(id)?.textContent ?? '';
  return {
    status: text('status'),
    done: Number(text('done-count')),
    running: Number(text('running-count')),
    bars: document.querySelectorAll('#task-stream rect.bar').length,
    groups: [...document.querySelectorAll<HTMLElement>('#progress .group-row')].map((r) => r.dataset.group ?? ''),
    memoryRows: document.querySelectorAll('#memory .mem-row').length,
    memoryText: text('memory'),
    rate: text('tasks-rate'),
  };
});

describe('dashboard in a browser', () => {
  test('panels appear, and change while a job runs', async () => {
    await page.goto(client.dashboardUrl!);
    for (const id of ['#task-stream', '#progress', '#memory', '#throughput']) await page.locator(id).waitFor({ state: 'visible' });
    await page.waitForFunction(() => document.getElementById('status')?.textContent === 'idle');
    const before = await readPage();
    expect(before).toMatchObject({ done: 0, bars: 0, memoryRows: 4 }); // two workers, process heap, RSS
    expect(before.memoryText).toMatch(/worker \d+.*MB/);

    const nap = delayed(async (ms: number) => { await new Promise((r) => setTimeout(r, ms)); return ms; }, { name: 'nap' });
    const total = delayed((xs: number[]) => xs.reduce((a, b) => a + b, 0), { name: 'total' });
    const naps = Array.from({ length: NAPS }, (_, i) => nap(150 + i));
    const query = readCsv(join(dir, 'data.csv'), { blocksize: 200_000 }).sum(); // whole-frame: partition tasks → combine
    const job = Promise.all([
      compute(total(naps), { client }),
      query.compute(), // runs on the current client (Client.start made it current) and shows up there
    ]);

    const samples: PageState[] = [];
    let finished = false;
    void job.finally(() => { finished = true; });
    let shot = false;
    while (!finished) {
      const s = await readPage();
      samples.push(s);
      if (!shot && s.status === 'running' && s.done >= 15) {
        mkdirSync(ARTIFACTS, { recursive: true });
        await page.screenshot({ path: join(ARTIFACTS, 'dashboard-running.png'), fullPage: true });
        shot = true;
      }
      await new Promise((r) => setTimeout(r, 80));
    }
    const [[sum], table] = await job;
    expect(sum).toBe(Array.from({ length: NAPS }, (_, i) => 150 + i).reduce((a, b) => a + b, 0));
    expect(table.numRows).toBe(1); // one whole-frame row

    const running = samples.filter((s) => s.status === 'running');
    expect(running.length).toBeGreaterThanOrEqual(3);
    expect(new Set(running.map((s) => s.done)).size).toBeGreaterThanOrEqual(3); // the done count moved while it ran
    expect(running.some((s) => s.running > 0)).toBe(true);
    expect(Math.max(...running.map((s) => s.bars))).toBeGreaterThan(Math.min(...running.map((s) => s.bars)));
    for (let i = 1; i < samples.length; i++) expect(samples[i].done).toBeGreaterThanOrEqual(samples[i - 1].done);

    const partitions = query.npartitions;
    await page.waitForFunction((n) => Number(document.getElementById('done-count')?.textContent) === n, NAPS + 1 + partitions + 1);
    await page.waitForFunction(() => document.getElementById('status')?.textContent === 'idle');
    const after = await readPage();
    expect(after.groups.sort()).toEqual(['combine', 'nap', 'scan', 'total']);
    expect(after.bars).toBe(NAPS + 1 + partitions + 1);
    expect(Number(after.rate)).toBeGreaterThan(0);
    const napRow = page.locator('#progress .group-row[data-group="nap"]');
    expect(await napRow.getAttribute('data-done')).toBe(String(NAPS));
    expect(await napRow.locator('.counts').textContent()).toContain(`${NAPS} / ${NAPS} done`);
    const fills = await page.evaluate(() => [...new Set([...document.querySelectorAll('#task-stream rect.bar')].map((r) => r.getAttribute('fill')))]);
    expect(fills.length).toBe(4); // one color per task group
    const lanes = await page.evaluate(() => [...document.querySelectorAll('#task-stream .lane-label')].map((t) => t.textContent));
    expect(lanes.filter((l) => l?.startsWith('worker '))).toHaveLength(2);
    expect(lanes).toContain('main thread'); // the combine step runs on the calling thread
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard.png'), fullPage: true });
    expect(shot).toBe(true);
    expect(pageErrors).toEqual([]);
  });

  test('tasks of a function that captures variables are drawn in the main thread lane', async () => {
    const pause = 30; // captured: `tick` runs on the calling thread
    const tick = delayed(async (n: number) => { await new Promise((r) => setTimeout(r, pause)); return n; }, { name: 'tick' });
    expect(await compute(...[1, 2, 3].map(tick), { client })).toEqual([1, 2, 3]);
    await page.waitForFunction(() => document.querySelectorAll('#task-stream rect.bar[data-group="tick"]').length === 3);
    const titles = await page.evaluate(() => [...document.querySelectorAll('#task-stream rect.bar[data-group="tick"] title')].map((t) => t.textContent));
    expect(titles).toHaveLength(3);
    for (const t of titles) expect(t).toMatch(/^tick-[0-9a-f]+ · \d+ ms · main thread$/);
    expect(pageErrors).toEqual([]);
  });
});
