import { createSandbox, type Sandbox, type SandboxOptions } from '../../sandbox/server.js';

export interface Answer<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/** Starts a sandbox on an ephemeral port and returns a fetch helper bound to its store. */
export async function startSandbox(options: SandboxOptions = {}) {
  const sandbox: Sandbox = await createSandbox({ products: 120, ...options });
  const base = `${sandbox.url}/stores/${sandbox.storeHash}`;
  const get = async <T = Record<string, unknown>>(
    path: string,
    init: { token?: string | null; base?: string } = {},
  ): Promise<Answer<T>> => {
    const token = init.token === undefined ? sandbox.accessToken : init.token;
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (token !== null) headers['X-Auth-Token'] = token;
    const res = await fetch(`${init.base ?? base}${path}`, { headers });
    const text = await res.text();
    return {
      status: res.status,
      headers: res.headers,
      body: (text ? JSON.parse(text) : null) as T,
    };
  };
  return { sandbox, get };
}

export interface ListBody<T = Record<string, unknown>> {
  data: T[];
  meta: {
    pagination: {
      total: number;
      count: number;
      per_page: number;
      current_page: number;
      total_pages: number;
      links: { previous?: string; current: string; next?: string };
    };
  };
}

export interface SingleBody<T = Record<string, unknown>> {
  data: T;
  meta: Record<string, never>;
}
