/**
 * The page: wires the model download, the engines, the pipelines and the inputs to the DOM.
 * Everything that computes lives in the packages; this file only connects and shows.
 */
import { baselineCapabilities, type DeviceCapabilities } from '@tandem/core';
import { createIndexedDbAuditStore, createTranslateClient, type ChannelSession } from '@tandem/functions-client';
import { audioChunks, decodeAudioFile, openMicrophoneStream } from '@tandem/speech';
import { probeCapabilities } from '@tandem/worker';
import { loadAppConfig } from './app-config.ts';
import { startEngines } from './engines.ts';
import { markLatency } from './latency-marks.ts';
import { listenToMicrophone, type MicrophoneInput } from './microphone-input.ts';
import { ensureModels, openModelStore } from './model-download.ts';
import { restoreUtterances } from './restore-utterances.ts';
import { createSpeechPipelines, POLICIES, TARGETS, type TargetLanguage, type UiPolicy } from './speech-pipeline.ts';
import { createSpeechSession, type SessionTotals } from './speech-session.ts';
import { formatBytes, h } from './ui/format.ts';
import { downloadDecisions } from './ui/decision-records.ts';
import { createProgressView, renderStorage } from './ui/models-view.ts';
import { renderPlacementPreview } from './ui/placement-preview.ts';
import { renderUtterance } from './ui/utterance-view.ts';
import type { Utterance } from './utterance.ts';
import { openUtteranceStore } from './utterance-store.ts';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const base = new URL('./', location.href).href;

function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator) || import.meta.env.DEV) return;
  navigator.serviceWorker.register(new URL('sw.js', base).href, { scope: base }).catch((error: unknown) => {
    console.warn('service worker not registered', error);
  });
}

function setupSettings(onPolicy: (p: UiPolicy) => void) {
  const saved = localStorage.getItem('tandem.policy') as UiPolicy | null;
  let policy: UiPolicy = saved && POLICIES.includes(saved) ? saved : 'prefer-local';
  const fieldset = $('policy');
  for (const p of POLICIES) {
    const input = h('input', { type: 'radio', name: 'policy', value: p, checked: p === policy });
    input.addEventListener('change', () => {
      policy = p;
      localStorage.setItem('tandem.policy', p);
      onPolicy(p);
    });
    fieldset.append(h('label', {}, input, h('span', {}, p)));
  }
  const select = $<HTMLSelectElement>('target');
  const savedTarget = localStorage.getItem('tandem.target') as TargetLanguage | null;
  for (const [code, name] of Object.entries(TARGETS)) select.append(h('option', { value: code, selected: code === savedTarget }, `${name} (eng→${code})`));
  select.addEventListener('change', () => localStorage.setItem('tandem.target', select.value));
  return { policy: () => policy, target: () => select.value as TargetLanguage };
}

function setupNetworkStatus(functionUrl: string, onOnline: () => void): void {
  const net = $('net-status');
  const fn = $('fn-status');
  const show = () => {
    net.textContent = navigator.onLine ? 'online' : 'offline';
    net.classList.toggle('bad', !navigator.onLine);
  };
  show();
  window.addEventListener('online', () => {
    show();
    onOnline();
  });
  window.addEventListener('offline', show);
  fn.textContent = `function: ${new URL(functionUrl).host}`;
}

/** Shows a card (new or updated) in the list, keeping an open trace panel open. */
function showUtterance(u: Utterance, onSend: (id: string) => void): void {
  const view = renderUtterance(u, onSend);
  const existing = document.getElementById(`utterance-${u.id}`);
  if (existing?.querySelector('details')?.open) view.querySelector('details')!.open = true;
  if (existing) existing.replaceWith(view);
  else $('utterances').prepend(view);
  $('empty').hidden = true;
}

async function main(): Promise<void> {
  registerServiceWorker();
  const config = await loadAppConfig(base);
  const client = createTranslateClient({ endpoint: config.functionUrl, retryIntervalMs: 3_000 });
  // Decisions and cards outlive the page (IndexedDB); neither keeps audio or unredacted text.
  const audit = createIndexedDbAuditStore();
  const cards = openUtteranceStore();
  const lastIndex = await restoreUtterances({ client, cards, audit, show: (u) => showUtterance(u, () => undefined) });
  client.start();
  let refreshPreview: () => void = () => undefined;
  const settings = setupSettings((p) => {
    $('input-status').textContent = p === 'local-only' ? 'local-only: nothing will leave this device; translations are held.' : `policy ${p}`;
    refreshPreview();
  });
  const fnStatus = $('fn-status');
  client.on('circuit', (state) => {
    fnStatus.textContent = `function: ${state === 'closed' ? 'reachable' : state}`;
    fnStatus.classList.toggle('warn', state !== 'closed');
  });
  setupNetworkStatus(config.functionUrl, () => void client.flush());

  // Models first: nothing can run until the weights are in IndexedDB.
  const store = openModelStore();
  const progress = createProgressView($('models'));
  const refreshStorage = () => renderStorage(store, $('storage-rows'), $('storage-quota')).catch(() => undefined);
  try {
    progress.finished(await ensureModels(store, base, (p) => progress.progress(p)));
  } catch (error) {
    progress.failed(error);
    throw error;
  }
  void refreshStorage();
  const engines = await startEngines(base);
  const probed = await probeCapabilities().catch(() => baselineCapabilities());
  const capabilities = async (): Promise<DeviceCapabilities> => ({ ...probed, online: navigator.onLine });

  const pipelines = createSpeechPipelines({ speech: engines.speech, client, capabilities, audit });
  refreshPreview = () => renderPlacementPreview($('placement-preview'), pipelines, settings.policy(), { ...probed, online: navigator.onLine }, client.circuitState);
  refreshPreview();
  window.addEventListener('online', refreshPreview);
  window.addEventListener('offline', refreshPreview);
  client.on('circuit', refreshPreview);
  const live = $('live-text');
  const session = createSpeechSession({
    pipelines,
    client,
    policy: settings.policy,
    target: settings.target,
    firstIndex: lastIndex,
    onChange: (u) => {
      showUtterance(u, (id) => void session.translateAgain(id));
      void cards.save(u).catch((error: unknown) => console.warn('utterance card not kept', error));
      if (u.transcript) {
        live.textContent = u.transcript;
        live.dataset.source = 'final';
      }
      if (u.status === 'done' && u.translation !== undefined) markLatency('shown', { id: u.id });
    },
    // What the recogniser hears in the utterance it is decoding, before its cut.
    onPartial: (text, origin) => {
      live.textContent = text || '…';
      live.dataset.source = origin === 'microphone' ? 'microphone' : 'transcribe';
    },
    onTotals: (t: SessionTotals) => {
      $('kept').textContent = formatBytes(t.audioBytesKept);
      $('kept').dataset.bytes = String(t.audioBytesKept);
      $('sent').textContent = formatBytes(t.bytesSent);
      $('sent').dataset.bytes = String(t.bytesSent);
      $('ratio').textContent = t.bytesSent > 0 ? `${Math.round(t.audioBytesKept / t.bytesSent).toLocaleString('en')}× less` : t.audioBytesKept > 0 ? 'nothing sent' : '—';
      $('count').textContent = String(t.utterances);
    },
  });

  const status = $('input-status');
  async function run(label: string, audio: Promise<Parameters<typeof session.process>[0]>): Promise<void> {
    try {
      status.textContent = `${label}: listening for speech…`;
      const done = await session.process(await audio, label);
      status.textContent = `${label}: ${done.length} utterance${done.length === 1 ? '' : 's'}.`;
    } catch (error) {
      status.textContent = `${label}: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  // Samples (flite clips served with the app and cached by the service worker).
  const samples = (await (await fetch(new URL('generated/samples/index.json', base))).json()) as { samples: { id: string; title: string; url: string; text: string }[] };
  for (const s of samples.samples) {
    const b = h('button', { type: 'button', 'data-sample': s.id, title: `“${s.text}”` }, `▶ ${s.title}`);
    b.addEventListener('click', () => {
      void run(
        `sample “${s.title}”`,
        fetch(new URL(`generated/samples/${s.url}`, base)).then(async (r) => audioChunks(await decodeAudioFile(await r.arrayBuffer()))),
      );
    });
    $('samples').append(b);
  }

  const upload = $<HTMLInputElement>('upload');
  upload.addEventListener('change', () => {
    const file = upload.files?.[0];
    if (file) void run(`file ${file.name}`, decodeAudioFile(file).then((audio) => audioChunks(audio)));
    upload.value = '';
  });

  // Microphone: push-to-talk (pointer or Space) and continuous listening. Both are the same
  // stream through the same pipeline; push-to-talk ends it when the button is released.
  const ptt = $<HTMLButtonElement>('ptt');
  const liveBox = live.parentElement!;
  const meter = $<HTMLMeterElement>('level');
  const level = (rms: number) => {
    meter.value = rms;
  };
  const openMic = async (): Promise<MicrophoneInput> => {
    const mic = await listenToMicrophone(openMicrophoneStream, level);
    void run('microphone', Promise.resolve(mic.stream));
    return mic;
  };
  let held: Promise<MicrophoneInput> | undefined;
  const startTalk = () => {
    if (held) return;
    ptt.classList.add('recording');
    liveBox.classList.add('active');
    live.textContent = 'listening…';
    held = openMic();
    held.catch((error: unknown) => {
      status.textContent = `microphone: ${error instanceof Error ? error.message : String(error)}`;
    });
  };
  const stopTalk = () => {
    const h2 = held;
    held = undefined;
    ptt.classList.remove('recording');
    liveBox.classList.remove('active');
    void h2?.then((m) => m.stop()).catch(() => undefined);
  };
  ptt.addEventListener('pointerdown', startTalk);
  ptt.addEventListener('pointerup', stopTalk);
  ptt.addEventListener('pointerleave', () => held && stopTalk());
  ptt.addEventListener('keydown', (e) => {
    if ((e.key === ' ' || e.key === 'Enter') && !e.repeat) {
      e.preventDefault();
      startTalk();
    }
  });
  ptt.addEventListener('keyup', (e) => {
    if (e.key === ' ' || e.key === 'Enter') {
      e.preventDefault();
      stopTalk();
    }
  });

  const continuous = $<HTMLButtonElement>('continuous');
  let listening: MicrophoneInput | undefined;
  // Continuous listening is a stream of small calls to one function: they go as messages over one
  // session channel (a WebSocket), not one POST each, whose headers would outweigh the redacted
  // text. Single utterances (samples, files, push-to-talk) stay on HTTP: one call gains nothing
  // from opening a socket. `?transport=http` keeps everything on HTTP (bench #5 compares both).
  const useChannel = new URLSearchParams(location.search).get('transport') !== 'http';
  let channel: ChannelSession | undefined;
  let closeChannel: ReturnType<typeof setTimeout> | undefined;
  continuous.addEventListener('click', () => {
    void (async () => {
      if (listening) {
        const l = listening;
        listening = undefined;
        // The last utterance is still being transcribed and translated: keep its channel a while.
        const ending = channel;
        closeChannel = setTimeout(() => ending?.close(), 30_000);
        continuous.setAttribute('aria-pressed', 'false');
        continuous.textContent = 'Continuous listening';
        liveBox.classList.remove('active');
        await l.stop();
        return;
      }
      try {
        clearTimeout(closeChannel);
        if (useChannel && (!channel || channel.state === 'closed')) channel = client.openSession();
        listening = await openMic();
        continuous.setAttribute('aria-pressed', 'true');
        continuous.textContent = '■ Stop listening';
        liveBox.classList.add('active');
        live.textContent = 'listening…';
      } catch (error) {
        status.textContent = `microphone: ${error instanceof Error ? error.message : String(error)}`;
      }
    })();
  });

  $('download-decisions').addEventListener('click', () => void downloadDecisions(audit));

  for (const el of [ptt, continuous, upload]) el.disabled = false;
  document.body.dataset.ready = 'true';
  void refreshStorage();
}

main().catch((error: unknown) => {
  console.error(error);
  document.body.dataset.ready = 'error';
  const status = document.getElementById('input-status');
  if (status) status.textContent = `The app could not start: ${error instanceof Error ? error.message : String(error)}`;
});
