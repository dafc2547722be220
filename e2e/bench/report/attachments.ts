/** Names of the test attachments that carry results from the benchmark test to the reporter. */
export const RECORD_ATTACHMENT = 'tandem-bench-record';
export const MACHINE_ATTACHMENT = 'tandem-bench-machine';
