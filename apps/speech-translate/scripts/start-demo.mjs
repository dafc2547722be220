// Starts the two servers of the demo on loopback and returns their URLs and a stop function:
// the translate function on Node (apps/translate-function/bin/start.mjs: embedded apertium
// provider via apertium-apy, no keys, CORS allowing only this app's origin) and the PWA
// (scripts/serve.mjs: CSP naming the function's origin, COOP/COEP). Used by the root
// `npm run demo` (scripts/demo.mjs) and by the e2e specs.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { clearTimeout } from 'node:timers';
import { startAppServer } from './serve.mjs';

const functionApp = resolve(import.meta.dirname, '../../translate-function');

/** Listens on `port`, or on an ephemeral port when that one is taken. */
async function listenApp(dist, port, host, compression) {
  try {
    return await startAppServer({ dist, port, host, compression });
  } catch (error) {
    if (error?.code !== 'EADDRINUSE' || Number(port) === 0) throw error;
    console.warn(`[demo] port ${port} is in use; using a free one`);
    return startAppServer({ dist, port: 0, host, compression });
  }
}

/**
 * Spawns the function in its own process group (apertium-apy is its child), resolving with its
 * URL from the first stdout line. Exposes the child so the caller can stop and restart it.
 */
export function startFunction({ port = 0, host = '127.0.0.1', allowedOrigins, env = {}, onLog }) {
  const child = spawn(process.execPath, ['bin/start.mjs'], {
    cwd: functionApp,
    detached: true,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: host,
      TANDEM_ALLOWED_ORIGINS: allowedOrigins.join(','),
      TANDEM_RATE_LIMIT_PER_MINUTE: '600',
      TANDEM_RATE_LIMIT_BURST: '60',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d) => {
    stderr += d;
    onLog?.(d);
  });
  const url = new Promise((resolveUrl, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error(`translate function did not start in 60 s:\n${stderr}`)), 60_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`translate function exited (${code}):\n${stderr}`));
    });
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      buf += chunk;
      const lines = buf.split('\n');
      buf = lines.pop() ?? '';
      for (const line of lines) {
        const m = line.match(/^Tandem translate function: (http:\/\/\S+?)\/?$/);
        if (m) {
          clearTimeout(timer);
          child.removeAllListeners('exit');
          resolveUrl(m[1]);
        } else onLog?.(`${line}\n`);
      }
    });
  });
  const stop = () =>
    new Promise((done) => {
      if (child.exitCode !== null || child.signalCode !== null) return done();
      child.once('exit', () => done());
      // The whole group: the Node function and the apertium-apy it started.
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        child.kill('SIGTERM');
      }
      setTimeout(() => {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          /* gone */
        }
      }, 5_000).unref();
    });
  return { child, url, stop };
}

export async function startDemo({ dist, appPort = 0, functionPort = 0, host = '127.0.0.1', functionEnv = {}, onFunctionLog, compression = true } = {}) {
  const app = await listenApp(dist ?? resolve(import.meta.dirname, '../dist'), appPort, host, compression);
  const origin = new URL(app.url).origin;
  const origins = [origin, origin.replace('127.0.0.1', 'localhost')];
  const fn = startFunction({ port: functionPort, host, allowedOrigins: origins, env: functionEnv, onLog: onFunctionLog });
  let functionUrl;
  try {
    functionUrl = await fn.url;
  } catch (error) {
    app.server.close();
    throw error;
  }
  app.setFunctionUrl(functionUrl);
  return {
    appUrl: app.url,
    functionUrl,
    function: fn,
    async stop() {
      await fn.stop();
      await new Promise((done) => {
        app.server.closeAllConnections?.();
        app.server.close(() => done());
      });
    },
  };
}
