import type { LanguagePair } from '../languages.js';
import type { ProviderResult, TranslateProvider } from './provider.js';

export interface FixedProviderOptions {
  /** The answer to every request; `{text}` is replaced by the input (for round-trip checks). */
  response?: string;
  /** Artificial latency, for load tests and timeout tests. Abortable. */
  delayMs?: number;
  pairs?: LanguagePair[];
}

/**
 * A provider with a fixed answer and a fixed delay: measures the function's own overhead in
 * load tests (no MT cost), and lets tests make the function slow on purpose.
 */
export function createFixedProvider(options: FixedProviderOptions = {}): TranslateProvider {
  const response = options.response ?? '[fixed] {text}';
  const delayMs = options.delayMs ?? 0;
  const pairs = options.pairs ?? [{ source: 'eng', target: 'spa' }];
  return {
    id: 'fixed',
    async translate(request, signal): Promise<ProviderResult> {
      if (delayMs > 0) {
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(resolve, delayMs);
          signal.addEventListener('abort', () => {
            clearTimeout(timer);
            reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
          }, { once: true });
        });
      }
      return { translation: response.replaceAll('{text}', request.text), model: `fixed${delayMs ? `+${delayMs}ms` : ''}` };
    },
    languages: () => Promise.resolve(pairs),
    healthy: () => Promise.resolve(true),
  };
}
