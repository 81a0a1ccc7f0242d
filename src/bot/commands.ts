// Every slash command the bot has, one module each in commands/.
import * as ask from '../../commands/ask.ts';
import * as help from '../../commands/help.ts';
import * as reindex from '../../commands/reindex.ts';
import * as sources from '../../commands/sources.ts';
import * as status from '../../commands/status.ts';
import * as summary from '../../commands/summary.ts';
import type { CommandModule } from './context.ts';

export const COMMANDS: readonly CommandModule[] = [ask, summary, sources, reindex, status, help];

const byName = new Map(COMMANDS.map((c) => [c.data.name, c]));

export function findCommand(name: string): CommandModule | undefined {
  return byName.get(name);
}
