/**
 * The matching keys' fold remembers each code point's fold in tables fixed by Unicode
 * (code-point-table.ts), not in Maps that grow with the text: folding 200,000 code points never
 * seen before (unassigned ones in planes 4 to 7, each folding to itself) leaves about 800 KB of
 * table pages, where the fold's two Maps by code point kept 14.8 MB and the word test's 6.4-8.3 MB;
 * the word test's pages are of bytes (about 200 KB for those code points).
 */
import { describe, expect, it } from 'vitest';
import { foldText } from '../../../src/domain/tm/key-fold.js';
import { matchKey } from '../../../src/domain/tm/match-key.js';
import { Vocabulary } from '../../../src/domain/tm/vocabulary.js';
import { codePointTexts, retainedBy } from '../../helpers/heap.js';

/** Fewer bytes than 200,000 entries of a Map by code point hold (7.3 MB), more than the pages' 800 KB. */
const BOUND = 2_000_000;
/**
 * The word test's three states in pages of bytes: 196 pages of 1 KB (230-237 KB retained in all,
 * two runs; in pages of Int32 values, as before issue 12's tenth round, 761-765 KB).
 */
const WORD_BOUND = 400_000;

describe('the fold of code points outside the BMP', () => {
  it('remembers their folds and their cluster joins in a table, not by code point in a Map: 200,000 new code points leave under 2 MB', async () => {
    foldText(String.fromCodePoint(0x1f600, 0x20000, 0xe0067), false); // the first fold's own setting up
    const texts = codePointTexts(0x40000, 200_000);
    const retained = await retainedBy(() => {
      for (const text of texts) {
        if (foldText(text, false).length !== text.length / 2 || foldText(text, true).length !== text.length / 2) throw new Error(`not folded to itself: ${text}`);
      }
    });
    expect(retained).toBeLessThan(BOUND);
  });

  it('remembers which of them are word characters (word-mode keys) in a table of bytes: 200,000 new code points leave under 400 KB', async () => {
    const texts = codePointTexts(0x60000, 200_000);
    for (const text of texts) foldText(text, false); // their folds learnt first: what is left is the keys' own
    for (const text of codePointTexts(0x70000, 20_000)) matchKey(text, { mode: 'word', vocabulary: new Vocabulary() }); // the word path's own setting up
    const retained = await retainedBy(() => {
      for (const text of texts) matchKey(text, { mode: 'word', vocabulary: new Vocabulary() });
    });
    expect(retained).toBeLessThan(WORD_BOUND);
  });
});
