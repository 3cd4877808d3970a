import type { Capture } from '../capture/types';
import type { LibraryKeys } from '../safety/library-key';
import { openFromInbox, sealToInbox } from '../safety/inbox';
import { inboxPrivateKey, inboxPublicKey, type ProtectionRecord } from '../safety/protection';
import type { ImageResult } from '../save/fetch-images';
import type { LibraryDatabase } from './db';
import { captureTables, prepareCapture, storeCapture } from './save-capture';

/**
 * Saving while a protected library is locked (issue 25; docs/SECURITY.md): the toolbar button
 * still works without the passphrase. The capture, and what was planned for its images, is sealed
 * to the library's public key and kept in `inbox`; nothing of it is readable, and nothing of the
 * library is read to keep it. At the next unlock each copy is opened with the private half and
 * saved as it would have been, its row deleted in the same transaction, so a stop keeps or takes
 * in each copy whole, never both or neither. Its images download then, as a save's do after it.
 */

interface KeptSave {
  v: 1;
  capture: Capture;
  images: ImageResult[];
  savedAt: number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Keep a copy saved while locked. Only pending or missing images: none is downloaded while locked. */
export async function keepLockedSave(db: LibraryDatabase, record: ProtectionRecord, capture: Capture, images: ImageResult[], savedAt: number): Promise<void> {
  const kept: KeptSave = { v: 1, capture, images: images.filter((image) => 'missing' in image), savedAt };
  const sealed = await sealToInbox(inboxPublicKey(record), encoder.encode(JSON.stringify(kept)));
  await db.inbox.add({ sealed, savedAt });
}

/** How many copies wait to be taken in. */
export function lockedSaveCount(db: LibraryDatabase): Promise<number> {
  return db.inbox.count();
}

/**
 * Take every copy saved while locked into the unlocked library, oldest first, each in one
 * transaction with the deletion of its row. A copy that does not open (its row changed on disk)
 * stays where it is, and is counted. Answers how many were taken in, and how many would not open.
 */
export async function takeInLockedSaves(db: LibraryDatabase, record: ProtectionRecord, keys: LibraryKeys): Promise<{ saved: number; unreadable: number }> {
  const privateKey = inboxPrivateKey(record, keys);
  let saved = 0;
  let unreadable = 0;
  for (const id of (await db.inbox.toCollection().primaryKeys()) as number[]) {
    const row = await db.inbox.get(id);
    if (!row) continue;
    let kept: KeptSave;
    try {
      kept = JSON.parse(decoder.decode(await openFromInbox(privateKey, row.sealed))) as KeptSave;
    } catch (error) {
      console.error('Samizdat: a copy saved while the library was locked does not open', error);
      unreadable++;
      continue;
    }
    // Prepared outside the transaction (hashing awaits the browser's crypto), stored inside it.
    const prepared = await prepareCapture(db, kept.capture, kept.savedAt, kept.images);
    await db.transaction('rw', [...captureTables(db), db.inbox], async () => {
      // Taken in by another page meanwhile: nothing to do twice.
      if (!(await db.inbox.get(id))) return;
      await storeCapture(db, prepared);
      await db.inbox.delete(id);
      saved++;
    });
  }
  return { saved, unreadable };
}
