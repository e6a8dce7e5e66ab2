const BASE_DELAY_MS = 1_000
const MAX_DELAY_MS = 60_000

/**
 * Exponential backoff with full jitter, so many clients coming back at once do not retry in step;
 * a server's Retry-After is a floor, never shortened.
 */
export function retryDelayMs(attempt: number, random: () => number, retryAfterSeconds?: number): number {
  const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, attempt))
  const jittered = Math.round(ceiling / 2 + random() * (ceiling / 2))
  return retryAfterSeconds !== undefined ? Math.max(jittered, retryAfterSeconds * 1_000) : jittered
}
