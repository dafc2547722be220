/**
 * A developer's own TF.js model as a Tandem stage in one call, the same shape as runtime-onnx's
 * `onnxStage`: the bundle (a converter `model.json` and its shards, or any weights a custom
 * `load` decodes) from a `ModelSource`, the caller's pre- and post-processing around one
 * prediction, the backend fixed or measured ('auto': the fastest agreeing with TF.js's cpu
 * backend, remembered per model version and device), and the backend TF.js says ran in every
 * report. The same object is the worker entry's stage definition and, through `.stage(place)`,
 * the pipeline stage.
 */
import { openStageModel, type LoadedModel, type ModelRef, type RunReport, type SensitivityLabel, type StageModelSource } from '@tandem/core';
import {
  chooseBackend,
  deviceFingerprint,
  placeableStage,
  probeCapabilities,
  timeRuns,
  type BackendChoice,
  type LocalStageDefinition,
  type PlaceableStage,
} from '@tandem/worker';
import { createTfjsRegistry, tf, type TfjsBackend, type TfjsBackendLabel, type TfjsEngineOptions, type TfjsProgram, type TfjsSession } from './tfjs-engine.js';
import { checkTfjsFeeds, flattenTfjsOutputs, syntheticTfjsFeeds, tensorsOf, type TfjsFeeds, type TfjsOutputs } from './tfjs-feeds.js';
import { inputSpecs, loadBundledModel, type TfjsInferenceModel, type TfjsModelFormat } from './tfjs-model-io.js';

/** A TF.js stage's config: plain data, cloned into the worker, one stage instance per distinct config. */
export interface TfjsStageConfig {
  /** The bundle: a manifest URL or a manifest (`ModelRef`). */
  manifest?: ModelRef;
  /** Reported model id and version; default: the manifest's (choices are remembered per version). */
  modelId?: string;
  modelVersion?: string;
  /** A fixed backend, or 'auto' for the measured choice. Default 'auto'. */
  backend?: TfjsBackend | 'auto';
  /** With 'auto': measure again even when a choice is stored for this device. */
  remeasure?: boolean;
  /** With 'auto': largest output difference to the cpu backend still trusted. */
  tolerance?: number;
  engine?: TfjsEngineOptions;
}

export interface TfjsRunReport extends RunReport {
  /** What `tf.getBackend()` said after the run, not what was asked for. */
  backend: TfjsBackendLabel;
  backendChoice?: BackendChoice;
  /** Bytes the model source fetched for this stage's weights (0: all from its cache). */
  networkBytes: number;
}

/** A converter graph model or Keras layers model in the bundle, with tensor code around one prediction. */
export interface TfjsPrePost<I, O, C> {
  format: TfjsModelFormat;
  /** The bundle's model.json; default `model.json`. Its shard paths are relative to it. */
  modelFile?: string;
  /** The model's input tensors (one, several in order, or by name); disposed after the run. */
  preprocess(input: I, config: C): TfjsFeeds;
  /** The stage's output from the model's output tensors (read them with `await t.data()`); they are disposed after. */
  postprocess(outputs: TfjsOutputs, input: I, config: C): O | Promise<O>;
}

/** Weights decoded by the stage itself (a network written in TF.js ops), with its own forward pass. */
export interface TfjsCustom<I, O, C, M> {
  /** Builds the model from the checked bundle, on the backend being opened. */
  load(bundle: LoadedModel, config: C): M | Promise<M>;
  dispose?(model: M): void;
  infer(model: M, input: I, context: { signal: AbortSignal; config: C }): Promise<O>;
  /** The numbers a backend trial compares (a fixed input through the network). */
  trial(model: M, config: C): Promise<ArrayLike<number>>;
}

export type TfjsStageOptions<I, O, L extends SensitivityLabel, C extends TfjsStageConfig = TfjsStageConfig, M = TfjsInferenceModel> = {
  /** The stage's name: in the pipeline, its trace, errors, and as the worker's stage name. */
  name: string;
  outputLabel: L;
  /** Where the bundle comes from, run where the stage runs: e.g. `() => createModelStore()`. */
  source: StageModelSource<C>;
  /** The bundle when the config names none. */
  model?: ModelRef;
  /** Default backend when the config names none. Default 'auto'. */
  backend?: TfjsBackend | 'auto';
  /** A representative input for 'auto' (graph/layers); without one a trial runs deterministic float inputs. */
  sample?: () => I;
  /** Default largest output difference to cpu for 'auto'. Default 1e-3. */
  tolerance?: number;
  /** Facts of one run to add to its report. */
  report?: (output: O, input: I) => Record<string, unknown>;
} & (TfjsPrePost<I, O, C> | TfjsCustom<I, O, C, M>);

/** A TF.js stage: the worker entry's definition and, placed (`.stage(place)`), a pipeline stage. */
export type TfjsStage<I, O, L extends SensitivityLabel, C extends TfjsStageConfig = TfjsStageConfig> = PlaceableStage<C, I, O, L>;

/** The model's work for one input: feeds checked, one prediction, postprocess, every tensor disposed. */
async function predictOnce<I, O, C>(name: string, code: TfjsPrePost<I, O, C>, model: TfjsInferenceModel, input: I, config: C): Promise<O> {
  const feeds = code.preprocess(input, config);
  let outputs: TfjsOutputs | undefined;
  try {
    checkTfjsFeeds(name, inputSpecs(model), feeds);
    outputs = await predict(model, feeds);
    return await code.postprocess(outputs, input, config);
  } finally {
    tf.dispose(tensorsOf(feeds));
    if (outputs) tf.dispose(tensorsOf(outputs));
  }
}

async function predict(model: TfjsInferenceModel, feeds: TfjsFeeds): Promise<TfjsOutputs> {
  if (model instanceof tf.GraphModel) return model.executeAsync(feeds);
  // A layers model takes tensors in input order; a map was checked against the names above.
  const ordered = feeds instanceof tf.Tensor || Array.isArray(feeds) ? feeds : model.inputs.map((i) => feeds[i.name]!);
  return model.predict(ordered);
}

/**
 * Declares a TF.js stage. Register it in a worker entry (`exposeStages({ [s.name]: s })`), then
 * in the page `s.stage(pool)` (or `s.stage('page')`) is a pipeline stage.
 */
export function tfjsStage<I, O, L extends SensitivityLabel, C extends TfjsStageConfig = TfjsStageConfig, M = TfjsInferenceModel>(
  options: TfjsStageOptions<I, O, L, C, M>,
): TfjsStage<I, O, L, C> {
  const { name, source } = options;
  const custom = 'load' in options ? (options as TfjsCustom<I, O, C, M>) : undefined;
  const code = custom ? undefined : (options as TfjsPrePost<I, O, C>);
  const withDefaults = (config: C | undefined): C =>
    ({ ...(options.model !== undefined && { manifest: options.model }), backend: options.backend ?? 'auto', ...config }) as C;

  const programOf = (config: C, bundle: LoadedModel): TfjsProgram<M | TfjsInferenceModel> => ({
    id: config.modelId ?? bundle.manifest.id,
    version: config.modelVersion ?? bundle.manifest.version,
    // Built per backend (tensors live on one), always from the bytes the source checked.
    load: async () => (custom ? custom.load(bundle, config) : loadBundledModel(code!.format, bundle, code!.modelFile)),
    dispose: (model) => (custom ? custom.dispose?.(model as M) : (model as TfjsInferenceModel).dispose()),
  });

  async function trial(model: M | TfjsInferenceModel, config: C): Promise<ArrayLike<number>> {
    if (custom) return custom.trial(model as M, config);
    const m = model as TfjsInferenceModel;
    const feeds = options.sample ? code!.preprocess(options.sample(), config) : syntheticTfjsFeeds(name, inputSpecs(m));
    const outputs = await predict(m, feeds);
    try {
      return await flattenTfjsOutputs(outputs);
    } finally {
      tf.dispose([...tensorsOf(feeds), ...tensorsOf(outputs)]);
    }
  }

  async function open(config: C, bundle: LoadedModel): Promise<{ session: TfjsSession<M | TfjsInferenceModel>; choice?: BackendChoice }> {
    const registry = createTfjsRegistry<M | TfjsInferenceModel>(config.engine);
    const program = programOf(config, bundle);
    const backend = config.backend ?? 'auto';
    if (backend !== 'auto') return { session: (await registry.open(program, { backends: [backend] })).session };
    const capabilities = await probeCapabilities();
    const choice = await chooseBackend({
      modelId: program.id,
      modelVersion: program.version,
      fingerprint: deviceFingerprint(capabilities),
      candidates: registry.candidates(capabilities),
      reference: 'cpu',
      tolerance: config.tolerance ?? options.tolerance ?? 1e-3,
      ...(config.remeasure !== undefined && { remeasure: config.remeasure }),
      async trial(candidate) {
        const { session } = await registry.open(program, { backends: [candidate] });
        try {
          return { loadMs: session.loadMs, ...(await timeRuns(4, async () => (await session.run((m) => trial(m, config))).value)) };
        } finally {
          session.release();
        }
      },
    });
    return { session: (await registry.open(program, { backends: [choice.backend as TfjsBackend] })).session, choice };
  }

  const definition: LocalStageDefinition<C, I, O> = {
    async create(given, context) {
      const config = withDefaults(given);
      const started = performance.now();
      const { model: bundle, opened } = await openStageModel(`${name} config`, source, config, context.signal, (b) => open(config, b));
      const { session, choice } = opened;
      const base = {
        modelId: config.modelId ?? bundle.manifest.id,
        modelVersion: config.modelVersion ?? bundle.manifest.version,
        cacheHit: bundle.networkBytes === 0,
        networkBytes: bundle.networkBytes,
        ...(choice && { backendChoice: choice }),
      };
      const loadReport: TfjsRunReport = { ...base, backend: `tfjs-${session.backend}`, runMs: 0, loadMs: performance.now() - started, compileMs: session.loadMs };
      return {
        loadReport,
        async run(input, runContext) {
          const runStarted = performance.now();
          const { value: output, ranOn } = await session.run((m) =>
            custom ? custom.infer(m as M, input, { signal: runContext.signal, config }) : predictOnce(name, code!, m as TfjsInferenceModel, input, config),
          );
          const report: TfjsRunReport = { ...base, ...options.report?.(output, input), backend: ranOn, runMs: performance.now() - runStarted };
          return { output, report };
        },
        async dispose() {
          session.release();
          bundle.release();
        },
      };
    },
  };

  return placeableStage(definition, { name, outputLabel: options.outputLabel, withDefaults });
}
