/**
 * The same stage, run in the page's own thread: same `StageRunner` contract, same deadline and
 * abort handling, no worker. Useful where workers are unavailable and for small stages where a
 * postMessage round trip would cost more than the work.
 */
import type { RunOptions, RunReport } from '@tandem/core';
import { runWithDeadline } from './deadline.js';
import type { LocalStageDefinition } from './local-stage.js';
import { createStageHost } from './stage-host.js';
import type { LocalRunReport, LocalStageRunner } from './worker-pool.js';

export interface InPageStageOptions<C> {
  /** Name used in errors and reports. */
  name: string;
  config: C;
}

export function createInPageRunner<C, I, O>(
  definition: LocalStageDefinition<C, I, O>,
  { name, config }: InPageStageOptions<C>,
): LocalStageRunner<I, O> {
  const host = createStageHost({ [name]: definition as LocalStageDefinition<never, never, unknown> });
  const inPage = (report: RunReport): LocalRunReport => ({ ...report, thread: 'page' });
  return {
    run(input: I, options: RunOptions = {}) {
      return runWithDeadline(name, options, async (signal) => {
        const result = await host.run(name, config, input, { signal });
        return { output: result.output as O, report: inPage(result.report) };
      });
    },
    load(options: RunOptions = {}) {
      return runWithDeadline(name, options, async (signal) => inPage(await host.load(name, config, { signal })));
    },
  };
}
