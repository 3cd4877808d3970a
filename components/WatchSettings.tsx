import { browser } from 'wxt/browser';
import { formatNumber, t } from '../utils/i18n';
import { sendMessage } from '../utils/messages';
import { library } from '../utils/store/library';
import { setWatchSetting, watchSetting, type WatchSettingName } from '../utils/watch/watches';
import { useLiveQuery } from './useLiveQuery';

/**
 * Settings of watching: what a check does and what it risks, said before anything is turned on;
 * watching every new save; pausing everything; notifications (the one optional permission asked
 * here, in the click that turns them on).
 */
export function WatchSettings() {
  const db = library();
  const [settings] = useLiveQuery(
    async () => ({ watchNewSaves: await watchSetting(db, 'watchNewSaves'), paused: await watchSetting(db, 'paused'), notify: await watchSetting(db, 'notify') }),
    [],
    null,
  );
  const [watched] = useLiveQuery(() => db.watches.count(), [], 0);
  const set = async (name: WatchSettingName, value: boolean) => {
    await setWatchSetting(db, name, value);
    await sendMessage('watchChanged', {}).catch(() => undefined);
  };
  const setNotify = (value: boolean) => {
    // Asked in the click itself: browsers show a permission prompt only for a user's gesture.
    const asking = value ? browser.permissions.request({ permissions: ['notifications'] }).catch(() => false) : Promise.resolve(false);
    void asking.then((granted) => set('notify', value && granted));
  };
  return (
    <section aria-labelledby="watching-heading" class="watch-settings">
      <h2 id="watching-heading">{t('watchingHeading')}</h2>
      <p>{t('watchingIntro')}</p>
      <p class="warning">{t('watchingRisk')}</p>
      <p class="meta">{t('watchedCount', formatNumber(watched))}</p>
      {settings ? (
        <>
          <p>
            <label>
              <input type="checkbox" class="watch-new-saves" checked={settings.watchNewSaves} onChange={(event) => void set('watchNewSaves', event.currentTarget.checked)} /> {t('watchNewSavesLabel')}
            </label>
          </p>
          <p>
            <label>
              <input type="checkbox" class="pause-watching" checked={settings.paused} onChange={(event) => void set('paused', event.currentTarget.checked)} /> {t('pauseWatchingLabel')}
            </label>
          </p>
          <p>
            <label>
              <input type="checkbox" class="watch-notify" checked={settings.notify} onChange={(event) => setNotify(event.currentTarget.checked)} /> {t('notifyLabel')}
            </label>
          </p>
        </>
      ) : null}
    </section>
  );
}
