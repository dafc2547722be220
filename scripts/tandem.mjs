#!/usr/bin/env node
// The one entry point behind `npm test`, `npm run demo` and `npm run bench`. It needs only Node
// and npm: it brings pnpm (pinned in package.json), the workspace's dependencies, Debian's
// packages the tests use, and Chromium, then runs the command. Safe to run again and again.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ensureChromium } from './find-chromium.mjs';
import { ensureSystemPackages } from './system-packages.mjs';

const root = resolve(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8'));
const pnpmVersion = String(pkg.packageManager).replace(/^pnpm@/, '');

process.env.PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD = '1';
process.env.WRANGLER_SEND_METRICS = 'false';
process.env.DO_NOT_TRACK = '1';

function works(cmd, args) {
  return spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;
}

/** pnpm at the pinned version: the installed one, else a global npm install, else npx. */
function pnpm() {
  const installed = spawnSync('pnpm', ['--version'], { encoding: 'utf8' });
  if (installed.status === 0 && installed.stdout.trim() === pnpmVersion) return ['pnpm'];
  console.log(`[tandem] installing pnpm@${pnpmVersion} with npm…`);
  if (works('npm', ['install', '-g', `pnpm@${pnpmVersion}`]) && works('pnpm', ['--version'])) return ['pnpm'];
  console.log('[tandem] global install refused; using npx');
  return ['npx', '--yes', `pnpm@${pnpmVersion}`];
}

function run(argv, opts = {}) {
  const [cmd, ...args] = argv;
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

function setup() {
  const p = pnpm();
  ensureSystemPackages();
  process.env.CHROMIUM_PATH ||= ensureChromium();
  run([...p, 'install', '--frozen-lockfile']);
  // PocketSphinx → WebAssembly from Debian's sources (cached; ~2 min the first time) and the
  // flite speech fixtures, both before prepare-assets copies them where the pages are served.
  run(['bash', 'scripts/build-pocketsphinx-wasm.sh']);
  run(['node', 'scripts/make-speech-fixtures.mjs']);
  run(['node', 'scripts/prepare-assets.mjs']);
  return p;
}

const command = process.argv[2] ?? 'test';
const rest = process.argv.slice(3);
switch (command) {
  case 'setup':
    setup();
    break;
  case 'test': {
    const p = setup();
    // The packed-packages unit test and the photo-redact e2e spec both install the tarballs: they
    // are packed once here (~25 s) and found through TANDEM_PACKS_DIR; run alone, each packs its own.
    const packs = mkdtempSync(join(tmpdir(), 'tandem-packs-'));
    run([...p, 'run', 'pack:packages', packs]);
    process.env.TANDEM_PACKS_DIR = packs;
    run([...p, 'run', 'test:all', ...rest]);
    break;
  }
  case 'demo': {
    const p = setup();
    run([...p, 'run', '--dir', root, 'demo:start', ...rest]);
    break;
  }
  case 'bench': {
    const p = setup();
    run([...p, 'run', 'bench:run', ...rest]);
    break;
  }
  default:
    console.error(`unknown command ${command}; use test, demo, bench or setup`);
    process.exit(2);
}
