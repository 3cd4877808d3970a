/** How much the library takes on disk, and whether the browser promises to keep it. */
export interface StorageUse {
  usedBytes: number | null;
  /** True when the browser will not clear the library to free space. */
  persistent: boolean | null;
}

export async function storageUse(storage: StorageManager | undefined = globalThis.navigator?.storage): Promise<StorageUse> {
  if (!storage) return { usedBytes: null, persistent: null };
  const [estimate, persistent] = await Promise.all([storage.estimate().catch(() => null), storage.persisted().catch(() => null)]);
  return { usedBytes: estimate?.usage ?? null, persistent };
}

export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}
