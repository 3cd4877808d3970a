import { t, type MessageKey } from './messages';

/** Private-use characters that cannot occur in a message: they mark where a part goes. */
const OPEN = '\uE000';
const CLOSE = '\uE001';

/**
 * A message whose substitutions are not all text (a name in <bdi>, a command in <code>): the
 * message's words, with the parts where its placeholders are, for a component to render.
 */
export function tParts<Part>(key: MessageKey, ...substitutions: Array<string | Part>): Array<string | Part> {
  const marked = substitutions.map((s, i) => (typeof s === 'string' ? s : `${OPEN}${i}${CLOSE}`));
  const text = t(key, ...marked);
  return text
    .split(new RegExp(`${OPEN}(\\d+)${CLOSE}`))
    .map((piece, i) => (i % 2 === 1 ? (substitutions[Number(piece)] as Part) : piece))
    .filter((piece) => piece !== '');
}
