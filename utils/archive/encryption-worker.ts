import { answerCalls } from '../workers/answer';
import { decryptFile, encryptFile, EncryptedFileRefused } from './encrypted-file';
import type { EncryptionAnswer, EncryptionCall } from './worker-encryption';

/**
 * A worker that encrypts an export and decrypts a file to import (age, encrypted-file.ts):
 * scrypt holds its thread for a second or more on purpose, and the cipher then reads the whole
 * file, so neither runs on the thread of the page showing progress. Why a file will not open is
 * an answer, not an error: the page says it in the user's words.
 */
answerCalls<EncryptionCall, EncryptionAnswer>(async (call) => {
  if (call.kind === 'encrypt') return { output: { ok: true, file: await encryptFile(call.file, call.passphrase) } };
  try {
    return { output: { ok: true, file: await decryptFile(call.file, call.passphrase) } };
  } catch (error) {
    if (error instanceof EncryptedFileRefused) return { output: { ok: false, reason: error.reason, detail: error.message } };
    throw error;
  }
});
