/**
 * The rate-limit identity of a client address. IPv4 addresses stand for themselves (an
 * IPv4-mapped IPv6 address like `::ffff:203.0.113.9`, as Node reports dual-stack sockets, is its
 * IPv4 address). An IPv6 address stands for its /64: that is what one subscriber is usually given,
 * so taking the whole address would let a client rotate through 2^64 fresh buckets.
 */
export function clientBucket(address: string | undefined): string {
  if (!address) return 'unknown';
  const plain = address.replace(/%.*$/, '').toLowerCase(); // drop a zone id (fe80::1%eth0)
  const v4 = /^(?:::ffff:)?(\d{1,3}(?:\.\d{1,3}){3})$/.exec(plain);
  if (v4?.[1]) return v4[1];
  const groups = ipv6Groups(plain);
  return groups ? `${groups.slice(0, 4).join(':')}::/64` : plain;
}

/** The eight 16-bit groups of an IPv6 address (`::` expanded), or undefined if it is not one. */
function ipv6Groups(address: string): string[] | undefined {
  const halves = address.split('::');
  if (halves.length > 2) return undefined;
  const part = (s: string | undefined) => (s ? s.split(':') : []);
  const head = part(halves[0]);
  const tail = part(halves[1]);
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  if (!groups.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return undefined;
  return groups.map((g) => g.replace(/^0+(?=.)/, ''));
}
