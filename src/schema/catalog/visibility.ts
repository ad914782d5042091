import { GraphQLError } from 'graphql';
import { hasScope } from '../../auth/viewer.js';
import type { Context } from '../../context.js';
import type { BcProduct } from '../../datasources/schemas/catalog.js';

/** Hidden products are for keys holding `catalog:read_hidden` (internal keys hold every scope). */
export function seesHiddenProducts(ctx: Context): boolean {
  return hasScope(ctx.viewer, 'catalog:read_hidden');
}

/**
 * A hidden product as everyone else sees it: not there at all, exactly like an id that does not
 * exist, so its existence is not told either.
 */
export function visibleProduct<T extends Pick<BcProduct, 'is_visible'>>(
  ctx: Context,
  product: T | null | undefined,
): T | null {
  if (!product) return null;
  return product.is_visible === false && !seesHiddenProducts(ctx) ? null : product;
}

/**
 * The `is_visible` a listing asks for: visible by default; asking for hidden ones (or both, with
 * `isVisible: null` spelled out) needs the scope, and is refused rather than silently narrowed.
 */
export function listingVisibility(ctx: Context, isVisible: boolean | null | undefined): boolean {
  if (isVisible === undefined || isVisible === null || isVisible === true) return true;
  if (!seesHiddenProducts(ctx)) {
    throw new GraphQLError('Listing hidden products needs the catalog:read_hidden scope.', {
      extensions: { code: 'FORBIDDEN' },
    });
  }
  return false;
}

/** For reads outside the root fields' `authScopes` (`node(id:)`): FORBIDDEN without the scope. */
export function requireCatalogRead(ctx: Context): void {
  if (!hasScope(ctx.viewer, 'catalog:read')) {
    throw new GraphQLError('Not allowed to read the catalog (needs the catalog:read scope).', {
      extensions: { code: 'FORBIDDEN' },
    });
  }
}
