import { browser } from 'wxt/browser';
import type { CaptureKind, CaptureOutcome } from '../capture/types';
import { t } from '../i18n';
import { askOffscreen, type Handlers } from '../messages';
import type { SaveOutcome } from '../store/save-capture';
import { keepAwakeDuring } from '../save/keep-awake';
import { patternCovers } from '../save/host-access';
import { library, libraryLock } from '../store/library';
import { viewOf } from '../safety/library-lock';
import type { CheckRecord } from '../store/records';
import { checkPage, type CheckDeps } from './check-page';
import { describeNews } from './outcome-words';
import { runDueChecks } from './run-checks';
import { DEFAULT_INTERVAL } from './schedule';
import { CHECK_ALL_RUN, dueAllNow, dueWatches, nextDue, undueUnchecked, unseenNews, unwatchPage, watchPage, watchSetting } from './watches';

/** The one alarm that wakes the background when the next watched page is due. */
export const WATCH_ALARM = 'samizdat-watch';
const ping = () => browser.runtime.getPlatformInfo();

async function grantedOrigins(): Promise<string[]> {
  return (await browser.permissions.getAll()).origins ?? [];
}

/**
 * Chromium's service worker has no DOM: fetched HTML is read in an offscreen document made for
 * that (reason DOM_PARSER), which the background closes after a run. Firefox's background page has
 * a DOM, and reads it itself.
 */
let offscreen: Promise<void> | null = null;
async function readPage(html: string, url: string, kind: CaptureKind): Promise<CaptureOutcome> {
  // A constant of the build: the Firefox build carries none of the offscreen code below, and the
  // Chromium build's worker none of the capture code (its offscreen document has it).
  if (import.meta.env.FIREFOX) return (await import('./read-fetched-page')).readFetchedPage(html, url, kind, window);
  offscreen ??= (async () => {
    const contexts = await chrome.runtime.getContexts({ contextTypes: [chrome.runtime.ContextType.OFFSCREEN_DOCUMENT] });
    if (contexts.length === 0) {
      await chrome.offscreen.createDocument({ url: 'offscreen.html', reasons: [chrome.offscreen.Reason.DOM_PARSER], justification: 'Read a watched article with the capture code, as a save reads it.' });
    }
  })().catch((error) => {
    offscreen = null;
    throw error;
  });
  await offscreen;
  return askOffscreen({ html, url, kind });
}

async function closeOffscreen(): Promise<void> {
  if (import.meta.env.FIREFOX || !offscreen) return;
  offscreen = null;
  await chrome.offscreen.closeDocument().catch(() => undefined);
}

function deps(completeImages: (snapshotId: string) => Promise<unknown>): CheckDeps {
  return {
    db: library(),
    now: Date.now,
    fetch: (url, init) => fetch(url, init),
    mayRequest: async (url) => (await grantedOrigins()).some((pattern) => patternCovers(pattern, url)),
    grantedOrigins,
    readPage,
    imagesPending: (snapshotId) => void completeImages(snapshotId).catch((error) => console.error('Samizdat: could not download the images of a version a check found', error)),
  };
}

/** The toolbar button's count of news not yet seen, on every tab (a save's mark on one tab overrides it there). */
async function showNewsCount(): Promise<void> {
  const count = await unseenNews(library());
  const button = browser.action ?? browser.browserAction;
  await button.setBadgeBackgroundColor({ color: '#8a4b00' });
  await button.setBadgeText({ text: count ? String(count) : '' });
}

/** A system notification for news, if the user asked for them and allowed them. */
async function notify(record: CheckRecord): Promise<void> {
  if (!record.unseen || !(await watchSetting(library(), 'notify'))) return;
  if (!(await browser.permissions.contains({ permissions: ['notifications'] }))) return;
  const page = await library().pages.get(record.pageUrl);
  await browser.notifications.create(`samizdat-check-${record.id}`, {
    type: 'basic',
    iconUrl: browser.runtime.getURL('/icon/128.png'),
    title: t('extName'),
    message: describeNews(record, page?.title ?? record.pageUrl),
  });
}

/** Wake the background when the next page is due (or not at all: nothing watched, or watching paused). */
async function armAlarm(): Promise<void> {
  const db = library();
  const due = (await watchSetting(db, 'paused')) ? null : await nextDue(db);
  if (due === null) await browser.alarms.clear(WATCH_ALARM);
  else await browser.alarms.create(WATCH_ALARM, { when: Math.max(due, Date.now() + 1_000) });
}

/** A run cut short by a stopped worker is taken up again this long after it began, at the latest. */
const RESUME_AFTER_MS = 60_000;

let running: Promise<number> | null = null;
let stopRequested = false;

/**
 * Run what is due, once at a time in this context, keeping the worker awake while it lasts; then
 * set the alarm for what comes next. A run already under way takes up what is due when it ends.
 */
function runWhileAwake(completeImages: (snapshotId: string) => Promise<unknown>): Promise<number> {
  running ??= (async () => {
    const db = library();
    // A protected library that is locked, or being sealed or opened, is not checked: the checks
    // due run when it is unlocked (resume, below).
    const view = viewOf(await libraryLock().load());
    if (view !== 'plain' && view !== 'unlocked') {
      running = null;
      return 0;
    }
    stopRequested = false;
    let total = 0;
    // If the worker is stopped during the run, this wakes it to take the run up again; the end
    // of the run replaces it with the next due time. Nothing due (every start asks): no alarm.
    if ((await dueWatches(db, Date.now())).length) await browser.alarms.create(WATCH_ALARM, { when: Date.now() + RESUME_AFTER_MS });
    try {
      for (;;) {
        // As each check's record is in, the toolbar's count of news follows.
        const ran = await runDueChecks(deps(completeImages), { stopped: () => stopRequested, onChecked: () => void showNewsCount().catch(() => undefined) });
        total += ran;
        if (ran === 0 || stopRequested) break;
      }
      // News from this run, as notifications if asked for.
      for (const record of await db.checks.where('unseen').equals(1).filter((c) => !c.notified).toArray()) {
        await notify(record).catch(() => undefined);
        await db.checks.update(record.id!, { notified: 1 });
      }
      await db.settings.delete(CHECK_ALL_RUN);
    } finally {
      await closeOffscreen();
      await armAlarm().catch((error) => console.error('Samizdat: could not set the next check', error));
      running = null;
    }
    return total;
  })();
  return keepAwakeDuring(running, ping);
}

export type WatchHandlers = Pick<Handlers, 'watchPage' | 'unwatchPage' | 'checkNow' | 'checkAll' | 'cancelChecks' | 'watchChanged'>;

/**
 * Watching, wired to the browser: the alarm, a run at every start (what was due while the browser
 * was closed, or what a stopped worker left), and the messages of the popup, library, reader and
 * settings. `completeImages` is the save's own (background-saving.ts): a version a check keeps
 * downloads its images as a save's do.
 */
export function setupWatching(completeImages: (snapshotId: string) => Promise<unknown>): { handlers: WatchHandlers; afterSave: (outcome: SaveOutcome) => Promise<void>; resume: () => void } {
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === WATCH_ALARM) void runWhileAwake(completeImages);
  });
  // Alarms may not survive a browser restart (Firefox's never do): set it again at every start,
  // and run at once whatever fell due meanwhile.
  void runWhileAwake(completeImages).catch((error) => console.error('Samizdat: could not run the checks that were due', error));
  void showNewsCount().catch(() => undefined);
  const db = library();
  const handlers: WatchHandlers = {
    watchPage: async ({ pageUrl, interval }) => {
      const watch = await watchPage(db, pageUrl, interval, Date.now());
      await armAlarm();
      return watch;
    },
    unwatchPage: async ({ pageUrl }) => {
      await unwatchPage(db, pageUrl);
      await armAlarm();
    },
    checkNow: async ({ pageUrl }) => {
      const record = await keepAwakeDuring(checkPage(deps(completeImages), pageUrl), ping);
      await closeOffscreen();
      await Promise.all([showNewsCount(), armAlarm()]).catch(() => undefined);
      if (record) await notify(record).catch(() => undefined);
      return record;
    },
    checkAll: async () => {
      const startedAt = Date.now();
      const total = await dueAllNow(db, startedAt);
      await db.settings.put({ name: CHECK_ALL_RUN, value: { startedAt, total } });
      void runWhileAwake(completeImages);
      return { startedAt, total };
    },
    cancelChecks: async () => {
      stopRequested = true;
      const run = (await db.settings.get(CHECK_ALL_RUN))?.value as { startedAt: number } | undefined;
      await running?.catch(() => undefined);
      if (run) await undueUnchecked(db, run.startedAt, Date.now());
      await db.settings.delete(CHECK_ALL_RUN);
      await armAlarm();
    },
    watchChanged: async () => {
      // Paused: stop the run under way before its next check.
      if (await watchSetting(db, 'paused')) stopRequested = true;
      await Promise.all([armAlarm(), showNewsCount()]);
    },
  };
  /** "Watch every page I save": a page saved for the first time is watched at the default interval. */
  const afterSave = async (outcome: SaveOutcome) => {
    if (outcome.kind !== 'new-page' || outcome.copy === 'selection' || !(await watchSetting(db, 'watchNewSaves'))) return;
    await watchPage(db, outcome.pageUrl, DEFAULT_INTERVAL, Date.now());
    await armAlarm();
  };
  /** A protected library unlocked: the checks that fell due while it was locked run now, and the count shows again. */
  const resume = () => {
    void runWhileAwake(completeImages).catch((error) => console.error('Samizdat: could not run the checks that were due', error));
    void showNewsCount().catch(() => undefined);
  };
  return { handlers, afterSave, resume };
}
