import { useEffect, useState } from 'preact/hooks';
import { formatBytes, storageUse, type StorageUse } from '../utils/store/storage-use';

/** How much room the library takes, and whether the browser has promised to keep it. */
export function StorageLine({ refresh }: { refresh: unknown }) {
  const [use, setUse] = useState<StorageUse | null>(null);
  useEffect(() => {
    void storageUse().then(setUse);
  }, [refresh]);
  if (!use) return null;
  const ask = async () => {
    await navigator.storage.persist().catch(() => false);
    setUse(await storageUse());
  };
  return (
    <p class="meta storage-line">
      {use.usedBytes !== null ? `Uses ${formatBytes(use.usedBytes)} on this computer. ` : ''}
      {use.persistent === true
        ? 'The browser keeps it permanently.'
        : use.persistent === false
          ? 'The browser may clear it if the disk fills up. '
          : ''}
      {use.persistent === false ? (
        <button type="button" class="link-button" onClick={() => void ask()}>
          Ask the browser to keep it
        </button>
      ) : null}
    </p>
  );
}
