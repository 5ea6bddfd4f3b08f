import type { EntityManager } from '@mikro-orm/postgresql';
import { ReferenceKind, type EntityMetadata } from '@mikro-orm/core';

/**
 * Read paths map SQL rows straight onto instances of the entity classes, without MikroORM's
 * identity map and change tracking: those cost about half of the hub's CPU on list queries, and
 * nothing read here is written back (writes load entities through the EntityManager).
 *
 * A `RowShape` knows an entity's columns (from MikroORM's metadata, so it follows the entities)
 * and which many-to-one references to join in the same statement. A joined reference arrives as
 * a loaded instance; any other reference is a stub holding only the primary key.
 */
const LOADED = Symbol('loaded from a row');

type Instance = Record<string | symbol, unknown>;
type Class<T> = { new (...args: never[]): T; prototype: T };

export interface JoinSpec {
  /** The entity property, e.g. "country". */
  prop: string;
  shape: RowShape<object>;
  /** Outer join when the reference is nullable. */
  optional?: boolean;
}

interface Column {
  prop: string;
  field: string;
  /** For a many-to-one: the target's primary key property. */
  refKey?: string;
}

export class RowShape<T extends object> {
  private columns?: Column[];
  private meta?: EntityMetadata;
  private proto?: object;
  private readonly keysByAlias = new Map<string, string[]>();

  private joinList?: JoinSpec[];

  /** `joins` is a thunk so that shapes may refer to shapes declared after them. */
  constructor(
    readonly entity: Class<T>,
    private readonly joins_: () => JoinSpec[] = () => [],
  ) {}

  private joinSpecs(): JoinSpec[] {
    return (this.joinList ??= this.joins_());
  }

  private resolve(em: EntityManager): { meta: EntityMetadata; columns: Column[]; proto: object } {
    if (!this.columns || !this.meta || !this.proto) {
      const meta = em.getMetadata().get(this.entity.name);
      const columns: Column[] = [];
      for (const prop of meta.props) {
        if (prop.persist === false || !prop.fieldNames?.length) continue;
        if (prop.kind === ReferenceKind.SCALAR) columns.push({ prop: prop.name, field: prop.fieldNames[0] });
        else if (prop.kind === ReferenceKind.MANY_TO_ONE) {
          columns.push({ prop: prop.name, field: prop.fieldNames[0], refKey: prop.targetMeta!.primaryKeys[0] });
        }
      }
      // MikroORM puts accessors for references on the entity prototype; plain data properties on
      // an intermediate prototype let rows be filled by simple assignment, still `instanceof` the entity.
      const descriptors: PropertyDescriptorMap = { [LOADED]: { value: true } };
      for (const column of columns) descriptors[column.prop] = { value: undefined, writable: true, enumerable: true };
      this.proto = Object.create(this.entity.prototype, descriptors);
      this.meta = meta;
      this.columns = columns;
    }
    return { meta: this.meta, columns: this.columns, proto: this.proto! };
  }

  private keys(alias: string, columns: Column[]): string[] {
    let keys = this.keysByAlias.get(alias);
    if (!keys) this.keysByAlias.set(alias, (keys = columns.map((column) => `${alias}__${column.field}`)));
    return keys;
  }

  /** `alias.column as "alias__column"` for this entity and every joined one. */
  select(em: EntityManager, alias: string): string {
    const own = this.resolve(em).columns.map((column) => `${alias}.${column.field} as "${alias}__${column.field}"`);
    for (const join of this.joinSpecs()) own.push(join.shape.select(em, `${alias}_${join.prop}`));
    return own.join(', ');
  }

  /** The JOIN clauses that bring in the joined references of `alias`. */
  joins(em: EntityManager, alias: string): string {
    const { meta } = this.resolve(em);
    let sql = '';
    for (const join of this.joinSpecs()) {
      const prop = meta.properties[join.prop as keyof typeof meta.properties] as { fieldNames: string[]; targetMeta?: EntityMetadata };
      const target = prop.targetMeta!;
      const joined = `${alias}_${join.prop}`;
      sql +=
        ` ${join.optional ? 'left join' : 'join'} ${target.tableName} ${joined}` +
        ` on ${joined}.${target.properties[target.primaryKeys[0]].fieldNames[0]} = ${alias}.${prop.fieldNames[0]}` +
        join.shape.joins(em, joined);
    }
    return sql;
  }

  /** What a list query over `alias` needs: its select list, its joins and the row mapper. */
  forList(em: EntityManager, alias: string): { columns: string; joins: string; map: (row: Record<string, unknown>) => T } {
    return { columns: this.select(em, alias), joins: this.joins(em, alias), map: (row) => this.map(em, row, alias) };
  }

  /** An instance of the entity class from the columns `select(alias)` produced. */
  map(em: EntityManager, row: Record<string, unknown>, alias: string): T {
    const { columns, proto } = this.resolve(em);
    const keys = this.keys(alias, columns);
    const instance = Object.create(proto) as Instance;
    for (let i = 0; i < columns.length; i++) {
      const value = row[keys[i]];
      const refKey = columns[i].refKey;
      instance[columns[i].prop] = refKey === undefined ? value : value == null ? null : { [refKey]: value };
    }
    for (const join of this.joinSpecs()) {
      if (instance[join.prop] != null) instance[join.prop] = join.shape.map(em, row, `${alias}_${join.prop}`);
    }
    return instance as T;
  }
}

/** True for an instance mapped from a row (not a key-only stub). */
export function isLoaded<T extends object>(value: unknown, entity: Class<T>): value is T {
  return value != null && (value as Instance)[LOADED] === true && value instanceof entity;
}

/** The key a reference (stub or loaded instance) points at. */
export function refKey<K extends string | number = number>(ref: unknown): K | null {
  if (ref == null) return null;
  const object = ref as { id?: K; code?: K };
  return (object.id ?? object.code ?? null) as K | null;
}

/**
 * A many-to-one field: the joined instance when the row brought it, otherwise the loader.
 * Returning synchronously spares graphql-js a promise per object.
 */
export function resolveRef<T extends object, K extends string | number>(
  ref: unknown,
  entity: Class<T>,
  load: (key: K) => Promise<T | null>,
): T | Promise<T | null> | null {
  if (isLoaded(ref, entity)) return ref;
  const key = refKey<K>(ref);
  return key == null ? null : load(key);
}
