import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { withQueryExcerpt } from '../../scripts/print-schema.js';

describe('README.md', () => {
  it('shows the root fields exactly as the schema has them (run `npm run schema:print`)', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    expect(readme).toBe(withQueryExcerpt(readme));
  });
});
