/**
 * One round-trip suite for every exchange format, as translate-toolkit's TestTranslationStore
 * runs one suite over every store: each golden fixture (`tests/fixtures/<format>/case.* +
 * case.json`) reads to the model in its JSON; writing that model and reading it again gives
 * the same model (text, codes, states, notes, matches, terms); and every real-world sample
 * survives read -> write -> read with its text, codes and states, and is stable after that.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type TmxSkip, type TmxUnit, readTmx, tmxToString } from '../../src/formats/tmx.js';
import { TO_12, TO_2, type XliffDocument } from '../../src/formats/xliff-model.js';
import { readXliff12, xliff12ToString } from '../../src/formats/xliff12.js';
import { readXliff2, xliff2ToString } from '../../src/formats/xliff2.js';
import { FIXTURES_DIR, SAMPLES_DIR, describeNeeding, sampleFiles } from '../helpers/shared.js';

/** A format under test: how to read bytes into its model and write the model back. */
interface FormatUnderTest<M> {
  name: string;
  fixtures: string;
  samples: string[];
  read(bytes: Buffer | string): Promise<M>;
  write(model: M): string;
  /** The model as this format's writer is expected to give it back (what it must decide itself). */
  afterWrite(model: M): M;
  /** What must survive even the writer's clean-up of real-world files. */
  essence(model: M): unknown;
}

interface TmxModel {
  units: TmxUnit[];
  skipped: TmxSkip[];
}

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

/** States a writer has to spell out where the file left them implicit. */
function withWrittenStates(doc: XliffDocument, table: Record<string, string>): XliffDocument {
  const out = clone(doc);
  for (const u of out.units) {
    for (const s of u.segments) if (!s.ignorable && s.nativeState === undefined && (s.target || table === TO_2)) s.nativeState = table[s.state];
  }
  return out;
}

function xliffEssence(doc: XliffDocument): unknown {
  return {
    units: doc.units.length,
    segments: doc.units.map((u) => u.segments.filter((s) => !s.ignorable).map((s) => ({
      source: s.source.text, target: s.target?.text, state: s.state,
      codes: [s.source, s.target].map((t) => t?.codes.map((c) => [c.type, c.id, c.offset])),
    }))),
  };
}

const xliff12: FormatUnderTest<XliffDocument> = {
  name: 'xliff12',
  fixtures: 'xliff12',
  samples: sampleFiles('xliff1').map((f) => join(SAMPLES_DIR, 'xliff1', f)),
  read: readXliff12,
  write: xliff12ToString,
  afterWrite(doc) {
    const out = withWrittenStates(doc, TO_12);
    out.version = '1.2';
    delete out.flavor;
    out.units.forEach((u, n) => { u.id ??= String(n + 1); });
    for (const f of out.files) {
      f.original ??= 'caravan';
      delete f.id;
    }
    return out;
  },
  essence: xliffEssence,
};

const xliff2: FormatUnderTest<XliffDocument> = {
  name: 'xliff2',
  fixtures: 'xliff2',
  samples: sampleFiles('xliff2').map((f) => join(SAMPLES_DIR, 'xliff2', f)),
  read: readXliff2,
  write: xliff2ToString,
  afterWrite(doc) {
    const out = withWrittenStates(doc, TO_2);
    out.version = '2.1';
    delete out.flavor;
    return out;
  },
  essence: xliffEssence,
};

const tmx: FormatUnderTest<TmxModel> = {
  name: 'tmx',
  fixtures: 'tmx',
  samples: sampleFiles('tmx').map((f) => join(SAMPLES_DIR, 'tmx', f)),
  async read(bytes) {
    const model: TmxModel = { units: [], skipped: [] };
    await readTmx(bytes, {}, (u) => { model.units.push(u); }, (s) => model.skipped.push(s));
    return model;
  },
  write: (m) => tmxToString(m.units.map((u) => ({ ...u, id: u.tuid }))),
  afterWrite: (m) => ({ units: clone(m.units), skipped: [] }),
  essence: (m) => m.units.map((u) => [u.sourceLang, u.targetLang, u.source, u.target]),
};

function cases(dir: string): { name: string; file: string; json: string }[] {
  const all = readdirSync(join(FIXTURES_DIR, dir));
  return all.filter((f) => !f.endsWith('.json')).map((f) => ({ name: f, file: join(FIXTURES_DIR, dir, f), json: join(FIXTURES_DIR, dir, f.replace(/\.[^.]+$/, '.json')) }));
}

function suite<M>(format: FormatUnderTest<M>): void {
  describe(`${format.name} round trip`, () => {
    for (const c of cases(format.fixtures)) {
      it(`${c.name}: reads to its golden model`, async () => {
        const golden = JSON.parse(readFileSync(c.json, 'utf8')) as M;
        const model = await format.read(readFileSync(c.file));
        const comparable = format.name === 'tmx' ? { units: (model as TmxModel).units, skipped: (model as TmxModel).skipped } : model;
        const expected = format.name === 'tmx' ? { units: (golden as TmxModel).units, skipped: (golden as TmxModel).skipped } : golden;
        expect(clone(comparable)).toEqual(expected);
      });

      it(`${c.name}: read -> write -> read gives the same model`, async () => {
        const model = await format.read(readFileSync(c.file));
        const again = await format.read(format.write(model));
        expect(clone(again)).toEqual(clone(format.afterWrite(model)));
      });
    }

    describeNeeding(['reference'], `${format.name} reference samples`, () => {
      for (const file of format.samples) {
        it(`sample ${file.split('/').pop()}: text, codes and states survive, and a second pass is stable`, async () => {
          const first = await format.read(readFileSync(file));
          const second = await format.read(format.write(first));
          expect(format.essence(second)).toEqual(format.essence(first));
          const third = await format.read(format.write(second));
          expect(clone(third)).toEqual(clone(second));
        });
      }
    });
  });
}

suite(xliff12);
suite(xliff2);
suite(tmx);
