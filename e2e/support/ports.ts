/**
 * The loopback port of the e2e preview server. TANDEM_E2E_PORT lets several runs share a machine
 * (each with its own TANDEM_E2E_OUTDIR); servers a spec starts itself listen on port 0 instead.
 */
export const E2E_PORT = Number(process.env.TANDEM_E2E_PORT ?? 4173);
