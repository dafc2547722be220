/** Vite's `?url` imports: the emitted asset's URL. */
declare module '*.wasm?url' {
  const url: string;
  export default url;
}
