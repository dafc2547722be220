/**
 * A developer's own ONNX model as a Tandem stage in one call: the weights from a `ModelSource`,
 * the caller's pre- and post-processing around one `session.run`, the backend fixed or measured
 * ('auto', remembered per device), and the backend that really ran in every report. The same
 * object is registered in a worker entry and placed in a pipeline from the page, so the model
 * code is written once for both.
 */
import type { RunReport, SensitivityLabel, StageModelSource } from '@tandem/core';
import { placeableStage, type BackendChoice, type LocalStageDefinition, type PlaceableStage, type StageContext } from '@tandem/worker';
import type { OnnxBackend, OnnxSession } from './onnx-engine.js';
import { checkFeeds, flattenOutputs, syntheticFeeds, type OnnxFeeds, type OnnxOutputs } from './onnx-feeds.js';
import { openOnnxFromSource, type OnnxStageConfig, type OnnxTrial } from './onnx-open.js';

export interface OnnxRunReport extends RunReport {
  backend: OnnxBackend;
  /** ORT reported nodes kept on its CPU provider inside a GPU session. */
  cpuNodes: boolean;
  /** Present when the backend was chosen by measurement ('auto'); `fromCache` on later loads. */
  backendChoice?: BackendChoice;
}

/** One `session.run` between the stage's own tensor code (the usual case). */
export interface OnnxPrePost<I, O> {
  /** The model's named input tensors for one input; checked against the model's declared inputs. */
  preprocess(input: I): OnnxFeeds | Promise<OnnxFeeds>;
  /** The stage's output from the model's named output tensors. */
  postprocess(outputs: OnnxOutputs, input: I): O | Promise<O>;
}

/** Full control over the session, for models stepped several times per input (recurrent state). */
export interface OnnxInfer<I, O> {
  infer(session: OnnxSession, input: I, signal: AbortSignal): Promise<O>;
  /** The numbers backend trials compare, from the output of `sample`. */
  fingerprint(output: O): ArrayLike<number>;
}

export type OnnxStageOptions<I, O, L extends SensitivityLabel, C extends OnnxStageConfig = OnnxStageConfig> = {
  /** The stage's name: in the pipeline, its trace, errors, and as the worker's stage and pool key. */
  name: string;
  /** Label of the output (core's `SensitivityLabel`). */
  outputLabel: L;
  /** Where the weights come from, run where the stage runs: e.g. `() => createModelStore()`. */
  source: StageModelSource<C>;
  /** The weights when the config names none: a manifest URL or manifest. */
  model?: OnnxStageConfig['manifest'];
  /** Default backend when the config names none. Default 'auto'. */
  backend?: OnnxBackend | 'auto';
  /**
   * A representative input for 'auto': each backend runs it and their outputs are compared with
   * WASM's. Without one, a trial runs deterministic feeds shaped by the model's declared inputs.
   */
  sample?: () => I;
  /** Default largest output difference to WASM for 'auto'. Default 1e-3. */
  tolerance?: number;
  /** Facts of one run to add to its report (frame counts, sizes). */
  report?: (output: O, input: I) => Record<string, unknown>;
  /** Buffers in the output to move rather than copy out of a worker. Default: every typed array found. */
  transfer?: (output: O) => Transferable[];
} & (OnnxPrePost<I, O> | OnnxInfer<I, O>);

/** An ONNX stage: the worker entry's definition and, placed (`.stage(place)`), a pipeline stage. */
export type OnnxStage<I, O, L extends SensitivityLabel, C extends OnnxStageConfig = OnnxStageConfig> = PlaceableStage<C, I, O, L>;

/** The trial a measured choice runs on every backend: the sample through the stage, or synthetic feeds. */
function trialOf<I, O>(name: string, options: (OnnxPrePost<I, O> | OnnxInfer<I, O>) & { sample?: () => I }): OnnxTrial {
  const { sample } = options;
  if ('infer' in options) {
    return async (session) => {
      if (!sample) return flattenOutputs(await session.run(syntheticFeeds(name, session)));
      return options.fingerprint(await options.infer(session, sample(), new AbortController().signal));
    };
  }
  return async (session) => {
    const feeds = sample ? await options.preprocess(sample()) : syntheticFeeds(name, session);
    // Checked here too: a mismatch would otherwise surface as every backend "failing" its trial.
    checkFeeds(name, session, feeds);
    return flattenOutputs(await session.run(feeds));
  };
}

/** Runs one input: the stage's own `infer`, or preprocess → checked feeds → `session.run` → postprocess. */
async function inferOnce<I, O>(name: string, options: OnnxPrePost<I, O> | OnnxInfer<I, O>, session: OnnxSession, input: I, signal: AbortSignal): Promise<O> {
  if ('infer' in options) return options.infer(session, input, signal);
  const feeds = await options.preprocess(input);
  checkFeeds(name, session, feeds);
  if (signal.aborted) throw signal.reason;
  return options.postprocess(await session.run(feeds), input);
}

/**
 * Declares an ONNX stage. Register it in a worker entry (`exposeStages({ [s.name]: s })`), then
 * in the page `s.stage(pool)` (or `s.stage('page')`) is a pipeline stage. A config (`C`, plain
 * data) may name other weights or a fixed backend per use.
 */
export function onnxStage<I, O, L extends SensitivityLabel, C extends OnnxStageConfig = OnnxStageConfig>(
  options: OnnxStageOptions<I, O, L, C>,
): OnnxStage<I, O, L, C> {
  const { name, source } = options;
  const trial = trialOf(name, options);
  const withDefaults = (config: C | undefined): C =>
    ({ ...(options.model !== undefined && { manifest: options.model }), backend: options.backend ?? 'auto', ...config }) as C;

  const definition: LocalStageDefinition<C, I, O> = {
    async create(given, context: StageContext) {
      const config = withDefaults(given);
      const started = performance.now();
      const { session, choice, model, id, version } = await openOnnxFromSource(`${name} config`, config, source, context.signal, trial, options.tolerance);
      const base = {
        backend: session.backend, modelId: id, modelVersion: version, cacheHit: model.networkBytes === 0, cpuNodes: session.cpuNodes,
        ...(choice && { backendChoice: choice }),
      };
      const loadReport: OnnxRunReport = { ...base, runMs: 0, loadMs: performance.now() - started, compileMs: session.loadMs };
      return {
        loadReport,
        async run(input, runContext) {
          const runStarted = performance.now();
          const output = await inferOnce(name, options, session, input, runContext.signal);
          const report: OnnxRunReport = { ...base, ...options.report?.(output, input), runMs: performance.now() - runStarted };
          return { output, report, ...(options.transfer && { transfer: options.transfer(output) }) };
        },
        async dispose() {
          await session.release();
          model.release();
        },
      };
    },
  };

  return placeableStage(definition, { name, outputLabel: options.outputLabel, withDefaults });
}
