import { describe, expect, it } from 'vitest';
import { segmentSentences, splitSentences } from '../../../src/domain/text/sentences.js';

describe('splitSentences: English', () => {
  it.each([
    ['plain break after . ! ?', 'It works. Does it? Yes!', ['It works.', 'Does it?', 'Yes!']],
    ['titles Mr. and Dr. do not break', 'Mr. Smith met Dr. Jones. They talked.', ['Mr. Smith met Dr. Jones.', 'They talked.']],
    ['Prof., St., No. do not break', 'Prof. Lee lives on St. James St. in No. 5 house. Fine.', ['Prof. Lee lives on St. James St. in No. 5 house.', 'Fine.']],
    ['U.S. and U.N. do not break', 'The U.S. Congress and the U.N. Security Council met. Both agreed.', ['The U.S. Congress and the U.N. Security Council met.', 'Both agreed.']],
    ['month abbreviation before a digit', 'It opened on Jan. 25 in Beijing. Then it closed on Dec. 2.', ['It opened on Jan. 25 in Beijing.', 'Then it closed on Dec. 2.']],
    ['e.g., i.e., vs., etc.', 'Fruit, e.g. Apples, i.e. Red ones, vs. Pears, etc. Are here.', ['Fruit, e.g. Apples, i.e. Red ones, vs. Pears, etc. Are here.']],
    ['Inc., Ltd., Co.', 'Apple Inc. And Foo Ltd. Signed with Bar Co. Yesterday.', ['Apple Inc. And Foo Ltd. Signed with Bar Co. Yesterday.']],
    ['a capital initial does not break', 'J. Smith and J. R. R. Tolkien wrote. Others read.', ['J. Smith and J. R. R. Tolkien wrote.', 'Others read.']],
    ['decimals do not break', 'Trade rose 2.5 percent to 70.3 billion. Good.', ['Trade rose 2.5 percent to 70.3 billion.', 'Good.']],
    ['an ellipsis before lower case does not break', 'Wait... then it came… and went. Next.', ['Wait... then it came… and went.', 'Next.']],
    ['an ellipsis before upper case breaks', 'He paused… Then he spoke.', ['He paused…', 'Then he spoke.']],
    ['closing quotes and brackets stay with the sentence', 'He said "Stop." Then (quietly.) She left.', ['He said "Stop."', 'Then (quietly.)', 'She left.']],
    ['?! runs stay together; a quote may start the next sentence', 'Really?! "Yes," she said.', ['Really?!', '"Yes," she said.']],
    ['a digit may start the next sentence', 'It grew in 2021. 2022 was better.', ['It grew in 2021.', '2022 was better.']],
    ['a question before lower case does not break', '"Why?" he asked.', ['"Why?" he asked.']],
    ['abbreviations are case-sensitive in English: a sentence ending in no. breaks', 'She said no. Then she left. E.g. This one.', ['She said no.', 'Then she left.', 'E.g. This one.']],
  ])('%s', (_name, text, expected) => {
    expect(splitSentences(text)).toEqual(expected);
  });
});

describe('splitSentences: Russian', () => {
  it.each([
    ['plain break', 'Саммит открылся. Все пришли!', ['Саммит открылся.', 'Все пришли!']],
    ['т. е. and т. д. do not break', 'Они договорились, т. е. подписали. Фрукты, овощи и т. д. Всё привезли.', ['Они договорились, т. е. подписали.', 'Фрукты, овощи и т. д. Всё привезли.']],
    ['т. п. without a space', 'Яблоки, груши и т.п. Было много.', ['Яблоки, груши и т.п. Было много.']],
    ['г. and гг. do not break', 'Это было в 2022 г. В Пекине. В 2020–2021 гг. Было трудно.', ['Это было в 2022 г. В Пекине.', 'В 2020–2021 гг. Было трудно.']],
    ['см., напр., др., ул., стр., им.', 'См. Раздел 2, напр. Пункт 3. Жил на ул. Ленина, стр. 5, в школе им. Пушкина и др. Местах. Конец.', ['См. Раздел 2, напр. Пункт 3.', 'Жил на ул. Ленина, стр. 5, в школе им. Пушкина и др. Местах.', 'Конец.']],
    ['initials С. Ю. do not break', 'Выступил С. Ю. Иванов. Зал слушал.', ['Выступил С. Ю. Иванов.', 'Зал слушал.']],
    ['« » quotes and a dash start sentences', 'Он сказал: «Да.» «Нет», — ответили. — Почему? — спросил он.', ['Он сказал: «Да.»', '«Нет», — ответили.', '— Почему?', '— спросил он.']],
    ['decimals', 'Рост составил 2,5 процента, а не 3.5. Хорошо.', ['Рост составил 2,5 процента, а не 3.5.', 'Хорошо.']],
  ])('%s', (_name, text, expected) => {
    expect(splitSentences(text)).toEqual(expected);
  });
});

describe('segmentSentences: paragraphs', () => {
  it('blank lines separate paragraphs; single line breaks join with a space', () => {
    expect(segmentSentences('President Xi said the\nsummit was a success. It ended.\n\nThe next one\nis in 2025.')).toEqual([
      { text: 'President Xi said the summit was a success.', kind: 'sentence', paragraph: 0 },
      { text: 'It ended.', kind: 'sentence', paragraph: 0 },
      { text: 'The next one is in 2025.', kind: 'sentence', paragraph: 1 },
    ]);
  });

  it('\\r\\n, a BOM and whitespace-only separator lines are handled', () => {
    expect(segmentSentences('\uFEFFOne.\r\n  \r\nTwo.')).toEqual([
      { text: 'One.', kind: 'sentence', paragraph: 0 },
      { text: 'Two.', kind: 'sentence', paragraph: 1 },
    ]);
  });

  it('Markdown headings, bold-only lines and short unpunctuated one-liners are headings', () => {
    expect(segmentSentences('# Working Together\n**The Story of Trust**\n\nRemarks at the China–Central Asia Summit\n\nDear colleagues, friends:\n\nWelcome.')).toEqual([
      { text: 'Working Together', kind: 'heading', paragraph: 0 },
      { text: 'The Story of Trust', kind: 'heading', paragraph: 1 },
      { text: 'Remarks at the China–Central Asia Summit', kind: 'heading', paragraph: 2 },
      { text: 'Dear colleagues, friends:', kind: 'sentence', paragraph: 3 },
      { text: 'Welcome.', kind: 'sentence', paragraph: 4 },
    ]);
  });

  it('a long unpunctuated line is not a heading', () => {
    const line = 'one two three four five six seven eight nine ten eleven twelve thirteen';
    expect(segmentSentences(line)).toEqual([{ text: line, kind: 'sentence', paragraph: 0 }]);
  });
});
