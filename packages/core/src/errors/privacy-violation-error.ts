import type { SensitivityLabel } from '../labels/sensitivity-label.js';
import { TandemError, guardFor, type TandemErrorOptions } from './tandem-error.js';

export type PrivacyViolationDetails = {
  readonly stage: string;
  readonly label: SensitivityLabel;
  /** Where the data would have gone: an endpoint URL, or a rule like `region "us"`. */
  readonly destination: string;
  /** Which rule refused it: the label rule (default) or a residency rule from the policy. */
  readonly rule?: 'label' | 'unsanitized' | 'residency-device-only' | 'residency-region';
};

const RULE_TEXT: Record<NonNullable<PrivacyViolationDetails['rule']>, string> = {
  label: 'only sanitized or public data may leave the device.',
  unsanitized:
    'the value claims to be sanitized but was not produced by a declared sanitizer.',
  'residency-device-only': 'the policy says this stage may run only on the device.',
  'residency-region': "the remote's region is not in the stage's residency allowlist.",
};

/** Thrown by the privacy boundary before anything is handed to a transport. */
export class PrivacyViolationError extends TandemError {
  // Spelled out: minifiers rename classes, and `new.target.name` would then serialize as "i".
  override name = 'PrivacyViolationError';
  declare readonly details: Readonly<PrivacyViolationDetails>;

  constructor(details: PrivacyViolationDetails, options?: TandemErrorOptions) {
    super(
      'PRIVACY_VIOLATION',
      options?.message ??
        `Refused to send "${details.stage}" input labelled "${details.label}" to remote "${details.destination}": ${RULE_TEXT[details.rule ?? 'label']}`,
      details,
      options,
    );
  }
}

export const isPrivacyViolationError = guardFor<PrivacyViolationError>('PRIVACY_VIOLATION');
