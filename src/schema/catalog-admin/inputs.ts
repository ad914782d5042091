import { z } from 'zod';
import type { NewProductVariant, ProductChanges } from '../../datasources/catalog-writes.js';
import { builder, type SchemaTypes } from '../builder.js';
import { ProductType } from '../catalog/enums.js';

/** A price as the graph writes it: a non-negative `Decimal` with at most 4 fraction digits. */
const priceSchema = z
  .string()
  .regex(/^\d{1,12}(\.\d{1,4})?$/, 'must be a non-negative amount such as "12.50"');
const entityId = z.number().int().positive('must be a positive entity id');
const stockSchema = z.number().int().min(0).max(2_147_483_647);
const nameSchema = z.string().trim().min(1, 'is required').max(250);
const skuSchema = z.string().trim().min(1, 'is required').max(255);
const keySchema = z.string().min(8, 'must be at least 8 characters').max(128).nullish();

/** The upstream number of a validated decimal: exact for the digits it allows. */
const amount = (decimal: string): number => Number(decimal);

const VariantOptionValueInput = builder.inputType('VariantOptionValueInput', {
  description: 'One option value of a new variant, by name (the option is made when new).',
  fields: (t) => ({
    optionDisplayName: t.string({
      required: true,
      description: 'The option, e.g. `Size`.',
      validate: z.string().trim().min(1).max(255),
    }),
    label: t.string({
      required: true,
      description: 'The value, e.g. `Large`.',
      validate: z.string().trim().min(1).max(255),
    }),
  }),
});

const CreateProductVariantInput = builder.inputType('CreateProductVariantInput', {
  description: 'A variant made with its product.',
  fields: (t) => ({
    sku: t.string({
      required: true,
      description: 'Unique over products and variants.',
      validate: skuSchema,
    }),
    price: t.field({
      type: 'Decimal',
      required: false,
      description: 'Its own price; the product’s when left out.',
      validate: priceSchema.nullish(),
    }),
    inventoryLevel: t.int({
      required: false,
      description: 'Stock.',
      validate: stockSchema.nullish(),
    }),
    options: t.field({
      type: [VariantOptionValueInput],
      required: false,
      description: 'Its option values (none for a product without options).',
      validate: z.array(z.unknown()).max(10).nullish(),
    }),
  }),
});

/** The optional fields both product inputs take. */
const optionalProductFields = (
  t: PothosSchemaTypes.InputFieldBuilder<
    PothosSchemaTypes.ExtendDefaultTypes<SchemaTypes>,
    'InputObject'
  >,
) => ({
  sku: t.string({
    required: false,
    description: 'Unique over products and variants.',
    validate: skuSchema.nullish(),
  }),
  salePrice: t.field({
    type: 'Decimal',
    required: false,
    description: 'The sale price; `"0"` removes it.',
    validate: priceSchema.nullish(),
  }),
  isVisible: t.boolean({ required: false, description: 'Shown on the storefront.' }),
  categoryEntityIds: t.intList({
    required: false,
    description: 'Its categories (they must exist).',
    validate: z.array(entityId).max(1000).nullish(),
  }),
  brandEntityId: t.int({
    required: false,
    description: 'Its brand (it must exist).',
    validate: entityId.nullish(),
  }),
  inventoryLevel: t.int({
    required: false,
    description: 'Stock, tracked on the product.',
    validate: stockSchema.nullish(),
  }),
});

export const CreateProductInput = builder.inputType('CreateProductInput', {
  description: 'A new product, in the graph’s own names.',
  fields: (t) => ({
    name: t.string({ required: true, description: 'Unique in the store.', validate: nameSchema }),
    type: t.field({ type: ProductType, required: true, description: 'Physical or digital.' }),
    price: t.field({
      type: 'Decimal',
      required: true,
      description: 'The default (list) price, in the store currency.',
      validate: priceSchema,
    }),
    weight: t.float({
      required: true,
      description: 'Weight, in the store’s unit.',
      validate: z.number().min(0),
    }),
    ...optionalProductFields(t),
    variants: t.field({
      type: [CreateProductVariantInput],
      required: false,
      description: 'Its variants; none gives it one base variant with its own SKU.',
      validate: z.array(z.unknown()).max(600).nullish(),
    }),
    idempotencyKey: t.string({
      required: false,
      description:
        'A retry with the same key returns the first call’s product instead of making another.',
      validate: keySchema,
    }),
  }),
});

export const UpdateProductInput = builder.inputType('UpdateProductInput', {
  description: 'The product and the fields to change; fields left out stay as they are.',
  fields: (t) => ({
    entityId: t.int({ required: true, description: 'BigCommerce product id.', validate: entityId }),
    name: t.string({
      required: false,
      description: 'Unique in the store.',
      validate: nameSchema.nullish(),
    }),
    type: t.field({ type: ProductType, required: false, description: 'Physical or digital.' }),
    price: t.field({
      type: 'Decimal',
      required: false,
      description: 'The default (list) price.',
      validate: priceSchema.nullish(),
    }),
    weight: t.float({
      required: false,
      description: 'Weight.',
      validate: z.number().min(0).nullish(),
    }),
    ...optionalProductFields(t),
  }),
});

export const UpdateVariantInput = builder.inputType('UpdateVariantInput', {
  description: 'The variant and the fields to change; fields left out stay as they are.',
  fields: (t) => ({
    productEntityId: t.int({
      required: true,
      description: 'Its product’s id.',
      validate: entityId,
    }),
    variantEntityId: t.int({
      required: true,
      description: 'BigCommerce variant id.',
      validate: entityId,
    }),
    sku: t.string({
      required: false,
      description: 'Unique over products and variants.',
      validate: skuSchema.nullish(),
    }),
    price: t.field({
      type: 'Decimal',
      required: false,
      description: 'Its own price.',
      validate: priceSchema.nullish(),
    }),
    salePrice: t.field({
      type: 'Decimal',
      required: false,
      description: 'Its sale price; `"0"` removes it.',
      validate: priceSchema.nullish(),
    }),
    inventoryLevel: t.int({
      required: false,
      description: 'Stock.',
      validate: stockSchema.nullish(),
    }),
    purchasingDisabled: t.boolean({ required: false, description: 'Not for sale.' }),
  }),
});

/** The product fields an input sets, in BigCommerce's names; fields left out (or null) are not sent. */
export interface ProductFieldsInput {
  name?: string | null;
  sku?: string | null;
  type?: 'physical' | 'digital' | null;
  price?: string | null;
  salePrice?: string | null;
  weight?: number | null;
  isVisible?: boolean | null;
  categoryEntityIds?: readonly number[] | null;
  brandEntityId?: number | null;
  inventoryLevel?: number | null;
}

export function toProductChanges(input: ProductFieldsInput): ProductChanges {
  const changes: ProductChanges = {};
  if (input.name != null) changes.name = input.name;
  if (input.sku != null) changes.sku = input.sku;
  if (input.type != null) changes.type = input.type;
  if (input.price != null) changes.price = amount(input.price);
  if (input.salePrice != null) changes.sale_price = amount(input.salePrice);
  if (input.weight != null) changes.weight = input.weight;
  if (input.isVisible != null) changes.is_visible = input.isVisible;
  if (input.categoryEntityIds != null) changes.categories = [...input.categoryEntityIds];
  if (input.brandEntityId != null) changes.brand_id = input.brandEntityId;
  if (input.inventoryLevel != null) {
    changes.inventory_level = input.inventoryLevel;
    changes.inventory_tracking = 'product';
  }
  return changes;
}

export interface VariantInput {
  sku: string;
  price?: string | null;
  inventoryLevel?: number | null;
  options?: readonly { optionDisplayName: string; label: string }[] | null;
}

export function toNewVariant(input: VariantInput): NewProductVariant {
  const variant: NewProductVariant = { sku: input.sku };
  if (input.price != null) variant.price = amount(input.price);
  if (input.inventoryLevel != null) variant.inventory_level = input.inventoryLevel;
  if (input.options?.length) {
    variant.option_values = input.options.map((o) => ({
      option_display_name: o.optionDisplayName,
      label: o.label,
    }));
  }
  return variant;
}

export { amount };
