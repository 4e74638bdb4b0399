/**
 * `GET /docs`: readable API documentation rendered on the server from openapi.yaml, as one
 * self-contained HTML page (no scripts, no network), grouped by tag.
 */
import type { OpenApiDocument } from './openapi.js';

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

type Obj = Record<string, unknown>;

function esc(s: unknown): string {
  return String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function resolve(doc: OpenApiDocument, node: unknown): Obj {
  let n = node as Obj | undefined;
  for (let i = 0; n && typeof n.$ref === 'string' && i < 20; i++) {
    n = (n.$ref as string).replace(/^#\//, '').split('/').reduce<unknown>((o, k) => (o as Obj)?.[k], doc) as Obj | undefined;
  }
  return n ?? {};
}

function refName(node: unknown): string | undefined {
  const ref = (node as Obj | undefined)?.$ref;
  return typeof ref === 'string' ? ref.split('/').pop() : undefined;
}

function typeLabel(doc: OpenApiDocument, schema: unknown): string {
  const name = refName(schema);
  const s = resolve(doc, schema);
  if (name) return `<a href="#schema-${esc(name)}">${esc(name)}</a>`;
  if (s.type === 'array') return `array of ${typeLabel(doc, s.items)}`;
  if (Array.isArray(s.enum)) return `${esc(s.type ?? '')} (${s.enum.map(esc).join(' | ')})`;
  const t = Array.isArray(s.type) ? s.type.join(' | ') : (s.type as string | undefined) ?? (s.oneOf ? 'one of' : 'any');
  return esc(t);
}

function fields(doc: OpenApiDocument, schema: unknown): string {
  const s = resolve(doc, schema);
  const props = (s.properties ?? {}) as Obj;
  const required = new Set((s.required as string[] | undefined) ?? []);
  const rows = Object.entries(props).map(([k, v]) => {
    const p = resolve(doc, v);
    return `<tr><td><code>${esc(k)}</code>${required.has(k) ? ' <b>*</b>' : ''}</td><td>${typeLabel(doc, v)}</td><td>${esc(p.description ?? '')}</td></tr>`;
  });
  return rows.length ? `<table><tr><th>field</th><th>type</th><th>about</th></tr>${rows.join('')}</table>` : `<p>${typeLabel(doc, schema)}</p>`;
}

function operation(doc: OpenApiDocument, method: string, path: string, op: Obj): string {
  const params = ((op.parameters as unknown[] | undefined) ?? []).map((p) => resolve(doc, p));
  const body = resolve(doc, op.requestBody);
  const content = (body.content ?? {}) as Obj;
  const responses = Object.entries((op.responses ?? {}) as Obj);
  const secured = !(Array.isArray(op.security) && op.security.length === 0);
  return `<section class="op" id="${esc(op.operationId ?? `${method}-${path}`)}">
<h3><span class="m ${method}">${method.toUpperCase()}</span> <code>${esc(path)}</code></h3>
<p>${esc(op.summary)}${secured ? ` <i>(role: ${esc(op['x-caravan-role'] ?? 'reader')})</i>` : ' <i>(no key needed)</i>'}</p>
${op.description ? `<pre class="d">${esc(op.description)}</pre>` : ''}
${params.length ? `<h4>Parameters</h4><table><tr><th>name</th><th>in</th><th>type</th><th>about</th></tr>${params.map((p) =>
    `<tr><td><code>${esc(p.name)}</code>${p.required ? ' <b>*</b>' : ''}</td><td>${esc(p.in)}</td><td>${typeLabel(doc, p.schema)}</td><td>${esc(p.description ?? '')}</td></tr>`).join('')}</table>` : ''}
${Object.keys(content).length ? `<h4>Request body</h4>${Object.entries(content).map(([type, c]) => `<p><code>${esc(type)}</code></p>${fields(doc, (c as Obj).schema)}`).join('')}` : ''}
<h4>Responses</h4><ul>${responses.map(([code, r]) => {
    const rr = resolve(doc, r);
    const types = Object.entries((rr.content ?? {}) as Obj);
    return `<li><b>${esc(code)}</b> ${esc(rr.description)}${types.map(([t, c]) => ` <code>${esc(t)}</code> ${typeLabel(doc, (c as Obj).schema)}`).join('')}</li>`;
  }).join('')}</ul>
</section>`;
}

/** Renders the whole contract as an HTML page. */
export function renderDocsPage(doc: OpenApiDocument): string {
  const info = (doc.info ?? {}) as Obj;
  const tags = ((doc.tags as Obj[] | undefined) ?? []).map((t) => String(t.name));
  const byTag = new Map<string, string[]>(tags.map((t) => [t, []]));
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method] as Obj | undefined;
      if (!op) continue;
      const tag = ((op.tags as string[] | undefined) ?? ['other'])[0] as string;
      if (!byTag.has(tag)) byTag.set(tag, []);
      byTag.get(tag)?.push(operation(doc, method, path, op));
    }
  }
  const schemas = Object.entries(((doc.components as Obj | undefined)?.schemas ?? {}) as Obj);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(info.title)} API ${esc(info.version)}</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;max-width:980px;margin:2em auto;padding:0 1em;color:#222}
code{font:13px ui-monospace,monospace;background:#f4f4f4;padding:0 .2em}
table{border-collapse:collapse;margin:.3em 0 .8em}td,th{border:1px solid #ddd;padding:.2em .5em;text-align:left;vertical-align:top}
.op{border-top:1px solid #ccc;padding-top:.5em}.m{font:bold 12px monospace;padding:.1em .4em;border-radius:3px;color:#fff}
.get{background:#2b6cb0}.post{background:#2f855a}.put{background:#b7791f}.delete{background:#c53030}.patch{background:#6b46c1}
pre.d{white-space:pre-wrap;font:inherit;background:none}nav a{margin-right:1em}
@media print{.op{break-inside:avoid}}
</style></head><body>
<h1>${esc(info.title)} API <small>${esc(info.version)}</small></h1>
<pre class="d">${esc(info.description)}</pre>
<p>The contract itself: <a href="/openapi.yaml">/openapi.yaml</a></p>
<nav>${[...byTag.keys()].map((t) => `<a href="#tag-${esc(t)}">${esc(t)}</a>`).join('')}<a href="#schemas">schemas</a></nav>
${[...byTag.entries()].map(([t, ops]) => `<h2 id="tag-${esc(t)}">${esc(t)}</h2>${ops.join('\n')}`).join('\n')}
<h2 id="schemas">Schemas</h2>
${schemas.map(([name, s]) => `<section id="schema-${esc(name)}"><h3>${esc(name)}</h3><p>${esc((s as Obj).description ?? '')}</p>${fields(doc, s)}</section>`).join('\n')}
</body></html>`;
}
