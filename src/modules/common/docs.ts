import SchemaBuilder, {
  BasePlugin,
  type PothosOutputFieldConfig,
  type SchemaTypes,
} from '@pothos/core';

/**
 * Descriptions of what the Relay plugin generates (the Node interface, PageInfo, connections,
 * edges and their arguments), passed to the builder's `relay` options. Together with the module
 * files they give every public type, field, argument and enum value a description; a test fails
 * when one has none (tests/schema/descriptions.test.ts).
 */
export const relayDocs = {
  nodeTypeOptions: {
    description:
      'An object with a global ID (Relay). Any node can be fetched again with `node(id:)`.',
  },
  idFieldOptions: {
    description:
      'Global ID: opaque and stable; pass it back to `node(id:)` or to arguments expecting this type',
  },
  nodeQueryOptions: {
    description:
      'Any object by its global ID; null when it does not exist or is outside your jurisdiction',
    args: { id: { description: 'Global ID of the object' } },
  },
  pageInfoTypeOptions: {
    description:
      'Where a page of a connection sits in the whole list, and the cursors to fetch its neighbours.',
  },
  hasNextPageFieldOptions: {
    description: 'More results follow: fetch them with `after: endCursor`',
  },
  hasPreviousPageFieldOptions: {
    description: 'Results precede this page: fetch them with `before: startCursor`',
  },
  startCursorFieldOptions: {
    description: 'Cursor of the first edge of the page; null when the page is empty',
  },
  endCursorFieldOptions: {
    description: 'Cursor of the last edge of the page; null when the page is empty',
  },
  defaultConnectionTypeOptions: {
    description:
      'One page of a list (Relay cursor connection): its edges, where it sits and the total count.',
  },
  defaultEdgeTypeOptions: {
    description: 'One result on a page, with the cursor that points at it.',
  },
  edgesFieldOptions: { description: 'The results on this page, in list order' },
  pageInfoFieldOptions: { description: 'Whether more pages exist, and the cursors to fetch them' },
  nodeFieldOptions: { description: 'The result itself' },
  cursorFieldOptions: {
    description: 'Opaque position of this result: pass it as `after` or `before`',
  },
  firstArgOptions: { description: 'Return the first n results (default 20, at most 100)' },
  afterArgOptions: {
    description:
      'Start after the result with this cursor (`pageInfo.endCursor` of the previous page)',
  },
  lastArgOptions: { description: 'Return the last n results (default 20, at most 100)' },
  beforeArgOptions: { description: 'End before the result with this cursor' },
} as const;

const totalCountDescription =
  'Number of all results matching the arguments, on every page together';

/**
 * Fills in descriptions for fields that plugins generate without a way to describe them: today
 * the Prisma plugin's `totalCount` on connections. It changes descriptions only.
 */
export class ContractDocsPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override onOutputFieldConfig(
    fieldConfig: PothosOutputFieldConfig<Types>,
  ): PothosOutputFieldConfig<Types> {
    if (fieldConfig.description || !fieldConfig.extensions?.pothosPrismaTotalCount)
      return fieldConfig;
    return { ...fieldConfig, description: totalCountDescription };
  }
}

declare global {
  export namespace PothosSchemaTypes {
    export interface Plugins<Types extends SchemaTypes> {
      contractDocs: ContractDocsPlugin<Types>;
    }
  }
}

export const contractDocsPlugin = 'contractDocs';
SchemaBuilder.registerPlugin(contractDocsPlugin, ContractDocsPlugin);
