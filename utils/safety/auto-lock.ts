import { viewOf, type LibraryLock } from './library-lock';

/** The idle times a user may choose, in minutes; 0 is never. */
export const AUTO_LOCK_CHOICES = [5, 15, 30, 60, 0] as const;
/** What a library just protected locks after. */
export const DEFAULT_AUTO_LOCK_MINUTES = 15;

export type IdleState = 'active' | 'idle' | 'locked';

/** The part of the browser's `idle` API this needs (or a fake in the unit tests). */
export interface IdleApi {
  setDetectionInterval: (seconds: number) => void;
  queryState: (seconds: number) => Promise<IdleState>;
  onStateChanged: { addListener: (listener: (state: IdleState) => void) => void };
}

/**
 * Lock a protected library after the idle time its owner chose (issue 25): the browser's `idle`
 * API says when the computer has had no input for that long, or its screen is locked; the library
 * locks then, everywhere (library-lock.ts). Asked again when the background starts, so that a
 * worker stopped and started while the user was away still follows the setting.
 */
export function followIdle(lock: LibraryLock, idle: IdleApi): void {
  const minutes = () => lock.state.record?.autoLockMinutes ?? DEFAULT_AUTO_LOCK_MINUTES;
  const unlocked = () => viewOf(lock.state) === 'unlocked' && minutes() > 0;
  let armedFor = -1;
  const arm = () => {
    const now = minutes();
    // The browser allows 15 seconds at least; one interval for the whole browser, set when it changes.
    if (now > 0 && now !== armedFor) idle.setDetectionInterval(now * 60);
    armedFor = now;
  };
  idle.onStateChanged.addListener((state) => {
    if (state !== 'active' && unlocked()) void lock.lock();
  });
  lock.subscribe(arm);
  void lock.load().then(async () => {
    arm();
    if (unlocked() && (await idle.queryState(minutes() * 60)) !== 'active') await lock.lock();
  });
}
