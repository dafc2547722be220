import {
  defineSanitizer,
  defineSanitizerStage,
  defineStage,
  streamingRunner,
  type StageRunner,
} from '../index.js';

/** Stand-in ASR: a real in-process runner that streams words as partials, then the transcript. */
export const transcribe = defineStage({
  name: 'transcribe',
  outputLabel: 'personal',
  local: {
    modelId: 'whisper-tiny',
    runner: streamingRunner<Float32Array, string, string>(async function* (audio) {
      const words = ['Write', 'to', 'ana@example.com', 'today'];
      for (let i = 1; i <= words.length; i += 1) {
        await Promise.resolve();
        yield words.slice(0, i).join(' ');
      }
      return {
        output: `${words.join(' ')} (${audio.length} samples)`,
        report: { backend: 'wasm', runMs: 5, loadMs: 40, compileMs: 10, modelId: 'whisper-tiny', modelVersion: '1', cacheHit: true },
      };
    }),
  },
  remote: { endpoint: 'https://fn.example/v1/asr', region: 'eu', costPerCallUsd: 0.006 },
});

export const redactEmails = defineSanitizer({
  name: 'redact-emails',
  sanitize: (text: string) => text.replace(/\S+@\S+/g, '[email]'),
});

export const redact = defineSanitizerStage({ name: 'redact', sanitizer: redactEmails });

export function localTranslator(prefix = 'es(local): '): StageRunner<string, string> {
  return {
    run: (text) => Promise.resolve({ output: `${prefix}${text}`, report: { backend: 'webgpu', runMs: 3, modelId: 'opus-mt-en-es', modelVersion: '2', cacheHit: false } }),
  };
}

export function translateStage(runner: StageRunner<string, string> = localTranslator()) {
  return defineStage({
    name: 'translate',
    outputLabel: 'sanitized',
    local: { runner, modelId: 'opus-mt-en-es' },
    remote: { endpoint: 'https://fn.example/v1/translate', region: 'eu', costPerCallUsd: 0.0001 },
  });
}

/** A stage that claims a low output label; it must not be able to launder personal data. */
export const uppercase = defineStage({
  name: 'uppercase',
  outputLabel: 'public',
  local: { runner: { run: (t: string) => Promise.resolve({ output: t.toUpperCase(), report: { backend: 'js', runMs: 0 } }) } },
});

/** A remote-only translation stage (no on-device implementation). */
export const translateRemoteOnly = defineStage({
  name: 'translate',
  outputLabel: 'sanitized',
  remote: { endpoint: 'https://fn.example/v1/translate', region: 'eu', costPerCallUsd: 0.0001 },
});

export const failingRunner = (message: string): StageRunner<string, string> => ({
  run: () => Promise.reject(new Error(message)),
});

export const hangingRunner: StageRunner<string, string> = { run: () => new Promise<never>(() => undefined) };
