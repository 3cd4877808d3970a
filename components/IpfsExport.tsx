import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { gatewayUrl } from '../utils/archive/car/format';
import { nodePermission, publishToNode } from '../utils/archive/car/publish';
import { ipfsNode, publications, remember, type Publication } from '../utils/archive/car/published';
import { formatBytes, formatTime, t, tParts } from '../utils/i18n';
import { library } from '../utils/store/library';
import { useLiveQuery } from './useLiveQuery';

type Sending = { status: 'idle' } | { status: 'sending' } | { status: 'sent' } | { status: 'failed'; message: string };

/**
 * What an export for IPFS made: its root CID to copy, the commands that publish it, and "Publish to
 * my IPFS node", which asks the browser for the node's one site and sends the CAR there.
 */
export function IpfsExport({ car, publication }: { car: Blob; publication: Publication }) {
  const { root, file } = publication;
  const [copied, setCopied] = useState<string | null>(null);
  const [node, setNode] = useState<string | null>(null);
  const [sending, setSending] = useState<Sending>({ status: 'idle' });
  useEffect(() => {
    void ipfsNode(library()).then(setNode);
  }, []);

  const send = async (address: string) => {
    const pattern = nodePermission(address);
    if (!pattern) return setSending({ status: 'failed', message: t('ipfsNodeInvalid', address) });
    // Asked first, while the click still counts as the user's: Firefox grants nothing later.
    const granted = await browser.permissions.request({ origins: [pattern] }).catch(() => false);
    if (!granted) return setSending({ status: 'failed', message: t('ipfsPermissionDenied', address) });
    setSending({ status: 'sending' });
    try {
      await publishToNode(car, root, address, location.origin);
      await remember(library(), { ...publication, node: address, pinnedAt: Date.now() });
      setSending({ status: 'sent' });
    } catch (error) {
      setSending({ status: 'failed', message: (error as Error).message });
    }
  };

  return (
    <section class="ipfs-export" aria-labelledby="ipfs-root-label">
      <p id="ipfs-root-label">{t('ipfsRoot')}</p>
      <p>
        <code class="ipfs-root hash" dir="ltr">{root}</code>{' '}
        <button
          type="button"
          class="copy-cid"
          onClick={() =>
            void navigator.clipboard.writeText(root).then(
              () => setCopied(t('ipfsCopied')),
              () => setCopied(t('ipfsCopyFailed')),
            )
          }
        >
          {t('ipfsCopy')}
        </button>{' '}
        <span role="status">{copied}</span>
      </p>
      <p>{t('ipfsHowTo')}</p>
      <ul class="ipfs-commands">
        <li>{tParts('ipfsWithNode', <code dir="ltr">ipfs dag import {file}</code>)}</li>
        <li>{tParts('ipfsWithPinning', <code dir="ltr">ipfs pin remote add --service=&lt;service&gt; --name={file} {root}</code>)}</li>
        <li>{tParts('ipfsWithGateway', <code dir="ltr">{gatewayUrl(root)}</code>)}</li>
      </ul>
      {node !== null ? (
        <p>
          <button type="button" class="publish-to-node" disabled={sending.status === 'sending'} onClick={() => void send(node)}>
            {t('ipfsPublishButton', node)}
          </button>
        </p>
      ) : null}
      {sending.status === 'sending' ? <p role="status">{t('ipfsPublishing', node ?? '')}</p> : null}
      {sending.status === 'sent' ? <p class="published" role="status">{t('ipfsPublishedTo', node ?? '')}</p> : null}
      {sending.status === 'failed' ? <p class="error" role="alert">{sending.message}</p> : null}
    </section>
  );
}

/** What was exported for IPFS before, newest first, with each root CID. */
export function IpfsHistory() {
  const [list] = useLiveQuery(() => publications(library()), [], [] as Publication[]);
  if (!list.length) return null;
  return (
    <section class="ipfs-history" aria-labelledby="ipfs-history-heading">
      <h3 id="ipfs-history-heading">{t('ipfsHistoryHeading')}</h3>
      <ul>
        {list.map((entry) => (
          <li key={`${entry.at}-${entry.root}`}>
            {t('ipfsHistoryEntry', formatTime(entry.at), entry.file, formatBytes(entry.bytes))}
            <br />
            <code class="hash" dir="ltr">{entry.root}</code>
            {entry.node && entry.pinnedAt ? <> · {t('ipfsHistoryPinned', entry.node, formatTime(entry.pinnedAt))}</> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
