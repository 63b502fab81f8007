import { createHash } from 'node:crypto';
import { isIPv6 } from 'node:net';
import { parseApiKey } from '../../auth/api-key-token';

/** Who a request is counted against, decided before authentication (so without the database). */
export type RateLimitClient =
  | { readonly kind: 'key'; readonly id: string }
  | { readonly kind: 'anonymous'; readonly id: string };

/** The auth guard's reading of the header (src/auth/api-key.guard.ts). */
const BEARER = /^Bearer +(\S+) *$/i;

/**
 * A request with a bearer token that could be an API key is counted against that token; any
 * other request (no Authorization, another scheme, a token no key can have) against its IP.
 *
 * The bucket is named by a hash of the whole token, not by the key id it carries: key ids are not
 * secret, and keying by id would let anyone who knows one exhaust that key's limit with made-up
 * secrets. A real key has one token, so per token is per key. Tokens that cannot be keys go to
 * the IP's bucket so that varying garbage tokens does not earn fresh buckets.
 */
export function rateLimitClientOf(
  authorization: string | undefined,
  ip: string | undefined,
): RateLimitClient {
  const token = authorization === undefined ? undefined : BEARER.exec(authorization)?.[1];
  if (token !== undefined && parseApiKey(token) !== undefined) {
    const digest = createHash('sha256').update(`servicetrail-rate-limit\0${token}`).digest('hex');
    return { kind: 'key', id: `key:${digest.slice(0, 32)}` };
  }
  return { kind: 'anonymous', id: `ip:${addressGroupOf(ip ?? 'unknown')}` };
}

/**
 * IPv4 addresses count alone; IPv6 addresses by their /64, since one host is routinely given a
 * whole /64 and could otherwise take a fresh address (and bucket) per request.
 */
export function addressGroupOf(ip: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  if (mapped) return mapped[1];
  const address = ip.split('%', 1)[0];
  if (!isIPv6(address)) return ip;
  return `${ipv6Groups(address).slice(0, 4).join(':')}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address, in lower-case hex without leading zeros. */
function ipv6Groups(address: string): string[] {
  const [head, tail] = address.split('::');
  const groupsOf = (part: string | undefined): string[] =>
    part === undefined || part === '' ? [] : part.split(':').flatMap(embeddedIPv4AsGroups);
  const front = groupsOf(head);
  const back = groupsOf(tail);
  const zeros = tail === undefined ? [] : Array<string>(8 - front.length - back.length).fill('0');
  return [...front, ...zeros, ...back].map((group) => parseInt(group, 16).toString(16));
}

/** `1.2.3.4` at the end of an IPv6 address is two groups. */
function embeddedIPv4AsGroups(part: string): string[] {
  if (!part.includes('.')) return [part];
  const [a, b, c, d] = part.split('.').map(Number);
  return [((a << 8) | b).toString(16), ((c << 8) | d).toString(16)];
}
