import { describe, expect, it } from 'vitest';
import { UnreadableInputError } from '../../src/domain/errors.js';
import { formatOfRoot, peek, sniffXmlRoot } from '../../src/formats/registry.js';

const XLIFF = Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="中亚.txt" source-language="zh-CN" datatype="plaintext"><body>${'<trans-unit id="1"><source>中国同中亚国家</source></trans-unit>'.repeat(200)}</body></file></xliff>`);

describe('sniffXmlRoot', () => {
  it('finds the root when the head ends inside a multi-byte character (uploads arrive in arbitrary chunks)', async () => {
    const start = XLIFF.indexOf(Buffer.from('中国'));
    for (let cut = start; cut < start + 6; cut++) {
      expect(formatOfRoot(await sniffXmlRoot(XLIFF.subarray(0, cut))), `cut at ${cut}`).toBe('xliff-1');
    }
  });

  it('still refuses invalid bytes before the end of the head', async () => {
    const bad = Buffer.concat([Buffer.from('<?xml version="1.0"?><xliff version="1.2">'), Buffer.from([0xc3, 0x28]), Buffer.from('<file/></xliff>')]);
    await expect(sniffXmlRoot(bad)).rejects.toBeInstanceOf(UnreadableInputError);
  });

  it('works behind peek() with chunks that split characters', async () => {
    for (const size of [1000, 4095, 4097, 65_536]) {
      const chunks = (async function* () { for (let i = 0; i < XLIFF.length; i += size) yield XLIFF.subarray(i, i + size); })();
      const { head } = await peek(chunks);
      expect(formatOfRoot(await sniffXmlRoot(head)), `chunks of ${size}`).toBe('xliff-1');
    }
  });
});
