// What counts as a year, in one place: the answerer's spans, the question's time scope, follow-ups and the
// check that two figures are from the same period all read years alike.

/** A year as news and histories write one, 1000–2099 ("1215", "1987", "2024"): a regular-expression source. */
export const YEAR_PATTERN = '(?:1\\d|20)\\d\\d';

const WHOLE = new RegExp(`^${YEAR_PATTERN}$`);
const WITHIN = new RegExp(`\\b${YEAR_PATTERN}\\b`);
const EVERY = new RegExp(`\\b${YEAR_PATTERN}\\b`, 'g');

/** The word is a year: "1883", not "1883–1950" or "18830". */
export const isYear = (word: string): boolean => WHOLE.test(word);

/** The text names a year somewhere: "late 1870s" does not, "March 1, 2024" does. */
export const hasYear = (text: string): boolean => WITHIN.test(text);

/** The years a text names, each once, in order of appearance. */
export const yearsIn = (text: string): string[] => [...new Set(text.match(EVERY) ?? [])];
