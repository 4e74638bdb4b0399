/** `/api/v1/keys`: API keys and link keys (issue 15), admin only; `/api/v1/me`: the caller's own key, for any role. */
import { Router } from 'express';
import type { LinkSettings } from '../../domain/auth/roles.js';
import { ValidationError } from '../../domain/errors.js';
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
    const body = req.body as { name: string; role?: string; scope?: ScopeInput; link?: boolean } & LinkSettings;
    if (!body.link && (body.memories !== undefined || body.writeMemory !== undefined)) {
      const path = body.memories !== undefined ? '/memories' : '/writeMemory';
      throw new ValidationError(`${path.slice(1)}: only a link key ("link": true) carries memories and a write memory`, [{ path, message: 'needs "link": true' }]);
    }
    // A link key is a reader unless it says otherwise; an ordinary key names its role.
    const role = body.role ?? (body.link ? 'reader' : undefined);
    if (role === undefined) throw new ValidationError('role: required', [{ path: '/role', message: 'is required (reader, translator, terminologist or admin)' }]);
    const link: LinkSettings | undefined = body.link ? { ...(body.memories ? { memories: body.memories } : {}), ...(body.writeMemory ? { writeMemory: body.writeMemory } : {}) } : undefined;
    const created = await services.keys.create(body.name, role, principalOf(res), body.scope, link);
    res.status(201).location(`/api/v1/keys/${created.id}`).json({ ...presentKey(created), key: created.key });
  });
  router.delete('/keys/:id', async (req, res) => {
    await services.keys.delete(idParam(req));
    res.status(204).end();
  });
  return router;
}
