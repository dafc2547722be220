/**
 * The tensors a TF.js stage's preprocess hands to its model, checked against the model's declared
 * inputs before TF.js sees them (its own errors come from deep inside an op and name no stage),
 * and the deterministic inputs a backend trial runs when the stage gives no sample.
 */
import { ValidationError } from '@tandem/core';
import { tf } from './tfjs-engine.js';
import type { TfjsInputSpec } from './tfjs-model-io.js';

/** What preprocess may return: one tensor (one input), tensors in input order, or tensors by input name. */
export type TfjsFeeds = tf.Tensor | tf.Tensor[] | tf.NamedTensorMap;
/** What the model returns: one tensor, several in output order, or by name. */
export type TfjsOutputs = tf.Tensor | tf.Tensor[] | tf.NamedTensorMap;

const shapeText = (shape: readonly (number | null)[] | undefined) => `[${(shape ?? []).map((d) => (d === null || d < 0 ? '?' : d)).join(', ')}]`;

/** Every tensor in `value`, however it is shaped. */
export function tensorsOf(value: TfjsFeeds): tf.Tensor[] {
  if (value instanceof tf.Tensor) return [value];
  return Array.isArray(value) ? value : Object.values(value);
}

/** Throws `ValidationError` listing every missing or unknown input and every dtype or shape difference. */
export function checkTfjsFeeds(stage: string, specs: readonly TfjsInputSpec[], feeds: TfjsFeeds): void {
  const issues: string[] = [];
  let pairs: [TfjsInputSpec, tf.Tensor][] = [];
  if (feeds instanceof tf.Tensor || Array.isArray(feeds)) {
    const list = tensorsOf(feeds);
    if (list.length !== specs.length) issues.push(`the model takes ${specs.length} input(s) (${specs.map((s) => s.name).join(', ')}), preprocess gave ${list.length}`);
    pairs = specs.slice(0, list.length).map((spec, i) => [spec, list[i]!]);
  } else {
    for (const spec of specs) if (!(spec.name in feeds)) issues.push(`input "${spec.name}" is missing`);
    for (const name of Object.keys(feeds)) if (!specs.some((s) => s.name === name)) issues.push(`"${name}" is not an input of the model (inputs: ${specs.map((s) => s.name).join(', ')})`);
    pairs = specs.filter((s) => feeds[s.name]).map((s) => [s, feeds[s.name]!]);
  }
  for (const [spec, tensor] of pairs) {
    const shape = spec.shape;
    const shapeOk = !shape || (shape.length === tensor.shape.length && shape.every((d, i) => d === null || d < 0 || d === tensor.shape[i]));
    if (spec.dtype !== tensor.dtype || !shapeOk) {
      issues.push(`input "${spec.name}" expects ${spec.dtype} ${shapeText(shape)}, preprocess gave ${tensor.dtype} ${shapeText(tensor.shape)}`);
    }
  }
  if (issues.length) throw new ValidationError({ what: `tensors from ${stage}'s preprocess`, issues });
}

/** One deterministic float32 input per declared input (unknown sizes as 1), for backend trials without a sample. */
export function syntheticTfjsFeeds(stage: string, specs: readonly TfjsInputSpec[]): tf.Tensor[] {
  return specs.map((spec) => {
    if (spec.dtype !== 'float32') {
      throw new ValidationError({ what: `${stage}'s backend trial`, issues: [`input "${spec.name}" is ${spec.dtype}: give the stage a sample input to measure with`] });
    }
    const shape = (spec.shape ?? [1]).map((d) => (d === null || d < 0 ? 1 : d));
    const size = shape.reduce((a, b) => a * b, 1);
    return tf.tensor(Float32Array.from({ length: size }, (_, i) => ((i * 37) % 101) / 101 - 0.5), shape, 'float32');
  });
}

/** Every output element in output order, as numbers: what backend trials compare. */
export async function flattenTfjsOutputs(outputs: TfjsOutputs): Promise<Float64Array> {
  const parts: number[] = [];
  for (const tensor of tensorsOf(outputs)) for (const v of await tensor.data()) parts.push(Number(v));
  return Float64Array.from(parts);
}
