/**
 * Vite plugin for the API reference page (`/docs`): the virtual module `virtual:docs-assets`
 * exports the URLs of two files it adds to the build, the contract as JSON with role notes
 * (see docs-spec.ts) and Scalar's prebuilt standalone script. The script is copied as it is
 * (3.5 MB, already minified): bundling it again would only slow every build down.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Plugin } from 'vite';
import { parse } from 'yaml';
import { withRoleNotes } from './docs-spec.js';

const VIRTUAL = 'virtual:docs-assets';

function scalarStandalone(): Buffer {
  const entry = createRequire(import.meta.url).resolve('@scalar/api-reference');
  return readFileSync(join(dirname(entry), 'browser', 'standalone.js'));
}

/** The plugin; `specPath` is openapi.yaml. */
export function docsAssets(specPath: string): Plugin {
  return {
    name: 'caravan-docs-assets',
    resolveId(source) {
      return source === VIRTUAL ? `\0${VIRTUAL}` : undefined;
    },
    load(id) {
      if (id !== `\0${VIRTUAL}`) return undefined;
      const spec = withRoleNotes(parse(readFileSync(specPath, 'utf8')) as { paths?: Record<string, Record<string, unknown>> });
      const specRef = this.emitFile({ type: 'asset', name: 'openapi.json', source: JSON.stringify(spec) });
      const scalarRef = this.emitFile({ type: 'asset', name: 'scalar.js', source: scalarStandalone() });
      return `export const specUrl = import.meta.ROLLUP_FILE_URL_${specRef};\nexport const scalarUrl = import.meta.ROLLUP_FILE_URL_${scalarRef};\n`;
    },
  };
}
