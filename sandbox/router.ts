import type { IncomingMessage } from 'node:http';
import type { Reply } from './http.js';

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface RouteContext {
  req: IncomingMessage;
  query: URLSearchParams;
  /** Path parameters by their spec names (`product_id`, `variant_id`). */
  params: Record<string, string>;
}

export type Handler = (ctx: RouteContext) => Reply | Promise<Reply>;

interface Route {
  method: Method;
  label: string;
  pattern: RegExp;
  names: string[];
  handler: Handler;
}

export interface RouteMatch {
  label: string;
  handler: Handler;
  params: Record<string, string>;
}

/**
 * Routes under the store prefix (`/v3/catalog/products/{product_id}`). Each resource module
 * registers its own routes, so new resources plug in without touching the server.
 */
export class Router {
  private readonly routes: Route[] = [];

  add(method: Method, template: string, handler: Handler): this {
    const names: string[] = [];
    const source = template.replace(/\{(\w+)\}/g, (_, name: string) => {
      names.push(name);
      return '([^/]+)';
    });
    this.routes.push({
      method,
      label: `${method} ${template.replace(/\{\w+\}/g, '{id}')}`,
      pattern: new RegExp(`^${source}/?$`),
      names,
      handler,
    });
    return this;
  }

  get(template: string, handler: Handler): this {
    return this.add('GET', template, handler);
  }

  match(method: string, path: string): RouteMatch | undefined {
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const found = route.pattern.exec(path);
      if (!found) continue;
      const params: Record<string, string> = {};
      route.names.forEach((name, i) => {
        params[name] = decodeURIComponent(found[i + 1] ?? '');
      });
      return { label: route.label, handler: route.handler, params };
    }
    return undefined;
  }
}

/** The counter label for a path no route matched: numeric segments become `{id}`. */
export const fallbackLabel = (method: string, path: string): string =>
  `${method} ${path.replace(/\/\d+(?=\/|$)/g, '/{id}')}`;
