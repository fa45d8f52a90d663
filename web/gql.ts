import {
  Kind,
  parse,
  print,
  visit,
  type DefinitionNode,
  type FragmentDefinitionNode,
} from 'graphql';
import fragments from '../schema/operations/fragments.graphql';
import mutations from '../schema/operations/mutations.graphql';
import residents from '../schema/operations/residents.graphql';
import geo from '../schema/operations/geo.graphql';
import web from '../schema/operations/web.graphql';
import { sessionHeaders } from './session.js';

/**
 * The app runs only operations of schema/operations/ (the trusted operations), each sent as the
 * operation and the fragments it uses, so ONETABLE_TRUSTED_OPERATIONS=1 keeps working.
 */
const definitions = [fragments, mutations, residents, geo, web].flatMap(
  (text) => parse(text).definitions,
);
const fragmentMap = new Map<string, FragmentDefinitionNode>();
for (const d of definitions)
  if (d.kind === Kind.FRAGMENT_DEFINITION) fragmentMap.set(d.name.value, d);

export function documentOf(name: string): string {
  const operation = definitions.find(
    (d) => d.kind === Kind.OPERATION_DEFINITION && d.name?.value === name,
  );
  if (!operation) throw new Error(`no operation ${name} in schema/operations/`);
  const used = new Map<string, FragmentDefinitionNode>();
  const pending: DefinitionNode[] = [operation];
  while (pending.length > 0) {
    visit(pending.pop()!, {
      FragmentSpread(node) {
        const fragment = fragmentMap.get(node.name.value);
        if (fragment && !used.has(node.name.value)) {
          used.set(node.name.value, fragment);
          pending.push(fragment);
        }
      },
    });
  }
  return [operation, ...used.values()].map((d) => print(d)).join('\n');
}

export interface GqlError {
  message: string;
  path?: Array<string | number>;
  extensions?: { code?: string; rule?: string; field?: string };
}

export class RequestFailed extends Error {
  constructor(readonly errors: GqlError[]) {
    super(errors.map((e) => e.message).join('; '));
  }
}

/** Runs a trusted operation; field errors come back beside the data (a withheld field is one). */
export async function gql<T = unknown>(
  operationName: string,
  variables: Record<string, unknown> = {},
  purpose?: string | null,
): Promise<{ data: T; errors: GqlError[] }> {
  const res = await fetch('/graphql', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', ...sessionHeaders(purpose) },
    body: JSON.stringify({ query: documentOf(operationName), operationName, variables }),
  });
  const body = (await res.json()) as { data?: T | null; errors?: GqlError[] };
  if (!body.data) throw new RequestFailed(body.errors ?? [{ message: `HTTP ${res.status}` }]);
  return { data: body.data, errors: body.errors ?? [] };
}

/** Downloads a saved report's export (CSV or XLSX) through the session. */
export async function downloadExport(
  id: string,
  format: 'csv' | 'xlsx',
  purpose: string | null,
  name: string,
): Promise<void> {
  const res = await fetch(`/reports/${encodeURIComponent(id)}/export?format=${format}`, {
    credentials: 'same-origin',
    headers: sessionHeaders(purpose),
  });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { errors?: GqlError[] } | null;
    throw new RequestFailed(body?.errors ?? [{ message: `HTTP ${res.status}` }]);
  }
  const url = URL.createObjectURL(await res.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = `${name}.${format}`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
