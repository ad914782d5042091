import diagnostics from 'node:diagnostics_channel';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createSandbox, type SandboxOptions } from '../sandbox/server.js';
import type { SandboxCommand, SandboxReply, UpstreamHit } from './sandbox-protocol.js';

/**
 * The sandbox in its own process (forked by `sandbox-client.ts`), so the store's work runs on
 * the other core instead of sharing the gateway's event loop.
 */
const options = JSON.parse(process.env.BENCH_SANDBOX_OPTIONS ?? '{}') as SandboxOptions;
const sandbox = await createSandbox(options);
const port = Number(new URL(sandbox.url).port);

// The server's own diagnostics channels see every answer, so 429s are counted where they are sent.
const started = new WeakMap<IncomingMessage, number>();
let hits: UpstreamHit[] = [];
const isStoreRequest = (req: IncomingMessage) =>
  req.socket.localPort === port && !req.url?.startsWith('/__sandbox/');
diagnostics.subscribe('http.server.request.start', (message) => {
  const { request } = message as { request: IncomingMessage };
  if (isStoreRequest(request)) started.set(request, Date.now());
});
diagnostics.subscribe('http.server.response.finish', (message) => {
  const { request, response } = message as { request: IncomingMessage; response: ServerResponse };
  const at = started.get(request);
  if (at !== undefined) hits.push({ at, status: response.statusCode });
});

const send = (reply: SandboxReply) => process.send?.(reply);

process.on('message', async (command: SandboxCommand) => {
  switch (command.type) {
    case 'counters':
      return send({
        type: 'counters',
        id: command.id,
        total: sandbox.counters.total(),
        routes: sandbox.counters.snapshot(),
      });
    case 'reset':
      sandbox.counters.reset();
      hits = [];
      return send({ type: 'ok', id: command.id });
    case 'quota':
      sandbox.setQuota(command.quota);
      return send({ type: 'ok', id: command.id, at: Date.now() });
    case 'hits':
      return send({ type: 'hits', id: command.id, hits });
    case 'close':
      await sandbox.close();
      send({ type: 'ok', id: command.id });
      process.disconnect?.();
      return;
  }
});

send({ type: 'ready', id: 0, url: sandbox.url });
