/**
 * @tandem/punctuate — rule-based punctuation and truecasing for lower-case, unpunctuated ASR
 * transcripts. No model: a handful of English rules, the same code on the device and in the
 * translate function, so the router may place it either side.
 */
export { punctuateTranscript, PUNCTUATION_RULES, type PunctuationRule, type PunctuatedText } from './punctuate-transcript.js';
