// The analyst's desk survives what happens to a browser tab: marks, a note and a saved search are
// still there after a reload while offline (the service worker serves the reader) and after an
// update of the reader (a new build deployed over the old one, applied with "Reload"); a tab
// closed in the middle of importing a large file leaves the archive as it was before, or with the
// whole import, never half of it, and the reopened page shows no error. And on a new visit the
// marks' counts ("Saved 1") show without the reader doing anything, also when the first list
// came before every article id was known.
//
// Run after a release build (dist/), as `cargo xtask test --only e2e` does, or alone:
//   node --test --test-reporter=spec tests/e2e/desk-survives.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, startServer, makeSite, deploy, readCorpus, statusSaying, countPattern, screenshot, compileCorpus, generatedArticles, firstVisit, until } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const NOTE = 'Ask the Hyesan source whether the price held after the inspection.';
const SEARCH = 'Rice reports';

async function assertPressed(button, pressed) {
  await button.and(button.page().locator(`[aria-pressed="${pressed}"]`)).waitFor({ timeout: 30_000 });
}

async function openArchive(page) {
  const archive = page.getByText(/^Your archive/);
  await archive.waitFor({ timeout: 30_000 });
  if (!(await page.getByLabel('Restore a backup').isVisible())) await archive.click();
}

/** An article of the site's corpus that a search for its title finds, opened by its address. */
async function openArticle(page, server, article) {
  await page.goto(`${server.url}?article=${encodeURIComponent(article.id)}`);
  await page.getByRole('heading', { level: 1, name: article.title, exact: true }).waitFor({ timeout: 30_000 });
}

/**
 * Marks `article` saved (opening it marks it read), writes a note, and saves a search; `other`
 * is only opened (so read, not saved: the Saved filter must leave it out).
 */
async function makeDesk(page, server, article, other) {
  await openArticle(page, server, other);
  await page.getByText('Marked as read.').waitFor({ timeout: 30_000 });
  // On to the next one as a reader goes, inside the page (the worker keeps writing meanwhile).
  await page.getByRole('link', { name: '← Back to results' }).first().click();
  await page.getByRole('searchbox', { name: 'Search' }).fill(article.title);
  await page.getByRole('link', { name: article.title, exact: true }).first().click();
  await page.getByRole('heading', { level: 1, name: article.title, exact: true }).waitFor({ timeout: 30_000 });
  await page.getByText('Marked as read.').waitFor({ timeout: 30_000 });
  const save = page.getByRole('button', { name: 'Save', exact: true });
  await save.click();
  await assertPressed(save, true);
  await page.getByRole('button', { name: 'Note', exact: true }).click();
  await page.getByLabel('Your note on this article').fill(NOTE);
  await page.getByText('Note saved.').waitFor({ timeout: 30_000 });
  await page.getByRole('link', { name: '← Back to results' }).first().click();
  await page.getByRole('searchbox', { name: 'Search' }).fill('rice');
  await statusSaying(page, /articles? match$/);
  await page.getByRole('button', { name: 'Save this search' }).click();
  await page.getByLabel('Name of this search').fill(SEARCH);
  await page.getByRole('button', { name: 'Save name' }).click();
  await page.getByRole('link', { name: SEARCH, exact: true }).waitFor({ timeout: 30_000 });
  await page.getByRole('searchbox', { name: 'Search' }).fill('');
  // The address follows the search box once typing pauses: the reload must find the cleared view.
  await page.waitForURL((u) => !u.searchParams.has('q'), { timeout: 10_000 });
}

/** The desk made by `makeDesk` is all there: the filter, the saved search, the marks and the note. */
async function checkDesk(page, article, other, total) {
  await statusSaying(page, countPattern(total));
  // The marks' counts on the list (they need every titles file, fetched in the background),
  // then the filter: it finds the saved article, and only it; both opened ones are read.
  const saved = page.getByRole('checkbox', { name: /^Saved\s+1$/ });
  await saved.waitFor({ timeout: 30_000 });
  await page.getByRole('checkbox', { name: new RegExp(`^Unread\\s+${(total - 2).toLocaleString('en-US')}$`) }).waitFor({ timeout: 30_000 });
  await saved.check();
  await statusSaying(page, /^1 of [\d,]+ articles match$/);
  assert.equal(await page.getByRole('link', { name: other.title, exact: true }).count(), 0, 'read, not saved: not in the Saved filter');
  await page.getByRole('link', { name: article.title, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: article.title, exact: true }).waitFor({ timeout: 30_000 });
  await assertPressed(page.getByRole('button', { name: 'Save', exact: true }), true);
  await assertPressed(page.getByRole('button', { name: 'Read', exact: true }), true);
  const note = page.getByLabel('Your note on this article');
  await until('the note to show what was written', async () => (await note.isVisible()) && (await note.inputValue()) === NOTE);
  await page.getByRole('link', { name: '← Back to results' }).first().click();
  await page.getByRole('checkbox', { name: /^Saved\b/ }).uncheck({ timeout: 30_000 });
  await statusSaying(page, countPattern(total));
  // The saved search opens its view.
  await page.getByRole('link', { name: SEARCH, exact: true }).click();
  await statusSaying(page, /articles? match$/);
  assert.equal(await page.getByRole('searchbox', { name: 'Search' }).inputValue(), 'rice');
}

/** Two dated articles of a site's corpus with titles of their own: one to save (about rice, if
 * any, so the saved search has something), one only to read. */
function articlesOf(dir) {
  const { articles } = readCorpus(dir);
  const unique = articles.filter((a) => a.date && articles.filter((b) => b.title === a.title).length === 1);
  const article = unique.find((a) => /rice/i.test(a.title)) || unique[0];
  return [article, unique.find((a) => a !== article)];
}

test('marks, a note and a saved search survive a reload while offline', async () => {
  const site = makeSite('desk-offline');
  const N = readCorpus(site).articles.length;
  const [article, other] = articlesOf(site);
  const server = await startServer(site);
  const w = await openPage(browser, server);
  const { page, context } = w;
  try {
    await firstVisit(page, server, N);
    await makeDesk(page, server, article, other);
    // The marks' counts come once every titles file is in: then the list has all it needs offline.
    await page.getByRole('checkbox', { name: /^Saved\s+1$/ }).waitFor({ timeout: 30_000 });

    await context.setOffline(true);
    await page.reload();
    await page.getByText(/Offline — reading the saved copy/).waitFor({ timeout: 30_000 });
    await checkDesk(page, article, other, N);
    await screenshot(page, 'desk-survives-offline');
    assert.equal(await page.getByRole('alert').count(), 0, 'no error shown');
    w.check();
  } finally {
    await context.close();
    await server.close();
  }
});

test('marks, a note and a saved search survive an update of the reader', async () => {
  const NEW = {
    id: 'e2e-desk-update-hoeryong', title: 'Desk update check: Hoeryong market hours change',
    date: '2025-07-01', source: 'E2E Test Desk', url: null, source_tags: [],
    summary: 'A corpus change shipped by the second build.', body: ['Traders in Hoeryong now open at nine.'],
  };
  const site = makeSite('desk-update-live');
  const next = makeSite('desk-update-next', (dir) => compileCorpus(dir, [...readCorpus(dir).articles, NEW]));
  const N = readCorpus(site).articles.length;
  const [article, other] = articlesOf(site);
  const server = await startServer(site);
  const w = await openPage(browser, server);
  const { page, context } = w;
  try {
    await firstVisit(page, server, N);
    await makeDesk(page, server, article, other);

    deploy(next, site);
    await page.reload();
    await page.getByText('A new version of the reader is available.').waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Reload' }).click();
    await statusSaying(page, countPattern(N + 1));
    await page.getByRole('link', { name: NEW.title }).waitFor({ timeout: 30_000 });
    await checkDesk(page, article, other, N + 1);
    await screenshot(page, 'desk-survives-update');
    assert.equal(await page.getByText('A new version of the reader is available.').count(), 0);
    assert.equal(await page.getByRole('alert').count(), 0, 'no error shown');
    w.check();
  } finally {
    await context.close();
    await server.close();
  }
});

test('on a corpus of many titles files the marks are counted once the background knows every id', async () => {
  // 2,100 generated articles: two titles files (2,048 a file), so the first list is answered
  // before every article id is known, and the marks' counts cannot be given with it.
  const site = makeSite('desk-many-titles', (dir) => compileCorpus(dir, generatedArticles(2_100, 12), { fresh: true }));
  const { manifest, articles } = readCorpus(site);
  assert.ok(manifest.segments.reduce((n, s) => n + s.titles.length, 0) > 1, 'several titles files');
  const N = articles.length;
  const server = await startServer(site);
  const w = await openPage(browser, server);
  const { page, context } = w;
  try {
    const article = articles.find((a) => a.date && articles.filter((b) => b.title === a.title).length === 1);
    await openArticle(page, server, article);
    const save = page.getByRole('button', { name: 'Save', exact: true });
    await save.click();
    await assertPressed(save, true);
    // "Note saved." says every change sent so far is stored.
    await page.getByRole('button', { name: 'Note', exact: true }).click();
    await page.getByLabel('Your note on this article').fill(NOTE);
    await page.getByText('Note saved.').waitFor({ timeout: 30_000 });

    // A new visit: nothing but waiting, as a reader glancing at the list would.
    await page.goto(server.url);
    await statusSaying(page, countPattern(N));
    await page.getByRole('checkbox', { name: /^Saved\s+1$/ }).waitFor({ timeout: 30_000 });
    await page.getByRole('checkbox', { name: /^With a note\s+1$/ }).waitFor({ timeout: 30_000 });
    await page.getByRole('checkbox', { name: new RegExp(`^Unread\\s+${(N - 1).toLocaleString('en-US')}$`) }).waitFor({ timeout: 30_000 });
    await screenshot(page, 'desk-marks-counted');
    w.check();
  } finally {
    await context.close();
    await server.close();
  }
});

/** When the import's tab is closed: while the worker writes the file to the archive. */
const CLOSE_WHEN = /^(Keeping [\d,]+ articles on this device…|Finding places, organisations and topics in [\d,]+ articles…)$/;

test('a tab closed in the middle of a large import leaves the archive whole', { timeout: 10 * 60_000 }, async () => {
  const site = makeSite('desk-closed-import');
  const N = readCorpus(site).articles.length;
  // About 10 MB of generated reports in one file (ids of their own: the generator numbers from 0).
  const big = generatedArticles(2_000, 11).map((a) => ({ ...a, id: `large-${a.id}` }));
  const buffer = Buffer.from(big.map((a) => JSON.stringify(a)).join('\n'));
  assert.ok(buffer.length > 8_000_000, `${buffer.length} bytes`);
  const BIG = big.length;
  const kept = generatedArticles(400).slice(300, 303);
  const server = await startServer(site);
  const w = await openPage(browser, server);
  const { context } = w;
  try {
    const first = w.page;
    await first.goto(server.url);
    await statusSaying(first, countPattern(N));
    // What the archive holds before: one small collection.
    await first.getByLabel('Add articles').setInputFiles([
      { name: 'kept.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(kept.map((a) => JSON.stringify(a)).join('\n')) },
    ]);
    await statusSaying(first, /^Added 3 articles to “kept”\./);
    await statusSaying(first, countPattern(N + 3));

    // The large file goes in; the tab is closed while the worker keeps its articles (or, if that
    // went by between two looks, just after, while it tags them).
    await first.getByLabel('Add articles').setInputFiles([{ name: 'large.jsonl', mimeType: 'application/x-ndjson', buffer }]);
    const busy = first.getByRole('status').filter({ hasText: CLOSE_WHEN }).first();
    await busy.waitFor({ timeout: 5 * 60_000 });
    const phase = (await busy.innerText().catch(() => '?')).trim();
    await first.close();

    // The same browser profile, a new tab.
    const page = await context.newPage();
    await page.goto(server.url);
    const shown = await until('the list to show its count', async () => {
      const whole = await page.getByRole('status').filter({ hasText: countPattern(N + 3 + BIG) }).count();
      const before = await page.getByRole('status').filter({ hasText: countPattern(N + 3) }).count();
      return whole ? 'whole' : before ? 'before' : null;
    }, { timeout: 5 * 60_000 });
    await openArchive(page);
    await page.getByRole('checkbox', { name: 'Show “kept”' }).waitFor({ timeout: 30_000 });
    await page.getByText('3 articles from 1 file', { exact: true }).waitFor({ timeout: 30_000 });
    const large = page.getByRole('checkbox', { name: 'Show “large”' });
    if (shown === 'whole') {
      await large.waitFor({ timeout: 30_000 });
      await page.getByText(`${BIG.toLocaleString('en-US')} articles from 1 file`, { exact: true }).waitFor({ timeout: 30_000 });
    } else {
      assert.equal(await large.count(), 0, 'no collection of the import');
    }
    // Neither more nor fewer: never half a file (the list settles on one of the two counts).
    const counts = await page.getByText(/^[\d,]+ articles? from \d+ files?$/).allInnerTexts();
    const total = counts.map((t) => Number(/^([\d,]+)/.exec(t.trim())[1].replace(/,/g, ''))).reduce((a, b) => a + b, 0);
    assert.equal(total, shown === 'whole' ? 3 + BIG : 3, `archive: ${counts.join(', ')}`);
    await statusSaying(page, countPattern(N + total));
    await screenshot(page, 'desk-closed-import-reopened');
    console.log(`closed at "${phase}"; on reopening the archive held ${shown === 'whole' ? 'the whole import' : 'what it held before'}`);
    assert.equal(await page.getByRole('alert').count(), 0, 'no error shown');
    w.check();
  } finally {
    await context.close();
    await server.close();
  }
});
