// The reader as a person uses it: the list of every bundled article, opening one, its deep
// link, Back; served from a sub-path (/tumen/) by a plain static host with no rewrites.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE, useSiteAndBrowser, openPage, readCorpus, screenshot, statusSaying, countPattern,
} from './support.mjs';

const corpus = readCorpus();
const titles = [...new Set(corpus.articles.map((a) => a.title))];
const env = useSiteAndBrowser();

async function visibleTitles(page) {
  const seen = [];
  for (const t of titles) {
    if ((await page.getByRole('link', { name: t, exact: true }).count()) > 0) seen.push(t);
  }
  return seen;
}

test('the list shows every bundled article, page by page', async () => {
  const w = await openPage(env.browser, env.server);
  const { page } = w;
  await page.goto(env.server.url);
  await statusSaying(page, countPattern(corpus.articles.length));
  const seen = new Set(await visibleTitles(page));
  assert.ok(seen.size > 0, 'no article link named by its title');
  // Follow the pager ("Next") until every title has been seen.
  for (let i = 0; i < corpus.articles.length && seen.size < titles.length; i++) {
    const next = page.getByRole('link', { name: /^Next/ });
    if ((await next.count()) === 0) break;
    await next.first().click();
    const before = seen.size;
    const now = await visibleTitles(page);
    now.forEach((t) => seen.add(t));
    if (seen.size === before && now.length === 0) break;
  }
  const missing = titles.filter((t) => !seen.has(t));
  assert.deepEqual(missing, [], `articles never listed: ${missing.join(' | ')}`);
  w.check();
  await w.context.close();
});

test('the manifest is asked for once: the worker takes the answer its loader asked for ahead', async () => {
  // No service worker: it asks for the manifest too (to keep it with the app's files).
  const w = await openPage(env.browser, env.server, { serviceWorkers: 'block' });
  const { page } = w;
  const first = env.server.mark();
  await page.goto(env.server.url);
  await statusSaying(page, countPattern(corpus.articles.length));
  const asks = env.server.requests.slice(first).filter((r) => /\/corpus\/manifest\.json(\?|$)/.test(r.target));
  assert.equal(asks.length, 1, `the manifest was asked for ${asks.length} times before the first list`);
  w.check();
  await w.context.close();
});

test('a title opens the article; its URL opens it directly; Back returns to the list', async () => {
  const w = await openPage(env.browser, env.server);
  const { page } = w;
  await page.goto(env.server.url);
  await statusSaying(page, countPattern(corpus.articles.length));
  const [first] = await visibleTitles(page);
  assert.ok(first, 'no article link on the first page');
  await page.getByRole('link', { name: first, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: first }).waitFor();
  const articleUrl = page.url();
  assert.ok(articleUrl.startsWith(env.server.url), `article URL ${articleUrl} left the base ${env.server.url}`);
  assert.match(new URL(articleUrl).search, /[?&]article=/, 'the article is not in the URL query');

  // A fresh page (new context: nothing cached) opens the deep link directly.
  const fresh = await openPage(env.browser, env.server);
  await fresh.page.goto(articleUrl);
  await fresh.page.getByRole('heading', { level: 1, name: first }).waitFor();
  fresh.check();
  await fresh.context.close();

  await page.goBack();
  await statusSaying(page, countPattern(corpus.articles.length));
  await page.getByRole('link', { name: first, exact: true }).waitFor();
  assert.equal(await page.getByRole('heading', { level: 1, name: first }).count(), 0);
  w.check();
  await w.context.close();
});

test('screenshots: list and article, desktop and phone, light and dark', async () => {
  for (const scheme of ['light', 'dark']) {
    for (const [label, viewport] of [['desktop', { width: 1280, height: 900 }], ['phone', { width: 360, height: 780 }]]) {
      const w = await openPage(env.browser, env.server, { viewport, colorScheme: scheme });
      const { page } = w;
      await page.goto(env.server.url);
      await statusSaying(page, countPattern(corpus.articles.length));
      await screenshot(page, `list-${label}-${scheme}`);
      const [first] = await visibleTitles(page);
      await page.getByRole('link', { name: first, exact: true }).click();
      await page.getByRole('heading', { level: 1, name: first }).waitFor();
      await screenshot(page, `article-${label}-${scheme}`);
      w.check();
      await w.context.close();
    }
  }
});

test('unknown paths under the base land on the reader with the query kept (404.html)', async () => {
  const target = corpus.articles[0];
  const w = await openPage(env.browser, env.server);
  const { page } = w;
  // An old path-style link.
  const response = await page.goto(`${env.server.origin}${BASE}article/${encodeURIComponent(target.id)}`);
  assert.equal(response.status(), 404, 'a static host answers unknown paths with 404.html');
  await page.getByRole('heading', { level: 1, name: target.title }).waitFor();
  assert.equal(new URL(page.url()).pathname, BASE);
  assert.equal(new URL(page.url()).searchParams.get('article'), target.id);
  // Any other unknown path keeps its query.
  await page.goto(`${env.server.origin}${BASE}no/such/page?article=${encodeURIComponent(target.id)}`);
  await page.getByRole('heading', { level: 1, name: target.title }).waitFor();
  assert.equal(new URL(page.url()).pathname, BASE);
  w.check();
  await w.context.close();
});

test('without JavaScript the page explains itself', async () => {
  const w = await openPage(env.browser, env.server, { javaScriptEnabled: false });
  await w.page.goto(env.server.url);
  // Playwright's text engine skips <noscript>; the accessibility tree does not.
  await w.page.getByRole('heading', { name: 'Tumen needs JavaScript' }).waitFor();
  assert.match(await w.page.getByRole('alert').first().innerText(), /Turn on JavaScript/);
  await screenshot(w.page, 'no-javascript');
  await w.context.close();
});

test('without WebAssembly the page says so in plain words', async () => {
  const w = await openPage(env.browser, env.server);
  await w.context.addInitScript(() => { delete globalThis.WebAssembly; });
  await w.page.goto(env.server.url);
  await w.page.getByRole('heading', { name: 'This browser cannot run the Tumen reader' }).waitFor();
  assert.ok(await w.page.getByText(/needs WebAssembly/).isVisible());
  await screenshot(w.page, 'no-webassembly');
  await w.context.close();
});

test('the static host serves the right types, the manifest and its icons', async () => {
  const check = async (file, type) => {
    const r = await fetch(`${env.server.url}${file}`);
    assert.equal(r.status, 200, file);
    assert.ok(r.headers.get('content-type').startsWith(type), `${file}: ${r.headers.get('content-type')}`);
    return r;
  };
  const html = await (await check('', 'text/html')).text();
  assert.match(html, /http-equiv="Content-Security-Policy"[^>]*'sha256-/, 'the CSP carries the loader hash');
  const wasm = html.match(/[\w-]+_bg\.wasm/);
  assert.ok(wasm, 'index.html names the wasm');
  await check(wasm[0], 'application/wasm');
  await check('sw.js', 'text/javascript');
  const manifest = await (await check('manifest.webmanifest', 'application/manifest+json')).json();
  assert.equal(manifest.name, 'Tumen');
  for (const icon of manifest.icons) await check(icon.src, icon.type);
  assert.ok(manifest.icons.some((i) => i.purpose === 'maskable'));
});
