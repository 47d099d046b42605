// Offline: "First visit online; wait for the service worker; switch the browser context
// offline; reload the list, open an article by its deep link, apply a filter and a search:
// all work." Also records bytes on the wire and the offline repeat-visit time (BENCHMARKS.md).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  launch, openPage, startServer, makeSite, readCorpus, statusSaying, countPattern, screenshot,
  waitForServiceWorker, writeBench,
} from './support.mjs';

let browser;
let server;
let site;
before(async () => {
  site = makeSite('offline');
  server = await startServer(site);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const corpus = readCorpus();
const N = corpus.articles.length;
const kB = (n) => `${(n / 1000).toFixed(1)} kB`;

test('after one online visit the reader works offline', async () => {
  const w = await openPage(browser, server);
  const { page, context } = w;

  // First visit, online.
  const first = server.mark();
  await page.goto(server.url);
  await statusSaying(page, countPattern(N));
  const pageBytes = server.bytesSince(first);
  const pageRequests = server.requests.length - first;
  const sw = await waitForServiceWorker(page);
  assert.equal(sw.scope, server.url, 'the worker controls exactly the reader\'s folder');
  const firstRequests = server.requests.slice(first);
  const firstBytes = server.bytesSince(first);

  // Repeat visit, online: everything from the worker's cache; the browser only checks sw.js.
  const repeat = server.mark();
  const again = await context.newPage();
  await again.goto(server.url);
  await statusSaying(again, countPattern(N));
  const repeatRequests = server.requests.slice(repeat);
  const repeatBytes = server.bytesSince(repeat);
  await again.close();

  // Offline.
  await context.setOffline(true);
  await page.reload();
  await statusSaying(page, countPattern(N));
  await page.getByText(/Offline — reading the saved copy/).waitFor();
  await screenshot(page, 'offline-list');

  const target = corpus.articles[corpus.articles.length - 1];
  await page.goto(`${server.url}?article=${encodeURIComponent(target.id)}`);
  await page.getByRole('heading', { level: 1, name: target.title }).waitFor();
  await screenshot(page, 'offline-article');

  await page.goto(server.url);
  await statusSaying(page, countPattern(N));
  const province = page.getByRole('group', { name: 'Province' }).getByRole('checkbox').first();
  await province.check();
  await statusSaying(page, /\d+ of [\d,]+ articles match|No articles match/);
  assert.match(new URL(page.url()).search, /province=/);

  await page.goto(server.url);
  await statusSaying(page, countPattern(N));
  await page.getByRole('searchbox', { name: 'Search' }).fill('smuggling');
  await statusSaying(page, /\d+ of [\d,]+ articles match/);
  await page.getByRole('listitem').getByRole('link').first().waitFor();

  // Repeat visit, offline: a new tab, timed from navigation start to the list.
  const cold = await context.newPage();
  await cold.goto(server.url);
  await statusSaying(cold, countPattern(N));
  await cold.getByRole('link').filter({ hasText: /\w/ }).first().waitFor();
  const offlineListMs = await cold.evaluate(() => performance.now());
  await cold.close();
  w.check();
  await context.close();

  const distBytes = fs.readdirSync(site)
    .filter((f) => f !== '404.html')
    .reduce((n, f) => n + fs.statSync(path.join(site, f)).size, 0);
  const notModified = firstRequests.filter((r) => r.status === 304).length;
  writeBench('bench.md', [
    `Corpus: ${N} articles (public/corpus.json, ${kB(fs.statSync(path.join(site, 'corpus.json')).size)}). Server: \`cargo xtask serve\` (gzip -9 when accepted), headless Chromium, this machine.`,
    '',
    '| Measure | Value |',
    '|---|---|',
    `| First visit until the list shows, bytes on the wire (headers + gzip bodies) | ${kB(pageBytes)} in ${pageRequests} requests |`,
    `| First visit including the service worker's precache (until it controls the page) | ${kB(firstBytes)} in ${firstRequests.length} requests (${notModified} answered 304) |`,
    `| The same files uncompressed (dist/ without 404.html) | ${kB(distBytes)} |`,
    `| Repeat visit online, bytes on the wire | ${repeatBytes} B in ${repeatRequests.length} request(s): ${repeatRequests.map((r) => `${r.target.replace(/^.*\//, '')} ${r.status}`).join(', ') || 'none'} |`,
    `| Repeat visit offline, navigation start to the article list (performance.now() once the list shows) | ${Math.round(offlineListMs)} ms |`,
  ]);
});
