#!/usr/bin/env node
// Starts the translate function on Node for the demo: bundles src/node/main.ts (and the
// workspace's TypeScript sources, through the `@tandem/source` condition) with esbuild into
// .generated/, then runs it. No build step or TS loader is needed first; bundling takes ~0.2 s.
// Env: PORT (default 8787; 0 = ephemeral), HOST (127.0.0.1), TANDEM_* (see README).
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const app = resolve(import.meta.dirname, '..');
const outfile = resolve(app, '.generated', `server-${process.pid}.mjs`);
mkdirSync(resolve(app, '.generated'), { recursive: true });
await build({
  entryPoints: [resolve(app, 'src/node/main.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  conditions: ['@tandem/source'],
  logLevel: 'warning',
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
});
const { main } = await import(pathToFileURL(outfile).href);
const { rmSync } = await import('node:fs');
rmSync(outfile, { force: true });
await main(process.env);
