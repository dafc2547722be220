import * as ort from 'onnxruntime-node';
import { FRAME } from './vad-signal.ts';

const CONTEXT = 64;

/**
 * Silero VAD probabilities from ONNX Runtime's native CPU build in Node: an independent
 * implementation of the same model, so agreement means the browser path computed it right.
 */
export async function sileroReference(modelPath: string, frames: number[][]): Promise<number[]> {
  const session = await ort.InferenceSession.create(modelPath, { executionProviders: ['cpu'] });
  let state: ort.Tensor = new ort.Tensor('float32', new Float32Array(2 * 128), [2, 1, 128]);
  const sr = new ort.Tensor('int64', BigInt64Array.from([16000n]), []);
  let context = new Float32Array(CONTEXT);
  const out: number[] = [];
  for (const frame of frames) {
    if (frame.length !== FRAME) throw new Error(`frame of ${frame.length} samples, expected ${FRAME}`);
    const input = new Float32Array(CONTEXT + FRAME);
    input.set(context, 0);
    input.set(frame, CONTEXT);
    const result = await session.run({ input: new ort.Tensor('float32', input, [1, input.length]), state, sr });
    out.push((result.output!.data as Float32Array)[0]!);
    state = result.stateN!;
    context = input.slice(input.length - CONTEXT);
  }
  await session.release();
  return out;
}
