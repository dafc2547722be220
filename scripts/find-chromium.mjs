#!/usr/bin/env node
// Finds the Chromium that Playwright drives. Tandem never downloads a browser: it uses Debian's
// `chromium` (or CHROMIUM_PATH). Run directly, it installs Debian's package when it can (root on
// Debian, as on CI) and otherwise says what to do.
import { execFileSync, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The first usable Chromium: CHROMIUM_PATH when set (and then only it), else a known path. */
export function findChromium() {
  const override = process.env.CHROMIUM_PATH;
  if (override) {
    if (!isExecutable(override)) throw new Error(`CHROMIUM_PATH=${override} is not an executable file`);
    return override;
  }
  return CANDIDATES.find(isExecutable) ?? null;
}

function isDebianRoot() {
  const debian = existsSync('/etc/debian_version') || /debian|ubuntu/i.test(safeRead('/etc/os-release'));
  return debian && typeof process.getuid === 'function' && process.getuid() === 0;
}

function safeRead(path) {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/** Returns a Chromium path, installing Debian's package first when that is possible. */
export function ensureChromium() {
  const found = findChromium();
  if (found) return found;
  if (!isDebianRoot()) {
    console.error(
      'No Chromium found. Install one (Debian/Ubuntu: `sudo apt-get install chromium`) ' +
        'or set CHROMIUM_PATH to a Chromium/Chrome executable. Tandem never downloads a browser.',
    );
    process.exit(1);
  }
  console.log('[tandem] installing Debian chromium with apt-get…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  const r = spawnSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env });
  if (r.status !== 0) process.exit(r.status ?? 1);
  const after = findChromium();
  if (!after) throw new Error('apt-get installed chromium but no executable was found');
  return after;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(ensureChromium());
}
