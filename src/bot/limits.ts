// Discord's hard limits on what a bot may send. Going over any of them makes the API reject the whole message.
export const DISCORD_LIMITS = {
  messageContent: 2000,
  embedDescription: 4096,
  embedField: 1024,
  embedFields: 25,
  embedsPerMessage: 10,
  autocompleteChoices: 25,
  choiceName: 100,
  choiceValue: 100,
  buttonLabel: 80,
  customId: 100,
  threadName: 100,
} as const;

/**
 * Sent with every message: nobody is pinged, whatever an article or a question contains
 * (`@everyone`, role or user mentions), and replies do not ping the author either.
 */
export const NO_MENTIONS = { parse: [], repliedUser: false } as const satisfies {
  parse: never[];
  repliedUser: boolean;
};

/** Cuts a one-line string to `max` characters, ending with an ellipsis when shortened. */
export function truncate(text: string, max: number): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max - 1).trimEnd()}…`;
}
