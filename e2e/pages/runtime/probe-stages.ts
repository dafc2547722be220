/**
 * Small stages for the worker host's own tests: they exercise transfer, deadlines, abort and
 * death without a model, so each property is tested on its own. The real-model stages are
 * tested the same way in runtime-vad/runtime-tfjs.
 */
import type { DeviceCapabilities } from '@tandem/core';
import { probeCapabilities, type LocalStageDefinition } from '@tandem/worker';

export interface EchoOutput {
  byteLength: number;
  checksum: number;
  inWorker: boolean;
}

/** Receives a Float32Array and reports what arrived, so the page can compare with what it sent. */
export const echoStage: LocalStageDefinition<unknown, { samples: Float32Array }, EchoOutput> = {
  async create() {
    return {
      async run({ samples }) {
        let checksum = 0;
        for (let i = 0; i < samples.length; i += 4096) checksum += samples[i]!;
        const inWorker = typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope !== 'undefined';
        return { output: { byteLength: samples.byteLength, checksum, inWorker }, report: { backend: 'js', runMs: 0 } };
      },
    };
  },
};

export type MisbehaviourInput =
  | { mode: 'sleep'; ms: number }
  | { mode: 'spin'; ms: number }
  /** The worker closes itself after `ms`, mid-call: a crash as the host sees it. */
  | { mode: 'close-after'; ms: number };

export const misbehaveStage: LocalStageDefinition<unknown, MisbehaviourInput, { sleptMs: number }> = {
  async create() {
    return {
      async run(input, { signal }) {
        const started = performance.now();
        if (input.mode === 'spin') {
          while (performance.now() - started < input.ms) {
            /* synchronous work the worker cannot interrupt */
          }
        } else if (input.mode === 'sleep') {
          await new Promise<void>((resolve, reject) => {
            const timer = setTimeout(resolve, input.ms);
            signal.addEventListener('abort', () => {
              clearTimeout(timer);
              reject(signal.reason);
            });
          });
        } else {
          setTimeout(() => self.close(), input.ms);
          await new Promise<never>(() => {});
        }
        return { output: { sleptMs: performance.now() - started }, report: { backend: 'js', runMs: performance.now() - started } };
      },
    };
  },
};

export const capabilitiesStage: LocalStageDefinition<unknown, null, DeviceCapabilities> = {
  async create() {
    return {
      async run() {
        return { output: await probeCapabilities(), report: { backend: 'js', runMs: 0 } };
      },
    };
  },
};
