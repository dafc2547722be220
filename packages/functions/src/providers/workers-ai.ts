import { toIso1, type LanguagePair } from '../languages.js';
import { ProviderError, type ProviderRequest, type ProviderResult, type TranslateProvider } from './provider.js';

/** The slice of Cloudflare's `Ai` binding this provider uses (no dependency on workers-types). */
export interface AiBinding {
  run(model: string, inputs: Record<string, unknown>, options?: Record<string, unknown>): Promise<unknown>;
}

export interface WorkersAiOptions {
  ai: AiBinding;
  /** A translation model of Workers AI; m2m100 takes ISO 639-1 codes. */
  model?: string;
  pairs?: LanguagePair[];
}

/** Translation by Cloudflare Workers AI through the `AI` binding, when deployed there. */
export function createWorkersAiProvider(options: WorkersAiOptions): TranslateProvider {
  const model = options.model ?? '@cf/meta/m2m100-1.2b';
  const pairs = options.pairs ?? [
    { source: 'eng', target: 'spa' }, { source: 'spa', target: 'eng' }, { source: 'eng', target: 'cat' },
    { source: 'eng', target: 'fra' }, { source: 'eng', target: 'deu' },
  ];
  return {
    id: 'workers-ai',
    async translate(request: ProviderRequest, signal: AbortSignal): Promise<ProviderResult> {
      signal.throwIfAborted();
      let out: unknown;
      try {
        out = await options.ai.run(model, {
          text: request.text,
          source_lang: toIso1(request.source),
          target_lang: toIso1(request.target),
        });
      } catch (error) {
        throw new ProviderError('unavailable', 'Workers AI call failed', { cause: error });
      }
      const translated = (out as { translated_text?: unknown } | null)?.translated_text;
      if (typeof translated !== 'string') throw new ProviderError('failed', 'Workers AI returned no translated_text');
      return { translation: translated, model };
    },
    languages: () => Promise.resolve(pairs),
    healthy: () => Promise.resolve(true),
  };
}
