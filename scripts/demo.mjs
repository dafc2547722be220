#!/usr/bin/env node
// Starts the demo. Until the speech-translation PWA lands it serves the e2e smoke page (Silero VAD
// in a worker on onnxruntime-web), built for production with COOP/COEP, and prints its URL.
import { spawnSync, spawn } from 'node:child_process';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const port = process.env.PORT ?? '5173';
const e2e = resolve(root, 'e2e');
const build = spawnSync('pnpm', ['exec', 'vite', 'build', '--config', 'vite.config.ts', '--logLevel', 'warn'], {
  cwd: e2e,
  stdio: 'inherit',
});
if (build.status !== 0) process.exit(build.status ?? 1);
const server = spawn('pnpm', ['exec', 'vite', 'preview', '--config', 'vite.config.ts', '--port', port, '--strictPort', '--host', '127.0.0.1'], {
  cwd: e2e,
  stdio: ['ignore', 'ignore', 'inherit'],
});
console.log(`\n  Tandem demo: http://127.0.0.1:${port}/ort-smoke/\n  (Ctrl+C to stop)\n`);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => server.kill(sig));
server.on('exit', (code) => process.exit(code ?? 0));
