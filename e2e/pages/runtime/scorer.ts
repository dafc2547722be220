/**
 * The custom ONNX stage driven from the page: the scorer placed in a pipeline (`scorer.stage(pool)`,
 * its own worker) and run by `tandem.run`, returning the output, the stage's trace row and the
 * stage's load report (which holds the measured backend choice).
 */
import { createTandem, personal, pipeline, type RemoteTransport, type StageTrace } from '@tandem/core';
import type { OnnxRunReport, OnnxStageConfig } from '@tandem/runtime-onnx';
import { probeCapabilities, type WorkerPool } from '@tandem/worker';
import { mismatchedScorer, scorer } from './scorer-stage.ts';

const noTransport: RemoteTransport = { send: () => Promise.reject(new Error('no remote stage in this page')) };

export interface ScoreResult {
  scores: number[][];
  trace: StageTrace;
  load: OnnxRunReport;
}

export function scorerApi(pool: WorkerPool) {
  return {
    /** `rows` through a one-stage pipeline; `config` as a developer would pass per use (e.g. another manifest). */
    async score(rows: number[][], config?: OnnxStageConfig): Promise<ScoreResult> {
      const tandem = createTandem({ policy: { version: 'scorer', mode: 'prefer-local' }, transport: noTransport, capabilities: await probeCapabilities() });
      const { output, trace } = await tandem.run(pipeline('score', 'personal').then(scorer.stage(pool, config)), personal(rows), { stageTimeoutMs: 120_000 });
      const load = (await scorer.runner(pool, config).load({ timeoutMs: 120_000 })) as unknown as OnnxRunReport;
      return { scores: output.value, trace: trace.stages[0]!, load };
    },
    /** Runs `which` straight through its runner (no pipeline); an error comes back as plain data. */
    async tryRun(which: 'scorer' | 'mismatchedScorer', rows: number[][], config?: OnnxStageConfig) {
      try {
        const runner = which === 'scorer' ? scorer.runner(pool, config) : mismatchedScorer.runner(pool, config);
        const { output } = await runner.run(rows, { timeoutMs: 60_000 });
        return { ok: true as const, output };
      } catch (error) {
        const e = error as Error & { code?: string };
        return { ok: false as const, name: e.name, code: e.code, message: e.message };
      }
    },
  };
}
