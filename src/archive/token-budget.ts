// Daily budgets of chat-model tokens, per user and per server (LLM_DAILY_TOKENS_PER_USER, _PER_SERVER),
// counted from the API's usage fields. Within budget the model answers; once one is spent the extractive
// answer stands in, with a polite line saying why and when it renews. Only the bot names an asker: the CLI
// and the local chat are the operator's own and are not budgeted.
//
// The check comes before a request and the charge after it, so questions running at the same moment can
// overshoot a budget by what they use together; a budget is a daily cap on cost, not an exact meter.
import type { TokenUsageStore } from '../store/usage.ts';
import type { Asker } from '../types.ts';

export interface BudgetLimits {
  /** Tokens a user may use a day; 0 = no limit. */
  perUser: number;
  /** Tokens a server may use a day; 0 = no limit. */
  perServer: number;
}

const formatTokens = (n: number): string => n.toLocaleString('en-US');

export class TokenBudget {
  constructor(
    private readonly store: TokenUsageStore,
    readonly limits: BudgetLimits,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private day(): string {
    return this.now().toISOString().slice(0, 10);
  }

  /** Tokens used today by the asker and by their server. */
  usedToday(asker: Asker): { user: number; server: number } {
    const day = this.day();
    return {
      user: this.store.used('user', asker.userId, day),
      server: asker.guildId ? this.store.used('server', asker.guildId, day) : 0,
    };
  }

  /** Null while the asker may use the model, else the line to show with the extractive answer. */
  spent(asker: Asker | undefined): string | null {
    if (!asker) return null;
    const used = this.usedToday(asker);
    const { perUser, perServer } = this.limits;
    if (perServer > 0 && asker.guildId && used.server >= perServer) {
      return `This server has used today's language-model allowance (${formatTokens(perServer)} tokens), so answers quote the articles directly until it renews at midnight UTC.`;
    }
    if (perUser > 0 && used.user >= perUser) {
      return `You have used today's language-model allowance (${formatTokens(perUser)} tokens), so this answer quotes the articles directly. It renews at midnight UTC.`;
    }
    return null;
  }

  charge(asker: Asker | undefined, tokens: number): void {
    if (!asker || tokens <= 0) return;
    const day = this.day();
    this.store.add('user', asker.userId, day, tokens);
    if (asker.guildId) this.store.add('server', asker.guildId, day, tokens);
  }
}
