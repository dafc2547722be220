import * as Comlink from 'comlink';
import type { BackendChoiceWorkerApi } from './protocol.ts';

declare global {
  interface Window {
    benchBackendChoice: Comlink.Remote<BackendChoiceWorkerApi>;
  }
}

const worker = new Worker(new URL('./backend-choice.worker.ts', import.meta.url), { type: 'module' });
window.benchBackendChoice = Comlink.wrap<BackendChoiceWorkerApi>(worker);
document.getElementById('status')!.textContent = 'ready';
