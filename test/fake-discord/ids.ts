// Snowflake ids for the fake Discord: increasing with time, so sorting by id sorts by age,
// as with real Discord ids.
const DISCORD_EPOCH = 1420070400000n;
let counter = 0n;

export function snowflake(): string {
  counter = (counter + 1n) & 0xfffn;
  return (((BigInt(Date.now()) - DISCORD_EPOCH) << 22n) | (1n << 17n) | counter).toString();
}

/** Interaction tokens are opaque strings to the client. */
export function interactionToken(): string {
  return `itok-${snowflake()}-${Math.random().toString(36).slice(2, 10)}`;
}
