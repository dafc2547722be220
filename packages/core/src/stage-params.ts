import { ValidationError } from './errors/runtime-errors.js';

/**
 * A per-run parameter value. Only short primitives: parameters are settings (a language pair, a
 * style), recorded in the trace and the decision records, so they must never carry the data
 * itself. Anything longer or nested is refused before a stage runs.
 */
export type ParamValue = string | number | boolean;
export type StageParams = Readonly<Record<string, ParamValue>>;

/** Longest string a parameter may hold; a sentence does not fit, a language code does. */
export const MAX_PARAM_CHARS = 64;

/**
 * Validates a stage's per-run parameters. The shape of zod's `safeParse`, so a zod schema fits
 * as is (`params: z.object({ target: z.enum(['spa', 'cat']) })`) and core needs no schema library
 * of its own in the contract.
 */
export interface ParamsSchema<R> {
  safeParse(value: unknown):
    | { readonly success: true; readonly data: R }
    | { readonly success: false; readonly error: { readonly issues: readonly { readonly path: readonly PropertyKey[]; readonly message: string }[] } };
}

/** What `run(…, { params })` accepts for a pipeline: stage name → that stage's parameters. */
export type PipelineParams = Readonly<Record<string, unknown>>;

interface ParamsCarrier {
  readonly name: string;
  readonly params?: ParamsSchema<unknown>;
}

/**
 * Checks the run's parameters against every stage that declares a schema, before any stage
 * runs (a typo must not surface after the transcript was already sent somewhere). Unknown stage
 * names, schema failures and non-primitive values are one `ValidationError` listing every issue.
 */
export function validateRunParams(
  pipeline: string,
  stages: readonly ParamsCarrier[],
  given: PipelineParams | undefined,
): ReadonlyMap<string, StageParams> {
  const issues: string[] = [];
  const out = new Map<string, StageParams>();
  const byName = new Map(stages.map((s) => [s.name, s]));
  for (const name of Object.keys(given ?? {})) {
    const stage = byName.get(name);
    if (stage === undefined) issues.push(`${name}: no stage of "${pipeline}" has this name`);
    else if (stage.params === undefined) issues.push(`${name}: the stage takes no parameters`);
  }
  for (const stage of stages) {
    if (stage.params === undefined) continue;
    const value = given !== undefined && Object.hasOwn(given, stage.name) ? given[stage.name] : undefined;
    const parsed = stage.params.safeParse(value);
    if (!parsed.success) {
      for (const i of parsed.error.issues) issues.push(`${[stage.name, ...i.path.map(String)].join('.')}: ${i.message}`);
      continue;
    }
    const data = parsed.data;
    if (data === undefined) continue;
    if (typeof data !== 'object' || data === null || Array.isArray(data)) {
      issues.push(`${stage.name}: parameters must be an object of short primitive values`);
      continue;
    }
    const flat: Record<string, ParamValue> = {};
    for (const [key, v] of Object.entries(data)) {
      if (v === undefined) continue;
      if (typeof v === 'number' || typeof v === 'boolean' || (typeof v === 'string' && v.length <= MAX_PARAM_CHARS)) {
        flat[key] = v;
      } else {
        issues.push(`${stage.name}.${key}: a parameter must be a number, a boolean or a string of at most ${MAX_PARAM_CHARS} characters (it is recorded in the trace)`);
      }
    }
    out.set(stage.name, Object.freeze(flat));
  }
  if (issues.length > 0) throw new ValidationError({ what: `parameters of pipeline "${pipeline}"`, issues });
  return out;
}
