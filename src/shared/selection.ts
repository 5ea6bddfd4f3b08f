import { Kind, type FieldNode, type FragmentDefinitionNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

type Fragments = Record<string, FragmentDefinitionNode>;

/**
 * The fields a query asks of one object type, by field name, with their nodes (for looking
 * further down). `key` identifies the selection for caching: a node of the parsed document.
 * Fragments are followed whatever their type condition: at worst a few more columns are read.
 */
export interface FieldSelection {
  key: object;
  fields: Map<string, FieldNode[]>;
  fragments: Fragments;
}

function collect(selectionSet: SelectionSetNode | undefined, fragments: Fragments, into: Map<string, FieldNode[]>, seen: Set<string>) {
  if (!selectionSet) return;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      const list = into.get(selection.name.value);
      if (list) list.push(selection);
      else into.set(selection.name.value, [selection]);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      collect(selection.selectionSet, fragments, into, seen);
    } else if (!seen.has(selection.name.value)) {
      seen.add(selection.name.value);
      collect(fragments[selection.name.value]?.selectionSet, fragments, into, seen);
    }
  }
}

/** The fields selected under `nodes` (all of them asking for the same object). */
export function fieldsOf(nodes: readonly FieldNode[], fragments: Fragments): FieldSelection {
  const fields = new Map<string, FieldNode[]>();
  const seen = new Set<string>();
  for (const node of nodes) collect(node.selectionSet, fragments, fields, seen);
  return { key: nodes[0], fields, fragments };
}

// A connection field of a parsed (and cached) document always selects the same node fields.
const nodeSelections = new WeakMap<FieldNode, FieldSelection>();

/** The fields asked of each node of a Relay connection: `edges { node { … } }`. */
export function connectionNodeSelection(info: GraphQLResolveInfo): FieldSelection {
  let selection = nodeSelections.get(info.fieldNodes[0]);
  if (!selection) {
    selection = collectNodeSelection(info);
    if (info.fieldNodes.length === 1) nodeSelections.set(info.fieldNodes[0], selection);
  }
  return selection;
}

function collectNodeSelection(info: GraphQLResolveInfo): FieldSelection {
  const connection = fieldsOf(info.fieldNodes, info.fragments);
  const edges = connection.fields.get('edges');
  if (!edges) return { key: info.fieldNodes[0], fields: new Map(), fragments: info.fragments };
  const node = fieldsOf(edges, info.fragments).fields.get('node');
  if (!node) return { key: edges[0], fields: new Map(), fragments: info.fragments };
  return fieldsOf(node, info.fragments);
}
