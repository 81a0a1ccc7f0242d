// Titles and roles beside names: "Foreign Minister Hakan Fidan", "Mevlut Cavusoglu, Turkey's foreign
// minister,", "his Turkish counterpart Hakan Fidan". A title is not a name (lead.ts keeps it out of the
// spans that answer "who"), and the role a question asks for by name ("Who is Russia's president?") is
// held only by a name the sentence gives that role.
import type { Token } from './spans.ts';

/** Titles and role words: "Foreign Minister" answers "who" no better than "Turkish" does. */
export const ROLE_WORDS =
  /^(minister|ministers|president|presidents|secretary|spokesman|spokeswoman|spokesperson|counterpart|ministry|leader|chief|head|officials?|government|state|foreign|prime|deputy|mr|mrs|ms|dr|sir)$/i;

/** Roles a "who" question may ask for by name: offices a person holds, not "state" or "officials". */
const OFFICE =
  /^(president|minister|secretary|spokesman|spokeswoman|spokesperson|leader|chairman|chairwoman|governor|mayor|ambassador|chancellor|premier|king|queen|ceo)s?$/i;
const COUNTERPART = /^counterpart(y|s)?$/i;
const BREAK = /^[,;:()[\]–—.]$/;

/** Whether a word names an office ("President", "ministers"). */
export const isOffice = (word: string): boolean => OFFICE.test(word);

const office = (t: Token | undefined) => (t && OFFICE.test(t.text) ? t.text.toLowerCase().replace(/s$/, '') : null);

/** The offices a question asks for ("Who is Russia's president?" → president), singular. */
export function askedOffices(tokens: Token[]): Set<string> {
  return new Set(tokens.map(office).filter((o): o is string => o !== null));
}

/**
 * Whether the sentence gives the span one of `offices`: a title within four words before it in its clause
 * ("President Vladimir Putin", "Presidents Vladimir Putin and Recep Tayyip Erdogan"), an apposition right
 * after it ("Mevlut Cavusoglu, Turkey's foreign minister,"), or "counterpart" of someone whose office the
 * sentence named before ("Foreign Minister Sergey Lavrov and his Turkish counterpart Hakan Fidan").
 */
export function holdsOffice(tokens: Token[], from: number, to: number, offices: Set<string>): boolean {
  const asked = (t: Token | undefined) => {
    const o = office(t);
    return o !== null && offices.has(o);
  };
  // Back over the name's other words and a coordination ("Presidents Vladimir Putin and Recep …") only: the
  // title stands right before the name, not before a verb ("President Vladimir Putin was pleased").
  for (let i = from - 1; i >= Math.max(0, from - 4); i--) {
    const t = tokens[i]!;
    if (asked(t)) return true;
    if (COUNTERPART.test(t.text)) return tokens.slice(0, i).some(asked);
    if (BREAK.test(t.text) || (t.pos !== 'PROPN' && t.text.toLowerCase() !== 'and')) break;
  }
  if (tokens[to]?.text === ',')
    for (let i = to + 1; i < Math.min(tokens.length, to + 6) && !BREAK.test(tokens[i]!.text); i++) if (asked(tokens[i])) return true;
  return false;
}
