import { existsSync } from 'node:fs';
import { authFromEnv, ConfigError, createApertiumApyProvider, jsonLineLogger, silentLogger, type TranslateProvider } from '@tandem/functions';
import { apertiumApyAnswers } from './apertium-apy-process.js';
import { superviseApertiumApy, type SupervisedApertiumApy } from './apertium-apy-supervisor.js';
import { createApertiumCliProvider } from './apertium-cli.js';
import { startNodeServer } from './server.js';

/**
 * `pnpm --filter @tandem/translate-function start` (bin/start.mjs): the demo's function.
 * With no configuration it runs the embedded apertium provider on loopback, starting
 * apertium-apy on an ephemeral loopback port unless APERTIUM_APY_URL already answers, and —
 * because nothing is configured — without tokens (TANDEM_AUTH=none), which it allows only
 * on a loopback host. Set TANDEM_JWT_SECRET to require tokens (see scripts/dev-token.mjs).
 * The apertium-apy it starts is supervised: restarted with backoff when it dies or stops
 * answering, and meanwhile translate requests get 503 at once and /healthz says it is down.
 */
export async function main(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const host = env.HOST ?? '127.0.0.1';
  const loopback = host === '127.0.0.1' || host === '::1' || host === 'localhost';
  const config: Record<string, string | undefined> = { ...env };
  if (!config.TANDEM_JWT_SECRET && !config.TANDEM_AUTH) {
    if (!loopback) throw new ConfigError(`Refusing to serve on ${host} without TANDEM_JWT_SECRET (or an explicit TANDEM_AUTH=none).`);
    config.TANDEM_AUTH = 'none';
    console.error('translate-function: no TANDEM_JWT_SECRET, so tokens are not required (loopback only).');
  }
  authFromEnv(config); // fail early on a bad secret/config, before starting apy

  let apy: SupervisedApertiumApy | undefined;
  let provider: TranslateProvider | undefined;
  if ((config.TANDEM_PROVIDER ?? 'apertium') === 'apertium') {
    const configured = config.APERTIUM_APY_URL;
    if (configured && (await apertiumApyAnswers(configured))) {
      console.error(`translate-function: using apertium-apy at ${configured}`);
    } else if (existsSync('/usr/bin/apertium-apy')) {
      apy = await superviseApertiumApy({
        ...(config.APERTIUM_APY_PORT ? { port: Number(config.APERTIUM_APY_PORT) } : {}),
        onEvent: (event) => console.error(`translate-function: apertium-apy ${JSON.stringify(event)}`),
      });
      config.APERTIUM_APY_URL = apy.url;
      const supervised = apy;
      provider = createApertiumApyProvider({ url: apy.url, running: () => supervised.running() });
      console.error(`translate-function: started apertium-apy at ${apy.url} (pid ${apy.pid})`);
    } else {
      provider = createApertiumCliProvider();
      console.error('translate-function: apertium-apy not installed; falling back to one apertium CLI process per request');
    }
  }

  const server = await startNodeServer({
    env: config,
    port: Number(env.PORT ?? 8787),
    host,
    logger: env.TANDEM_LOG === 'off' ? silentLogger : jsonLineLogger,
    ...(provider ? { overrides: { provider } } : {}),
  });
  // The first stdout line is the URL: the demo and the e2e specs read it.
  console.log(`Tandem translate function: ${server.url}`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await server.close();
    await apy?.stop();
    process.exit(0);
  };
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => void stop());
}
