import { GraphQLError, isScalarType, Kind } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../../../src/schema/index.js';

const decimal = schema.getType('Decimal');
if (!isScalarType(decimal)) throw new Error('the schema has no Decimal scalar');

const codeOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error instanceof GraphQLError ? error.extensions.code : 'not a GraphQLError';
  }
  return 'accepted';
};

describe('the Decimal scalar', () => {
  it('answers decimal strings and refuses to answer a number, which went through a float', () => {
    expect(decimal.serialize('12.50')).toBe('12.50');
    expect(() => decimal.serialize(12.5)).toThrow(/decimal strings/);
    expect(() => decimal.serialize(0.1 + 0.2)).toThrow(/decimal strings/);
    expect(() => decimal.serialize('1e3')).toThrow(/decimal strings/);
  });

  it('takes decimal strings in, and refuses anything else with BAD_USER_INPUT', () => {
    expect(decimal.parseValue('-0.5')).toBe('-0.5');
    expect(decimal.parseLiteral({ kind: Kind.STRING, value: '10.50' })).toBe('10.50');
    for (const value of [10.5, 10, true, null, {}, '1e3', '.5', '10,50', ' 1']) {
      expect(
        codeOf(() => decimal.parseValue(value)),
        JSON.stringify(value),
      ).toBe('BAD_USER_INPUT');
    }
    expect(codeOf(() => decimal.parseLiteral({ kind: Kind.FLOAT, value: '10.5' }))).toBe(
      'BAD_USER_INPUT',
    );
    expect(codeOf(() => decimal.parseLiteral({ kind: Kind.INT, value: '10' }))).toBe(
      'BAD_USER_INPUT',
    );
  });
});
