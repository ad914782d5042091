import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** A bench process forked from `entry`, talking JSON messages with an `id` over IPC. */
export interface BenchChild<Reply> {
  /** The child's first message (`id` 0): it is listening. */
  ready: Reply;
  /** Sends a command and resolves with the reply carrying its `id`. */
  call(command: Record<string, unknown>): Promise<Reply>;
  /** SIGTERM, then waits for the exit. */
  close(): Promise<void>;
}

/**
 * Forks a TypeScript entry (the tsx loader comes along in execArgv). Its stdout goes to /dev/null
 * (`ignore`): what it writes there is still written, at its real cost, and nobody has to drain it.
 */
export async function forkBenchChild<Reply extends { id: number }>(
  entry: URL,
  env: Record<string, string>,
  nodeFlags: readonly string[] = [],
): Promise<BenchChild<Reply>> {
  const child: ChildProcess = fork(fileURLToPath(entry), {
    env: { ...process.env, ...env },
    execArgv: [...process.execArgv, ...nodeFlags],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const pending = new Map<number, (reply: Reply) => void>();
  let nextId = 1;
  const ready = new Promise<Reply>((resolve, reject) => {
    pending.set(0, resolve);
    child.once('exit', (code) => reject(new Error(`${entry.pathname} exited with ${code}`)));
  });
  child.on('message', (reply: Reply) => {
    pending.get(reply.id)?.(reply);
    pending.delete(reply.id);
  });
  return {
    ready: await ready,
    call: (command) =>
      new Promise<Reply>((resolve) => {
        const id = nextId++;
        pending.set(id, resolve);
        child.send({ ...command, id });
      }),
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
