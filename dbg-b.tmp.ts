import { openArchive } from './src/archive.ts';
import { loadConfig } from './src/config.ts';
const a = await openArchive(loadConfig());
for (const q of process.argv.slice(2)) {
  const r = await a.ask(q);
  console.log(q, '\n   ', r.answer.slice(0, 420), r.citations.map((c) => `${c.n}:${c.date}`).join(' '));
}
await a.close();
