// Broken corpora show a plain explanation instead of a blank page, one bad article never
// hides the good ones, and article text is always text (no markup from the corpus runs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { launch, openPage, startServer, makeSite, screenshot, statusSaying, countPattern } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Serves a copy of the build whose corpus.json is replaced (or removed when `text` is null). */
async function withCorpus(name, text, body) {
  const dir = makeSite(name, (d) => {
    const file = path.join(d, 'corpus.json');
    if (text === null) fs.rmSync(file);
    else fs.writeFileSync(file, text);
  });
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

const article = (id, title, extra = {}) => ({
  id, title, date: '2025-03-14', source: 'E2E Test Desk', url: null, source_tags: [],
  summary: `Summary of ${id}.`, body: [`First paragraph of ${id}.`], ...extra,
});

test('a missing corpus.json (404) is explained', async () => {
  await withCorpus('missing', null, async (page) => {
    const alert = page.getByRole('alert').filter({ hasText: /missing/i });
    await alert.waitFor();
    assert.match(await alert.innerText(), /404/);
  });
});

test('invalid JSON names the line and column', async () => {
  const broken = '{\n  "version": 1,\n  "articles": [\n    { "id": "a" "title": "x" }\n  ]\n}\n';
  await withCorpus('invalid-json', broken, async (page) => {
    const alert = page.getByRole('alert').filter({ hasText: /JSON/ });
    await alert.waitFor();
    assert.match(await alert.innerText(), /line 4, column \d+/);
  });
});

test('a corpus of another version is explained', async () => {
  await withCorpus('wrong-version', JSON.stringify({ version: 999, articles: [article('v', 'Versioned')] }), async (page) => {
    const alert = page.getByRole('alert').filter({ hasText: /version/i });
    await alert.waitFor();
    assert.match(await alert.innerText(), /999/);
  });
});

test('one bad article is reported and the good one still loads', async () => {
  const good = article('e2e-good', 'Good article about Hyesan markets');
  const bad = { ...article('e2e-bad', ''), title: '' };
  await withCorpus('one-bad-one-good', JSON.stringify({ version: 1, articles: [bad, good] }), async (page) => {
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
  await withCorpus('markup', JSON.stringify({ version: 1, articles: [evil] }), async (page) => {
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
