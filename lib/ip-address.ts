/**
 * Which kind of network an IP address belongs to, for outbound requests a user can aim (webhooks): only `public`
 * addresses may be reached. Pure parsing and CIDR matching (IANA's special-purpose registries, RFC 6890 and its
 * updates); no resolver, no sockets.
 *
 * IPv4 is public unless listed. IPv6 is public only inside global unicast (2000::/3) minus the ranges listed, so a
 * range nobody thought of fails closed. Addresses that carry an IPv4 address (IPv4-mapped ::ffff:a.b.c.d, the
 * NAT64 well-known prefix 64:ff9b::/96, 6to4 2002::/16) are judged by the IPv4 address inside; the deprecated
 * IPv4-compatible form (::a.b.c.d), local-use NAT64 (64:ff9b:1::/48) and Teredo are refused outright.
 */

export type AddressClass =
  | 'public'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'cgnat'
  | 'multicast'
  | 'unspecified'
  | 'broadcast'
  | 'reserved'
  | 'documentation'
  | 'benchmarking'
  | 'unique-local'
  | 'nat64-local'
  | 'not-an-ip';

export type ParsedIp = { family: 4; value: bigint } | { family: 6; value: bigint };

// Types

interface Range {
  family: 4 | 6;
  base: bigint;
  prefix: number;
  kind: Exclude<AddressClass, 'public' | 'not-an-ip'>;
}

// Parsing

function parseIpv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    // Dotted decimal only: URL parsing already turned octal/hex/short forms into this; anything else is refused.
    if (!/^(0|[1-9][0-9]{0,2})$/.test(part)) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    value = (value << 8n) | BigInt(n);
  }
  return value;
}

function parseIpv6(input: string): bigint | undefined {
  let text = input.startsWith('[') && input.endsWith(']') ? input.slice(1, -1) : input;
  const zone = text.indexOf('%');
  if (zone >= 0) text = text.slice(0, zone); // fe80::1%eth0: the zone does not change the address's kind
  if (!/^[0-9A-Fa-f:.]+$/.test(text) || text.split('::').length > 2) return undefined;
  const toGroups = (side: string): number[] | undefined => {
    if (side === '') return [];
    const out: number[] = [];
    const pieces = side.split(':');
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i]!;
      if (i === pieces.length - 1 && piece.includes('.')) {
        const v4 = parseIpv4(piece);
        if (v4 === undefined) return undefined;
        out.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
      } else {
        if (!/^[0-9A-Fa-f]{1,4}$/.test(piece)) return undefined;
        out.push(parseInt(piece, 16));
      }
    }
    return out;
  };
  const [head, tail] = text.split('::');
  const left = toGroups(head!);
  const right = tail === undefined ? [] : toGroups(tail);
  if (!left || !right) return undefined;
  let groups: number[];
  if (tail === undefined) {
    if (left.length !== 8) return undefined;
    groups = left;
  } else {
    const missing = 8 - left.length - right.length;
    if (missing < 1) return undefined;
    groups = [...left, ...Array<number>(missing).fill(0), ...right];
  }
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
}

/** A literal IPv4 (dotted decimal) or IPv6 address (brackets and a zone allowed), or undefined. */
export function parseIp(text: string): ParsedIp | undefined {
  const v4 = parseIpv4(text);
  if (v4 !== undefined) return { family: 4, value: v4 };
  const v6 = text.includes(':') ? parseIpv6(text) : undefined;
  return v6 === undefined ? undefined : { family: 6, value: v6 };
}

// Ranges

const v4 = (cidr: string, kind: Range['kind']): Range => {
  const [ip, prefix] = cidr.split('/');
  return { family: 4, base: parseIpv4(ip!)!, prefix: Number(prefix), kind };
};
const v6 = (cidr: string, kind: Range['kind']): Range => {
  const [ip, prefix] = cidr.split('/');
  return { family: 6, base: parseIpv6(ip!)!, prefix: Number(prefix), kind };
};

/** Most specific first where ranges nest (the first match wins). */
const IPV4_RANGES: Range[] = [
  v4('255.255.255.255/32', 'broadcast'),
  v4('0.0.0.0/32', 'unspecified'),
  v4('0.0.0.0/8', 'reserved'), // "this network"
  v4('10.0.0.0/8', 'private'),
  v4('100.64.0.0/10', 'cgnat'),
  v4('127.0.0.0/8', 'loopback'),
  v4('169.254.0.0/16', 'link-local'), // includes 169.254.169.254, the cloud metadata service
  v4('172.16.0.0/12', 'private'),
  v4('192.0.0.0/24', 'reserved'), // IETF protocol assignments
  v4('192.0.2.0/24', 'documentation'),
  v4('192.31.196.0/24', 'reserved'), // AS112
  v4('192.52.193.0/24', 'reserved'), // AMT
  v4('192.88.99.0/24', 'reserved'), // 6to4 relay anycast
  v4('192.168.0.0/16', 'private'),
  v4('192.175.48.0/24', 'reserved'), // AS112 direct delegation
  v4('198.18.0.0/15', 'benchmarking'),
  v4('198.51.100.0/24', 'documentation'),
  v4('203.0.113.0/24', 'documentation'),
  v4('224.0.0.0/4', 'multicast'),
  v4('240.0.0.0/4', 'reserved'),
];

const IPV6_RANGES: Range[] = [
  v6('::/128', 'unspecified'),
  v6('::1/128', 'loopback'),
  v6('64:ff9b:1::/48', 'nat64-local'),
  v6('100::/64', 'reserved'), // discard-only
  v6('2001::/23', 'reserved'), // IETF protocol assignments: Teredo, ORCHID, benchmarking (2001:2::/48), …
  v6('2001:db8::/32', 'documentation'),
  v6('3fff::/20', 'documentation'),
  v6('5f00::/16', 'reserved'), // SRv6 SIDs
  v6('fc00::/7', 'unique-local'),
  v6('fe80::/10', 'link-local'),
  v6('fec0::/10', 'private'), // deprecated site-local
  v6('ff00::/8', 'multicast'),
];
const IPV6_GLOBAL_UNICAST = v6('2000::/3', 'reserved');

const inRange = (value: bigint, range: Range) => {
  const bits = range.family === 4 ? 32 : 128;
  const shift = BigInt(bits - range.prefix);
  return value >> shift === range.base >> shift;
};

/** The IPv4 address an IPv6 address stands for, in the forms that route to it. */
function embeddedIpv4(value: bigint): bigint | undefined {
  if (value >> 32n === 0xffffn) return value & 0xffffffffn; // ::ffff:a.b.c.d (IPv4-mapped)
  if (value >> 32n === 0x64ff9b0000000000000000n) return value & 0xffffffffn; // 64:ff9b::a.b.c.d (NAT64)
  if (value >> 112n === 0x2002n) return (value >> 80n) & 0xffffffffn; // 2002:aabb:ccdd::/48 (6to4)
  return undefined;
}

function classifyIpv4(value: bigint): AddressClass {
  return IPV4_RANGES.find((r) => inRange(value, r))?.kind ?? 'public';
}

/** What kind of network `address` (a literal IP) belongs to; only `public` may be reached by user-aimed requests. */
export function classifyAddress(address: string): AddressClass {
  const ip = parseIp(address);
  if (!ip) return 'not-an-ip';
  if (ip.family === 4) return classifyIpv4(ip.value);
  const inner = embeddedIpv4(ip.value);
  if (inner !== undefined) return classifyIpv4(inner);
  const listed = IPV6_RANGES.find((r) => inRange(ip.value, r));
  if (listed) return listed.kind;
  // ::/96 (the deprecated IPv4-compatible form) and everything else outside global unicast.
  return inRange(ip.value, IPV6_GLOBAL_UNICAST) ? 'public' : 'reserved';
}

/** Loopback only: 127.0.0.0/8, ::1 and their IPv4-mapped forms (the test-only opt-in of webhook targets). */
export const isLoopback = (address: string) => classifyAddress(address) === 'loopback';
