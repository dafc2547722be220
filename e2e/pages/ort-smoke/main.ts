import * as Comlink from 'comlink';
import type { SmokeRunRequest, SmokeRunResult, SmokeWorkerApi } from './protocol.ts';

const worker = new Worker(new URL('./ort.worker.ts', import.meta.url), { type: 'module' });
const api = Comlink.wrap<SmokeWorkerApi>(worker);

declare global {
  interface Window {
    smoke: {
      run(request: Omit<SmokeRunRequest, 'frames'> & { frames: number[][] }): Promise<SmokeRunResult>;
      webgpuAdapter(): Promise<boolean>;
    };
  }
}

window.smoke = {
  run: ({ frames, ...rest }) => {
    const typed = frames.map((f) => Float32Array.from(f));
    return api.run(Comlink.transfer({ ...rest, frames: typed }, typed.map((f) => f.buffer)));
  },
  webgpuAdapter: async () => {
    const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
    return gpu ? (await gpu.requestAdapter()) !== null : false;
  },
};

document.getElementById('status')!.textContent = 'ready';
