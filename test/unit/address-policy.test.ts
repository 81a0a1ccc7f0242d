// Address policy for /sources add and `archivist add`: every form of a non-public address the probes
// found counting as public (IPv4-compatible, IPv4-translated, local-use NAT64, Teredo, 6to4) and every IANA
// special-purpose range is refused, through the fetcher too, unless URL_FETCH_ALLOW_PRIVATE is set.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'vitest';
import { FetchError } from '../../src/errors.ts';
import { isPrivateAddress, refusalReason } from '../../src/sources/fetch/address-policy.ts';
import { fetchUrl } from '../../src/sources/fetch/url.ts';

const REFUSED: Array<[string, string]> = [
  // The probes' reproductions.
  ['::127.0.0.1', 'IPv4-compatible loopback'],
  ['::169.254.169.254', 'IPv4-compatible cloud metadata'],
  ['::ffff:0:127.0.0.1', 'IPv4-translated loopback'],
  ['::ffff:0:a9fe:a9fe', 'IPv4-translated metadata'],
  ['::ffff:0:8.8.8.8', 'IPv4-translated, even public'],
  ['64:ff9b:1::a00:1', 'local-use NAT64'],
  ['64:ff9b:1::808:808', 'local-use NAT64 around a public address'],
  ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'Teredo'],
  ['2001::ffff:ffff', 'Teredo around a private address'],
  ['2002:7f00:1::1', '6to4 around loopback'],
  ['2002:c0a8:101::1', '6to4 around 192.168.1.1'],
  ['2002:a9fe:a9fe::', '6to4 around link-local'],
  // The rest of the IANA IPv4 special-purpose registry.
  ['0.1.2.3', 'this network'],
  ['10.0.0.1', 'private'],
  ['100.64.0.1', 'shared address space'],
  ['127.0.0.53', 'loopback'],
  ['169.254.169.254', 'link-local'],
  ['172.31.255.255', 'private'],
  ['192.0.0.8', 'IETF protocol assignments'],
  ['192.0.0.170', 'NAT64/DNS64 discovery'],
  ['192.0.2.1', 'documentation'],
  ['192.31.196.1', 'AS112'],
  ['192.52.193.1', 'AMT'],
  ['192.88.99.1', '6to4 relay anycast'],
  ['192.168.0.1', 'private'],
  ['192.175.48.1', 'direct delegation AS112'],
  ['198.18.0.1', 'benchmarking'],
  ['198.51.100.1', 'documentation'],
  ['203.0.113.1', 'documentation'],
  ['224.0.0.251', 'multicast'],
  ['240.0.0.1', 'reserved'],
  ['255.255.255.255', 'broadcast'],
  // The IANA IPv6 special-purpose registry.
  ['::', 'unspecified'],
  ['::1', 'loopback'],
  ['::ffff:10.0.0.1', 'IPv4-mapped private'],
  ['64:ff9b::7f00:1', 'NAT64 around loopback'],
  ['100::1', 'discard-only'],
  ['2001:1::1', 'port control protocol anycast'],
  ['2001:2::1', 'benchmarking'],
  ['2001:3::1', 'AMT'],
  ['2001:4:112::1', 'AS112-v6'],
  ['2001:10::1', 'ORCHID'],
  ['2001:20::1', 'ORCHIDv2'],
  ['2001:30::1', 'drone remote ID'],
  ['2001:db8::1', 'documentation'],
  ['2620:4f:8000::1', 'direct delegation AS112'],
  ['3fff::1', 'documentation (2024)'],
  ['5f00::1', 'segment routing'],
  ['fc00::1', 'unique local'],
  ['fd12:3456::1', 'unique local'],
  ['fe80::1', 'link-local'],
  ['fec0::1', 'site-local (deprecated)'],
  ['ff02::1', 'multicast'],
  ['4000::1', 'outside global unicast'],
  ['not-an-ip', 'not an address'],
  ['1.2.3', 'shortened IPv4'],
  ['0x7f.0.0.1', 'hexadecimal IPv4'],
];

const PUBLIC = [
  '93.184.216.34',
  '1.1.1.1',
  '8.8.8.8',
  '2606:4700:4700::1111',
  '2a00:1450:4001:82b::200e',
  '::ffff:8.8.8.8',
  '64:ff9b::808:808',
];

test('every special-purpose or non-unicast address is refused, each in every form the probes tried', () => {
  for (const [ip, what] of REFUSED) assert.notEqual(refusalReason(ip), null, `${ip} (${what}) should be refused`);
  for (const ip of PUBLIC) assert.equal(refusalReason(ip), null, `${ip} is public`);
  assert.equal(isPrivateAddress('::127.0.0.1'), true);
});

test('the fetcher refuses a literal url in those forms before connecting, unless private addresses are allowed', async () => {
  let requests = 0;
  const server = createServer((_req, res) => {
    requests++;
    res.writeHead(200, { 'content-type': 'text/plain' }).end('The Kestrel Bridge opened on 3 March 2023.');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  try {
    const strict = { allowPrivate: false, maxBytes: 10_000, timeoutMs: 5000 };
    for (const host of ['[::127.0.0.1]', '[::ffff:0:127.0.0.1]', '[::ffff:7f00:1]', '[2002:7f00:1::1]']) {
      await assert.rejects(
        fetchUrl(`http://${host}:${port}/a.txt`, strict),
        (err: unknown) => err instanceof FetchError && /points to a private, loopback or link-local address/.test(err.message),
        host,
      );
    }
    assert.equal(requests, 0, 'no connection was made');
    const open = await fetchUrl(`http://127.0.0.1:${port}/a.txt`, { ...strict, allowPrivate: true });
    assert.match(open.body.toString(), /Kestrel/);
  } finally {
    server.close();
  }
});
