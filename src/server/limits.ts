import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerErrorCode } from '@apollo/server/errors';
import {
  GraphQLError,
  Kind,
  Lexer,
  Source,
  TokenKind,
  getNamedType,
  getNullableType,
  isListType,
  valueFromASTUntyped,
  isCompositeType,
  isInterfaceType,
  isObjectType,
  type ASTVisitor,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
  type GraphQLSchema,
  type DocumentNode,
  type OperationDefinitionNode,
} from 'graphql';
import { ErrorCode } from '../errors.js';
import { relayArgumentError } from './relay-arguments.js';

/**
 * Limits of every GraphQL request. All but `maxResponseBytes` are checked before anything is
 * resolved (so before any database work).
 */
export interface QueryLimits {
  /** Deepest nesting of fields, counting through fragments. */
  maxDepth: number;
  /** Aliased fields in one document. */
  maxAliases: number;
  /** Lexical tokens in one document (checked by the parser). */
  maxTokens: number;
  /** Directives used in one document. */
  maxDirectives: number;
  /**
   * Estimated cost: 1 per field; a paged field multiplies what it selects by `first`, a list
   * field without paging arguments by its assumed length (`listSizes`); checked with the
   * variables, in `inputGuardPlugin`.
   */
  maxCost: number;
  /**
   * Deepest nesting of brackets, braces and parentheses in a document (selections, arguments and
   * literal values together), and of lists and objects in its variables: checked in
   * `handleGraphQL` before the recursive parser and coercion of graphql-js see them.
   */
  maxNesting: number;
  /** Bytes of one answer: a larger one is not sent, the client gets RESPONSE_TOO_LARGE (in `handleGraphQL`). */
  maxResponseBytes: number;
}

export const defaultLimits: QueryLimits = {
  maxDepth: 12,
  maxAliases: 30,
  maxTokens: 5000,
  maxDirectives: 20,
  maxCost: 10000,
  maxNesting: 64,
  maxResponseBytes: 5_000_000,
};

/** Page size assumed for a paged field without `first`, and the largest page a client may ask for. */
export const defaultPage = 20;
export const maxPage = 100;

/**
 * Assumed length of list fields that take no `first`/`last` (which any client can make return all
 * rows): what the field returns at most in a realistic district. A list field not named here
 * counts as `defaultListSize`. Lists of scalars cost nothing extra (a field selecting nothing
 * multiplies nothing), and the `edges` of a connection are already counted by its page size.
 */
export const listSizes: Readonly<Record<string, number>> = {
  'Household.members': 20, // a household (户) has at most about 20 members
  'Resident.tags': 20,
  'Resident.tagAssignments': 20,
  'Query.tags': 200, // the tag list and the task list of a year: a few hundred each
  'Query.tasks': 300,
  'Query.sections': 500, // a committee per community, the street offices, the departments
  'Task.assistingSections': 10,
  'SavedReport.sharedWith': 20,
  'Query.districts': 3, // a hub serves one district
  'District.subdistricts': 40, // the largest districts have about 36 streets and towns
  'Subdistrict.communities': 50,
  'AssistTurnedLead.months': 25, // a period is at most two years
  'Report.columns': 11, // at most 4 dimensions and the 7 measures
  'Report.rows': 1000,
};
export const defaultListSize = 50;

const pagingArgs = new Set(['first', 'last']);

/** How many times a field repeats what it selects: its page size, its assumed list length, or 1. */
function multiplierOf(
  parent: GraphQLCompositeType | undefined,
  fieldDef: GraphQLField<unknown, unknown>,
  selection: FieldNode,
  variables: Record<string, unknown> | undefined,
): number {
  if (fieldDef.args.some((arg) => pagingArgs.has(arg.name))) {
    const given = selection.arguments?.find((arg) => pagingArgs.has(arg.name.value));
    if (given?.value.kind === Kind.INT)
      return Math.min(Math.max(Number(given.value.value), 0), maxPage);
    if (given?.value.kind === Kind.VARIABLE) {
      // A paging variable counts as its value (or its declared default), else the default page.
      const value = variables?.[given.value.name.value];
      return typeof value === 'number' ? Math.min(Math.max(value, 0), maxPage) : defaultPage;
    }
    return defaultPage;
  }
  // A connection's edges: the connection field above already multiplied by its page size.
  if (parent && isObjectType(parent) && parent.getFields().pageInfo) return 1;
  let multiplier = 1;
  // Each list level multiplies ([[T]] would count twice).
  for (
    let type = getNullableType(fieldDef.type);
    isListType(type);
    type = getNullableType(type.ofType)
  ) {
    multiplier *= listSizes[`${parent?.name}.${fieldDef.name}`] ?? defaultListSize;
  }
  return multiplier;
}

const envNames: Record<keyof QueryLimits, string> = {
  maxDepth: 'ONETABLE_MAX_DEPTH',
  maxAliases: 'ONETABLE_MAX_ALIASES',
  maxTokens: 'ONETABLE_MAX_TOKENS',
  maxDirectives: 'ONETABLE_MAX_DIRECTIVES',
  maxCost: 'ONETABLE_MAX_COST',
  maxNesting: 'ONETABLE_MAX_NESTING',
  maxResponseBytes: 'ONETABLE_MAX_RESPONSE_BYTES',
};

export function limitsFromEnv(env: NodeJS.ProcessEnv = process.env): QueryLimits {
  const limits = { ...defaultLimits };
  for (const key of Object.keys(envNames) as Array<keyof QueryLimits>) {
    const raw = env[envNames[key]];
    if (raw === undefined || raw === '') continue;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 1)
      throw new Error(`${envNames[key]} must be a positive integer, got "${raw}"`);
    limits[key] = value;
  }
  return limits;
}

const opening = new Set<string>([TokenKind.BRACE_L, TokenKind.BRACKET_L, TokenKind.PAREN_L]);
const closing = new Set<string>([TokenKind.BRACE_R, TokenKind.BRACKET_R, TokenKind.PAREN_R]);

/**
 * Whether a document nests brackets, braces and parentheses deeper than `maxNesting`, read with
 * graphql-js's lexer (iterative) over at most `maxTokens` + 1 tokens: a longer document fails
 * parsing on the token limit, after recursing no deeper than its first tokens go. A lexical
 * error ends the scan; the parser reports it.
 */
export function documentTooDeep(
  source: string,
  limits: Pick<QueryLimits, 'maxNesting' | 'maxTokens'>,
): boolean {
  const lexer = new Lexer(new Source(source));
  let depth = 0;
  for (let count = 0; count <= limits.maxTokens; count++) {
    let kind: string;
    try {
      kind = lexer.advance().kind;
    } catch {
      return false;
    }
    if (kind === TokenKind.EOF) return false;
    if (opening.has(kind) && ++depth > limits.maxNesting) return true;
    if (closing.has(kind)) depth--;
  }
  return false;
}

/** Whether a JSON value nests arrays and objects deeper than `limit` (iteratively: it may be very deep). */
export function jsonTooDeep(value: unknown, limit: number): boolean {
  const pending: Array<[unknown, number]> = [[value, 0]];
  while (pending.length > 0) {
    const [item, depth] = pending.pop()!;
    if (item === null || typeof item !== 'object') continue;
    if (depth + 1 > limit) return true;
    for (const inner of Object.values(item))
      if (inner !== null && typeof inner === 'object') pending.push([inner, depth + 1]);
  }
  return false;
}

function tooBig(limit: string, message: string, node?: FieldNode): GraphQLError {
  return new GraphQLError(message, { nodes: node ? [node] : undefined, extensions: { limit } });
}

const introspectionFields = new Set(['__schema', '__type']);

/** Depth and cost of a selection set; `seen` guards against fragment cycles (reported by another rule). */
function measure(
  schema: GraphQLSchema,
  fragments: Map<string, FragmentDefinitionNode>,
  variables: Record<string, unknown> | undefined,
  set: SelectionSetNode,
  parent: GraphQLCompositeType | undefined,
  seen: Set<string>,
  memo: Map<string, { depth: number; cost: number }> = new Map(),
): { depth: number; cost: number } {
  let depth = 0;
  let cost = 0;
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      // Introspection (`__schema`, `__type`) counts for neither depth nor cost: the standard
      // introspection query of GraphiQL and codegen nests 15 levels. graphql-js's own
      // MaxIntrospectionDepthRule bounds its cycles; production mode keeps it to the admin section.
      if (introspectionFields.has(selection.name.value)) continue;
      const fieldDef =
        parent && (isObjectType(parent) || isInterfaceType(parent))
          ? parent.getFields()[selection.name.value]
          : undefined;
      const child = fieldDef ? getNamedType(fieldDef.type) : undefined;
      const inner = selection.selectionSet
        ? measure(
            schema,
            fragments,
            variables,
            selection.selectionSet,
            child && isCompositeType(child) ? child : undefined,
            seen,
            memo,
          )
        : { depth: 0, cost: 0 };
      const multiplier = fieldDef ? multiplierOf(parent, fieldDef, selection, variables) : 1;
      depth = Math.max(depth, 1 + inner.depth);
      cost += 1 + multiplier * inner.cost;
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const typeName = selection.typeCondition?.name.value;
      const type = typeName ? schema.getType(typeName) : parent;
      const inner = measure(
        schema,
        fragments,
        variables,
        selection.selectionSet,
        type && isCompositeType(type) ? type : undefined,
        seen,
        memo,
      );
      depth = Math.max(depth, inner.depth);
      cost += inner.cost;
    } else {
      const name = selection.name.value;
      const fragment = fragments.get(name);
      if (!fragment || seen.has(name)) continue;
      // Each fragment is measured once per operation, so fragments spreading each other many
      // times (a "fragment bomb") cost linear, not exponential, time.
      let inner = memo.get(name);
      if (!inner) {
        const type = schema.getType(fragment.typeCondition.name.value);
        inner = measure(
          schema,
          fragments,
          variables,
          fragment.selectionSet,
          type && isCompositeType(type) ? type : undefined,
          new Set(seen).add(name),
          memo,
        );
        memo.set(name, inner);
      }
      depth = Math.max(depth, inner.depth);
      cost += inner.cost;
    }
  }
  return { depth, cost };
}

/**
 * One validation rule for depth, aliases, directives and NUL characters in literals. Errors carry
 * `extensions.limit` (`depth`, `aliases`, `directives`, `nul`); Apollo answers them with
 * code GRAPHQL_VALIDATION_FAILED and HTTP 400 before executing anything.
 */
export function limitRule(limits: QueryLimits): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const def of context.getDocument().definitions)
      if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
    let aliases = 0;
    let directives = 0;
    let reported = false;
    const report = (error: GraphQLError) => {
      if (!reported) context.reportError(error);
      reported = true;
    };

    return {
      StringValue(node) {
        if (node.value.includes('\u0000'))
          report(tooBig('nul', 'Strings may not contain the NUL character (U+0000)'));
      },
      Field(node) {
        if (node.alias && ++aliases > limits.maxAliases)
          report(tooBig('aliases', `Query uses more than ${limits.maxAliases} aliases`, node));
      },
      Directive() {
        if (++directives > limits.maxDirectives)
          report(tooBig('directives', `Query uses more than ${limits.maxDirectives} directives`));
      },
      OperationDefinition(node) {
        const root =
          node.operation === 'query'
            ? context.getSchema().getQueryType()
            : node.operation === 'mutation'
              ? context.getSchema().getMutationType()
              : context.getSchema().getSubscriptionType();
        const { depth } = measure(
          context.getSchema(),
          fragments,
          undefined,
          node.selectionSet,
          root ?? undefined,
          new Set(),
        );
        if (depth > limits.maxDepth)
          report(
            tooBig(
              'depth',
              `Query is nested ${depth} levels deep; the limit is ${limits.maxDepth} (setting ONETABLE_MAX_DEPTH; introspection fields do not count)`,
            ),
          );
      },
    };
  };
}

function hasNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (depth > 64 || value === null || typeof value !== 'object') return false;
  return Object.entries(value).some(
    ([key, inner]) => key.includes('\u0000') || hasNul(inner, depth + 1),
  );
}

/**
 * Refuses variables holding a NUL character (PostgreSQL text cannot store one, so it would
 * otherwise surface as a database error) with BAD_USER_INPUT and HTTP 400, before execution.
 */
/** Estimated cost of one operation with its variables (a paging variable counts as its value). */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables?: Record<string, unknown>,
): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions)
    if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  const root =
    operation.operation === 'query'
      ? schema.getQueryType()
      : operation.operation === 'mutation'
        ? schema.getMutationType()
        : schema.getSubscriptionType();
  // Declared defaults (`$recent: Int = 10`) count when the request leaves a variable out.
  const effective: Record<string, unknown> = {};
  for (const definition of operation.variableDefinitions ?? []) {
    if (definition.defaultValue)
      effective[definition.variable.name.value] = valueFromASTUntyped(definition.defaultValue);
  }
  Object.assign(effective, variables);
  return measure(schema, fragments, effective, operation.selectionSet, root ?? undefined, new Set())
    .cost;
}

/**
 * Before execution: refuses a query whose cost, with its variables, is over the limit
 * (GRAPHQL_VALIDATION_FAILED, `limit: "cost"`, HTTP 400), variables holding a NUL character, and
 * malformed global IDs of `node(id:)` and cursors (BAD_USER_INPUT, HTTP 400).
 */
export function inputGuardPlugin(limits: QueryLimits): ApolloServerPlugin {
  return {
    requestDidStart: async () => ({
      didResolveOperation: async ({ request, schema, document, operation }) => {
        const cost = operation ? operationCost(schema, document, operation, request.variables) : 0;
        if (cost > limits.maxCost) {
          throw new GraphQLError(
            `Query cost ${cost} exceeds the limit of ${limits.maxCost} (each field costs 1; a paged field multiplies what it selects by its page size, default ${defaultPage}, at most ${maxPage}; a list without paging by its assumed length, default ${defaultListSize})`,
            {
              extensions: {
                code: ApolloServerErrorCode.GRAPHQL_VALIDATION_FAILED,
                limit: 'cost',
                http: { status: 400 },
              },
            },
          );
        }
        if (hasNul(request.variables)) {
          throw new GraphQLError('Variables may not contain the NUL character (U+0000)', {
            extensions: { code: ErrorCode.BAD_USER_INPUT, http: { status: 400 } },
          });
        }
        const malformed = operation
          ? relayArgumentError(schema, document, operation, request.variables)
          : null;
        if (malformed) throw malformed;
      },
    }),
  };
}
