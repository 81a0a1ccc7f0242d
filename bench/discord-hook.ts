// Runs bench/discord.ts (written by another engineer) when it exists. Imported by a computed URL so
// this file compiles and runs before that module is written.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

type DiscordBench = () => Promise<Record<string, number>>;

export async function runDiscordBench(): Promise<{ figures: Record<string, number> } | { skipped: string }> {
  const url = new URL('./discord.ts', import.meta.url);
  if (!fs.existsSync(fileURLToPath(url))) return { skipped: 'bench/discord.ts does not exist yet' };
  const mod = (await import(url.href)) as { benchDiscord?: DiscordBench };
  if (typeof mod.benchDiscord !== 'function') return { skipped: 'bench/discord.ts does not export benchDiscord()' };
  return { figures: await mod.benchDiscord() };
}
