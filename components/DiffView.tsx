import type { VersionComparison } from '../utils/diff/compare-versions';
import type { DiffPart } from '../utils/diff/word-diff';

/** Words of unchanged text kept on each side of a change; the rest is folded away. */
const CONTEXT_WORDS = 15;

function fold(part: DiffPart, first: boolean, last: boolean): string {
  const words = part.text.split(/(\s+)/);
  const keep = CONTEXT_WORDS * 2;
  if (words.length <= keep * 2 + 2) return part.text;
  const head = first ? '' : words.slice(0, keep).join('');
  const tail = last ? '' : words.slice(-keep).join('');
  const hidden = Math.round((words.length - (first ? 0 : keep) - (last ? 0 : keep)) / 2);
  return `${head} … ${hidden} unchanged words … ${tail}`;
}

/**
 * What changed between two versions: the details first (headline, byline, dates), then the text
 * with removed words struck through in red and added words underlined in green, labelled for
 * screen readers, so that a reader cannot miss an edit.
 */
export function DiffView({ comparison }: { comparison: VersionComparison }) {
  const { fields, text, removedWords, addedWords } = comparison;
  const changed = text.some((p) => p.kind !== 'same');
  return (
    <section class="diff" aria-label="Differences">
      {fields.length ? (
        <table class="diff-fields">
          <thead>
            <tr>
              <th scope="col">Detail</th>
              <th scope="col">Before</th>
              <th scope="col">After</th>
            </tr>
          </thead>
          <tbody>
            {fields.map((change) => (
              <tr key={change.field}>
                <th scope="row">{change.field}</th>
                <td><del>{change.before || '(none)'}</del></td>
                <td><ins>{change.after || '(none)'}</ins></td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p class="meta">Headline, byline, authors and dates are the same.</p>
      )}
      <p class="diff-summary">
        {changed ? `Text: ${removedWords} words removed, ${addedWords} words added.` : 'The text is the same.'}
      </p>
      {changed ? (
        <div class="diff-text" dir="auto">
          {text.map((part, i) =>
            part.kind === 'same' ? (
              <span key={i}>{fold(part, i === 0, i === text.length - 1)}</span>
            ) : part.kind === 'removed' ? (
              <del key={i} aria-label={`removed: ${part.text}`}>{part.text}</del>
            ) : (
              <ins key={i} aria-label={`added: ${part.text}`}>{part.text}</ins>
            ),
          )}
        </div>
      ) : null}
    </section>
  );
}
