import { liveQuery } from 'dexie';
import { useLayoutEffect, useState } from 'preact/hooks';

/**
 * Dexie's liveQuery as a Preact hook: re-renders whenever the rows it read change. It asks as soon
 * as the component is drawn, not after the browser has painted it (useEffect's turn, 15 to 50 ms
 * later on a page's first frame). While `wait` is true it asks nothing and gives `initial`.
 */
export function useLiveQuery<T>(query: () => Promise<T>, deps: unknown[], initial: T, wait = false): [T, Error | null] {
  const [value, setValue] = useState<T>(initial);
  const [error, setError] = useState<Error | null>(null);
  useLayoutEffect(() => {
    if (wait) return;
    const subscription = liveQuery(query).subscribe({
      next: (next) => {
        setValue(next);
        setError(null);
      },
      error: (err: Error) => setError(err),
    });
    return () => subscription.unsubscribe();
  }, [...deps, wait]);
  return [value, error];
}
