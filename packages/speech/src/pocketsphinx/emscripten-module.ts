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
  /** Without it the glue resolves the .wasm against `import.meta.url`, which a Blob URL cannot do. */
  locateFile: (path: string) => string;
  print: (line: string) => void;
  printErr: (line: string) => void;
}

export type PocketSphinxFactory = (overrides: PocketSphinxOverrides) => Promise<PocketSphinxModule>;

/**
 * Instantiates the module from bytes the ModelSource already checked: the JS glue is imported
 * from a Blob URL (so it is the hashed text, not whatever the server sends on a second request)
 * and the .wasm is handed over as `wasmBinary` (the glue then fetches nothing; under Node 20 this
 * also avoids its experimental fetch).
 */
export async function instantiatePocketSphinx(glue: Uint8Array, wasm: Uint8Array): Promise<PocketSphinxModule> {
  const url = URL.createObjectURL(new Blob([glue as Uint8Array<ArrayBuffer>], { type: 'text/javascript' }));
  try {
    const imported = (await import(/* @vite-ignore */ url)) as { default: PocketSphinxFactory };
    const quiet = (): void => undefined;
    return await imported.default({ wasmBinary: wasm, locateFile: (path) => path, print: quiet, printErr: quiet });
  } finally {
    URL.revokeObjectURL(url);
  }
}
