/**
 * Pruning the change log (pg-changes.ts): what every live node has applied and what is older than
 * the retention goes; a memory's revision and last write survive it; a node that had not read
 * pruned changes is told so.
 */
import { expect, it } from 'vitest';
import { openPgStores } from '../../src/store/postgres/pg-stores.js';
import { describePg, freshDatabase } from '../helpers/postgres.js';
import { create, storedEntry } from './termbase-contract.js';

const unit = (source: string, target: string) => ({ sourceLang: 'zh-CN', targetLang: 'en', source, target });

describePg('change-log pruning', (cluster) => {
  it('keeps what a live node has not applied, prunes the rest, and folds unit changes into the memory\'s revision', async () => {
    const url = await freshDatabase(cluster());
    const a = await openPgStores(url, { changeRetentionMs: 0 });
    const b = await openPgStores(url, { changeRetentionMs: 0 });
    const feed = a.changes!;
    const start = await feed.position();
    await b.changes!.checkpoint(start); // B has applied nothing since `start`
    await a.tm.upsertUnits('default', [unit('一。', 'One.')], 't');
    await a.tm.upsertUnits('default', [unit('二。', 'Two.'), unit('三。', 'Three.')], 't');
    await a.termbase.writeEntries('default', [create(storedEntry('default', 'pruned', '修剪', 'pruned'))]);
    const version = await a.memories.contentVersion('default');
    expect(version?.revision).toBe(2);

    const now = await feed.position();
    expect(await feed.checkpoint(now)).toEqual({ pruned: 0, lost: false });
    expect((await feed.since(start)).changes.map((c) => c.kind)).toEqual(['units', 'units', 'entries']);

    expect(await b.changes!.checkpoint(now)).toEqual({ pruned: 3, lost: false });
    expect((await feed.since(start)).changes).toEqual([]);
    expect(await a.memories.contentVersion('default')).toEqual(version);
    expect((await a.memories.lastWrites()).get('default')).toBe(version?.lastWrite);

    // A node that was at `start` has lost changes it never read.
    const late = await openPgStores(url, { changeRetentionMs: 0 });
    expect(await late.changes!.checkpoint(start)).toEqual({ pruned: 0, lost: true });
    await Promise.all([a.close(), b.close(), late.close()]);
  });

  it('keeps changes younger than the retention, and forgets a node that left', async () => {
    const url = await freshDatabase(cluster());
    const kept = await openPgStores(url, { changeRetentionMs: 3_600_000 });
    const start = await kept.changes!.position();
    await kept.tm.upsertUnits('default', [unit('四。', 'Four.')], 't');
    expect(await kept.changes!.checkpoint(await kept.changes!.position())).toEqual({ pruned: 0, lost: false });
    expect((await kept.changes!.since(start)).changes).toHaveLength(1);

    const eager = await openPgStores(url, { changeRetentionMs: 0 });
    const lagging = await openPgStores(url, { changeRetentionMs: 0 });
    await lagging.changes!.checkpoint(start);
    expect((await eager.changes!.checkpoint(await eager.changes!.position())).pruned).toBe(0);
    await lagging.changes!.leave();
    expect((await eager.changes!.checkpoint(await eager.changes!.position())).pruned).toBe(1);
    await Promise.all([kept.close(), eager.close(), lagging.close()]);
  });
});
