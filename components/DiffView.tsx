import type { DetailName, VersionComparison } from '../utils/diff/compare-versions';
import { formatNumber, plural, t, type MessageKey } from '../utils/i18n';
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
  return `${head} ${plural('unchangedWords', hidden)} ${tail}`;
}

const DETAIL_NAMES: Record<DetailName, MessageKey> = {
  Headline: 'detailHeadline',
  Byline: 'detailByline',
  Authors: 'detailAuthors_other',
  Publisher: 'detailPublisher',
  Section: 'detailSection',
  Published: 'detailPublished',
  Modified: 'detailModified',
  'Lead image': 'detailLeadImage',
  Summary: 'detailSummary',
};

/**
 * What changed between two versions: the details first (headline, byline, dates), then the text
 * with removed words struck through in red and added words underlined in green, labelled for
 * screen readers, so that a reader cannot miss an edit.
 */
export function DiffView({ comparison }: { comparison: VersionComparison }) {
  const { fields, text, removedWords, addedWords } = comparison;
  const changed = text.some((p) => p.kind !== 'same');
  return (
    <section class="diff" aria-label={t('differences')}>
      {fields.length ? (
        <table class="diff-fields">
          <thead>
            <tr>
              <th scope="col">{t('diffDetail')}</th>
              <th scope="col">{t('diffBefore')}</th>
              <th scope="col">{t('diffAfter')}</th>
            </tr>
          </thead>
          <tbody>
            {fields.map((change) => (
              <tr key={change.field}>
                <th scope="row">{t(DETAIL_NAMES[change.field])}</th>
                <td dir="auto"><del>{change.before || t('diffNone')}</del></td>
                <td dir="auto"><ins>{change.after || t('diffNone')}</ins></td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p class="meta">{t('detailsSame')}</p>
      )}
      <p class="diff-summary">
        {changed ? t('textChanges', formatNumber(removedWords), formatNumber(addedWords)) : t('textSame')}
      </p>
      {changed ? (
        <div class="diff-text" dir="auto">
          {text.map((part, i) =>
            part.kind === 'same' ? (
              <span key={i}>{fold(part, i === 0, i === text.length - 1)}</span>
            ) : part.kind === 'removed' ? (
              <del key={i} aria-label={t('removedText', part.text)}>{part.text}</del>
            ) : (
              <ins key={i} aria-label={t('addedText', part.text)}>{part.text}</ins>
            ),
          )}
        </div>
      ) : null}
    </section>
  );
}
