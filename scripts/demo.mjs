#!/usr/bin/env node
// `npm run demo` (after setup): builds the speech-translation PWA, starts the translate function
// (Node, embedded apertium via apertium-apy, no keys) and serves the PWA on loopback, then prints
// the URL. Ctrl+C stops both, apertium-apy included. PORT picks the app's port (default 5173).
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { startDemo } from '../apps/speech-translate/scripts/start-demo.mjs';

const root = resolve(import.meta.dirname, '..');
const app = resolve(root, 'apps/speech-translate');
console.log('[demo] building the speech-translation PWA…');
const build = spawnSync('pnpm', ['run', 'build'], { cwd: app, stdio: ['ignore', 'inherit', 'inherit'] });
if (build.status !== 0) process.exit(build.status ?? 1);

console.log('[demo] starting the translate function (apertium) and the app server…');
const demo = await startDemo({
  dist: resolve(app, 'dist'),
  appPort: process.env.PORT ?? '5173',
  functionPort: process.env.FUNCTION_PORT ?? '0',
  functionEnv: { TANDEM_LOG: 'off' },
  onFunctionLog: (line) => process.stderr.write(`[function] ${line}`),
});
console.log(`
  Tandem speech translate: ${demo.appUrl}
  translate function:      ${demo.functionUrl} (apertium, eng→spa / eng→cat)

  Open the first URL in Chromium or Chrome. The first visit downloads ~33 MB, brotli-compressed
  (ORT's runtime for the service worker's cache, ~39 MB of speech models for IndexedDB); later
  visits (and offline ones) load everything from the browser.
  Ctrl+C to stop.
`);
let stopping = false;
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    if (stopping) return;
    stopping = true;
    console.log('\n[demo] stopping…');
    void demo.stop().then(() => process.exit(0));
  });
}
demo.function.child.on('exit', (code) => {
  if (stopping) return;
  console.error(`[demo] the translate function exited (${code}); stopping`);
  void demo.stop().then(() => process.exit(1));
});
