// The name of the thread a mention is answered in: the question, as plain words. Discord shows thread names in
// the channel list and in notifications, where mentions (`@everyone`, `<@&role>`) and markdown (code fences,
// bold, spoilers, links) would show as raw markup or look like pings, and control characters have no place.
import { DISCORD_LIMITS, truncate } from '../limits.ts';

const FALLBACK = 'Question';

export function threadName(question: string): string {
  const plain = question
    .replace(/```[\s\S]*?(```|$)/g, ' ') // code blocks, closed or not
    .replace(/<a?:(\w+):\d+>/g, ':$1:') // custom emoji keep their name
    .replace(/<(@[!&]?|#)\d+>/g, ' ') // user, role and channel mentions
    .replace(/<\/[\w -]+:\d+>/g, ' ') // command mentions
    .replace(/<t:\d+(:[tTdDfFR])?>/g, ' ') // timestamps
    .replace(/@(everyone|here)\b/gi, ' ')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1') // links and images keep their text
    .replace(/<(https?:\/\/[^>\s]+)>/g, '$1')
    .replace(/^\s{0,3}(#{1,3}|>{1,3}|-#)\s+/gm, '') // headings, quotes, subtext
    .replace(/[*_~`|\\]+/g, '') // emphasis, strike, code, spoilers, escapes
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control and direction characters are dropped
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, ' ');
  const name = truncate(plain, DISCORD_LIMITS.threadName);
  return name.replace(/^[\s.,;!?-]+/, '') || FALLBACK;
}
