/**
 * A TF.js graph or layers model read from a model bundle a `ModelSource` already checked: the
 * bundle holds the converter's `model.json` and the weight shards it names, so TF.js gets every
 * byte from the bundle (`tf.io.IOHandler`) and never fetches on its own.
 */
import { ValidationError, type LoadedModel } from '@tandem/core';
import { tf } from './tfjs-engine.js';

/** The bundle's file a shard path of `modelFile` names (shard paths are relative to model.json). */
function shardName(modelFile: string, path: string): string {
  const slash = modelFile.lastIndexOf('/');
  return slash < 0 ? path : `${modelFile.slice(0, slash + 1)}${path}`;
}

/** An IOHandler that reads `modelFile` (default `model.json`) and its shards from `model`. */
export function bundleIOHandler(model: LoadedModel, modelFile = 'model.json'): tf.io.IOHandler {
  return {
    async load() {
      if (!model.files.has(modelFile)) {
        throw new ValidationError({ what: `model bundle "${model.manifest.id}"`, issues: [`has no "${modelFile}" (files: ${[...model.files.keys()].join(', ')})`] });
      }
      const json = JSON.parse(new TextDecoder().decode(model.buffer(modelFile))) as tf.io.ModelJSON;
      return tf.io.getModelArtifactsForJSON(json, async (groups) => {
        const specs = groups.flatMap((group) => group.weights);
        const shards = groups.flatMap((group) => group.paths.map((path) => model.buffer(shardName(modelFile, path))));
        return [specs, tf.io.concatenateArrayBuffers(shards)];
      });
    },
  };
}

export type TfjsModelFormat = 'graph' | 'layers';
export type TfjsInferenceModel = tf.GraphModel | tf.LayersModel;

/** Loads a converter graph model or a Keras layers model from the bundle, on the active backend. */
export function loadBundledModel(format: TfjsModelFormat, model: LoadedModel, modelFile?: string): Promise<TfjsInferenceModel> {
  const handler = bundleIOHandler(model, modelFile);
  return format === 'graph' ? tf.loadGraphModel(handler) : tf.loadLayersModel(handler);
}

/** What one declared input accepts: its name, element type and shape (null/-1: any size). */
export interface TfjsInputSpec {
  name: string;
  dtype: string;
  shape: readonly (number | null)[] | undefined;
}

/** The declared inputs of a graph or layers model. */
export function inputSpecs(model: TfjsInferenceModel): TfjsInputSpec[] {
  if (model instanceof tf.GraphModel) return model.inputs.map((i) => ({ name: i.name, dtype: i.dtype, shape: i.shape }));
  return model.inputs.map((i) => ({ name: i.name, dtype: i.dtype, shape: i.shape }));
}
