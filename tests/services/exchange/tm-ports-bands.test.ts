/** The analysis's questions to the TM (tm-ports.ts): the band of the best match, and matches from a threshold up. */
import { afterEach, describe, expect, it } from 'vitest';
import { BAND_EDGES, bandOf } from '../../../src/domain/analysis/bands.js';
import { SYSTEM_PRINCIPAL } from '../../../src/domain/auth/roles.js';
import { DEFAULT_COLLECTION } from '../../../src/domain/collections.js';
import { tmMatches } from '../../../src/services/exchange/tm-ports.js';
import { type TestApp, makeTestApp } from '../../helpers/app.js';

let t: TestApp;
afterEach(() => t.close());

const unit = (source: string) => ({ sourceLang: 'zh-CN', targetLang: 'en', source, target: source });
const Q = '第1项第2项第3项中国同中亚五国合作深化拓展';
/** Base 59 against Q (9 of its 22 characters edited), with three numbers changed: 54 after its penalties, 49 in a memory of penalty 5. */
const CHANGED = '第7项第8项第9项中国同中某某某某某某某某某';
/** Base 72 (Q's first 16 characters), no penalty: 67 in that memory. */
const PREFIX = Q.slice(0, 16);

describe('tmMatches with the analysis options', () => {
  it('keeps the band of the best match with bands, in a memory with a penalty', async () => {
    t = await makeTestApp();
    await t.services.tm.addUnits(DEFAULT_COLLECTION, [unit(CHANGED), unit(PREFIX)], SYSTEM_PRINCIPAL);
    for (const penalty of [0, 5]) {
      const memories = [{ id: DEFAULT_COLLECTION, penalty }];
      const [all] = await tmMatches(t.services.tm).proposals([{ source: Q }], 'zh-CN', 'en', 5, memories);
      const [banded] = await tmMatches(t.services.tm).proposals([{ source: Q }], 'zh-CN', 'en', 1, memories, { bands: BAND_EDGES });
      expect(all?.map((p) => [p.source.text, p.score])).toEqual(penalty === 0 ? [[PREFIX, 72], [CHANGED, 54]] : [[PREFIX, 67]]);
      // CHANGED is swept first (the query's length); in the memory of penalty 5 its base (59)
      // settles no band once the edges rise by the penalty, so PREFIX is still found.
      expect(bandOf(banded?.[0]?.score), `penalty ${penalty}`).toBe('50-74');
    }
  });

  it('proposes from a higher threshold when asked', async () => {
    t = await makeTestApp();
    await t.services.tm.addUnits(DEFAULT_COLLECTION, [unit(PREFIX), unit(Q)], SYSTEM_PRINCIPAL);
    const [exact] = await tmMatches(t.services.tm).proposals([{ source: Q }, { source: `${Q}。` }], 'zh-CN', 'en', 5, [{ id: DEFAULT_COLLECTION, penalty: 0 }], { threshold: 100 });
    expect(exact?.map((p) => p.score)).toEqual([100]);
  });
});
