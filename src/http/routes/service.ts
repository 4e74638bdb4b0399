/** Routes without a key: health, the contract, problem-type pages (the API reference at /docs is part of the console). */
import { Router } from 'express';
import type { Services } from '../../services/container.js';
import { OPENAPI_TEXT } from '../openapi.js';
import { PROBLEM_TYPES, problem, sendProblem } from '../problem.js';

/** Health, /openapi.yaml and /problems/{code}. */
export function serviceRoutes(services: Services): Router {
  const router = Router();

  router.get('/health', async (_req, res) => {
    res.json(await services.health());
  });
  // For load balancers (issue 13): live while the process runs; ready once the index is built and has
  // applied the shared change log up to its head, and while the database answers.
  router.get('/health/live', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/health/ready', (_req, res) => {
    if (services.sync.ready()) {
      res.json({ status: 'ready', appliedSeq: services.sync.applied() });
      return;
    }
    res.setHeader('Retry-After', '1');
    sendProblem(res, problem('unavailable', 'This node is not ready: its index is being built, it is catching up with the change log, or the database is unreachable.',
      { appliedSeq: services.sync.applied() }));
  });
  router.get('/openapi.yaml', (_req, res) => {
    res.type('application/yaml').send(OPENAPI_TEXT);
  });
  router.get('/problems/:code', (req, res) => {
    const entry = PROBLEM_TYPES[req.params.code];
    if (!entry) {
      sendProblem(res, problem('not-found', `There is no problem type "${req.params.code}".`));
      return;
    }
    const [status, title, text] = entry;
    res.type('text/html').send(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head>` +
      `<body><h1>${status} ${title}</h1><p>${text.replace(/`([^`]+)`/g, '<code>$1</code>')}</p><p><a href="/docs">API documentation</a></p></body></html>`);
  });
  return router;
}
