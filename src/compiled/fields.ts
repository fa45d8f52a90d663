import {
  Kind,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type SelectionSetNode,
} from 'graphql';
import { Unsupported } from './select.js';

export type Fragments = Record<string, FragmentDefinitionNode>;

/** graphql-js' field collection for one object type, without directives (they fall back). */
export function collectFields(
  type: GraphQLObjectType,
  sets: readonly SelectionSetNode[],
  fragments: Fragments,
  into = new Map<string, FieldNode[]>(),
): Map<string, FieldNode[]> {
  for (const set of sets) {
    for (const selection of set.selections) {
      if (selection.directives?.length) throw new Unsupported('directive');
      if (selection.kind === Kind.FIELD) {
        const key = selection.alias?.value ?? selection.name.value;
        into.set(key, [...(into.get(key) ?? []), selection]);
        continue;
      }
      const fragment =
        selection.kind === Kind.FRAGMENT_SPREAD ? fragments[selection.name.value] : selection;
      if (!fragment) throw new Unsupported('fragment');
      const condition = fragment.typeCondition?.name.value;
      if (condition !== undefined && condition !== type.name) throw new Unsupported('abstract');
      collectFields(type, [fragment.selectionSet], fragments, into);
    }
  }
  return into;
}
