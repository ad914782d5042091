import type { ExecutionResult } from 'graphql';

/**
 * Whether an answer may be kept and handed to other callers (the whole-response cache, a CDN):
 * none of its fields failed, and none was served stale (`extensions.cache`), so it is the answer
 * anyone would get now. Whose answer it is (`isPublicViewer`) is the other half of the rule.
 */
export function isShareableAnswer(result: ExecutionResult): boolean {
  return !result.errors?.length && result.extensions?.cache === undefined;
}
