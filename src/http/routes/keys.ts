/** `/api/v1/keys`: API keys, admin only; `/api/v1/me`: the caller's own key, for any role. */
import { Router } from 'express';
import type { Services } from '../../services/container.js';
import type { ScopeInput } from '../../services/keys.js';
import { principalOf } from '../auth.js';
import { idParam } from '../params.js';
import { presentKey, presentPrincipal } from '../presenters.js';

/** Create, list and delete keys; tell a caller who they are. */
export function keyRoutes(services: Services): Router {
  const router = Router();
  router.get('/me', (_req, res) => {
    res.json(presentPrincipal(principalOf(res)));
  });
  router.get('/keys', async (_req, res) => {
    res.json({ keys: (await services.keys.list()).map(presentKey) });
  });
  router.post('/keys', async (req, res) => {
    const body = req.body as { name: string; role: string; scope?: ScopeInput };
    const created = await services.keys.create(body.name, body.role, principalOf(res), body.scope);
    res.status(201).location(`/api/v1/keys/${created.id}`).json({ ...presentKey(created), key: created.key });
  });
  router.delete('/keys/:id', async (req, res) => {
    await services.keys.delete(idParam(req));
    res.status(204).end();
  });
  return router;
}
