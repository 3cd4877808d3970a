import type { ComponentType, FunctionComponent } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { t } from '../utils/i18n';

/**
 * A component whose code is fetched from the extension only when it is first shown. The library
 * lists pages without the export and import code (ZIP, EPUB, Markdown, the sanitizer for exported
 * pages): loading it up front slowed the library's first paint (docs/BENCHMARKS.md). The
 * code comes from the extension's own files, never the network. Until it is there, nothing is
 * shown; if it cannot be loaded (the extension was updated under an open page), a sentence says so.
 */
export function loadLater<P extends object>(load: () => Promise<ComponentType<P>>): FunctionComponent<P> {
  let loaded: ComponentType<P> | null = null;
  let loading: Promise<ComponentType<P>> | null = null;
  return function Later(props: P) {
    const [component, setComponent] = useState<{ ready: ComponentType<P> } | { failed: string } | null>(loaded ? { ready: loaded } : null);
    useEffect(() => {
      if (component) return;
      let current = true;
      loading ??= load().then((ready) => (loaded = ready));
      loading.then(
        (ready) => current && setComponent({ ready }),
        (error: unknown) => {
          loading = null;
          if (current) setComponent({ failed: String(error) });
        },
      );
      return () => {
        current = false;
      };
    }, []);
    if (!component) return null;
    if ('failed' in component) return <p class="error" role="alert">{t('partUnavailable', component.failed)}</p>;
    const Ready = component.ready;
    return <Ready {...props} />;
  };
}
