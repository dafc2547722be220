/**
 * @tandem/core — the contract every other Tandem package builds on.
 * It depends on no other workspace package.
 */
export const TANDEM_CORE_VERSION = '0.1.0';
