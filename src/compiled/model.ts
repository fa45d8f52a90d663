import { getDatamodel } from '../generated/pothos-types.js';

/**
 * The Prisma data model as the compiled read path needs it: each model's table, its columns
 * (with their Prisma types) and its relations as SQL joins. Names come from the generated
 * client's own data model (`@@map`/`@map`), relations from the Pothos data model; nothing is
 * written by hand per model.
 */
export interface Column {
  column: string;
  /** Prisma type: Int, String, DateTime, Boolean, an enum name, … */
  type: string;
  kind: 'scalar' | 'enum';
}

export interface Relation {
  target: string;
  isList: boolean;
  /** Join: `target.<targetColumn> = self.<selfColumn>`. */
  selfColumn: string;
  targetColumn: string;
}

export interface Model {
  name: string;
  table: string;
  idField: string;
  columns: Map<string, Column>;
  relations: Map<string, Relation>;
}

interface RuntimeModel {
  dbName: string | null;
  fields: Array<{ name: string; kind: string; type: string; dbName?: string | null }>;
}

let models: Map<string, Model> | undefined;

/** Prisma's runtime data model, held by every client (`_runtimeDataModel`). */
export function useClientModel(client: unknown): void {
  if (models) return;
  const runtime = (client as { _runtimeDataModel?: { models: Record<string, RuntimeModel> } })
    ._runtimeDataModel?.models;
  if (!runtime)
    throw new Error(
      'Prisma internals changed: the client has no _runtimeDataModel (compiled reads)',
    );
  models = build(runtime);
}

export function modelOf(name: string): Model | undefined {
  return models?.get(name);
}

function build(runtime: Record<string, RuntimeModel>): Map<string, Model> {
  const pothos = getDatamodel().datamodel.models;
  const built = new Map<string, Model>();
  for (const [name, model] of Object.entries(runtime)) {
    const columns = new Map<string, Column>();
    for (const f of model.fields)
      if (f.kind === 'scalar' || f.kind === 'enum')
        columns.set(f.name, { column: f.dbName ?? f.name, type: f.type, kind: f.kind });
    const ids = pothos[name]?.fields.filter((f) => f.isId) ?? [];
    built.set(name, {
      name,
      table: model.dbName ?? name,
      idField: ids.length === 1 ? ids[0]!.name : '',
      columns,
      relations: new Map(),
    });
  }
  for (const [name, model] of Object.entries(pothos)) {
    const self = built.get(name);
    if (!self) continue;
    for (const f of model.fields) {
      if (f.kind !== 'object' || !f.relationName) continue;
      const target = built.get(f.type);
      if (!target) continue;
      const from = f.relationFromFields ?? [];
      if (from.length === 1) {
        // The foreign key is here; every relation of the schema references the target's id.
        if (target.idField)
          self.relations.set(f.name, {
            target: f.type,
            isList: false,
            selfColumn: self.columns.get(from[0]!)!.column,
            targetColumn: target.columns.get(target.idField)!.column,
          });
        continue;
      }
      const back = pothos[f.type]?.fields.find(
        (o) => o.relationName === f.relationName && (o.relationFromFields ?? []).length === 1,
      );
      if (!back || back === f || !self.idField) continue;
      self.relations.set(f.name, {
        target: f.type,
        isList: f.isList,
        selfColumn: self.columns.get(self.idField)!.column,
        targetColumn: target.columns.get(back.relationFromFields![0]!)!.column,
      });
    }
  }
  return built;
}
