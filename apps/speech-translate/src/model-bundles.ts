/**
 * The three model bundles the app needs and where their manifests are served. The page downloads
 * them into the IndexedDB model store once (with progress); the workers then open the same
 * manifests from the store, so a later visit, or an offline one, never touches the network.
 */
export interface ModelBundle {
  /** Manifest URL, relative to the app. */
  readonly manifestUrl: string;
  readonly title: string;
}

export const MODEL_BUNDLES = {
  vad: { manifestUrl: 'generated/models/silero-vad/manifest.json', title: 'Silero VAD (voice activity)' },
  asrRuntime: { manifestUrl: 'generated/models/pocketsphinx-wasm/manifest.json', title: 'PocketSphinx runtime (WASM)' },
  asrModel: { manifestUrl: 'generated/models/pocketsphinx-en-us/manifest.json', title: 'PocketSphinx US English model' },
} as const satisfies Record<string, ModelBundle>;

/** One IndexedDB database for the page and both workers. */
export const MODEL_STORE_NAME = 'tandem-speech-translate-models';

/** Absolute URL of a bundle's manifest; workers resolve it against the app, not their own script. */
export function manifestHref(bundle: ModelBundle, base: string): string {
  return new URL(bundle.manifestUrl, base).href;
}
