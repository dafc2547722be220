// Runs inside a throwaway app that installed the packed tarballs (never the workspace): proves
// each package works from its published files (dist/, the speech runtime), in plain Node.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const report = {};
const core = await import('@tandem/core');
report.coreExports = Object.keys(core).length;

const { redactTranscript } = await import('@tandem/redaction');
report.redacted = redactTranscript('my email is jane dot doe at example dot com and i live in paris').text;

const { createTranslateApp, createFixedProvider } = await import('@tandem/functions');
const app = createTranslateApp({ provider: createFixedProvider(), auth: false, allowedOrigins: [], logger: () => {} });
const res = await app.request('/v1/translate', {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ text: 'good morning', source: 'eng', target: 'spa', redaction: { version: 1, placeholders: [] }, label: 'sanitized' }),
});
report.functionStatus = res.status;
report.functionBody = await res.json();

const manifestUrl = import.meta.resolve('@tandem/speech/runtime/manifest.json');
const manifest = JSON.parse(readFileSync(fileURLToPath(manifestUrl), 'utf8'));
report.speechRuntime = manifest.files.map((f) => {
  const bytes = readFileSync(fileURLToPath(new URL(f.url, manifestUrl)));
  return { name: f.name, size: bytes.length, matches: `sha256-${createHash('sha256').update(bytes).digest('base64')}` === f.sha256 };
});

for (const name of ['functions-client', 'model-store', 'punctuate', 'runtime-onnx', 'runtime-tfjs', 'speech', 'worker']) {
  report[name] = Object.keys(await import(`@tandem/${name}`)).length;
}
console.log(JSON.stringify(report));
