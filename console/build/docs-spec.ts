/**
 * The contract as the API reference page shows it: openapi.yaml with each operation's role
 * (`x-caravan-role`, which the server enforces; for the protocol routes, the role their link key
 * needs) written at the head of its description,
 * because Scalar does not show vendor extensions. Nothing else changes.
 */

type Operation = { description?: string; security?: unknown[]; 'x-caravan-role'?: string };

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** A copy of `spec` whose operation descriptions start with the role they need. */
export function withRoleNotes<T extends { paths?: Record<string, Record<string, unknown>> }>(spec: T): T {
  const copy = structuredClone(spec);
  for (const item of Object.values(copy.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method] as Operation | undefined;
      if (!op) continue;
      const role = op['x-caravan-role'];
      const open = Array.isArray(op.security) && op.security.length === 0;
      // A protocol route (issue 15) has no bearer key but a link key, in its URL or `api_key`.
      const note = role ? (open ? `**Link key:** ${role} or higher.` : `**Role:** ${role} or higher.`) : open ? '**No key needed.**' : undefined;
      if (note) op.description = op.description ? `${note}\n\n${op.description}` : note;
    }
  }
  return copy;
}
