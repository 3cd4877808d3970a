import { useEffect, useState } from 'preact/hooks';
import { nodeUrl } from '../utils/archive/car/publish';
import { ipfsNode, setIpfsNode } from '../utils/archive/car/published';
import { t } from '../utils/i18n';
import { library } from '../utils/store/library';

/** The address of the user's own IPFS node, which "Publish to my IPFS node" sends to. */
export function IpfsNodeSettings() {
  const [address, setAddress] = useState<string | null>(null);
  const [said, setSaid] = useState<{ error: boolean; text: string } | null>(null);
  useEffect(() => {
    void ipfsNode(library()).then(setAddress);
  }, []);
  if (address === null) return null;
  return (
    <section aria-labelledby="ipfs-node-heading">
      <h2 id="ipfs-node-heading">{t('ipfsNodeHeading')}</h2>
      <p>{t('ipfsNodeIntro')}</p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (!nodeUrl(address)) return setSaid({ error: true, text: t('ipfsNodeInvalid', address) });
          void setIpfsNode(library(), address).then(() => setSaid({ error: false, text: t('ipfsNodeSaved') }));
        }}
      >
        <label>
          {t('ipfsNodeLabel')} <input type="url" class="ipfs-node" dir="ltr" value={address} onInput={(event) => setAddress(event.currentTarget.value)} />
        </label>{' '}
        <button type="submit">{t('ipfsNodeSave')}</button>{' '}
        {said ? <span class={said.error ? 'error' : undefined} role={said.error ? 'alert' : 'status'}>{said.text}</span> : null}
      </form>
    </section>
  );
}
