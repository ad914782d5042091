import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { connect, createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';

/**
 * `npm run demo` as a user runs it: a real npm, a real process tree, real ports. Whatever ends it
 * (a signal to npm, which does not pass it through `sh -c`, or to the demo itself), nothing of it
 * may be left listening.
 */
const ROOT = new URL('../..', import.meta.url).pathname;
const started: ChildProcess[] = [];

afterEach(() => {
  for (const child of started.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

function runDemo(env: Record<string, string>): { child: ChildProcess; output: () => string } {
  const child = spawn('npm', ['run', '-s', 'demo'], {
    cwd: ROOT,
    env: { ...process.env, REDIS_URL: '', LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  return { child, output: () => text };
}

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

async function listeningPorts(output: () => string): Promise<{ gateway: number; sandbox: number }> {
  return until('the demo to print its URLs', () => {
    const gateway = /Gateway\s+http:\/\/127\.0\.0\.1:(\d+)\/graphql/.exec(output())?.[1];
    const sandbox = /Sandbox store\s+http:\/\/127\.0\.0\.1:(\d+)\//.exec(output())?.[1];
    return gateway && sandbox ? { gateway: Number(gateway), sandbox: Number(sandbox) } : undefined;
  });
}

async function takePort(): Promise<{ server: Server; port: number }> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return { server, port: address.port };
}

describe('npm run demo', () => {
  it.each(['SIGTERM', 'SIGINT', 'SIGHUP'] as const)(
    'stops the gateway and the sandbox store when npm gets %s',
    async (signal) => {
      const { child, output } = runDemo({ PORT: '0', SANDBOX_PORT: '0' });
      const ports = await listeningPorts(output);
      expect(await accepts(ports.gateway)).toBe(true);
      expect(await accepts(ports.sandbox)).toBe(true);

      child.kill(signal);
      await until('both ports to close', async () =>
        !(await accepts(ports.gateway)) && !(await accepts(ports.sandbox)) ? true : undefined,
      );
      expect(
        await until('the demo to say it stopped', () =>
          output().includes('demo: stopped') ? true : undefined,
        ),
      ).toBe(true);
    },
    40_000,
  );

  it.each([
    ['PORT', 'gateway'],
    ['SANDBOX_PORT', 'sandbox store'],
  ])(
    'names the taken port and %s when the %s cannot listen',
    async (variable, name) => {
      const { server, port } = await takePort();
      try {
        const env = { PORT: '0', SANDBOX_PORT: '0', [variable]: String(port) };
        const { child, output } = runDemo(env);
        const [code] = (await once(child, 'exit')) as [number | null];
        expect(code).toBe(1);
        expect(output()).toContain(`${name}: port ${port} is already in use`);
        expect(output()).toContain(`set ${variable} to another port`);
        expect(output()).not.toMatch(/\n\s+at /); // no stack trace
      } finally {
        server.close();
      }
    },
    40_000,
  );
});
