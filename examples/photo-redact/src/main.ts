/**
 * The page: a photo picked by the user → faces found and blurred here → scored here → only the
 * sanitized thumbnail and numbers cross to the caption function. Query: `fn` (the function's
 * base URL), `region` (the region the caption stage declares; the policy allows only `eu`).
 */
import { createTandem, parsePolicy, pipeline, raw, type StageTrace } from '@tandem/core';
import { createFunctionsClient, createFunctionsTransport } from '@tandem/functions-client';
import { probeCapabilities } from '@tandem/worker';
import policyFile from './policy.json';
import type { RgbaImage } from '@tandem/runtime-tfjs';
import { blurFaces, captionStage, faceRunner, findFaces, scorePhoto, thumbnailOnly } from './photo-stages.ts';
import { decodePhoto, showImage } from './photo-io.ts';

/** The blurred photo of the last run: shown, and checked again by the detector (which must find no face in it). */
let blurred: RgbaImage | undefined;
const show = (image: RgbaImage) => showImage((blurred = image));

const query = new URLSearchParams(location.search);
const client = createFunctionsClient({ endpoint: query.get('fn') ?? 'http://127.0.0.1:8788', queue: false, retries: 1 });

// count: pipeline
const tandem = createTandem({ policy: parsePolicy(policyFile), capabilities: probeCapabilities, transport: createFunctionsTransport(client) });
const redactPhoto = pipeline('redact-photo', 'raw').then(findFaces).then(blurFaces(show)).then(scorePhoto.stage('page')).then(thumbnailOnly).then(captionStage(client, query.get('region') ?? 'eu'));
// count: end

/** What the page shows and what the e2e spec reads. */
export interface PhotoRedactRun {
  ok: boolean;
  caption?: string;
  error?: { name: string; code?: string; rule?: string; message: string };
  stages?: StageTrace[];
  /** Faces the detector still finds in the blurred photo (a redaction self-check; should be 0). */
  facesAfterBlur?: number;
  bytesSentOffDevice?: number;
  /** Slices of the decoded photo's RGBA bytes (base64), for the spec to look for in every request. */
  rawSlices: string[];
}

declare global {
  interface Window {
    photoRedact?: PhotoRedactRun;
  }
}

const photoInput = document.querySelector<HTMLInputElement>('#photo')!;
photoInput.addEventListener('change', () => {
  const file = photoInput.files?.[0];
  if (file) void redact(file);
});

async function redact(file: File): Promise<void> {
  delete window.photoRedact;
  blurred = undefined;
  document.body.dataset.state = 'running';
  const image = await decodePhoto(file);
  const rawSlices = [0.3, 0.5, 0.7].map((at) => sliceBase64(image.pixels, Math.floor(image.pixels.length * at), 512));
  try {
    const { output, trace } = await tandem.run(redactPhoto, raw(image), { stageTimeoutMs: 120_000 });
    const facesAfterBlur = (await faceRunner.run({ image: blurred! })).output.faces.length;
    window.photoRedact = { ok: true, caption: output.value, stages: [...trace.stages], bytesSentOffDevice: trace.totals.bytesSentOffDevice, facesAfterBlur, rawSlices };
    document.querySelector('#caption')!.textContent = `${output.value} — faces still found after blurring: ${facesAfterBlur}`;
    document.querySelector('#trace')!.textContent = trace.stages.map((s) => `${s.stage}: ${s.placement} ${s.backend ?? ''} ${Math.round(s.runMs)} ms`).join('\n');
  } catch (error) {
    const e = error as Error & { code?: string; details?: { rule?: string } };
    const rule = e.details?.rule;
    window.photoRedact = { ok: false, error: { name: e.name, ...(e.code !== undefined && { code: e.code }), ...(rule !== undefined && { rule }), message: e.message }, rawSlices };
    document.querySelector('#caption')!.textContent = `Not sent: ${e.message}`;
  }
  document.body.dataset.state = 'done';
}

function sliceBase64(bytes: Uint8ClampedArray | Uint8Array, at: number, length: number): string {
  let binary = '';
  for (const b of bytes.subarray(at, at + length)) binary += String.fromCharCode(b);
  return btoa(binary);
}

document.body.dataset.ready = 'true';
