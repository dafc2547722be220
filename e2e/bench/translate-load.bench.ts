import autocannon from 'autocannon';
import { defineBenchmark, type Metric } from './contract.ts';
import { devToken, startFunctionServer } from '../support/function-server.ts';

/**
 * Issue 10 #7: throughput and latency of the translate function on loopback, measured with
 * autocannon against the Node server the demo runs (apps/translate-function/bin/start.mjs):
 * once with the fixed provider (the function's own overhead: auth, validation, JSON, logging
 * off) and once with the embedded apertium provider (real MT through apertium-apy). Then the
 * browser client's end-to-end latency from the page, which adds CORS, cockatiel and fetch.
 * Each load run is a few seconds; everything listens on 127.0.0.1 only.
 */
const DURATION_S = Number(process.env.TANDEM_BENCH_LOAD_SECONDS ?? 5);
const SENTENCE = 'Good morning, the meeting is in the small room at ten.';

function body(text: string): string {
  return JSON.stringify({ text, source: 'eng', target: 'spa', redaction: { version: 1, placeholders: [] }, label: 'sanitized' });
}

async function load(url: string, token: string, connections: number): Promise<autocannon.Result> {
  return autocannon({
    url: `${url}/v1/translate`,
    method: 'POST',
    connections,
    duration: DURATION_S,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: body(SENTENCE),
  });
}

function metrics(prefix: string, r: autocannon.Result, connections: number): Record<string, Metric> {
  return {
    [`${prefix}.rps`]: { value: r.requests.average, unit: 'req/s', description: `${prefix}: mean requests/s over ${r.duration} s, ${connections} connections` },
    [`${prefix}.p50`]: { value: r.latency.p50, unit: 'ms', description: `${prefix}: median latency` },
    [`${prefix}.p99`]: { value: r.latency.p99, unit: 'ms', description: `${prefix}: 99th percentile latency` },
    [`${prefix}.requests`]: { value: r.requests.total, unit: 'count', description: `${prefix}: requests completed` },
    [`${prefix}.failures`]: { value: r.non2xx + r.errors + r.timeouts, unit: 'count', description: `${prefix}: non-2xx answers, connection errors and timeouts` },
  };
}

export default defineBenchmark({
  id: 'translate-load',
  title: 'Translate function throughput and latency on loopback (autocannon; fixed provider vs apertium)',
  goals: [
    { metric: 'fixed.failures', op: '==', target: 0, text: 'fixed provider: no failed requests under load' },
    { metric: 'apertium.failures', op: '==', target: 0, text: 'apertium: no failed requests under load' },
    { metric: 'fixed.p99', op: '<=', target: 50, text: 'fixed provider p99 ≤ 50 ms (function overhead)' },
    { metric: 'apertium.p50', op: '<=', target: 150, text: 'apertium p50 ≤ 150 ms at 2 connections' },
  ],
  timeoutMs: 3 * 60_000,
  async run(ctx) {
    const origin = new URL(ctx.baseURL).origin;
    const common = { TANDEM_LOG: 'off', TANDEM_RATE_LIMIT_PER_MINUTE: '100000000', TANDEM_RATE_LIMIT_BURST: '1000000' };
    const token = devToken('bench');
    const notes: string[] = [`${DURATION_S} s per load run, loopback, Node server with bearer-token auth on, request logs off`];
    const out: Record<string, Metric> = {};

    const fixed = await startFunctionServer({ allowedOrigin: origin, env: { ...common, TANDEM_PROVIDER: 'fixed' } });
    try {
      await load(fixed.url, token, 2); // warm-up (JIT), discarded
      ctx.log('fixed provider, 10 connections');
      Object.assign(out, metrics('fixed', await load(fixed.url, token, 10), 10));
    } finally {
      await fixed.stop();
    }

    const apertium = await startFunctionServer({ allowedOrigin: origin, env: { ...common, TANDEM_PROVIDER: 'apertium' } });
    try {
      // apertium-apy starts a pair's pipeline on its first call (~0.4 s): warm it first.
      await fetch(`${apertium.url}/v1/translate`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: body('warm up') });
      ctx.log('apertium provider, 2 connections');
      Object.assign(out, metrics('apertium', await load(apertium.url, token, 2), 2));

      // The browser client's view: one request at a time from the page, through cockatiel + CORS.
      await ctx.page.goto(`${ctx.baseURL}/functions-client/`);
      await ctx.page.evaluate((s) => window.fc.init(s), { endpoint: apertium.url, token, timeoutMs: 5_000, retries: 0 });
      const series = await ctx.measure({ name: 'client → apertium, one at a time', unit: 'ms', repeats: ctx.repeats(40), warmup: 3 }, async () => {
        const o = await ctx.page.evaluate((text) => window.fc.translate(text), SENTENCE);
        if (!o.ok) throw new Error(`client call failed: ${o.error.message}`);
        return o.ms;
      });
      const sample = await ctx.page.evaluate((text) => window.fc.translate(text), SENTENCE);
      if (sample.ok) notes.push(`apertium output: "${sample.result.translation}"`);
      notes.push('apertium-apy runs one pipeline per pair by default, so more connections queue rather than parallelise');
      return { series: [series], metrics: out, notes };
    } finally {
      await apertium.stop();
    }
  },
});
