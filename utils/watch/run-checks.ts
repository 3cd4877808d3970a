import { checkPage, type CheckDeps } from './check-page';
import { runPolitely } from './schedule';
import { dueWatches, watchSetting } from './watches';

function hostOf(pageUrl: string): string {
  try {
    return new URL(pageUrl).hostname;
  } catch {
    return pageUrl;
  }
}

/**
 * Check every watched page that is due, politely (utils/watch/schedule.ts, runPolitely), unless
 * watching is paused. Each check is recorded as it finishes, with the page's next time, so a run
 * stopped part-way (the worker stopped, the user cancelled or paused watching: `stopped` says so) is taken up where it stopped by the
 * next one, and repeats nothing. `stopped` is asked before each check. Answers how many ran.
 */
export async function runDueChecks(deps: CheckDeps, { stopped = () => false, onChecked }: { stopped?: () => boolean; onChecked?: () => void } = {}): Promise<number> {
  if (await watchSetting(deps.db, 'paused')) return 0;
  const due = await dueWatches(deps.db, deps.now());
  return runPolitely(
    due.map((watch) => ({ pageUrl: watch.pageUrl, host: hostOf(watch.pageUrl) })),
    async ({ pageUrl }) => {
      await checkPage(deps, pageUrl);
      onChecked?.();
    },
    { stopped },
  );
}
