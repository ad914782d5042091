import type { BcBrand, BcProduct, BcTreeCategory } from '../../datasources/schemas/catalog.js';
import { builder } from '../builder.js';

// Declared apart from their implementations: products, brands and categories refer to each other.
export const ProductRef = builder.objectRef<BcProduct>('Product');
export const BrandRef = builder.objectRef<BcBrand>('Brand');
export const CategoryRef = builder.objectRef<BcTreeCategory>('Category');
