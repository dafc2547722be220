import { z } from 'zod';
import { ValidationError } from '../errors/index.js';

/**
 * A model manifest names every byte a model version is made of: each file's URL, size and
 * SHA-256 in SRI form. It is the one format every Tandem model loads from (ONNX weights, TF.js
 * shards, a wasm runtime, an ASR model), so one parser and one integrity check serve them all.
 * Versions are immutable: a model store keys everything by `id@version`, so files of two
 * versions never mix.
 */

/** SRI form (`sha256-` + base64 of the 32-byte digest), as in `<script integrity>`. */
const SRI_SHA256 = /^sha256-[A-Za-z0-9+/]{43}=$/;

const fileSchema = z.strictObject({
  /** Unique within the manifest; the name a runtime asks for (e.g. `model.onnx`). */
  name: z.string().min(1).max(256),
  /** Absolute, or relative to the manifest's URL. */
  url: z.string().min(1),
  size: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  sha256: z.string().regex(SRI_SHA256, 'must be an SRI SHA-256 hash: "sha256-" followed by 44 base64 characters'),
});

const manifestSchema = z.strictObject({
  id: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[A-Za-z0-9][A-Za-z0-9._/-]*$/, 'letters, digits and . _ / - only'),
  version: z.string().min(1).max(100),
  /** The runtime the files are for (`onnxruntime-web`, `tfjs`, …); the store does not interpret it. */
  runtime: z.string().min(1).max(100),
  /** SPDX identifier or licence name; shipped with the weights so an app can show it. */
  licence: z.string().min(1).max(200),
  description: z.string().max(2000).optional(),
  files: z
    .array(fileSchema)
    .min(1)
    .max(1000)
    .superRefine((files, ctx) => {
      const seen = new Set<string>();
      files.forEach((f, i) => {
        if (seen.has(f.name)) {
          ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `duplicate file name "${f.name}"` });
        }
        seen.add(f.name);
      });
    }),
});

export type ModelManifest = z.infer<typeof manifestSchema>;
export type ManifestFile = z.infer<typeof fileSchema>;

export interface ParseManifestOptions {
  /** Base for relative file URLs (usually the manifest's own URL). Without it they stay as written. */
  baseUrl?: string;
}

/**
 * Validates untrusted JSON into a manifest. Throws `ValidationError` listing every issue with its
 * path (`files.0.sha256: …`), so a bad manifest is fixed in one round.
 */
export function parseManifest(input: unknown, options: ParseManifestOptions = {}): ModelManifest {
  const result = manifestSchema.safeParse(input);
  if (!result.success) {
    const issues = result.error.issues.map((issue) => {
      const path = issue.path.map(String).join('.');
      return path === '' ? issue.message : `${path}: ${issue.message}`;
    });
    throw new ValidationError({ what: 'model manifest', issues });
  }
  const manifest = result.data;
  if (options.baseUrl === undefined) return manifest;
  const base = options.baseUrl;
  const files = manifest.files.map((f) => {
    try {
      return { ...f, url: new URL(f.url, base).href };
    } catch {
      throw new ValidationError({ what: 'model manifest', issues: [`files: url "${f.url}" is not a URL`] });
    }
  });
  return { ...manifest, files };
}

/** Total bytes of a manifest's files. */
export function manifestSize(manifest: ModelManifest): number {
  return manifest.files.reduce((sum, f) => sum + f.size, 0);
}

/** `id@version`: the one key a version's bytes live under. */
export function modelKey(id: string, version: string): string {
  return `${id}@${version}`;
}
