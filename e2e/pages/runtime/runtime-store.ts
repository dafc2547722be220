/** The model store the runtime page and its workers share (IndexedDB name), and what it serves. */
export const RUNTIME_STORE = 'tandem-e2e-runtime';
export const VAD_MANIFEST = '/models/silero-vad/manifest.json';
export const FACE_MANIFEST = '/models/tiny-face-detector/manifest.json';
