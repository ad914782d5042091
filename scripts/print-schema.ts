import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { schema } from '../src/schema/index.js';

/** The schema as committed in `schema.graphql`: sorted, so diffs show real changes only. */
export function printedSchema(): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const target = new URL('../schema.graphql', import.meta.url);
  writeFileSync(target, printedSchema());
  process.stdout.write(`wrote ${fileURLToPath(target)}\n`);
}
