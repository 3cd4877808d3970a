import { hostOf } from '../utils/format';
import { plural } from '../utils/i18n';
import { missingReason } from '../utils/save/image-report';
import type { ImageRef } from '../utils/store/records';

/** After a save: which images were not kept, and why, so the reader knows the copy is incomplete. */
export function MissingImages({ images }: { images: ImageRef[] }) {
  const missing = images.filter((ref): ref is Extract<ImageRef, { missing: string }> => 'missing' in ref);
  if (missing.length === 0) return null;
  return (
    <details class="missing-images">
      <summary>{plural('imagesNotKept', missing.length)}</summary>
      <ul>
        {missing.map((ref) => (
          <li key={ref.url} title={ref.url}>
            <bdi>{hostOf(ref.url)}</bdi>: {missingReason(ref.missing)}
          </li>
        ))}
      </ul>
    </details>
  );
}
