/** Names of the test attachments that carry results from the benchmark test to the reporter. */
export const RECORD_ATTACHMENT = 'tandem-bench-record';
export const MACHINE_ATTACHMENT = 'tandem-bench-machine';
/** `{ title }`, attached as soon as the module loaded, so a record can name a benchmark that died later. */
export const TITLE_ATTACHMENT = 'tandem-bench-title';
