import { t } from '../../i18n';

/**
 * Publishing a CAR to the user's own IPFS node (Kubo's RPC API, `POST /api/v0/dag/import`, which
 * imports every block and pins the root): only when the user set the node's address and pressed
 * "Publish to my IPFS node", after the browser granted that one site.
 */

/** The match pattern the browser's permission is asked for: the node's site, every port (patterns carry none). */
export function nodePermission(node: string): string | null {
  const url = nodeUrl(node);
  return url && `${url.protocol}//${url.hostname}/*`;
}

/** The node's address as a URL, or null if it is not an http(s) address without credentials. */
export function nodeUrl(node: string): URL | null {
  try {
    const url = new URL(node.trim());
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password) return null;
    return url;
  } catch {
    return null;
  }
}

/** Why a node did not take a CAR, in the user's words. */
export class PublishFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PublishFailed';
  }
}

/**
 * Sends the CAR to the node and checks what it says back: the root it imported must be the CAR's,
 * pinned without error. `origin` is the extension's own (what Kubo sees as the request's Origin):
 * a node that refuses it is told, in the message, how to allow it.
 */
export async function publishToNode(car: Blob, root: string, node: string, origin: string, fetcher: typeof fetch = fetch): Promise<void> {
  const url = nodeUrl(node);
  if (!url) throw new PublishFailed(t('ipfsNodeInvalid', node));
  const endpoint = new URL('api/v0/dag/import?pin-roots=true', url.href.endsWith('/') ? url.href : `${url.href}/`);
  const form = new FormData();
  form.append('file', car, 'samizdat.car');
  let response: Response;
  try {
    response = await fetcher(endpoint, { method: 'POST', body: form });
  } catch {
    throw new PublishFailed(t('ipfsNodeUnreachable', url.origin));
  }
  const text = await response.text();
  if (response.status === 403) throw new PublishFailed(t('ipfsNodeForbidden', url.origin, `ipfs config --json API.HTTPHeaders.Access-Control-Allow-Origin '["${origin}"]'`));
  if (!response.ok) throw new PublishFailed(t('ipfsNodeFailed', url.origin, `${response.status} ${text.slice(0, 200)}`.trim()));
  // Kubo answers one JSON object a line: the root it imported, and whether pinning it failed.
  const roots = text
    .split('\n')
    .filter((line) => line.trim())
    .flatMap((line) => {
      try {
        const { Root } = JSON.parse(line) as { Root?: { Cid?: { '/': string }; PinErrorMsg?: string } };
        return Root ? [Root] : [];
      } catch {
        return [];
      }
    });
  const ours = roots.find((r) => r.Cid?.['/'] === root);
  if (!ours) throw new PublishFailed(t('ipfsNodeFailed', url.origin, `it did not report the root ${root}`));
  if (ours.PinErrorMsg) throw new PublishFailed(t('ipfsNodeFailed', url.origin, ours.PinErrorMsg));
}
