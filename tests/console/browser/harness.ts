/**
 * Browser tests of the console: a real server (src/main.ts, seed data, a temporary data
 * directory) and Debian's Chromium driven by playwright-core, which downloads no browser.
 * Each page is watched for requests leaving the server, CSP violations and script errors;
 * screenshots go to test-results/console/ in English and Chinese; axe-core checks WCAG 2.1 A/AA.
 *
 * Without Chromium the tests skip with one line (and fail under CI=true, where .ci/run
 * installs it).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type Page, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../../src/domain/auth/roles.js';
import { PACKAGE_ROOT } from '../../../src/version.js';
import { type ServerProcess, exited, serverEnv, startServer } from '../../helpers/server-process.js';
import { ensureConsoleBuilt } from '../build.js';

/** The system browser (Debian's package); CARAVAN_CHROMIUM points elsewhere. */
export const CHROMIUM = process.env.CARAVAN_CHROMIUM ?? '/usr/bin/chromium';
/** Flags that work on a 2-core CI machine without a display or network (Playwright adds --headless and a fresh profile). */
const LAUNCH_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
/** Where screenshots go (git-ignored). */
export const SCREENSHOT_DIR = join(PACKAGE_ROOT, 'test-results', 'console');
/** Time for one role's walk through the console on a busy 2-core machine. */
export const FLOW_TIMEOUT_MS = 240_000;
/** Time to build the console, start the server with the seed data, and launch the browser. */
export const SETUP_TIMEOUT_MS = 240_000;

const ADMIN_KEY = 'browser-test-admin-key-0123456789';
const AXE_SOURCE = readFileSync(join(PACKAGE_ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

/** `describe` when Chromium is there; otherwise one skipped line, or a failure under CI=true. */
export function describeInBrowser(name: string, body: () => void): void {
  if (existsSync(CHROMIUM)) {
    describe(name, body);
  } else if (process.env.CI === 'true') {
    describe(name, () => it('needs Chromium', () => {
      throw new Error(`Chromium is missing at ${CHROMIUM}; install it with apt-get install chromium fonts-noto-cjk`);
    }));
  } else {
    process.stdout.write(`skipping "${name}": no Chromium at ${CHROMIUM} (apt-get install chromium fonts-noto-cjk)\n`);
    describe.skip(name, body);
  }
}

/**
 * One role's walk as a test: a server and a browser of its own (started before, closed after),
 * and `walk` given them. Skips or fails as `describeInBrowser` says when Chromium is missing.
 */
export function walkInBrowser(name: string, title: string, walk: (run: ConsoleRun) => Promise<void>): void {
  describeInBrowser(name, () => {
    let run: ConsoleRun | undefined;
    beforeAll(async () => {
      run = await startConsoleRun();
    }, SETUP_TIMEOUT_MS);
    afterAll(() => run?.close());
    it(title, async () => {
      if (!run) throw new Error('the server and browser did not start');
      await walk(run);
    }, FLOW_TIMEOUT_MS);
  });
}

/** A page and what it did that it must not do. */
export interface WatchedPage {
  page: Page;
  /** Requests to anywhere but the server (data: and blob: URLs aside). */
  outside: string[];
  /** Content-Security-Policy violations and uncaught script errors. */
  errors: string[];
}

/** A running server with a key per role, and a browser. */
export interface ConsoleRun {
  url: string;
  adminKey: string;
  keys: Record<Role, string>;
  server: ServerProcess;
  browser: Browser;
  newPage(): Promise<WatchedPage>;
  /** Calls the API with a key (for changes made "by someone else" during a test). */
  api(method: string, path: string, key: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

/** Builds the console if needed, starts the server and the browser, and makes a key per role. */
export async function startConsoleRun(): Promise<ConsoleRun> {
  ensureConsoleBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'caravan-browser-'));
  const server = await startServer(serverEnv(dir, ADMIN_KEY), 120_000).catch((err: unknown) => {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  });
  const url = server.url;
  const api = (method: string, path: string, key: string, body?: unknown, headers: Record<string, string> = {}) => fetch(`${url}${path}`, {
    method, headers: { Authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const keys = {} as Record<Role, string>;
  for (const role of ROLES) {
    const res = await api('POST', '/api/v1/keys', ADMIN_KEY, { name: `browser-${role}`, role });
    keys[role] = ((await res.json()) as { key: string }).key;
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
  return {
    url, adminKey: ADMIN_KEY, keys, server, browser, api,
    async newPage() {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true, locale: 'en-GB' });
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: url });
      const page = await context.newPage();
      const watched: WatchedPage = { page, outside: [], errors: [] };
      page.on('request', (r) => {
        const u = r.url();
        if (!u.startsWith(url) && !u.startsWith('data:') && !u.startsWith('blob:')) watched.outside.push(u);
      });
      page.on('console', (m) => {
        if (/Content Security Policy/i.test(m.text())) watched.errors.push(m.text());
      });
      page.on('pageerror', (e) => watched.errors.push(e.message));
      return watched;
    },
    async close() {
      await browser.close();
      server.child.kill('SIGTERM');
      await exited(server.child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Opens the console and signs in with `key`. */
export async function signIn(w: WatchedPage, url: string, key: string): Promise<void> {
  await w.page.goto(`${url}/`);
  await w.page.getByLabel('API key').fill(key);
  await w.page.getByRole('button', { name: 'Sign in' }).click();
  await w.page.getByRole('navigation', { name: 'Areas' }).waitFor();
}

/** Switches the interface language with its selector. */
export async function setLanguage(page: Page, locale: 'en' | 'zh-CN'): Promise<void> {
  await page.locator('.session select').selectOption(locale);
  // A locator, not waitForFunction: that evaluates a string with eval, which the console's CSP forbids.
  await page.locator(`html[lang="${locale}"]`).waitFor({ state: 'attached' });
}

/** Saves `<name>.en.png` and `<name>.zh-CN.png` of the page as it is, then returns to English. */
export async function screenshots(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  for (const locale of ['en', 'zh-CN'] as const) {
    await setLanguage(page, locale);
    await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.${locale}.png`), fullPage: true });
  }
  await setLanguage(page, 'en');
}

/** The rule sets axe-core runs: WCAG 2.0 and 2.1, levels A and AA. */
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

interface AxeResult {
  violations: { id: string; impact: string | null; nodes: { target: unknown[] }[] }[];
}

/** WCAG 2.1 A and AA violations axe-core finds on the page as it is now. */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  // A string, as it runs in the page (the tests are compiled without the DOM library).
  const result = (await page.evaluate(`axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(AXE_TAGS)} } })`)) as AxeResult;
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
}

/** Asserts that the page stayed on the server, broke no CSP rule, threw nothing, and passes axe in both languages. */
export async function expectCleanAndAccessible(w: WatchedPage): Promise<void> {
  expect(w.outside).toEqual([]);
  expect(w.errors).toEqual([]);
  for (const locale of ['en', 'zh-CN'] as const) {
    await setLanguage(w.page, locale);
    expect(await accessibilityViolations(w.page), locale).toEqual([]);
  }
  await setLanguage(w.page, 'en');
}
