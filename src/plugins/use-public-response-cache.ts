import { createHash } from 'node:crypto';
import {
  type DocumentNode,
  type GraphQLSchema,
  getNamedType,
  isAbstractType,
  isCompositeType,
  Kind,
  TypeInfo,
  visit,
  visitWithTypeInfo,
} from 'graphql';
import type { Plugin, YogaInitialContext } from 'graphql-yoga';
import type { CacheStore } from '../cache/cache.js';
import { responseKey, responseTypeTag } from '../cache/keys.js';
import type { Context } from '../context.js';
import { answerClassOf, asksOnlyPublicFields, isShareableAnswer } from './shareable-answer.js';

export interface PublicResponseCacheOptions {
  store: CacheStore;
  storeHash: string;
  /** How long a whole answer is kept. */
  ttlMs: number;
  /** Shared with the fast path's recorder; one of its own by default. */
  answerTags?: AnswerTagger;
  /** Told whether each cacheable request was a hit (metrics). */
  onLookup?: (outcome: 'hit' | 'miss') => void;
}

/**
 * Caches whole answers to queries of public catalog fields, keyed by the query text, variables,
 * operation name and the viewer's answer class (`answerClassOf`: viewers holding the same scopes
 * share answers). Each answer is tagged with every GraphQL type its query can return (read from
 * the document, not the result, which keeps the cold path cheap), and the invalidator evicts by
 * type. Answers with errors, or built from stale entities, are not kept.
 */
export function usePublicResponseCache(options: PublicResponseCacheOptions): Plugin {
  const { store, storeHash, ttlMs } = options;
  const answerTags = options.answerTags ?? createAnswerTagger(storeHash);
  return {
    async onExecute({ args, setResultAndStopExecution }) {
      const document: DocumentNode = args.document;
      const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
      const context = args.contextValue as Partial<YogaInitialContext & Context>;
      if (operation?.operation !== 'query' || !context.request || !context.params?.query) return;
      if (!context.viewer) return;
      // A cart, an order, `me`: someone's, or changed by every write, so never shared.
      if (!asksOnlyPublicFields(document, context.params.operationName)) return;

      const key = responseKey(storeHash, digest(context.params, answerClassOf(context.viewer)));
      const [cached] = await store.mget([key]).catch(() => [undefined]);
      options.onLookup?.(cached === undefined ? 'miss' : 'hit');
      if (cached !== undefined) {
        setResultAndStopExecution(JSON.parse(cached));
        return;
      }
      return {
        onExecuteDone({ result }) {
          if (Symbol.asyncIterator in result) return;
          if (!isShareableAnswer(result)) return;
          const tags = answerTags(args.schema, document);
          // Awaited, so an invalidation that follows this answer also evicts it; never throws.
          return store.mset([{ key, value: JSON.stringify(result), ttlMs, tags }]).catch(() => {});
        },
      };
    },
  };
}

function digest(params: YogaInitialContext['params'], answerClass: string): string {
  return createHash('sha256')
    .update(answerClass)
    .update('\0')
    .update(params.query ?? '')
    .update('\0')
    .update(JSON.stringify(params.variables ?? {}))
    .update('\0')
    .update(params.operationName ?? '')
    .digest('base64url');
}

/** The tags a whole answer to a document is kept under: one per type it can contain. */
export type AnswerTagger = (schema: GraphQLSchema, document: DocumentNode) => string[];

/** An `AnswerTagger` for one store, memoized per document. */
export function createAnswerTagger(storeHash: string): AnswerTagger {
  const tagsByDocument = new WeakMap<DocumentNode, string[]>();
  return (schema: GraphQLSchema, document: DocumentNode): string[] => {
    let tags = tagsByDocument.get(document);
    if (!tags) {
      tags = typesOf(schema, document).map((t) => responseTypeTag(storeHash, t));
      tagsByDocument.set(document, tags);
    }
    return tags;
  };
}

/** Every object type an answer to `document` can contain (abstract types expand to their members). */
export function typesOf(schema: GraphQLSchema, document: DocumentNode): string[] {
  const names = new Set<string>();
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field() {
        const type = typeInfo.getType();
        const named = type ? getNamedType(type) : undefined;
        if (!named || !isCompositeType(named)) return;
        const members = isAbstractType(named) ? schema.getPossibleTypes(named) : [named];
        for (const member of members) names.add(member.name);
      },
    }),
  );
  return [...names].sort();
}
