/**
 * Where Samizdat's capture of a corpus page intentionally differs from Readability's reference
 * output, and why. Each entry is a decision, not a workaround: the sanitizer drops what must not
 * live in a saved copy, even when Readability keeps it.
 */
/**
 * Applies to every page: Samizdat's one rule for metadata strings (utils/capture/clean-metadata.ts),
 * imported rather than copied, so that the reference values are read the way ours are made.
 */
export { cleanMetadata as metadataForm } from '../../utils/capture/clean-metadata';

export interface KnownDifference {
  /** What Samizdat records instead of the reference value, per field. */
  metadata?: Partial<Record<'title' | 'byline' | 'excerpt' | 'siteName' | 'dir' | 'lang' | 'publishedTime', string | null>>;
  /** Prompts Readability keeps that Samizdat takes out as not the article (utils/capture/boilerplate.ts). */
  promptsRemoved?: string[];
  /**
   * Compare the text with what the released Readability itself keeps on this page, not with the
   * reference file, where the two Readability versions differ (our capture must still lose nothing).
   */
  textFromReleasedReadability?: true;
  why: string;
}

/*
 * The corpus folder is labelled v0.6.0, but two of its reference titles come from Readability's
 * later title rules (splitting on en and em dashes, keeping a "Name:" prefix); the npm release
 * 0.6.0 that Samizdat runs keeps the whole <title>. We record what the released code produces.
 */
const NEWER_TITLE_RULES = 'reference made with Readability title rules newer than the npm release 0.6.0 that Samizdat ships';

/** utils/capture/title.ts: the site's name, before or after the headline, is not the article's title. */
const SITE_NAME = 'the site’s name is not part of the article’s title (utils/capture/title.ts); Readability keeps it';
/** utils/capture/dates.ts: a time with its offset, which the page states elsewhere, wins over one without. */
const OFFSET_STATED = 'Readability gives a time without its offset; the page states the same time with it, which Samizdat keeps (utils/capture/dates.ts)';
const PROMPTS = 'a prompt, not the article (utils/capture/boilerplate.ts)';

export const KNOWN_DIFFERENCES: Record<string, KnownDifference> = {
  breitbart: { metadata: { title: "'Neutral' Snopes Fact-Checker David Emery: 'Are There Any Un-Angry Trump Supporters?'" }, promptsRemoved: ['SIGN UP FOR OUR NEWSLETTER', 'SIGN UP FOR OUR NEWSLETTER'], why: `${SITE_NAME}; ${PROMPTS}` },
  'bug-1255978': { promptsRemoved: ['Share'], why: PROMPTS },
  'ehow-1': { metadata: { title: 'How to Build a Terrarium' }, why: SITE_NAME },
  'ehow-2': { metadata: { title: 'How to Throw a Graduation Party on a Budget' }, why: SITE_NAME },
  engadget: { metadata: { publishedTime: '2017-11-03T03:01:00-04:00' }, why: OFFSET_STATED },
  'firefox-nightly-blog': { metadata: { title: 'These Weeks in Firefox: Issue 85' }, why: SITE_NAME },
  'iab-1': { metadata: { title: 'Getting LEAN with Digital Ad UX' }, why: SITE_NAME },
  'keep-tabular-data': { metadata: { title: 'Friday Facts #282 - 0.17 in sight' }, why: SITE_NAME },
  'medium-3': { metadata: { title: 'Samantha and The Great Big Lie - John C. Welch' }, why: SITE_NAME },
  'seattletimes-1': { metadata: { publishedTime: '2019-04-28T06:01:07' }, why: 'a space between the date and the time is written as ISO 8601’s T (utils/capture/dates.ts)' },
  'wapo-1': { promptsRemoved: ['Read more:'], why: `${PROMPTS}: a "Read more:" heading over a list of links to other stories` },
  'yahoo-4': { metadata: { title: 'トレンドマイクロ、公衆無線LANを安全に使うためのアプリ「フリーWi-Fiプロテクション」（CNET Japan）' }, why: SITE_NAME },
  'title-en-dash': { metadata: { title: 'Lorem ipsum dolor sit amet – My website' }, why: NEWER_TITLE_RULES },
  mathjax: {
    textFromReleasedReadability: true,
    why: 'Readability 0.6.0 from npm drops the MathJax formulas (<mjx-container>); the reference keeps them',
  },
  mercurial: { metadata: { title: 'Shared Mutable History — evolve extension for Mercurial' }, why: NEWER_TITLE_RULES },
};
