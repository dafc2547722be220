/** Loopback ports the e2e harness owns; kept in one place so servers never collide. */
export const E2E_PORT = 4173;
