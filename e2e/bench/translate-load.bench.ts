import autocannon from 'autocannon';
import { loadChannels } from './channel-load.ts';
import { defineBenchmark, type Metric, type SampleSeries } from './contract.ts';
import { median, quantile } from './stats.ts';
import { devToken, startFunctionServer } from '../support/function-server.ts';

/**
 * Issue 10 #7: throughput and latency of the translate function on loopback, measured with
 * autocannon against the Node server the demo runs (apps/translate-function/bin/start.mjs):
 * once with the fixed provider (the function's own overhead: auth, validation, JSON, logging
 * off) and once with the embedded apertium provider (real MT through apertium-apy). Then the
 * browser client's end-to-end latency from the page, which adds CORS, cockatiel and fetch.
 * Each load run is a few seconds; everything listens on 127.0.0.1 only.
 *
 * Issue 17: the session channel under load — CHANNELS WebSocket channels open at once on the
 * fixed provider (an echo), each sending a translate message every CHANNEL_INTERVAL_MS (open
 * loop), latency per message; and the page's round trip per call, channel vs HTTP, one at a time
 * through the same client (fixed provider: the transports' own cost, no MT time).
 */
const DURATION_S = Number(process.env.TANDEM_BENCH_LOAD_SECONDS ?? 5);
const SENTENCE = 'Good morning, the meeting is in the small room at ten.';
const CHANNELS = Number(process.env.TANDEM_BENCH_CHANNELS ?? 200);
const CHANNEL_INTERVAL_MS = 500;

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
    { metric: 'channels.opened', op: '>=', target: 200, text: '≥ 200 concurrent session channels' },
    { metric: 'channels.p99', op: '<=', target: 50, text: 'session channels: p99 message latency ≤ 50 ms (fixed provider)' },
    { metric: 'channels.failures', op: '==', target: 0, text: 'session channels: every message answered 200, none dropped' },
    { metric: 'client.channelToHttpP50', op: '<=', target: 0.5, text: 'page round trip per call: channel p50 ≤ 0.5 × HTTP p50' },
  ],
  timeoutMs: 3 * 60_000,
  async run(ctx) {
    const origin = new URL(ctx.baseURL).origin;
    const common = { TANDEM_LOG: 'off', TANDEM_RATE_LIMIT_PER_MINUTE: '100000000', TANDEM_RATE_LIMIT_BURST: '1000000' };
    const token = devToken('bench');
    const notes: string[] = [`${DURATION_S} s per load run, loopback, Node server with bearer-token auth on, request logs off`];
    const out: Record<string, Metric> = {};
    const clientSeries: SampleSeries[] = [];

    const fixed = await startFunctionServer({ allowedOrigin: origin, env: { ...common, TANDEM_PROVIDER: 'fixed' } });
    try {
      await load(fixed.url, token, 2); // warm-up (JIT), discarded
      ctx.log('fixed provider, 10 connections');
      Object.assign(out, metrics('fixed', await load(fixed.url, token, 10), 10));

      ctx.log(`fixed provider, ${CHANNELS} session channels, a message every ${CHANNEL_INTERVAL_MS} ms each`);
      const c = await loadChannels({ url: fixed.url, token, origin, channels: CHANNELS, intervalMs: CHANNEL_INTERVAL_MS, durationMs: DURATION_S * 1000, body: JSON.parse(body(SENTENCE)) });
      Object.assign(out, {
        'channels.opened': { value: c.opened, unit: 'count', description: `session channels open at once (opened in ${c.openMs.toFixed(0)} ms, 20 at a time)` },
        'channels.messages': { value: c.latencies.length, unit: 'count', description: `messages answered 200 over ${DURATION_S} s (${((c.opened * 1000) / CHANNEL_INTERVAL_MS).toFixed(0)} msg/s offered)` },
        'channels.p50': { value: median(c.latencies), unit: 'ms', description: 'session channels: median message latency (send → reply)' },
        'channels.p99': { value: quantile(c.latencies, 0.99), unit: 'ms', description: 'session channels: 99th percentile message latency' },
        'channels.failures': { value: c.failures + c.dropped, unit: 'count', description: 'session channels: non-200 replies, unanswered messages and channels closed early' },
      });
      notes.push(`session channels: the ${CHANNELS} ws clients run in the bench's own Node process, on the same 2 cores as the function; permessage-deflate on both sides`);

      // The page's view of one call at a time, the same client with and without a session.
      await ctx.page.goto(`${ctx.baseURL}/session-channel/`);
      await ctx.page.evaluate((s) => window.sc.init(s), { endpoint: fixed.url, token, timeoutMs: 5_000, retries: 0 });
      const call = (transport: string) => async () => {
        const u = await ctx.page.evaluate((text) => window.sc.utter(text), SENTENCE);
        if ('error' in u) throw new Error(`client call failed: ${u.error}`);
        if (u.transport !== transport) throw new Error(`expected ${transport}, went over ${u.transport} (${u.transportFallback ?? ''})`);
        return u.ms;
      };
      const overHttp = await ctx.measure({ name: 'page → fixed over HTTP, one at a time', unit: 'ms', repeats: ctx.repeats(40), warmup: 3 }, call('http'));
      await ctx.page.evaluate(() => window.sc.openSession());
      const overChannel = await ctx.measure({ name: 'page → fixed over the session channel, one at a time', unit: 'ms', repeats: ctx.repeats(40), warmup: 3 }, call('channel'));
      await ctx.page.evaluate(() => window.sc.closeSession());
      clientSeries.push(overHttp, overChannel);
      Object.assign(out, {
        'client.httpP50': { value: median(overHttp.samples), unit: 'ms', description: 'page round trip per call over HTTP (boundary, client, CORS, fetch, function), p50' },
        'client.channelP50': { value: median(overChannel.samples), unit: 'ms', description: 'page round trip per call over the session channel, p50' },
        'client.channelToHttpP50': { value: median(overChannel.samples) / median(overHttp.samples), unit: 'ratio', description: 'channel p50 ÷ HTTP p50' },
      });
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
      return { series: [...clientSeries, series], metrics: out, notes };
    } finally {
      await apertium.stop();
    }
  },
});
