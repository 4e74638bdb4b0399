/**
 * Random texts that mix what the two key modes cut differently (match-key.ts): Han runs, pinyin-like
 * words (with tone marks, ü, apostrophes straight and curly), numbers (full-width too, with `.` and
 * `,`), digits inside words, `.`/`。`/`,`/`，`, full-width Latin, spaces and tabs; for the bound
 * of word queries over character keys (word-bound.ts) and the lookups that use it.
 */
import { pick } from '../../bench/synthetic.js';

const PIECES = [
  '中', '国', '中亚', '国家', '合作', '发展', '中国同中亚国家', 'zhong', 'guo', 'zhongya', 'guojia', 'hezuo', "xi'an", 'xi’an', "n'", 'a1', 'g2g',
  'ｚｈｏｎｇ', 'ＧＵＯ', 'Zhong', '12', '3.5', '1,000', '２０２４', '1.', '.5', '.', '。', ',', '，', "'", '’', '-', '(', ')', 'ā', 'guó', 'ü', 'lü',
];
const SEPARATORS = [' ', ' ', '', '', '  ', '\t'];

/** A random text of 0 to `most - 1` pieces. */
export function mixedText(rnd: () => number, most = 10): string {
  const n = Math.floor(rnd() * most);
  let text = '';
  for (let i = 0; i < n; i++) text += (i > 0 ? pick(rnd, SEPARATORS) : '') + pick(rnd, PIECES);
  return text;
}
