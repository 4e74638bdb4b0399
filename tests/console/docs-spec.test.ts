/** The contract as the API reference shows it: the same document with each operation's role in its description. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { withRoleNotes } from '../../console/build/docs-spec.js';
import { PACKAGE_ROOT } from '../../src/version.js';

type Op = { description?: string; 'x-caravan-role'?: string; security?: unknown[] };
type Spec = { paths: Record<string, Record<string, Op>> };

describe('withRoleNotes', () => {
  const spec = parse(readFileSync(join(PACKAGE_ROOT, 'openapi.yaml'), 'utf8')) as Spec;
  const noted = withRoleNotes(spec);

  it('starts every /api/v1 description with its role, protocol routes with their link key\'s, and public routes with "no key needed"', () => {
    const protocol = /^\/(tmserver|omegat|apy|libretranslate)\//;
    for (const [path, item] of Object.entries(noted.paths)) {
      for (const [method, op] of Object.entries(item).filter(([m]) => ['get', 'put', 'post', 'delete', 'patch'].includes(m))) {
        const original = spec.paths[path]?.[method];
        const note = path.startsWith('/api/v1/') ? `**Role:** ${original?.['x-caravan-role']} or higher.`
          : protocol.test(path) ? `**Link key:** ${original?.['x-caravan-role']} or higher.` : '**No key needed.**';
        expect(op.description, `${method} ${path}`).toBe(original?.description ? `${note}\n\n${original.description}` : note);
      }
    }
    expect(noted.paths['/api/v1/glossaries/{id}/entries']?.post?.description).toMatch(/^\*\*Role:\*\* terminologist or higher\.\n\nAn entry needs/);
  });

  it('leaves the contract it was given unchanged', () => {
    expect(spec.paths['/api/v1/keys']?.get?.description).toBeUndefined();
    expect(noted.paths['/api/v1/keys']?.get?.description).toBe('**Role:** admin or higher.');
  });
});
