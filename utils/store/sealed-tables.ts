import type { DBCore, DBCoreCursor, DBCoreIndex, DBCoreKeyRange, DBCoreMutateRequest, DBCoreMutateResponse, DBCoreTable, DBCoreTransaction, Middleware } from 'dexie';
import type { LibraryKeys } from '../safety/library-key';
import { KEYED_TERM_CHARS, KEYED_WORD_CHARS, keyedTerm, openBytes, openRecord, SealBroken, sealBytes } from '../safety/sealed';
import { assetBlob, assetBytes } from './asset-blob';

/**
 * The protected library's storage (issue 25; docs/SECURITY.md, "A protected library: the
 * design"): a Dexie middleware under every table, so that the rest of the code reads and writes
 * plain records while IndexedDB holds only sealed ones. A stored row keeps its keys and indexed
 * fields, words and addresses turned into keyed terms (times and counts as they are), and the
 * whole record sealed in `$sealed`, bound to the row's keyed fields: a seal moved from another row
 * does not open.
 *
 * What an index of keyed terms cannot answer is refused, loudly, never answered wrongly: a range
 * over words or addresses (a prefix, `anyOf`, which walks a range). What it answers in another
 * order is said: a table paged by its keyed primary key, and an index of keyed terms walked whole
 * (the tags in use), come in the order of their keyed terms.
 * Installed on every extension context's library by utils/store/library.ts.
 */

/** What a keyed field holds: kept apart, so that a tag and a word of the same spelling differ. */
export type TermKind = 'address' | 'tag' | 'word' | 'hash' | 'bucket';

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
  vocabulary: { bucket: 'bucket' },
};

/**
 * Per table, the fields sealed apart from the rest of a row, and opened only when read: a search
 * row's words. A search reads a row for the page it belongs to far more often than for its few
 * hundred words, and opening them cost most of a sealed search (docs/BENCHMARKS.md).
 */
export const APART_FIELDS: Record<string, string[]> = { words: ['terms', 'queuedTerms'] };

/**
 * Per table with fields apart, the table their seal is kept in (`{ key, seal }`, under the row's
 * own key as stored), when the library has it (schema version 9): not in the row itself, because
 * Chromium's walk of an index costs in step with the size of the rows it passes, and a search row's
 * sealed words were most of its size (docs/BENCHMARKS.md). Every transaction over the table
 * includes this one (sealingMiddleware), so a row and its words' seal are written and deleted together.
 */
export const APART_TABLES: Record<string, string> = { words: 'wordSeals' };

/**
 * A stored row of a table with fields apart, as schema 9 keeps it: the seal that was in the row
 * moved to its own table (APART_TABLES) under the row's key. No key is needed: a seal is bound to
 * the row's keyed fields, not to where it lies. Undefined for a row with no seal in it.
 */
export function withSealMoved(row: Record<string, unknown>, key: unknown): { row: Record<string, unknown>; seal: { key: unknown; seal: Uint8Array } } | undefined {
  const seal = row[APART];
  if (!(seal instanceof Uint8Array)) return undefined;
  return { row: { ...row, [APART]: KEPT_APART }, seal: { key, seal } };
}

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
/** A stored row's seal of its fields kept apart; in the rest's record, their names. */
const APART = '$apart';
/** A stored row's `$apart` when its fields' seal is in their own table (APART_TABLES). */
const KEPT_APART = 1;
/** Fields apart not read with their row (fromStored). */
const NOT_READ = Symbol('not read');
/** Fields apart whose seal their row names and their table does not hold: broken. */
const MISSING = Symbol('missing');
/** Dexie's maxKey where arrays are not keys. */
const MAX_STRING = '\uffff';
/** Marks a table stored sealed (isSealed). */
const SEALED_TABLE = Symbol('sealed table');
/** A sealed table's step of turning protection on or off (convertRows). */
const CONVERT = Symbol('convert rows');
/** A sealed table's test of rows' keyed terms (termsHeld). */
const TERMS_HELD = Symbol('terms held');
const ANY = 3;

/** What one step of turning protection on or off did: rows read, the keys of those it changed and made, and of those already in the wanted form, and the last key read. */
export interface ConvertStep {
  read: number;
  converted: number;
  made: unknown[];
  passed: unknown[];
  last: unknown;
}
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * A record as bytes to seal: its JSON, with each Blob and byte array replaced by a numbered
 * attachment that follows it ([JSON length][JSON][attachment length][attachment]...). A Blob's
 * bytes are those assetBlob remembered: one made elsewhere cannot be read inside a transaction, and
 * is refused.
 */
function encodeRecord(value: unknown, table: string): Uint8Array {
  const attachments: Uint8Array[] = [];
  const json = JSON.stringify(value, function (this: Record<string, unknown>, name) {
    const raw = this[name];
    if (raw instanceof Uint8Array) return { $bytes: attachments.push(raw) - 1 };
    if (typeof Blob !== 'undefined' && raw instanceof Blob) {
      const bytes = assetBytes(raw);
      if (!bytes) throw new SealedQueryRefused(table, 'store a Blob not made by assetBlob');
      return { $blob: attachments.push(bytes) - 1, type: raw.type };
    }
    return raw;
  });
  const parts = [encoder.encode(json), ...attachments];
  const out = new Uint8Array(parts.reduce((sum, part) => sum + 4 + part.length, 0));
  const view = new DataView(out.buffer);
  let at = 0;
  for (const part of parts) {
    view.setUint32(at, part.length);
    out.set(part, at + 4);
    at += 4 + part.length;
  }
  return out;
}

function decodeRecord(bytes: Uint8Array): unknown {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const parts: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; ) {
    const length = view.getUint32(at);
    parts.push(bytes.subarray(at + 4, at + 4 + length));
    at += 4 + length;
  }
  const [json, ...attachments] = parts;
  // Most records carry no bytes: parsed without a reviver, which costs several times as much.
  if (!attachments.length) return JSON.parse(decoder.decode(json));
  return JSON.parse(decoder.decode(json), (_name, raw) => {
    if (raw && typeof raw === 'object' && typeof raw.$bytes === 'number') return Uint8Array.from(attachments[raw.$bytes]!);
    // Made by assetBlob, so that the record read and written back (Undo) seals again.
    if (raw && typeof raw === 'object' && typeof raw.$blob === 'number') return assetBlob(Uint8Array.from(attachments[raw.$blob]!), raw.type);
    return raw;
  });
}

/** A row's words' seal kept in a table of its own (APART_TABLES). */
interface ApartSeal {
  key: unknown;
  seal: Uint8Array;
}

function sealedTable(
  table: DBCoreTable,
  fields: Record<string, TermKind>,
  apart: string[],
  keys: () => LibraryKeys | undefined,
  protectedNow: () => boolean,
  wordChars: () => number,
  apartStore: DBCoreTable | undefined,
): DBCoreTable {
  const { name, schema } = table;
  const context = `samizdat ${name}`;
  const primary = schema.primaryKey;
  const indexes = [primary, ...schema.indexes];
  const paths = (index: DBCoreIndex) => (index.keyPath === null ? [] : Array.isArray(index.keyPath) ? index.keyPath : [index.keyPath]);
  /** Every field a key or an index reads: the only ones a stored row shows. */
  const shown = [...new Set(indexes.flatMap(paths))];
  const keyedShown = shown.filter((field) => fields[field]);
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
    const chars = kind === 'word' ? wordChars() : KEYED_TERM_CHARS;
    // Dexie's maxKey, where arrays are not keys, is a bound, not a term.
    if (typeof value === 'string' && value !== MAX_STRING) return keyedTerm(index, kind, value, chars);
    if (Array.isArray(value) && !endless(value)) return value.map((item) => (typeof item === 'string' ? keyedTerm(index, kind, item, chars) : item));
    return value;
  };

  /** A key of this index as stored. */
  const keyOf = (index: DBCoreIndex, key: unknown, indexKey: Uint8Array): unknown => {
    if (!keyed(index)) return key;
    const [first] = paths(index);
    if (!index.compound) return term(first!, key, indexKey);
    return Array.isArray(key) ? key.map((part, i) => term(paths(index)[i]!, part, indexKey)) : key;
  };

  /** No upper bound (Dexie's `above`), or Dexie's maxKey (an array holding an empty array). */
  const endless = (key: unknown) => key === undefined || key === MAX_STRING || (Array.isArray(key) && key.length === 1 && Array.isArray(key[0]) && key[0].length === 0);

  /**
   * A compound range keyed terms can answer: each keyed part the same string at both ends, until
   * a part that spans every key (Dexie's minKey to maxKey), after which anything goes (all of one
   * import's copies, in the order of their keyed ids).
   */
  const answerable = (index: DBCoreIndex, range: DBCoreKeyRange): boolean => {
    const { lower, upper } = range;
    if (!Array.isArray(lower) || !Array.isArray(upper)) return false;
    for (const [i, path] of paths(index).entries()) {
      if (lower[i] === upper[i]) {
        if (fields[path] && typeof lower[i] !== 'string') return false;
        continue;
      }
      return !fields[path] || (lower[i] === -Infinity && endless(upper[i]));
    }
    return true;
  };

  const rangeOf = (index: DBCoreIndex, range: DBCoreKeyRange, indexKey: Uint8Array): DBCoreKeyRange => {
    if (!keyed(index) || (range.type !== EQUAL && range.type !== RANGE)) return range;
    if (range.type === RANGE) {
      // Paging through a table after the last key seen (`above(last)`) walks its rows in the order
      // of their keyed primary keys, each once: answerable. So is a compound range whose keyed parts
      // are the same at both ends (a page's checks between two times). Any other range over keyed
      // terms (a prefix, anyOf) would walk hashes, not words: refused.
      if (index.isPrimaryKey && !index.compound && typeof range.lower === 'string' && endless(range.upper)) return { ...range, lower: keyOf(index, range.lower, indexKey) };
      if (!index.compound || !answerable(index, range)) throw new SealedQueryRefused(name, `search a range of ${paths(index).join('+')}`);
    }
    return { ...range, lower: keyOf(index, range.lower, indexKey), upper: keyOf(index, range.upper, indexKey) };
  };

  /**
   * What a seal is bound to: its table and the row's keyed fields as stored. A seal moved to
   * another row, or another table, does not open; and reading a row costs no keyed hash (a search
   * row's few hundred words would cost a few milliseconds to hash again).
   */
  const boundTo = (row: Record<string, unknown>) => `${context}\u0000${JSON.stringify(keyedShown.map((field) => row[field] ?? null))}`;
  /**
   * A row with fields apart is sealed twice. The rest is bound to the keyed fields that are not
   * apart (a search row's page): binding it to a few hundred keyed words too cost as much as
   * opening them. The fields apart are bound to every keyed field, its keyed words included, so
   * words moved from another row do not open; a search that only reads the row's page does not
   * check them.
   */
  const keyedRest = keyedShown.filter((field) => !apart.includes(field));
  const restBoundTo = (row: Record<string, unknown>) => `${context}\u0000rest\u0000${JSON.stringify(keyedRest.map((field) => row[field] ?? null))}`;
  const apartBoundTo = (row: Record<string, unknown>) => `${boundTo(row)}\u0000${APART}`;

  /**
   * A record as stored, and the seal of its fields apart when they are kept in their own table
   * (apartStore); without one, that seal is in the row (`$apart`), as libraries before schema 9 kept it.
   */
  const toStoredParts = (value: Record<string, unknown>, now: LibraryKeys): { stored: Record<string, unknown>; apartSeal?: Uint8Array } => {
    const stored: Record<string, unknown> = {};
    for (const field of shown) if (field in value) stored[field] = term(field, value[field], now.index);
    const here = apart.filter((field) => value[field] !== undefined);
    if (!here.length) {
      stored[SEALED] = sealBytes(now.records, encodeRecord(value, name), boundTo(stored));
      return { stored };
    }
    const rest: Record<string, unknown> = { ...value, [APART]: here };
    const fields: Record<string, unknown> = {};
    for (const field of here) {
      fields[field] = value[field];
      delete rest[field];
    }
    stored[SEALED] = sealBytes(now.records, encodeRecord(rest, name), restBoundTo(stored));
    const apartSeal = sealBytes(now.records, encodeRecord(fields, name), apartBoundTo(stored));
    // In their own table, the row says so: a reader fetches the seal of those rows only.
    stored[APART] = apartStore ? KEPT_APART : apartSeal;
    return apartStore ? { stored, apartSeal } : { stored };
  };

  /**
   * A stored row opened. `kept` is the seal of its fields apart from their own table (keptSeals),
   * for a row that says they are there; NOT_READ where they were not read (a cursor's walk of keys):
   * those fields then refuse to be read.
   */
  const fromStored = (stored: unknown, now: LibraryKeys, kept?: Uint8Array | typeof NOT_READ): unknown => {
    if (stored === undefined || stored === null) return stored;
    const row = stored as Record<string, unknown>;
    if (!(row[SEALED] instanceof Uint8Array)) throw new SealBroken();
    // A row written before fields were kept apart (stop 34's) holds them in its one seal; one
    // written before schema 9, in its `$apart`; one since, in the table of seals.
    const sealedApart = row[APART] === KEPT_APART ? (kept ?? MISSING) : row[APART];
    const value = decodeRecord(openRecord(now.records, row[SEALED] as Uint8Array, sealedApart === undefined ? boundTo(row) : restBoundTo(row))) as Record<string, unknown>;
    // An auto-incremented key is given by the database after sealing: it comes from the row.
    for (const path of paths(primary)) if (!(path in value) && path in row) value[path] = row[path];
    if (sealedApart !== undefined) openedWhenRead(value, row, sealedApart);
    return value;
  };

  /**
   * The fields apart, opened the first time one is read (with the keys of that moment: a row kept
   * after the library locked does not open). Each is an ordinary property once set.
   */
  const openedWhenRead = (value: Record<string, unknown>, row: Record<string, unknown>, sealedApart: unknown) => {
    const names = value[APART];
    delete value[APART];
    if (sealedApart === MISSING || !(sealedApart instanceof Uint8Array || sealedApart === NOT_READ) || !Array.isArray(names) || names.some((field) => !apart.includes(field))) throw new SealBroken();
    let fields: Record<string, unknown> | undefined;
    const open = () => {
      if (sealedApart === NOT_READ) throw new SealedQueryRefused(name, 'read the fields kept apart of a row walked by a cursor');
      return (fields ??= decodeRecord(openBytes(unlocked().records, sealedApart, apartBoundTo(row))) as Record<string, unknown>);
    };
    for (const field of names as string[]) {
      Object.defineProperty(value, field, {
        enumerable: true,
        configurable: true,
        get: () => open()[field],
        set: (to: unknown) => Object.defineProperty(value, field, { value: to, writable: true, enumerable: true, configurable: true }),
      });
    }
  };

  const primaryKeyOf = (value: unknown): unknown => {
    const parts = paths(primary).map((path) => (value as Record<string, unknown>)[path]);
    return primary.compound ? parts : parts[0];
  };

  /**
   * The seals of these stored rows' fields apart that are kept in their own table, row by row
   * (undefined for a row that keeps none there): one read for them all, in the same transaction.
   */
  const keptSeals = (trans: DBCoreTransaction, rows: unknown[]): Promise<(Uint8Array | undefined)[]> => {
    const wanted = rows.flatMap((row, i) => (row && (row as Record<string, unknown>)[APART] === KEPT_APART ? [i] : []));
    const seals: (Uint8Array | undefined)[] = rows.map(() => undefined);
    if (!apartStore || !wanted.length) return Promise.resolve(seals);
    return apartStore.getMany({ trans, keys: wanted.map((at) => primaryKeyOf(rows[at])) }).then((found) => {
      wanted.forEach((at, j) => (seals[at] = (found[j] as ApartSeal | undefined)?.seal));
      return seals;
    });
  };

  /** Stored rows opened, each with its fields apart from their own table. */
  const openedRows = (trans: DBCoreTransaction, rows: unknown[], now: LibraryKeys): Promise<unknown[]> =>
    keptSeals(trans, rows).then((seals) => rows.map((row, i) => fromStored(row, now, seals[i])));

  /**
   * Once rows are written, their fields' seals put in their own table, and the seal of a row that
   * now has none there (an earlier form's) deleted: a row and its seal change together.
   */
  const keepApart = (trans: DBCoreTransaction, parts: { stored: Record<string, unknown>; apartSeal?: Uint8Array }[], response: DBCoreMutateResponse): Promise<void> => {
    if (!apartStore) return Promise.resolve();
    const seals: ApartSeal[] = [];
    const none: unknown[] = [];
    parts.forEach((part, i) => {
      if (response.failures?.[i]) return;
      const key = response.results?.[i] ?? primaryKeyOf(part.stored);
      if (part.apartSeal) seals.push({ key, seal: part.apartSeal });
      else none.push(key);
    });
    return (seals.length ? apartStore.mutate({ trans, type: 'put', values: seals }) : Promise.resolve(undefined))
      .then((put) => {
        if (put?.numFailures) throw Object.values(put.failures)[0];
        return none.length ? apartStore.mutate({ trans, type: 'delete', keys: none }) : undefined;
      })
      .then(() => undefined);
  };

  /** The seals kept apart of rows deleted (by their stored keys, or a stored range), deleted with them. */
  const dropApart = (trans: DBCoreTransaction, which: { keys: unknown[] } | { range: DBCoreKeyRange }): Promise<unknown> => {
    if (!apartStore) return Promise.resolve();
    return 'keys' in which ? apartStore.mutate({ trans, type: 'delete', keys: which.keys }) : apartStore.mutate({ trans, type: 'deleteRange', range: which.range });
  };

  /**
   * A cursor whose values are opened as it moves, and whose keys are the plain ones: those the
   * query named (an exact key, or a compound key's exact parts), or the record's own primary key.
   * Dexie swallows what a cursor's callback throws, so what cannot be answered is refused when the
   * cursor opens (rangeOf), not while it walks.
   */
  const cursorOf = (cursor: DBCoreCursor, index: DBCoreIndex, range: DBCoreKeyRange, now: LibraryKeys): DBCoreCursor => {
    let opened: { value: unknown } | undefined;
    const value = () => (opened ??= { value: fromStored(cursor.value, now, NOT_READ) }).value;
    const key = () => {
      if (!keyed(index)) return cursor.key;
      if (index.isPrimaryKey) return primaryKeyOf(value());
      if (range.type === EQUAL) return range.lower;
      // A compound index is never multi-entry: its keyed parts are the record's own fields.
      if (index.compound) return paths(index).map((path, i) => (fields[path] ? (value() as Record<string, unknown>)[path] : cursor.key[i]));
      // Walking a whole index of keyed terms (a list of the tags in use): the plain key is the
      // record's own term whose keyed form the cursor stands on.
      const [field] = paths(index);
      const terms = ([] as unknown[]).concat((value() as Record<string, unknown>)[field!]);
      const plain = terms.find((item) => JSON.stringify(term(field!, item, now.index)) === JSON.stringify(cursor.key));
      if (plain === undefined) throw new SealBroken();
      return plain;
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

  /**
   * Each request is the table's own promise, continued with then: Dexie keeps a transaction's
   * zone across its own promises, and an async function's await would lose it (two transactions
   * at once then end early). What fails before the request (locked, a range refused) is a rejection.
   */
  const request = <T>(work: (now: LibraryKeys) => Promise<T>): Promise<T> => {
    try {
      return work(unlocked());
    } catch (error) {
      return Promise.reject(error);
    }
  };

  /**
   * One step of turning protection on (toSealed) or off: up to `limit` rows after `after` in the
   * order they are stored, each row in the other form written and its old form deleted in the
   * caller's transaction, so that no row is ever in neither form. Rows already in the wanted form
   * are passed over: a run stopped part-way and started again goes on where it was.
   */
  const convert = (trans: DBCoreTransaction, toSealed: boolean, after: unknown, limit: number): Promise<ConvertStep> =>
    request((now) => {
      const range: DBCoreKeyRange = after === undefined ? { type: ANY, lower: undefined, upper: undefined } : { type: RANGE, lower: after, lowerOpen: true, upper: undefined };
      return table.query({ trans, values: true, limit, query: { index: primary, range } }).then(({ result }) =>
        keptSeals(trans, result).then((kept) => {
          const rows = result as Record<string, unknown>[];
          const puts: Record<string, unknown>[] = [];
          const sealedParts: { stored: Record<string, unknown>; apartSeal?: Uint8Array }[] = [];
          const deletes: unknown[] = [];
          const passed: unknown[] = [];
          const keptGone: unknown[] = [];
          rows.forEach((row, i) => {
            if ((row[SEALED] instanceof Uint8Array) === toSealed) {
              passed.push(primaryKeyOf(row));
              return;
            }
            let next: Record<string, unknown>;
            if (toSealed) {
              const part = toStoredParts(row, now);
              sealedParts.push(part);
              next = part.stored;
            } else {
              next = fromStored(row, now, kept[i]) as Record<string, unknown>;
              if (row[APART] === KEPT_APART) keptGone.push(primaryKeyOf(row));
            }
            puts.push(next);
            const [from, to] = [primaryKeyOf(row), primaryKeyOf(next)];
            if (JSON.stringify(from) !== JSON.stringify(to)) deletes.push(from);
          });
          const last = rows.length ? primaryKeyOf(rows.at(-1)) : undefined;
          const step: ConvertStep = { read: rows.length, converted: puts.length, made: puts.map(primaryKeyOf), passed, last };
          // Deleted first: a row whose key does not change is replaced by its put.
          const deleting = deletes.length ? table.mutate({ trans, type: 'delete', keys: deletes }) : Promise.resolve();
          return deleting
            .then(() => (puts.length ? table.mutate({ trans, type: 'put', values: puts }) : undefined))
            .then((response) => {
              if (response?.numFailures) throw Object.values(response.failures)[0];
              if (toSealed) return response ? keepApart(trans, sealedParts, response) : undefined;
              return keptGone.length ? dropApart(trans, { keys: keptGone }) : undefined;
            })
            .then(() => step);
        }),
      );
    });

  /**
   * For each of these rows (plain primary keys), whether it holds a term in `field`, asked of the
   * keyed terms the row keeps in the clear for its index: nothing is opened. Undefined for a row
   * with none there (not yet indexed, or gone).
   */
  const termsHeld = (trans: DBCoreTransaction, keys: unknown[], field: string): Promise<(((plain: string) => boolean) | undefined)[]> =>
    request((now) => {
      const stored = new Map<string, string>();
      const keyedOf = (plain: string) => {
        let keyed = stored.get(plain);
        if (keyed === undefined) stored.set(plain, (keyed = term(field, plain, now.index) as string));
        return keyed;
      };
      return table.getMany({ trans, keys: keys.map((key) => keyOf(primary, key, now.index)) }).then((rows) =>
        rows.map((row) => {
          const held = (row as Record<string, unknown> | undefined)?.[field];
          if (!Array.isArray(held)) return undefined;
          const set = new Set(held);
          return (plain: string) => set.has(keyedOf(plain));
        }),
      );
    });

  const sealed: DBCoreTable & { [SEALED_TABLE]: () => boolean; [CONVERT]: typeof convert; [TERMS_HELD]: typeof termsHeld } = {
    ...table,
    [SEALED_TABLE]: protectedNow,
    [CONVERT]: convert,
    [TERMS_HELD]: termsHeld,
    mutate: (req: DBCoreMutateRequest) =>
      request((now) => {
        switch (req.type) {
          case 'add':
          case 'put': {
            const parts = req.values.map((value) => toStoredParts(value as Record<string, unknown>, now));
            const values = parts.map((part) => part.stored);
            const keys = req.keys ? { keys: req.keys.map((key) => keyOf(primary, key, now.index)) } : {};
            return table.mutate({ trans: req.trans, type: req.type, values, ...keys } as DBCoreMutateRequest).then((response) =>
              keepApart(req.trans, parts, response).then(() => {
                // The keys answered are the plain ones given, or the ones the database made.
                const plain = req.values.map((value, i) => (primaryKeyed ? (req.keys?.[i] ?? primaryKeyOf(value)) : response.results?.[i]));
                return { ...response, results: plain, lastResult: plain.at(-1) };
              }),
            );
          }
          case 'delete': {
            const keys = req.keys.map((key) => keyOf(primary, key, now.index));
            return table.mutate({ trans: req.trans, type: 'delete', keys }).then((response) => dropApart(req.trans, { keys }).then(() => response));
          }
          case 'deleteRange': {
            const range = rangeOf(primary, req.range, now.index);
            return table.mutate({ trans: req.trans, type: 'deleteRange', range }).then((response) => dropApart(req.trans, { range }).then(() => response));
          }
        }
      }),
    get: (req) => request((now) => table.get({ ...req, key: keyOf(primary, req.key, now.index) }).then((row) => openedRows(req.trans, [row], now).then(([value]) => value))),
    getMany: (req) => request((now) => table.getMany({ ...req, keys: req.keys.map((key) => keyOf(primary, key, now.index)) }).then((rows) => openedRows(req.trans, rows, now))),
    query: (req) =>
      request((now) => {
        const query = { index: req.query.index, range: rangeOf(req.query.index, req.query.range, now.index) };
        // Plain primary keys of a keyed table are only in the sealed records: read them.
        const values = req.values || primaryKeyed;
        return table.query({ ...req, query, values }).then(({ result }) => {
          // Rows read for their plain keys only open no fields apart.
          if (!req.values) return { result: primaryKeyed ? result.map((row) => primaryKeyOf(fromStored(row, now, NOT_READ))) : result };
          return openedRows(req.trans, result, now).then((opened) => ({ result: opened }));
        });
      }),
    openCursor: (req) =>
      request((now) => {
        // A cursor's values are read one by one as it moves, and no read of another table fits
        // there: rows whose fields are kept apart are read by query, get or getMany.
        if (apartStore && req.values) throw new SealedQueryRefused(name, 'read rows by a cursor');
        const { index } = req.query;
        const query = { index, range: rangeOf(index, req.query.range, now.index) };
        // The plain keys of a keyed index are in the records: a keys-only walk reads them too.
        return table.openCursor({ ...req, query, values: req.values || keyed(index) || primaryKeyed }).then((cursor) => cursor && cursorOf(cursor, index, req.query.range, now));
      }),
    count: (req) => request((now) => table.count({ ...req, query: { index: req.query.index, range: rangeOf(req.query.index, req.query.range, now.index) } })),
  };
  // A library not protected (now) is read and written as it is.
  const method = <K extends 'mutate' | 'get' | 'getMany' | 'query' | 'openCursor' | 'count'>(name: K) =>
    ((req: never) => (protectedNow() ? (sealed[name] as (req: never) => unknown)(req) : (table[name] as (req: never) => unknown).call(table, req))) as unknown as DBCoreTable[K];
  return {
    ...sealed,
    mutate: method('mutate'),
    get: method('get'),
    getMany: method('getMany'),
    query: method('query'),
    openCursor: method('openCursor'),
    count: method('count'),
  };
}

/**
 * Whether this table of this library is stored sealed, for the few callers that must ask in
 * another way what keyed terms cannot answer (a prefix search): asked before, not learnt from a
 * refusal, since a request that fails inside a transaction ends it.
 */
export function isSealed(table: { core: DBCoreTable }): boolean {
  // Dexie builds a table's core when the library opens: before, nothing can be known.
  if (!table.core) throw new Error('isSealed: open the library first');
  const sealed = (table.core as unknown as Record<symbol, (() => boolean) | undefined>)[SEALED_TABLE];
  return sealed?.() === true;
}

/**
 * One step of sealing (or opening) a table's rows in place, inside the caller's transaction over
 * it (utils/store/protect-library.ts). The table must be one this library stores sealed.
 */
export function convertRows(table: { core: DBCoreTable }, trans: DBCoreTransaction, toSealed: boolean, after: unknown, limit: number): Promise<ConvertStep> {
  const convert = (table.core as unknown as Record<symbol, ((...args: unknown[]) => Promise<ConvertStep>) | undefined>)[CONVERT];
  if (!convert) throw new Error('convertRows: this table is not stored sealed');
  return convert(trans, toSealed, after, limit);
}

/**
 * For each of these rows of a sealed table, a test of whether it holds a term in `field`, made
 * against the keyed terms the row keeps for its index, so nothing is opened; undefined for a row
 * with none there (a search row not yet indexed). For a protected library's search, which would
 * otherwise open a row's few hundred words to learn whether one is there. Inside the caller's
 * transaction over the table.
 */
export function termsHeld(table: { core: DBCoreTable }, trans: DBCoreTransaction, keys: unknown[], field: string): Promise<(((plain: string) => boolean) | undefined)[]> {
  const held = (table.core as unknown as Record<symbol, ((...args: unknown[]) => Promise<(((plain: string) => boolean) | undefined)[]>) | undefined>)[TERMS_HELD];
  if (!held) throw new Error('termsHeld: this table is not stored sealed');
  return held(trans, keys, field);
}

/**
 * The middleware that seals a library: `keys` answers the working keys while it is unlocked, and
 * undefined when locked (every request then fails with LibraryLocked, nothing read or written).
 * `protectedNow` says whether the library is protected at all: when it answers false, every
 * request passes through as it is (a plain library), so that one database object serves a library
 * whose protection is turned on or off while it is open (utils/safety/library-lock.ts).
 * `apartFields` are sealed apart (APART_FIELDS); rows written with none apart, as before there
 * were any, are read as well. `wordChars` is the length of the library's keyed words, which its
 * protection record says (KEYED_WORD_CHARS since stop 36; keyedWordChars in utils/safety/protection.ts).
 * `apartTables` names where fields apart are kept (APART_TABLES), for a library that has those tables.
 */
export function sealingMiddleware(
  keys: () => LibraryKeys | undefined,
  fields: Record<string, Record<string, TermKind>> = KEYED_FIELDS,
  protectedNow: () => boolean = () => true,
  apartFields: Record<string, string[]> = APART_FIELDS,
  wordChars: () => number = () => KEYED_WORD_CHARS,
  apartTables: Record<string, string> = APART_TABLES,
): Middleware<DBCore> {
  return {
    stack: 'dbcore',
    name: 'samizdat-sealing',
    create(down) {
      // A table of seals kept apart, where this library has it (schema version 9 on).
      const apartTableOf = (name: string) => {
        const apartTable = apartTables[name];
        return apartTable && down.schema.tables.some((table) => table.name === apartTable) ? apartTable : undefined;
      };
      return {
        ...down,
        // Every transaction over a table with seals apart covers their table too: a row and its
        // seal are written, read and deleted together, whichever tables the caller named.
        transaction(stores, mode, options) {
          const more = stores.flatMap((store) => {
            const apartTable = apartTableOf(store);
            return apartTable && !stores.includes(apartTable) ? [apartTable] : [];
          });
          return down.transaction(more.length ? [...stores, ...new Set(more)] : stores, mode, options);
        },
        table(name: string) {
          const table = down.table(name);
          const plan = fields[name];
          const apartTable = apartTableOf(name);
          return plan ? sealedTable(table, plan, apartFields[name] ?? [], keys, protectedNow, wordChars, apartTable ? down.table(apartTable) : undefined) : table;
        },
      };
    },
  };
}
