/**
 * The API reference at `/docs`: Scalar's standalone renderer (bundled, served from this
 * origin) over the contract with role notes. "Try it" sends requests to this server with the
 * key the console signed in with (this tab's sessionStorage), never stored by Scalar. Its
 * online extras are switched off: no web fonts, telemetry, AI agent or developer toolbar,
 * which would otherwise call scalar.com (the CSP would block them anyway).
 */
import { scalarUrl, specUrl } from 'virtual:docs-assets';
import { readKey } from '../api/session.js';

interface ScalarGlobal {
  createApiReference(selector: string, config: Record<string, unknown>): unknown;
}

const script = document.createElement('script');
script.src = scalarUrl;
script.onload = () => {
  const scalar = (window as unknown as { Scalar?: ScalarGlobal }).Scalar;
  const token = readKey() ?? '';
  scalar?.createApiReference('#reference', {
    url: specUrl,
    withDefaultFonts: false,
    telemetry: false,
    showDeveloperTools: 'never',
    agent: { disabled: true },
    persistAuth: false,
    authentication: { preferredSecurityScheme: 'bearerAuth', securitySchemes: { bearerAuth: { token } } },
  });
};
document.head.append(script);
