import type { Quota } from '../sandbox/server.js';

/** One store request as the sandbox answered it: arrival time (epoch ms) and status. */
export interface UpstreamHit {
  at: number;
  status: number;
}

/** Parent → sandbox process. `id` pairs a command with its reply. */
export type SandboxCommand =
  | { type: 'counters'; id: number }
  | { type: 'reset'; id: number }
  | { type: 'quota'; id: number; quota: Quota }
  | { type: 'hits'; id: number }
  | { type: 'close'; id: number };

/** Sandbox process → parent. */
export type SandboxReply =
  | { type: 'ready'; id: 0; url: string }
  | { type: 'ok'; id: number; at?: number }
  | { type: 'counters'; id: number; total: number; routes: Record<string, number> }
  | { type: 'hits'; id: number; hits: UpstreamHit[] };
