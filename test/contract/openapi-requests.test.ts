import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type GraphQLNamedType,
  type GraphQLSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  parse,
  TypeInfo,
  visit,
  visitWithTypeInfo,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CUSTOMER_CREDENTIALS } from '../../sandbox/customers/seed.js';
import { createSandbox, type Sandbox } from '../../sandbox/server.js';
import { type App, buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import {
  CatalogApi,
  type CategoryListFilter,
  type ProductListFilter,
  type ProductShape,
  type ProductSortField,
} from '../../src/datasources/catalog.js';
import { createLogger } from '../../src/logger.js';
import { offsetToCursor } from '../../src/schema/catalog/cursor.js';
import { encodeGlobalId } from '../../src/schema/global-id.js';
import { schema } from '../../src/schema/index.js';
import { DOCUMENTED_EXTRAS, KNOWN_SPEC_DEFECTS } from '../helpers/documented-extras.js';
import {
  type CapturedRequest,
  loadContract,
  type OpenApiContract,
  recordingDispatcher,
  type Verdict,
} from '../helpers/openapi-contract.js';
import { sandboxHttpClient } from '../helpers/sandbox-http-client.js';
import { commerceFlows } from './commerce-corpus.js';

// Every request the datasources build, driven (i) method by method and (ii) through the gateway by
// a corpus of GraphQL queries, must validate against BigCommerce's official operation.
const SPECS = fileURLToPath(new URL('../fixtures/bigcommerce/openapi/', import.meta.url));

let contract: OpenApiContract;
let sandbox: Sandbox;
let recorder: ReturnType<typeof recordingDispatcher>;
let catalog: CatalogApi;
let app: App;
let endpoint: string;
let internalKey: string;
const keysDir = mkdtempSync(join(tmpdir(), 'bcgw-contract-'));

beforeAll(async () => {
  contract = await loadContract(SPECS, DOCUMENTED_EXTRAS, KNOWN_SPEC_DEFECTS);
  sandbox = await createSandbox({ products: 60, seed: 5 });
  recorder = recordingDispatcher();
  const http = sandboxHttpClient(sandbox, { dispatcher: recorder.dispatcher });
  catalog = new CatalogApi(http, { requestId: 'contract' });
  const config = loadConfig({
    BIGCOMMERCE_STORE_HASH: sandbox.storeHash,
    BIGCOMMERCE_ACCESS_TOKEN: sandbox.accessToken,
    BIGCOMMERCE_API_URL: sandbox.url,
    LOG_LEVEL: 'silent',
    // Nothing answered from a cache: every query builds its own upstream requests.
    CACHE_MODE: 'off',
    RESPONSE_CACHE_TTL_S: '0',
    METRICS_PORT: '0',
    API_KEYS_FILE: join(keysDir, 'api-keys.json'),
    BIGCOMMERCE_CLIENT_SECRET: sandbox.clientSecret,
    BIGCOMMERCE_CLIENT_ID: sandbox.clientId,
    BIGCOMMERCE_PAYMENTS_URL: sandbox.url,
    STOREFRONT_URL: sandbox.url,
  });
  app = buildApp(config, { dispatcher: recorder.dispatcher, logger: createLogger('silent') });
  endpoint = `${await app.start(0, '127.0.0.1')}/graphql`;
  // Internal: every scope, so hidden products and every field are reachable.
  internalKey = (await app.keys.create({ name: 'contract', role: 'internal', scopes: [] })).key;
});

afterAll(async () => {
  await app?.stop();
  rmSync(keysDir, { recursive: true, force: true });
  await sandbox?.close();
  await recorder?.close();
});

// --- (i) every CatalogApi method -------------------------------------------------------------

const FULL_SHAPE: ProductShape = {
  include: ['variants', 'images', 'custom_fields', 'primary_image'],
  fields: [
    'id',
    'name',
    'sku',
    'price',
    'calculated_price',
    'categories',
    'brand_id',
    'custom_url',
  ],
};
const SHAPES: ProductShape[] = [
  { include: [] },
  { include: ['images'], fields: ['id'] },
  FULL_SHAPE,
];

// `Required<>` makes the compiler name a filter added to the datasource but not exercised here.
const PRODUCT_FILTER: Required<ProductListFilter> = {
  keyword: 'mug set',
  'categories:in': [1, 2],
  brand_id: 1,
  // The graph's `Decimal` text, and a plain number: both are what the spec's `number` accepts.
  'price:min': '5.50',
  'price:max': 120,
  is_visible: true,
  is_featured: true,
  'inventory_level:min': 1,
  'inventory_level:max': 1000,
  'id:in': [1, 2, 3],
};
const SORT_FIELDS: Record<ProductSortField, true> = {
  id: true,
  name: true,
  sku: true,
  price: true,
  date_modified: true,
  date_last_imported: true,
  inventory_level: true,
  is_visible: true,
  total_sold: true,
  calculated_price: true,
};
const CATEGORY_FILTER: Required<CategoryListFilter> = {
  'tree_id:in': [1],
  'parent_id:in': [0, 1],
  is_visible: true,
  keyword: 'bath',
  name: 'Bath',
};

/** One entry per public CatalogApi member: the compiler names any method left out. */
const CATALOG_CALLS: { [K in keyof CatalogApi]: (api: CatalogApi) => Promise<unknown>[] } = {
  withPriority: (api) => [api.withPriority('background').getBrandsByIds([1, 2])],
  getProductsByIds: (api) => SHAPES.map((shape) => api.getProductsByIds([1, 2, 3], shape)),
  getProductsBySkus: (api) => {
    const skus = sandbox.store.products.slice(0, 3).map((p) => p.sku);
    return SHAPES.map((shape) => api.getProductsBySkus(skus, shape));
  },
  listProducts: (api) => [
    ...SHAPES.map((shape) => api.listProducts({}, { page: 1, limit: 20 }, undefined, shape)),
    ...Object.entries(PRODUCT_FILTER).map(([name, value]) =>
      api.listProducts({ [name]: value }, { page: 2, limit: 10 }, undefined, { include: [] }),
    ),
    api.listProducts({ is_featured: false }, { page: 1, limit: 250 }, undefined, FULL_SHAPE),
    api.listProducts(PRODUCT_FILTER, { page: 1, limit: 5 }, undefined, FULL_SHAPE),
    ...Object.keys(SORT_FIELDS).flatMap((sort) =>
      (['asc', 'desc'] as const).map((direction) =>
        api.listProducts(
          {},
          { page: 1, limit: 3 },
          { sort: sort as ProductSortField, direction },
          { include: [] },
        ),
      ),
    ),
  ],
  getVariantsByProductIds: (api) => [api.getVariantsByProductIds([1, 2, 3])],
  getVariantsByKeys: (api) => {
    const [a, b] = sandbox.store.allVariants();
    return [
      api.getVariantsByKeys([
        { variantId: a!.id, productId: a!.product_id },
        { variantId: b!.id, productId: b!.product_id },
        { variantId: b!.id },
      ]),
    ];
  },
  getVariantById: (api) => [api.getVariantById(sandbox.store.allVariants()[3]!.id)],
  getBrandsByIds: (api) => [api.getBrandsByIds([1, 2, 3])],
  listBrands: (api) => [
    api.listBrands({ page: 1, limit: 5 }),
    api.listBrands({ page: 2, limit: 250 }),
  ],
  getCategoriesByIds: (api) => [api.getCategoriesByIds([1, 2, 3])],
  listCategories: (api) => [
    api.listCategories({}, { page: 1, limit: 50 }),
    ...Object.entries(CATEGORY_FILTER).map(([name, value]) =>
      api.listCategories({ [name]: value }, { page: 1, limit: 10 }),
    ),
  ],
  getCategoryTree: (api) => [api.getCategoryTree(), api.getCategoryTree(1)],
};

// --- (ii) the gateway's GraphQL corpus -------------------------------------------------------

const PRODUCT_FIELDS = /* GraphQL */ `
  fragment Everything on Product {
    id entityId name sku path description plainTextDescription(characterLimit: 40)
    type condition availability availabilityDescription isVisible isFeatured createdAt updatedAt
    prices {
      price { amount currencyCode } basePrice { amount } salePrice { amount } retailPrice { amount }
      mapPrice { amount } priceRange { min { amount } max { amount } }
    }
    images { entityId url url320: url(width: 320) altText isThumbnail sortOrder }
    defaultImage { entityId url(width: 44) }
    variants {
      id entityId productEntityId sku isPurchasable inventoryLevel imageUrl
      price { amount } basePrice { amount } salePrice { amount }
      options { optionEntityId valueEntityId displayName label }
    }
    inventory { level warningLevel tracking isInStock }
    customFields { entityId name value }
    brand { id entityId name path pageTitle metaDescription imageUrl }
    categories { id entityId name path description isVisible imageUrl breadcrumbs { entityId name path } parent { entityId name } }
    dimensions { weight width height depth }
    seo { pageTitle metaDescription metaKeywords }
  }
`;

const PAGE = 'totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }';

function corpus(): string[] {
  const product = sandbox.store.products[2]!;
  const [variant] = sandbox.store.variants.get(product.id)!;
  const category = sandbox.store.categories.find((c) => c.parent_id !== 0)!;
  const ids = {
    product: encodeGlobalId('Product', product.id),
    brand: encodeGlobalId('Brand', product.brand_id),
    category: encodeGlobalId('Category', category.id),
    variant: encodeGlobalId('Variant', `${product.id}:${variant!.id}`),
    legacyVariant: encodeGlobalId('Variant', variant!.id),
  };
  const filters = [
    '{ search: "a" }',
    `{ categoryEntityId: ${category.id} }`,
    `{ brandEntityId: ${product.brand_id} }`,
    '{ price: { min: "1.5" } }',
    '{ price: { max: "80" } }',
    '{ price: { min: "10.00", max: "90.25" } }',
    '{ isVisible: false }',
    '{ isFeatured: true }',
    '{ isFeatured: false }',
    '{ inStock: true }',
    '{ inStock: false }',
  ];
  const sortFields = [
    'ID',
    'NAME',
    'SKU',
    'PRICE',
    'CALCULATED_PRICE',
    'DATE_MODIFIED',
    'INVENTORY_LEVEL',
    'TOTAL_SOLD',
  ];
  return [
    `${PRODUCT_FIELDS} { products(first: 5) { ${PAGE} edges { cursor node { ...Everything } } } }`,
    `{ products(first: 3) { edges { node { name } } } }`,
    `{ products(first: 2) { edges { node { entityId } } } }`,
    `{ products(last: 4) { ${PAGE} edges { node { entityId } } } }`,
    `{ products(first: 3, after: "${cursorAfter(5)}") { edges { node { entityId } } } }`,
    `{ products(last: 3, before: "${cursorAfter(9)}") { edges { node { entityId } } } }`,
    `{ products(first: 250) { totalCount edges { node { entityId prices { priceRange { min { amount } } } } } } }`,
    ...filters.map(
      (filter) =>
        `{ products(first: 4, filter: ${filter}) { totalCount edges { node { entityId } } } }`,
    ),
    ...sortFields.flatMap((field) =>
      ['ASC', 'DESC'].map(
        (direction) =>
          `{ products(first: 3, sort: { field: ${field}, direction: ${direction} }) { edges { node { entityId } } } }`,
      ),
    ),
    `{ products(first: 3, sort: { field: NAME }, filter: { search: "e", isFeatured: true, inStock: true, price: { min: "1" } }) { edges { node { entityId } } } }`,
    `${PRODUCT_FIELDS} { product(entityId: ${product.id}) { ...Everything } }`,
    `{ product(id: "${ids.product}") { name } }`,
    `{ product(sku: "${product.sku}") { entityId images { url } } }`,
    `{ category(entityId: ${category.id}) { id name breadcrumbs { name } parent { name } products(first: 3, filter: { isFeatured: false }, sort: { field: PRICE, direction: DESC }) { ${PAGE} edges { node { entityId } } } } }`,
    `{ category(id: "${ids.category}") { entityId } }`,
    `{ categoryTree { entityId name path depth isVisible children { entityId name path depth isVisible children { entityId } } } }`,
    `{ brands(first: 5) { ${PAGE} edges { cursor node { id entityId name path pageTitle metaDescription imageUrl } } } }`,
    `{ brands(last: 2) { edges { node { entityId } } } }`,
    `{ brand(entityId: ${product.brand_id}) { name products(first: 2, filter: { price: { max: "500" } }) { totalCount edges { node { entityId } } } } }`,
    `{ brand(id: "${ids.brand}") { entityId } }`,
    `{ node(id: "${ids.variant}") { id ... on Variant { entityId productEntityId sku price { amount } } } }`,
    `{ node(id: "${ids.legacyVariant}") { ... on Variant { entityId sku } } }`,
    `{ nodes(ids: ["${ids.product}", "${ids.brand}", "${ids.category}", "${ids.variant}"]) { id
        ... on Product { name } ... on Brand { name } ... on Category { name } ... on Variant { sku } } }`,
  ];
}

const cursorAfter = (offset: number): string => offsetToCursor(offset);

interface Answer {
  errors?: unknown[];
  data?: Record<string, Record<string, unknown> | null> | null;
}

async function runQuery(
  query: string,
  credential = internalKey,
  variables?: Record<string, unknown>,
): Promise<Answer> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(credential ? { authorization: `Bearer ${credential}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as Answer;
}

const ME = `{ me { id entityId email firstName lastName company phone customerGroupEntityId
  storeCredit { amount currencyCode }
  addresses { entityId firstName lastName company address1 address2 city stateOrProvince
    postalCode country countryCode phone addressType } } }`;

/**
 * What a customer does: sign in (password, then a storefront's current-customer JWT), read
 * themselves, refresh, sign out. Their upstream requests join the checked ones.
 */
async function customerFlows(failures: unknown[]): Promise<string[]> {
  const SESSION =
    '... on CustomerSession { accessToken refreshToken } ... on Error { message code }';
  const login = await runQuery(
    `mutation L($input: LoginInput!) { login(input: $input) { ${SESSION} } }`,
    undefined,
    { input: DEMO_CUSTOMER_CREDENTIALS },
  );
  const session = login.data?.login as { accessToken?: string; refreshToken?: string } | undefined;
  if (!session?.accessToken || !session.refreshToken) {
    failures.push({ login });
    return [ME];
  }
  const me = await runQuery(ME, session.accessToken);
  if (me.errors || !me.data?.me) failures.push({ me });
  const refreshed = await runQuery(
    `mutation R($input: RefreshSessionInput!) { refreshSession(input: $input) { ${SESSION} } }`,
    session.accessToken,
    { input: { refreshToken: session.refreshToken } },
  );
  if (refreshed.errors) failures.push({ refreshed });
  const minted = await fetch(`${sandbox.url}/__sandbox/current-customer-jwt`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ customerId: 2 }),
  });
  const { token } = (await minted.json()) as { token: string };
  const storefront = await runQuery(
    `mutation S($input: LoginWithCurrentCustomerTokenInput!) { loginWithCurrentCustomerToken(input: $input) { ${SESSION} } }`,
    undefined,
    { input: { token } },
  );
  const other = storefront.data?.loginWithCurrentCustomerToken as
    | { accessToken?: string }
    | undefined;
  if (!other?.accessToken) failures.push({ storefront });
  else {
    const out = await runQuery('mutation { logout { __typename } }', other.accessToken);
    if (out.errors) failures.push({ out });
  }
  return [ME];
}

// --- the checks -------------------------------------------------------------------------------

function distinct(requests: readonly CapturedRequest[]): CapturedRequest[] {
  const seen = new Map<string, CapturedRequest>();
  for (const r of requests) seen.set(`${r.method} ${r.path} ${r.body ?? ''}`, r);
  return [...seen.values()];
}

const refused = (verdicts: Verdict[]) =>
  verdicts
    .filter((v) => v.problems.length > 0)
    .map(
      (v) =>
        `${v.request.method} ${v.request.path} (${v.operation ?? 'no operation'}): ${v.problems.join('; ')}`,
    );

describe('every upstream request validates against its official OpenAPI operation', () => {
  it('the validator refuses what the spec refuses (so a pass means something)', () => {
    const headers = { accept: 'application/json', 'x-auth-token': 't' };
    const at = (path: string, h: Record<string, string> = headers) =>
      contract.check({ method: 'GET', path: `/stores/abc/v3${path}`, headers: h }).problems;
    expect(at('/catalog/products?include_fields=name,price&id:in=1,2&limit=250')).toEqual([]);
    expect(at('/catalog/products?price:min=5&price:max=9.5')).toEqual([]);
    expect(at('/catalog/products?price:min=10.50&price:max=1000000000000000000000.00')).toEqual([]);
    expect(at('/catalog/products?include_fields=id,name')).not.toEqual([]);
    expect(at('/catalog/products?is_featured=true')).not.toEqual([]);
    expect(at('/catalog/products?id:in=1,x')).not.toEqual([]);
    expect(at('/catalog/products?price:min=cheap')).not.toEqual([]);
    expect(at('/catalog/products?price:low=5')).not.toEqual([]);
    expect(at('/catalog/products?limit=251')).not.toEqual([]);
    expect(at('/catalog/variants?id:in=1,2')).not.toEqual([]);
    expect(at('/catalog/products', { accept: 'application/json' })).not.toEqual([]);
    expect(at('/catalog/products', { 'x-auth-token': 't' })).not.toEqual([]);
    expect(at('/catalog/nothing-here')).not.toEqual([]);
  });

  it('for every CatalogApi method and every query of the corpus', async () => {
    recorder.requests.length = 0;
    const failures: unknown[] = [];
    for (const [method, calls] of Object.entries(CATALOG_CALLS)) {
      for (const outcome of await Promise.allSettled(calls(catalog))) {
        if (outcome.status === 'rejected') failures.push(`${method}: ${outcome.reason}`);
      }
    }
    const direct = distinct(recorder.requests).length;

    const customerQueries = await customerFlows(failures);
    const commerceQueries = await commerceFlows(
      (query, variables, token) => runQuery(query, token ?? '', variables),
      sandbox,
      internalKey,
      failures,
    );
    const queries = corpus();
    expect(coverageGaps(schema, [...queries, ...customerQueries, ...commerceQueries])).toEqual([]);
    for (const query of queries) {
      const { errors } = await runQuery(query);
      if (errors) failures.push({ query, errors });
    }

    const requests = distinct(recorder.requests);
    const verdicts = requests.map((request) => contract.check(request));
    const operations = new Set(verdicts.map((v) => v.operation));
    console.info(
      `openapi contract: ${requests.length} distinct upstream requests checked ` +
        `(${direct} from CatalogApi, ${requests.length - direct} more from ` +
        `${queries.length + customerQueries.length + commerceQueries.length} GraphQL operations) over ${operations.size} operations of ${contract.files.length} spec files; ` +
        `${refused(verdicts).length} refused`,
    );
    expect(refused(verdicts)).toEqual([]);
    // Refusals first: a request the sandbox refuses fails its call too, and says less.
    expect(failures).toEqual([]);
    expect(requests.length).toBeGreaterThanOrEqual(100);
    expect(operations).toEqual(
      new Set(
        [
          'products_catalog.v3.yml#getProducts',
          'product-variants_catalog.v3.yml#getVariants',
          'brands_catalog.v3.yml#getBrands',
          'category-trees_catalog.v3.yml#getAllCategories',
          'category-trees_catalog.v3.yml#getCategoryTrees',
          'category-trees_catalog.v3.yml#getCategoryTree',
        ]
          .map((name) => `catalog/${name}`)
          .concat(
            [
              'getCustomers',
              'validateCustomerCredentials',
              'createCustomers',
              'updateCustomers',
              'getCustomersAddresses',
              'createCustomersAddresses',
              'updateCustomersAddresses',
              'deleteCustomersAddresses',
              'getCustomerStoredInstruments',
            ].map((op) => `customers.v3.yml#${op}`),
          )
          .concat(['customers.v2.yml#getCustomerGroups'])
          .concat(
            [
              'createCart',
              'getCart',
              'updateCart',
              'deleteCart',
              'addCartLineItems',
              'updateCartLineItem',
              'deleteCartLineItem',
              'createCartRedirectURL',
            ].map((op) => `carts.v3.yml#${op}`),
          )
          .concat(
            [
              'getCheckout',
              'addCheckoutBillingAddress',
              'addCheckoutConsignment',
              'updateCheckoutConsignment',
              'addCheckoutCoupon',
              'deleteCheckoutCoupon',
              'createOrder',
            ].map((op) => `checkouts.v3.yml#${op}`),
          )
          .concat(
            [
              'getOrders',
              'getOrdersCount',
              'getOrder',
              'updateOrder',
              'getOrderProducts',
              'getOrderShippingAddresses',
              'getOrderShipments',
              'createOrderShipments',
            ].map((op) => `orders.v2.oas2.yml#${op}`),
          )
          .concat(
            [
              'createPromotion',
              'getPromotion',
              'getPromotions',
              'updatePromotion',
              'deletePromotion',
              'createPromotionCode',
              'getPromotionCodes',
            ].map((op) => `promotions.v3.yml#${op}`),
          )
          .concat(['catalog/products_catalog.v3.yml#createProduct'])
          .concat(
            ['get-inventory-items', 'put-absolute-adjustment', 'post-relative-adjustment'].map(
              (op) => `inventory.v3.yml#${op}`,
            ),
          )
          .concat(
            ['getWebhooks', 'updateWebhook', 'getHooksAdmin', 'updateHooksAdmin'].map(
              (op) => `webhooks.v3.yml#${op}`,
            ),
          )
          .concat([
            'payments/access-tokens_payments.v3.yml#createPaymentAccessToken',
            'payments/accepted-methods_payments.v3.yml#getPaymentMethods',
            'payments/process_payments.yml#PaymentsPost',
          ]),
      ),
    );
  });
});

/**
 * What the corpus fails to exercise: every field of every type a query can reach, every field of
 * every input object, every enum value. A new field or filter fails here until a query uses it.
 */
function coverageGaps(graph: GraphQLSchema, queries: readonly string[]): string[] {
  const used = new Set<string>();
  const typeInfo = new TypeInfo(graph);
  for (const query of queries) {
    visit(
      parse(query),
      visitWithTypeInfo(typeInfo, {
        Field(node) {
          const parent = typeInfo.getParentType();
          if (parent) used.add(`${parent.name}.${node.name.value}`);
        },
        ObjectField(node) {
          const input = typeInfo.getParentInputType();
          const named = input && getNamedType(input);
          if (named) used.add(`${named.name}.${node.name.value}`);
        },
        EnumValue(node) {
          const input = typeInfo.getInputType();
          const named = input && getNamedType(input);
          if (named) used.add(`${named.name}.${node.value}`);
        },
      }),
    );
  }
  const expected: string[] = [];
  for (const type of reachableTypes(graph)) {
    if (isObjectType(type)) {
      for (const field of Object.keys(type.getFields())) expected.push(`${type.name}.${field}`);
    } else if (isInputObjectType(type)) {
      for (const field of Object.keys(type.getFields())) expected.push(`${type.name}.${field}`);
    } else if (isEnumType(type)) {
      // Output-only enums are covered by selecting their field; input enums need each value used.
      if (!usedAsInput(graph, type.name)) continue;
      for (const value of type.getValues()) expected.push(`${type.name}.${value.name}`);
    }
  }
  return expected.filter((name) => !used.has(name)).sort();
}

function reachableTypes(graph: GraphQLSchema) {
  const seen = new Map<string, GraphQLNamedType>();
  const queue: GraphQLNamedType[] = [graph.getQueryType()!];
  while (queue.length > 0) {
    const type = queue.pop()!;
    if (seen.has(type.name) || type.name.startsWith('__')) continue;
    seen.set(type.name, type);
    if (isInterfaceType(type)) queue.push(...graph.getPossibleTypes(type));
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        queue.push(getNamedType(field.type));
        for (const arg of field.args) queue.push(getNamedType(arg.type));
      }
    }
    if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) queue.push(getNamedType(field.type));
    }
  }
  return [...seen.values()];
}

function usedAsInput(graph: GraphQLSchema, name: string): boolean {
  return Object.values(graph.getTypeMap()).some(
    (type) =>
      (isInputObjectType(type) &&
        Object.values(type.getFields()).some((f) => getNamedType(f.type).name === name)) ||
      ((isObjectType(type) || isInterfaceType(type)) &&
        Object.values(type.getFields()).some((f) =>
          f.args.some((a) => getNamedType(a.type).name === name),
        )),
  );
}
