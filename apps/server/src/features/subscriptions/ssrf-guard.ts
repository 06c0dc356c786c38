import { BlockList, isIP } from 'node:net';

/**
 * SSRF guard of webhook targets. Pure and synchronous: `checkWebhookUrl` judges a URL as written (scheme, literal
 * addresses, well-known metadata names), `checkAddress` judges one resolved address; the delivery path runs the
 * latter on every address DNS returns at connection time (DNS rebinding), and never follows redirects.
 */

export type AddressVerdict = { ok: true } | { ok: false; reason: string };

const FORBIDDEN_NAMES = new Set(['metadata.google.internal', 'metadata', 'metadata.goog', 'instance-data', 'instance-data.ec2.internal']);

const ALWAYS_V4 = new BlockList();
ALWAYS_V4.addSubnet('0.0.0.0', 8, 'ipv4'); // "this network", 0.0.0.0
ALWAYS_V4.addSubnet('169.254.0.0', 16, 'ipv4'); // link-local, includes 169.254.169.254 (cloud metadata)
ALWAYS_V4.addSubnet('224.0.0.0', 4, 'ipv4'); // multicast
ALWAYS_V4.addSubnet('240.0.0.0', 4, 'ipv4'); // reserved, broadcast
ALWAYS_V4.addAddress('100.100.100.200', 'ipv4'); // Alibaba Cloud metadata

const PRIVATE_V4 = new BlockList();
PRIVATE_V4.addSubnet('127.0.0.0', 8, 'ipv4');
PRIVATE_V4.addSubnet('10.0.0.0', 8, 'ipv4');
PRIVATE_V4.addSubnet('172.16.0.0', 12, 'ipv4');
PRIVATE_V4.addSubnet('192.168.0.0', 16, 'ipv4');
PRIVATE_V4.addSubnet('100.64.0.0', 10, 'ipv4'); // carrier-grade NAT

const ALWAYS_V6 = new BlockList();
ALWAYS_V6.addAddress('::', 'ipv6');
ALWAYS_V6.addSubnet('fe80::', 10, 'ipv6'); // link-local
ALWAYS_V6.addSubnet('ff00::', 8, 'ipv6'); // multicast
ALWAYS_V6.addAddress('fd00:ec2::254', 'ipv6'); // AWS metadata over IPv6

const PRIVATE_V6 = new BlockList();
PRIVATE_V6.addAddress('::1', 'ipv6');
PRIVATE_V6.addSubnet('fc00::', 7, 'ipv6'); // unique local

/** The IPv4 address inside an IPv4-mapped IPv6 address (::ffff:a.b.c.d or ::ffff:xxxx:yyyy), else null. */
function mappedV4(address: string): string | null {
  const m = /^::ffff:(.+)$/i.exec(address);
  if (!m?.[1]) return null;
  const rest = m[1];
  if (isIP(rest) === 4) return rest;
  const hex = /^([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(rest);
  if (!hex?.[1] || !hex[2]) return null;
  const hi = parseInt(hex[1], 16);
  const lo = parseInt(hex[2], 16);
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

/** Judges one IP address (as DNS returned it or as written in the URL). */
export function checkAddress(address: string, allowPrivate: boolean): AddressVerdict {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const v4 = isIP(bare) === 4 ? bare : mappedV4(bare);
  if (v4) {
    if (ALWAYS_V4.check(v4, 'ipv4')) return { ok: false, reason: `${address} is a link-local, metadata, multicast or unspecified address` };
    if (!allowPrivate && PRIVATE_V4.check(v4, 'ipv4')) return { ok: false, reason: `${address} is a loopback or private address (subscriptions.allowPrivateTargets is off)` };
    return { ok: true };
  }
  if (isIP(bare) === 6) {
    if (ALWAYS_V6.check(bare, 'ipv6')) return { ok: false, reason: `${address} is a link-local, metadata, multicast or unspecified address` };
    if (!allowPrivate && PRIVATE_V6.check(bare, 'ipv6')) return { ok: false, reason: `${address} is a loopback or private address (subscriptions.allowPrivateTargets is off)` };
    return { ok: true };
  }
  return { ok: false, reason: `${address} is not an IP address` };
}

/** Judges a webhook URL as written: http(s) only, no credentials, no forbidden literal address or metadata name. */
export function checkWebhookUrl(raw: string, allowPrivate: boolean): AddressVerdict {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'not a valid absolute URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, reason: `only http and https URLs are allowed, not ${url.protocol.replace(/:$/, '')}` };
  if (url.username || url.password) return { ok: false, reason: 'credentials in the URL are not allowed (the payload is signed instead)' };
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  if (!host) return { ok: false, reason: 'the URL has no host' };
  const literal = host.replace(/^\[|\]$/g, '');
  if (isIP(literal)) return checkAddress(literal, allowPrivate);
  if (FORBIDDEN_NAMES.has(host)) return { ok: false, reason: `${host} is a cloud metadata service` };
  if (!allowPrivate && (host === 'localhost' || host.endsWith('.localhost'))) {
    return { ok: false, reason: `${host} is a loopback name (subscriptions.allowPrivateTargets is off)` };
  }
  return { ok: true };
}
