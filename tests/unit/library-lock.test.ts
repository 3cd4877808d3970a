import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { openRecord, sealBytes } from '../../utils/safety/sealed';
import { describe, expect, it, vi } from 'vitest';
import { followIdle, type IdleApi, type IdleState } from '../../utils/safety/auto-lock';
import { KeyRefused } from '../../utils/safety/library-key';
import { LibraryLock, viewOf, type LockStorage } from '../../utils/safety/library-lock';
import { createProtection } from '../../utils/safety/protection';
import { DATABASE_NAME, LibraryDatabase } from '../../utils/store/db';
import { followProtection } from '../../utils/store/follow-protection';
import { bindToLock } from '../../utils/store/locked-library';
import { keepLockedSave, lockedSaveCount, takeInLockedSaves } from '../../utils/store/locked-saves';
import { setTagsAndNote } from '../../utils/store/manage';
import { STAGING_DATABASE } from '../../utils/store/rewrite-library';
import { saveCapture } from '../../utils/store/save-capture';
import { indexQueued } from '../../utils/store/search-rows';
import { KEYED_FIELDS } from '../../utils/store/sealed-tables';
import { searchLibrary } from '../../utils/search/search';
import { libraryContents } from '../helpers/archive';
import { generatedArticle } from '../helpers/generated-articles';
import { captureSeed } from '../helpers/seed';

/**
 * The protected library's wiring (issue 25) in Node: the lock every extension context follows
 * (utils/safety/library-lock.ts), and the background turning protection on and off
 * (utils/store/follow-protection.ts) over a real library, through stops.
 */

/** storage.local and storage.session as the browsers behave: changes told to every context, a moment later. */
function fakeStorage(): LockStorage {
  const listeners: ((changes: Record<string, { newValue?: unknown }>, area: string) => void)[] = [];
  const area = (name: string) => {
    const items = new Map<string, unknown>();
    const tell = (key: string, newValue: unknown) => setTimeout(() => listeners.forEach((listener) => listener({ [key]: { newValue: structuredClone(newValue) } }, name)), 1);
    return {
      get: async (keys: string | string[]) => Object.fromEntries([keys].flat().filter((key) => items.has(key)).map((key) => [key, structuredClone(items.get(key))])),
      set: async (values: Record<string, unknown>) => Object.entries(values).forEach(([key, value]) => (items.set(key, structuredClone(value)), tell(key, value))),
      remove: async (key: string) => void (items.delete(key), tell(key, undefined)),
    };
  };
  return { local: area('local'), session: area('session'), onChanged: { addListener: (listener) => void listeners.push(listener) } };
}

const PASSPHRASE = 'Жители Пскова вышли на улицы';
/** Argon2id at its cheapest: these tests are about the wiring, not the cost of a guess. */
const CHEAP = { m: 1024, t: 2, p: 1 };
const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 3000 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  if (!check()) throw new Error(`never ${what}`);
}

describe('the lock every extension page and the background follow', () => {
  it('is locked and unlocked everywhere at once; a wrong passphrase opens nothing', async () => {
    const storage = fakeStorage();
    const [settings, background] = [new LibraryLock(storage), new LibraryLock(storage)];
    await Promise.all([settings.load(), background.load()]);
    expect(viewOf(background.state)).toBe('plain');
    const made = await createProtection(PASSPHRASE, CHEAP);
    // The key and the record arrive in the other context as two changes: either order is kept.
    await settings.hold(made.libraryKey);
    await settings.setRecord({ ...made.record, state: 'on' });
    await settle();
    expect(viewOf(background.state)).toBe('unlocked');
    // A record opened while unlocked is remembered, and forgotten when this context locks.
    const held = background.state.keys!.records;
    const sealed = sealBytes(held, new TextEncoder().encode('{"title":"Псков"}'), 'samizdat pages');
    const opened = openRecord(held, sealed, 'samizdat pages');
    expect(openRecord(held, sealed, 'samizdat pages')).toBe(opened);
    await background.lock();
    expect(viewOf(background.state)).toBe('locked');
    expect(openRecord(held, sealed, 'samizdat pages')).not.toBe(opened);
    await settle();
    expect(viewOf(settings.state)).toBe('locked');
    // A page drawn now learns the lock as it is, not as it was first read.
    expect(viewOf(await settings.load())).toBe('locked');
    await expect(settings.unlock({ passphrase: 'Жители Пскова вышли на улицу' })).rejects.toEqual(new KeyRefused('wrong-secret'));
    await settle();
    expect(viewOf(background.state)).toBe('locked');
    await settings.unlock({ recoveryKey: made.recoveryKey.toLowerCase() });
    await settle();
    expect(viewOf(background.state)).toBe('unlocked');
  });
});

describe('locking by itself', () => {
  /** The browser's idle API, driven by the test. */
  function fakeIdle(now: IdleState = 'active') {
    const listeners: ((state: IdleState) => void)[] = [];
    const intervals: number[] = [];
    const api: IdleApi = {
      setDetectionInterval: (seconds) => void intervals.push(seconds),
      queryState: async () => now,
      onStateChanged: { addListener: (listener) => void listeners.push(listener) },
    };
    return { api, intervals, become: (state: IdleState) => listeners.forEach((listener) => listener(state)) };
  }

  /** A protected library, unlocked from its Settings page. */
  async function protectedAndUnlocked() {
    const storage = fakeStorage();
    const settings = new LibraryLock(storage);
    await settings.load();
    const made = await createProtection(PASSPHRASE, CHEAP);
    await settings.hold(made.libraryKey);
    await settings.setRecord({ ...made.record, state: 'on' });
    return { storage, settings };
  }

  it('locks after the idle time chosen, or when the screen locks; never when the owner chose never', async () => {
    const { storage, settings } = await protectedAndUnlocked();
    const background = new LibraryLock(storage);
    const idle = fakeIdle();
    followIdle(background, idle.api);
    await settle();
    expect(idle.intervals).toEqual([15 * 60]);
    idle.become('active');
    await settle();
    expect(viewOf(settings.state)).toBe('unlocked');
    idle.become('idle');
    await settle();
    expect(viewOf(settings.state)).toBe('locked');

    await settings.unlock({ passphrase: PASSPHRASE });
    await settings.setRecord({ ...settings.state.record!, autoLockMinutes: 5 });
    await settle();
    expect(idle.intervals).toEqual([15 * 60, 5 * 60]);
    idle.become('locked');
    await settle();
    expect(viewOf(settings.state)).toBe('locked');

    await settings.unlock({ passphrase: PASSPHRASE });
    await settings.setRecord({ ...settings.state.record!, autoLockMinutes: 0 });
    await settle();
    idle.become('idle');
    await settle();
    expect(viewOf(settings.state)).toBe('unlocked');
  });

  it('a background started again while the computer was idle locks at once', async () => {
    const { storage, settings } = await protectedAndUnlocked();
    followIdle(new LibraryLock(storage), fakeIdle('idle').api);
    await settle();
    expect(viewOf(settings.state)).toBe('locked');
  });
});

/** A library as a user has it: the seed article in two versions, twenty generated pages, a tag and a note. */
async function fillLibrary(db: LibraryDatabase): Promise<void> {
  const url = 'https://www.themoscowtimes.com/2022/04/07/60-russian-paratroopers-refuse-to-fight-in-ukraine-reports';
  await saveCapture(db, captureSeed('article.html', url), 1_000);
  await saveCapture(db, captureSeed('article-edited.html', url), 2_000);
  for (let i = 0; i < 20; i++) await saveCapture(db, generatedArticle(i), 3_000 + i);
  await setTagsAndNote(db, url, ['цензура'], 'Сравнить с заявлением ведомства');
  await indexQueued(db);
}

/** Every row as IndexedDB holds it, read without the lock. */
async function rawRows(factory: IDBFactory): Promise<Record<string, unknown>[]> {
  const raw = new LibraryDatabase(DATABASE_NAME, { indexedDB: factory, IDBKeyRange });
  const rows = (await Promise.all(Object.keys(KEYED_FIELDS).map((name) => raw.table(name).toArray()))).flat() as Record<string, unknown>[];
  raw.close();
  return rows;
}

/** The keyed words the index of search rows holds. */
const keyedWordsOf = (rows: Record<string, unknown>[]) => rows.flatMap((row) => (Array.isArray(row.terms) ? (row.terms as string[]) : []));

function background(factory: IDBFactory, storage: LockStorage, indexedDB: IDBFactory = factory) {
  const lock = new LibraryLock(storage);
  const db = bindToLock(new LibraryDatabase(DATABASE_NAME, { indexedDB: factory, IDBKeyRange }), lock);
  const opened = vi.fn();
  const takeIn = () => (lock.state.record && lock.state.keys ? takeInLockedSaves(db, lock.state.record, lock.state.keys) : Promise.resolve());
  const { running, stop } = followProtection({ db, lock, keepAwake: (work) => work, indexedDB, keyRange: IDBKeyRange, fillerMegabytes: 1, onLocked: () => undefined, onOpened: opened, takeIn });
  return { lock, db, running, opened, stop };
}

describe('turning protection on and off in the background', () => {
  it('seals the library and rewrites it from a copy, through a stop after the library was deleted; then opens it again', async () => {
    const factory = new IDBFactory();
    const storage = fakeStorage();
    // The background as a stop will find it: its copy back into the library fails once.
    let stopped = false;
    const stopping = Object.create(factory, {
      open: { value: (name: string, version?: number) => {
        if (name === DATABASE_NAME && version !== undefined && !stopped) {
          stopped = true;
          throw new Error('the browser closed');
        }
        return factory.open(name, version);
      } },
    }) as IDBFactory;
    const first = background(factory, storage, stopping);
    await fillLibrary(first.db);
    const before = await libraryContents(first.db);
    expect(before.pages).toHaveLength(21);

    const settings = new LibraryLock(storage);
    await settings.load();
    const made = await createProtection(PASSPHRASE, CHEAP);
    await settings.hold(made.libraryKey);
    await settings.setRecord(made.record);
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    await until(() => stopped && first.running() === null, 'stopped');
    expect(errors).toHaveBeenCalledOnce();
    errors.mockRestore();
    // Stopped with the library deleted and every row in the staging copy.
    expect((await factory.databases()).map((db) => db.name).sort()).toEqual([STAGING_DATABASE]);
    await settle();
    expect(settings.state.record?.rewrite).toBe('to-library');
    // Said where the pages show the progress, and not tried again at every change it made itself.
    expect(settings.state.progress?.stopped).toBe('Error: the browser closed');
    first.stop();
    first.db.close();

    // The browser started again: the background goes on from the copy.
    const again = background(factory, storage);
    await until(() => again.lock.state.record?.state === 'on', 'protected');
    expect((await factory.databases()).map((db) => db.name)).toEqual([DATABASE_NAME]);
    expect(again.lock.state.record?.rewrite).toBeUndefined();
    expect(again.opened).toHaveBeenCalled();
    expect(await libraryContents(again.db)).toEqual(before);
    const raw = await rawRows(factory);
    expect(raw.length).toBeGreaterThan(60);
    expect(raw.every((row) => row.$sealed instanceof Uint8Array)).toBe(true);
    const seen = JSON.stringify(raw, (_key, value) => (value instanceof Uint8Array ? new TextDecoder().decode(value) : value));
    for (const secret of ['paratroopers', 'themoscowtimes', 'цензура', 'Сравнить', 'защиту больницы', '居民们', 'بیمارستانی']) expect(seen).not.toContain(secret);
    expect((await searchLibrary(again.db, 'больниц')).pages.length).toBe(4);
    // The index holds each word as 11 characters of its keyed hash (KEYED_WORD_CHARS), as the record says.
    expect(again.lock.state.record?.keyedWordChars).toBe(11);
    expect(keyedWordsOf(raw).every((term) => term.length === 11)).toBe(true);

    // Turned off: every row open again, the library as it was.
    await settings.setRecord({ ...again.lock.state.record!, state: 'opening' });
    await until(() => again.lock.state.record === null && again.running() === null, 'opened');
    expect(await libraryContents(again.db)).toEqual(before);
    expect((await rawRows(factory)).some((row) => row.$sealed)).toBe(false);
    expect(await again.db.vocabulary.count()).toBe(0);
  });
});

describe('a library protected before keyed words were cut to 11 characters', () => {
  it('is sealed, searched and saved into with the 22 its record implies', async () => {
    const factory = new IDBFactory();
    const storage = fakeStorage();
    const library = background(factory, storage);
    await fillLibrary(library.db);
    const settings = new LibraryLock(storage);
    await settings.load();
    const made = await createProtection(PASSPHRASE, CHEAP);
    // A record as stop 35 and earlier wrote it: it says nothing of its words' length.
    const { keyedWordChars: _, ...before } = made.record;
    await settings.hold(made.libraryKey);
    await settings.setRecord(before);
    await until(() => library.lock.state.record?.state === 'on' && library.running() === null, 'protected');
    // A page saved once it is protected is found with the rest.
    const saved = generatedArticle(40);
    await saveCapture(library.db, saved, 9_000);
    await indexQueued(library.db);
    const terms = keyedWordsOf(await rawRows(factory));
    expect(terms.length).toBeGreaterThan(300);
    expect(terms.every((term) => term.length === 22)).toBe(true);
    const found = (await searchLibrary(library.db, 'больниц')).pages.map((page) => page.url);
    expect(found).toHaveLength(5);
    expect(found[0]).toBe(saved.canonicalUrl);
    expect((await searchLibrary(library.db, 'paratroopers')).pages.length).toBe(1);
    library.stop();
    library.db.close();
  });
});

describe('saving while locked', () => {
  it('takes in the copies saved while locked before protection is removed, whose keys alone open them', async () => {
    const factory = new IDBFactory();
    const storage = fakeStorage();
    const settings = new LibraryLock(storage);
    await settings.load();
    const made = await createProtection(PASSPHRASE, CHEAP);
    await settings.hold(made.libraryKey);
    await settings.setRecord({ ...made.record, state: 'on' });
    const running = background(factory, storage);
    await until(() => viewOf(running.lock.state) === 'unlocked', 'unlocked');
    // Woken with the library unlocked (often by the unlock itself): what the unlock lets go on, once.
    await settle();
    expect(running.opened).toHaveBeenCalledOnce();
    const capture = generatedArticle(150);
    await keepLockedSave(running.db, made.record, capture, [], 10_000);
    await settings.setRecord({ ...made.record, state: 'opening' });
    await until(() => running.lock.state.record === null && running.running() === null, 'opened');
    expect(await running.db.inbox.count()).toBe(0);
    expect((await running.db.pages.get(capture.canonicalUrl))?.title).toBe(capture.title);
  });


  it('keeps a copy sealed while locked, reading nothing of the library, and takes it in whole at the unlock', async () => {
    const factory = new IDBFactory();
    const storage = fakeStorage();
    const lock = new LibraryLock(storage);
    const db = bindToLock(new LibraryDatabase(DATABASE_NAME, { indexedDB: factory, IDBKeyRange }), lock);
    await lock.load();
    const made = await createProtection(PASSPHRASE, CHEAP);
    await lock.hold(made.libraryKey);
    await lock.setRecord({ ...made.record, state: 'on' });
    await fillLibrary(db);
    await lock.lock();
    await expect(db.pages.count()).rejects.toThrow('locked');

    const capture = { ...generatedArticle(101), images: ['https://news.example/photo.jpg'] };
    const images = [{ url: 'https://news.example/photo.jpg', missing: 'pending' as const }];
    await keepLockedSave(db, lock.state.record!, capture, images, 9_000);
    await keepLockedSave(db, lock.state.record!, generatedArticle(102), [], 9_001);
    expect(await lockedSaveCount(db)).toBe(2);
    const raw = JSON.stringify(await new LibraryDatabase(DATABASE_NAME, { indexedDB: factory, IDBKeyRange }).inbox.toArray(), (_key, value) => (value instanceof Uint8Array ? new TextDecoder().decode(value) : value));
    for (const secret of [capture.title, capture.canonicalUrl, 'news.example', 'photo.jpg']) expect(raw).not.toContain(secret);

    // A row changed on disk does not open, and stays; the others are taken in.
    const tampered = await keepLockedSave(db, lock.state.record!, generatedArticle(103), [], 9_002).then(() => db.inbox.toCollection().last());
    const bytes = Uint8Array.from(tampered!.sealed);
    bytes[bytes.length - 1]! ^= 1;
    await db.inbox.put({ ...tampered!, sealed: bytes });

    await lock.unlock({ passphrase: PASSPHRASE });
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(await takeInLockedSaves(db, lock.state.record!, lock.state.keys!)).toEqual({ saved: 2, unreadable: 1 });
    errors.mockRestore();
    expect(await lockedSaveCount(db)).toBe(1);
    // Exactly as a save at that moment would have kept it.
    const direct = new LibraryDatabase('samizdat-direct', { indexedDB: new IDBFactory(), IDBKeyRange });
    await saveCapture(direct, capture, 9_000, images);
    const page = await db.pages.get(capture.canonicalUrl);
    expect(page).toEqual(await direct.pages.get(capture.canonicalUrl));
    // The same copy, signed by each library's own key.
    const unsigned = async (library: LibraryDatabase) => ({ ...(await library.snapshots.get(page!.latestSnapshotId)), signature: undefined });
    expect(await unsigned(db)).toEqual(await unsigned(direct));
    expect((await db.snapshots.get(page!.latestSnapshotId))?.signature).toBeDefined();
    expect(await db.imageQueue.get(page!.latestSnapshotId)).toBeDefined();
    await indexQueued(db);
    expect((await searchLibrary(db, 'лікарні №101')).pages.map((found) => found.url)).toEqual([capture.canonicalUrl]);
  });
});
