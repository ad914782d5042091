import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import { type Reply, single } from '../http.js';
import type { Router } from '../router.js';
import type { SandboxStore } from '../store.js';
import { parseBody } from './body.js';
import { lineItemRequestSchema } from './line-items.js';
import type { CartRecord } from './model.js';
import { parseCartIncludes, toCartView } from './view.js';

const version = z.number().int().nonnegative().optional();

/** `CartCreatePostData`: the spec requires nothing, its text requires items (only catalog ones here). */
const createSchema = z.looseObject({
  customer_id: z.number().int().nonnegative().optional(),
  channel_id: z.number().int().positive().optional(),
  line_items: z.array(lineItemRequestSchema).min(1, 'line_items is required (at least one item)'),
});
const addSchema = z.looseObject({
  line_items: z.array(lineItemRequestSchema).min(1, 'line_items is required (at least one item)'),
  version,
});
const updateItemSchema = z.looseObject({ line_item: lineItemRequestSchema, version });
const updateCartSchema = z.looseObject({ customer_id: z.number().int().nonnegative(), version });
const versionOnlySchema = z.looseObject({ version });

/** The storefront links of a cart, on the origin the request reached (the sandbox plays the storefront). */
function redirectUrlsOf(req: IncomingMessage, cart: CartRecord): Record<string, string> {
  const origin = `http://${req.headers.host ?? '127.0.0.1'}`;
  const token = randomBytes(32).toString('hex');
  const query = `id=${cart.id}&token=${token}`;
  return {
    cart_url: `${origin}/cart.php?action=load&${query}`,
    checkout_url: `${origin}/cart.php?action=loadInCheckout&${query}`,
    embedded_checkout_url: `${origin}/cart.php?embedded=1&action=loadInCheckout&${query}`,
  };
}

/** `carts.v3.yml`: carts, their line items, customer assignment and redirect URLs. */
export function registerCartRoutes(router: Router, store: SandboxStore): void {
  const { carts } = store;
  const answer = (
    req: IncomingMessage,
    query: URLSearchParams,
    cart: CartRecord,
    status = 200,
  ): Reply => {
    const includes = parseCartIncludes(query);
    const urls = includes.has('redirect_urls') ? redirectUrlsOf(req, cart) : undefined;
    return { status, body: { data: toCartView(cart, includes, urls), meta: {} } };
  };
  const cartId = (params: Record<string, string>) => params.cartId ?? '';

  router.add('POST', '/v3/carts', async ({ req, query }) => {
    const body = await parseBody(req, createSchema);
    const cart = carts.create({
      customerId: body.customer_id ?? 0,
      channelId: body.channel_id ?? 1,
      items: body.line_items,
    });
    return answer(req, query, cart, 201);
  });

  router.get('/v3/carts/{cartId}', ({ req, query, params }) =>
    answer(req, query, carts.get(cartId(params))),
  );

  router.add('PUT', '/v3/carts/{cartId}', async ({ req, query, params }) => {
    const body = await parseBody(req, updateCartSchema);
    return answer(
      req,
      query,
      carts.assignCustomer(cartId(params), body.customer_id, body.version),
      201,
    );
  });

  router.add('DELETE', '/v3/carts/{cartId}', ({ params }) => {
    carts.delete(cartId(params));
    return { status: 204, body: undefined };
  });

  router.add('POST', '/v3/carts/{cartId}/items', async ({ req, query, params }) => {
    carts.get(cartId(params));
    const body = await parseBody(req, addSchema);
    return answer(req, query, carts.addItems(cartId(params), body.line_items, body.version), 201);
  });

  router.add('PUT', '/v3/carts/{cartId}/items/{itemId}', async ({ req, query, params }) => {
    carts.get(cartId(params));
    const body = await parseBody(req, updateItemSchema);
    const cart = carts.updateItem(
      cartId(params),
      params.itemId ?? '',
      body.line_item,
      body.version,
    );
    return answer(req, query, cart);
  });

  router.add('DELETE', '/v3/carts/{cartId}/items/{itemId}', async ({ req, query, params }) => {
    carts.get(cartId(params));
    const body = await parseBody(req, versionOnlySchema);
    const cart = carts.deleteItem(cartId(params), params.itemId ?? '', body.version);
    // The last item gone, BigCommerce deletes the cart and answers 204.
    return cart ? answer(req, query, cart) : { status: 204, body: undefined };
  });

  router.add('POST', '/v3/carts/{cartId}/redirect_urls', ({ req, params }) => {
    const cart = carts.get(cartId(params));
    return { status: 201, ...single(redirectUrlsOf(req, cart)) };
  });
}
