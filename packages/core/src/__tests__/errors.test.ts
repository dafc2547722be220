import { describe, expect, it } from 'vitest';
import {
  BackendUnavailableError,
  ModelDownloadError,
  ModelIntegrityError,
  PlacementError,
  PrivacyViolationError,
  QuotaError,
  RemoteUnavailableError,
  StageAbortedError,
  StageTimeoutError,
  TandemError,
  ValidationError,
  WorkerCrashedError,
  deserializeError,
  isBackendUnavailableError,
  isModelDownloadError,
  isModelIntegrityError,
  isPlacementError,
  isPrivacyViolationError,
  isQuotaError,
  isRemoteUnavailableError,
  isStageAbortedError,
  isStageTimeoutError,
  isTandemError,
  isValidationError,
  isWorkerCrashedError,
  serializeError,
} from '../index.js';

const cases = [
  {
    error: new PrivacyViolationError({ stage: 'translate', label: 'raw', destination: 'https://fn.example/v1/translate' }),
    code: 'PRIVACY_VIOLATION',
    guard: isPrivacyViolationError,
    message: /Refused to send "translate" input labelled "raw" to remote "https:\/\/fn\.example\/v1\/translate": only sanitized or public data may leave the device\./,
  },
  {
    error: new PlacementError({
      stage: 'asr',
      attempts: [
        { placement: 'local', reason: 'no WebGPU' },
        { placement: 'remote', reason: 'failed', error: serializeError(new Error('boom')) },
      ],
    }),
    code: 'PLACEMENT_FAILED',
    guard: isPlacementError,
    message: /"asr" could not run anywhere \(local: no WebGPU; remote: failed\)/,
  },
  { error: new StageTimeoutError({ stage: 'asr', timeoutMs: 250 }), code: 'STAGE_TIMEOUT', guard: isStageTimeoutError, message: /250 ms/ },
  { error: new StageAbortedError({ stage: 'asr', reason: 'user' }), code: 'STAGE_ABORTED', guard: isStageAbortedError, message: /aborted: user/ },
  {
    error: new RemoteUnavailableError({ endpoint: 'https://fn', reason: 'http', status: 503, retryAfterMs: 1000 }),
    code: 'REMOTE_UNAVAILABLE',
    guard: isRemoteUnavailableError,
    message: /http \(HTTP 503\); retry after 1000 ms/,
  },
  {
    error: new ModelIntegrityError({ modelId: 'whisper', version: '1', file: 'a.onnx', expected: 'sha256-a', actual: 'sha256-b' }),
    code: 'MODEL_INTEGRITY',
    guard: isModelIntegrityError,
    message: /"whisper@1" file "a.onnx".*expected sha256-a, got sha256-b/,
  },
  { error: new QuotaError({ modelId: 'm', requiredBytes: 10, availableBytes: 5 }), code: 'QUOTA_EXCEEDED', guard: isQuotaError, message: /needs 10 bytes.*5 bytes/ },
  { error: new ModelDownloadError({ modelId: 'm', url: 'https://x', status: 404, reason: 'not found' }), code: 'MODEL_DOWNLOAD', guard: isModelDownloadError, message: /HTTP 404/ },
  { error: new WorkerCrashedError({ worker: 'asr', reason: 'OOM', inFlight: 2 }), code: 'WORKER_CRASHED', guard: isWorkerCrashedError, message: /2 request/ },
  {
    error: new BackendUnavailableError({ engine: 'ort', failures: [{ backend: 'webgpu', message: 'no adapter' }] }),
    code: 'BACKEND_UNAVAILABLE',
    guard: isBackendUnavailableError,
    message: /webgpu: no adapter/,
  },
  { error: new ValidationError({ what: 'policy', issues: ['mode: bad'] }), code: 'VALIDATION', guard: isValidationError, message: /Invalid policy: mode: bad/ },
] as const;

describe('typed errors', () => {
  it.each(cases)('$code has name, code, details, message and a guard', ({ error, code, guard, message }) => {
    expect(error).toBeInstanceOf(TandemError);
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe(code);
    expect(error.name).toBe(error.constructor.name);
    expect(error.message).toMatch(message);
    expect(Object.isFrozen(error.details)).toBe(true);
    expect(guard(error)).toBe(true);
    expect(isTandemError(error)).toBe(true);
    // Every other guard rejects it.
    for (const other of cases) if (other.code !== code) expect(other.guard(error)).toBe(false);
  });

  it.each(cases)('$code survives structured clone and is rebuilt as the right class', ({ error, guard }) => {
    const wire = structuredClone(serializeError(error));
    const rebuilt = deserializeError(wire);
    expect(rebuilt.constructor).toBe(error.constructor);
    expect(rebuilt.message).toBe(error.message);
    expect(rebuilt.stack).toBe(error.stack);
    expect(guard(rebuilt)).toBe(true);
    expect((rebuilt as TandemError).details).toEqual(error.details);
  });

  it('guards recognise a look-alike from another realm by code', () => {
    const foreign = Object.assign(new Error('x'), { code: 'STAGE_TIMEOUT', details: {} });
    expect(isStageTimeoutError(foreign)).toBe(true);
    expect(isStageTimeoutError(new Error('x'))).toBe(false);
    expect(isStageTimeoutError({ code: 'STAGE_TIMEOUT', details: {} })).toBe(false);
    expect(isStageTimeoutError(null)).toBe(false);
  });

  it('keeps causes across serialization', () => {
    const inner = new WorkerCrashedError({ worker: 'w', reason: 'gone', inFlight: 1 });
    const outer = new StageTimeoutError({ stage: 's', timeoutMs: 5 }, { cause: inner });
    const rebuilt = deserializeError(structuredClone(serializeError(outer)));
    expect(isStageTimeoutError(rebuilt)).toBe(true);
    expect(isWorkerCrashedError(rebuilt.cause)).toBe(true);
  });

  it('serializes non-Tandem errors and thrown non-errors', () => {
    const t = deserializeError(serializeError(new TypeError('bad type')));
    expect(t).toBeInstanceOf(TypeError);
    expect(t.message).toBe('bad type');
    const abort = deserializeError(serializeError(new DOMException('stop', 'AbortError')));
    expect(abort.name).toBe('AbortError');
    const custom = Object.assign(new Error('c'), { name: 'CustomThing' });
    expect(deserializeError(serializeError(custom)).name).toBe('CustomThing');
    expect(serializeError('plain string')).toEqual({ name: 'Error', message: 'plain string' });
    expect(serializeError({ a: 1 })).toEqual({ name: 'Error', message: '{"a":1}' });
  });

  it('keeps unknown Tandem codes recognisable as Tandem errors', () => {
    const rebuilt = deserializeError({ name: 'FutureError', code: 'FUTURE', message: 'later', details: { n: 1 } });
    expect(isTandemError(rebuilt)).toBe(true);
    expect((rebuilt as TandemError).code).toBe('FUTURE');
    expect(rebuilt.name).toBe('FutureError');
  });

  it('makes details plain data even when they hold errors or non-finite numbers', () => {
    const e = new TandemError('X', 'x', { inner: new Error('i'), n: Number.POSITIVE_INFINITY, f: () => 1 });
    const s = serializeError(e);
    expect(() => structuredClone(s)).not.toThrow();
    expect(s.details).toMatchObject({ inner: { name: 'Error', message: 'i' }, n: 'Infinity' });
    expect(s.details).not.toHaveProperty('f');
  });
});
