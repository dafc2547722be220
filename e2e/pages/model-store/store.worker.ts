/// <reference lib="webworker" />
import { createModelStore } from '@tandem/model-store';
import type { WorkerReply, WorkerRequest } from './protocol.ts';
import { loadAndReport } from './report.ts';

/** The same store in a dedicated worker: no DOM, the same IndexedDB, the same Web Locks. */
const store = createModelStore();
const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = async (event: MessageEvent<WorkerRequest>) => {
  const request = event.data;
  const report = await loadAndReport(store, request.manifest);
  const reply: WorkerReply = { type: 'loaded', id: request.id, report, persistence: await store.requestPersistence() };
  scope.postMessage(reply);
};
