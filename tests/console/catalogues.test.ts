/**
 * The interface's text: both catalogues have every message with the same placeholders, the
 * pages take their words from the catalogues, and no page inserts markup from strings.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { en } from '../../console/src/i18n/en.js';
import { zhCN } from '../../console/src/i18n/zh-CN.js';
import { placeholders } from '../../console/src/lib/message-format.js';
import { PACKAGE_ROOT } from '../../src/version.js';

const SOURCES = join(PACKAGE_ROOT, 'console', 'src');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? files(join(dir, d.name)) : /\.tsx?$/.test(d.name) ? [join(dir, d.name)] : []));
}

/** Words a page may show without the catalogue: format and product names. */
const LITERALS = new Set(['Caravan', 'CSV', 'TSV', 'XLIFF', 'tu']);

describe('message catalogues', () => {
  it('Chinese has every English message, with the same placeholders, and none is empty', () => {
    expect(Object.keys(zhCN).sort()).toEqual(Object.keys(en).sort());
    for (const [key, message] of Object.entries(en)) {
      const zh = zhCN[key as keyof typeof en];
      expect(zh.trim(), key).not.toBe('');
      expect(placeholders(zh), key).toEqual(placeholders(message));
    }
  });

  it('every Chinese message that has words is written in Chinese', () => {
    const untranslated = Object.entries(zhCN).filter(([key, zh]) => /[a-z]{3,}/.test(en[key as keyof typeof en].replace(/\{\w+\}/g, ''))
      && !/\p{Script=Han}/u.test(zh) && zh === en[key as keyof typeof en]);
    expect(untranslated.map(([k]) => k)).toEqual([]);
  });

  it('pages show no text of their own outside the catalogues', () => {
    const stray: string[] = [];
    for (const file of files(SOURCES).filter((f) => f.endsWith('.tsx'))) {
      const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true, ts.ScriptKind.TSX);
      const visit = (node: ts.Node): void => {
        if (ts.isJsxText(node) && /[A-Za-z\p{Script=Han}]{2,}/u.test(node.text) && !LITERALS.has(node.text.trim())) stray.push(`${file}: ${node.text.trim()}`);
        if (ts.isJsxAttribute(node) && ['aria-label', 'title', 'alt'].includes(node.name.getText()) && node.initializer && ts.isStringLiteral(node.initializer)) {
          stray.push(`${file}: ${node.name.getText()}="${node.initializer.text}"`);
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
    expect(stray).toEqual([]);
  });

  it('no page builds markup from strings (so nothing a user types becomes HTML)', () => {
    const offenders = files(SOURCES).filter((f) => /dangerouslySetInnerHTML|\.innerHTML|outerHTML|insertAdjacentHTML|document\.write/.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
