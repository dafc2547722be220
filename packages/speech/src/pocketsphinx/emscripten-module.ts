import { ModelDownloadError, ModelIntegrityError } from '@tandem/core';

/**
 * The slice of the emscripten module built by scripts/build-pocketsphinx-wasm.sh that Tandem
 * uses: the C API of packages/speech/native/tandem_pocketsphinx.c plus heap and FS access.
 * Pointers are plain numbers (wasm32).
 */
export interface PocketSphinxModule {
  HEAP16: Int16Array;
  HEAP32: Int32Array;
  FS: {
    mkdirTree(path: string): void;
    writeFile(path: string, data: Uint8Array): void;
  };
  UTF8ToString(ptr: number): string;
  stringToUTF8(text: string, ptr: number, maxBytes: number): void;
  lengthBytesUTF8(text: string): number;
  _malloc(bytes: number): number;
  _free(ptr: number): void;
  _tandem_ps_set_logging(on: number): void;
  _tandem_ps_init(argc: number, argv: number): number;
  _tandem_ps_frame_rate(decoder: number): number;
  _tandem_ps_start(decoder: number): number;
  _tandem_ps_process(decoder: number, samples: number, count: number): number;
  _tandem_ps_in_speech(decoder: number): number;
  _tandem_ps_end(decoder: number): number;
  _tandem_ps_hyp(decoder: number): number;
  _tandem_ps_segments(decoder: number): number;
  _tandem_ps_free(decoder: number): void;
}

export interface PocketSphinxOverrides {
  wasmBinary: Uint8Array;
  /** The glue would otherwise resolve the .wasm against its own URL and fetch it unchecked. */
  locateFile: (path: string) => string;
  print: (line: string) => void;
  printErr: (line: string) => void;
}

export type PocketSphinxFactory = (overrides: PocketSphinxOverrides) => Promise<PocketSphinxModule>;

export interface PocketSphinxRuntime {
  /** The glue's bytes as the `ModelSource` checked them against the runtime manifest. */
  glue: Uint8Array;
  /**
   * Same-origin URL the very same glue is served from. It is imported from there, not from a
   * Blob, so a Content-Security-Policy needs no `blob:` in `script-src` ('self' covers it).
   */
  glueUrl: string;
  wasm: Uint8Array;
  /** Names the bundle (and the glue's manifest hash) in an integrity error. */
  id?: string;
  version?: string;
  glueSha256?: string;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Instantiates the module. The glue is imported from its same-origin URL only after the bytes
 * served there proved equal to the checked ones (a glue from another build would not match the
 * wasm, and only checked code may run); the .wasm is handed over as `wasmBinary`, so the glue
 * fetches nothing itself (under Node 20 this also avoids its experimental fetch).
 */
export async function instantiatePocketSphinx(runtime: PocketSphinxRuntime): Promise<PocketSphinxModule> {
  const { glue, glueUrl, wasm } = runtime;
  const modelId = runtime.id ?? 'pocketsphinx-wasm';
  let served: Uint8Array;
  try {
    const response = await fetch(glueUrl);
    if (!response.ok) throw new ModelDownloadError({ modelId, url: glueUrl, status: response.status, reason: response.statusText });
    served = new Uint8Array(await response.arrayBuffer());
  } catch (cause) {
    if (cause instanceof ModelDownloadError) throw cause;
    throw new ModelDownloadError({ modelId, url: glueUrl, reason: String(cause) }, { cause });
  }
  if (!sameBytes(served, glue)) {
    throw new ModelIntegrityError({
      modelId,
      version: runtime.version ?? 'unknown',
      file: glueUrl,
      expected: runtime.glueSha256 ?? `the ${glue.byteLength} checked bytes`,
      actual: `${served.byteLength} bytes that differ from them`,
    });
  }
  const imported = (await import(/* @vite-ignore */ glueUrl)) as { default: PocketSphinxFactory };
  const quiet = (): void => undefined;
  return imported.default({ wasmBinary: wasm, locateFile: (path) => path, print: quiet, printErr: quiet });
}
