/**
 * A continuous-listening session of the speech-translate PWA for the data-out (#5) and latency
 * (#6) benchmarks: the production build served by the app's own server, the real translate
 * function (apertium-apy) on loopback, each behind a byte-counting proxy; Chromium's fake capture
 * device plays a speech WAV as the microphone (it loops the file). Everything the browser context
 * requests is recorded (page, workers, service worker), with headers and bodies.
 */
import type { Page, Request } from '@playwright/test';
import { startAppServer } from '../../apps/speech-translate/scripts/serve.mjs';
import { startFunction } from '../../apps/speech-translate/scripts/start-demo.mjs';
import { ensureAppBuilt, launchMicChromium } from '../support/speech-translate-app.ts';
import type { OutgoingRequest } from './byte-accounting.ts';
import { startCountingProxy, type ByteCount, type CountingProxy } from './counting-proxy.ts';
import type { LatencyMark } from './utterance-marks.ts';

export interface RecordedOutgoing extends OutgoingRequest {
  resourceType: string;
  /** 'load' before the session window opened, 'session' inside it, 'after' once it closed. */
  phase: 'load' | 'session' | 'after';
  /** Whether the request came from the service worker (its own fetches). */
  fromServiceWorker: boolean;
}

export interface SessionUtterance {
  status: string;
  header: string;
  transcript: string;
  sent: string;
  translation: string;
  /** The card's message (why it failed, was held or queued), if any. */
  message: string;
}

export interface SessionRun {
  appOrigin: string;
  functionOrigin: string;
  requests: RecordedOutgoing[];
  /** Wire bytes through each proxy inside the session window (listening + finishing the last utterance). */
  wire: { app: ByteCount; fn: ByteCount };
  /** The window's length on the page clock, from the click that starts listening to the last answer. */
  windowMs: number;
  listenedMs: number;
  capturedSamples: number;
  inputSampleRate: number;
  marks: LatencyMark[];
  utterances: SessionUtterance[];
  /** The app's own counters as shown: audio kept, request bytes sent, utterances. */
  appCounters: { kept: string; sent: string; ratio: string; count: string };
}

export interface SessionOptions {
  wav: string;
  /** Listen at least this long (ms). */
  listenMs: number;
  /** Then keep listening until this many translations are shown, up to `maxListenMs`. */
  minShown?: number;
  maxListenMs?: number;
  /**
   * `channel` (the app's default): continuous listening sends each call as a message on the
   * session channel; `http`: the page is opened with `?transport=http`, one POST per call.
   */
  transport?: 'channel' | 'http';
  log: (message: string) => void;
}

function delta(a: ByteCount, b: ByteCount): ByteCount {
  const methods: Record<string, number> = {};
  for (const [k, n] of Object.entries(b.methods)) if (n - (a.methods[k] ?? 0) > 0) methods[k] = n - (a.methods[k] ?? 0);
  return { up: b.up - a.up, down: b.down - a.down, connections: b.connections - a.connections, methods, targets: b.targets.slice(a.targets.length) };
}

async function readMarks(page: Page): Promise<LatencyMark[]> {
  return page.evaluate(() =>
    performance
      .getEntriesByType('mark')
      .filter((m) => m.name.startsWith('tandem:'))
      .map((m) => ({ name: m.name, startTime: m.startTime, detail: ((m as PerformanceMark).detail as Record<string, string | number> | null) ?? null })),
  );
}

/** Waits until `sample()` returns the same value twice `quietMs` apart (bounded). */
async function settle(sample: () => number, quietMs: number, maxMs: number): Promise<void> {
  const end = Date.now() + maxMs;
  let last = sample();
  while (Date.now() < end) {
    await new Promise((r) => setTimeout(r, quietMs));
    const now = sample();
    if (now === last) return;
    last = now;
  }
}

export async function runMicSession(options: SessionOptions): Promise<SessionRun> {
  const { log } = options;
  const dist = ensureAppBuilt();
  const app = await startAppServer({ dist, port: 0, host: '127.0.0.1' });
  const closers: (() => Promise<void>)[] = [
    () =>
      new Promise<void>((done) => {
        app.server.closeAllConnections();
        app.server.close(() => done());
      }),
  ];
  try {
    const appProxy: CountingProxy = await startCountingProxy({ host: '127.0.0.1', port: Number(new URL(app.url).port) });
    closers.push(() => appProxy.close());
    const appOrigin = appProxy.url;
    const fn = startFunction({ allowedOrigins: [appOrigin, appOrigin.replace('127.0.0.1', 'localhost')], env: { TANDEM_LOG: 'off' } });
    // The function runs in its own process group (apertium-apy is its child): never leave it
    // behind if this process exits before the finally below (budget expired, ^C).
    const reap = () => {
      try {
        if (fn.child.pid) process.kill(-fn.child.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    };
    process.once('exit', reap);
    closers.push(async () => {
      await fn.stop();
      process.off('exit', reap);
    });
    const fnUrl = await fn.url;
    const fnProxy = await startCountingProxy({ host: '127.0.0.1', port: Number(new URL(fnUrl).port) });
    closers.push(() => fnProxy.close());
    app.setFunctionUrl(fnProxy.url);
    // apertium-apy starts the eng→spa pipeline on its first call (~0.4 s): not part of a session.
    const warm = await fetch(`${fnUrl}/v1/translate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: appOrigin },
      body: JSON.stringify({ text: 'good morning', source: 'eng', target: 'spa', redaction: { version: 1, placeholders: [] }, label: 'sanitized' }),
    });
    if (!warm.ok) throw new Error(`translate function warm-up: HTTP ${warm.status} ${await warm.text()}`);

    const browser = await launchMicChromium({ wav: options.wav });
    closers.push(() => browser.close());
    const context = await browser.newContext();
    let phase: RecordedOutgoing['phase'] = 'load';
    const pending: Promise<RecordedOutgoing>[] = [];
    context.on('request', (r: Request) => {
      const at = phase;
      pending.push(
        r.allHeaders().then((headers) => ({
          method: r.method(),
          url: r.url(),
          headers,
          body: r.postDataBuffer(),
          resourceType: r.resourceType(),
          phase: at,
          fromServiceWorker: r.serviceWorker() !== null,
        })),
      );
    });
    const page = await context.newPage();
    // The session channel's frames, as the page sent them (the proxy counts them on the wire, with
    // the upgrade and the frame headers; these are for classifying what they carried).
    page.on('websocket', (ws) => {
      ws.on('framesent', (f) => {
        const frame = Buffer.from(f.payload);
        pending.push(Promise.resolve({ method: 'WS', url: ws.url(), headers: {}, body: frame, resourceType: 'websocket', phase, fromServiceWorker: false }));
      });
    });
    page.on('pageerror', (e) => log(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') log(`console ${m.type()}: ${m.text()}`);
    });
    await page.goto(`${appOrigin}/${options.transport === 'http' ? '?transport=http' : ''}`);
    await page.locator('body[data-ready="true"]').waitFor({ timeout: 240_000 });
    // The service worker precaches the app after the first load: let that finish first.
    await page.evaluate(() => Promise.race([navigator.serviceWorker.ready, new Promise((r) => setTimeout(r, 30_000))]));
    await settle(() => appProxy.count().up + fnProxy.count().up, 1_500, 30_000);
    log(`app ready at ${appOrigin}, function behind ${fnProxy.url}`);

    const before = { app: appProxy.count(), fn: fnProxy.count() };
    phase = 'session';
    const startedAt = await page.evaluate(() => performance.now());
    await page.locator('#continuous').click();
    await page
      .locator('#continuous[aria-pressed="true"]')
      .waitFor({ timeout: 30_000 })
      .catch(async (error: unknown) => {
        throw new Error(`continuous listening did not start (status: "${await page.locator('#input-status').innerText()}")`, { cause: error });
      });
    const listenStart = Date.now();
    await page.waitForTimeout(options.listenMs);
    const shownCount = async () => (await readMarks(page)).filter((m) => m.name === 'tandem:shown').length;
    while (options.minShown !== undefined && Date.now() - listenStart < (options.maxListenMs ?? options.listenMs) && (await shownCount()) < options.minShown) {
      await page.waitForTimeout(1_000);
    }
    const listenedMs = Date.now() - listenStart;
    await page.locator('#continuous').click();
    await page.locator('#continuous[aria-pressed="false"]').waitFor({ timeout: 60_000 });
    log(`listened ${(listenedMs / 1000).toFixed(1)} s; finishing the last utterances`);
    // Finished: capture stopped, every input heard to its end, no utterance in flight.
    await page.waitForFunction(
      () => {
        const marks = performance.getEntriesByType('mark');
        const names = marks.map((m) => m.name);
        const inputs = names.filter((n) => n === 'tandem:input').length;
        const heard = names.filter((n) => n === 'tandem:listened').length;
        const busy = document.querySelectorAll('.utterance[data-status="transcribing"], .utterance[data-status="redacting"], .utterance[data-status="translating"]').length;
        return names.includes('tandem:capture-stopped') && inputs === heard && busy === 0;
      },
      undefined,
      { timeout: 180_000, polling: 250 },
    );
    const endedAt = await page.evaluate(() => performance.now());
    await settle(() => appProxy.count().up + fnProxy.count().up, 1_000, 10_000);
    const wire = { app: delta(before.app, appProxy.count()), fn: delta(before.fn, fnProxy.count()) };
    phase = 'after';

    const marks = await readMarks(page);
    const stopped = marks.find((m) => m.name === 'tandem:capture-stopped');
    const utterances = await page.locator('.utterance').evaluateAll((lis) => {
      // The text as read, without the redaction labels (<small>) inside highlighted names.
      const text = (el: Element | null) => {
        if (!el) return '';
        const copy = el.cloneNode(true) as Element;
        for (const small of copy.querySelectorAll('small')) small.remove();
        return (copy.textContent ?? '').replace(/\s+/g, ' ').trim();
      };
      return lis.reverse().map((li) => ({
        status: li.getAttribute('data-status') ?? '',
        header: text(li.querySelector('header')),
        transcript: text(li.querySelector('.line.transcript .v')),
        sent: text(li.querySelector('.line.sent .v')),
        translation: text(li.querySelector('.line.translation .v')),
        message: text(li.querySelector('.message')),
      }));
    });
    const appCounters = await page.evaluate(() => {
      const t = (id: string) => document.getElementById(id)?.textContent ?? '';
      return { kept: t('kept'), sent: t('sent'), ratio: t('ratio'), count: t('count') };
    });
    const requests = await Promise.all(pending);
    await context.close();
    return {
      appOrigin,
      functionOrigin: fnProxy.url,
      requests,
      wire,
      windowMs: endedAt - startedAt,
      listenedMs,
      capturedSamples: Number(stopped?.detail?.samples ?? 0),
      inputSampleRate: Number(stopped?.detail?.inputSampleRate ?? 0),
      marks,
      utterances,
      appCounters,
    };
  } finally {
    for (const close of closers.reverse()) await close().catch(() => undefined);
  }
}
