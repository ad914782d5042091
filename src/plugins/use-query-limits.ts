import { createComplexityRule } from '@pothos/plugin-complexity';
import { type ExecutionArgs, GraphQLError, validate } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { QUERY_LIMITS } from '../schema/query-cost.js';

type Limits = { [K in keyof typeof QUERY_LIMITS]: number };
type Measure = keyof Limits;

/** Each measured operation's cost, by its context (the rate limiter weighs requests by it). */
const costs = new WeakMap<object, number>();

/** The cost `useQueryLimits` measured for the operation running with `context`, once it has. */
export function operationCostOf(context: object): number | undefined {
  return costs.get(context);
}

/**
 * Measures each operation once, before anything executes, with the schema's field costs
 * (`src/schema/query-cost.ts`), and refuses it with one `QUERY_TOO_COMPLEX` error per limit it
 * exceeds. It runs at execution rather than validation because costs depend on variables
 * (`first: $n`), and Yoga caches validation results by document alone.
 *
 * @param limits the largest depth, breadth and cost allowed. @default QUERY_LIMITS
 */
export function useQueryLimits(limits: Limits = QUERY_LIMITS): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const errors = limitErrors(args, limits);
      if (errors.length > 0) setResultAndStopExecution({ errors });
    },
  };
}

/** The reasons to refuse the operation: exceeded limits, or arguments its cost cannot be read from. */
export function limitErrors(args: ExecutionArgs, limits: Limits): readonly GraphQLError[] {
  const exceeded: GraphQLError[] = [];
  const rule = createComplexityRule({
    context: (args.contextValue ?? {}) as object,
    variableValues: args.variableValues ?? {},
    operationName: args.operationName,
    validate: (measured) => {
      if (args.contextValue) costs.set(args.contextValue as object, measured.complexity);
      for (const measure of ['depth', 'breadth', 'complexity'] as const) {
        if (measured[measure] > limits[measure]) {
          exceeded.push(tooComplex(measure, measured[measure], limits[measure]));
        }
      }
    },
  });
  try {
    // Errors other than exceeded limits (bad variables, say) mean the cost is unknown: refuse too.
    const unmeasurable = validate(args.schema, args.document, [rule]);
    return [...unmeasurable, ...exceeded];
  } catch (error) {
    // An argument mapper (a malformed global id in `nodes(ids:)`) refused its input.
    if (error instanceof GraphQLError) return [error];
    throw error;
  }
}

const NAMES: Record<Measure, string> = { depth: 'depth', breadth: 'breadth', complexity: 'cost' };

function tooComplex(measure: Measure, value: number, max: number): GraphQLError {
  return new GraphQLError(`Query ${NAMES[measure]} ${value} exceeds the limit of ${max}.`, {
    extensions: {
      code: 'QUERY_TOO_COMPLEX',
      measure: NAMES[measure],
      value,
      max,
      http: { status: 400 },
    },
  });
}
