// Fetches a url for /sources add with the limits a bot taking urls from users needs:
// http(s) only, every resolved address checked before connecting (and the connection pinned
// to a checked address, so DNS cannot change its answer in between), redirects re-checked,
// a size cap while streaming and an overall deadline.
import { lookup as dnsLookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { FetchError } from '../../errors.ts';
import { isPrivateAddress } from './address-policy.ts';

export interface FetchPolicy {
  allowPrivate: boolean;
  maxBytes: number;
  timeoutMs: number;
}

export interface FetchedBody {
  body: Buffer;
  /** Media type without parameters, lower-case; null when the server sent none. */
  contentType: string | null;
  finalUrl: URL;
}

const MAX_REDIRECTS = 3;

interface ResolvedAddress {
  address: string;
  family: number;
}

async function resolveChecked(url: URL, allowPrivate: boolean): Promise<ResolvedAddress> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: ResolvedAddress[];
  try {
    addresses = await dnsLookup(host, { all: true, verbatim: true });
  } catch {
    throw new FetchError(`Could not resolve ${host}.`);
  }
  const first = addresses[0];
  if (!first) throw new FetchError(`Could not resolve ${host}.`);
  if (!allowPrivate && addresses.some((a) => isPrivateAddress(a.address))) {
    throw new FetchError(`Refused: ${host} points to a private, loopback or link-local address.`);
  }
  return first;
}

/** A lookup that always answers with the address that was already checked. */
function pinnedLookup(pinned: ResolvedAddress): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) (callback as (err: null, addresses: ResolvedAddress[]) => void)(null, [pinned]);
    else callback(null, pinned.address, pinned.family);
  };
}

interface RawResponse {
  status: number;
  location: string | undefined;
  contentType: string | null;
  body: Buffer;
}

function requestOnce(url: URL, pinned: ResolvedAddress, policy: FetchPolicy, signal: AbortSignal): Promise<RawResponse> {
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(
      url,
      {
        method: 'GET',
        lookup: pinnedLookup(pinned),
        signal,
        headers: { 'user-agent': 'ArchivistBot/0.1', accept: 'text/html, text/plain, text/markdown, application/json, */*;q=0.5' },
      },
      (res) => {
        const status = res.statusCode ?? 0;
        const contentType = res.headers['content-type']?.split(';')[0]?.trim().toLowerCase() || null;
        if (status >= 300 && status < 400) {
          res.resume();
          resolve({ status, location: res.headers.location, contentType, body: Buffer.alloc(0) });
          return;
        }
        const declared = Number(res.headers['content-length']);
        if (Number.isFinite(declared) && declared > policy.maxBytes) {
          res.destroy();
          reject(new FetchError(`Refused: the file is ${declared} bytes, over the ${policy.maxBytes}-byte limit.`));
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > policy.maxBytes) {
            res.destroy();
            reject(new FetchError(`Refused: the file is over the ${policy.maxBytes}-byte limit.`));
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () => resolve({ status, location: undefined, contentType, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** GETs `input`, following up to three redirects, each one checked like the first url. */
export async function fetchUrl(input: string, policy: FetchPolicy): Promise<FetchedBody> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), policy.timeoutMs);
  try {
    let url = parseHttpUrl(input);
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      const pinned = await resolveChecked(url, policy.allowPrivate);
      const res = await requestOnce(url, pinned, policy, controller.signal);
      if (res.status >= 300 && res.status < 400 && res.location) {
        url = parseHttpUrl(new URL(res.location, url).toString());
        continue;
      }
      if (res.status < 200 || res.status >= 300) throw new FetchError(`The server answered HTTP ${res.status}.`);
      return { body: res.body, contentType: res.contentType, finalUrl: url };
    }
    throw new FetchError(`Refused: more than ${MAX_REDIRECTS} redirects.`);
  } catch (err) {
    if (controller.signal.aborted)
      throw new FetchError(
        `The download took longer than ${(policy.timeoutMs / 1000).toFixed(policy.timeoutMs < 10_000 ? 1 : 0)} s and was stopped.`,
      );
    if (err instanceof FetchError) throw err;
    throw new FetchError(`The download failed: ${(err as Error).message}`);
  } finally {
    clearTimeout(timer);
  }
}

export function parseHttpUrl(input: string): URL {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new FetchError('That is not a valid url.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new FetchError('Only http and https urls can be added.');
  if (url.username || url.password) throw new FetchError('Urls with credentials in them are refused.');
  return url;
}
