import { getConnInfo, handle } from 'hono/aws-lambda';
import { appOptionsFromEnv, createTranslateApp } from '@tandem/functions';
import { stateOptionsFromEnv } from './node/state-from-env.js';

/**
 * AWS Lambda entry (API Gateway HTTP API or a Function URL): the same Hono app through
 * `hono/aws-lambda`, configured from the function's environment variables. Use the
 * `openai-compatible` provider there (or run apertium-apy in the VPC and set APERTIUM_APY_URL).
 * Built once per execution environment. The limiter and idempotency store live as long as it,
 * unless `TANDEM_STATE_DIR` names a directory every environment mounts (EFS), as on Node.
 * The caller is the address in the event's request context (for an ALB, the last
 * `X-Forwarded-For` entry, the one the load balancer appended).
 */
const options = appOptionsFromEnv(process.env);
export const handler = handle(
  createTranslateApp({
    ...options,
    // API Gateway's requestContext (identity.sourceIp / http.sourceIp), which clients cannot set.
    clientAddress: (c) => getConnInfo(c).remote.address,
    ...(await stateOptionsFromEnv(process.env, options)),
  }),
);
