import { hostOf } from '../utils/format';
import { plural } from '../utils/i18n';
import { missingReason } from '../utils/save/image-report';
import type { ImageRef } from '../utils/store/records';

/**
 * Which images of a copy are not kept, and why, so the reader knows the copy is incomplete: after
 * a save (in the popup) and beside each copy in the library. While the images are only waiting to
 * download, it says so rather than that they were not kept.
 */
export function MissingImages({ images }: { images: ImageRef[] }) {
  const missing = images.filter((ref): ref is Extract<ImageRef, { missing: string }> => 'missing' in ref);
  if (missing.length === 0) return null;
  const waiting = missing.every((ref) => ref.missing === 'pending');
  return (
    <details class={`missing-images${waiting ? ' images-pending' : ''}`}>
      <summary>{plural(waiting ? 'imagesStillToDownload' : 'imagesNotKept', missing.length)}</summary>
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
