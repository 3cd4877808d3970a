import { workerCalls } from '../workers/calls';
import { EncryptedFileRefused, type OpenFailure } from './age-file';

export type EncryptionCall = { kind: 'encrypt' | 'decrypt'; file: Blob; passphrase: string };
export type EncryptionAnswer = { ok: true; file: Blob } | { ok: false; reason: OpenFailure; detail: string };

export interface Encryption {
  encrypt: (file: Blob, passphrase: string) => Promise<Blob>;
  /** The plain file, or EncryptedFileRefused. */
  decrypt: (file: Blob, passphrase: string) => Promise<Blob>;
  close: () => void;
}

/**
 * Encryption of whole files in a worker of the extension's own (`encryption-worker.ts`), made
 * for one export or one import; on this thread where there are no workers (Node). A Blob is
 * posted as a handle, not its bytes.
 */
export function workerEncryption(start: () => Worker): Encryption {
  const calls = workerCalls<EncryptionCall, EncryptionAnswer>(start, 'encryption worker');
  if (!calls) {
    // Loaded only here: an extension page never carries the cipher's code on its own thread.
    const here = import('./encrypted-file');
    return { encrypt: async (file, passphrase) => (await here).encryptFile(file, passphrase), decrypt: async (file, passphrase) => (await here).decryptFile(file, passphrase), close: () => undefined };
  }
  const answered = async (call: EncryptionCall) => {
    const answer = await calls.call(call);
    if (!answer.ok) throw new EncryptedFileRefused(answer.reason, answer.detail);
    return answer.file;
  };
  return {
    encrypt: (file, passphrase) => answered({ kind: 'encrypt', file, passphrase }),
    decrypt: (file, passphrase) => answered({ kind: 'decrypt', file, passphrase }),
    close: calls.close,
  };
}
