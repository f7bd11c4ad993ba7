import { BlockList, isIP } from 'node:net';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/** How an embedding tells the adapter who is calling (Express: `req.ip`; Next.js: a header its proxy sets). */
export type ClientIpHook = (request: Request) => string | undefined;

const unmap = (ip: string) => ip.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');

/** `10.0.0.0/8`, `2001:db8::/32` or a single address → a BlockList matcher. */
export function proxyList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const e of entries) {
    const [addr, bits] = e.split('/') as [string, string | undefined];
    const type = isIP(addr) === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(addr, type);
    else list.addSubnet(addr, Number(bits), type);
  }
  return list;
}

/** A config entry is an IP address or a CIDR block. */
export function isAddressOrCidr(s: string): boolean {
  const [addr, bits, extra] = s.split('/');
  const kind = isIP(addr ?? '');
  if (!kind || extra !== undefined) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (kind === 4 ? 32 : 128);
}

const inList = (list: BlockList, ip: string) => {
  const kind = isIP(ip);
  return kind !== 0 && list.check(ip, kind === 6 ? 'ipv6' : 'ipv4');
};

/**
 * The caller's address. The peer comes from the embedding's `clientIp` hook,
 * else the socket (@hono/node-server's connection info). The forwarded header
 * is believed only when the peer is a configured proxy; then its hops are read
 * from the right, skipping our own proxies, and the first other address is the
 * client. Without trusted proxies the header is ignored: anyone can send one.
 */
/** The socket peer (or the embedding's hook's answer); undefined when the host gives neither. */
function peerOf(c: Context, hook: ClientIpHook | undefined): string | undefined {
  if (hook) return hook(c.req.raw);
  const env = c.env as { incoming?: unknown; server?: { incoming?: unknown } } | undefined;
  if (!env?.incoming && !env?.server?.incoming) return undefined;
  return getConnInfo(c).remote.address;
}

/** Whether the request came straight from one of `trustedProxies` (so the headers it set may be believed). */
export function createTrustedPeer(options: { proxies: readonly string[]; hook?: ClientIpHook }): (c: Context) => boolean {
  if (!options.proxies.length) return () => false;
  const proxies = proxyList(options.proxies);
  return (c) => {
    const raw = peerOf(c, options.hook);
    return raw !== undefined && inList(proxies, unmap(raw));
  };
}

export function createClientIp(options: { proxies: readonly string[]; header: string; hook?: ClientIpHook }) {
  const proxies = proxyList(options.proxies);
  const header = options.header.toLowerCase();
  const trusting = options.proxies.length > 0;

  return (c: Context): string | undefined => {
    const raw = peerOf(c, options.hook);
    if (!raw) return undefined;
    let ip = unmap(raw);
    if (!trusting || !inList(proxies, ip)) return ip;
    const forwarded = c.req.header(header);
    if (!forwarded) return ip;
    const hops = forwarded.split(',');
    for (let i = hops.length - 1; i >= 0; i--) {
      const hop = unmap(hops[i]!.trim());
      if (!isIP(hop)) return ip; // garbage in the chain: stop at the last address we could trust
      ip = hop;
      if (!inList(proxies, hop)) return hop;
    }
    return ip;
  };
}
