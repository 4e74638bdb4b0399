/**
 * Reading an import's file in a worker thread (import-reader.ts): the same concepts, checks and
 * errors as reading it in process, the upload handed back when the worker gives up early, and a
 * worker that dies failing the read rather than hanging it.
 */
import { describe, expect, it } from 'vitest';
import { UnreadableInputError } from '../../../src/domain/errors.js';
import { MAX_TERM_LENGTH } from '../../../src/domain/limits.js';
import { exportGlossary } from '../../../src/services/glossary/glossary-exchange.js';
import { readCheckedFile } from '../../../src/services/glossary/import-incoming.js';
import { readImportFile } from '../../../src/services/glossary/import-reader.js';
import { glossaryEntries } from '../../domain/termbase/glossary-fixture.js';

const entries = glossaryEntries();
const exported = (format: 'tbx' | 'tbx-v2' | 'csv' | 'json') =>
  [...exportGlossary(entries, { format }, { name: 'seed', title: 'Seed' }, new Date('2025-06-18T00:00:00Z')).chunks].join('');

const TBX = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX-Basic" xml:lang="en"><martifHeader><fileDesc><sourceDesc><p>test</p></sourceDesc></fileDesc></martifHeader>
<text><body>${body}</body></text></martif>`;
const concept = (i: number) => `<termEntry id="c${i}"><langSet xml:lang="zh-CN"><tig><term>测试术语${i}</term></tig></langSet><langSet xml:lang="en"><tig><term>test term ${i}</term></tig></langSet></termEntry>\n`;
/** Concepts the checks skip: no Chinese term, a term over the limits, two stated preferred terms. */
const SKIPPED = `<termEntry id="en-only"><langSet xml:lang="en"><tig><term>English only</term></tig></langSet></termEntry>
<termEntry id="long"><langSet xml:lang="zh-CN"><tig><term>${'长'.repeat(MAX_TERM_LENGTH + 1)}</term></tig></langSet></termEntry>
<termEntry id="two"><langSet xml:lang="zh-CN"><ntig><termGrp><term>甲</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termGrp></ntig><ntig><termGrp><term>乙</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termGrp></ntig></langSet></termEntry>`;

/**
 * `text` as an upload in chunks of `size` bytes, then `filler` for ever when given (a client that
 * does not stop sending); records how much was read and whether the reader handed it back.
 */
function upload(text: string, size = 4096, filler?: string): AsyncIterable<Uint8Array> & { returned: boolean; read: number } {
  const bytes = Buffer.from(text, 'utf8');
  const more = filler === undefined ? undefined : Buffer.from(filler, 'utf8');
  const up = {
    returned: false,
    read: 0,
    [Symbol.asyncIterator]() {
      return {
        next: async (): Promise<IteratorResult<Uint8Array>> => {
          // Chunks arrive as from a socket: one per turn of the event loop.
          await new Promise((resolve) => setImmediate(resolve));
          if (up.returned || (up.read >= bytes.length && !more)) return { done: true, value: undefined };
          const chunk = up.read < bytes.length ? bytes.subarray(up.read, up.read + size) : more as Buffer;
          up.read += chunk.length;
          return { done: false, value: chunk };
        },
        return: async (): Promise<IteratorResult<Uint8Array>> => {
          up.returned = true;
          return { done: true, value: undefined };
        },
      };
    },
  };
  return up;
}

const inWorker = { inProcessMaxBytes: 0 };

describe('reading an import in a worker thread', () => {
  it('gives the concepts and checks reading in process gives: TBX v2 and v3, CSV, JSON, and skip reasons', async () => {
    for (const text of [exported('tbx'), exported('tbx-v2'), exported('csv'), exported('json'), TBX(concept(1) + SKIPPED + concept(2))]) {
      const expected = await readCheckedFile(text, {});
      expect(expected.concepts.length).toBeGreaterThan(0);
      expect(await readImportFile(upload(text), inWorker)).toEqual(expected);
    }
    const checked = await readImportFile(upload(TBX(SKIPPED)), inWorker);
    expect(checked.incoming).toEqual(['no Chinese (zh-*) term', expect.stringMatching(/^\/languages\/zh-CN\/0\/term: /), expect.stringMatching(/^two preferred zh-CN terms/)]);
  });

  it('fails with the error reading in process fails with: malformed XML far into the file, an invalid language tag', async () => {
    const many = Array.from({ length: 3000 }, (_, i) => concept(i)).join('');
    const malformed = TBX(`${many}<termEntry id="bad"><langSet xml:lang="zh-CN"><tig><term>坏</tig></langSet></termEntry>`);
    const badTag = TBX(`${many}<termEntry id="tag"><langSet xml:lang="xx-!!"><tig><term>x</term></tig></langSet></termEntry>`);
    for (const text of [malformed, badTag]) {
      const expected = await readCheckedFile(text, {}).then(() => undefined, (err: unknown) => err);
      expect(expected).toBeInstanceOf(UnreadableInputError);
      await expect(readImportFile(upload(text), inWorker)).rejects.toEqual(expected);
      await expect(readImportFile(upload(text), inWorker)).rejects.toBeInstanceOf(UnreadableInputError);
    }
  });

  it('refuses a file of the wrong root before a worker starts, handing the upload back (a client sending for ever)', async () => {
    const tu = '<tu><tuv xml:lang="zh"><seg>中</seg></tuv></tu>';
    const up = upload(`<?xml version="1.0"?><tmx version="1.4"><header/><body>${tu}`, 1024, tu.repeat(20));
    let workers = 0;
    await expect(readImportFile(up, { onWorker: () => { workers++; } })).rejects.toThrow(/^the file is TMX 1.4b \(and 1.1 on import\), not a TBX term base$/);
    expect(up.returned).toBe(true);
    expect(workers).toBe(0);
  });

  it('fails, handing the upload back, when its worker dies', async () => {
    const up = upload(TBX('').replace(/<\/body>.*$/s, ''), 1024, concept(1));
    const read = readImportFile(up, { ...inWorker, onWorker: (worker) => { void worker.terminate(); } });
    await expect(read).rejects.toThrow(/the import's worker thread stopped \(exit code \d+\) before it had read the file/);
    expect(up.returned).toBe(true);
  });

  it('reads a small file in process and a large one in a worker by default', async () => {
    let workers = 0;
    const onWorker = () => { workers++; };
    const small = TBX(concept(1));
    expect(await readImportFile(upload(small), { onWorker })).toEqual(await readCheckedFile(small, {}));
    expect(workers).toBe(0);
    const large = TBX(Array.from({ length: 3000 }, (_, i) => concept(i)).join(''));
    expect((await readImportFile(upload(large), { onWorker })).concepts).toHaveLength(3000);
    expect(workers).toBe(1);
  });
});
