/**
 * The speech-translation PWA for its specs: built once per source state into e2e/.generated
 * (production build, service worker included), then served by the app's own server next to the
 * real translate function (apertium), both on ephemeral loopback ports, exactly as the demo runs.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, expect, test, type Browser, type BrowserContext, type Page, type Request, type TestInfo } from '@playwright/test';
import { startDemo, type Demo } from '../../apps/speech-translate/scripts/start-demo.mjs';
import { baseChromiumArgs, chromiumPath, webgpuChromiumArgs } from './chromium.ts';

const root = resolve(import.meta.dirname, '../..');
const app = join(root, 'apps/speech-translate');
export const SAMPLES_DIR = join(app, 'public/generated/samples');

function hashTree(hash: ReturnType<typeof createHash>, path: string): void {
  if (!existsSync(path)) return;
  if (statSync(path).isDirectory()) {
    for (const name of readdirSync(path).sort()) {
      if (name === 'node_modules' || name === 'dist' || name === '__tests__' || name === 'generated') continue;
      hashTree(hash, join(path, name));
    }
  } else {
    hash.update(path).update(readFileSync(path));
  }
}

/**
 * Builds the app unless a build of exactly these sources (and `env`) exists; returns its dist
 * folder. `env` reaches the build (e.g. `VITE_TANDEM_ORT_WASM: 'asyncify'` for the first-visit
 * benchmark's comparison build) and is part of the folder's key.
 */
export function ensureAppBuilt(env: Record<string, string> = {}): string {
  // Assets (models, samples) first: the build copies public/ into dist.
  const assets = spawnSync(process.execPath, ['scripts/prepare-app-assets.mjs'], { cwd: app, encoding: 'utf8' });
  if (assets.status !== 0) throw new Error(`prepare-app-assets failed:\n${assets.stderr}`);
  const hash = createHash('sha256');
  for (const p of ['src', 'index.html', 'vite.config.mjs', 'public/icons', 'package.json']) hashTree(hash, join(app, p));
  for (const pkg of ['core', 'worker', 'runtime-onnx', 'speech', 'redaction', 'model-store', 'functions-client', 'punctuate']) hashTree(hash, join(root, 'packages', pkg, 'src'));
  hashTree(hash, join(root, 'packages/speech/worklets')); // the AudioWorklet processor, a built asset
  if (Object.keys(env).length > 0) hash.update(JSON.stringify(Object.entries(env).sort()));
  const dist = join(root, 'e2e/.generated/speech-translate', hash.digest('hex').slice(0, 16));
  if (existsSync(join(dist, 'sw.js'))) return dist;
  // Builds of older sources are of no further use (each is ~30 MB), but a recent one may be
  // serving another run of this spec right now (several people work in one tree, and each edit
  // makes a new build): only those older than two hours go.
  const builds = join(dist, '..');
  const stale = Date.now() - 2 * 60 * 60 * 1000;
  if (existsSync(builds)) {
    for (const old of readdirSync(builds)) if (statSync(join(builds, old)).mtimeMs < stale) rmSync(join(builds, old), { recursive: true, force: true });
  }
  mkdirSync(dist, { recursive: true });
  const build = spawnSync('pnpm', ['exec', 'vite', 'build', '--logLevel', 'warn'], {
    cwd: app,
    env: { ...process.env, ...env, SPEECH_TRANSLATE_OUTDIR: dist },
    encoding: 'utf8',
  });
  if (build.status !== 0 || !existsSync(join(dist, 'sw.js'))) {
    rmSync(dist, { recursive: true, force: true });
    throw new Error(`speech-translate build failed:\n${build.stdout}\n${build.stderr}`);
  }
  return dist;
}

export async function startApp(): Promise<Demo> {
  return startDemo({ dist: ensureAppBuilt(), appPort: 0, functionPort: 0, functionEnv: { TANDEM_LOG: 'off' } });
}

/**
 * The app with its function, and one Chromium, shared by a spec's tests: started before the
 * first (serial) test, stopped after the last. Read `demo` and `browser` inside the tests.
 */
export function useSpeechTranslateApp(): { readonly demo: Demo; readonly browser: Browser } {
  let demo: Demo | undefined;
  let browser: Browser | undefined;
  test.describe.configure({ mode: 'serial' });
  test.beforeAll(async ({ browserName }, testInfo) => {
    expect(browserName).toBe('chromium');
    test.setTimeout(300_000);
    demo = await startApp();
    browser = await launchChromium(testInfo);
  });
  test.afterAll(async () => {
    await browser?.close();
    await demo?.stop();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the app starts in beforeAll: read it inside a test');
    return value;
  };
  return {
    get demo() {
      return started(demo);
    },
    get browser() {
      return started(browser);
    },
  };
}

/** Chromium with the project's flags for the test's project, plus a fake microphone playing `wav` when given. */
export function launchChromium(testInfo: TestInfo, wav?: string): Promise<Browser> {
  return launchMicChromium({ wav, webgpu: testInfo.project.metadata.webgpu === true });
}

/** Chromium with the project's flags (and WebGPU's when asked) and a fake microphone, playing `wav` when given. */
export function launchMicChromium({ wav, webgpu = false }: { wav?: string | undefined; webgpu?: boolean }): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      ...baseChromiumArgs,
      ...(webgpu ? webgpuChromiumArgs : []),
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      ...(wav ? [`--use-file-for-fake-audio-capture=${wav}`] : []),
    ],
  });
}

export interface RecordedRequest {
  url: string;
  method: string;
  resourceType: string;
  body: Buffer | null;
}

/**
 * Every request of the context: the page, its workers and the service worker (context-level
 * `request` events include them), with the body bytes; and every WebSocket of its pages (the
 * session channel): its URL once (`method: 'WS-OPEN'`), then each frame the page sent
 * (`method: 'WS'`, the frame as the body), so what crosses the channel is checked like a body.
 */
export function recordRequests(context: BrowserContext): RecordedRequest[] {
  const seen: RecordedRequest[] = [];
  context.on('request', (r: Request) => {
    seen.push({ url: r.url(), method: r.method(), resourceType: r.resourceType(), body: r.postDataBuffer() });
  });
  const watch = (page: Page) =>
    page.on('websocket', (ws) => {
      seen.push({ url: ws.url(), method: 'WS-OPEN', resourceType: 'websocket', body: null });
      ws.on('framesent', (f) => seen.push({ url: ws.url(), method: 'WS', resourceType: 'websocket', body: Buffer.from(f.payload) }));
    });
  for (const page of context.pages()) watch(page);
  context.on('page', watch);
  return seen;
}
