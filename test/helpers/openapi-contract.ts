import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Ajv } from 'ajv';
import type { FormatsPlugin } from 'ajv-formats';
import { type Document, OpenAPIBackend, type Operation } from 'openapi-backend';
import { Agent, type Dispatcher } from 'undici';
import { parse } from 'yaml';

// ajv-formats is CommonJS with only a default export; require() gets the plugin itself in every
// loader (Node, vitest), where a default import may get the module object.
const addFormats = createRequire(import.meta.url)('ajv-formats') as FormatsPlugin;

/**
 * Checks upstream requests against BigCommerce's official OpenAPI operations: every spec file in a
 * folder is loaded, a request is mapped by server prefix, method and path to its operation, and
 * openapi-backend validates its path, query (names, types, enums, `form`/`explode: false` lists
 * such as `id:in=1,2`), headers and JSON body. A new datasource gets the same check by vendoring
 * its spec file and driving its calls through `recordingDispatcher`.
 */

/** One request as it left the gateway. */
export interface CapturedRequest {
  method: string;
  /** Path with query, as sent (`/stores/abc/v3/catalog/products?id:in=1,2`). */
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** A parameter the spec's operation omits but BigCommerce documents elsewhere, allowed by name. */
export interface DocumentedExtra {
  operationId: string;
  parameter: { name: string; in: 'query'; schema: Record<string, unknown> };
  /** Where BigCommerce documents it. */
  source: string;
}

export interface Verdict {
  request: CapturedRequest;
  /** `file#operationId`, when the request maps to an operation. */
  operation?: string;
  problems: string[];
}

interface LoadedSpec {
  file: string;
  prefix: RegExp;
  api: OpenAPIBackend;
  security: string[];
}

/** A dispatcher that records every request before handing it to `inner` (a real Agent by default). */
export function recordingDispatcher(inner: Dispatcher = new Agent()) {
  const requests: CapturedRequest[] = [];
  const dispatcher = inner.compose((dispatch) => (options, handler) => {
    requests.push({
      method: options.method,
      path: options.path,
      headers: flattenHeaders(options.headers),
      body: typeof options.body === 'string' ? options.body : undefined,
    });
    return dispatch(options, handler);
  });
  return { dispatcher, requests, close: () => inner.close() };
}

/**
 * A complaint the validator makes because the spec contradicts itself, not because of the request:
 * set aside for the named operations only, with the reason written down.
 */
export interface SpecDefect {
  operationIds: readonly string[];
  problem: RegExp;
  reason: string;
}

/** Loads every `*.yml`/`*.yaml` spec under `dir` (recursively). */
export async function loadContract(
  dir: string,
  extras: readonly DocumentedExtra[] = [],
  defects: readonly SpecDefect[] = [],
): Promise<OpenApiContract> {
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.ya?ml$/.test(file))
    .sort();
  const specs = await Promise.all(files.map((file) => loadSpec(dir, file, extras)));
  return new OpenApiContract(specs, defects);
}

export class OpenApiContract {
  constructor(
    private readonly specs: readonly LoadedSpec[],
    private readonly defects: readonly SpecDefect[] = [],
  ) {}

  /** The spec files loaded, relative to the folder. */
  get files(): string[] {
    return this.specs.map((spec) => spec.file);
  }

  check(request: CapturedRequest): Verdict {
    const [pathname = '', query = ''] = request.path.split(/\?(.*)/s);
    for (const spec of this.specs) {
      const prefix = spec.prefix.exec(pathname);
      if (!prefix) continue;
      const input = {
        method: request.method.toLowerCase(),
        path: pathname.slice(prefix[0].length) || '/',
        query,
        headers: request.headers,
        body: request.body,
      };
      const operation = spec.api.router.matchOperation(input);
      if (!operation) continue;
      const known = this.defects.filter((d) =>
        d.operationIds.includes(operation.operationId ?? ''),
      );
      return {
        request,
        operation: `${spec.file}#${operation.operationId}`,
        problems: problemsOf(spec, operation, input).filter(
          (problem) => !known.some((defect) => defect.problem.test(problem)),
        ),
      };
    }
    return { request, problems: ['no operation of the loaded specs has this method and path'] };
  }
}

function problemsOf(
  spec: LoadedSpec,
  operation: Operation,
  input: {
    method: string;
    path: string;
    query: string;
    headers: Record<string, string>;
    body?: string | undefined;
  },
): string[] {
  const problems: string[] = [];
  const result = spec.api.validator.validateRequest(input, operation);
  for (const error of result.errors ?? []) {
    const detail = Object.keys(error.params ?? {}).length > 0 ? JSON.stringify(error.params) : '';
    problems.push(
      `${error.instancePath || '/'} ${error.message ?? error.keyword} ${detail}`.trim(),
    );
  }
  for (const header of spec.security) {
    if (!input.headers[header]) problems.push(`missing the ${header} credential header`);
  }
  const bodyTypes = Object.keys(requestBodyContent(operation));
  if (input.body !== undefined && bodyTypes.length === 0) {
    problems.push('sends a body to an operation that takes none');
  }
  if (input.body !== undefined && bodyTypes.includes('application/json')) {
    if (input.headers['content-type'] !== 'application/json') {
      problems.push('sends a JSON body without Content-Type: application/json');
    }
  }
  return problems;
}

function requestBodyContent(operation: Operation): Record<string, unknown> {
  const body = operation.requestBody as { content?: Record<string, unknown> } | undefined;
  return body?.content ?? {};
}

async function loadSpec(
  dir: string,
  file: string,
  extras: readonly DocumentedExtra[],
): Promise<LoadedSpec> {
  const definition = parse(readFileSync(join(dir, file), 'utf8')) as Document;
  dropBooleanExclusiveBounds(definition);
  addExtras(definition, extras);
  const api = new OpenAPIBackend({
    definition,
    // Validators are compiled on first use, so loading every spec stays cheap.
    quick: true,
    strict: false,
    // checkouts.v3.yml's phone `pattern` (`\\d{1-5}`) is no valid unicode regular expression.
    ajvOpts: { unicodeRegExp: false },
    customizeAjv: (ajv) => withOpenApiFormats(ajv),
  });
  await api.init();
  return {
    file,
    prefix: serverPrefix(definition, file),
    api,
    security: securityHeaders(definition),
  };
}

/**
 * OpenAPI 3.0 writes `exclusiveMaximum: false` beside `maximum` (`customers.v2.yml`); the JSON
 * Schema draft ajv compiles wants a number there, and refuses the whole spec. `false` means "not
 * exclusive", which is what leaving the keyword out says, so the check stays the same.
 */
function dropBooleanExclusiveBounds(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) dropBooleanExclusiveBounds(item);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const record = node as Record<string, unknown>;
  for (const bound of ['exclusiveMaximum', 'exclusiveMinimum']) {
    if (record[bound] === false) delete record[bound];
  }
  for (const value of Object.values(record)) dropBooleanExclusiveBounds(value);
}

/** `https://api.bigcommerce.com/stores/{store_hash}/v3` → `^/stores/[^/]+/v3`. */
function serverPrefix(definition: Document, file: string): RegExp {
  const url = definition.servers?.[0]?.url;
  if (!url) throw new Error(`${file} names no server`);
  const path = url.replace(/^[a-z]+:\/\/[^/]+/i, '').replace(/\/+$/, '');
  const source = path
    .split(/\{[^}]+\}/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('[^/]+');
  return new RegExp(`^${source}(?=/|$)`);
}

/** Header names of the spec's `apiKey` security schemes (`x-auth-token`), lower-cased. */
function securityHeaders(definition: Document): string[] {
  const schemes = definition.components?.securitySchemes ?? {};
  return Object.values(schemes).flatMap((scheme) =>
    'type' in scheme && scheme.type === 'apiKey' && scheme.in === 'header'
      ? [scheme.name.toLowerCase()]
      : [],
  );
}

function addExtras(definition: Document, extras: readonly DocumentedExtra[]): void {
  for (const item of Object.values(definition.paths ?? {})) {
    for (const operation of Object.values(item ?? {})) {
      if (typeof operation !== 'object' || !operation || !('operationId' in operation)) continue;
      const own = extras.filter((extra) => extra.operationId === operation.operationId);
      if (own.length === 0) continue;
      const op = operation as { parameters?: unknown[] };
      op.parameters = [...(op.parameters ?? []), ...own.map((extra) => extra.parameter)];
    }
  }
}

/** JSON Schema formats plus OpenAPI's own (`int32`, `double`, ...), so formats are checked, not ignored. */
function withOpenApiFormats(ajv: Ajv): Ajv {
  addFormats(ajv);
  const int = (bits: number) => (value: number) =>
    Number.isInteger(value) && Math.abs(value) <= 2 ** (bits - 1);
  ajv.addFormat('int32', { type: 'number', validate: int(32) });
  ajv.addFormat('int64', { type: 'number', validate: int(64) });
  for (const name of ['float', 'double'])
    ajv.addFormat(name, { type: 'number', validate: () => true });
  for (const name of ['byte', 'binary', 'password']) ajv.addFormat(name, true);
  return ajv;
}

function flattenHeaders(headers: Dispatcher.DispatchOptions['headers']): Record<string, string> {
  const flat: Record<string, string> = {};
  if (!headers) return flat;
  const pairs: [string, unknown][] = Array.isArray(headers)
    ? pairsOf(headers as string[])
    : Object.entries(headers as Record<string, unknown>);
  for (const [name, value] of pairs) {
    if (value !== undefined)
      flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return flat;
}

function pairsOf(flat: readonly string[]): [string, string][] {
  const pairs: [string, string][] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) pairs.push([flat[i]!, flat[i + 1]!]);
  return pairs;
}
