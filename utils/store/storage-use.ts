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

