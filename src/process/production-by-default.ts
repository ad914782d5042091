// Imported first by entry points. An unset NODE_ENV means production to the gateway (`config.ts`),
// and it must to its libraries too, which read it once, when they load: outside production,
// graphql-js backs every failed `instanceof` on the execution path with a cross-realm name check.
process.env.NODE_ENV ??= 'production';
