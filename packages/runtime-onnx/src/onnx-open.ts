/**
 * How every ONNX stage gets its session: the weights its config names, from its `ModelSource`
 * (checked against the manifest, cached), opened on a fixed backend or on the one measured
 * fastest on this device among those agreeing with WASM. The choice is remembered per model
 * version and device (`chooseBackend`'s store), so only the first load on a device measures.
 */
import { openStageModel, type LoadedModel, type ModelRef, type StageModelSource } from '@tandem/core';
import { chooseBackend, deviceFingerprint, probeCapabilities, timeRuns, type BackendChoice } from '@tandem/worker';
import { createOnnxRegistry, type OnnxBackend, type OnnxEngineOptions, type OnnxModel, type OnnxSession } from './onnx-engine.js';

/**
 * An ONNX stage's config: plain data, cloned into the worker and keyed by its JSON (one stage
 * instance per distinct config). It names the weights; the bytes come from the stage's source.
 */
export interface OnnxStageConfig {
  /** The weights: a manifest URL or a manifest (`ModelRef`). */
  manifest?: ModelRef;
  /** The manifest's file holding the ONNX graph; default: its only file. */
  file?: string;
  /** Reported model id and version; default: the manifest's (choices are remembered per version). */
  modelId?: string;
  modelVersion?: string;
  /** A fixed backend, or 'auto' for the measured choice. Default 'auto'. */
  backend?: OnnxBackend | 'auto';
  /** With 'auto': measure again even when a choice is stored for this device. */
  remeasure?: boolean;
  /** With 'auto': largest output difference to WASM still trusted. */
  tolerance?: number;
  engine?: OnnxEngineOptions;
}

/** One measurement run of a backend trial: the numbers compared across backends. */
export type OnnxTrial = (session: OnnxSession) => Promise<ArrayLike<number>>;

/** An ONNX model opened from a stage's model source. */
export interface SourcedOnnx {
  session: OnnxSession;
  /** Present when the backend was measured ('auto'). */
  choice?: BackendChoice;
  /** The checked weights; release when the session is disposed. */
  model: LoadedModel;
  id: string;
  version: string;
}

const TRIAL_RUNS = 5;

/** Opens `model` on `config.backend`, or measures every candidate with `trial` when it is 'auto'. */
export async function openOnnxSession(
  config: OnnxStageConfig,
  model: OnnxModel,
  trial: OnnxTrial | undefined,
  defaultTolerance = 1e-3,
): Promise<{ session: OnnxSession; choice?: BackendChoice }> {
  const registry = createOnnxRegistry(config.engine);
  const backend = config.backend ?? 'auto';
  if (backend !== 'auto') return { session: (await registry.open(model, { backends: [backend] })).session };
  const capabilities = await probeCapabilities();
  const choice = await chooseBackend({
    modelId: model.id,
    modelVersion: model.version,
    fingerprint: deviceFingerprint(capabilities),
    candidates: registry.candidates(capabilities),
    tolerance: config.tolerance ?? defaultTolerance,
    ...(config.remeasure !== undefined && { remeasure: config.remeasure }),
    async trial(name) {
      const { session } = await registry.open(model, { backends: [name] });
      try {
        // Without a trial the stage has no input to measure with: opening is all that is timed.
        return { loadMs: session.loadMs, ...(await timeRuns(TRIAL_RUNS, async () => (trial ? trial(session) : []))) };
      } finally {
        await session.release();
      }
    },
  });
  return { session: (await registry.open(model, { backends: [choice.backend as OnnxBackend] })).session, choice };
}

/**
 * Loads `config.manifest` from the source (checked, cached; `ModelIntegrityError` on bad bytes)
 * and opens it with `openOnnxSession`. A failed open releases the weights. `what` names the
 * config in the `ValidationError` for a config without a manifest.
 */
export async function openOnnxFromSource<C extends OnnxStageConfig>(
  what: string,
  config: C,
  source: StageModelSource<C>,
  signal: AbortSignal,
  trial: OnnxTrial | undefined,
  defaultTolerance?: number,
): Promise<SourcedOnnx> {
  const named = (weights: LoadedModel) => ({ id: config.modelId ?? weights.manifest.id, version: config.modelVersion ?? weights.manifest.version });
  const { model, opened } = await openStageModel(what, source, config, signal, (weights) =>
    openOnnxSession(config, { bytes: new Uint8Array(weights.buffer(config.file)), ...named(weights) }, trial, defaultTolerance),
  );
  return { ...opened, model, ...named(model) };
}
