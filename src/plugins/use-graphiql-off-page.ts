import type { Plugin } from 'graphql-yoga';

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>BigCommerce GraphQL gateway</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; line-height: 1.5">
<h1>BigCommerce GraphQL gateway</h1>
<p>This is a GraphQL endpoint: send queries with <code>POST</code> (JSON body) or <code>GET</code>
(<code>?query=</code>).</p>
<p>GraphiQL, the in-browser IDE, is off on this server. Start the gateway with
<code>NODE_ENV=development</code> to turn it on, or run <code>npm run demo</code>.</p>
</body></html>
`;

/**
 * With GraphiQL off, a browser opening the endpoint would get a blank 406 (it asks for HTML, and
 * no query was given). Tell the person what this is and how to get GraphiQL instead.
 */
export function useGraphiqlOffPage(graphqlPath: string): Plugin {
  return {
    onRequest({ request, url, endResponse, fetchAPI }) {
      if (request.method !== 'GET' || url.pathname !== graphqlPath) return;
      if (url.searchParams.has('query') || url.searchParams.has('extensions')) return;
      if (url.searchParams.has('documentId')) return;
      if (!request.headers.get('accept')?.includes('text/html')) return;
      endResponse(
        new fetchAPI.Response(PAGE, {
          status: 200,
          headers: { 'content-type': 'text/html; charset=utf-8' },
        }),
      );
    },
  };
}
