import type { DBCore, DBCoreCursor, DBCoreIndex, DBCoreKeyRange, DBCoreMutateRequest, DBCoreTable, Middleware } from 'dexie';
import type { LibraryKeys } from '../safety/library-key';
import { keyedTerm, openBytes, SealBroken, sealValue } from '../safety/sealed';

/**
 * The protected library's storage (issue 25; docs/SECURITY.md, "A protected library: the
 * design"): a Dexie middleware under every table, so that the rest of the code reads and writes
 * plain records while IndexedDB holds only sealed ones. A stored row keeps its keys and indexed
 * fields, words and addresses turned into keyed terms (times and counts as they are), and the
 * whole record sealed in `$sealed`. Reads open the record and check that its keyed fields are the
 * row's: a row whose seal was moved from another row does not open.
 *
 * What an index of keyed terms cannot answer is refused, loudly, never answered wrongly: a range
 * over words or addresses (a prefix, `anyOf`, which walks a range) and listing an index's keys.
 * Not yet wired into the library: the tests run it over the real schema.
 */

/** What a keyed field holds: kept apart, so that a tag and a word of the same spelling differ. */
export type TermKind = 'address' | 'tag' | 'word' | 'hash';

/**
 * Per table, the fields that are keys or indexed and say what the user read: each is stored as a
 * keyed term. The fields of a key or index not named here (times, counts, import ids) stay as they
 * are. Tables not named (the signing key, settings) are stored as they are.
 */
export const KEYED_FIELDS: Record<string, Record<string, TermKind>> = {
  pages: { url: 'address', tags: 'tag' },
  snapshots: { id: 'hash', pageUrl: 'address', imageHashes: 'hash' },
  bodies: { snapshotId: 'hash' },
  sightings: { pageUrl: 'address', snapshotId: 'hash' },
  assets: { hash: 'hash' },
  words: { pageUrl: 'address', terms: 'word' },
  imageQueue: { snapshotId: 'hash' },
  watches: { pageUrl: 'address' },
  checks: { pageUrl: 'address' },
  stagedPages: {},
  stagedCopies: { id: 'hash', pageUrl: 'address' },
};

/** Asked of a protected library while it is locked: nothing is read or written. */
export class LibraryLocked extends Error {
  constructor() {
    super('The library is locked.');
    this.name = 'LibraryLocked';
  }
}

/** Asked of an index of keyed terms what it cannot answer: a caller to be changed, never a wrong answer. */
export class SealedQueryRefused extends Error {
  constructor(table: string, what: string) {
    super(`A protected library cannot ${what} in ${table}.`);
    this.name = 'SealedQueryRefused';
  }
}

const EQUAL = 1;
const RANGE = 2;
const SEALED = '$sealed';

/** Records as JSON, with bytes kept as bytes; a Blob cannot be sealed inside a transaction, so it is refused. */
function encodeValue(value: unknown, table: string): unknown {
  return JSON.parse(
    JSON.stringify(value, function (this: Record<string, unknown>, name) {
      const raw = this[name];
      if (raw instanceof Uint8Array) return { $bytes: Array.from(raw) };
      if (typeof Blob !== 'undefined' && raw instanceof Blob) throw new SealedQueryRefused(table, 'store a Blob (give its bytes)');
      return raw;
    }),
  );
}

const revive = (_name: string, raw: unknown) => (raw && typeof raw === 'object' && Array.isArray((raw as { $bytes?: unknown }).$bytes) ? Uint8Array.from((raw as { $bytes: number[] }).$bytes) : raw);

function sealedTable(table: DBCoreTable, fields: Record<string, TermKind>, keys: () => LibraryKeys | undefined): DBCoreTable {
  const { name, schema } = table;
  const context = `samizdat ${name}`;
  const primary = schema.primaryKey;
  const indexes = [primary, ...schema.indexes];
  const paths = (index: DBCoreIndex) => (index.keyPath === null ? [] : Array.isArray(index.keyPath) ? index.keyPath : [index.keyPath]);
  /** Every field a key or an index reads: the only ones a stored row shows. */
  const shown = [...new Set(indexes.flatMap(paths))];
  const keyed = (index: DBCoreIndex) => paths(index).some((path) => fields[path]);
  const primaryKeyed = keyed(primary);

  const unlocked = () => {
    const now = keys();
    if (!now) throw new LibraryLocked();
    return now;
  };

  const term = (field: string, value: unknown, index: Uint8Array): unknown => {
    const kind = fields[field];
    if (!kind) return value;
    if (typeof value === 'string') return keyedTerm(index, kind, value);
    if (Array.isArray(value)) return value.map((item) => (typeof item === 'string' ? keyedTerm(index, kind, item) : item));
    return value;
  };

  /** A key of this index as stored. */
  const keyOf = (index: DBCoreIndex, key: unknown, indexKey: Uint8Array): unknown => {
    if (!keyed(index)) return key;
    const [first] = paths(index);
    if (!index.compound) return term(first!, key, indexKey);
    return Array.isArray(key) ? key.map((part, i) => term(paths(index)[i]!, part, indexKey)) : key;
  };

  const rangeOf = (index: DBCoreIndex, range: DBCoreKeyRange, indexKey: Uint8Array): DBCoreKeyRange => {
    if (!keyed(index) || (range.type !== EQUAL && range.type !== RANGE)) return range;
    if (range.type === RANGE) {
      // A compound range is answerable when every keyed part is the same at both ends (a page's
      // checks between two times); any other range over keyed terms would walk hashes, not words.
      const exact = index.compound && Array.isArray(range.lower) && Array.isArray(range.upper) && paths(index).every((path, i) => !fields[path] || (typeof range.lower[i] === 'string' && range.lower[i] === range.upper[i]));
      if (!exact) throw new SealedQueryRefused(name, `search a range of ${paths(index).join('+')}`);
    }
    return { ...range, lower: keyOf(index, range.lower, indexKey), upper: keyOf(index, range.upper, indexKey) };
  };

  const toStored = (value: Record<string, unknown>, now: LibraryKeys): Record<string, unknown> => {
    const stored: Record<string, unknown> = {};
    for (const field of shown) if (field in value) stored[field] = term(field, value[field], now.index);
    stored[SEALED] = sealValue(now.records, encodeValue(value, name), context);
    return stored;
  };

  const fromStored = (stored: unknown, now: LibraryKeys): unknown => {
    if (stored === undefined || stored === null) return stored;
    const row = stored as Record<string, unknown>;
    if (!(row[SEALED] instanceof Uint8Array)) throw new SealBroken();
    const value = JSON.parse(new TextDecoder().decode(openBytes(now.records, row[SEALED] as Uint8Array, context)), revive) as Record<string, unknown>;
    // An auto-incremented key is given by the database after sealing: it comes from the row.
    for (const path of paths(primary)) if (!(path in value) && path in row) value[path] = row[path];
    for (const field of shown) {
      if (!fields[field]) continue;
      if (JSON.stringify(term(field, value[field], now.index)) !== JSON.stringify(row[field])) throw new SealBroken();
    }
    return value;
  };

  const primaryKeyOf = (value: unknown): unknown => {
    const parts = paths(primary).map((path) => (value as Record<string, unknown>)[path]);
    return primary.compound ? parts : parts[0];
  };

  /**
   * A cursor whose values are opened as it moves, and whose keys are the plain ones: those the
   * query named (an exact key, or a compound key's exact parts), or the record's own primary key.
   * Dexie swallows what a cursor's callback throws, so what cannot be answered is refused when the
   * cursor opens (openCursor), never while it walks.
   */
  const cursorOf = (cursor: DBCoreCursor, index: DBCoreIndex, range: DBCoreKeyRange, now: LibraryKeys): DBCoreCursor => {
    let opened: { value: unknown } | undefined;
    const value = () => (opened ??= { value: fromStored(cursor.value, now) }).value;
    const key = () => {
      if (!keyed(index)) return cursor.key;
      if (index.isPrimaryKey) return primaryKeyOf(value());
      if (range.type === EQUAL) return range.lower;
      return paths(index).map((path, i) => (fields[path] ? range.lower[i] : cursor.key[i]));
    };
    const moved = () => (opened = undefined);
    return Object.create(cursor, {
      value: { get: value },
      key: { get: key },
      primaryKey: { get: () => (primaryKeyed ? primaryKeyOf(value()) : cursor.primaryKey) },
      continue: { value: (to?: unknown) => (moved(), cursor.continue(to === undefined ? to : keyOf(index, to, now.index))) },
      continuePrimaryKey: { value: (to: unknown, primaryKey: unknown) => (moved(), cursor.continuePrimaryKey(keyOf(index, to, now.index), keyOf(primary, primaryKey, now.index))) },
      advance: { value: (count: number) => (moved(), cursor.advance(count)) },
      start: { value: (onNext: () => void) => cursor.start(() => (moved(), onNext())) },
    });
  };

  return {
    ...table,
    async mutate(req: DBCoreMutateRequest) {
      const now = unlocked();
      switch (req.type) {
        case 'add':
        case 'put': {
          const values = req.values.map((value) => toStored(value as Record<string, unknown>, now));
          const { trans, type } = req;
          const response = await table.mutate({ trans, type, values, ...(req.keys ? { keys: req.keys.map((key) => keyOf(primary, key, now.index)) } : {}) } as DBCoreMutateRequest);
          // The keys answered are the plain ones given, or the ones the database made.
          const plain = req.values.map((value, i) => (primaryKeyed ? (req.keys?.[i] ?? primaryKeyOf(value)) : response.results?.[i]));
          return { ...response, results: plain, lastResult: plain.at(-1) };
        }
        case 'delete':
          return table.mutate({ trans: req.trans, type: 'delete', keys: req.keys.map((key) => keyOf(primary, key, now.index)) });
        case 'deleteRange':
          return table.mutate({ trans: req.trans, type: 'deleteRange', range: rangeOf(primary, req.range, now.index) });
      }
    },
    async get(req) {
      const now = unlocked();
      return fromStored(await table.get({ ...req, key: keyOf(primary, req.key, now.index) }), now);
    },
    async getMany(req) {
      const now = unlocked();
      const rows = await table.getMany({ ...req, keys: req.keys.map((key) => keyOf(primary, key, now.index)) });
      return rows.map((row) => fromStored(row, now));
    },
    async query(req) {
      const now = unlocked();
      const query = { index: req.query.index, range: rangeOf(req.query.index, req.query.range, now.index) };
      // Plain primary keys of a keyed table are only in the sealed records: read them.
      const values = req.values || primaryKeyed;
      const { result } = await table.query({ ...req, query, values });
      const opened = values ? result.map((row) => fromStored(row, now)) : result;
      return { result: req.values ? opened : primaryKeyed ? opened.map(primaryKeyOf) : opened };
    },
    async openCursor(req) {
      const now = unlocked();
      const { index } = req.query;
      // Walking a whole index of keyed terms lists hashes in the order of hashes: no caller wants that.
      if (keyed(index) && !index.isPrimaryKey && req.query.range.type !== EQUAL && req.query.range.type !== RANGE) throw new SealedQueryRefused(name, `walk the index ${paths(index).join('+')}`);
      const query = { index, range: rangeOf(index, req.query.range, now.index) };
      const cursor = await table.openCursor({ ...req, query, values: req.values || primaryKeyed });
      return cursor && cursorOf(cursor, index, req.query.range, now);
    },
    async count(req) {
      const now = unlocked();
      return table.count({ ...req, query: { index: req.query.index, range: rangeOf(req.query.index, req.query.range, now.index) } });
    },
  };
}

/**
 * The middleware that seals a library: `keys` answers the working keys while it is unlocked, and
 * undefined when locked (every request then fails with LibraryLocked, nothing read or written).
 */
export function sealingMiddleware(keys: () => LibraryKeys | undefined, fields: Record<string, Record<string, TermKind>> = KEYED_FIELDS): Middleware<DBCore> {
  return {
    stack: 'dbcore',
    name: 'samizdat-sealing',
    create(down) {
      return {
        ...down,
        table(name: string) {
          const table = down.table(name);
          const plan = fields[name];
          return plan ? sealedTable(table, plan, keys) : table;
        },
      };
    },
  };
}
