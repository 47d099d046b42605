// Offline: what a reader has opened keeps working without a connection; "Keep all articles
// offline" downloads the rest with a progress bar; a new deployment downloads only the files
// that changed. Also records bytes on the wire and offline timings (BENCHMARKS.md).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { launch, openPage, startServer, makeSite, deploy, readCorpus, statusSaying, countPattern, screenshot, waitForServiceWorker, writeBench, compileCorpus, generatedArticles, bundleFiles, firstVisit, until } from './support.mjs';

// 400 realistic articles: several text files, so "fetched before" and "not fetched" differ.
const ARTICLES = generatedArticles(400);
const N = ARTICLES.length;
const kB = (n) => `${(n / 1000).toFixed(1)} kB`;

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** A site whose corpus is the generated one. */
function generatedSite(name, articles = ARTICLES) {
  return makeSite(name, (dir) => compileCorpus(dir, articles, { fresh: true }));
}

/** Opens an article by its deep link and waits for its heading. */
async function openArticle(page, server, article) {
  await page.goto(`${server.url}?article=${encodeURIComponent(article.id)}`);
  await page.getByRole('heading', { level: 1, name: article.title, exact: true }).waitFor();
}

/** The text file (by name) holding an article. */
function textFileOf(site, id) {
  const { manifest } = readCorpus(site);
  for (const seg of manifest.segments) {
    for (const [hash] of seg.text) {
      const name = `text-${hash}.json`;
      const file = JSON.parse(fs.readFileSync(path.join(site, 'corpus', name), 'utf8'));
      if (file.articles.some((a) => a.id === id)) return name;
    }
  }
  return null;
}

const corpusRequests = (server, mark) => server.requests.slice(mark)
  .filter((r) => r.target.includes('/corpus/') && r.status === 200)
  .map((r) => r.target.replace(/^.*\/corpus\//, '').replace(/\?.*$/, ''));

test('after one online visit, what was opened works offline; the rest says why it cannot', async () => {
  const site = generatedSite('offline-visited');
  const { manifest } = readCorpus(site);
  assert.ok(manifest.segments[0].text.length >= 3, 'the test corpus spans several text files');
  const server = await startServer(site);
  const w = await openPage(browser, server);
  const { page, context } = w;
  try {
    // First visit, online.
    const first = server.mark();
    await page.goto(server.url);
    await statusSaying(page, countPattern(N));
    const listBytes = server.bytesSince(first);
    const listRequests = server.requests.length - first;
    await waitForServiceWorker(page);
    const read = ARTICLES.find((a) => a.date) ;
    const readFile = textFileOf(site, read.id);
    await openArticle(page, server, read);
    await page.getByRole('searchbox', { name: 'Search' }).fill('smuggling');
    await statusSaying(page, /\d+ of [\d,]+ articles match/);

    // Offline: the list, the article read before, a search already made and a filter all work.
    await context.setOffline(true);
    await page.goto(server.url);
    await statusSaying(page, countPattern(N));
    await page.getByText(/Offline — reading the saved copy/).waitFor();
    await screenshot(page, 'offline-list');
    const t0 = Date.now();
    await openArticle(page, server, read);
    const offlineArticleMs = Date.now() - t0;
    await screenshot(page, 'offline-article');
    await page.goto(`${server.url}?q=smuggling`);
    await statusSaying(page, /\d+ of [\d,]+ articles match/);
    await page.goto(server.url);
    await statusSaying(page, countPattern(N));
    await page.getByRole('group', { name: 'Topic' }).getByRole('checkbox').first().check();
    await statusSaying(page, /\d+ of [\d,]+ articles match|No articles match/);
    assert.match(new URL(page.url()).search, /topic=/);

    // An article in a text file never fetched: a plain explanation, not a blank page.
    const unread = ARTICLES.find((a) => textFileOf(site, a.id) !== readFile);
    await page.goto(`${server.url}?article=${encodeURIComponent(unread.id)}`);
    await page.getByRole('alert').filter({ hasText: /not saved on this device/ }).waitFor();
    await screenshot(page, 'offline-article-not-saved');
    w.check();
    writeBench('offline-visited.md', [
      `| First visit until the list shows (${N} generated articles), bytes on the wire | ${kB(listBytes)} in ${listRequests} requests |`,
      `| Offline, opening an article read before (navigation to its heading) | ${offlineArticleMs} ms |`,
    ]);
  } finally {
    await context.close();
    await server.close();
  }
});

test('"Keep all articles offline" downloads everything with progress; then any article opens offline', async () => {
  const site = generatedSite('offline-all');
  const server = await startServer(site);
  const w = await openPage(browser, server);
  const { page, context } = w;
  try {
    await firstVisit(page, server, N);
    const mark = server.mark();
    await page.getByRole('button', { name: 'Keep all articles offline' }).click();
    const panel = page.getByRole('region', { name: 'Offline copy' });
    await panel.getByRole('button', { name: /^Download the rest/ }).click();
    const progress = panel.getByRole('progressbar', { name: 'Saved for offline reading' });
    await progress.waitFor();
    await page.getByRole('button', { name: 'All articles kept offline' }).waitFor({ timeout: 60_000 });
    assert.equal(await progress.getAttribute('value'), '100.0');
    await screenshot(page, 'offline-keep-all-done');
    const fetched = new Set(corpusRequests(server, mark));
    const files = bundleFiles(site);
    const missing = files.filter((f) => !fetched.has(f) && !f.startsWith('docs-') && !f.startsWith('dict-'));
    // Everything not already loaded was downloaded by the keep-all run.
    assert.ok(missing.every((f) => f.startsWith('titles-') || f.startsWith('ledes-')), `never downloaded: ${missing}`);

    await context.setOffline(true);
    for (const a of [ARTICLES[3], ARTICLES[N - 5], ARTICLES[Math.floor(N / 2)]]) {
      await openArticle(page, server, a);
    }
    await page.goto(`${server.url}?q=${encodeURIComponent('"state smuggling"')}`);
    await statusSaying(page, /\d+ of [\d,]+ articles match|No articles match/);
    w.check();
    const bytes = server.bytesSince(mark);
    writeBench('offline-keep-all.md', [
      `| "Keep all articles offline" (${N} generated articles, ${files.length} files), bytes on the wire | ${kB(bytes)} |`,
    ]);
  } finally {
    await context.close();
    await server.close();
  }
});

test('an update that changes one article downloads only the files that changed', async () => {
  const site = generatedSite('offline-update');
  const edited = ARTICLES.map((a) => ({ ...a }));
  const victim = edited.find((a) => a.date && Array.isArray(a.body) && a.body.length > 2);
  victim.body = [...victim.body, 'Correction: the market reopened on Tuesday after the inspection ended.'];
  // The next deploy: the same bundle rebuilt with the edit (as `tumen build` does in a repository).
  const next = makeSite('offline-update-next', (dir) => {
    fs.rmSync(path.join(dir, 'corpus'), { recursive: true, force: true });
    fs.cpSync(path.join(site, 'corpus'), path.join(dir, 'corpus'), { recursive: true });
    compileCorpus(dir, edited);
  });
  const before = new Set(bundleFiles(site));
  const changed = bundleFiles(next).filter((f) => !before.has(f));
  // A small corpus has few shards, so one edited sentence touches a good share of them;
  // at 100,000 articles it is a dozen files of thousands (BENCHMARKS.md).
  assert.ok(changed.length > 0 && changed.length * 2 < before.size, `${changed.length} of ${before.size} files changed`);
  assert.ok(changed.includes(textFileOf(next, victim.id)), 'the edited article\'s text file is new');

  const server = await startServer(site);
  const w = await openPage(browser, server);
  const { page, context } = w;
  try {
    await firstVisit(page, server, N);
    await page.getByRole('button', { name: 'Keep all articles offline' }).click();
    await page.getByRole('region', { name: 'Offline copy' }).getByRole('button', { name: /^Download the rest/ }).click();
    await page.getByRole('button', { name: 'All articles kept offline' }).waitFor({ timeout: 60_000 });

    deploy(next, site);
    await page.reload();
    await page.getByText('A new version of the reader is available.').waitFor();
    const mark = server.mark();
    await page.getByRole('button', { name: 'Reload' }).click();
    await statusSaying(page, countPattern(N));
    // Keeping everything offline carries over: the new files arrive, and only they.
    await page.getByRole('button', { name: 'All articles kept offline' }).waitFor({ timeout: 60_000 });
    // The button can say so before the new build's files are counted: wait (60 s at most) for the
    // downloads to reach as many files as changed, then compare which ones they were.
    const newFiles = () => [...new Set(corpusRequests(server, mark))].filter((f) => f !== 'manifest.json');
    await until(() => `${changed.length} changed files to download (got ${JSON.stringify(newFiles())})`, () => newFiles().length >= changed.length, { timeout: 60_000 });
    await page.getByRole('button', { name: 'All articles kept offline' }).waitFor({ timeout: 60_000 });
    const fetched = newFiles();
    assert.deepEqual(fetched.sort(), [...changed].sort(), 'the update downloads exactly the files that changed');
    const bytes = server.requests.slice(mark).filter((r) => r.target.includes('/corpus/') && !r.target.endsWith('manifest.json')).reduce((n, r) => n + r.bytes, 0);

    await context.setOffline(true);
    await openArticle(page, server, victim);
    await page.getByText('Correction: the market reopened on Tuesday').waitFor();
    await screenshot(page, 'offline-after-update');
    w.check();
    writeBench('offline-update.md', [
      `| An update editing one of ${N} articles, files downloaded by a reader who keeps everything offline | ${changed.length} of ${before.size} files, ${kB(bytes)} |`,
    ]);
  } finally {
    await context.close();
    await server.close();
  }
});
