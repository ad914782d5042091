import { readFileSync } from 'node:fs';

export type ShutdownReason = 'SIGTERM' | 'SIGINT' | 'SIGHUP' | 'parent-exited';

export interface ShutdownOptions {
  /** Stops everything; called once, whatever asks first. */
  stop(reason: ShutdownReason): Promise<void>;
  /** Told when shutdown starts and how it ended. */
  report?(message: string): void;
  /** Exit anyway after this long. @default 15000 */
  forceAfterMs?: number;
  /**
   * Also stop when the process that started this one, or its parent, goes away. `npm run` runs
   * scripts through `sh -c`, and a plain `kill` of npm does not reach past the shell, which would
   * leave us running with our ports open. @default false
   */
  followParent?: boolean;
  /** How often the parent is checked. @default 500 */
  parentCheckMs?: number;
}

const SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;

/** Installs signal handlers (and, optionally, the parent watch) that stop once, then exit. */
export function stopOnShutdown(options: ShutdownOptions): void {
  const { stop, report = () => {}, forceAfterMs = 15_000 } = options;
  let stopping = false;
  const shutdown = (reason: ShutdownReason) => {
    if (stopping) return;
    stopping = true;
    report(`stopping (${reason})`);
    setTimeout(() => {
      report('did not stop in time, exiting');
      process.exit(1);
    }, forceAfterMs).unref();
    stop(reason).then(
      () => {
        report('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        report(`stop failed: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
  };
  for (const signal of SIGNALS) process.on(signal, () => shutdown(signal));
  if (options.followParent) {
    const parent = process.ppid;
    const grandparent = parentOf(parent);
    setInterval(() => {
      // A dead parent re-parents us (to init or a subreaper), so ppid changes.
      if (process.ppid !== parent || (grandparent !== undefined && !isAlive(grandparent))) {
        shutdown('parent-exited');
      }
    }, options.parentCheckMs ?? 500).unref();
  }
}

/** The parent of `pid`, where `/proc` tells (Linux); elsewhere only our own parent is watched. */
function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // `pid (comm) state ppid ...`; comm may hold spaces and parentheses, so read after the last ')'.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    return Number.isInteger(ppid) && ppid > 1 ? ppid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, but not ours to signal.
    return (error as { code?: string }).code === 'EPERM';
  }
}
