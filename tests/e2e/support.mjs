// Shared helpers for the end-to-end suites: a static server (`cargo xtask serve`) over a
// copy of the release build, Chromium through playwright-core, CSP and third-party watchers.
//
// Environment (set by `cargo xtask test`; defaults work when run by hand after
// `cargo xtask build`):
//   TUMEN_DIST       the release build (dist/)
//   TUMEN_XTASK      the xtask binary (serve, stamp)
//   TUMEN_ARTIFACTS  where screenshots go (tests/e2e/artifacts, gitignored)
//   TUMEN_WORK       scratch space for site copies and benchmark output (target/e2e)
//   TUMEN_CLI        the tumen binary (compiles bundles for the tests' own corpora)

import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DIST = process.env.TUMEN_DIST || path.join(ROOT, 'dist');
export const ARTIFACTS = process.env.TUMEN_ARTIFACTS || path.join(ROOT, 'tests/e2e/artifacts');
export const WORK = process.env.TUMEN_WORK || path.join(ROOT, 'target/e2e');
export const BASE = '/tumen/';

export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-dev-shm-usage',
];

function xtaskCommand(args) {
  if (process.env.TUMEN_XTASK) return [process.env.TUMEN_XTASK, args];
  const built = path.join(ROOT, 'target/debug/xtask');
  if (fs.existsSync(built)) return [built, args];
  return ['cargo', ['run', '--quiet', '--package', 'xtask', '--', ...args]];
}

/** The compiled corpus of a built site: the manifest, and every article (its text files are corpus files). */
export function readCorpus(dir = DIST) {
  const folder = path.join(dir, 'corpus');
  const manifest = JSON.parse(fs.readFileSync(path.join(folder, 'manifest.json'), 'utf8'));
  const articles = [];
  for (const segment of manifest.segments) {
    for (const [hash] of segment.text) {
      const file = JSON.parse(fs.readFileSync(path.join(folder, `text-${hash}.json`), 'utf8'));
      for (const { tumen, ...article } of file.articles) articles.push(article);
    }
  }
  return { manifest, articles };
}

/**
 * A realistic synthetic corpus (`cargo xtask gen-corpus`), as articles, cached under WORK.
 */
export function generatedArticles(n, seed = 7) {
  const out = path.join(WORK, 'gen', `corpus-${n}-s${seed}.json`);
  if (!fs.existsSync(out)) {
    const [cmd, args] = xtaskCommand(['gen-corpus', '--articles', String(n), '--seed', String(seed), '--out', out]);
    const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 0, `gen-corpus failed: ${r.stderr}`);
  }
  return JSON.parse(fs.readFileSync(out, 'utf8')).articles;
}

/** Every bundle file of a site, by name. */
export function bundleFiles(dir) {
  return fs.readdirSync(path.join(dir, 'corpus')).filter((f) => f !== 'manifest.json');
}

function cliCommand(args) {
  if (process.env.TUMEN_CLI) return [process.env.TUMEN_CLI, args];
  const built = path.join(ROOT, 'target/debug/tumen');
  if (fs.existsSync(built)) return [built, args];
  return ['cargo', ['run', '--quiet', '-p', 'tumen-cli', '--', ...args]];
}

/**
 * Compiles articles (objects in the corpus format) into DIR/corpus with `tumen build`,
 * onto the bundle already there unless `fresh`. Returns the CLI's report (stderr).
 */
export function compileCorpus(dir, articles, { fresh = false, name = 'articles.jsonl' } = {}) {
  const input = path.join(WORK, 'inputs', path.basename(dir));
  fs.rmSync(input, { recursive: true, force: true });
  fs.mkdirSync(input, { recursive: true });
  fs.writeFileSync(path.join(input, name), articles.map((a) => JSON.stringify(a)).join('\n') + '\n');
  const out = path.join(dir, 'corpus');
  if (fresh) fs.rmSync(out, { recursive: true, force: true });
  const [cmd, args] = cliCommand(['build', input, '-o', out]);
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8' });
  assert.ok(r.status === 0 || /rejected/.test(r.stderr), `tumen build failed: ${r.stderr}`);
  return r.stderr;
}

/**
 * What `tumen search` (the same search code, natively) finds in a site's bundle for `text`:
 * `{ total, ids }` of the best `limit`. The browser must agree with it.
 */
export function nativeSearch(dir, text, limit = 10) {
  const list = path.join(WORK, 'inputs', `query-${process.pid}.txt`);
  fs.mkdirSync(path.dirname(list), { recursive: true });
  fs.writeFileSync(list, `${text}\n`);
  const [cmd, args] = cliCommand(['search', path.join(dir, 'corpus'), '--queries', list, '--limit', String(limit)]);
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8' });
  assert.equal(r.status, 0, `tumen search failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n')[0]);
}

/** The build id stamped into a site's sw.js. */
export function buildId(dir) {
  const m = /const BUILD_ID = "([0-9a-f]+)";/.exec(fs.readFileSync(path.join(dir, 'sw.js'), 'utf8'));
  assert.ok(m, `${dir}/sw.js has no build id`);
  return m[1];
}

/** Re-stamps a site after a change (service worker, CSP hashes, 404.html). */
export function stamp(dir) {
  const [cmd, args] = xtaskCommand(['stamp', dir]);
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8' });
  assert.equal(r.status, 0, `xtask stamp failed: ${r.stderr}`);
}

/**
 * A copy of the release build under WORK/sites/NAME. `change(dir)` may edit files
 * (say corpus.json); the copy is then re-stamped like a real deploy.
 */
export function makeSite(name, change) {
  const dir = path.join(WORK, 'sites', name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  fs.cpSync(DIST, dir, { recursive: true });
  if (change) change(dir);
  stamp(dir);
  return dir;
}

/** Replaces the files of a served site with another build's, as a deploy does. */
export function deploy(from, to) {
  for (const f of fs.readdirSync(to)) fs.rmSync(path.join(to, f), { recursive: true, force: true });
  fs.cpSync(from, to, { recursive: true });
}

/**
 * Starts `cargo xtask serve` on a free port over `dir` under `base`. Resolves to
 * { url, origin, requests, bytesSince(mark), close() }; `requests` collects one
 * { method, target, status, bytes, gzip } per response (bytes = headers + body on the wire).
 */
export async function startServer(dir, base = BASE, { isolate = false } = {}) {
  const [cmd, args] = xtaskCommand(['serve', '--no-build', '--dir', dir, '--base', base, '--port', '0', '--log', ...(isolate ? ['--isolate'] : [])]);
  const child = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const requests = [];
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`xtask serve exited (${code}) before listening`)));
    lines.on('line', (line) => {
      const serving = /^Serving .* at (http:\/\/\S+)$/.exec(line);
      if (serving) resolve(serving[1]);
      const r = /^(GET|HEAD) (\S+) (\d{3}) (\d+)( gzip)?$/.exec(line);
      if (r) requests.push({ method: r[1], target: r[2], status: +r[3], bytes: +r[4], gzip: !!r[5] });
    });
  });
  const origin = new URL(url).origin;
  return {
    url,
    origin,
    requests,
    mark: () => requests.length,
    bytesSince: (mark) => requests.slice(mark).reduce((n, r) => n + r.bytes, 0),
    close: () => new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', resolve);
      child.kill('SIGTERM');
    }),
  };
}

/**
 * For a test file: serves `dir` under the base and starts Chromium before its tests, and stops
 * both after. Returns an object whose `server` and `browser` are set once the tests run.
 */
export function useSiteAndBrowser(dir = DIST) {
  const env = { server: null, browser: null };
  before(async () => {
    env.server = await startServer(dir);
    env.browser = await launch();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return env;
}

export async function launch({ backForwardCache = false } = {}) {
  // Playwright turns the back-forward cache off; a test of what happens on the way back
  // from another page (as in a reader's browser) turns it on again.
  const ignoreDefaultArgs = backForwardCache ? ['--disable-back-forward-cache'] : [];
  return chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS, ignoreDefaultArgs });
}

/**
 * A fresh browser context + page that fails the test on CSP violations, page errors,
 * dialogs and requests to any other origin. Call `watch.check()` at the end of a test.
 */
export async function openPage(browser, server, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const problems = [];
  await context.exposeBinding('__tumenCspViolation', (_source, text) => problems.push(`CSP violation: ${text}`));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__tumenCspViolation(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} in ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  context.on('request', (req) => {
    const u = req.url();
    if (!u.startsWith(server.origin) && !u.startsWith('data:') && !u.startsWith('blob:')) {
      problems.push(`request to another origin: ${u}`);
    }
  });
  const page = await context.newPage();
  watchPage(page, problems);
  context.on('page', (p) => watchPage(p, problems));
  return {
    context,
    page,
    problems,
    check() {
      assert.deepEqual(problems, [], `problems seen in the browser:\n${problems.join('\n')}`);
    },
  };
}

function watchPage(page, problems) {
  page.on('console', (msg) => {
    if (/Content.Security.Policy/i.test(msg.text())) problems.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('dialog', async (d) => {
    problems.push(`unexpected dialog: ${d.type()} ${d.message()}`);
    await d.dismiss();
  });
}

export async function screenshot(page, name) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: false });
}

/** Polls `check` until it returns something truthy and returns that, failing after `timeout` ms.
 * For state a locator cannot wait on (focus, a count of requests, a value read in the page).
 * `what` names the wait in the failure; a function is asked at that moment, to say what it saw. */
export async function until(what, check, { timeout = 30_000, every = 100 } = {}) {
  const end = Date.now() + timeout;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) assert.fail(`timed out after ${timeout} ms waiting for ${typeof what === 'function' ? what() : what}`);
    await new Promise((r) => setTimeout(r, every));
  }
}

/** The results status region once it announces `pattern` (e.g. /64 articles/). */
export async function statusSaying(page, pattern) {
  const status = page.getByRole('status').filter({ hasText: pattern }).first();
  await status.waitFor();
  return status;
}

/** The unfiltered list's status: "64 articles" (or "Showing 1–50 of 64 articles"). */
export function countPattern(n) {
  return new RegExp(`^\\s*(?:Showing\\b.*\\D)?${n.toLocaleString('en-US')} articles?\\s*$`);
}

/** Waits until the page is controlled by a service worker (first visit: after clients.claim()). */
export async function waitForServiceWorker(page) {
  return page.evaluate(async () => {
    const reg = await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
    }
    return { scope: reg.scope, script: navigator.serviceWorker.controller.scriptURL };
  });
}

/** A first visit: opens the reader, waits for the list of all `n` articles, then for the service
 * worker to control the page (so everything fetched so far is kept for offline use). */
export async function firstVisit(page, server, n) {
  await page.goto(server.url);
  await statusSaying(page, countPattern(n));
  return waitForServiceWorker(page);
}

/** The build id of the worker controlling the page (asked over a MessageChannel). */
export async function controllerBuildId(page) {
  return page.evaluate(() => new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = (e) => resolve(e.data);
    navigator.serviceWorker.controller.postMessage({ type: 'BUILD_ID' }, [channel.port2]);
  }));
}

export function writeBench(name, lines) {
  fs.mkdirSync(WORK, { recursive: true });
  fs.writeFileSync(path.join(WORK, name), lines.join('\n') + '\n');
}

// Shows or hides a chart over the results ("Map", "Trends") with its toggle, as a reader
// would, and waits until the toggle says so.
export async function showChart(page, name, shown = true) {
  const toggle = page.getByRole('group', { name: 'Charts shown' }).getByRole('button', { name, exact: true });
  await toggle.waitFor({ timeout: 10_000 });
  if ((await toggle.getAttribute('aria-pressed')) !== String(shown)) await toggle.click();
  await page.waitForFunction(
    ([el, want]) => el.getAttribute('aria-pressed') === want,
    [await toggle.elementHandle(), String(shown)],
    { timeout: 10_000 },
  );
}
