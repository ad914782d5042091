/** A manual clock for governors: `sleep` resolves only when `advance` passes its deadline. */
export interface FakeClock {
  now: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Every wait requested, in order. */
  sleeps: number[];
  advance: (ms: number) => Promise<void>;
}

interface Timer {
  at: number;
  resolve: () => void;
}

/** Lets pending promise chains (acquire loops woken by a timer) run to their next await. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export function createFakeClock(start = 1_000_000): FakeClock {
  let time = start;
  const timers: Timer[] = [];
  const sleeps: number[] = [];
  const remove = (timer: Timer) => {
    const index = timers.indexOf(timer);
    if (index >= 0) timers.splice(index, 1);
  };
  return {
    now: () => time,
    sleeps,
    sleep(ms, signal) {
      sleeps.push(ms);
      return new Promise((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        const timer: Timer = { at: time + ms, resolve };
        timers.push(timer);
        signal?.addEventListener(
          'abort',
          () => {
            remove(timer);
            reject(signal.reason);
          },
          { once: true },
        );
      });
    },
    async advance(ms) {
      const target = time + ms;
      await settle();
      for (;;) {
        const due = timers.filter((t) => t.at <= target).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        time = due.at;
        remove(due);
        due.resolve();
        await settle();
      }
      time = target;
      await settle();
    },
  };
}
