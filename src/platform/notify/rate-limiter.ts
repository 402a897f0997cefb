export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * At most `limit` acquisitions in any `windowMs` (a sliding window, as GOV.UK Notify counts
 * its 3,000 requests a minute). Callers queue in order and each waits only as long as it must,
 * so a burst uses the whole allowance at once and the rest follow as the window slides.
 * It counts this process only: several instances sharing one API key share its limit.
 */
export function createRateLimiter(limit: number, windowMs: number, clock: Clock = realClock) {
  const times: number[] = [];
  let first = 0;
  let queue: Promise<void> = Promise.resolve();
  const take = async () => {
    for (;;) {
      const now = clock.now();
      while (first < times.length && times[first]! <= now - windowMs) first += 1;
      if (first > limit) {
        times.splice(0, first);
        first = 0;
      }
      if (times.length - first < limit) {
        times.push(now);
        return;
      }
      await clock.sleep(times[first]! + windowMs - now);
    }
  };
  return {
    /** Resolves when one more request may go. */
    acquire(): Promise<void> {
      const turn = queue.then(take);
      queue = turn.catch(() => undefined);
      return turn;
    },
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;
