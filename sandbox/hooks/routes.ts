import { HttpError, paginate, single } from '../http.js';
import { boolParam, pageParams, stringParam } from '../query.js';
import type { Router } from '../router.js';
import type { SandboxStore } from '../store.js';
import { parseAdminEmails, parseHookCreate, parseHookUpdate } from './inputs.js';
import { toAdminHookView, toHookView } from './model.js';

/** `webhooks.v3.yml`: hooks of the app (one `client_id` in the sandbox) and the admin view. */
export function registerHookRoutes(router: Router, store: SandboxStore): void {
  const { hooks } = store;
  const view = (hook: Parameters<typeof toHookView>[0]) => toHookView(hook, hooks.hookOwner);
  // A non-numeric id cannot name a hook: the same 404, naming the id as it was sent.
  const hookId = (params: Record<string, string>) => {
    const raw = params.webhook_id ?? '';
    if (!/^\d+$/.test(raw)) throw new HttpError(404, `Webhook with id [${raw}] not found`);
    return Number(raw);
  };
  const filtered = (query: URLSearchParams) => {
    const isActive = boolParam(query, 'is_active');
    const scope = stringParam(query, 'scope');
    const destination = stringParam(query, 'destination');
    return hooks
      .list()
      .filter(
        (h) =>
          (isActive === undefined || h.isActive === isActive) &&
          (scope === undefined || h.scope === scope) &&
          (destination === undefined || h.destination === destination),
      );
  };

  // Registered before `/v3/hooks/{webhook_id}`, which would take `admin` as an id.
  router.get('/v3/hooks/admin', ({ query }) => {
    const list = filtered(query).map((h) => toAdminHookView(h, hooks.hookOwner));
    // The sandbox never blocklists a domain (BigCommerce does below a 90 % success ratio).
    const data = { emails: [...hooks.notificationEmails], hooks_list: list, blocked_domains: [] };
    // One page holding the whole `hooks_list`: the spec names no paging parameters here.
    const pagination = {
      total: list.length,
      count: list.length,
      per_page: Math.max(list.length, 1),
      current_page: 1,
      total_pages: 1,
      links: { current: '?page=1' },
    };
    return { body: { data, meta: { pagination } } };
  });

  router.add('PUT', '/v3/hooks/admin', async ({ req }) => {
    hooks.setNotificationEmails((await parseAdminEmails(req)).emails);
    return { status: 204, body: undefined };
  });

  // An app with no hooks gets `data: []`, as the platform answers, though the spec says `minItems: 1`.
  router.get('/v3/hooks', ({ query }) => paginate(filtered(query), pageParams(query), query, view));

  // The spec answers a created hook with 200, not 201.
  router.add('POST', '/v3/hooks', async ({ req }) =>
    single(view(hooks.create(await parseHookCreate(req)))),
  );

  router.get('/v3/hooks/{webhook_id}', ({ params }) => single(view(hooks.get(hookId(params)))));

  router.add('PUT', '/v3/hooks/{webhook_id}', async ({ req, params }) => {
    const id = hooks.get(hookId(params)).id;
    return single(view(hooks.update(id, await parseHookUpdate(req))));
  });

  router.add('DELETE', '/v3/hooks/{webhook_id}', ({ params }) =>
    single(view(hooks.delete(hookId(params)))),
  );
}
