import { pino } from 'pino';

/**
 * Where the process logger writes: stdout, asynchronously, with a bounded buffer. A log reader
 * that stops reading (a full pipe) must never stall serving or shutdown: lines beyond the buffer
 * are dropped and counted, and shutdown flushes for a bounded time only. (pino's default stdout
 * destination writes synchronously and retries `EAGAIN` forever: a stalled reader froze the
 * whole process, deaf to SIGTERM.)
 */
export interface LogOutput {
  readonly stream: pino.DestinationStream;
  /** Lines dropped so far because the reader did not keep up. */
  dropped(): number;
  /** Told of each dropped line (a metric). */
  onDrop(listener: () => void): void;
  /** Writes out what is buffered, waiting at most `timeoutMs`. */
  flush(timeoutMs: number): Promise<void>;
}

/** @param maxBufferBytes what may wait for a slow reader before lines are dropped */
export function createStdoutLogOutput(maxBufferBytes = 8 * 1024 * 1024, fd = 1): LogOutput {
  // Once shutdown's flush deadline has passed, a full pipe is given up on: pino's own exit hook
  // flushes synchronously, and would otherwise retry `EAGAIN` forever and never let us exit.
  let givingUp = false;
  process.once('exit', () => {
    givingUp = true;
  });
  const stream = pino.destination({
    fd,
    sync: false,
    maxLength: maxBufferBytes,
    retryEAGAIN: () => !givingUp,
  });
  let dropped = 0;
  const listeners: (() => void)[] = [];
  stream.on('drop', () => {
    dropped += 1;
    for (const listener of listeners) listener();
  });
  // A reader that went away (EPIPE) is not worth crashing over: logging stops, serving goes on.
  stream.on('error', () => {});
  return {
    stream,
    dropped: () => dropped,
    onDrop: (listener) => listeners.push(listener),
    flush: (timeoutMs) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          givingUp = true;
          resolve();
        }, timeoutMs);
        timer.unref();
        try {
          stream.flush(() => {
            clearTimeout(timer);
            resolve();
          });
        } catch {
          clearTimeout(timer);
          resolve();
        }
      }),
  };
}
