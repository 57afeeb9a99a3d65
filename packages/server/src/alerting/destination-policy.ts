// Where notifications may be sent. A channel's URL is user input, so without a check a webhook could
// reach the server's own loopback services, the private network or a cloud metadata endpoint
// (169.254.169.254). Addresses are checked after DNS resolution, inside the connection's own lookup
// (so a name cannot resolve to a public address for the check and a private one for the connect),
// unless an allowlist of CIDRs or host names lets them through.

import { lookup as dnsLookup } from 'node:dns';
import type { LookupAddress, LookupAllOptions, LookupOneOptions } from 'node:dns';
import { BlockList, isIP } from 'node:net';
import type { LookupFunction } from 'node:net';

/** Ranges no notification may reach unless allowed: [network, prefix, what it is]. */
const FORBIDDEN: readonly (readonly [string, number, string])[] = [
  ['0.0.0.0', 8, 'a "this network" address'],
  ['10.0.0.0', 8, 'a private address'],
  ['100.64.0.0', 10, 'a shared (carrier-grade NAT) address'],
  ['127.0.0.0', 8, 'a loopback address'],
  ['169.254.0.0', 16, 'a link-local address (cloud metadata lives here)'],
  ['172.16.0.0', 12, 'a private address'],
  ['192.0.0.0', 24, 'an IETF protocol address'],
  ['192.168.0.0', 16, 'a private address'],
  ['198.18.0.0', 15, 'a benchmarking address'],
  ['224.0.0.0', 4, 'a multicast address'],
  ['240.0.0.0', 4, 'a reserved address'],
  ['::', 128, 'the unspecified address'],
  ['::1', 128, 'a loopback address'],
  ['fc00::', 7, 'a unique local (private) address'],
  ['fe80::', 10, 'a link-local address'],
  ['ff00::', 8, 'a multicast address'],
];

const RANGES = FORBIDDEN.map(([net, prefix, what]) => {
  const list = new BlockList();
  list.addSubnet(net, prefix, net.includes(':') ? 'ipv6' : 'ipv4');
  return { list, what };
});

type Family = 'ipv4' | 'ipv6';

/** An IPv4-mapped IPv6 address (`::ffff:127.0.0.1`) as its IPv4 address; others unchanged. */
function unmapped(address: string): { address: string; family: Family } {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (m) return { address: m[1]!, family: 'ipv4' };
  return { address, family: isIP(address) === 6 ? 'ipv6' : 'ipv4' };
}

/** What kind of forbidden address `address` is, or undefined when it is public. */
export function forbiddenAddressKind(address: string): string | undefined {
  const a = unmapped(address);
  for (const r of RANGES) if (r.list.check(a.address, a.family)) return r.what;
  return undefined;
}

/** Resolves a host name to all its addresses (dns.lookup's shape; tests pass a fake one). */
export type Resolve = (hostname: string) => Promise<LookupAddress[]>;

const systemResolve: Resolve = (hostname) =>
  new Promise((resolve, reject) => dnsLookup(hostname, { all: true, verbatim: true }, (err, addresses) => (err ? reject(err) : resolve(addresses))));

/** Why a destination was refused; deliveries that get one are not retried. */
export class DestinationRefusedError extends Error {
  readonly code = 'EDESTINATIONREFUSED';
  constructor(message: string) {
    super(message);
    this.name = 'DestinationRefusedError';
  }
}

const ALLOW_HINT = 'allow it with --webhook-allowlist (VIGIL_WEBHOOK_ALLOWLIST, config webhookAllowlist)';

/** Checks one allowlist entry: a CIDR, an IP address or a host name. Returns a message when it is none. */
export function allowlistEntryError(entry: string): string | undefined {
  const [net, prefix, extra] = entry.split('/');
  if (extra !== undefined || net === undefined) return `"${entry}" is not a CIDR, an IP address or a host name`;
  const v = isIP(net);
  if (prefix !== undefined) {
    const n = Number(prefix);
    if (v === 0 || !/^\d+$/.test(prefix) || n > (v === 4 ? 32 : 128)) return `"${entry}" is not a valid CIDR (such as 10.0.0.0/8 or fd00::/8)`;
    return undefined;
  }
  if (v !== 0) return undefined;
  if (!/^(?=.{1,253}$)([A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)(\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*\.?$/.test(net))
    return `"${entry}" is not a CIDR, an IP address or a host name`;
  return undefined;
}

export interface DestinationPolicyOptions {
  /** CIDRs (`10.0.0.0/8`), addresses (`127.0.0.1`) or host names (`alertmanager.internal`) that may be reached even though private. */
  readonly allowlist?: readonly string[];
  /** Host name resolution (default: the system's, as connections use). */
  readonly resolve?: Resolve;
}

export class DestinationPolicy {
  private readonly allowed = new BlockList();
  private readonly hosts = new Set<string>();
  private readonly resolve: Resolve;

  constructor(options: DestinationPolicyOptions = {}) {
    this.resolve = options.resolve ?? systemResolve;
    for (const entry of options.allowlist ?? []) {
      const bad = allowlistEntryError(entry);
      if (bad !== undefined) throw new Error(`webhookAllowlist: ${bad}`);
      const [net, prefix] = entry.split('/') as [string, string | undefined];
      const v = isIP(net);
      if (v === 0) this.hosts.add(net.toLowerCase().replace(/\.$/, ''));
      else if (prefix === undefined) this.allowed.addAddress(net, v === 4 ? 'ipv4' : 'ipv6');
      else this.allowed.addSubnet(net, Number(prefix), v === 4 ? 'ipv4' : 'ipv6');
    }
  }

  /** Whether `hostname` (as a URL has it) is allowed by name. */
  hostAllowed(hostname: string): boolean {
    return this.hosts.has(hostname.toLowerCase().replace(/\.$/, ''));
  }

  /** Why `address` may not be reached, or undefined when it may. */
  refusal(address: string): string | undefined {
    const a = unmapped(address);
    if (this.allowed.check(a.address, a.family) || this.allowed.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4')) return undefined;
    const what = forbiddenAddressKind(address);
    return what === undefined ? undefined : `${address} is ${what}`;
  }

  /**
   * Checks a URL before anything is sent: http or https, and a host that is an allowed name, a
   * permitted address, or a name whose every address is permitted. Returns the addresses to
   * connect to (undefined when the host is allowed by name and resolves as usual).
   * Throws DestinationRefusedError.
   */
  async check(url: URL): Promise<LookupAddress[] | undefined> {
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new DestinationRefusedError(`refused: ${url.protocol} URLs are not sent to (http or https only)`);
    // The URL parser has already normalised numeric hosts (http://2130706433/ is 127.0.0.1).
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    if (this.hostAllowed(host)) return undefined;
    const v = isIP(host);
    const addresses = v !== 0 ? [{ address: host, family: v }] : await this.resolveOrRefuse(host);
    for (const a of addresses) {
      const why = this.refusal(a.address);
      if (why !== undefined) throw new DestinationRefusedError(`refused: ${v === 0 ? `${host} resolves to ${why}` : why}; ${ALLOW_HINT}`);
    }
    return addresses;
  }

  private async resolveOrRefuse(host: string): Promise<LookupAddress[]> {
    const addresses = await this.resolve(host);
    if (addresses.length === 0) throw new DestinationRefusedError(`refused: ${host} resolves to no address`);
    return addresses;
  }
}

/**
 * A `lookup` for http.request that answers with addresses already checked, so the connection goes
 * exactly where the check said it may.
 */
export function pinnedLookup(addresses: readonly LookupAddress[]): LookupFunction {
  return (_hostname, options: LookupOneOptions | LookupAllOptions, callback) => {
    const family = options.family;
    const usable = addresses.filter((a) => family === undefined || family === 0 || a.family === family || family === `IPv${a.family}`);
    const list = usable.length > 0 ? usable : [...addresses];
    // With `all`, Node's callback takes the list (its type names only the single-address form).
    if (options.all === true) (callback as unknown as (err: null, list: LookupAddress[]) => void)(null, list);
    else callback(null, list[0]!.address, list[0]!.family);
  };
}
