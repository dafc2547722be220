import { TandemError, guardFor, type TandemErrorOptions } from './tandem-error.js';

export type ModelIntegrityDetails = {
  readonly modelId: string;
  readonly version: string;
  readonly file: string;
  readonly expected: string;
  readonly actual: string;
};

/** A downloaded model file does not match its pinned hash; it must not be used or cached. */
export class ModelIntegrityError extends TandemError {
  // Spelled out: minifiers rename classes, and `new.target.name` would then serialize as "i".
  override name = 'ModelIntegrityError';
  declare readonly details: Readonly<ModelIntegrityDetails>;

  constructor(details: ModelIntegrityDetails, options?: TandemErrorOptions) {
    super(
      'MODEL_INTEGRITY',
      options?.message ??
        `Model "${details.modelId}@${details.version}" file "${details.file}" failed its integrity check: expected ${details.expected}, got ${details.actual}.`,
      details,
      options,
    );
  }
}
export const isModelIntegrityError = guardFor<ModelIntegrityError>('MODEL_INTEGRITY');

export type QuotaDetails = {
  readonly modelId?: string;
  readonly requiredBytes: number;
  readonly availableBytes: number;
  readonly usageBytes?: number;
  readonly quotaBytes?: number;
};

export class QuotaError extends TandemError {
  // Spelled out: minifiers rename classes, and `new.target.name` would then serialize as "i".
  override name = 'QuotaError';
  declare readonly details: Readonly<QuotaDetails>;

  constructor(details: QuotaDetails, options?: TandemErrorOptions) {
    const what = details.modelId === undefined ? 'Storing data' : `Storing model "${details.modelId}"`;
    super(
      'QUOTA_EXCEEDED',
      options?.message ??
        `${what} needs ${details.requiredBytes} bytes but only ${details.availableBytes} bytes of storage quota are available.`,
      details,
      options,
    );
  }
}
export const isQuotaError = guardFor<QuotaError>('QUOTA_EXCEEDED');

export type ModelDownloadDetails = {
  readonly modelId: string;
  readonly url: string;
  readonly status?: number;
  readonly reason: string;
};

export class ModelDownloadError extends TandemError {
  // Spelled out: minifiers rename classes, and `new.target.name` would then serialize as "i".
  override name = 'ModelDownloadError';
  declare readonly details: Readonly<ModelDownloadDetails>;

  constructor(details: ModelDownloadDetails, options?: TandemErrorOptions) {
    const status = details.status === undefined ? '' : ` (HTTP ${details.status})`;
    super(
      'MODEL_DOWNLOAD',
      options?.message ??
        `Downloading model "${details.modelId}" from "${details.url}" failed${status}: ${details.reason}.`,
      details,
      options,
    );
  }
}
export const isModelDownloadError = guardFor<ModelDownloadError>('MODEL_DOWNLOAD');
