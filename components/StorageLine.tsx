import { useEffect, useState } from 'preact/hooks';
import { formatBytes, t } from '../utils/i18n';
import { storageUse, type StorageUse } from '../utils/store/storage-use';

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
      {use.usedBytes !== null ? `${t('usesSpace', formatBytes(use.usedBytes))} ` : ''}
      {use.persistent === true ? t('keptPermanently') : use.persistent === false ? `${t('mayBeCleared')} ` : ''}
      {use.persistent === false ? (
        <button type="button" class="link-button" onClick={() => void ask()}>
          {t('askToKeep')}
        </button>
      ) : null}
    </p>
  );
}
