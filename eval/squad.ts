// SQuAD v1.1 dev as an Archivist corpus: each of the 2,067 paragraphs becomes one article, and each
// question's gold is that article (any of its chunks).
import fs from 'node:fs';
import path from 'node:path';

interface SquadFile {
  data: Array<{
    title: string;
    paragraphs: Array<{ context: string; qas: Array<{ id: string; question: string; answers: Array<{ text: string }> }> }>;
  }>;
}

export interface SquadParagraph {
  /** Article id in the index: "<wikipedia title>#<paragraph index>". */
  id: string;
  title: string;
  text: string;
}

export interface SquadQuestion {
  id: string;
  question: string;
  /** Article id of the paragraph the question was written from. */
  gold: string;
  answers: string[];
}

export interface Squad {
  paragraphs: SquadParagraph[];
  questions: SquadQuestion[];
}

export function loadSquad(file: string): Squad {
  const data = JSON.parse(fs.readFileSync(file, 'utf8')) as SquadFile;
  const out: Squad = { paragraphs: [], questions: [] };
  for (const article of data.data) {
    article.paragraphs.forEach((p, i) => {
      const id = `${article.title}#${i}`;
      out.paragraphs.push({ id, title: article.title.replace(/_/g, ' '), text: p.context });
      for (const qa of p.qas) {
        out.questions.push({ id: qa.id, question: qa.question, gold: id, answers: [...new Set(qa.answers.map((a) => a.text))] });
      }
    });
  }
  return out;
}

/** One JSONL file of articles, in the format the indexer reads (`id`, `title`, `text`). */
export function writeSquadArticles(paragraphs: SquadParagraph[], dir: string): string {
  const file = path.join(dir, 'squad-dev.jsonl');
  fs.writeFileSync(file, `${paragraphs.map((p) => JSON.stringify({ id: p.id, title: p.title, text: p.text })).join('\n')}\n`);
  return file;
}

/** Every n-th question, spread over all 48 articles (the first 1,000 come from only two of them). */
export function evenSample<T>(items: T[], size: number): T[] {
  if (size >= items.length) return items;
  const step = items.length / size;
  return Array.from({ length: size }, (_, i) => items[Math.floor(i * step)]!);
}

/**
 * The two halves of SQuAD dev, by article (SOURCE.md: the first 24 articles and the last 24): weights are
 * fitted on the first and reported on the second, so no reported figure was seen while fitting.
 */
export function splitSquad(squad: Squad): { training: SquadQuestion[]; heldOut: SquadQuestion[] } {
  const titles = [...new Set(squad.paragraphs.map((p) => p.id.slice(0, p.id.lastIndexOf('#'))))];
  const first = new Set(titles.slice(0, 24));
  const inFirst = (q: SquadQuestion) => first.has(q.gold.slice(0, q.gold.lastIndexOf('#')));
  return { training: squad.questions.filter(inFirst), heldOut: squad.questions.filter((q) => !inFirst(q)) };
}
