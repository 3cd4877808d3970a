import { encryptedName } from '../utils/archive/age-file';
import { workerEncryption, type Encryption } from '../utils/archive/worker-encryption';
import { offerDownload } from './download';
import type { Downloaded } from './DownloadReady';

/** The extension's encryption worker, started for one export or one import (named here, where the bundler finds it). */
export function startEncryption(): Encryption {
  return workerEncryption(() => new Worker(new URL('../utils/archive/encryption-worker.ts', import.meta.url)));
}

/**
 * An export encrypted with the passphrase and handed to the downloads as `<name>.age`. `signal`
 * (Cancel) ends the worker, and with it the encryption under way.
 */
export async function offerEncrypted(file: Blob, name: string, passphrase: string, signal?: AbortSignal): Promise<Downloaded> {
  const encryption = startEncryption();
  signal?.addEventListener('abort', encryption.close);
  try {
    const sealed = await encryption.encrypt(file, passphrase);
    const sealedName = encryptedName(name);
    return { name: sealedName, size: sealed.size, url: offerDownload(sealed, sealedName), encrypted: true };
  } finally {
    signal?.removeEventListener('abort', encryption.close);
    encryption.close();
  }
}
