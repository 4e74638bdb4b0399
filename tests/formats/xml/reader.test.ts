import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UnreadableInputError } from '../../../src/domain/errors.js';
import { FORMATS, formatOfRoot, peek, sniffXmlRoot } from '../../../src/formats/registry.js';
import { type XmlElement, childOf, parseXml, streamXml, textOf } from '../../../src/formats/xml/reader.js';
import { XmlWriter, escapeAttr, escapeText, xmlSafe } from '../../../src/formats/xml/writer.js';
import { SAMPLES_DIR as SAMPLES, describeNeeding, sampleFiles } from '../../helpers/shared.js';

async function* bytes(data: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
}

describe('parseXml', () => {
  it('reads elements, namespaces, attributes, text, CDATA and character references', async () => {
    const root = await parseXml('<?xml version="1.0"?><x:a xmlns:x="urn:x" xml:lang="zh-CN" n="1">建设&#x4E2D;&#22269;<b><![CDATA[<raw>]]></b>&amp;</x:a>');
    expect(root).toMatchObject({ name: 'x:a', local: 'a', uri: 'urn:x', attrs: { 'xmlns:x': 'urn:x', 'xml:lang': 'zh-CN', n: '1' } });
    expect(root.children[0]).toBe('建设中国');
    expect(textOf(childOf(root, 'b') as XmlElement)).toBe('<raw>');
    expect(textOf(root)).toBe('建设中国<raw>&');
  });

  it('accepts a DOCTYPE that only names an external DTD, and never fetches it', async () => {
    const root = await parseXml('<?xml version="1.0"?><!DOCTYPE tmx SYSTEM "http://example.invalid/tmx14.dtd"><tmx version="1.4"/>');
    expect(root.local).toBe('tmx');
  });

  it.each([
    ['billion laughs', '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><lolz>&lol2;</lolz>', 'entity declarations are not accepted'],
    ['external entity', '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><x>&xxe;</x>', 'entity declarations are not accepted'],
    ['undefined entity', '<x>&nbsp;</x>', 'undefined entity'],
    ['truncated document', '<xliff version="1.2"><file><body><trans-unit id="1"><source>中', 'line 1'],
    ['mismatched tags', '<a><b></a></b>', 'line 1'],
    ['two roots', '<a/><b/>', 'line 1'],
    ['no root', '<?xml version="1.0"?>', 'must contain a root element'],
  ])('rejects %s with an UnreadableInputError', async (_name, xml, message) => {
    const err = await parseXml(xml).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnreadableInputError);
    expect((err as Error).message).toContain(message);
  });

  it('rejects invalid UTF-8 and undeclared non-UTF-8 bytes', async () => {
    const bad = Buffer.concat([Buffer.from('<a>'), Buffer.from([0xd6, 0xd0]), Buffer.from('</a>')]);
    await expect(parseXml(bad)).rejects.toThrow('not valid UTF-8');
  });

  it('decodes UTF-16 with a BOM and a declared windows-1252', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<?xml version="1.0" encoding="UTF-16"?><a>中亚</a>', 'utf16le')]);
    expect(textOf(await parseXml(utf16))).toBe('中亚');
    const cp1252 = Buffer.concat([Buffer.from('<?xml version="1.0" encoding="windows-1252"?><a>caf'), Buffer.from([0xe9]), Buffer.from('</a>')]);
    expect(textOf(await parseXml(cp1252))).toBe('café');
  });

  it('bounds nesting depth', async () => {
    await expect(parseXml(`${'<a>'.repeat(300)}${'</a>'.repeat(300)}`)).rejects.toThrow('nested deeper than 256');
  });
});

describe('streamXml', () => {
  it('hands over collected elements in order, awaiting each, across any chunking', async () => {
    const xml = Buffer.from('<tmx version="1.4"><header srclang="zh-CN"/><body><tu tuid="1"><tuv xml:lang="zh-CN"><seg>一</seg></tuv></tu><tu tuid="2"><tuv xml:lang="zh-CN"><seg>二</seg></tuv></tu></body></tmx>');
    for (const size of [1, 7, 4096]) {
      const seen: string[] = [];
      await streamXml(bytes(xml, size), {
        onOpen: (t) => {
          if (t.local === 'header') seen.push(`header ${t.attrs.srclang}`);
          return t.local === 'tu';
        },
        onElement: async (el) => {
          await new Promise((r) => setTimeout(r, 1));
          seen.push(`${el.attrs.tuid}:${textOf(el)}`);
        },
      });
      expect(seen, `chunk size ${size}`).toEqual(['header zh-CN', '1:一', '2:二']);
    }
  });

  it('without namespaces, gives local names after any prefix, no uri, attributes by qualified name, and accepts an unbound prefix', async () => {
    const xml = '<tmx version="1.4"><body><x:tu xmlns:x="urn:x" tuid="1"><tuv xml:lang="zh-CN" lang="zh"><seg>一<y:b/>&amp;</seg></tuv></x:tu></body></tmx>';
    const seen: XmlElement[] = [];
    await streamXml(xml, { onOpen: (t) => t.local === 'tu', onElement: (el) => { seen.push(el); } }, undefined, { namespaces: false });
    expect(seen).toEqual([{ name: 'x:tu', local: 'tu', uri: '', attrs: { 'xmlns:x': 'urn:x', tuid: '1' }, children: [
      { name: 'tuv', local: 'tuv', uri: '', attrs: { 'xml:lang': 'zh-CN', lang: 'zh' }, children: [
        { name: 'seg', local: 'seg', uri: '', attrs: {}, children: ['一', { name: 'y:b', local: 'b', uri: '', attrs: {}, children: [] }, '&'] }] }] }]);
    // With namespaces (the default) the same document is refused: `y` is bound to nothing.
    await expect(streamXml(xml, { onOpen: (t) => t.local === 'tu' })).rejects.toThrow('unbound namespace prefix');
  });

  it('reads a chunk far larger than one parser write the same, whatever falls on the cuts (astral characters, CRLF)', async () => {
    // Long runs of surrogate pairs and of CRLF, behind prefixes of both parities: wherever the
    // parser's writes are cut, some cut falls inside a pair and some between a CR and its LF.
    const segs = ['𠀀'.repeat(40_000), '\r\n'.repeat(20_000), `中${'𠀀亚'.repeat(9_000)}`];
    for (const pad of ['', 'x']) {
      const xml = `<tmx version="1.4" pad="${pad}"><body>${segs.map((s, i) => `<tu tuid="${i}"><seg>${s}</seg></tu>`).join('')}</body></tmx>`;
      const data = Buffer.from(xml);
      for (const size of [data.length, 65_536]) {
        const seen: string[] = [];
        await streamXml(bytes(data, size), { onOpen: (t) => t.local === 'tu', onElement: (el) => { seen.push(textOf(el)); } });
        // XML normalises CRLF to LF.
        expect(seen.map((t) => [t.length, t]), `pad "${pad}", chunks of ${size} bytes`).toEqual(segs.map((s) => s.replaceAll('\r\n', '\n')).map((t) => [t.length, t]));
      }
    }
  });
});

describe('format sniffing', () => {
  const expected: Record<string, string> = { tbx: 'tbx', tmx: 'tmx', xliff1: 'xliff-1', xliff2: 'xliff-2' };
  describeNeeding(['reference'], 'of the reference samples', () => {
    for (const dir of Object.keys(expected)) {
      for (const file of sampleFiles(dir)) {
        it(`recognises ${dir}/${file} and parses it whole`, async () => {
          const data = readFileSync(join(SAMPLES, dir, file));
          const { head, stream } = await peek(bytes(data, 1000), 2048);
          const format = formatOfRoot(await sniffXmlRoot(head));
          expect(format?.startsWith(expected[dir] as string), String(format)).toBe(true);
          let elements = 0;
          await streamXml(stream, { onOpen: (t) => t.depth === 1, onElement: () => { elements++; } });
          expect(elements).toBeGreaterThan(0);
        });
      }
    }
  });

  it('tells XLIFF 1.2 from 2.x by version and namespace, and refuses a wrong root', async () => {
    expect(formatOfRoot(await sniffXmlRoot(Buffer.from('<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1"/>')))).toBe('xliff-2');
    expect(formatOfRoot(await sniffXmlRoot(Buffer.from('<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"/>')))).toBe('xliff-1');
    expect(formatOfRoot(await sniffXmlRoot(Buffer.from('<html><body/></html>')))).toBeUndefined();
    await expect(sniffXmlRoot(Buffer.from('not xml at all'))).rejects.toThrow(UnreadableInputError);
    expect(Object.keys(FORMATS)).toContain('tbx-v3');
  });
});

describe('XML writing', () => {
  it('escapes text and attributes and drops characters XML 1.0 forbids', () => {
    expect(escapeText('a<b>&c\u0001')).toBe('a&lt;b&gt;&amp;c');
    expect(escapeAttr('"x"\n')).toBe('&quot;x&quot;&#10;');
    expect(xmlSafe('ok\uD800\uFFFE!')).toBe('ok!');
  });

  it('writes indented, well-formed documents that parse back', async () => {
    const w = new XmlWriter();
    w.start('tmx', { version: '1.4' }).leaf('header', { srclang: 'zh-CN', skip: undefined }).start('body')
      .inline('seg', {}, '建设<ph x="1"/>').end().end();
    const text = w.finish();
    expect(text).toBe('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n  <header srclang="zh-CN"/>\n  <body>\n    <seg>建设<ph x="1"/></seg>\n  </body>\n</tmx>\n');
    expect((await parseXml(text)).local).toBe('tmx');
  });
});
