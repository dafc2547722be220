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
  // Speech fixtures: PocketSphinx understands flite's voices (not espeak-ng's).
  flite: '/usr/bin/flite',
  sox: '/usr/bin/sox',
  // The real English ASR model, human test speech, and the native decoder the benchmark compares to.
  'pocketsphinx-en-us': '/usr/share/pocketsphinx/model/en-us/en-us/mdef',
  'pocketsphinx-testdata': '/usr/share/pocketsphinx/test',
  pocketsphinx: '/usr/bin/pocketsphinx_continuous',
  // Building PocketSphinx to WebAssembly from Debian's sources (scripts/build-pocketsphinx-wasm.sh).
  emscripten: '/usr/bin/emcc',
  bison: '/usr/bin/bison',
  flex: '/usr/bin/flex',
  'dpkg-dev': '/usr/bin/dpkg-source',
  autoconf: '/usr/bin/autoconf',
  automake: '/usr/bin/automake',
  libtool: '/usr/bin/libtoolize',
  pkgconf: '/usr/bin/pkg-config',
  // Real offline machine translation, the embedded default of the translate function.
  apertium: '/usr/bin/apertium',
  'apertium-eng-spa': '/usr/share/apertium/modes/eng-spa.mode',
  'apertium-eng-cat': '/usr/share/apertium/modes/eng-cat.mode',
  'apertium-apy': '/usr/bin/apertium-apy',
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
