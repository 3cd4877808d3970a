import { useEffect, useState } from 'preact/hooks';
import { fingerprint, publicKeyPem } from '../utils/integrity/signature';
import { signingKey } from '../utils/integrity/signing-key';
import { library } from '../utils/store/db';
import { formatTime } from '../utils/format';
import { openLibrary } from '../utils/pages';
import { offerDownload } from './download';
import { DownloadReady, type Downloaded } from './DownloadReady';

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
      <h1>Samizdat settings</h1>
      <section aria-labelledby="key-heading">
        <h2 id="key-heading">Your signing key</h2>
        <p>
          Samizdat signs every copy you save, and every archive you export, with a key made for this browser. Its private half
          never leaves it. Publish the fingerprint below (on your site, your profile, in print) so that anyone who receives your
          archives can check, with <code>samizdat verify --key</code>, that they come from you and were not altered.
        </p>
        {key.status === 'loading' ? <p>Reading the key…</p> : null}
        {key.status === 'error' ? (
          <p class="error" role="alert">
            The signing key could not be read or made: {key.message}. Copies are still saved, unsigned, and will be signed when it can be made.
          </p>
        ) : null}
        {key.status === 'ready' ? (
          <>
            <p>
              Fingerprint (SHA-256 of the public key):
              <br />
              <code class="key-fingerprint" dir="ltr">{key.fingerprint}</code>
            </p>
            {key.createdAt ? <p class="meta">Made on {formatTime(key.createdAt)}.</p> : null}
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
                Save the public key (.pem)
              </button>
            </p>
            {done ? <DownloadReady file={done} /> : null}
          </>
        ) : null}
      </section>
      <section aria-labelledby="archives-heading">
        <h2 id="archives-heading">Archives</h2>
        <p>
          Export and import archives from the library.{' '}
          <button type="button" class="link-button" onClick={() => void openLibrary()}>
            Open library
          </button>
        </p>
      </section>
    </main>
  );
}
