// Time unit helpers: every time in replisim is an integer count of microseconds.
export const US_PER_MS = 1_000;
export const US_PER_S = 1_000_000;
export const ms = (n: number): number => Math.round(n * US_PER_MS);
export const seconds = (n: number): number => Math.round(n * US_PER_S);

/** Human-readable duration ("1.5s", "200ms", "35us"). */
export function formatUs(us: number): string {
  if (us !== 0 && us % US_PER_S === 0) return `${us / US_PER_S}s`;
  if (Math.abs(us) >= US_PER_S) return `${(us / US_PER_S).toFixed(3).replace(/\.?0+$/, '')}s`;
  if (us !== 0 && us % US_PER_MS === 0) return `${us / US_PER_MS}ms`;
  if (Math.abs(us) >= US_PER_MS) return `${(us / US_PER_MS).toFixed(3).replace(/\.?0+$/, '')}ms`;
  return `${us}us`;
}

/** Parse "200ms", "5s", "1.5s", "30us", "2m" into microseconds; null when malformed. */
export function parseDuration(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(us|ms|s|m|h)\s*$/.exec(text);
  if (m === null) return null;
  const value = Number(m[1]);
  const unit = { us: 1, ms: US_PER_MS, s: US_PER_S, m: 60 * US_PER_S, h: 3600 * US_PER_S }[m[2] as 'us' | 'ms' | 's' | 'm' | 'h'];
  return Math.round(value * unit);
}
