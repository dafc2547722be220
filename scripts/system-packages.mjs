#!/usr/bin/env node
// Debian packages the tests, the demo and the benchmarks run against (real parts, no mocks).
// On Debian as root (CI, the dev machines) the missing ones are installed with apt-get; elsewhere
// the list is printed so a person can install them.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/** Package name → a file it installs, to tell whether it is there without asking dpkg. */
export const SYSTEM_PACKAGES = {
  chromium: '/usr/bin/chromium',
};

export function missingSystemPackages() {
  return Object.entries(SYSTEM_PACKAGES)
    .filter(([, probe]) => !existsSync(probe))
    .map(([name]) => name);
}

export function ensureSystemPackages() {
  const missing = missingSystemPackages();
  if (missing.length === 0) return;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!root || !existsSync('/etc/debian_version')) {
    console.error(`[tandem] missing system packages: ${missing.join(' ')} (Debian: apt-get install ${missing.join(' ')})`);
    process.exit(1);
  }
  console.log(`[tandem] apt-get install ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  if (update.status !== 0) process.exit(update.status ?? 1);
  const install = spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], {
    stdio: 'inherit',
    env,
  });
  if (install.status !== 0) process.exit(install.status ?? 1);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) ensureSystemPackages();
