import { describe, expect, it } from 'vitest';
import { fold } from '../../utils/search/fold';
import { parseQuery, termsOf, words } from '../../utils/search/tokenizer';

describe('folding', () => {
  it.each([
    ['case', 'Moscow МОСКВА', 'moscow москва'],
    ['Latin accents', 'Café Zürich São Paulo', 'cafe zurich sao paulo'],
    ['Russian ё is е', 'Ёлка, всё', 'елка, все'],
    ['Russian й stays й', 'Новый район', 'новый район'],
    ['Ukrainian ї and й stay', 'Київ, країна', 'київ, країна'],
    ['Arabic yeh and kaf become Persian', 'كتاب علي', 'کتاب علی'],
    ['alef maksura is yeh', 'مصطفى', 'مصطفی'],
    ['tatweel and harakat are ignored', 'كـتـاب مُحَمَّد', 'کتاب محمد'],
    ['the zero-width non-joiner is ignored', 'می\u200Cخواهم', 'میخواهم'],
    ['Chinese is untouched', '抗议活动', '抗议活动'],
  ])('%s', (_name, input, expected) => {
    expect(fold(input)).toBe(expected);
  });
});

describe('terms of a saved text, per language', () => {
  it.each([
    ['English', 'en', 'Protesters gathered in the square.', ['protesters', 'gathered', 'in', 'the', 'square']],
    ['Russian', 'ru', 'Жители вышли на защиту больницы, всё ещё', ['жители', 'вышли', 'на', 'защиту', 'больницы', 'все', 'еще']],
    ['Ukrainian', 'uk', "Мешканці Києва п'ють чай", ['мешканці', 'києва', "п'ють", 'чай']],
    ['Persian with ZWNJ', 'fa', 'مردم می‌خواهند', ['مردم', 'میخواهند']],
    ['Arabic', 'ar', 'كتب الصحفي', ['کتب', 'الصحفی']],
    ['Chinese, as two-character pieces', 'zh', '北京抗议', ['北京', '京抗', '抗议']],
    ['Japanese, as two-character pieces', 'ja', '病院閉鎖', ['病院', '院閉', '閉鎖']],
    ['mixed scripts', 'zh', '香港 Hong Kong 2019', ['hong', 'kong', '2019', '香港']],
  ])('%s', (_name, lang, text, expected) => {
    expect(termsOf(text, lang)).toEqual(expected);
  });

  it('segments long texts piece by piece without losing words', () => {
    const text = Array.from({ length: 5000 }, (_, i) => `word${i}`).join(' ');
    expect(words(text)).toHaveLength(5000);
  });
});

describe('queries', () => {
  it.each([
    ['one word, typed to its end', 'hospital ', [{ all: ['hospital'], prefix: false }]],
    ['the last word typed is a prefix', 'northern hosp', [{ all: ['northern'], prefix: false }, { all: ['hosp'], prefix: true }]],
    ['ё either way', 'Всё', [{ all: ['все'], prefix: true }]],
    ['a Chinese word as its pieces', '抗议活动', [{ all: ['抗议', '议活', '活动'], prefix: false }]],
    ['a two-character Chinese word', '北京', [{ all: ['北京'], prefix: false }]],
    ['one Chinese character', '京', [{ all: ['京'], prefix: true }]],
    ['Persian across yeh and kaf', 'كتاب علي', [{ all: ['کتاب'], prefix: false }, { all: ['علی'], prefix: true }]],
    ['nothing', '  ,. ', []],
  ])('%s', (_name, query, expected) => {
    expect(parseQuery(query)).toEqual(expected);
  });
});
