import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FloorAnswer, FloorCommand, FloorReply } from './wire-protocol.js';

/**
 * The floor: a bare `node:http` server in its own process that reads each request's body and
 * answers the bytes the gateway answered for the same case. Nothing a gateway could do on this
 * machine answers faster, so gateway / floor says how much of the wire budget the gateway spends.
 */
let answer: { status: number; headers: Record<string, string>; body: Buffer } = {
  status: 503,
  headers: {},
  body: Buffer.alloc(0),
};

const server = createServer((req, res) => {
  req.on('data', () => {});
  req.on('end', () => {
    const { status, headers, body } = answer;
    // A 304 has no body and no length, as the gateway's has none.
    const length = status === 304 ? {} : { 'content-length': String(body.length) };
    res.writeHead(status, { ...headers, ...length });
    res.end(body);
  });
});

const send = (reply: FloorReply) => process.send?.(reply);

process.on('message', (command: FloorCommand) => {
  if (command.type !== 'serve') return;
  answer = toAnswer(command.answer);
  send({ type: 'served', id: command.id });
});
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});

function toAnswer(wire: FloorAnswer) {
  return {
    status: wire.status,
    headers: wire.headers,
    body: Buffer.from(wire.bodyBase64, 'base64'),
  };
}

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  send({ type: 'ready', id: 0, url: `http://127.0.0.1:${port}` });
});
