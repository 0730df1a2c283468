/** The address classes webhooks are judged by (lib/ip-address.ts): every special-purpose range, IPv4 and IPv6. */
import { classifyAddress, parseIp } from '../../lib/ip-address';

const CASES: [address: string, kind: ReturnType<typeof classifyAddress>][] = [
  // IPv4
  ['8.8.8.8', 'public'],
  ['93.184.215.14', 'public'],
  ['127.0.0.1', 'loopback'],
  ['127.255.255.254', 'loopback'],
  ['10.0.0.1', 'private'],
  ['172.16.0.1', 'private'],
  ['172.31.255.255', 'private'],
  ['172.32.0.1', 'public'],
  ['192.168.1.1', 'private'],
  ['169.254.169.254', 'link-local'],
  ['169.254.0.1', 'link-local'],
  ['100.64.0.1', 'cgnat'],
  ['100.127.255.255', 'cgnat'],
  ['100.128.0.1', 'public'],
  ['224.0.0.1', 'multicast'],
  ['239.255.255.250', 'multicast'],
  ['0.0.0.0', 'unspecified'],
  ['0.1.2.3', 'reserved'],
  ['255.255.255.255', 'broadcast'],
  ['240.0.0.1', 'reserved'],
  ['192.0.0.8', 'reserved'],
  ['192.0.2.10', 'documentation'],
  ['198.51.100.7', 'documentation'],
  ['203.0.113.9', 'documentation'],
  ['198.18.0.1', 'benchmarking'],
  ['192.88.99.1', 'reserved'],
  // IPv6
  ['2606:4700:4700::1111', 'public'],
  ['[2a00:1450:4001:82a::200e]', 'public'],
  ['::1', 'loopback'],
  ['0:0:0:0:0:0:0:1', 'loopback'],
  ['::', 'unspecified'],
  ['fc00::1', 'unique-local'],
  ['fd12:3456:789a::1', 'unique-local'],
  ['fe80::1', 'link-local'],
  ['fe80::1%eth0', 'link-local'],
  ['fec0::1', 'private'],
  ['ff02::1', 'multicast'],
  ['2001:db8::1', 'documentation'],
  ['3fff::1', 'documentation'],
  ['2001::1', 'reserved'], // Teredo
  ['2001:2::1', 'reserved'], // benchmarking
  ['100::1', 'reserved'], // discard-only
  ['4000::1', 'reserved'], // outside global unicast
  // IPv6 forms that carry an IPv4 address: judged by it
  ['::ffff:127.0.0.1', 'loopback'],
  ['::ffff:7f00:1', 'loopback'],
  ['::ffff:169.254.169.254', 'link-local'],
  ['::ffff:10.0.0.1', 'private'],
  ['::ffff:8.8.8.8', 'public'],
  ['64:ff9b::127.0.0.1', 'loopback'],
  ['64:ff9b::a00:1', 'private'],
  ['64:ff9b::808:808', 'public'],
  ['64:ff9b:1::1', 'nat64-local'],
  ['2002:7f00:1::1', 'loopback'], // 6to4 of 127.0.0.1
  ['2002:a9fe:a9fe::1', 'link-local'], // 6to4 of 169.254.169.254
  ['2002:808:808::1', 'public'],
  ['::127.0.0.1', 'reserved'], // deprecated IPv4-compatible
  ['::8.8.8.8', 'reserved'],
  // Not IP addresses
  ['example.com', 'not-an-ip'],
  ['127.1', 'not-an-ip'], // URL parsing normalises short forms to dotted decimal first
  ['0177.0.0.1', 'not-an-ip'],
  ['1::2::3', 'not-an-ip'],
  ['256.0.0.1', 'not-an-ip'],
];

test.each(CASES)('%s is %s', (address, kind) => {
  expect(classifyAddress(address)).toBe(kind);
});

test('when an IP literal is parsed, then both families come back with their value', () => {
  expect(parseIp('1.2.3.4')).toEqual({ family: 4, value: 0x01020304n });
  expect(parseIp('[::2]')).toEqual({ family: 6, value: 2n });
  expect(parseIp('::ffff:1.2.3.4')).toEqual({ family: 6, value: 0xffff01020304n });
  expect(parseIp('host.example')).toBeUndefined();
});
