import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pcmBytes, requestBytes, totalOutgoing, type OutgoingTotals } from './byte-accounting.ts';
import { defineBenchmark, type Metric, type SampleSeries } from './contract.ts';
import { buildSessionWav } from './session-wav.ts';
import { median } from './stats.ts';
import { runMicSession, type RecordedOutgoing, type SessionRun } from './speech-session.ts';
import { utteranceTimelines } from './utterance-marks.ts';

/**
 * Issue 10 #5: data leaving the device vs audio captured, over a 60 s speech session of the demo
 * PWA (apps/speech-translate, production build, service worker) with its translate function
 * (apertium-apy) on loopback. Chromium's fake capture device plays a 60 s WAV of flite sentences
 * with names and numbers and 2 s pauses (speech-session.ts) as the microphone; the app listens
 * continuously for 60 s, then finishes the last utterance.
 *
 * Audio captured: the 16 kHz samples the app's microphone capture delivered while listening
 * (counted in the app, `tandem:capture-stopped` mark), as 16-bit mono PCM: 2 bytes per sample,
 * ~1.92 MB per minute. That is the least a cloud recogniser would need to receive (the device
 * captured at its own rate, 48 kHz float, before resampling: far more).
 *
 * Data out: every byte the browser sent over TCP during the session window (from the click that
 * starts listening to the last translation shown), counted by byte-counting proxies in front of
 * both servers the page may reach (CSP allows only those two): request lines, all headers,
 * CORS preflights, bodies. Static files and models were fetched before the window opened.
 * Beside it, Playwright's record of every request (page, workers, service worker): URL + headers
 * + body per request, and each body classified (byte-accounting.ts): audio container magic,
 * binary/non-UTF-8, long base64 runs and audio/* types all count as audio bytes out; and every
 * WebSocket frame the page sent, classified the same way.
 *
 * Two sessions in one run, the same WAV: the app as it ships (continuous listening sends each
 * call as a message on the session channel, issue 17; the proxy counts the upgrade request and
 * every frame with its header and mask) and the app with `?transport=http` (one POST per call).
 * The goal is the channel's; HTTP's figures stand beside it.
 */
const SESSION_S = Number(process.env.TANDEM_BENCH_SESSION_SECONDS ?? 60);
/** Terms spoken in the session that the redactor must keep on the device. */
const PERSONAL = ['david', 'london', 'john', 'smith', 'sarah', '4155551234', 'four one five'];

function bytesMetric(value: number, description: string): Metric {
  return { value, unit: 'bytes', description };
}

/** What one session sent, as the figures of this benchmark. */
function sessionFigures(s: SessionRun) {
  const inWindow = s.requests.filter((r) => r.phase === 'session');
  // The channel's frames go to ws://<function>: the same origin as far as this count is concerned.
  const originOf = (url: string) => new URL(url.replace(/^ws/, 'http')).origin;
  const to = (origin: string) => (r: RecordedOutgoing) => originOf(r.url) === origin;
  const toFunction = totalOutgoing(inWindow.filter(to(s.functionOrigin)));
  const toApp = totalOutgoing(inWindow.filter(to(s.appOrigin)));
  const elsewhere = inWindow.filter((r) => !to(s.functionOrigin)(r) && !to(s.appOrigin)(r) && !/^(blob|data):/.test(r.url));
  const all: OutgoingTotals = totalOutgoing(inWindow);
  const audioBytes = pcmBytes(s.capturedSamples);
  if (audioBytes === 0) throw new Error('the app reported no captured audio (no tandem:capture-stopped mark)');
  const wireOut = s.wire.app.up + s.wire.fn.up;
  const personalOut = inWindow.filter((r) => {
    const text = `${decodeURIComponent(r.url)} ${r.body ? Buffer.from(r.body).toString('utf8') : ''}`.toLowerCase().replace(/\s+/g, ' ');
    return PERSONAL.some((p) => text.includes(p) || text.includes(p.replace(/ /g, '')));
  }).length;
  const shown = s.marks.filter((m) => m.name === 'tandem:shown').length;
  const notDone = s.utterances.filter((u) => u.status !== 'done');
  // Nothing translated would make "nothing left" trivially true: that is a broken session, not a result.
  if (shown === 0) throw new Error(`no translation was shown (${s.utterances.length} utterances: ${notDone.map((u) => `${u.status}: ${u.message}`).join(' | ')})`);
  // The translate stage's run time per utterance: the client's call, the function and back.
  const roundTrips = s.marks.filter((m) => m.name === 'tandem:translated').map((m) => Number(m.detail?.runMs)).filter(Number.isFinite);
  const frames = inWindow.filter((r) => r.method === 'WS' && to(s.functionOrigin)(r));
  return { inWindow, to, toFunction, toApp, elsewhere, all, audioBytes, wireOut, personalOut, shown, notDone, roundTrips, frames };
}

function percent(part: number, whole: number): number {
  return (part / whole) * 100;
}

export default defineBenchmark({
  id: 'data-out',
  title: 'Data leaving the device vs audio captured, 60 s speech session of the demo PWA (mic → on-device ASR → redacted text → function), session channel and HTTP',
  goals: [
    { metric: 'audioBytesOut', op: '==', target: 0, text: '0 audio bytes leave the device' },
    { metric: 'outPercentOfAudio', op: '<=', target: 0.1, text: 'bytes out ≤ 0.1% of audio bytes captured (session channel)' },
    { metric: 'roundTripRatio', op: '<=', target: 0.5, text: 'function round trip per utterance: channel p50 ≤ 0.5 × HTTP p50' },
  ],
  timeoutMs: 14 * 60_000,
  async run(ctx) {
    const wav = buildSessionWav(ctx.outputDir, SESSION_S);
    ctx.log(`session WAV ${wav.seconds.toFixed(1)} s, ${wav.sentences.length} sentences`);
    ctx.log('session 1 of 2: the app as it ships (session channel)');
    const s = await runMicSession({ wav: wav.path, listenMs: SESSION_S * 1000, transport: 'channel', log: ctx.log });
    ctx.log('session 2 of 2: ?transport=http (one POST per call)');
    const h = await runMicSession({ wav: wav.path, listenMs: SESSION_S * 1000, transport: 'http', log: ctx.log });
    const c = sessionFigures(s);
    const http = sessionFigures(h);
    const { toFunction, elsewhere, audioBytes, wireOut } = c;

    const metrics: Record<string, Metric> = {
      audioBytesCaptured: bytesMetric(audioBytes, `audio captured while listening, as 16 kHz 16-bit mono PCM (${(s.capturedSamples / 16_000).toFixed(1)} s)`),
      bytesOut: bytesMetric(wireOut, 'session channel: every byte the browser sent on the wire in the window (both servers, the upgrade, frame headers, bodies)'),
      outPercentOfAudio: { value: percent(wireOut, audioBytes), unit: 'percent', description: 'session channel: bytes out ÷ audio bytes captured' },
      reductionFactor: { value: audioBytes / Math.max(1, wireOut), unit: 'ratio', description: 'session channel: audio bytes captured ÷ bytes out (how many times less leaves)' },
      audioBytesOut: bytesMetric(c.all.audioSuspectBytes + http.all.audioSuspectBytes, 'body and frame bytes that are or may be audio (container magic, audio/*, binary, base64 runs), both sessions'),
      'function.wireBytesOut': bytesMetric(s.wire.fn.up, 'session channel: bytes sent to the translate function on the wire (its proxy), upgrade included'),
      'function.outPercentOfAudio': { value: percent(s.wire.fn.up, audioBytes), unit: 'percent', description: 'session channel: bytes to the function only (the transport’s share; the app server’s service-worker update check aside) ÷ audio bytes' },
      'http.function.outPercentOfAudio': { value: percent(h.wire.fn.up, http.audioBytes), unit: 'percent', description: 'HTTP: bytes to the function only ÷ audio bytes' },
      'function.frames': { value: c.frames.length, unit: 'count', description: 'session channel: WebSocket frames the page sent to the function' },
      'function.frameBytes': bytesMetric(c.frames.reduce((a, f) => a + (f.body?.length ?? 0), 0), 'session channel: the frames’ JSON before permessage-deflate'),
      'function.wirePosts': { value: s.wire.fn.methods.POST ?? 0, unit: 'count', description: 'session channel: POSTs to the function on the wire (calls outside the session)' },
      'function.wireUpgrades': { value: s.wire.fn.methods.GET ?? 0, unit: 'count', description: 'session channel: GET requests (the upgrade) to the function on the wire' },
      'app.wireBytesOut': bytesMetric(s.wire.app.up, 'session channel: bytes sent to the app’s own server in the window (service worker checks, lazy files)'),
      'http.bytesOut': bytesMetric(h.wire.app.up + h.wire.fn.up, 'HTTP: every byte the browser sent on the wire in the window'),
      'http.outPercentOfAudio': { value: percent(http.wireOut, http.audioBytes), unit: 'percent', description: 'HTTP: bytes out ÷ audio bytes captured' },
      'http.function.wireBytesOut': bytesMetric(h.wire.fn.up, 'HTTP: bytes sent to the translate function on the wire (its proxy)'),
      'http.function.wirePosts': { value: h.wire.fn.methods.POST ?? 0, unit: 'count', description: 'HTTP: POSTs to the function on the wire' },
      'http.function.wirePreflights': { value: h.wire.fn.methods.OPTIONS ?? 0, unit: 'count', description: 'HTTP: CORS preflights (OPTIONS) to the function on the wire' },
      'http.function.bodyBytes': bytesMetric(http.toFunction.bodyBytes, 'HTTP: request bodies to the function (the redacted JSON)'),
      'function.bytesPerUtterance': bytesMetric(s.wire.fn.up / Math.max(1, c.shown), 'session channel: function wire bytes ÷ translations shown'),
      'http.function.bytesPerUtterance': bytesMetric(h.wire.fn.up / Math.max(1, http.shown), 'HTTP: function wire bytes ÷ translations shown'),
      'roundTrip.channelP50': { value: median(c.roundTrips), unit: 'ms', description: 'session channel: translate stage run time per utterance, p50 (client call → function → answer)' },
      'roundTrip.httpP50': { value: median(http.roundTrips), unit: 'ms', description: 'HTTP: translate stage run time per utterance, p50' },
      roundTripRatio: { value: median(c.roundTrips) / median(http.roundTrips), unit: 'ratio', description: 'channel p50 ÷ HTTP p50 of the translate round trip (apertium’s own time is in both)' },
      otherDestinations: { value: elsewhere.length + http.elsewhere.length, unit: 'count', description: 'requests in the window to any other destination (both sessions)' },
      personalTermsOut: { value: c.personalOut + http.personalOut, unit: 'count', description: 'requests or frames whose URL or body holds a name or number spoken in the session (both sessions)' },
      utterancesShown: { value: c.shown, unit: 'count', description: 'session channel: translations shown in the session' },
      'http.utterancesShown': { value: http.shown, unit: 'count', description: 'HTTP: translations shown in the session' },
      utterancesNotDone: { value: c.notDone.length + http.notDone.length, unit: 'count', description: 'utterances that ended failed, held or queued (both sessions)' },
    };

    // Side by side per utterance (HTTP session): its audio (as PCM) and the translate request sent for it.
    const comparisons = [];
    const timelines = utteranceTimelines(h.marks);
    const posts = http.inWindow.filter((r) => r.method === 'POST' && http.to(h.functionOrigin)(r) && new URL(r.url).pathname === '/v1/translate');
    const notes = [
      `audio: ${wav.sentences.length} flite (slt) sentences in a ${wav.seconds.toFixed(0)} s WAV, 16 kHz s16 mono, played by Chromium's fake capture (--use-file-for-fake-audio-capture; it loops the file); captured at ${s.inputSampleRate} Hz, resampled to 16 kHz by the app`,
      `session channel: listened ${(s.listenedMs / 1000).toFixed(1)} s; window ${(s.windowMs / 1000).toFixed(1)} s; ${s.wire.fn.connections} TCP connection(s) to the function (${JSON.stringify(s.wire.fn.methods)}), ${c.frames.length} frames sent; ${s.wire.app.connections} to the app server (${JSON.stringify(s.wire.app.methods)}); ${s.wire.fn.up} B up to the function, ${s.wire.app.up} B to the app`,
      `request lines on the wire in the window: channel session ${[...s.wire.fn.targets, ...s.wire.app.targets].join(', ')}; HTTP session: app ${h.wire.app.targets.join(', ')}`,
      `HTTP: listened ${(h.listenedMs / 1000).toFixed(1)} s; window ${(h.windowMs / 1000).toFixed(1)} s; ${h.wire.fn.connections} TCP connection(s) to the function (${JSON.stringify(h.wire.fn.methods)}); ${h.wire.fn.up} B up to the function, ${h.wire.app.up} B to the app`,
      `round trips (translate stage run time, ms): channel ${c.roundTrips.map((x) => x.toFixed(0)).join(' ')}; HTTP ${http.roundTrips.map((x) => x.toFixed(0)).join(' ')}`,
      `request bodies to the function (channel session): ${toFunction.requests} (${Object.entries(toFunction.kinds).map(([k, n]) => `${n} ${k}`).join(', ')}); largest ${toFunction.largestBody} B`,
      `app's own counters at the end (channel session): audio kept ${s.appCounters.kept}, sent ${s.appCounters.sent} (${s.appCounters.ratio}), ${s.appCounters.count} utterance(s)`,
      ...s.utterances.map((u) => `channel · ${u.status}: "${u.transcript}" → sent "${u.sent}" → "${u.translation}"${u.message ? ` (${u.message})` : ''}`),
      ...h.utterances.map((u) => `HTTP · ${u.status}: "${u.transcript}" → sent "${u.sent}" → "${u.translation}"${u.message ? ` (${u.message})` : ''}`),
    ];
    if (posts.length === timelines.length && posts.length > 0) {
      const audio: SampleSeries = { name: 'utterance audio (16-bit PCM)', unit: 'bytes', samples: timelines.map((t) => t.audioBytes) };
      const request: SampleSeries = { name: 'its translate request (URL + headers + body)', unit: 'bytes', samples: posts.map((p) => totalOutgoing([p]).totalBytes) };
      comparisons.push(ctx.compare('request-vs-utterance-audio', audio, request));
    } else {
      notes.push(`per-utterance pairing skipped: ${posts.length} translate requests vs ${timelines.length} utterance timelines`);
    }
    const example = posts[0];
    if (example) {
      const b = requestBytes(example);
      notes.push(
        `one translate request as sent (HTTP): URL ${b.url} B, headers ${b.headers} B (${Object.entries(example.headers)
          .map(([k, v]) => `${k} ${k.length + v.length + 4}`)
          .join(', ')}), body ${b.body} B`,
      );
    }
    const frame = c.frames[0];
    if (frame?.body) notes.push(`one translate message as sent (channel): ${frame.body.length} B of JSON before permessage-deflate`);
    // Every request and frame of both windows, headers and (redacted, text) bodies, for inspection.
    const dump = (run: SessionRun, transport: string) => run.requests.map((r) => ({ ...r, transport, body: r.body ? Buffer.from(r.body).toString('utf8') : null }));
    writeFileSync(join(ctx.outputDir, 'data-out-requests.json'), JSON.stringify([...dump(s, 'channel'), ...dump(h, 'http')], null, 2));
    const away = [...elsewhere, ...http.elsewhere];
    if (away.length > 0) notes.push(`other destinations: ${away.map((r) => `${r.method} ${r.url}`).join(', ')}`);
    return { metrics, comparisons, notes };
  },
});
