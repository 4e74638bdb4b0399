/**
 * Recognition and QA over several glossaries in priority order, and a recognizer kept up to date
 * by changes instead of rebuilds.
 */
import { describe, expect, it } from 'vitest';
import { prng } from '../../../bench/synthetic.js';
import type { EntryTerms, TermStatus } from '../../../src/domain/termbase/entry.js';
import { checkTranslation } from '../../../src/domain/termbase/qa.js';
import { TermRecognizer } from '../../../src/domain/termbase/recognizer.js';
import { canonicalizeLanguageTag } from '../../../src/domain/text/language-tag.js';
import { entry } from './glossary-fixture.js';

const zh = canonicalizeLanguageTag('zh-CN');
const en = canonicalizeLanguageTag('en');
const t = (term: string, status: TermStatus = 'preferred', note?: string) => ({ term, status, ...(note ? { note } : {}) });

const client = entry('br', { 'zh-CN': [t('一带一路')], en: [t('Belt and Road'), t('OBOR', 'admitted')] }, 'client');
const general = entry('bri', { 'zh-CN': [t('一带一路')], en: [t('Belt and Road Initiative'), t('OBOR', 'forbidden', 'Superseded acronym.')] }, 'general');
const longer = entry('br-coop', { 'zh-CN': [t('共建一带一路')], en: [t('Belt and Road cooperation')] }, 'general');
const recognizer = new TermRecognizer([client, general, longer]);

describe('recognition over glossaries in priority order', () => {
  it('reports a term of two glossaries once per glossary, the higher first, each with its glossary', () => {
    const hits = (glossaries: string[]) => recognizer.recognize('推进一带一路建设', zh, glossaries).map((h) => [h.glossary, h.entryId, h.start, h.end]);
    expect(hits(['client', 'general'])).toEqual([['client', 'br', 2, 6], ['general', 'bri', 2, 6]]);
    expect(hits(['general', 'client'])).toEqual([['general', 'bri', 2, 6], ['client', 'br', 2, 6]]);
    expect(hits(['client'])).toEqual([['client', 'br', 2, 6]]);
    expect(hits([])).toEqual([]);
  });

  it('chooses spans leftmost-longest over all glossaries: a longer term of a lower glossary wins over a shorter one inside it', () => {
    expect(recognizer.recognize('共建一带一路', zh, ['client', 'general']).map((h) => [h.glossary, h.entryId])).toEqual([['general', 'br-coop']]);
  });

  it('gives each hit the translations of its own glossary\'s entry', () => {
    const [first, second] = recognizer.recognize('一带一路', zh, ['client', 'general']);
    expect(first?.translations.en?.[0]?.term).toBe('Belt and Road');
    expect(second?.translations.en?.[0]?.term).toBe('Belt and Road Initiative');
  });
});

describe('QA over glossaries: the higher glossary decides', () => {
  const check = (source: string, target: string, glossaries: string[]) =>
    checkTranslation(recognizer, { source, target, sourceLang: zh, targetLang: en }, glossaries).map((i) => [i.glossary, i.code, i.entryId, i.found]);

  it('does not flag a term the higher glossary allows, even when a lower one forbids it', () => {
    expect(check('一带一路', 'OBOR', ['client', 'general'])).toEqual([]);
    expect(check('一带一路', 'OBOR', ['general', 'client'])).toEqual([['general', 'forbidden-term', 'bri', 'OBOR']]);
  });

  it('reports a missing term from the higher glossary only, with its glossary', () => {
    expect(check('一带一路', 'the road', ['client', 'general'])).toEqual([['client', 'missing-term', 'br', null]]);
    expect(check('一带一路', 'Belt and Road', ['general', 'client'])).toEqual([['general', 'missing-term', 'bri', null]]);
    expect(check('一带一路', 'Belt and Road Initiative', ['general', 'client'])).toEqual([]);
  });

  it('checks only the glossaries it is given', () => {
    expect(check('一带一路', 'OBOR', ['client'])).toEqual([]);
    expect(check('一带一路', 'the road', [])).toEqual([]);
  });
});

describe('a recognizer kept up to date by changes', () => {
  const HAN = '中亚国家合作发展共同体建设安全友好命运一带路倡议经济贸易';
  const WORDS = ['silk', 'road', 'belt', 'central', 'asia', 'trade', 'energy', 'route'];

  function randomEntry(rnd: () => number, id: string, glossary: string): EntryTerms {
    const pick = (s: string | string[]) => s[Math.floor(rnd() * s.length)] as string;
    const zhTerm = Array.from({ length: 2 + Math.floor(rnd() * 3) }, () => pick(HAN)).join('');
    const enTerm = Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => pick(WORDS)).join(rnd() < 0.3 ? '-' : ' ');
    return { glossary, id, languages: { 'zh-CN': [t(zhTerm)], en: [t(enTerm, rnd() < 0.2 ? 'deprecated' : 'preferred')] } };
  }

  it('answers as a recognizer built from scratch, through 2,000 random puts and deletes', () => {
    const rnd = prng(11);
    const live = new TermRecognizer();
    const state = new Map<string, EntryTerms>();
    const texts = Array.from({ length: 30 }, () => Array.from({ length: 40 }, () => HAN[Math.floor(rnd() * HAN.length)]).join(''));
    const englishTexts = Array.from({ length: 30 }, () => Array.from({ length: 12 }, () => WORDS[Math.floor(rnd() * WORDS.length)]).join(rnd() < 0.5 ? ' ' : '-'));
    for (let step = 0; step < 2000; step++) {
      const glossary = rnd() < 0.5 ? 'a' : 'b';
      const id = `e${Math.floor(rnd() * 300)}`;
      const key = `${glossary}/${id}`;
      if (rnd() < 0.25 && state.has(key)) {
        live.apply({ kind: 'delete', glossary, id });
        state.delete(key);
      } else {
        const e = randomEntry(rnd, id, glossary);
        live.apply({ kind: 'put', entry: e });
        state.set(key, e);
      }
      if (step === 100) {
        // Build the word indexes part-way, so later changes update built indexes too.
        live.recognize('silk road', en, ['a']);
        for (const _ of live.prepare(['chars', 'exact', 'stem']));
      }
    }
    const fresh = new TermRecognizer(state.values());
    for (const g of [['a', 'b'], ['b'], ['b', 'a']]) {
      for (const text of texts) expect(live.recognize(text, zh, g)).toEqual(fresh.recognize(text, zh, g));
      for (const text of englishTexts) {
        expect(live.recognize(text, en, g)).toEqual(fresh.recognize(text, en, g));
        // Every match, overlaps included, as a set (the order of matches at one key is insertion order).
        const set = (r: TermRecognizer) => r.matches(text, en, 'stem', new Map(g.map((x, i) => [x, i])))
          .map((m) => `${m.start}-${m.end} ${m.entry.glossary}/${m.entry.id} ${m.term.term} ${m.term.status}`).sort();
        expect(set(live)).toEqual(set(fresh));
      }
    }
    expect(live.size).toBe(state.size);
  });
});
