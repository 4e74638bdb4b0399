/**
 * Files the HTTP benchmark uploads, written with Caravan's own writers: a TMX 1.4b of units (as
 * a CAT tool exports a memory) and an XLIFF 1.2 document with one segment per unit (so the
 * document has exactly the benchmark's segments, whatever the segmenter would make of them).
 */
import { once } from 'node:events';
import { createWriteStream, statSync } from 'node:fs';
import { TMX_END, tmxStart, tmxTu } from '../../src/formats/tmx.js';
import { xliff12ToString } from '../../src/formats/xliff12.js';
import type { NewUnit } from '../../src/domain/tm/unit.js';

/** A TMX file written, with its size in bytes. */
export interface TmxFile {
  path: string;
  bytes: number;
}

/** Characters buffered before a write (a few TUs at a time would make the writer the bottleneck). */
const WRITE_CHUNK = 1 << 16;

/**
 * Writes `units` as TMX to `file`, or, when `maxBytes` is given, to as many files
 * (`file`, `file.2`, ...) as keep each under it (an upload limit). Resolves with the files.
 */
export async function writeTmxFiles(file: string, units: Iterable<NewUnit>, maxBytes = Infinity): Promise<TmxFile[]> {
  const files: TmxFile[] = [];
  let out: ReturnType<typeof createWriteStream> | undefined;
  let bytes = 0;
  const write = async (s: string) => {
    bytes += Buffer.byteLength(s);
    if (!(out as ReturnType<typeof createWriteStream>).write(s)) await once(out as ReturnType<typeof createWriteStream>, 'drain');
  };
  const close = async () => {
    if (!out) return;
    await write(TMX_END);
    out.end();
    await once(out, 'finish');
    out = undefined;
  };
  const open = async () => {
    const path = files.length === 0 ? file : `${file}.${files.length + 1}`;
    files.push({ path, bytes: 0 });
    out = createWriteStream(path);
    bytes = 0;
    await write(tmxStart('zh-CN'));
  };
  await open();
  let chunk = '';
  for (const u of units) {
    chunk += tmxTu({ sourceLang: u.sourceLang, targetLang: u.targetLang, source: { text: u.source, codes: [] }, target: { text: u.target, codes: [] }, origin: u.origin });
    if (chunk.length > WRITE_CHUNK) {
      // Three bytes a UTF-16 unit at most, and room for the end tags.
      if (bytes + chunk.length * 3 + TMX_END.length > maxBytes) {
        await close();
        await open();
      }
      await write(chunk);
      chunk = '';
    }
  }
  await write(chunk);
  await close();
  for (const f of files) f.bytes = statSync(f.path).size;
  return files;
}

/** Writes `units` as one TMX file; resolves with its size in bytes. */
export async function writeTmxFile(file: string, units: Iterable<NewUnit>): Promise<number> {
  const [written] = await writeTmxFiles(file, units);
  return (written as TmxFile).bytes;
}

/** An XLIFF 1.2 file (zh-CN -> en, no targets) with one unit per source. */
export function documentXliff(sources: readonly string[]): string {
  return xliff12ToString({
    version: '1.2', sourceLang: 'zh-CN', targetLang: 'en', files: [{ original: 'bench.txt', datatype: 'plaintext', notes: [] }],
    units: sources.map((text, i) => ({ id: String(i + 1), file: 0, translate: true, segments: [{ source: { text, codes: [] }, state: 'new' }], notes: [], matches: [], terms: [] })),
  });
}
