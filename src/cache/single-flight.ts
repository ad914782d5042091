const noop = () => {};

export interface Flight<V> {
  /** One promise per distinct key asked for, joined or new; each settles on its own. */
  readonly promises: Map<string, Promise<V>>;
  /** The fetch this call started for keys nobody was fetching, if any. */
  readonly started: Promise<unknown> | undefined;
}

/**
 * At most one fetch per key in flight in this process: callers asking for a key already being
 * fetched wait for that fetch. Keys leave the map when their fetch settles.
 */
export function createSingleFlight<V>() {
  const inflight = new Map<string, Promise<V>>();

  return {
    /** `start` receives the keys not yet in flight and must answer each of them (missing = `absent`). */
    join(
      keys: readonly string[],
      start: (keys: string[]) => Promise<Map<string, V>>,
      absent: V,
    ): Flight<V> {
      const promises = new Map<string, Promise<V>>();
      const toStart: string[] = [];
      for (const key of new Set(keys)) {
        const running = inflight.get(key);
        if (running) promises.set(key, running);
        else toStart.push(key);
      }
      if (toStart.length === 0) return { promises, started: undefined };

      const started = start(toStart);
      // Failures reach callers through the per-key promises; these branches only mark them handled.
      started.catch(noop);
      for (const key of toStart) {
        const promise = started.then((values) => (values.has(key) ? values.get(key)! : absent));
        promise.catch(noop);
        const cleanup = () => {
          if (inflight.get(key) === promise) inflight.delete(key);
        };
        promise.then(cleanup, cleanup);
        inflight.set(key, promise);
        promises.set(key, promise);
      }
      return { promises, started };
    },
  };
}
