#!/usr/bin/env node
// Prints a short-lived bearer token for the translate function, signed with TANDEM_JWT_SECRET
// (HS256), for local testing and the demo when auth is on:
//   TANDEM_JWT_SECRET=… node scripts/dev-token.mjs [--sub demo] [--ttl 600] [--scope translate] [--aud tandem-translate]
// Never use in production: there, an identity service issues tokens after authenticating the app.
import { parseArgs } from 'node:util';
import { SignJWT } from 'jose';

const encode = (s) => Buffer.from(s, 'utf8');

const { values } = parseArgs({
  options: {
    sub: { type: 'string', default: 'dev' },
    ttl: { type: 'string', default: '600' },
    scope: { type: 'string', default: 'translate' },
    aud: { type: 'string', default: process.env.TANDEM_JWT_AUDIENCE ?? 'tandem-translate' },
  },
});
const secret = process.env.TANDEM_JWT_SECRET;
if (!secret || encode(secret).byteLength < 32) {
  console.error('Set TANDEM_JWT_SECRET (at least 32 bytes) to the secret the function was started with.');
  process.exit(1);
}
const ttl = Number(values.ttl);
if (!Number.isInteger(ttl) || ttl <= 0 || ttl > 900) {
  console.error('--ttl must be 1..900 seconds (the function refuses longer-lived tokens).');
  process.exit(1);
}
const token = await new SignJWT({ scope: values.scope })
  .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
  .setSubject(values.sub)
  .setAudience(values.aud)
  .setIssuedAt()
  .setExpirationTime(`${ttl}s`)
  .sign(new Uint8Array(encode(secret)));
console.log(token);
