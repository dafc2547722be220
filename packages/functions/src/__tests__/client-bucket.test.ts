import { describe, expect, test } from 'vitest';
import { clientBucket } from '../client-bucket.js';

describe('clientBucket', () => {
  test('IPv4 stands for itself, also when Node reports it IPv4-mapped', () => {
    expect(clientBucket('203.0.113.9')).toBe('203.0.113.9');
    expect(clientBucket('::ffff:203.0.113.9')).toBe('203.0.113.9');
  });

  test('IPv6 stands for its /64, however it is written', () => {
    const a = clientBucket('2001:db8:aa:bb::1');
    expect(a).toBe('2001:db8:aa:bb::/64');
    expect(clientBucket('2001:0DB8:00aa:00bb:ffff:1:2:3')).toBe(a);
    expect(clientBucket('2001:db8:aa:bc::1')).not.toBe(a);
    expect(clientBucket('::1')).toBe('0:0:0:0::/64');
    expect(clientBucket('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
  });

  test('nothing known is one shared bucket; what is not an address is kept as given', () => {
    expect(clientBucket(undefined)).toBe('unknown');
    expect(clientBucket('')).toBe('unknown');
    expect(clientBucket('1::2::3')).toBe('1::2::3');
  });
});
