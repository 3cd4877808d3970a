import { useEffect, useState } from 'preact/hooks';
import { fingerprint, publicKeyPem } from '../utils/integrity/signature';
import { signingKey } from '../utils/integrity/signing-key';
import { library } from '../utils/store/library';
import { formatTime, t, tParts } from '../utils/i18n';
import { openLibrary } from '../utils/pages';
import { offerDownload } from './download';
import { DownloadReady, type Downloaded } from './DownloadReady';
import { WatchSettings } from './WatchSettings';
import { IpfsNodeSettings } from './IpfsNodeSettings';
import { TraceSettings } from './TraceSettings';
import { ProtectionSettings } from './ProtectionSettings';

type KeyState = { status: 'loading' } | { status: 'ready'; publicKey: string; fingerprint: string; createdAt: number | undefined } | { status: 'error'; message: string };

/** The library's signing key: its fingerprint to publish, and its public half to share. */
export function Settings() {
  const [key, setKey] = useState<KeyState>({ status: 'loading' });
  const [done, setDone] = useState<Downloaded | null>(null);
  useEffect(() => {
    (async () => {
      const db = library();
      const { publicKey } = await signingKey(db);
      const record = await db.keys.get('signing');
      setKey({ status: 'ready', publicKey, fingerprint: await fingerprint(publicKey), createdAt: record?.createdAt });
    })().catch((error) => setKey({ status: 'error', message: (error as Error).message }));
  }, []);

  return (
    <main class="settings">
      <h1>{t('settingsHeading')}</h1>
      <section aria-labelledby="key-heading">
        <h2 id="key-heading">{t('signingKeyHeading')}</h2>
        <p>{tParts('signingKeyIntro', <code dir="ltr">samizdat verify --key</code>)}</p>
        {key.status === 'loading' ? <p role="status">{t('readingKey')}</p> : null}
        {key.status === 'error' ? (
          <p class="error" role="alert">{t('keyError', key.message)}</p>
        ) : null}
        {key.status === 'ready' ? (
          <>
            <p>
              {t('fingerprintLabel')}
              <br />
              <code class="key-fingerprint" dir="ltr">{key.fingerprint}</code>
            </p>
            {key.createdAt ? <p class="meta">{t('keyMadeOn', formatTime(key.createdAt))}</p> : null}
            <p>
              <button
                type="button"
                class="export-public-key"
                onClick={() => {
                  const name = 'samizdat-public-key.pem';
                  const blob = new Blob([publicKeyPem(key.publicKey)], { type: 'application/x-pem-file' });
                  setDone({ name, size: blob.size, url: offerDownload(blob, name) });
                }}
              >
                {t('savePublicKey')}
              </button>
            </p>
            {done ? <DownloadReady file={done} /> : null}
          </>
        ) : null}
      </section>
      <ProtectionSettings />
      <TraceSettings />
      <WatchSettings />
      <IpfsNodeSettings />
      <section aria-labelledby="archives-heading">
        <h2 id="archives-heading">{t('archivesHeading')}</h2>
        <p>
          {t('archivesIntro')}{' '}
          <button type="button" class="link-button" onClick={() => void openLibrary()}>
            {t('openLibrary')}
          </button>
        </p>
      </section>
    </main>
  );
}
