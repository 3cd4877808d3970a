import type { LibraryDatabase } from '../store/db';
import { signSnapshot } from './signature';
import { signingKey } from './signing-key';

const BATCH = 200;

/**
 * Sign the snapshots that have no signature: those kept before the library had a key, or while
 * the browser could not sign (not those imported from others' web archives). Signed in batches (signing is a foreign await, so it happens between
 * transactions); a snapshot deleted meanwhile is simply not updated. Answers how many were signed.
 */
export async function signUnsigned(db: LibraryDatabase, now: () => number = Date.now): Promise<number> {
  const key = await signingKey(db);
  let signed = 0;
  let after = '';
  for (;;) {
    const batch = await db.snapshots.where('id').above(after).limit(BATCH).toArray();
    if (!batch.length) return signed;
    after = batch[batch.length - 1]!.id;
    // A copy imported from someone else's web archive stays unsigned: this library did not capture it.
    const unsigned = batch.filter((snapshot) => !snapshot.signature && !snapshot.importedFrom);
    const signatures = await Promise.all(unsigned.map((snapshot) => signSnapshot(key, snapshot, now())));
    await db.transaction('rw', db.snapshots, async () => {
      for (const [i, snapshot] of unsigned.entries()) {
        if (await db.snapshots.get(snapshot.id)) await db.snapshots.update(snapshot.id, { signature: signatures[i] });
      }
    });
    signed += unsigned.length;
  }
}
