// Gets the bytes of an article handed to `/sources add` or `archivist add`: an uploaded file, a url or
// a local file. Uploads and urls go through the same fetcher and limits (upload urls come from Discord,
// but a limit that holds everywhere is simpler to trust); a local file gets the same name and size checks.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../../config.ts';
import { attachmentFileName, urlFileName } from './file-name.ts';
import { InputError } from '../../errors.ts';
import { fetchUrl, parseHttpUrl, type FetchPolicy } from './url.ts';

export interface IncomingArticle {
  fileName: string;
  content: Buffer;
  /** Where it came from, for the reply. */
  origin: string;
}

function policyOf(config: Config): FetchPolicy {
  // The indexer refuses files over MAX_ARTICLE_BYTES anyway: do not download more than that.
  return { ...config.urlFetch, maxBytes: Math.min(config.urlFetch.maxBytes, config.maxArticleBytes) };
}

/** An uploaded file as the chat platform describes it (a discord.js Attachment has these fields). */
export interface Upload {
  name: string;
  contentType: string | null;
  size: number;
  url: string;
}

export async function fromAttachment(attachment: Upload, config: Config): Promise<IncomingArticle> {
  const policy = policyOf(config);
  // Checked before downloading: the name and type Discord reports, then the size.
  const fileName = attachmentFileName(attachment.name, attachment.contentType);
  if (attachment.size > policy.maxBytes) {
    throw new InputError(`The file is ${attachment.size} bytes; the limit is ${policy.maxBytes}.`);
  }
  const fetched = await fetchUrl(attachment.url, policy);
  return { fileName, content: fetched.body, origin: attachment.name };
}

export async function fromUrl(input: string, config: Config): Promise<IncomingArticle> {
  const url = parseHttpUrl(input);
  const fetched = await fetchUrl(url.toString(), policyOf(config));
  return { fileName: urlFileName(fetched.finalUrl, fetched.contentType), content: fetched.body, origin: url.toString() };
}

/** A file on this machine (the CLI's `archivist add FILE`), read under the same size limit. */
export async function fromFile(file: string, config: Config): Promise<IncomingArticle> {
  const maxBytes = policyOf(config).maxBytes;
  let size: number;
  try {
    size = (await fs.stat(file)).size;
  } catch (err) {
    throw new InputError(
      `Cannot read ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`,
    );
  }
  if (size > maxBytes) throw new InputError(`${file} is ${size} bytes; the limit is ${maxBytes} (MAX_ARTICLE_BYTES).`);
  return { fileName: attachmentFileName(path.basename(file), null), content: await fs.readFile(file), origin: file };
}

/** A url (http or https) or else a path to a local file. */
export function fromUrlOrFile(input: string, config: Config): Promise<IncomingArticle> {
  return /^https?:\/\//i.test(input.trim()) ? fromUrl(input, config) : fromFile(input, config);
}
