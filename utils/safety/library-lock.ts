import { fromBase64, toBase64 } from '../integrity/encoding';
import { libraryKeys, type LibraryKeys } from './library-key';
import { unlockProtection, type ProtectionRecord } from './protection';
import { forgetOpened } from './sealed';

/**
 * Where a protected library's state lives, and the one place every extension context learns it
 * (issue 25; docs/SECURITY.md, "A protected library"). The protection record (the wrapped keys:
 * nothing in it opens the library) is kept in `storage.local`; the library key, while the library
 * is unlocked, in `storage.session`, which the browser keeps in memory only, shows to the
 * extension's own pages and background alone (not to content scripts), and forgets when it closes.
 * Every context holds the working keys derived from it, and forgets them the moment the session
 * key goes: locking anywhere locks everywhere.
 */

/** `storage.local`: the protection record. */
export const PROTECTION_ITEM = 'protection';
/** `storage.session`: the library key (base64) while unlocked. */
export const KEY_ITEM = 'libraryKey';
/** `storage.session`: how far turning protection on or off has gone. */
export const PROGRESS_ITEM = 'protectionProgress';

/** The part of the extension storage API this needs (browser.storage, or a fake in the unit tests). */
export interface LockStorage {
  local: StorageArea;
  session: StorageArea;
  onChanged: { addListener: (listener: (changes: Record<string, { newValue?: unknown; oldValue?: unknown }>, area: string) => void) => void };
}
interface StorageArea {
  get: (keys: string | string[]) => Promise<Record<string, unknown>>;
  set: (items: Record<string, unknown>) => Promise<void>;
  remove: (key: string) => Promise<void>;
}

/** How far turning protection on (sealing) or off (opening) has gone, in rows. */
export interface ConvertProgress {
  toSealed: boolean;
  done: number;
  total: number;
  /** Why it stopped, when it did: it goes on at the next unlock or start. */
  stopped?: string;
}

/** What a context knows: the record (null: not protected), and the working keys while unlocked. */
export interface LockState {
  record: ProtectionRecord | null;
  keys: LibraryKeys | undefined;
  progress: ConvertProgress | null;
}

/** What a page shows: a plain library, a locked one, an open one, or one being sealed or opened. */
export type LockView = 'plain' | 'locked' | 'unlocked' | 'converting';

export function viewOf(state: LockState): LockView {
  if (!state.record) return 'plain';
  if (!state.keys) return 'locked';
  return state.record.state === 'on' ? 'unlocked' : 'converting';
}

function keysOf(stored: unknown): LibraryKeys | undefined {
  const bytes = typeof stored === 'string' ? fromBase64(stored) : undefined;
  return bytes?.length === 32 ? libraryKeys(bytes) : undefined;
}

/** One context's view of the lock, kept current by the storage's change events. */
export class LibraryLock {
  private current: LockState = { record: null, keys: undefined, progress: null };
  private loading: Promise<void> | undefined;
  private readonly listeners = new Set<(state: LockState) => void>();

  constructor(private readonly storage: LockStorage) {}

  /** The state as last read: what the library's middleware asks on every request. */
  get state(): LockState {
    return this.current;
  }

  /** Read the state once (before the library's first request), then follow its changes. */
  load(): Promise<LockState> {
    this.loading ??= (async () => {
      // Listening first: a change between the reads and the listener would otherwise be missed.
      this.storage.onChanged.addListener((changes, area) => {
        if (area === 'local' && PROTECTION_ITEM in changes) this.update({ record: (changes[PROTECTION_ITEM]!.newValue as ProtectionRecord | undefined) ?? null });
        if (area === 'session' && KEY_ITEM in changes) this.update({ keys: keysOf(changes[KEY_ITEM]!.newValue) });
        if (area === 'session' && PROGRESS_ITEM in changes) this.update({ progress: (changes[PROGRESS_ITEM]!.newValue as ConvertProgress | undefined) ?? null });
      });
      const [local, session] = await Promise.all([this.storage.local.get(PROTECTION_ITEM), this.storage.session.get([KEY_ITEM, PROGRESS_ITEM])]);
      const progress = (session[PROGRESS_ITEM] as ConvertProgress | undefined) ?? null;
      this.update({ record: (local[PROTECTION_ITEM] as ProtectionRecord | undefined) ?? null, keys: keysOf(session[KEY_ITEM]), progress });
    })();
    // The state now, not as it was first read: a page drawn later must not see a stale lock.
    return this.loading.then(() => this.current);
  }

  /** Called with the new state on every change, in this context; answers the unsubscribe. */
  subscribe(listener: (state: LockState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private update(change: Partial<LockState>): void {
    // Locked (or another key): the records this context opened go with the key it held.
    if ('keys' in change && change.keys !== this.current.keys) forgetOpened();
    // The key and the record arrive as two changes, in either order: each is kept as it comes.
    this.current = { ...this.current, ...change };
    for (const listener of this.listeners) listener(this.current);
  }

  /**
   * Unlock with the passphrase or the recovery key: the key is put where every context finds it.
   * KeyRefused when it does not open the library.
   */
  async unlock(secret: { passphrase: string } | { recoveryKey: string }, onProgress?: (done: number) => void): Promise<void> {
    const { record } = await this.load();
    if (!record) return;
    const libraryKey = await unlockProtection(record, secret, onProgress);
    await this.hold(libraryKey);
  }

  /** Keep the library key for this browser session (turning protection on, or unlocking). */
  async hold(libraryKey: Uint8Array): Promise<void> {
    // This context knows at once; the others when the storage tells them.
    this.update({ keys: libraryKeys(libraryKey) });
    await this.storage.session.set({ [KEY_ITEM]: toBase64(libraryKey) });
  }

  /** Forget the key everywhere: this context at once, every other when the storage tells it. */
  async lock(): Promise<void> {
    this.update({ keys: undefined });
    await this.storage.session.remove(KEY_ITEM);
  }

  /** Store a new or changed record (null: protection turned off, and the key forgotten). */
  async setRecord(record: ProtectionRecord | null): Promise<void> {
    this.update({ record });
    if (record) await this.storage.local.set({ [PROTECTION_ITEM]: record });
    else {
      await this.storage.local.remove(PROTECTION_ITEM);
      await this.storage.session.remove(KEY_ITEM);
    }
  }

  async setProgress(progress: ConvertProgress | null): Promise<void> {
    this.update({ progress });
    if (progress) await this.storage.session.set({ [PROGRESS_ITEM]: progress });
    else await this.storage.session.remove(PROGRESS_ITEM);
  }
}
