import type { EntityManager } from '@mikro-orm/postgresql';
import { ReferenceKind, type EntityMetadata } from '@mikro-orm/core';
import type { ListQuery } from './pagination';
import type { FieldSelection } from './selection';
import { fieldsOf } from './selection';

/**
 * Read paths map SQL rows straight onto instances of the entity classes, without MikroORM's
 * identity map and change tracking: those cost about half of the hub's CPU on list queries, and
 * nothing read here is written back (writes load entities through the EntityManager).
 *
 * A `RowShape` knows an entity's columns (from MikroORM's metadata, so it follows the entities)
 * and which many-to-one references may be joined into the same statement. Given the GraphQL
 * selection, a `RowPlan` reads only the columns and joins that selection needs (PostGraphile's
 * look-ahead, in small). A joined reference arrives as a loaded instance; any other reference is
 * a stub holding only the primary key.
 */
const LOADED = Symbol('loaded from a row');

type Instance = Record<string | symbol, unknown>;
type Class<T> = { new (...args: never[]): T; prototype: T };
type Row = Record<string, unknown>;

export interface JoinSpec {
  /** The entity property, e.g. "country"; also the GraphQL field that shows it unless `field` says otherwise. */
  prop: string;
  /** The GraphQL field that shows the reference, when it is not named like the property (e.g. "owner" for ownerUnit). */
  field?: string;
  shape: RowShape<object>;
  /** Outer join when the reference is nullable. */
  optional?: boolean;
}

interface Column {
  prop: string;
  field: string;
  /** For a many-to-one: the target's primary key property. */
  refKey?: string;
  /** For a many-to-one whose selection needs nothing but the key: builds the target from it. */
  fromKey?: (key: unknown) => object;
  /** A timestamp: the driver hands it over as PostgreSQL's text (MikroORM's setting); entities hold a Date. */
  timestamp?: boolean;
}

interface Resolved {
  meta: EntityMetadata;
  columns: Column[];
  proto: object;
}

/** Which columns and joins one selection needs; SQL fragments and row keys are cached per alias. */
export class RowPlan<T extends object> {
  private readonly byAlias = new Map<string, { keys: string[]; joinAliases: string[]; select?: string; joinSql?: string }>();

  constructor(
    private readonly resolved: Resolved,
    readonly columns: Column[],
    readonly joins: Array<{ spec: JoinSpec; plan: RowPlan<object> }>,
  ) {}

  private aliases(alias: string) {
    let entry = this.byAlias.get(alias);
    if (!entry) {
      entry = {
        keys: this.columns.map((column) => `${alias}.${column.field}`),
        joinAliases: this.joins.map((_join, index) => `${alias}_${index}`),
      };
      this.byAlias.set(alias, entry);
    }
    return entry;
  }

  /** `alias.column "alias.column"` for this entity and every joined one (joined aliases: `<alias>_<n>`). */
  select(alias: string): string {
    const cached = this.aliases(alias);
    if (cached.select === undefined) {
      const own = this.columns.map((column) => `${alias}.${column.field} "${alias}.${column.field}"`);
      this.joins.forEach((join, index) => own.push(join.plan.select(cached.joinAliases[index])));
      cached.select = own.join(', ');
    }
    return cached.select;
  }

  /**
   * The JOIN clauses that bring in the joined references of `alias`. Under an outer join every
   * nested join is outer too: a missing optional reference must not drop its parent row.
   */
  joinSql(alias: string, outer = false): string {
    const cached = this.aliases(alias);
    if (!outer && cached.joinSql !== undefined) return cached.joinSql;
    const { meta } = this.resolved;
    const { joinAliases } = cached;
    let sql = '';
    this.joins.forEach(({ spec, plan }, index) => {
      const prop = meta.properties[spec.prop as keyof typeof meta.properties] as { fieldNames: string[]; targetMeta?: EntityMetadata };
      const target = prop.targetMeta!;
      const joined = joinAliases[index];
      const leftJoin = outer || spec.optional === true;
      sql +=
        ` ${leftJoin ? 'left join' : 'join'} ${target.tableName} ${joined}` +
        ` on ${joined}.${target.properties[target.primaryKeys[0]].fieldNames[0]} = ${alias}.${prop.fieldNames[0]}` +
        plan.joinSql(joined, leftJoin);
    });
    if (!outer) cached.joinSql = sql;
    return sql;
  }

  /** An instance of the entity class from the columns `select(alias)` produced. */
  map(row: Row, alias: string): T {
    const { keys, joinAliases } = this.aliases(alias);
    const { columns } = this;
    const instance = Object.create(this.resolved.proto) as Instance;
    for (let i = 0; i < columns.length; i++) {
      const value = row[keys[i]];
      const { refKey, fromKey, timestamp } = columns[i];
      if (timestamp) instance[columns[i].prop] = typeof value === 'string' ? new Date(value) : value;
      else if (refKey === undefined) instance[columns[i].prop] = value;
      else if (value == null) instance[columns[i].prop] = null;
      else instance[columns[i].prop] = fromKey ? fromKey(value) : { [refKey]: value };
    }
    for (let i = 0; i < this.joins.length; i++) {
      const prop = this.joins[i].spec.prop;
      if (instance[prop] != null) instance[prop] = this.joins[i].plan.map(row, joinAliases[i]);
    }
    return instance as T;
  }
}

export interface RowShapeOptions {
  /** References that may be joined into the same statement. A thunk: shapes may refer to later ones. */
  joins?: () => JoinSpec[];
  /** GraphQL fields computed from other columns, e.g. `name` from nameEn and nameZh. */
  fieldColumns?: Record<string, string[]>;
  /**
   * GraphQL fields answered from the primary key alone (the key itself, the global id). A
   * reference whose selection asks for nothing else is built from the foreign key, not joined.
   */
  keyFields?: string[];
}

export class RowShape<T extends object> {
  private resolved?: Resolved;
  private joinList?: JoinSpec[];
  private fullPlan?: RowPlan<T>;
  private readonly plans = new WeakMap<object, RowPlan<T>>();

  constructor(
    readonly entity: Class<T>,
    private readonly options: RowShapeOptions = {},
  ) {}

  private joinSpecs(): JoinSpec[] {
    return (this.joinList ??= this.options.joins?.() ?? []);
  }

  private resolve(em: EntityManager): Resolved {
    if (!this.resolved) {
      const meta = em.getMetadata().get(this.entity.name);
      const columns: Column[] = [];
      for (const prop of meta.props) {
        if (prop.persist === false || !prop.fieldNames?.length) continue;
        if (prop.kind === ReferenceKind.SCALAR) {
          const timestamp = prop.runtimeType === 'Date' || /^(datetime|timestamp)/i.test(String(prop.columnTypes?.[0] ?? prop.type));
          columns.push({ prop: prop.name, field: prop.fieldNames[0], ...(timestamp ? { timestamp } : {}) });
        }
        else if (prop.kind === ReferenceKind.MANY_TO_ONE) {
          columns.push({ prop: prop.name, field: prop.fieldNames[0], refKey: prop.targetMeta!.primaryKeys[0] });
        }
      }
      // MikroORM puts accessors for references on the entity prototype; plain data properties on
      // an intermediate prototype let rows be filled by simple assignment, still `instanceof` the entity.
      const descriptors: PropertyDescriptorMap = { [LOADED]: { value: true } };
      for (const column of columns) descriptors[column.prop] = { value: undefined, writable: true, enumerable: true };
      this.resolved = { meta, columns, proto: Object.create(this.entity.prototype, descriptors) };
    }
    return this.resolved;
  }

  /** True when `selection` asks this type for nothing its primary key does not give. */
  answeredByKey(em: EntityManager, selection: FieldSelection): boolean {
    const { meta } = this.resolve(em);
    const answered = new Set(['__typename', ...meta.primaryKeys, ...(this.options.keyFields ?? [])]);
    return [...selection.fields.keys()].every((field) => answered.has(field));
  }

  /** A loaded instance holding only the primary key (for selections `answeredByKey`). */
  fromKey(em: EntityManager, key: unknown): T {
    const { meta, proto } = this.resolve(em);
    const instance = Object.create(proto) as Instance;
    instance[meta.primaryKeys[0]] = key;
    return instance as T;
  }

  /**
   * The plan for a selection (the fields asked of this type), or every column and join without
   * one. Plans are cached per selection: Apollo reuses parsed documents, so their nodes are stable.
   */
  plan(em: EntityManager, selection?: FieldSelection): RowPlan<T> {
    const resolved = this.resolve(em);
    if (!selection) {
      return (this.fullPlan ??= new RowPlan<T>(
        resolved,
        resolved.columns,
        this.joinSpecs().map((spec) => ({ spec, plan: spec.shape.plan(em) as RowPlan<object> })),
      ));
    }
    const cached = this.plans.get(selection.key);
    if (cached) return cached;
    const wanted = new Set<string>(resolved.meta.primaryKeys);
    for (const field of selection.fields.keys()) {
      for (const prop of this.options.fieldColumns?.[field] ?? [field]) wanted.add(prop);
    }
    const joins: Array<{ spec: JoinSpec; plan: RowPlan<object> }> = [];
    const keyOnly = new Map<string, (key: unknown) => object>();
    for (const spec of this.joinSpecs()) {
      const nodes = selection.fields.get(spec.field ?? spec.prop);
      if (!nodes) continue;
      wanted.add(spec.prop);
      const sub = fieldsOf(nodes, selection.fragments);
      // `country { code }` needs no join: the foreign key is the code.
      if (spec.shape.answeredByKey(em, sub)) keyOnly.set(spec.prop, (key) => spec.shape.fromKey(em, key));
      else joins.push({ spec, plan: spec.shape.plan(em, sub) });
    }
    const columns = resolved.columns
      .filter((column) => wanted.has(column.prop))
      .map((column) => (keyOnly.has(column.prop) ? { ...column, fromKey: keyOnly.get(column.prop) } : column));
    const plan = new RowPlan<T>(resolved, columns, joins);
    this.plans.set(selection.key, plan);
    return plan;
  }

  /**
   * A list query over this entity's table as `alias`, reading what `selection` needs, with no
   * conditions yet; and the mapper for its rows.
   */
  listQuery(em: EntityManager, alias: string, selection?: FieldSelection): { query: ListQuery; map: (row: Row) => T } {
    const plan = this.plan(em, selection);
    const query: ListQuery = {
      from: `${this.resolve(em).meta.tableName} ${alias}`,
      alias,
      columns: plan.select(alias),
      joins: plan.joinSql(alias),
      where: [],
      params: [],
    };
    return { query, map: (row) => plan.map(row, alias) };
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
