// Drops page furniture that scrapers leave in article text: navigation, labels, teaser blocks, agency codes.

const normalize = (line: string) =>
  line
    .toLowerCase()
    .replace(/[^\p{L}\p{N} ]+/gu, '')
    .replace(/\s+/g, ' ')
    .trim();

/** Lines that are furniture wherever they stand. Compared case- and punctuation-insensitively. */
const FURNITURE = new Set(
  [
    'top of page',
    'bottom of page',
    'back to top',
    'skip to content',
    'skip to main content',
    'menu',
    'search',
    'home',
    'print',
    'email',
    'share',
    'share this',
    'share this article',
    'share on facebook',
    'share on twitter',
    'tweet',
    'advertisement',
    'advertisements',
    'sponsored',
    'your comment',
    'leave a comment',
    'leave a reply',
    'comments',
    'post a comment',
    'add comment',
    'subscribe',
    'sign up',
    'sign in',
    'log in',
    'newsletter',
    'follow us',
    'photo',
    'video',
    'listen',
    'listen to this article',
    'close',
    'loading',
    'cookie settings',
  ].map(normalize),
);

/** Headings that introduce lists of other stories (headline + one-line blurb), not this article. */
const TEASER_HEADINGS = new Set(
  [
    'latest news',
    'latest',
    'must read',
    'most read',
    'most popular',
    'popular',
    'trending',
    'trending now',
    'related',
    'related news',
    'related articles',
    'related stories',
    'read more',
    'read also',
    'also read',
    'more news',
    'more stories',
    'more from',
    'recommended',
    'recommended for you',
    'you may also like',
    'you might also like',
    'editors picks',
    'top stories',
    'in other news',
    'see also',
  ].map(normalize),
);

/** Metadata labels left without a value ("Date:", "By:"), which readers of the text never need. */
const EMPTY_LABEL = /^(date|by|author|posted|published|updated|tags?|source|category|categories|photo|image|credit)\s*:?\s*$/i;
/** Wire/agency reference codes such as "HJ/FNA13991009000639". */
const AGENCY_CODE = /^(?:[A-Z]{1,5}\/)+[A-Z]{0,6}\d{6,}$|^[A-Z]{2,6}\d{10,}$/;
/** A breadcrumb trail near the top: "Home › News › …", "HomeNEWS…". */
const BREADCRUMB = /^home(?=[A-Z\s›>»/|]|$)|^home\s*[›>»/|]/i;
const SENTENCE_END = /[.!?]["'”’)\]]*$/;

function isTeaserLine(line: string): boolean {
  if (/(\.\.\.|…)["'”’]?$/.test(line)) return true; // a cut-off blurb
  const words = line.split(/\s+/).length;
  return words <= 25 && !SENTENCE_END.test(line); // a headline
}

/** Removes furniture from a list of paragraphs (one per line). Order is kept. */
export function dropFurniture(paragraphs: string[]): string[] {
  const out: string[] = [];
  let inTeasers = false;
  paragraphs.forEach((line, i) => {
    const key = normalize(line);
    if (key === '') return;
    if (TEASER_HEADINGS.has(key)) {
      inTeasers = true;
      return;
    }
    if (inTeasers) {
      if (isTeaserLine(line)) return;
      inTeasers = false;
    }
    if (FURNITURE.has(key)) return;
    if (EMPTY_LABEL.test(line)) return;
    if (AGENCY_CODE.test(line)) return;
    if (i < 3 && BREADCRUMB.test(line) && line.length < 200) return;
    out.push(line);
  });
  return out;
}
