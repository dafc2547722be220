import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pcmBytes, requestBytes, totalOutgoing, type OutgoingTotals } from './byte-accounting.ts';
import { defineBenchmark, type Metric, type SampleSeries } from './contract.ts';
import { buildSessionWav } from './session-wav.ts';
import { runMicSession, type RecordedOutgoing } from './speech-session.ts';
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
 * binary/non-UTF-8, long base64 runs and audio/* types all count as audio bytes out.
 */
const SESSION_S = Number(process.env.TANDEM_BENCH_SESSION_SECONDS ?? 60);
/** Terms spoken in the session that the redactor must keep on the device. */
const PERSONAL = ['david', 'london', 'john', 'smith', 'sarah', '4155551234', 'four one five'];

function bytesMetric(value: number, description: string): Metric {
  return { value, unit: 'bytes', description };
}

export default defineBenchmark({
  id: 'data-out',
  title: 'Data leaving the device vs audio captured, 60 s speech session of the demo PWA (mic → on-device ASR → redacted text → function)',
  goals: [
    { metric: 'audioBytesOut', op: '==', target: 0, text: '0 audio bytes leave the device' },
    { metric: 'outPercentOfAudio', op: '<=', target: 0.1, text: 'bytes out ≤ 0.1% of audio bytes captured' },
  ],
  timeoutMs: 8 * 60_000,
  async run(ctx) {
    const wav = buildSessionWav(ctx.outputDir, SESSION_S);
    ctx.log(`session WAV ${wav.seconds.toFixed(1)} s, ${wav.sentences.length} sentences`);
    const s = await runMicSession({ wav: wav.path, listenMs: SESSION_S * 1000, log: ctx.log });

    const inWindow = s.requests.filter((r) => r.phase === 'session');
    const to = (origin: string) => (r: RecordedOutgoing) => new URL(r.url).origin === origin;
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
    const metrics: Record<string, Metric> = {
      audioBytesCaptured: bytesMetric(audioBytes, `audio captured while listening, as 16 kHz 16-bit mono PCM (${(s.capturedSamples / 16_000).toFixed(1)} s)`),
      bytesOut: bytesMetric(wireOut, 'every byte the browser sent on the wire in the window (both servers, headers, preflights, bodies)'),
      outPercentOfAudio: { value: (wireOut / audioBytes) * 100, unit: 'percent', description: 'bytes out ÷ audio bytes captured' },
      reductionFactor: { value: audioBytes / Math.max(1, wireOut), unit: 'ratio', description: 'audio bytes captured ÷ bytes out (how many times less leaves)' },
      audioBytesOut: bytesMetric(all.audioSuspectBytes, 'body bytes that are or may be audio (container magic, audio/*, binary, base64 runs)'),
      'function.wireBytesOut': bytesMetric(s.wire.fn.up, 'bytes sent to the translate function on the wire (its proxy)'),
      'function.requestBytes': bytesMetric(toFunction.totalBytes, 'to the function as Playwright saw it: URL + headers + bodies'),
      'function.bodyBytes': bytesMetric(toFunction.bodyBytes, 'request bodies to the function (the redacted JSON)'),
      'function.requests': { value: toFunction.requests, unit: 'count', description: 'requests to the function seen by Playwright (preflights are not reported there)' },
      'function.wirePreflights': { value: s.wire.fn.methods.OPTIONS ?? 0, unit: 'count', description: 'CORS preflights (OPTIONS) to the function on the wire' },
      'function.wirePosts': { value: s.wire.fn.methods.POST ?? 0, unit: 'count', description: 'POSTs to the function on the wire' },
      'function.largestBody': bytesMetric(toFunction.largestBody, 'largest request body to the function'),
      'app.wireBytesOut': bytesMetric(s.wire.app.up, 'bytes sent to the app’s own server in the window (service worker checks, lazy files)'),
      'app.requests': { value: toApp.requests, unit: 'count', description: 'requests to the app’s origin in the window seen by Playwright (incl. ones the service worker answered)' },
      otherDestinations: { value: elsewhere.length, unit: 'count', description: 'requests in the window to any other destination' },
      personalTermsOut: { value: personalOut, unit: 'count', description: 'requests whose URL or body holds a name or number spoken in the session' },
      utterancesShown: { value: shown, unit: 'count', description: 'translations shown in the session' },
      utterancesNotDone: { value: notDone.length, unit: 'count', description: 'utterances that ended failed, held or queued' },
    };

    // Side by side per utterance: its audio (as PCM) and the translate request sent for it.
    const comparisons = [];
    const timelines = utteranceTimelines(s.marks);
    const posts = inWindow.filter((r) => r.method === 'POST' && to(s.functionOrigin)(r) && new URL(r.url).pathname === '/v1/translate');
    const notes = [
      `audio: ${wav.sentences.length} flite (slt) sentences in a ${wav.seconds.toFixed(0)} s WAV, 16 kHz s16 mono, played by Chromium's fake capture (--use-file-for-fake-audio-capture; it loops the file); captured at ${s.inputSampleRate} Hz, resampled to 16 kHz by the app`,
      `listened ${(s.listenedMs / 1000).toFixed(1)} s; window ${(s.windowMs / 1000).toFixed(1)} s (to the last translation shown); ${s.wire.fn.connections} TCP connection(s) to the function (${JSON.stringify(s.wire.fn.methods)}), ${s.wire.app.connections} to the app server (${JSON.stringify(s.wire.app.methods)})`,
      `request bodies to the function: ${toFunction.requests} (${Object.entries(toFunction.kinds).map(([k, n]) => `${n} ${k}`).join(', ')}), content types ${toFunction.contentTypes.join(', ') || '—'}; largest ${toFunction.largestBody} B`,
      `function wire bytes ${s.wire.fn.up} vs Playwright URL+headers+body ${toFunction.totalBytes}: the difference is HTTP framing and CORS preflights`,
      `app's own counters at the end: audio kept ${s.appCounters.kept}, sent ${s.appCounters.sent} (${s.appCounters.ratio}), ${s.appCounters.count} utterance(s)`,
      ...s.utterances.map((u) => `${u.status}: "${u.transcript}" → sent "${u.sent}" → "${u.translation}"${u.message ? ` (${u.message})` : ''}`),
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
        `one translate request as sent: URL ${b.url} B, headers ${b.headers} B (${Object.entries(example.headers)
          .map(([k, v]) => `${k} ${k.length + v.length + 4}`)
          .join(', ')}), body ${b.body} B`,
      );
    }
    // Every request of the window, headers and (redacted, text) bodies, for inspection.
    writeFileSync(
      join(ctx.outputDir, 'data-out-requests.json'),
      JSON.stringify(
        s.requests.map((r) => ({ ...r, body: r.body ? Buffer.from(r.body).toString('utf8') : null })),
        null,
        2,
      ),
    );
    if (elsewhere.length > 0) notes.push(`other destinations: ${elsewhere.map((r) => `${r.method} ${r.url}`).join(', ')}`);
    return { metrics, comparisons, notes };
  },
});
