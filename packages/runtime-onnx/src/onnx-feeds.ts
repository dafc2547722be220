/**
 * The tensors a stage hands to ORT, checked against what the model declares before ORT sees them:
 * ORT's own message for a wrong feed ("input 'x' is missing in 'feeds'", or a shape error from
 * deep inside a kernel) names neither the stage nor what it expected. Also the deterministic
 * feeds a backend trial runs when the stage gives no sample input.
 */
import { ValidationError } from '@tandem/core';
import { ort, type OnnxSession } from './onnx-engine.js';

export type OnnxFeeds = Record<string, ort.Tensor>;
export type OnnxOutputs = ort.InferenceSession.OnnxValueMapType;

type TensorMetadata = ort.InferenceSession.ValueMetadata & { isTensor: true };

function tensorInputs(session: OnnxSession): TensorMetadata[] {
  return session.session.inputMetadata.filter((m): m is TensorMetadata => m.isTensor);
}

const describe = (type: string, shape: readonly (number | string)[]) => `${type} [${shape.join(', ')}]`;

/**
 * Throws `ValidationError` listing every input the model declares that `feeds` lacks, every feed
 * it does not declare, and every feed whose element type, rank or fixed dimension differs
 * (symbolic dimensions such as `batch` take any size).
 */
export function checkFeeds(stage: string, session: OnnxSession, feeds: OnnxFeeds): void {
  const issues: string[] = [];
  const declared = session.session.inputNames;
  for (const name of declared) if (!(name in feeds)) issues.push(`input "${name}" is missing`);
  for (const name of Object.keys(feeds)) if (!declared.includes(name)) issues.push(`"${name}" is not an input of the model (inputs: ${declared.join(', ')})`);
  for (const meta of tensorInputs(session)) {
    const feed = feeds[meta.name];
    if (!feed) continue;
    const rankOk = meta.shape.length === 0 || meta.shape.length === feed.dims.length;
    const dimsOk = rankOk && meta.shape.every((d, i) => typeof d !== 'number' || d < 0 || d === feed.dims[i]);
    if (feed.type !== meta.type || !dimsOk) {
      issues.push(`input "${meta.name}" expects ${describe(meta.type, meta.shape)}, preprocess gave ${describe(feed.type, feed.dims)}`);
    }
  }
  if (issues.length) throw new ValidationError({ what: `tensors from ${stage}'s preprocess`, issues });
}

/**
 * One deterministic feed per declared input (symbolic dimensions as 1, values a fixed ramp), for
 * timing backends and comparing their outputs when the stage has no sample input of its own.
 */
export function syntheticFeeds(stage: string, session: OnnxSession): OnnxFeeds {
  const feeds: OnnxFeeds = {};
  for (const meta of tensorInputs(session)) {
    const dims = meta.shape.map((d) => (typeof d === 'number' && d > 0 ? d : 1));
    const size = dims.reduce((a, b) => a * b, 1);
    const ramp = (i: number) => ((i * 37) % 101) / 101 - 0.5;
    switch (meta.type) {
      case 'float32':
        feeds[meta.name] = new ort.Tensor('float32', Float32Array.from({ length: size }, (_, i) => ramp(i)), dims);
        break;
      case 'int32':
        feeds[meta.name] = new ort.Tensor('int32', new Int32Array(size), dims);
        break;
      case 'int64':
        feeds[meta.name] = new ort.Tensor('int64', new BigInt64Array(size), dims);
        break;
      default:
        throw new ValidationError({ what: `${stage}'s backend trial`, issues: [`input "${meta.name}" is ${meta.type}: give the stage a sample input to measure with`] });
    }
  }
  return feeds;
}

/** Every numeric output element in output order: what backend trials compare. */
export function flattenOutputs(outputs: OnnxOutputs): Float64Array {
  const parts: number[] = [];
  for (const value of Object.values(outputs)) {
    const data = (value as ort.Tensor).data;
    if (typeof data === 'object' && data !== null && 'length' in data && typeof (data as ArrayLike<unknown>)[0] !== 'string') {
      const values = data as ArrayLike<number | bigint>;
      for (let i = 0; i < values.length; i++) parts.push(Number(values[i]));
    }
  }
  return Float64Array.from(parts);
}
