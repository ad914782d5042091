import type { BcImage } from '../../datasources/schemas/catalog.js';
import { builder } from '../builder.js';

/** BigCommerce's fixed renditions of a product image, smallest first, with their nominal widths. */
const RENDITIONS: readonly { key: keyof BcImage; width: number }[] = [
  { key: 'url_tiny', width: 44 },
  { key: 'url_thumbnail', width: 220 },
  { key: 'url_standard', width: 386 },
  { key: 'url_zoom', width: 1280 },
];

/** The smallest rendition at least `width` wide (the largest when none is), else the standard one. */
export function imageUrlFor(image: BcImage, width: number | null | undefined): string | null {
  const available = RENDITIONS.filter(
    (r) => typeof image[r.key] === 'string' && image[r.key] !== '',
  );
  if (available.length === 0) return null;
  const pick =
    width == null
      ? (available.find((r) => r.key === 'url_standard') ?? available.at(-1)!)
      : (available.find((r) => r.width >= width) ?? available.at(-1)!);
  return image[pick.key] as string;
}

export const Image = builder.objectRef<BcImage>('Image').implement({
  description: 'A product image served by the BigCommerce CDN.',
  fields: (t) => ({
    entityId: t.int({ description: 'BigCommerce image id.', resolve: (o) => o.id }),
    url: t.string({
      nullable: true,
      description:
        'The URL of the smallest rendition at least `width` pixels wide (44, 220, 386 or 1280); the standard rendition without `width`.',
      args: { width: t.arg.int({ required: false, description: 'Wanted width in pixels.' }) },
      resolve: (image, args) => imageUrlFor(image, args.width),
    }),
    altText: t.string({
      description: 'Alternative text (the image description); empty when none.',
      resolve: (image) => image.description ?? '',
    }),
    isThumbnail: t.boolean({
      description: 'Whether this is the product’s thumbnail (default) image.',
      resolve: (image) => image.is_thumbnail ?? false,
    }),
    sortOrder: t.int({
      description: 'Position among the product’s images.',
      resolve: (i) => i.sort_order ?? 0,
    }),
  }),
});
