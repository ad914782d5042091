/**
 * Event ids are Redis Stream ids, `<ms>-<seq>`, in memory too, so one comparison serves both and a
 * client's `after` means the same whichever history answered.
 */
const EVENT_ID = /^(\d{1,15})-(\d{1,15})$/;

/** Whether `text` is an event id (`1718000000000-0`). */
export function isEventId(text: string): boolean {
  return EVENT_ID.test(text);
}

/** Negative, zero or positive as `a` is before, the same as, or after `b`. */
export function compareEventIds(a: string, b: string): number {
  const [aMs, aSeq] = parts(a);
  const [bMs, bSeq] = parts(b);
  return aMs === bMs ? aSeq - bSeq : aMs - bMs;
}

function parts(id: string): [number, number] {
  const match = EVENT_ID.exec(id);
  return match ? [Number(match[1]), Number(match[2])] : [0, 0];
}
