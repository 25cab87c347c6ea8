// Makes sure what the test suite needs beyond npm packages is on the machine, before `npm test`
// runs anything: the browser for the dashboard's browser test, Debian's `chromium` (never a
// downloaded browser build), Debian's `redis-server` for the cluster tests and `zstd` for the .csv.zst tests. Installs it with apt-get when running as root; otherwise
// stops with the command to run. It never lets the browser test be skipped.
// Plain JavaScript on purpose: it runs before anything is built.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const chromium = process.env.FLOE_CHROMIUM ?? '/usr/bin/chromium';

function fail(message) {
  process.stderr.write(`ensure-test-deps: ${message}\n`);
  process.exit(1);
}

function run(command, args) {
  const r = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (r.error) fail(`could not run ${command}: ${r.error.message}`);
  if (r.status !== 0) fail(`\`${command} ${args.join(' ')}\` exited with ${r.status ?? r.signal}`);
}

const hasAptGet = () => spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;

if (!existsSync(chromium)) {
  const how = 'install it with `sudo apt-get install -y --no-install-recommends chromium` (Debian), or set FLOE_CHROMIUM to a Chromium binary';
  if (process.env.FLOE_CHROMIUM !== undefined) fail(`FLOE_CHROMIUM=${chromium} does not exist; point it at a Chromium binary, or unset it to use Debian's /usr/bin/chromium`);
  if (process.platform !== 'linux' || !hasAptGet()) fail(`the dashboard's browser test needs Chromium at ${chromium}: ${how}`);
  if (process.getuid?.() !== 0) fail(`the dashboard's browser test needs Chromium at ${chromium}, and installing it needs root: ${how}; then run npm test again`);
  process.stderr.write(`ensure-test-deps: Chromium is missing at ${chromium}; installing Debian's chromium package for the dashboard's browser test\n`);
  run('apt-get', ['update']);
  run('apt-get', ['install', '-y', '--no-install-recommends', 'chromium']);
  if (!existsSync(chromium)) fail(`apt-get installed chromium, but ${chromium} is still missing; set FLOE_CHROMIUM to the installed binary`);
}

const hasRedis = () => spawnSync('sh', ['-c', 'command -v redis-server'], { stdio: 'ignore' }).status === 0;

if (!hasRedis()) {
  const how = 'install it with `sudo apt-get install -y --no-install-recommends redis-server` (Debian; Valkey\'s redis-server works too)';
  if (process.platform !== 'linux' || !hasAptGet()) fail(`the cluster tests (packages/cluster) start a private redis-server: ${how}`);
  if (process.getuid?.() !== 0) fail(`the cluster tests need redis-server, and installing it needs root: ${how}; then run npm test again`);
  process.stderr.write('ensure-test-deps: redis-server is missing; installing Debian\'s redis-server package for the cluster tests\n');
  run('apt-get', ['update']);
  run('apt-get', ['install', '-y', '--no-install-recommends', 'redis-server']);
  if (!hasRedis()) fail('apt-get installed redis-server, but it is still not on PATH');
}

const hasZstd = () => spawnSync('sh', ['-c', 'command -v zstd'], { stdio: 'ignore' }).status === 0;

if (!hasZstd()) {
  const how = 'install it with `sudo apt-get install -y --no-install-recommends zstd` (Debian)';
  if (process.platform !== 'linux' || !hasAptGet()) fail(`the .csv.zst tests compress their input with the zstd command: ${how}`);
  if (process.getuid?.() !== 0) fail(`the .csv.zst tests need the zstd command, and installing it needs root: ${how}; then run npm test again`);
  process.stderr.write('ensure-test-deps: zstd is missing; installing Debian\'s zstd package for the .csv.zst tests\n');
  run('apt-get', ['update']);
  run('apt-get', ['install', '-y', '--no-install-recommends', 'zstd']);
  if (!hasZstd()) fail('apt-get installed zstd, but it is still not on PATH');
}
