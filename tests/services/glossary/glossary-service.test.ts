/**
 * The glossary service on its own: scope resolution, deleting a glossary documents use, an
 * import that lets other work run while it goes, and one whose reading worker dies.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Principal, SYSTEM_PRINCIPAL } from '../../../src/domain/auth/roles.js';
import { ConflictError, NotFoundError, ValidationError } from '../../../src/domain/errors.js';
import { GlossaryService } from '../../../src/services/glossary/glossary.js';
import { openSqliteStores } from '../../../src/store/sqlite/sqlite-stores.js';
import type { Stores } from '../../../src/store/types.js';

let stores: Stores;
let service: GlossaryService;
const users = new Map<string, { id: number; name: string }[]>();
beforeEach(async () => {
  stores = openSqliteStores(':memory:');
  service = new GlossaryService(stores.termbase, { usedBy: async (id) => users.get(id) ?? [] });
  await service.warm();
  for (const id of ['client-a', 'client-b']) await service.createGlossary(SYSTEM_PRINCIPAL, { id, name: id });
});
afterEach(() => stores.close());

const scoped = (glossaries: string[]): Principal => ({ keyId: 7, name: 'scoped', role: 'admin', scope: { memories: '*', glossaries } });

describe('resolveGlossaries', () => {
  it('without a list: every glossary in scope, in id order', () => {
    expect(service.resolveGlossaries(SYSTEM_PRINCIPAL)).toEqual(['client-a', 'client-b', 'default']);
    expect(service.resolveGlossaries(scoped(['default', 'client-b']))).toEqual(['client-b', 'default']);
    expect(service.resolveGlossaries(scoped([]))).toEqual([]);
  });

  it('with a list: its order, repeats dropped; 404 for unknown or out-of-scope ids, 400 naming a malformed one', () => {
    expect(service.resolveGlossaries(SYSTEM_PRINCIPAL, ['default', 'client-a', 'default'])).toEqual(['default', 'client-a']);
    expect(() => service.resolveGlossaries(scoped(['client-b']), ['client-a'])).toThrow(new NotFoundError('glossary', 'client-a'));
    expect(() => service.resolveGlossaries(SYSTEM_PRINCIPAL, ['nope'])).toThrow(NotFoundError);
    expect(() => service.resolveGlossaries(SYSTEM_PRINCIPAL, ['Client A'])).toThrow(ValidationError);
    expect(() => service.resolveGlossaries(SYSTEM_PRINCIPAL, ['Client A'])).toThrow('glossaries: "Client A" is not a collection id');
  });

  it('a glossary out of scope does not exist for the key: not listed, not readable, not writable', async () => {
    const key = scoped(['client-b']);
    expect(service.listGlossaries(key).map((g) => g.id)).toEqual(['client-b']);
    expect(() => service.getGlossary(key, 'client-a')).toThrow(NotFoundError);
    expect(() => service.create(key, 'client-a', { languages: { 'zh-CN': [{ term: '词', status: 'preferred' }] } })).toThrow(NotFoundError);
    await expect(service.list(key, { glossaries: ['client-a'] })).rejects.toBeInstanceOf(NotFoundError);
    await expect(service.exportFile(key, ['client-a'], { format: 'csv' })).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('deleting a glossary that documents use', () => {
  it('is a 409 naming the documents, unless forced', async () => {
    users.set('client-a', [{ id: 3, name: 'contract.docx' }, { id: 9, name: 'annex.txt' }]);
    const refused = service.deleteGlossary(SYSTEM_PRINCIPAL, 'client-a');
    await expect(refused).rejects.toBeInstanceOf(ConflictError);
    await expect(refused).rejects.toMatchObject({
      message: 'glossary "client-a" is used by documents 3 "contract.docx", 9 "annex.txt"; change their settings, or delete with force=true',
      details: { glossary: 'client-a', documents: [{ id: 3, name: 'contract.docx' }, { id: 9, name: 'annex.txt' }] },
    });
    expect(service.resolveGlossaries(SYSTEM_PRINCIPAL)).toContain('client-a');
    await service.deleteGlossary(SYSTEM_PRINCIPAL, 'client-a', { force: true });
    expect(service.resolveGlossaries(SYSTEM_PRINCIPAL)).toEqual(['client-b', 'default']);
    users.clear();
  });
});

describe('an import', () => {
  it('lets other work run before it finishes (it yields), and its entries are recognised when it has', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => `测试术语${i},test term ${i}`).join('\n');
    let finished = false;
    let ranDuring = false;
    setTimeout(() => { ranDuring = !finished; }, 0);
    const report = await service.importFile(SYSTEM_PRINCIPAL, 'client-b', `zh-CN,en\n${rows}\n`, {});
    finished = true;
    expect(report).toMatchObject({ created: 3000, skipped: [] });
    expect(ranDuring).toBe(true);
    expect(service.recognize('一个测试术语2999。', 'zh-CN', ['client-b']).map((h) => h.entryId)).toEqual(['test-term-2999']);
    expect(service.getGlossary(SYSTEM_PRINCIPAL, 'client-b').stats.entries).toBe(3000);
  });

  it('fails when the worker reading its file dies: nothing is imported, and the next import runs', async () => {
    const file = `zh-CN,en\n${Array.from({ length: 200 }, (_, i) => `测试术语${i},test term ${i}`).join('\n')}\n`;
    const killed = service.importFile(SYSTEM_PRINCIPAL, 'client-b', file, { inProcessMaxBytes: 0, onWorker: (worker) => { void worker.terminate(); } });
    await expect(killed).rejects.toThrow(/worker thread stopped/);
    expect(service.getGlossary(SYSTEM_PRINCIPAL, 'client-b').stats.entries).toBe(0);
    expect(await service.importFile(SYSTEM_PRINCIPAL, 'client-b', file, { inProcessMaxBytes: 0 })).toMatchObject({ created: 200, skipped: [] });
    expect(service.getGlossary(SYSTEM_PRINCIPAL, 'client-b').stats.entries).toBe(200);
  });
});
