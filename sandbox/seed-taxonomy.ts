import type { Brand, Category, CategoryTree } from './model.js';
import { type Random, slugify } from './prng.js';

const BRAND_NAMES = [
  'Acme',
  'Northwind',
  'Sagaform',
  'OFS',
  'Common Good',
  'Fog Linen',
  'Kinfolk',
  'Iittala',
  'Hario',
  'Chemex',
  'Le Parfait',
  'Bodum',
  'Muji',
  'Stelton',
  'Tivoli',
  'Lodge',
  'Opinel',
  'Hay',
  'Ferm Living',
  'Normann',
];

const DEPARTMENTS: Record<string, Record<string, string[]>> = {
  Kitchen: {
    Cookware: ['Pans', 'Pots'],
    Tableware: ['Plates', 'Glasses'],
    Coffee: ['Brewers'],
    Cutlery: ['Knives', 'Spoons'],
  },
  Garden: { Tools: ['Pruners', 'Trowels'], Planters: ['Pots & Vases'], Lighting: ['Lanterns'] },
  Bath: { Towels: ['Hand Towels', 'Bath Sheets'], Soaps: ['Bars'], Robes: [] },
  Apparel: {
    Shirts: ['Tees', 'Oxfords'],
    Outerwear: ['Jackets', 'Raincoats'],
    Shoes: [],
    Accessories: ['Hats', 'Bags'],
  },
  Publications: { Books: ['Cookbooks'], Magazines: [] },
};

export function seedBrands(random: Random): Brand[] {
  return BRAND_NAMES.map((name, index) => ({
    id: index + 1,
    name,
    page_title: random.chance(0.5) ? name : '',
    meta_keywords: [slugify(name)],
    meta_description: `${name} products.`,
    image_url: '',
    search_keywords: slugify(name).replace(/-/g, ', '),
    custom_url: { url: `/brands/${slugify(name)}.html`, is_customized: false },
  }));
}

export const seedTrees = (): CategoryTree[] => [{ id: 1, name: 'Default', channels: [1] }];

const uuidFor = (id: number): string =>
  `00000000-0000-4000-8000-${id.toString(16).padStart(12, '0')}`;

/** A three-level tree (departments, sections, aisles) in tree 1; ids follow creation order. */
export function seedCategories(random: Random): Category[] {
  const categories: Category[] = [];
  const add = (name: string, parent: Category | undefined, sortOrder: number): Category => {
    const id = categories.length + 1;
    const path = `${parent ? parent.custom_url.url : '/'}${slugify(name)}/`;
    const category: Category = {
      id,
      category_uuid: uuidFor(id),
      tree_id: 1,
      parent_id: parent?.id ?? 0,
      name,
      description: `<p>${name}</p>`,
      views: random.int(0, 5000),
      sort_order: sortOrder,
      page_title: '',
      meta_keywords: [],
      meta_description: '',
      layout_file: 'category.html',
      image_url: '',
      // Hidden categories exercise `is_visible` filters without hiding a whole department.
      is_visible: parent === undefined || random.chance(0.9),
      search_keywords: '',
      default_product_sort: 'use_store_settings',
      custom_url: { url: path, is_customized: false },
    };
    categories.push(category);
    return category;
  };
  Object.entries(DEPARTMENTS).forEach(([department, sections], d) => {
    const top = add(department, undefined, d);
    Object.entries(sections).forEach(([section, aisles], s) => {
      const middle = add(section, top, s);
      aisles.forEach((aisle, a) => {
        add(aisle, middle, a);
      });
    });
  });
  return categories;
}
