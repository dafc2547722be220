/**
 * Creates stage instances once per (stage, config) and runs them: the part shared by the in-page
 * runner and the worker entry, so a stage behaves the same in both places.
 */
import { ValidationError, type RunReport } from '@tandem/core';
import type { LocalStageDefinition, LocalStageInstance, StageContext, StageDefinitions, StageResult } from './local-stage.js';

export interface StageHost {
  load(stage: string, config: unknown, context: StageContext): Promise<RunReport>;
  run(stage: string, config: unknown, input: unknown, context: StageContext): Promise<StageResult<unknown>>;
  dispose(): Promise<void>;
}

type AnyInstance = LocalStageInstance<unknown, unknown>;
type AnyDefinition = LocalStageDefinition<unknown, unknown, unknown>;

export function createStageHost(definitions: StageDefinitions): StageHost {
  const instances = new Map<string, Promise<AnyInstance>>();
  /** Instances whose load report has not been folded into a run report yet. */
  const unreported = new Set<string>();

  function instance(stage: string, config: unknown, context: StageContext): { key: string; created: Promise<AnyInstance> } {
    const definition = definitions[stage] as AnyDefinition | undefined;
    if (!definition) {
      throw new ValidationError({
        what: 'stage name',
        issues: [`"${stage}" is not registered; registered: ${Object.keys(definitions).join(', ') || 'none'}`],
      });
    }
    const key = `${stage}\u0000${stableKey(config)}`;
    let created = instances.get(key);
    if (!created) {
      created = definition.create(config, context);
      instances.set(key, created);
      unreported.add(key);
      // A failed load is not cached: the next call tries again (e.g. after a backend recovered).
      created.catch(() => {
        instances.delete(key);
        unreported.delete(key);
      });
    }
    return { key, created };
  }

  return {
    async load(stage, config, context) {
      const { created } = instance(stage, config, context);
      const loaded = await created;
      return loaded.loadReport ?? { backend: 'js', runMs: 0 };
    },
    async run(stage, config, input, context) {
      const { key, created } = instance(stage, config, context);
      const loaded = await created;
      const result = await loaded.run(input, context);
      if (unreported.delete(key) && loaded.loadReport) {
        const { loadMs, compileMs } = loaded.loadReport;
        result.report = { ...result.report, ...(loadMs !== undefined && { loadMs }), ...(compileMs !== undefined && { compileMs }) };
      }
      return result;
    },
    async dispose() {
      const all = [...instances.values()];
      instances.clear();
      await Promise.allSettled(all.map(async (p) => (await p).dispose?.()));
    },
  };
}

/** JSON with sorted keys, so `{a, b}` and `{b, a}` address the same instance. */
function stableKey(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  ) ?? 'undefined';
}
