/**
 * Writes a model bundle (dir: tiny_scorer.onnx, manifest.json, weights.json): a 3-class linear scorer as ONNX, `scores = softmax(features · W + b)`
 * (features float32 [batch, 4], W [4, 3], b [3]), its manifest and its weights as JSON, so a
 * spec can compute the expected scores itself. The protobuf is written by hand (ONNX's
 * ModelProto field numbers, below): no Python, no onnx package, byte-identical on every run.
 * Called by scripts/prepare-assets.mjs for e2e/public/models/tiny-scorer (the custom-stage spec's).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const W = [
  [0.5, -1.25, 0.75],
  [-0.5, 2.0, 0.25],
  [1.5, 0.125, -1.0],
  [-0.25, 0.5, 1.75],
];
const B = [0.1, -0.2, 0.3];

// --- a protobuf writer: varints and length-delimited fields are all ONNX needs here ---
const varint = (n) => {
  const out = [];
  let v = BigInt(n);
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) byte |= 0x80;
    out.push(byte);
  } while (v > 0n);
  return out;
};
const key = (field, wire) => varint((field << 3) | wire);
const int = (field, n) => [...key(field, 0), ...varint(n)];
const bytes = (field, payload) => [...key(field, 2), ...varint(payload.length), ...payload];
const str = (field, s) => bytes(field, [...Buffer.from(s, 'utf8')]);
const msg = (field, parts) => bytes(field, parts.flat());
const floats = (values) => [...Buffer.from(Float32Array.from(values).buffer)];

const FLOAT = 1;
// TensorProto: dims 1, data_type 2, name 8, raw_data 9.
const tensor = (field, name, dims, values) => msg(field, [...dims.map((d) => int(1, d)), int(2, FLOAT), str(8, name), bytes(9, floats(values))]);
// ValueInfoProto: name 1, type 2 → TypeProto.tensor_type 1 → elem_type 1, shape 2 → dim 1 → dim_value 1 | dim_param 2.
const dim = (d) => msg(1, [typeof d === 'number' ? int(1, d) : str(2, d)]);
const valueInfo = (field, name, shape) => msg(field, [str(1, name), msg(2, [msg(1, [int(1, FLOAT), msg(2, shape.map(dim))])])]);
// NodeProto: input 1, output 2, name 3, op_type 4.
const node = (name, op, inputs, outputs) => msg(1, [...inputs.map((i) => str(1, i)), ...outputs.map((o) => str(2, o)), str(3, name), str(4, op)]);

const graph = msg(7, [
  node('matmul', 'MatMul', ['features', 'W'], ['logits0']),
  node('bias', 'Add', ['logits0', 'b'], ['logits']),
  node('softmax', 'Softmax', ['logits'], ['scores']),
  str(2, 'tiny-scorer'),
  tensor(5, 'W', [4, 3], W.flat()),
  tensor(5, 'b', [3], B),
  valueInfo(11, 'features', ['batch', 4]),
  valueInfo(12, 'scores', ['batch', 3]),
]);
// ModelProto: ir_version 1, producer_name 2, graph 7, opset_import 8 (domain 1, version 2).
const model = Uint8Array.from([...int(1, 8), ...str(2, 'tandem make-tiny-scorer'), ...graph, ...msg(8, [str(1, ''), int(2, 13)])]);

/** Writes the bundle into `dir`; returns its manifest. */
export function writeTinyScorer(dir) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'tiny_scorer.onnx'), model);
  writeFileSync(join(dir, 'weights.json'), `${JSON.stringify({ W, b: B }, null, 2)}\n`);
  const sha256 = `sha256-${createHash('sha256').update(model).digest('base64')}`;
  const manifest = {
    id: 'tiny-scorer',
    version: `1+${sha256.slice(7, 15)}`,
    runtime: 'onnxruntime-web',
    licence: 'MIT',
    description: 'A 3-class linear scorer, softmax(features · W + b), written by scripts/tiny-scorer-model.mjs',
    files: [{ name: 'tiny_scorer.onnx', url: 'tiny_scorer.onnx', size: model.length, sha256 }],
  };
  writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}
