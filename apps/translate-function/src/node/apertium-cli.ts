import { spawn } from 'node:child_process';
import { ProviderError, withProviderDeadline, type LanguagePair, type TranslateProvider } from '@tandem/functions';

/**
 * Fallback when apertium-apy is not installed: one `apertium` process per request. It reloads
 * the transducers every time (~0.6 s a sentence), so it is for Node only and for low traffic.
 * Node hands a child's stdin over as a socket, which apertium's `/dev/stdin` cannot read;
 * `cat |` in a shell turns it into a pipe.
 */
export function createApertiumCliProvider(options: { timeoutMs?: number; pairs?: LanguagePair[] } = {}): TranslateProvider {
  const pairs = options.pairs ?? [
    { source: 'eng', target: 'spa' }, { source: 'spa', target: 'eng' }, { source: 'eng', target: 'cat' }, { source: 'cat', target: 'eng' },
  ];
  const timeoutMs = options.timeoutMs ?? 10_000;
  return {
    id: 'apertium',
    async translate(request, signal) {
      const mode = `${request.source}-${request.target}`;
      if (!/^[a-z]{3}(_[A-Za-z0-9]+)?-[a-z]{3}(_[A-Za-z0-9]+)?$/.test(mode)) throw new ProviderError('unsupported-pair', `no pair ${mode}`);
      if (!pairs.some((p) => p.source === request.source && p.target === request.target)) {
        throw new ProviderError('unsupported-pair', `apertium has no ${mode} pair here`);
      }
      // The deadline's signal kills the process (spawn's `signal` option) when it fires.
      const translation = await withProviderDeadline('apertium CLI', (deadline) => new Promise<string>((resolve, reject) => {
        // The mode is checked against the pattern above; it is the only interpolated value.
        const child = spawn('sh', ['-c', `cat | apertium -u -f txt ${mode}`], { stdio: ['pipe', 'pipe', 'pipe'], signal: deadline });
        let out = '';
        child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
        child.once('error', (error) => reject(new ProviderError(error.name === 'AbortError' ? 'timeout' : 'unavailable', 'apertium CLI failed', { cause: error })));
        child.once('close', (code) => (code === 0 ? resolve(out.trim()) : reject(new ProviderError('failed', `apertium exited with ${code}`))));
        child.stdin.end(request.text);
      }), { signal, timeoutMs });
      return { translation, model: `apertium-cli ${mode}` };
    },
    languages: () => Promise.resolve(pairs),
    healthy: () => Promise.resolve(true),
  };
}
