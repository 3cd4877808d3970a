/**
 * How hard a passphrase is to guess, said in words, and a strong one made at random. The
 * estimate is rough on purpose, and cautious: each run of letters counts as a word from a large
 * dictionary at most (a guesser tries words before letters), each run of digits or signs as its
 * characters drawn at random, less what repeats and steps ("aaaa", "1234", "abcd") give away. It
 * cannot know that a passphrase is a famous line of verse; the words under the meter say so.
 */

export type Strength = 'too-short' | 'weak' | 'fair' | 'strong';

/**
 * Under this many characters a passphrase is refused (an ideograph, nearly a word, counts as
 * two): scrypt slows guessing, it cannot save "1234".
 */
export const MIN_PASSPHRASE_LENGTH = 10;
/** Bits of guessing work, estimated, from which a passphrase is called fair, and strong. */
const FAIR_BITS = 50;
const STRONG_BITS = 75;
/** A word from a dictionary of some 65,000 words, and a little for how it is spelt. */
const WORD_BITS = 16;

/** Kinds of character, each with how many characters it offers a guesser. */
const KINDS: Array<[RegExp, number]> = [
  [/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u, 3000],
  [/\p{L}/u, 33],
  [/\p{N}/u, 10],
];
const OTHER_POOL = 33;

const kindOf = (char: string): number => {
  const at = KINDS.findIndex(([pattern]) => pattern.test(char));
  return at < 0 ? KINDS.length : at;
};

/** The characters a guesser must find, each after the first counted a quarter when it repeats or steps from the one before. */
function counted(chars: string[]): number {
  let count = chars.length ? 1 : 0;
  for (let i = 1; i < chars.length; i++) {
    const step = chars[i]!.toLowerCase().codePointAt(0)! - chars[i - 1]!.toLowerCase().codePointAt(0)!;
    count += Math.abs(step) > 1 ? 1 : 0.25;
  }
  return count;
}

/** The guessing work of a passphrase, in bits (rough), and what to call it. */
export function passphraseStrength(passphrase: string): { bits: number; strength: Strength } {
  const chars = [...passphrase.normalize('NFC')];
  let bits = 0;
  for (let start = 0; start < chars.length; ) {
    const kind = kindOf(chars[start]!);
    let end = start + 1;
    while (end < chars.length && kindOf(chars[end]!) === kind) end++;
    const run = chars.slice(start, end);
    const pool = KINDS[kind]?.[1] ?? OTHER_POOL;
    // Capitals after a run's first letter double its alphabet; a capital first letter is a guess's first try.
    const mixedCase = kind === 1 && run.slice(1).some((c) => c !== c.toLowerCase());
    const random = counted(run) * Math.log2(mixedCase ? pool * 2 : pool);
    // Letters of an alphabet are read as a word (one of ~65,000, plus a bit a letter for its
    // spelling) whenever that is the cheaper guess; ideographs are each nearly a word already.
    bits += kind === 1 ? Math.min(random, WORD_BITS + run.length) : random;
    start = end;
  }
  bits = Math.round(bits);
  const length = chars.reduce((sum, char) => sum + (kindOf(char) === 0 ? 2 : 1), 0);
  const strength: Strength = length < MIN_PASSPHRASE_LENGTH ? 'too-short' : bits >= STRONG_BITS ? 'strong' : bits >= FAIR_BITS ? 'fair' : 'weak';
  return { bits, strength };
}

/** Letters and digits that no one misreads when copying by hand (no i, l, o, 0, 1). */
const SUGGESTION_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const SUGGESTION_GROUPS = 5;
const GROUP_LENGTH = 5;

/**
 * A passphrase of 25 characters drawn uniformly (about 124 bits) from the browser's random
 * source, in groups of five to write down: `k7q2m-x9fp3-…`.
 */
export function suggestPassphrase(): string {
  const groups: string[] = [];
  for (let g = 0; g < SUGGESTION_GROUPS; g++) {
    let group = '';
    while (group.length < GROUP_LENGTH) {
      // Rejection sampling: a byte over the largest multiple of the alphabet's size is drawn again,
      // so no character is likelier than another.
      const [byte] = crypto.getRandomValues(new Uint8Array(1));
      const limit = 256 - (256 % SUGGESTION_ALPHABET.length);
      if (byte! < limit) group += SUGGESTION_ALPHABET[byte! % SUGGESTION_ALPHABET.length];
    }
    groups.push(group);
  }
  return groups.join('-');
}
