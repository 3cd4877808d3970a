import { browser } from 'wxt/browser';
import { t } from '../utils/i18n';
import { library } from '../utils/store/library';
import { forgetsVisits, setForgetsVisits } from '../utils/save/forget-visit';
import { useLiveQuery } from './useLiveQuery';

/**
 * What a searched computer shows of the library, said plainly, and the one thing Samizdat can
 * take off it: each saved page's visit in the browser's history (the optional `history`
 * permission, asked for in the click that turns it on and given back when it is turned off).
 */
export function TraceSettings() {
  const db = library();
  const [forgets] = useLiveQuery(() => forgetsVisits(db), [], null);
  const set = (value: boolean) => {
    // Asked in the click itself: browsers show a permission prompt only for a user's gesture.
    const asking = value ? browser.permissions.request({ permissions: ['history'] }).catch(() => false) : browser.permissions.remove({ permissions: ['history'] }).then(() => false, () => false);
    void asking.then((granted) => setForgetsVisits(db, value && granted));
  };
  return (
    <section aria-labelledby="traces-heading" class="trace-settings">
      <h2 id="traces-heading">{t('tracesHeading')}</h2>
      <p class="warning">{t('tracesLibraryReadable')}</p>
      {forgets === null ? null : (
        <p>
          <label>
            <input type="checkbox" class="forget-visits" checked={forgets} onChange={(event) => set(event.currentTarget.checked)} /> {t('forgetVisitsLabel')}
          </label>
        </p>
      )}
      <p class="meta">{t('forgetVisitsLimits')}</p>
    </section>
  );
}
