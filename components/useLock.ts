import { useEffect, useState } from 'preact/hooks';
import type { LockState } from '../utils/safety/library-lock';
import { libraryLock } from '../utils/store/library';

/** The library's lock as this page knows it, kept current (null until first read). */
export function useLock(): LockState | null {
  const lock = libraryLock();
  const [state, setState] = useState<LockState | null>(null);
  useEffect(() => {
    const unsubscribe = lock.subscribe(setState);
    void lock.load().then(setState);
    return unsubscribe;
  }, []);
  return state;
}
