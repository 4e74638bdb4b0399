/**
 * The difference between a TM source and the segment looked up, as a CAT tool shows it: what to
 * delete from the stored source and what to insert to get the segment. It is drawn on the raw
 * texts from the alignment of their keys, so `equal` + `delete` pieces spell the unit's source
 * exactly and `equal` + `insert` pieces spell the query exactly. Symbols the key pairs as equal
 * but that are written differently (Traditional vs Simplified, full vs half width, another number)
 * show as a delete and an insert, because that is what the translator has to change.
 */
import type { AlignStep } from './alignment.js';
import { coreOf, gapOf, type KeyedText, leadOf, piecesOf } from './penalties.js';

/** One run of the diff. */
export interface DiffOp {
  op: 'equal' | 'insert' | 'delete';
  text: string;
}

/** The diff turning the unit's source (`u`) into the query (`q`). */
export function diffTexts(q: KeyedText, u: KeyedText, steps: readonly AlignStep[]): DiffOp[] {
  const qp = piecesOf(q);
  const up = piecesOf(u);
  const out: DiffOp[] = [];
  let del = '';
  let ins = '';
  const flush = () => {
    if (del) out.push({ op: 'delete', text: del });
    if (ins) out.push({ op: 'insert', text: ins });
    del = '';
    ins = '';
  };
  const same = (a: string, b: string) => {
    if (a === b) {
      if (!a) return;
      flush();
      const last = out[out.length - 1];
      if (last?.op === 'equal') last.text += a;
      else out.push({ op: 'equal', text: a });
    } else {
      del += b;
      ins += a;
    }
  };
  same(leadOf(qp), leadOf(up));
  for (const s of steps) {
    if (s.op === 'equal') {
      same(coreOf(qp, s.q), coreOf(up, s.u));
      same(gapOf(qp, s.q), gapOf(up, s.u));
    } else if (s.op === 'substitute') {
      del += coreOf(up, s.u) + gapOf(up, s.u);
      ins += coreOf(qp, s.q) + gapOf(qp, s.q);
    } else if (s.op === 'insert') {
      ins += coreOf(qp, s.q) + gapOf(qp, s.q);
    } else {
      del += coreOf(up, s.u) + gapOf(up, s.u);
    }
  }
  flush();
  return out;
}
