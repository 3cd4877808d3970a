import { hostOf } from '../utils/format';
import { MISSING_REASONS } from '../utils/save/image-report';
import type { ImageRef } from '../utils/store/records';

/** After a save: which images were not kept, and why, so the reader knows the copy is incomplete. */
export function MissingImages({ images }: { images: ImageRef[] }) {
  const missing = images.filter((ref): ref is Extract<ImageRef, { missing: string }> => 'missing' in ref);
  if (missing.length === 0) return null;
  return (
    <details class="missing-images">
      <summary>{missing.length === 1 ? '1 image was not kept' : `${missing.length} images were not kept`}</summary>
      <ul>
        {missing.map((ref) => (
          <li key={ref.url} title={ref.url}>
            {hostOf(ref.url)}: {MISSING_REASONS[ref.missing]}
          </li>
        ))}
      </ul>
    </details>
  );
}
