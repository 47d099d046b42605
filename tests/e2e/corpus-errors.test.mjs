// Broken corpora show a plain explanation instead of a blank page, one bad article never
// hides the good ones, and article text is always text (no markup from the corpus runs).
// The reader reads a compiled bundle (corpus/); a site that ships a plain corpus.json
// instead still works, so its errors are explained too.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  launch, openPage, startServer, makeSite, screenshot, statusSaying, countPattern, compileCorpus,
} from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Serves a copy of the build changed by `change(dir)`, opens it and runs `body(page)`. */
async function withSite(name, change, body) {
  const dir = makeSite(name, change);
  const server = await startServer(dir);
  const w = await openPage(browser, server);
  try {
    await w.page.goto(server.url);
    await body(w.page);
    await screenshot(w.page, `corpus-${name}`);
    w.check();
  } finally {
    await w.context.close();
    await server.close();
  }
}

/** A site with no bundle, only a plain corpus file (or nothing when `text` is null). */
const plainCorpus = (text) => (dir) => {
  fs.rmSync(path.join(dir, 'corpus'), { recursive: true, force: true });
  if (text !== null) fs.writeFileSync(path.join(dir, 'corpus.json'), text);
};

const article = (id, title, extra = {}) => ({
  id, title, date: '2025-03-14', source: 'E2E Test Desk', url: null, source_tags: [],
  summary: `Summary of ${id}.`, body: [`First paragraph of ${id}.`], ...extra,
});

async function alertSaying(page, pattern) {
  const alert = page.getByRole('alert').filter({ hasText: pattern });
  await alert.first().waitFor();
  return alert.first().innerText();
}

test('a missing corpus (404) is explained', async () => {
  await withSite('missing', plainCorpus(null), async (page) => {
    const text = await alertSaying(page, /missing/i);
    assert.match(text, /404/);
    assert.match(text, /tumen build/);
  });
});

test('a plain corpus.json still works, and its broken JSON names the line and column', async () => {
  await withSite('plain-ok', plainCorpus(JSON.stringify({ version: 1, articles: [article('plain-1', 'A plain corpus still opens')] })), async (page) => {
    await statusSaying(page, countPattern(1));
    await page.getByRole('link', { name: 'A plain corpus still opens', exact: true }).waitFor();
  });
  const broken = '{\n  "version": 1,\n  "articles": [\n    { "id": "a" "title": "x" }\n  ]\n}\n';
  await withSite('invalid-json', plainCorpus(broken), async (page) => {
    const text = await alertSaying(page, /JSON/);
    assert.match(text, /line 4, column \d+/);
  });
});

test('a JSON file that is not a corpus, and one with no articles, are explained', async () => {
  await withSite('not-a-corpus', plainCorpus(JSON.stringify({ hello: 'world' })), async (page) => {
    const text = await alertSaying(page, /not a corpus/i);
    assert.match(text, /corpus\.json/);
    assert.match(text, /"articles"/);
  });
  await withSite('articles-not-a-list', plainCorpus(JSON.stringify({ version: 1, articles: 'none' })), async (page) => {
    await alertSaying(page, /not a corpus/i);
  });
  await withSite('empty-file', plainCorpus(''), async (page) => {
    await alertSaying(page, /no articles/i);
  });
});

test('a corpus of another version is explained', async () => {
  await withSite('wrong-version', (dir) => {
    const file = path.join(dir, 'corpus', 'manifest.json');
    const manifest = JSON.parse(fs.readFileSync(file, 'utf8'));
    manifest.version = 999;
    fs.writeFileSync(file, JSON.stringify(manifest));
  }, async (page) => {
    const text = await alertSaying(page, /version/i);
    assert.match(text, /999/);
    assert.match(text, /tumen build/);
  });
  await withSite('wrong-version-plain', plainCorpus(JSON.stringify({ version: 999, articles: [article('v', 'Versioned')] })), async (page) => {
    assert.match(await alertSaying(page, /version/i), /999/);
  });
});

test('a damaged bundle file is explained', async () => {
  await withSite('damaged', (dir) => {
    const folder = path.join(dir, 'corpus');
    const docs = fs.readdirSync(folder).find((f) => f.startsWith('docs-'));
    fs.writeFileSync(path.join(folder, docs), 'this is not a document table');
  }, async (page) => {
    const text = await alertSaying(page, /damaged/i);
    assert.match(text, /docs-/);
  });
});

test('a broken corpus still lets the reader add and read their own articles, after a reload too', async () => {
  const dir = makeSite('broken-own', (d) => {
    const folder = path.join(d, 'corpus');
    const docs = fs.readdirSync(folder).find((f) => f.startsWith('docs-'));
    fs.writeFileSync(path.join(folder, docs), 'this is not a document table');
  });
  const server = await startServer(dir);
  const w = await openPage(browser, server);
  try {
    const { page } = w;
    await page.goto(server.url);
    // The error page offers the way out it describes.
    assert.match(await alertSaying(page, /damaged/i), /Add articles/);
    const report = 'Rice prices rise in Hyesan\n\nTraders in Hyesan said the price of rice rose again this week.\n';
    await page.getByLabel('Add articles').setInputFiles([{ name: 'own-report.txt', mimeType: 'text/plain', buffer: Buffer.from(report) }]);
    await page.getByRole('link', { name: 'Rice prices rise in Hyesan', exact: true }).waitFor();
    await statusSaying(page, countPattern(1));
    const notice = page.getByRole('status').filter({ hasText: 'Showing only the articles you added in this browser' });
    assert.match(await notice.innerText(), /damaged/i);
    await screenshot(page, 'corpus-broken-own-articles');
    // The archive opens although the corpus still does not: the reader starts on it.
    await page.reload();
    await page.getByRole('link', { name: 'Rice prices rise in Hyesan', exact: true }).waitFor();
    await statusSaying(page, countPattern(1));
    assert.match(await notice.innerText(), /docs-/);
    assert.equal(await page.getByRole('button', { name: 'Keep all articles offline' }).count(), 0, 'nothing of the broken corpus is offered for offline use');
    w.check();
  } finally {
    await w.context.close();
    await server.close();
  }
});

test('one bad article is reported and the good one still loads', async () => {
  const good = article('e2e-good', 'Good article about Hyesan markets');
  const bad = { ...article('e2e-bad', ''), title: '' };
  await withSite('one-bad-one-good', (dir) => compileCorpus(dir, [bad, good], { fresh: true }), async (page) => {
    await statusSaying(page, countPattern(1));
    await page.getByRole('link', { name: good.title, exact: true }).waitFor();
    const report = page.getByText(/Corpus report/).first();
    await report.waitFor();
    await report.click(); // a <details> summary: open it as a person would
    const item = page.getByRole('listitem').filter({ hasText: 'e2e-bad' });
    await item.waitFor();
    assert.match(await item.innerText(), /title/);
    assert.match(await item.innerText(), /Rejected/i);
  });
});

test('markup in article text shows as text and never runs', async () => {
  const title = 'Border <script>window.__tumenXss = 1</script> report <img src=x onerror="window.__tumenXss = 2">';
  const evil = article('e2e-xss', title, {
    summary: 'Summary <img src=x onerror=alert(1)> with <b>markup</b>',
    body: ['Paragraph <script>alert(2)</script> and <iframe src="javascript:alert(3)"></iframe>.'],
  });
  await withSite('markup', (dir) => compileCorpus(dir, [evil], { fresh: true }), async (page) => {
    await statusSaying(page, countPattern(1));
    const link = page.getByRole('link', { name: title, exact: true });
    await link.waitFor();
    await link.click();
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    await page.getByText('Paragraph <script>alert(2)</script>', { exact: false }).first().waitFor();
    assert.equal(await page.evaluate(() => window.__tumenXss), undefined);
    // Security checks on the DOM itself: nothing from the corpus became an element.
    const injected = await page.evaluate(() => ({
      img: document.querySelectorAll('img[src="x"]').length,
      iframe: document.querySelectorAll('iframe').length,
      bold: [...document.querySelectorAll('b')].filter((b) => b.textContent === 'markup').length,
      inlineScripts: [...document.querySelectorAll('script')].filter((s) => /__tumenXss|alert/.test(s.textContent)).length,
    }));
    assert.deepEqual(injected, { img: 0, iframe: 0, bold: 0, inlineScripts: 0 });
  });
});
