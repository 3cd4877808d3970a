/**
 * What every reader recognises as not the article, left inside it by the page: share bars,
 * subscription, newsletter and donation prompts, "read more" and "related" links, cookie notices,
 * the word "Advertisement". Found by what they say (the phrases such prompts use, in the languages
 * of the news Samizdat keeps) and by their shape (short, and mostly a link when they point
 * elsewhere), never by a list of sites. A block is removed only when all of it is such a prompt:
 * a paragraph of the article that happens to begin with "Share" is longer than one.
 */

const phrases = (list: string[]) => new RegExp(`^(?:${list.join('|')})(?=$|[\\s:：.!…»›>|-])`, 'iu');

/** Prompts that make a whole short block not the article. Each starts the block, and says only what a prompt says. */
const PROMPT = phrases([
  // Sharing and following.
  'share (?:this|on|via)', 'follow us', 'поделиться', 'поділитися', 'следите за нами', 'стежте за нами',
  'اشتراک(?:‌| )?گذاری', 'ما را دنبال کنید', 'مشاركة', 'تابعونا', '分享', '关注我们', '關注我們',
  // Subscribing, newsletters, donations.
  'subscribe (?:to|now|for|today)', 'sign up (?:for|to|now|today)', 'get (?:our|the) (?:newsletter|daily|weekly)', 'join (?:our|the) newsletter', 'support (?:our|independent|quality) journalism',
  'donate (?:now|today|to us)', 'become a (?:member|supporter|subscriber)', 'подпишитесь', 'подписывайтесь', 'підпишіться', 'поддержите', 'підтримайте',
  'عضو خبرنامه', 'مشترک شوید', 'حمایت کنید', 'اشترك', 'ادعم', '订阅', '訂閱', '購読', '支持我们',
  'sponsored content',
  // Printing.
  'printer-friendly version', 'print this (?:article|page|story)', 'версия для печати', 'версія для друку', 'نسخه چاپی', '打印本页',
  // Cookies.
  'we use cookies', 'this (?:site|website) uses cookies', 'мы используем (?:файлы )?cookie', 'ми використовуємо (?:файли )?cookie',
]);

/**
 * Words that start a prompt and a sentence alike ("Newsletter editors were detained", "Donate blood,
 * the ministry urged"): a prompt only when almost nothing follows them, or a link is most of it.
 */
const BARE = phrases(['share', 'subscribe', 'sign up', 'newsletter', 'donate', 'advertisement', 'print', 'рассылка', '打印']);

/**
 * Headings of links to other stories. Alone ("Related stories"), or over a list of links, they are
 * not the article; a line that names one other story ("Read more: Police detain dozens") is kept,
 * since a reader of the copy may want to know what the page pointed to. "See also" is not among
 * them: in an encyclopedia it is the article's own.
 */
const ELSEWHERE = phrases([
  'read more', 'read also', 'also read', 'related(?: articles| stories| news| coverage| content)?', 'more from(?: [\\p{L} ]{1,30})?', 'most read', 'more stories', 'recommended(?: for you)?',
  'you may also like', 'you might also like', 'читайте также', 'читайте еще', 'читайте ещё', 'по теме', 'читайте також', 'по темі',
  'بیشتر بخوانید', 'مطالب مرتبط', 'بخوانید', 'اقرأ أيضا', 'اقرأ أيضاً', 'اقرأ المزيد', 'مواضيع ذات صلة', '相关阅读', '相關閱讀', '延伸阅读', '延伸閱讀', '相关新闻', '相關新聞', '関連記事', 'あわせて読みたい',
]);

/** A page-view counter: "Viewed 314 times", "Просмотров: 314", "Visto 314 veces", "阅读 314". */
const COUNTER = /^(?:viewed|views|visto|vista|vu|просмотр(?:ов|ы)?|переглядів|перегляди|بازدید|مشاهدة|阅读|閱讀|閲覧)[\s:：]*\d[\d\s,.]*(?:times|veces|fois|раз(?:а)?|次)?$/iu;

/** Words that alone make a block not the article. */
const ALONE = /^(?:advertisement|advertising|sponsored|ad|реклама|реклама\.|تبلیغات|إعلان|广告|廣告|広告|スポンサーリンク)$/iu;

/** A prompt is short: at most this many words, and this many characters (for scripts without spaces). */
const MAX_WORDS = 25;
const MAX_CHARS = 200;

/** Blocks only: a word inside a sentence ("<b>Share</b> prices fell") is never removed. */
const CANDIDATES = 'p, li, h2, h3, h4, h5, h6, div, section, aside, ul, ol, dl';

/** How much of a block's text is the text of its links: near 1 for a link to elsewhere, near 0 for prose. */
export function linkShare(element: Element, textLength = (element.textContent ?? '').trim().length): number {
  let linked = 0;
  for (const a of element.querySelectorAll('a')) linked += (a.textContent ?? '').trim().length;
  return textLength ? linked / textLength : 0;
}

const textOf = (element: Element) => (element.textContent ?? '').replace(/\s+/g, ' ').trim();
const restAfter = (text: string, phrase: RegExpExecArray) => text.slice(phrase[0].length).replace(/^[\s:：.!…»›>|-]+/, '');

/**
 * Whether a block, all of it, is a prompt rather than the article: "Share this article Facebook
 * Telegram", "Subscribe to our newsletter", "Advertisement". A sentence that starts with the same
 * words ("Subscribe buttons were removed from the banned channel's page...") says more, and is not
 * mostly links.
 */
export function isPrompt(element: Element): boolean {
  if (element.querySelector('img, picture, video, audio, table')) return false;
  const text = textOf(element);
  if (!text) return false;
  if (ALONE.test(text) || COUNTER.test(text)) return true;
  if (text.length > MAX_CHARS || text.split(' ').length > MAX_WORDS) return false;
  const prompt = PROMPT.exec(text);
  if (prompt) return restAfter(text, prompt).length <= 60 || linkShare(element, text.length) >= 0.5;
  const bare = BARE.exec(text);
  if (bare) return restAfter(text, bare).length <= 15 || linkShare(element, text.length) >= 0.5;
  return isElsewhereHeading(element);
}

/** "Related stories", "Читайте также:" and nothing else: the heading of links to other stories. */
function isElsewhereHeading(element: Element): boolean {
  const text = textOf(element);
  const heading = text.length <= 60 ? ELSEWHERE.exec(text) : null;
  return !!heading && restAfter(text, heading).length === 0;
}

/** A list of links to elsewhere: what follows a "Related" or "Read more" heading. */
function isLinkList(element: Element | null): element is Element {
  if (!element || (element.nodeName !== 'UL' && element.nodeName !== 'OL')) return false;
  const text = (element.textContent ?? '').replace(/\s+/g, ' ').trim();
  return !!text && linkShare(element, text.length) >= 0.8;
}

/** Removes prompts, and the lists of links they head, from the copy; answers how many blocks went. */
export function removeBoilerplate(copy: Element): number {
  let removed = 0;
  for (const element of Array.from(copy.querySelectorAll(CANDIDATES))) {
    if (!copy.contains(element) || !isPrompt(element)) continue;
    const next = element.nextElementSibling;
    if (isLinkList(next)) {
      next.remove();
      removed++;
    }
    element.remove();
    removed++;
  }
  return removed;
}
