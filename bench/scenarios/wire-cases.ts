import { documentHash } from '../../src/persisted/document-id.js';
import { LISTING_QUERY, PRODUCT_QUERY } from '../queries.js';
import {
  getPersisted,
  headerOf,
  postOperation,
  type WireReply,
  type WireRequest,
} from '../wire-client.js';

/** What a case's request may need: ids and credentials known once the gateway is up. */
export interface CaseContext {
  productId: number;
  partnerKey: string;
  send(wire: WireRequest): Promise<WireReply>;
}

/** One warm case: its request, the status every answer must have, and its goal. */
export interface CaseDefinition {
  name: string;
  goal?: number;
  status: 200 | 304;
  /** The request, built once the gateway is up; it may ask the gateway first (an ETag). */
  request(context: CaseContext): WireRequest | Promise<WireRequest>;
}

export const LISTING_ID = `sha256:${documentHash(LISTING_QUERY)}`;
export const PRODUCT_ID = `sha256:${documentHash(PRODUCT_QUERY)}`;
const ANONYMOUS_GOAL = 0.7;
const PARTNER_GOAL = 0.5;

/** Anonymous POST and persisted GET, listing and product, a partner key, and a revalidation. */
export const WIRE_CASES: CaseDefinition[] = [
  {
    name: 'listing, POST',
    goal: ANONYMOUS_GOAL,
    status: 200,
    request: () => postOperation(LISTING_QUERY),
  },
  {
    name: 'listing, persisted GET',
    goal: ANONYMOUS_GOAL,
    status: 200,
    request: () => getPersisted(LISTING_ID),
  },
  {
    name: 'product, POST',
    goal: ANONYMOUS_GOAL,
    status: 200,
    request: ({ productId }) => postOperation(PRODUCT_QUERY, { entityId: productId }),
  },
  {
    name: 'product, persisted GET',
    goal: ANONYMOUS_GOAL,
    status: 200,
    request: ({ productId }) => getPersisted(PRODUCT_ID, { entityId: productId }),
  },
  {
    name: 'listing, POST, partner key',
    goal: PARTNER_GOAL,
    status: 200,
    request: ({ partnerKey }) =>
      postOperation(LISTING_QUERY, undefined, { authorization: `Bearer ${partnerKey}` }),
  },
  {
    name: 'listing, GET If-None-Match (304)',
    status: 304,
    async request({ send }) {
      const reply = await send(getPersisted(LISTING_ID));
      const etag = headerOf(reply, 'etag');
      if (!etag) throw new Error(`the persisted GET had no ETag (status ${reply.status})`);
      return getPersisted(LISTING_ID, undefined, { 'if-none-match': etag });
    },
  },
];
