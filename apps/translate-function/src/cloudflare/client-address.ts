import type { ClientAddress } from '@tandem/functions';

/**
 * On Cloudflare the edge sets `CF-Connecting-IP` to the connecting client's address and replaces
 * any value the client sent, so there (and only there) the header is the runtime's word. (Local
 * miniflare keeps a client's own value, so tests can stand in for different clients.)
 */
export const cloudflareClientAddress: ClientAddress = (c) => c.req.header('cf-connecting-ip');
