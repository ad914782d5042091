import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Stack, startStack } from '../helpers/stack.js';

// GraphiQL as a person uses it: a real Chromium loads the page, which must work offline (bundled
// assets), pass CSRF and CORS checks, introspect the schema and run a query.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available && process.env.CI) throw new Error(`CI needs Chromium at ${CHROMIUM}`);
if (!available) console.warn(`skipping GraphiQL browser test: no Chromium at ${CHROMIUM}`);

const QUERY = '{ products(first: 2) { totalCount edges { node { name } } } }';
let stack: Stack;
let browser: Browser;

describe.skipIf(!available)('GraphiQL in headless Chromium', () => {
  beforeAll(async () => {
    stack = await startStack({
      sandbox: { products: 30 },
      env: { NODE_ENV: 'development' },
      deps: { graphiqlDefaultQuery: QUERY },
    });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('opens, runs a query and shows the answer, with nothing fetched from the internet', async () => {
    const page = await browser.newPage();
    const outside: string[] = [];
    page.on('request', (request) => {
      // Workers load from blob:/data: URLs; anything on the network must be this gateway.
      const url = new URL(request.url());
      if (/^(https?|wss?):$/.test(url.protocol) && url.hostname !== '127.0.0.1') {
        outside.push(request.url());
      }
    });
    await page.goto(stack.endpoint);
    await page
      .locator('.graphiql-query-editor .monaco-editor')
      .first()
      .waitFor({ timeout: 20_000 });
    await page.locator('.graphiql-execute-button').click();
    const result = page.locator('.graphiql-response');
    await expect
      .poll(async () => result.textContent(), { timeout: 20_000 })
      .toContain('totalCount');
    const text = await result.textContent();
    expect(text).not.toContain('errors');
    expect(outside).toEqual([]);
  }, 60_000);
});
