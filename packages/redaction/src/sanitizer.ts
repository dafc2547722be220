import { ValidationError, defineSanitizer, defineSanitizerStage, type Sanitizer, type SanitizerStage } from '@tandem/core';
import { redactTranscript, type PlaceholderMapping, type RedactedTranscript, type RedactOptions } from './redact.js';
import { restoreTranscript, type RestoredTranscript, type RestoreOptions } from './restore.js';

/**
 * What the redaction stage hands on, and all that may leave the device: the text with
 * placeholders, the format version and the placeholder keys (so a function can check that its
 * provider kept them). The values behind the keys are not in it.
 */
export interface SanitizedTranscript {
  readonly text: string;
  readonly redaction: {
    readonly version: number;
    readonly placeholders: readonly string[];
  };
}

export interface TranscriptRedactorOptions extends RedactOptions {
  /** Name of the sanitizer and the stage; shown in decision records. Default `redact-transcript`. */
  readonly name?: string;
  /**
   * Called on the device with the full result (mapping included) each time a transcript is
   * redacted, so the app can keep the mapping for when the translation comes back.
   */
  readonly onRedacted?: (redacted: RedactedTranscript, output: SanitizedTranscript) => void;
}

export interface TranscriptRedactor {
  /** The declared sanitizer: `personal` text in, `Sanitized<SanitizedTranscript>` out. */
  readonly sanitizer: Sanitizer<string, SanitizedTranscript>;
  /** The same as a pipeline stage (it runs on the device only, as every sanitizer stage does). */
  readonly stage: SanitizerStage<string, SanitizedTranscript>;
  /** The mapping behind an output of this redactor, or undefined for any other object. */
  mappingFor(output: SanitizedTranscript): PlaceholderMapping | undefined;
  /** Restores a translation of `output`'s text with the mapping kept for it. */
  restore(translated: string, output: SanitizedTranscript, options?: RestoreOptions): RestoredTranscript;
}

/**
 * The redactor as a core sanitizer. Mappings are held in a WeakMap keyed by the output object:
 * they live as long as the app holds the output, never travel inside it, and cannot be looked up
 * from a copy that came back over the wire.
 */
export function createTranscriptRedactor(options: TranscriptRedactorOptions = {}): TranscriptRedactor {
  const { name = 'redact-transcript', onRedacted, ...redactOptions } = options;
  const mappings = new WeakMap<SanitizedTranscript, PlaceholderMapping>();
  const sanitizer = defineSanitizer<string, SanitizedTranscript>({
    name,
    sanitize: (transcript) => {
      const redacted = redactTranscript(transcript, redactOptions);
      const output: SanitizedTranscript = Object.freeze({
        text: redacted.text,
        redaction: Object.freeze({ version: redacted.version, placeholders: Object.freeze(Object.keys(redacted.placeholders)) }),
      });
      mappings.set(output, redacted.placeholders);
      onRedacted?.(redacted, output);
      return output;
    },
  });
  return {
    sanitizer,
    stage: defineSanitizerStage({ name, sanitizer }),
    mappingFor: (output) => mappings.get(output),
    restore: (translated, output, restoreOptions) => {
      const mapping = mappings.get(output);
      if (mapping === undefined) {
        throw new ValidationError({
          what: 'transcript to restore',
          issues: ['this redactor holds no mapping for it (redacted elsewhere, or a copy of the output)'],
        });
      }
      return restoreTranscript(translated, mapping, restoreOptions);
    },
  };
}
