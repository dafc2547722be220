import { describe, expect, it } from 'vitest';
import { isValidationError, type LoadedModel, type ModelManifest, type ModelSource } from '@tandem/core';
import { tf } from '../tfjs-engine.js';
import { tfjsStage } from '../tfjs-stage.js';

/**
 * tfjsStage on TF.js's cpu backend in Node, with a real Keras layers model (a 4→3 dense layer with
 * softmax) saved by TF.js itself into a model.json + shard bundle, served by a ModelSource over
 * those bytes. The expected scores are computed here from the layer's weights.
 */
const KERNEL = [
  [0.5, -1.25, 0.75],
  [-0.5, 2, 0.25],
  [1.5, 0.125, -1],
  [-0.25, 0.5, 1.75],
];
const BIAS = [0.1, -0.2, 0.3];

async function savedDenseBundle(): Promise<Map<string, ArrayBuffer>> {
  await tf.setBackend('cpu');
  const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 3, activation: 'softmax', name: 'dense' })] });
  model.layers[0]!.setWeights([tf.tensor2d(KERNEL), tf.tensor1d(BIAS)]);
  let files = new Map<string, ArrayBuffer>();
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const modelJson = {
        format: artifacts.format, generatedBy: artifacts.generatedBy, convertedBy: artifacts.convertedBy,
        modelTopology: artifacts.modelTopology, weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: artifacts.weightSpecs! }],
      };
      files = new Map([
        ['model.json', new TextEncoder().encode(JSON.stringify(modelJson)).buffer as ArrayBuffer],
        ['group1-shard1of1.bin', artifacts.weightData as ArrayBuffer],
      ]);
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  model.dispose();
  return files;
}

/**
 * The same scorer as a converter graph model, its GraphDef written by hand in the converter's
 * model.json form (Placeholder → MatMul → BiasAdd → Softmax), the weights in one shard.
 */
function graphBundle(): Map<string, ArrayBuffer> {
  const float = { type: 'DT_FLOAT' };
  const dims = (...sizes: number[]) => ({ dim: sizes.map((size) => ({ size: String(size) })) });
  const constant = (name: string, ...sizes: number[]) => ({ name, op: 'Const', attr: { dtype: float, value: { tensor: { dtype: 'DT_FLOAT', tensorShape: dims(...sizes) } } } });
  const modelJson = {
    format: 'graph-model', generatedBy: 'hand', convertedBy: 'tfjs-stage.test.ts',
    modelTopology: {
      node: [
        { name: 'features', op: 'Placeholder', attr: { dtype: float, shape: { shape: dims(-1, 4) } } },
        constant('W', 4, 3),
        constant('b', 3),
        { name: 'logits', op: 'MatMul', input: ['features', 'W'], attr: { T: float, transpose_a: { b: false }, transpose_b: { b: false } } },
        { name: 'biased', op: 'BiasAdd', input: ['logits', 'b'], attr: { T: float } },
        { name: 'scores', op: 'Softmax', input: ['biased'], attr: { T: float } },
      ],
      library: {},
      versions: { producer: 1 },
    },
    weightsManifest: [{ paths: ['weights.bin'], weights: [{ name: 'W', shape: [4, 3], dtype: 'float32' }, { name: 'b', shape: [3], dtype: 'float32' }] }],
  };
  return new Map([
    ['model.json', new TextEncoder().encode(JSON.stringify(modelJson)).buffer as ArrayBuffer],
    ['weights.bin', Float32Array.from([...KERNEL.flat(), ...BIAS]).buffer],
  ]);
}

/** The `ModelSource` contract over bytes in hand (the store's own checks are tested in model-store). */
function bundleSource(files: Map<string, ArrayBuffer>, manifest: ModelManifest): ModelSource {
  const loaded: LoadedModel = {
    manifest, files, networkBytes: 0, release() {},
    buffer: (name) => files.get(name ?? 'model.json') ?? Promise.reject(new Error(`no ${name}`)) as never,
  };
  return { load: async () => loaded, open: async () => ({ model: loaded, revalidation: Promise.resolve({ status: 'current', version: manifest.version }) }) };
}

const MANIFEST: ModelManifest = {
  id: 'dense-scorer', version: '1', runtime: 'tfjs', licence: 'MIT',
  files: [
    { name: 'model.json', url: 'model.json', size: 1, sha256: `sha256-${'A'.repeat(43)}=` },
    { name: 'group1-shard1of1.bin', url: 'group1-shard1of1.bin', size: 1, sha256: `sha256-${'A'.repeat(43)}=` },
  ],
};

function expected(rows: number[][]): number[][] {
  return rows.map((x) => {
    const logits = BIAS.map((b, j) => b + x.reduce((s, xi, i) => s + xi * KERNEL[i]![j]!, 0));
    const exp = logits.map((l) => Math.exp(l - Math.max(...logits)));
    return exp.map((e) => e / exp.reduce((a, b) => a + b, 0));
  });
}

describe('tfjsStage', async () => {
  const source = bundleSource(await savedDenseBundle(), MANIFEST);
  const scorer = tfjsStage({
    name: 'scorer',
    outputLabel: 'personal',
    source,
    model: MANIFEST,
    format: 'layers',
    sample: () => [[1, 0, 0, 1]],
    preprocess: (rows: number[][]) => tf.tensor2d(rows),
    postprocess: async (out) => (await (out as tf.Tensor).array()) as number[][],
  });

  it("loads a layers model from the bundle, measures 'auto' and reports the backend TF.js ran", async () => {
    const rows = [[1, 2, 3, 4], [0, 0, 0, 0], [-1.5, 0.25, 2, -3]];
    const { output, report } = await scorer.runner('page').run(rows);
    output.forEach((row, r) => row.forEach((v, j) => expect(v).toBeCloseTo(expected(rows)[r]![j]!, 5)));
    // In Node: no WebGPU, and wasm without its files fails, so the measured choice is cpu.
    expect(report).toMatchObject({ backend: 'tfjs-cpu', modelId: 'dense-scorer', thread: 'page', cacheHit: true });
    const choice = (report as unknown as { backendChoice: { backend: string; measurements: { backend: string; error?: string }[] } }).backendChoice;
    expect(choice.backend).toBe('cpu');
    expect(choice.measurements.find((m) => m.backend === 'wasm')?.error).toMatch(/wasmPaths/);
  });

  it('refuses a preprocess whose tensor does not fit the model with a ValidationError', async () => {
    const error = await scorer.runner('page', { backend: 'cpu' }).run([[1, 2, 3]]).catch((e: unknown) => e);
    expect(isValidationError(error)).toBe(true);
    expect((error as Error).message).toContain('expects float32 [?, 4], preprocess gave float32 [1, 3]');
  });

  it('is a pipeline stage with its output label', () => {
    const stage = scorer.stage('page', { backend: 'cpu' });
    expect(stage).toMatchObject({ name: 'scorer', outputLabel: 'personal', kind: 'transform' });
  });

  it("runs a converter graph model from the bundle, its named inputs checked", async () => {
    const graphStage = (name: string, input: string) =>
      tfjsStage({
        name,
        outputLabel: 'personal',
        source: bundleSource(graphBundle(), { ...MANIFEST, id: 'graph-scorer' }),
        model: { ...MANIFEST, id: 'graph-scorer' },
        format: 'graph',
        backend: 'cpu',
        preprocess: (rows: number[][]) => ({ [input]: tf.tensor2d(rows) }),
        postprocess: async (out) => (await (out as tf.Tensor).array()) as number[][],
      });
    const graph = graphStage('graph-scorer', 'features');
    const rows = [[1, 2, 3, 4], [0.5, -1, 2, 0.25]];
    const { output, report } = await graph.runner('page').run(rows);
    output.forEach((row, r) => row.forEach((v, j) => expect(v).toBeCloseTo(expected(rows)[r]![j]!, 5)));
    expect(report).toMatchObject({ backend: 'tfjs-cpu', modelId: 'graph-scorer' });

    const error = await graphStage('misnamed', 'x').runner('page').run(rows).catch((e: unknown) => e);
    expect(isValidationError(error)).toBe(true);
    expect((error as Error).message).toContain('input "features" is missing; "x" is not an input of the model (inputs: features)');
  });
});
