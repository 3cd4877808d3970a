import { liveQuery } from 'dexie';
import { useEffect, useState } from 'preact/hooks';

/** Dexie's liveQuery as a Preact hook: re-renders whenever the rows it read change. */
export function useLiveQuery<T>(query: () => Promise<T>, deps: unknown[], initial: T): [T, Error | null] {
  const [value, setValue] = useState<T>(initial);
  const [error, setError] = useState<Error | null>(null);
  useEffect(() => {
    const subscription = liveQuery(query).subscribe({
      next: (next) => {
        setValue(next);
        setError(null);
      },
      error: (err: Error) => setError(err),
    });
    return () => subscription.unsubscribe();
  }, deps);
  return [value, error];
}
