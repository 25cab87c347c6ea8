// The floe dashboard page: listens to /events (Server-Sent Events) and redraws four panels by
// hand (SVG and plain elements, no libraries, nothing fetched from elsewhere). Plain script on
// purpose: it is served as it is, under a Content-Security-Policy that allows only this file.
'use strict';

const SVG = 'http://www.w3.org/2000/svg';
const MAX_WINDOW_MS = 60_000;
const MIN_WINDOW_MS = 2_000;
const LANE = 34;
const LANE_GAP = 6;
const LABEL = 78;
const MB = 1e6;

const bars = [];
const colors = new Map();
const rows = new Map();
let snap = null;
let clockOffset = 0; // server clock minus ours

const $ = (id) => document.getElementById(id);

function svgEl(name, attrs, parent) {
  const el = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (parent) parent.appendChild(el);
  return el;
}

function setStatus(text, cls) {
  const s = $('status');
  s.textContent = text;
  s.className = `status ${cls}`;
}

function connect() {
  const events = new EventSource('/events');
  events.addEventListener('snapshot', (ev) => receive(JSON.parse(ev.data)));
  events.onerror = () => setStatus('reconnecting…', 'disconnected');
}

function receive(s) {
  clockOffset = s.time - Date.now();
  for (const g of s.groups) colors.set(g.group, g.color);
  for (const b of s.stream) bars.push(b);
  const oldest = s.time - MAX_WINDOW_MS;
  let cut = 0;
  while (cut < bars.length && (bars[cut].end < oldest || bars.length - cut > 4000)) cut++;
  if (cut > 0) bars.splice(0, cut);
  snap = s;
  setStatus(s.busy ? 'running' : 'idle', s.busy ? 'running' : 'idle');
  document.title = `${s.busy ? '▶ ' : ''}floe dashboard`;
  render();
}

function render() {
  if (!snap) return;
  renderSummary();
  renderStream();
  renderProgress();
  renderMemory();
  renderThroughput();
}

function renderSummary() {
  const sum = (k) => snap.groups.reduce((a, g) => a + g[k], 0);
  $('worker-count').textContent = String(snap.workers.length);
  $('done-count').textContent = String(sum('done'));
  $('running-count').textContent = String(sum('running'));
  $('waiting-count').textContent = String(sum('waiting'));
  $('failed-count').textContent = String(sum('failed'));
  $('uptime').textContent = duration((snap.time - snap.startedAt) / 1000);
}

function renderStream() {
  const svg = $('task-stream');
  const width = Math.max(300, svg.clientWidth || 900);
  const now = Date.now() + clockOffset;
  // the window reaches back to the oldest bar kept (at most a minute), so a short job fills it
  const first = bars.length > 0 ? Math.min(...bars.map((b) => b.start)) : now;
  const span = Math.min(MAX_WINDOW_MS, Math.max(MIN_WINDOW_MS, (now - first) * 1.04));
  const t0 = now - span;
  const ids = snap.workers.map((w) => w.id);
  if (bars.some((b) => b.worker === 0) && !ids.includes(0)) ids.unshift(0);
  const lanes = Math.max(1, ids.length);
  const height = lanes * (LANE + LANE_GAP) + 18;
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('height', String(height));
  svg.replaceChildren();
  const plot = width - LABEL - 8;
  const x = (t) => LABEL + ((t - t0) / span) * plot;
  const axisY = lanes * (LANE + LANE_GAP);
  const step = [0.25, 0.5, 1, 2, 5, 10, 15, 30].find((st) => span / 1000 / st <= 8) * 1000;
  for (let ago = 0; ago <= span; ago += step) {
    const tx = x(now - ago);
    svgEl('line', { class: 'tick', x1: tx, x2: tx, y1: 0, y2: axisY }, svg);
    const label = svgEl('text', { class: 'tick-label', x: tx, y: axisY + 13, 'text-anchor': ago === 0 ? 'end' : 'middle' }, svg);
    label.textContent = ago === 0 ? 'now' : `-${+(ago / 1000).toFixed(2)}s`;
  }
  ids.forEach((id, lane) => {
    const y = lane * (LANE + LANE_GAP);
    svgEl('rect', { class: 'lane-bg', x: LABEL, y, width: plot, height: LANE }, svg);
    const label = svgEl('text', { class: 'lane-label', x: 4, y: y + LANE / 2 + 4 }, svg);
    label.textContent = id === 0 ? 'main thread' : `worker ${id}`;
    // tasks that overlapped on one worker (async functions) get sub-lanes
    const mine = bars.filter((b) => b.worker === id && b.end >= t0).sort((a, b) => a.start - b.start);
    const ends = [];
    const placed = mine.map((b) => {
      let sub = ends.findIndex((e) => e <= b.start);
      if (sub < 0) { sub = ends.length; ends.push(0); }
      ends[sub] = b.end;
      return { b, sub };
    });
    const h = Math.max(3, (LANE - 2) / Math.max(1, ends.length));
    for (const { b, sub } of placed) {
      const x0 = Math.max(LABEL, x(b.start));
      const rect = svgEl('rect', {
        class: 'bar', x: x0, y: y + 1 + sub * h, width: Math.max(1.5, x(b.end) - x0), height: Math.max(2, h - 1),
        fill: colors.get(b.group) || '#888', 'data-group': b.group,
      }, svg);
      svgEl('title', {}, rect).textContent = `${b.key} · ${Math.round(b.end - b.start)} ms · ${id === 0 ? 'main thread' : `worker ${id}`}`;
    }
  });
  const legend = $('legend');
  const groups = [...new Set(bars.filter((b) => b.end >= t0).map((b) => b.group))];
  const text = groups.join('|');
  if (legend.dataset.groups !== text) {
    legend.dataset.groups = text;
    legend.replaceChildren(...groups.map((g) => {
      const item = document.createElement('div');
      const sw = document.createElement('span');
      sw.style.backgroundColor = colors.get(g) || '#888';
      item.append(sw, g);
      return item;
    }));
  }
}

function renderProgress() {
  const box = $('progress');
  if (snap.groups.length === 0) return;
  box.querySelector('.empty')?.remove();
  for (const g of snap.groups) {
    let row = rows.get(g.group);
    if (!row) {
      row = document.createElement('div');
      row.className = 'group-row';
      row.dataset.group = g.group;
      const name = document.createElement('div');
      name.className = 'group-name';
      const sw = document.createElement('span');
      sw.style.backgroundColor = g.color;
      name.append(sw, g.group);
      name.title = g.group;
      const stack = document.createElement('div');
      stack.className = 'stack';
      for (const k of ['done', 'running', 'waiting', 'failed']) {
        const seg = document.createElement('div');
        seg.className = `seg ${k}`;
        if (k === 'done' || k === 'running') seg.style.backgroundColor = g.color;
        stack.appendChild(seg);
      }
      const counts = document.createElement('div');
      counts.className = 'counts';
      row.append(name, stack, counts);
      box.appendChild(row);
      rows.set(g.group, row);
    }
    const total = Math.max(1, g.total);
    for (const k of ['done', 'running', 'waiting', 'failed']) {
      row.querySelector(`.seg.${k}`).style.width = `${(100 * g[k]) / total}%`;
    }
    row.dataset.done = String(g.done);
    row.dataset.total = String(g.total);
    const b = document.createElement('b');
    b.textContent = `${g.done} / ${g.total}`;
    row.querySelector('.counts').replaceChildren(b, ` done · ${g.running} running · ${g.waiting} waiting${g.failed ? ` · ${g.failed} failed` : ''}`);
  }
}

function renderMemory() {
  const box = $('memory');
  const entries = snap.workers.map((w) => ({ label: `worker ${w.id}`, value: w.heap, cls: '' }));
  entries.push({ label: 'process heap', value: snap.process.heapUsed, cls: 'process' });
  entries.push({ label: 'process RSS', value: snap.process.rss, cls: 'process' });
  const scale = Math.max(...entries.map((e) => e.value ?? 0), 1);
  box.replaceChildren(...entries.map((e) => {
    const row = document.createElement('div');
    row.className = `mem-row ${e.cls}`;
    const label = document.createElement('div');
    label.textContent = e.label;
    const track = document.createElement('div');
    track.className = 'mem-track';
    const fill = document.createElement('div');
    fill.className = 'mem-fill';
    fill.style.width = `${(100 * (e.value ?? 0)) / scale}%`;
    track.appendChild(fill);
    const value = document.createElement('div');
    value.className = 'mem-value';
    value.textContent = e.value == null ? '–' : `${(e.value / MB).toFixed(1)} MB`;
    row.append(label, track, value);
    return row;
  }));
}

function renderThroughput() {
  const t = snap.throughput;
  $('tasks-rate').textContent = t.tasksPerSecond.toFixed(1);
  $('bytes-rate').textContent = (t.bytesPerSecond / MB).toFixed(1);
  $('tasks-total').textContent = String(t.tasksDone);
  $('bytes-total').textContent = (t.bytesDone / MB).toFixed(1);
  const svg = $('throughput-chart');
  const width = Math.max(200, svg.clientWidth || 300);
  const height = 70;
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.replaceChildren();
  const max = Math.max(1, ...t.history.map((h) => h.tasks));
  const w = width / t.history.length;
  t.history.forEach((h, i) => {
    if (h.tasks === 0) return;
    const bh = ((height - 4) * h.tasks) / max;
    const r = svgEl('rect', { x: i * w + 0.5, y: height - 1 - bh, width: Math.max(1, w - 1), height: bh }, svg);
    svgEl('title', {}, r).textContent = `${h.tasks} tasks, ${(h.bytes / MB).toFixed(1)} MB`;
  });
  svgEl('line', { class: 'axis', x1: 0, x2: width, y1: height - 0.5, y2: height - 0.5 }, svg);
}

function duration(seconds) {
  const s = Math.floor(seconds);
  const m = Math.floor(s / 60);
  const h = Math.floor(m / 60);
  const pad = (n) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m % 60)}:${pad(s % 60)}` : `${pad(m)}:${pad(s % 60)}`;
}

// keep the task stream scrolling between snapshots while work runs
setInterval(() => { if (snap?.busy) renderStream(); }, 250);
window.addEventListener('resize', render);
connect();
