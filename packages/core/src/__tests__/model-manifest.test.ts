import { describe, expect, it } from 'vitest';
import { isValidationError } from '../errors/index.js';
import { manifestSize, parseManifest } from '../models/model-manifest.js';

const SHA = `sha256-${'A'.repeat(43)}=`;
const valid = {
  id: 'silero-vad',
  version: '5.0.0',
  runtime: 'onnxruntime-web',
  licence: 'MIT',
  files: [{ name: 'model.onnx', url: 'silero_vad_v5.onnx', size: 2327524, sha256: SHA }],
};

function issuesOf(input: unknown): string[] {
  try {
    parseManifest(input);
  } catch (error) {
    expect(isValidationError(error)).toBe(true);
    return [...(error as { details: { issues: string[] } }).details.issues];
  }
  throw new Error('expected a ValidationError');
}

describe('parseManifest', () => {
  it('accepts a valid manifest and resolves relative URLs against the base', () => {
    const m = parseManifest(valid, { baseUrl: 'http://127.0.0.1:9/models/manifest.json' });
    expect(m.files[0]!.url).toBe('http://127.0.0.1:9/models/silero_vad_v5.onnx');
    expect(manifestSize(m)).toBe(2327524);
  });

  it('keeps URLs as written without a base', () => {
    expect(parseManifest(valid).files[0]!.url).toBe('silero_vad_v5.onnx');
  });

  it('rejects a hex or truncated hash, naming the path', () => {
    const hex = { ...valid, files: [{ ...valid.files[0]!, sha256: 'a'.repeat(64) }] };
    expect(issuesOf(hex).join()).toMatch(/^files\.0\.sha256: must be an SRI SHA-256/);
    const short = { ...valid, files: [{ ...valid.files[0]!, sha256: 'sha256-abc=' }] };
    expect(issuesOf(short)).toHaveLength(1);
  });

  it('lists every problem at once: missing licence, bad sizes, unknown keys', () => {
    const bad = {
      id: 'x',
      version: '1',
      runtime: 'tfjs',
      extra: true,
      files: [
        { name: 'a', url: 'a', size: -1, sha256: SHA },
        { name: 'b', url: 'b', size: 1.5, sha256: SHA },
      ],
    };
    const issues = issuesOf(bad).join('\n');
    expect(issues).toMatch(/licence/);
    expect(issues).toMatch(/files\.0\.size/);
    expect(issues).toMatch(/files\.1\.size/);
    expect(issues).toMatch(/extra/);
  });

  it('rejects two files with one name (a version maps names to bytes one to one)', () => {
    const twice = { ...valid, files: [valid.files[0]!, { ...valid.files[0]!, url: 'other.onnx' }] };
    expect(issuesOf(twice)).toEqual(['files.1.name: duplicate file name "model.onnx"']);
  });

  it('rejects no files, an empty version and a path-like id start', () => {
    expect(issuesOf({ ...valid, files: [] }).join()).toMatch(/files/);
    expect(issuesOf({ ...valid, version: '' }).join()).toMatch(/version/);
    expect(issuesOf({ ...valid, id: '../x' }).join()).toMatch(/id/);
    expect(issuesOf('not an object')).toHaveLength(1);
  });
});
