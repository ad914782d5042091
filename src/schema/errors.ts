import { builder } from './builder.js';

/**
 * An expected outcome of a mutation that is not a success: thrown by a resolver, answered as a
 * typed member of the field's result union (`@pothos/plugin-errors`), never as a GraphQL error.
 * Subclasses fix `code`; each is registered as an object type implementing `ErrorInterface`
 * (with `isTypeOf`, so the interface can tell them apart).
 */
export abstract class UserError extends Error {
  /** A stable SCREAMING_SNAKE word clients switch on; the message may change. */
  abstract readonly code: string;
  /** The input field the error is about (`input.refreshToken`), when there is one. */
  readonly field: string | null;

  constructor(message: string, options: { field?: string } = {}) {
    super(message);
    this.field = options.field ?? null;
  }
}

/** Every typed error implements it, so a client can always select `... on Error { message code }`. */
export const ErrorInterface = builder.interfaceRef<UserError>('Error').implement({
  description: 'An expected failure of a mutation, answered in its result instead of a success.',
  fields: (t) => ({
    message: t.exposeString('message', { description: 'What went wrong, for people.' }),
    code: t.exposeString('code', { description: 'What went wrong, for programs: stable.' }),
    field: t.exposeString('field', {
      nullable: true,
      description: 'The input field at fault (a dotted path such as `input.email`), if any.',
    }),
  }),
});

/** The options of an error's object type: it implements `Error` and is told apart by its class. */
export const errorTypeOptions = (
  errorClass: new (...args: never[]) => UserError,
  description: string,
) => ({
  description,
  interfaces: [ErrorInterface],
  isTypeOf: (value: unknown) => value instanceof errorClass,
});
