/**
 * A developer's own ONNX model as a stage, the way the runtime-onnx README writes one: the tiny
 * scorer (scripts/tiny-scorer-model.mjs: softmax(features · W + b)) from the page's model
 * store, preprocess/postprocess around one run, backend 'auto'. The same objects are registered
 * in onnx.worker.ts and placed from the page. `mismatchedScorer` feeds int32 rows of five and a
 * tensor the model does not declare, to see the stage's own error.
 */
import { createModelStore } from '@tandem/model-store';
import { onnxStage, ort } from '@tandem/runtime-onnx';
import { RUNTIME_STORE } from './runtime-store.ts';

export const SCORER_MANIFEST = '/models/tiny-scorer/manifest.json';

/** Rows of four features in; one row of three class scores out per input row. */
export const scorer = onnxStage({
  name: 'scorer',
  outputLabel: 'personal',
  source: () => createModelStore({ name: RUNTIME_STORE }),
  model: SCORER_MANIFEST,
  backend: 'auto',
  sample: () => [[0.5, -1, 2, 0.25]],
  preprocess: (rows: number[][]) => ({ features: new ort.Tensor('float32', Float32Array.from(rows.flat()), [rows.length, 4]) }),
  postprocess: ({ scores }, rows) => rows.map((_, r) => Array.from((scores!.data as Float32Array).subarray(r * 3, r * 3 + 3))),
});

export const mismatchedScorer = onnxStage({
  name: 'mismatchedScorer',
  outputLabel: 'personal',
  source: () => createModelStore({ name: RUNTIME_STORE }),
  model: SCORER_MANIFEST,
  backend: 'wasm',
  preprocess: (rows: number[][]) => ({
    features: new ort.Tensor('int32', Int32Array.from(rows.flat()), [rows.length, rows[0]!.length]),
    mask: new ort.Tensor('float32', new Float32Array(rows.length), [rows.length]),
  }),
  postprocess: ({ scores }) => Array.from(scores!.data as Float32Array),
});
