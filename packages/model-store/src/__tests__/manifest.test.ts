import { parseManifest } from '@tandem/core';
import { describe, expect, it } from 'vitest';
import { sameFiles } from '../manifest.js';

// parseManifest itself is @tandem/core's (its tests: core/src/__tests__/model-manifest.test.ts).
const SHA = `sha256-${'A'.repeat(43)}=`;
const valid = {
  id: 'silero-vad',
  version: '5.0.0',
  runtime: 'onnxruntime-web',
  licence: 'MIT',
  files: [{ name: 'model.onnx', url: 'silero_vad_v5.onnx', size: 2327524, sha256: SHA }],
};

describe('sameFiles', () => {
  it('sameFiles compares names, sizes and hashes but not URLs', () => {
    const a = parseManifest(valid);
    const mirror = parseManifest({ ...valid, files: [{ ...valid.files[0]!, url: 'https://mirror/x' }] });
    const changed = parseManifest({ ...valid, files: [{ ...valid.files[0]!, sha256: `sha256-${'B'.repeat(43)}=` }] });
    expect(sameFiles(a, mirror)).toBe(true);
    expect(sameFiles(a, changed)).toBe(false);
  });
});
