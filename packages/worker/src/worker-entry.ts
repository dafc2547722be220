/**
 * The worker side: a module worker's entry file imports its stage definitions and calls
 * `exposeStages({ vad: createSileroVadStage({ source }), … })`. Requests arrive through comlink as the typed
 * protocol of ./protocol.ts; errors go back serialized with their code and details.
 */
import * as Comlink from 'comlink';
import { serializeError } from '@tandem/core';
import type { StageDefinitions } from './local-stage.js';
import type { StageWorkerApi, WorkerRequest, WorkerResponse } from './protocol.js';
import { createStageHost } from './stage-host.js';
import { collectTransferables } from './transferables.js';

/** The lock is held by a callback that never returns: it is released only by the worker's death. */
function holdLockUntilDeath(lockName: string): Promise<void> {
  return new Promise((granted) => {
    void navigator.locks.request(lockName, () => {
      granted();
      return new Promise<never>(() => {});
    });
  });
}

export function createStageWorkerApi(definitions: StageDefinitions): StageWorkerApi {
  const host = createStageHost(definitions);
  const controllers = new Map<number, AbortController>();

  async function handle(request: WorkerRequest): Promise<WorkerResponse> {
    const controller = new AbortController();
    controllers.set(request.callId, controller);
    const context = { signal: controller.signal };
    try {
      if (request.type === 'load') {
        const report = await host.load(request.stage, request.config, context);
        return { type: 'loaded', callId: request.callId, report };
      }
      const result = await host.run(request.stage, request.config, request.input, context);
      const response: WorkerResponse = { type: 'result', callId: request.callId, output: result.output, report: result.report };
      return Comlink.transfer(response, result.transfer ?? collectTransferables(result.output));
    } catch (error) {
      return { type: 'error', callId: request.callId, error: serializeError(error) };
    } finally {
      controllers.delete(request.callId);
    }
  }

  return {
    async attach(lockName) {
      await holdLockUntilDeath(lockName);
      return { crossOriginIsolated: self.crossOriginIsolated };
    },
    handle,
    cancel(callId, reason) {
      controllers.get(callId)?.abort(new Error(reason === 'timeout' ? 'timed out' : 'aborted by the caller'));
    },
  };
}

/** Call once at the top of a module worker's entry file. */
export function exposeStages(definitions: StageDefinitions): void {
  Comlink.expose(createStageWorkerApi(definitions));
}
