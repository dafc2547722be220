import * as Comlink from 'comlink';
import type { ColdWarmRequest, ColdWarmResult, OrtSessionWorkerApi } from './protocol.ts';

declare global {
  interface Window {
    benchOrtSession: {
      /** Starts a new worker (so the runtime is cold in it) and measures a cold then a warm session. */
      coldThenWarm(request: ColdWarmRequest): Promise<ColdWarmResult>;
    };
  }
}

window.benchOrtSession = {
  async coldThenWarm(request) {
    const worker = new Worker(new URL('./ort-session.worker.ts', import.meta.url), { type: 'module' });
    try {
      return await Comlink.wrap<OrtSessionWorkerApi>(worker).coldThenWarm(request);
    } finally {
      worker.terminate();
    }
  },
};

document.getElementById('status')!.textContent = 'ready';
