// Which addresses the bot may fetch from: public unicast only. Every special-purpose range of the IANA IPv4
// and IPv6 registries (loopback, private, link-local, CGNAT, documentation, benchmarking, multicast, reserved,
// Teredo, 6to4, ORCHID, NAT64 for local use, ...) and every IPv6 address outside global unicast (2000::/3,
// which also excludes IPv4-compatible ::a.b.c.d and IPv4-translated ::ffff:0:a.b.c.d) is refused unless
// URL_FETCH_ALLOW_PRIVATE is set, so a moderator's url cannot make the bot probe the host's own network.
//
// The ranges come from ipaddr.js (a well-kept library that tracks the registries) rather than a hand-written
// parser; the two decisions it cannot make are written out below.
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

type Parsed = ipaddr.IPv4 | ipaddr.IPv6;

/** The IPv6 global unicast block: everything outside it is unassigned, reserved or special. */
const GLOBAL_UNICAST = ipaddr.IPv6.parseCIDR('2000::/3');
/** The well-known NAT64 prefix (RFC 6052): an IPv6-only network reaches IPv4 hosts through it. */
const WELL_KNOWN_NAT64 = ipaddr.IPv6.parseCIDR('64:ff9b::/96');

function publicIPv4(ip: ipaddr.IPv4): boolean {
  return ip.range() === 'unicast';
}

/** Why an address is refused, or null when it is public unicast. */
export function refusalReason(address: string): string | null {
  if (!isIP(address)) return 'not an IP address';
  let ip: Parsed;
  try {
    ip = ipaddr.parse(address);
  } catch {
    return 'not an IP address';
  }
  if (ip.kind() === 'ipv4') return publicIPv4(ip as ipaddr.IPv4) ? null : (ip as ipaddr.IPv4).range();
  const v6 = ip as ipaddr.IPv6;
  // Two forms carry an IPv4 address that is then what is reached: judged by that address. An IPv4-mapped
  // address (::ffff:a.b.c.d) is how a dual-stack resolver may report a plain IPv4 answer; the well-known
  // NAT64 prefix is how an IPv6-only host reaches every IPv4 site, so refusing it would refuse the web.
  if (v6.isIPv4MappedAddress()) {
    const v4 = v6.toIPv4Address();
    return publicIPv4(v4) ? null : `ipv4Mapped ${v4.range()}`;
  }
  if (v6.match(WELL_KNOWN_NAT64)) {
    const bytes = v6.toByteArray().slice(12);
    const v4 = new ipaddr.IPv4(bytes);
    return publicIPv4(v4) ? null : `rfc6052 ${v4.range()}`;
  }
  if (!v6.match(GLOBAL_UNICAST)) return v6.range() === 'unicast' ? 'outside global unicast (2000::/3)' : v6.range();
  return v6.range() === 'unicast' ? null : v6.range();
}

/** True for every address that is not public unicast. Unparseable input counts as private. */
export function isPrivateAddress(ip: string): boolean {
  return refusalReason(ip) !== null;
}
