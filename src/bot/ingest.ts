// Gets the bytes of an article a moderator hands to /sources add: an attachment or a url.
// Both go through the same fetcher and limits; attachment urls come from Discord, but a
// limit that holds everywhere is simpler to trust.
import type { Attachment } from 'discord.js';
import type { Config } from '../config.ts';
import { attachmentFileName, urlFileName } from './article-file.ts';
import { UserFacingError } from './errors.ts';
import { fetchUrl, parseHttpUrl, type FetchPolicy } from './url-fetch.ts';

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

export async function fromAttachment(attachment: Attachment, config: Config): Promise<IncomingArticle> {
  const policy = policyOf(config);
  // Checked before downloading: the name and type Discord reports, then the size.
  const fileName = attachmentFileName(attachment.name, attachment.contentType);
  if (attachment.size > policy.maxBytes) {
    throw new UserFacingError(`The file is ${attachment.size} bytes; the limit is ${policy.maxBytes}.`);
  }
  const fetched = await fetchUrl(attachment.url, policy);
  return { fileName, content: fetched.body, origin: attachment.name };
}

export async function fromUrl(input: string, config: Config): Promise<IncomingArticle> {
  const url = parseHttpUrl(input);
  const fetched = await fetchUrl(url.toString(), policyOf(config));
  return { fileName: urlFileName(fetched.finalUrl, fetched.contentType), content: fetched.body, origin: url.toString() };
}
