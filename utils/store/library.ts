import { browser } from 'wxt/browser';
import { LibraryLock, type LockStorage } from '../safety/library-lock';
import { LibraryDatabase } from './db';
import { bindToLock } from './locked-library';

let lock: LibraryLock | undefined;
let shared: LibraryDatabase | undefined;

/** This context's view of the library's lock (utils/safety/library-lock.ts). */
export function libraryLock(): LibraryLock {
  lock ??= new LibraryLock(browser.storage as unknown as LockStorage);
  return lock;
}

/** The library of this browser profile, opened once per extension context, bound to its lock. */
export function library(): LibraryDatabase {
  shared ??= bindToLock(new LibraryDatabase(), libraryLock());
  return shared;
}
