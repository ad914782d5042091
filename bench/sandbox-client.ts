import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Quota, SandboxOptions } from '../sandbox/server.js';
import type { SandboxCommand, SandboxReply, UpstreamHit } from './sandbox-protocol.js';

type Distribute<T> = T extends { id: number } ? Omit<T, 'id'> : never;

/** A sandbox store running in a child process, driven over IPC. */
export interface RemoteSandbox {
  url: string;
  storeHash: string;
  accessToken: string;
  /** Upstream requests the sandbox received since the last reset (429s included). */
  counters(): Promise<{ total: number; routes: Record<string, number> }>;
  /** Zeroes the counters and the recorded hits. */
  reset(): Promise<void>;
  /** Replaces the quota and starts a fresh window; resolves with the sandbox's clock at that moment. */
  setQuota(quota: Quota): Promise<number>;
  /** Every store request since the last reset, with the status the sandbox answered. */
  hits(): Promise<UpstreamHit[]>;
  close(): Promise<void>;
}

const entry = fileURLToPath(new URL('./sandbox-process.ts', import.meta.url));

/** Forks `sandbox-process.ts` (the tsx loader comes along in execArgv) and waits until it listens. */
export async function startRemoteSandbox(options: SandboxOptions): Promise<RemoteSandbox> {
  const child: ChildProcess = fork(entry, {
    env: { ...process.env, BENCH_SANDBOX_OPTIONS: JSON.stringify(options) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<number, (reply: SandboxReply) => void>();
  let nextId = 1;
  const ready = new Promise<string>((resolve, reject) => {
    pending.set(0, (reply) => (reply.type === 'ready' ? resolve(reply.url) : reject()));
    child.once('exit', (code) => reject(new Error(`sandbox process exited with ${code}`)));
  });
  child.on('message', (reply: SandboxReply) => {
    pending.get(reply.id)?.(reply);
    pending.delete(reply.id);
  });

  const call = (command: Distribute<SandboxCommand>) =>
    new Promise<SandboxReply>((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      child.send({ ...command, id });
    });

  const url = await ready;
  return {
    url,
    storeHash: options.storeHash ?? 'sandbox1',
    accessToken: options.accessToken ?? 'sandbox-token',
    async counters() {
      const reply = await call({ type: 'counters' });
      return reply.type === 'counters' ? reply : { total: Number.NaN, routes: {} };
    },
    reset: async () => void (await call({ type: 'reset' })),
    async setQuota(quota) {
      const reply = await call({ type: 'quota', quota });
      return reply.type === 'ok' && reply.at !== undefined ? reply.at : Date.now();
    },
    async hits() {
      const reply = await call({ type: 'hits' });
      return reply.type === 'hits' ? reply.hits : [];
    },
    async close() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      await call({ type: 'close' });
      await exited;
    },
  };
}
