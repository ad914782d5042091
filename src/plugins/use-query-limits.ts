import { createComplexityRule } from '@pothos/plugin-complexity';
import { type DocumentNode, type ExecutionArgs, GraphQLError, validate } from 'graphql';
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
  // Costs depend on the document and its variables only (no field cost reads the context), and
  // Yoga hands the same document object to every request of the same text: measure each
  // (document, operation, variables) once, not on every request.
  const measured = new WeakMap<DocumentNode, Map<string, Measured>>();
  return {
    onExecute({ args, setResultAndStopExecution }) {
      let byVariables = measured.get(args.document);
      if (!byVariables) {
        byVariables = new Map();
        measured.set(args.document, byVariables);
      }
      const key = `${args.operationName ?? ''}\0${JSON.stringify(args.variableValues ?? {})}`;
      let result = byVariables.get(key);
      if (!result) {
        result = measure(args, limits);
        if (byVariables.size >= MAX_MEASURED_PER_DOCUMENT) byVariables.clear();
        byVariables.set(key, result);
      }
      if (args.contextValue && result.cost !== undefined) {
        costs.set(args.contextValue as object, result.cost);
      }
      if (result.errors.length > 0) setResultAndStopExecution({ errors: result.errors });
    },
  };
}

interface Measured {
  readonly errors: readonly GraphQLError[];
  readonly cost: number | undefined;
}

/** Distinct variable sets remembered per document; past it the memo starts over. */
const MAX_MEASURED_PER_DOCUMENT = 64;

function measure(args: ExecutionArgs, limits: Limits): Measured {
  const probe = {};
  const errors = limitErrors({ ...args, contextValue: probe }, limits);
  return { errors, cost: costs.get(probe) };
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
