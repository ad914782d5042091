import type { IncomingMessage } from 'node:http';
import { BlockList, isIP } from 'node:net';

/**
 * The caller's address. The socket's peer, unless that peer is a proxy named in `TRUST_PROXY`:
 * then `X-Forwarded-For` is read from the right, hop by hop, for as long as each hop is trusted,
 * so a client cannot forge its address by sending the header itself.
 */
export function createClientIpResolver(trusted: readonly string[]) {
  const proxies = new BlockList();
  for (const entry of trusted) addTrusted(proxies, entry);
  const isTrusted = (ip: string) => {
    const family = isIP(ip);
    return family !== 0 && proxies.check(ip, family === 6 ? 'ipv6' : 'ipv4');
  };

  return (socketAddress: string | undefined, forwardedFor: string | null): string => {
    let current = normalize(socketAddress ?? '');
    if (trusted.length === 0 || !forwardedFor) return current || 'unknown';
    const hops = forwardedFor
      .split(',')
      .map((hop) => normalize(hop.trim()))
      .filter(Boolean);
    while (isTrusted(current) && hops.length > 0) {
      const next = hops.pop()!;
      if (isIP(next) === 0) break;
      current = next;
    }
    return current || 'unknown';
  };
}

export type ClientIpResolver = ReturnType<typeof createClientIpResolver>;

/** The caller's address of a request Yoga handles on Node (`serverContext.req` is its socket's). */
export function clientIpOf(
  resolve: ClientIpResolver,
  request: Request,
  serverContext: unknown,
): string {
  const socket = (serverContext as { req?: IncomingMessage } | undefined)?.req?.socket;
  return resolve(socket?.remoteAddress, request.headers.get('x-forwarded-for'));
}

/** `10.0.0.1`, `10.0.0.0/8`, `::1`, `fd00::/8`, or `loopback` for both loopback ranges. */
function addTrusted(list: BlockList, entry: string): void {
  if (entry === 'loopback') {
    list.addSubnet('127.0.0.0', 8, 'ipv4');
    list.addAddress('::1', 'ipv6');
    return;
  }
  const [address = '', bits] = entry.split('/');
  const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
  if (bits === undefined) list.addAddress(address, family);
  else list.addSubnet(address, Number(bits), family);
}

/** An IPv4 peer on a dual-stack socket shows as `::ffff:1.2.3.4`. */
function normalize(ip: string): string {
  return ip.startsWith('::ffff:') && isIP(ip.slice(7)) === 4 ? ip.slice(7) : ip;
}

/** Whether a `TRUST_PROXY` entry is one `createClientIpResolver` understands (config validation). */
export function isTrustedProxyEntry(entry: string): boolean {
  if (entry === 'loopback') return true;
  const [address = '', bits, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  const n = Number(bits);
  return Number.isInteger(n) && n >= 0 && n <= (family === 6 ? 128 : 32);
}
