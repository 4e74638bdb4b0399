import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UnreadableInputError } from '../../src/domain/errors.js';
import type { ConceptFile } from '../../src/formats/concepts.js';
import { decodeTbxId, encodeTbxId, readTbx } from '../../src/formats/tbx-read.js';
import { SAMPLES_DIR, describeNeeding, itNeeding } from '../helpers/shared.js';

const SAMPLES = join(SAMPLES_DIR, 'tbx');
const sample = (name: string) => readFileSync(join(SAMPLES, name));
const terms = (f: ConceptFile) => f.concepts.reduce((n, c) => n + c.sections.reduce((m, s) => m + s.terms.length, 0), 0);

describeNeeding(['reference'], 'readTbx on every reference sample', () => {
  const expected: [string, string, number, number, string[]][] = [
    ['ibm_tbx_v2.tbx', 'tbx-v2', 5, 11, ['en', 'fr']],
    ['ltac_v3_core_structure_good.tbx', 'tbx-v3', 45, 113, ['en', 'es', 'zu']],
    ['omegat-test_sampleTBXfile_v2.tbx', 'tbx-v2', 1, 2, ['en', 'hu']],
    ['oracle_tbx_v2.tbx', 'tbx-v2', 2, 6, ['en', 'pt']],
    ['tbx-basic-package-2013_v2_TBX-basic-sample.tbx', 'tbx-v2', 5, 13, ['en', 'fr', 'de']],
    ['tbx-basic-package-2019_v3_TBX-basic-sample.tbx', 'tbx-v3', 5, 13, ['en', 'fr', 'de']],
    ['weblate-test_cs_v2.tbx', 'tbx-v2', 4, 8, ['en', 'cs']],
  ];
  for (const [name, format, concepts, termCount, langs] of expected) {
    it(`${name}: ${format}, ${concepts} concepts, ${termCount} terms`, async () => {
      const file = await readTbx(sample(name));
      expect(file.format).toBe(format);
      expect(file.concepts.length).toBe(concepts);
      expect(terms(file)).toBe(termCount);
      expect([...new Set(file.concepts.flatMap((c) => c.sections.map((s) => s.lang)))]).toEqual(langs);
    });
  }
});

describe('readTbx mapping', () => {
  itNeeding(['reference'], 'maps TBX-Basic statuses, superseded terms, definitions with their source, and concept fields (v3 sample)', async () => {
    const file = await readTbx(sample('tbx-basic-package-2019_v3_TBX-basic-sample.tbx'));
    const c7 = file.concepts.find((c) => c.id === 'c7');
    expect(c7?.definition).toMatch(/^corrective lenses used in eyeglasses to correct presbyopia/);
    expect(c7?.source).toBeUndefined();
    expect(c7?.sections[0]?.terms.map((t) => [t.term, t.status, t.stated, t.note])).toEqual([
      ['progressive lens', 'preferred', true, undefined],
      ['progressive addition lens', 'admitted', true, undefined],
      ['PAL', 'deprecated', true, undefined],
      ['progressive power lens', 'admitted', true, undefined],
      ['graduated lens', 'deprecated', true, 'Superseded term (TBX supersededTerm-admn-sts).'],
    ]);
    const c1 = file.concepts.find((c) => c.id === 'c1');
    expect(c1).toMatchObject({ subjectField: 'manufacturing', definition: 'This is a sample definition at the entry level.',
      note: 'This is a sample entry with some data categories at the entry level.' });
    expect(c1?.sections[0]?.terms[0]).toEqual({ term: 'scheduled operation', stated: true, status: 'preferred', partOfSpeech: 'verb',
      context: 'One hour is required between scheduled operations.' });
  });

  itNeeding(['reference'], 'reads ntig/termGrp, repeated language sections, language-level notes and non-picklist parts of speech (IBM, Oracle)', async () => {
    const ibm = await readTbx(sample('ibm_tbx_v2.tbx'));
    expect(ibm.concepts[0]).toMatchObject({ id: 'c1', subjectField: 'Software' });
    expect(ibm.concepts[0]?.sections.map((s) => [s.lang, s.terms.map((t) => [t.term, t.partOfSpeech])])).toEqual([
      ['en', [['navigation trail', 'noun']]], ['en', [['branch', 'noun']]], ['fr', [['historique de navigation', undefined]]],
    ]);
    const oracle = await readTbx(sample('oracle_tbx_v2.tbx'));
    expect(oracle.concepts[0]?.note).toBe('[pt] Termo específico aos EUA.');
    expect(oracle.concepts[0]?.sections[1]?.terms[0]).toEqual({ term: 'Entidade de Supervisão de Província', stated: true, status: 'preferred' });
    expect(oracle.concepts[0]?.definition).toMatch(/^GREs and PREs represent an employer/);
  });

  it('turns a deprecated term with a "forbidden:" note into a forbidden one, and reads DCT-style data categories', async () => {
    const file = await readTbx(`<tbx type="TBX-Basic" style="dct" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2" xmlns:basic="http://www.tbxinfo.net/ns/basic">
      <text><body><conceptEntry id="_20th-congress"><basic:subjectField>politics</basic:subjectField>
        <langSec xml:lang="en"><termSec><term>OBOR</term><basic:administrativeStatus>deprecatedTerm-admn-sts</basic:administrativeStatus>
          <basic:partOfSpeech>noun</basic:partOfSpeech><note>forbidden: Never official.</note></termSec></langSec>
      </conceptEntry></body></text></tbx>`);
    expect(file.concepts).toEqual([{ index: 1, where: 'conceptEntry 1 (id "20th-congress")', id: '20th-congress', subjectField: 'politics',
      sections: [{ lang: 'en', terms: [{ term: 'OBOR', stated: true, status: 'forbidden', partOfSpeech: 'noun', note: 'Never official.' }] }] }]);
  });

  it('encodes ids that are not XML names and decodes them again', () => {
    expect(encodeTbxId('20th-cpc-national-congress')).toBe('_20th-cpc-national-congress');
    expect(encodeTbxId('xian')).toBe('xian');
    expect(decodeTbxId('_20th-cpc-national-congress')).toBe('20th-cpc-national-congress');
  });
});

describe('readTbx refuses what is not a sound TBX file', () => {
  const refuse = async (input: string | Uint8Array, message: RegExp) => {
    const err = await readTbx(input).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnreadableInputError);
    expect((err as Error).message).toMatch(message);
  };
  it('entity declarations, a wrong root, truncation, invalid UTF-8, a section without language', async () => {
    await refuse('<?xml version="1.0"?><!DOCTYPE martif [<!ENTITY x "xx">]><martif><text><body/></text></martif>', /entity declarations are not accepted/);
    await refuse('<tmx version="1.4"><body/></tmx>', /the root element is <tmx>, not <martif> \(TBX v2\) or <tbx> \(TBX v3\)/);
    await refuse('<martif><text><body><termEntry><langSet xml:lang="zh-CN"><tig><term>中亚', /line 1/);
    await refuse(Buffer.concat([Buffer.from('<martif><text><body><termEntry><langSet xml:lang="zh-CN"><tig><term>'), Buffer.from([0xd6, 0xd0]), Buffer.from('</term></tig></langSet></termEntry></body></text></martif>')]), /not valid UTF-8/);
    await refuse('<martif><text><body><termEntry id="c1"><langSet><tig><term>中亚</term></tig></langSet></termEntry></body></text></martif>', /termEntry 1 \(id "c1"\): a <langSet> has no xml:lang/);
  });
});
