/** Messages between the wire scenario and its two children. `id` pairs a command with its reply. */

/** Gateway child → parent. */
export type GatewayChildReply =
  | { type: 'ready'; id: 0; url: string; partnerKey: string }
  | {
      type: 'memory';
      id: number;
      /** Resident set size now, bytes. */
      rss: number;
      /** V8 heap in use after a full collection (taken after `rss`): what is really kept. */
      heapUsedAfterGc: number;
      /** The largest RSS sampled since the previous `memory` command (or start). */
      peakRss: number;
      /** One RSS sample per second since the previous `memory` command. */
      samples: number[];
    };

/** Parent → gateway child: read memory figures and start a new sampling period. */
export type GatewayChildCommand = { type: 'memory'; id: number };

/** What the floor answers to every request until told otherwise. */
export interface FloorAnswer {
  status: number;
  headers: Record<string, string>;
  bodyBase64: string;
}

/** Parent → floor child. */
export type FloorCommand = { type: 'serve'; id: number; answer: FloorAnswer };

/** Floor child → parent. */
export type FloorReply = { type: 'ready'; id: 0; url: string } | { type: 'served'; id: number };
