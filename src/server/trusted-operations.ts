import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  Kind,
  parse,
  print,
  visit,
  type DefinitionNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
} from 'graphql';

/** The operations internal clients may send: the SDK's, in `schema/operations/` of the package. */
export const operationsDir = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'schema',
  'operations',
);

/**
 * The hash that identifies an operation whatever its formatting: SHA-256 of the operation and
 * the fragments it uses (transitively), printed by graphql-js, fragments sorted by name.
 * Comments, whitespace and unused definitions do not change it.
 */
export function operationHash(
  operation: OperationDefinitionNode,
  fragments: Map<string, FragmentDefinitionNode>,
): string {
  const used = new Map<string, FragmentDefinitionNode>();
  const pending: DefinitionNode[] = [operation];
  while (pending.length > 0) {
    visit(pending.pop()!, {
      FragmentSpread(node) {
        const fragment = fragments.get(node.name.value);
        if (fragment && !used.has(fragment.name.value)) {
          used.set(fragment.name.value, fragment);
          pending.push(fragment);
        }
      },
    });
  }
  const sorted = [...used.values()].sort((a, b) => a.name.value.localeCompare(b.name.value));
  const text = [operation, ...sorted].map((d) => print(d)).join('\n');
  return createHash('sha256').update(text).digest('hex');
}

function fragmentsOf(documents: DocumentNode[]): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const doc of documents)
    for (const def of doc.definitions)
      if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  return fragments;
}

/** An operation of `schema/operations/`, with the fragments it uses, and its hash. */
export interface KnownOperation {
  name: string;
  hash: string;
  operation: OperationDefinitionNode;
  document: DocumentNode;
}

/** Reads the operations of the `.graphql` files of `dir`. */
export async function readOperations(dir = operationsDir): Promise<KnownOperation[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.graphql')).sort();
  const documents = await Promise.all(
    files.map(async (f) => parse(await readFile(path.join(dir, f), 'utf8'))),
  );
  const fragments = fragmentsOf(documents);
  const known: KnownOperation[] = [];
  for (const doc of documents) {
    for (const def of doc.definitions) {
      if (def.kind !== Kind.OPERATION_DEFINITION) continue;
      const definitions = [def, ...fragments.values()];
      known.push({
        name: def.name?.value ?? '(anonymous)',
        hash: operationHash(def, fragments),
        operation: def,
        document: { kind: Kind.DOCUMENT, definitions },
      });
    }
  }
  return known;
}

/** Builds the allow list from the `.graphql` files of `dir`: operation hash → operation name. */
export async function loadTrustedOperations(dir = operationsDir): Promise<Map<string, string>> {
  return trustedOperationsOf(await readOperations(dir), dir);
}

/** The allow list of read operations: operation hash → operation name. */
export function trustedOperationsOf(
  known: readonly KnownOperation[],
  dir = operationsDir,
): Map<string, string> {
  const trusted = new Map(known.map((o) => [o.hash, o.name]));
  if (trusted.size === 0)
    throw new Error(
      `no operations found in ${dir}: trusted-operations mode would refuse everything`,
    );
  return trusted;
}

/** The hash of an operation of a parsed document (see operationHash). */
export function documentOperationHash(
  document: DocumentNode,
  operation: OperationDefinitionNode,
): string {
  return operationHash(operation, fragmentsOf([document]));
}

/** The hash of the operation a request would run, or null when the source does not parse to one. */
export function requestedOperationHash(
  source: string,
  operationName: string | null | undefined,
  maxTokens: number,
): string | null {
  let document: DocumentNode;
  try {
    document = parse(source, { maxTokens });
  } catch {
    return null;
  }
  const operations = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  const operation = operationName
    ? operations.find((o) => o.name?.value === operationName)
    : operations.length === 1
      ? operations[0]
      : undefined;
  return operation ? operationHash(operation, fragmentsOf([document])) : null;
}

/** The query text and operation name of a GraphQL-over-HTTP request (JSON body or GET parameters). */
export function requestedSource(
  method: string,
  body: unknown,
  search: URLSearchParams,
): { query: unknown; operationName: unknown } {
  if (method === 'GET')
    return { query: search.get('query'), operationName: search.get('operationName') };
  const record =
    typeof body === 'object' && body !== null && !Array.isArray(body)
      ? (body as Record<string, unknown>)
      : {};
  return { query: record.query, operationName: record.operationName };
}

/**
 * Trusted-operations mode: whether a request's operation is on the allow list. Checked before the
 * request reaches Apollo, so a refused one is neither authenticated, parsed for execution nor
 * validated: it is answered OPERATION_NOT_TRUSTED (HTTP 400). A request without a query text (a
 * persisted-query hash alone) is refused too: its operation cannot be checked.
 */
export function trustedScreen(trusted: Map<string, string>, maxTokens: number) {
  return (request: { query: unknown; operationName: unknown }): boolean => {
    if (typeof request.query !== 'string') return false;
    const name =
      typeof request.operationName === 'string' && request.operationName !== ''
        ? request.operationName
        : null;
    const hash = requestedOperationHash(request.query, name, maxTokens);
    return hash !== null && trusted.has(hash);
  };
}
