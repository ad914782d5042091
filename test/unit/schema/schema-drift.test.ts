import { readFileSync } from 'node:fs';
import {
  type GraphQLInterfaceType,
  type GraphQLNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { printedSchema } from '../../../scripts/print-schema.js';
import {
  PERSONAL_QUERY_FIELDS,
  PUBLIC_QUERY_FIELDS,
} from '../../../src/plugins/shareable-answer.js';
import { NODE_TYPES } from '../../../src/schema/global-id.js';
import { schema } from '../../../src/schema/index.js';

describe('schema.graphql', () => {
  it('matches the schema printed from the code (run `npm run schema:print`)', () => {
    const committed = readFileSync(new URL('../../../schema.graphql', import.meta.url), 'utf8');
    expect(committed).toBe(printedSchema());
  });

  it('knows every type that implements Node when decoding global ids', () => {
    const node = schema.getType('Node');
    expect(node && isInterfaceType(node)).toBe(true);
    const implementations = schema
      .getPossibleTypes(node as GraphQLInterfaceType)
      .map((t) => t.name);
    expect([...NODE_TYPES].sort()).toEqual(implementations.sort());
  });

  it('classifies every root query field as public (shareable) or personal', () => {
    const fields = Object.keys(schema.getQueryType()?.getFields() ?? {}).sort();
    expect([...PUBLIC_QUERY_FIELDS, ...PERSONAL_QUERY_FIELDS].sort()).toEqual(fields);
  });

  it('describes every type, field, argument and enum value', () => {
    const missing: string[] = [];
    const own = (type: GraphQLNamedType) => !type.name.startsWith('__');
    for (const type of Object.values(schema.getTypeMap()).filter(own)) {
      if (['String', 'Int', 'Float', 'Boolean', 'ID'].includes(type.name)) continue;
      if (!type.description) missing.push(type.name);
      if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description) missing.push(`${type.name}.${field.name}`);
          for (const arg of 'args' in field ? field.args : []) {
            if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
          }
        }
      }
      if (isEnumType(type)) {
        for (const value of type.getValues()) {
          if (!value.description) missing.push(`${type.name}.${value.name}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});
