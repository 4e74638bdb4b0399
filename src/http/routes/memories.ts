/** `/api/v1/memories`: memories as collections (list and read: reader, in scope; writes: admin). */
import { Router } from 'express';
import type { CollectionChanges, NewCollection } from '../../domain/collections.js';
import type { Services } from '../../services/container.js';
import { principalOf } from '../auth.js';
import { flagQuery } from '../params.js';

/** Memory routes. */
export function memoryRoutes(services: Services): Router {
  const router = Router();
  const memories = services.memories;

  router.get('/memories', async (_req, res) => {
    const by = principalOf(res);
    res.json({ memories: await memories.withStats(await memories.list(by)) });
  });

  router.post('/memories', async (req, res) => {
    const by = principalOf(res);
    const created = await memories.create(req.body as NewCollection, by);
    const [view] = await memories.withStats([created]);
    res.status(201).location(`/api/v1/memories/${created.id}`).json(view);
  });

  router.get('/memories/:id', async (req, res) => {
    const [view] = await memories.withStats([await memories.get(principalOf(res), req.params.id)]);
    res.json(view);
  });

  router.patch('/memories/:id', async (req, res) => {
    const [view] = await memories.withStats([await memories.update(principalOf(res), req.params.id, req.body as CollectionChanges)]);
    res.json(view);
  });

  router.post('/memories/:id/merge-duplicates', async (req, res) => {
    const by = principalOf(res);
    const id = await memories.writable(by, (await memories.get(by, req.params.id)).id);
    res.json(await services.maintenance.mergeDuplicates(id, by, (req.body as { token?: string } | undefined)?.token));
  });

  router.delete('/memories/:id', async (req, res) => {
    await memories.delete(principalOf(res), req.params.id, flagQuery(req, 'force'));
    res.status(204).end();
  });
  return router;
}
