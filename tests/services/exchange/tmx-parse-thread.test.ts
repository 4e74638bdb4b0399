/** The stage port answered on the main thread (stagePortHere): what it stages after it is closed. */
import { describe, expect, it } from 'vitest';
import type { NewUnit } from '../../../src/domain/tm/unit.js';
import { stagePortHere } from '../../../src/services/exchange/tmx-parse-thread.js';
import { packUnits } from '../../../src/store/staged-texts.js';

const unit = (n: number): NewUnit => ({ sourceLang: 'zh-CN', targetLang: 'en', source: `第${n}句。`, target: `Sentence ${n}.` });

describe('stagePortHere', () => {
  it('close() waits for the batch being staged and stages none of those still queued (the abort comes after)', async () => {
    const events: string[] = [];
    let started: () => void = () => undefined;
    const firstStarted = new Promise<void>((resolve) => { started = resolve; });
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => { release = resolve; });
    const here = stagePortHere(async (units) => {
      events.push(`stage ${units[0]?.source}`);
      started();
      await held;
      events.push(`staged ${units[0]?.source}`);
      return [];
    });
    // The worker's end: three batches sent before the parse fails.
    for (const n of [1, 2, 3]) here.port.postMessage({ units: packUnits([unit(n)]), refs: [n] });
    await firstStarted;
    // Let the other two arrive and queue behind the first.
    await new Promise((r) => setTimeout(r, 20));
    const closing = here.close().then(() => events.push('closed'));
    setTimeout(release, 20);
    await closing;
    events.push('abort');
    here.port.close();
    await new Promise((r) => setTimeout(r, 20));
    expect(events).toEqual(['stage 第1句。', 'staged 第1句。', 'closed', 'abort']);
  });
});
