// A reindex in a child process that SIGKILLs itself the moment it reaches a given phase: a crash at an exact,
// repeatable point (e.g. "swap": the new generation is fully written in staging but not yet published).
// Usage: node --import tsx test/helpers/reindex-child.ts <phase>   (ARTICLES_DIR, INDEX_DIR from the environment)
import { openArchive } from '../../src/archive.ts';
import { loadConfig } from '../../src/config.ts';
import type { ReindexPhase } from '../../src/types.ts';

const crashAt = process.argv[2] as ReindexPhase;
const archive = await openArchive(loadConfig(process.env, { dotenvPath: false }));
await archive.reindex({}, (p) => {
  process.stdout.write(`${p.phase} ${p.done}/${p.total}\n`);
  if (p.phase === crashAt) {
    process.stdout.write(`crashing at ${crashAt}\n`);
    process.kill(process.pid, 'SIGKILL');
  }
});
process.stdout.write('finished without crashing\n');
await archive.close();
