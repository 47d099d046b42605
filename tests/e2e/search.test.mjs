// Search, facets and dates, driven by their accessible names:
//   searchbox "Search"; groups "Province", "Topic", "Source", "Entity" of checkboxes named by
//   display names; date inputs "From" and "To"; a status region with the number of matches;
//   each result a link named by the article title. Every view is a deep link (?q=…&province=…).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  useSiteAndBrowser, openPage, launch, readCorpus, statusSaying, countPattern, screenshot, nativeSearch, DIST,
} from './support.mjs';

const corpus = readCorpus();
const N = corpus.articles.length;
const titles = new Set(corpus.articles.map((a) => a.title));
const MATCH = /^\s*(?:No articles match|[\d,]+ of [\d,]+ articles match)\s*$/;
const env = useSiteAndBrowser();

async function matches(page) {
  const status = await statusSaying(page, MATCH);
  const text = await status.innerText();
  const m = /([\d,]+) of ([\d,]+)/.exec(text);
  return m ? Number(m[1].replace(/,/g, '')) : 0;
}

async function resultTitles(page) {
  const names = [];
  for (const t of titles) {
    if ((await page.getByRole('link', { name: t, exact: true }).count()) > 0) names.push(t);
  }
  return names;
}

async function fresh() {
  const w = await openPage(env.browser, env.server);
  await w.page.goto(env.server.url);
  await statusSaying(w.page, countPattern(N));
  return w;
}

test('search narrows the list and the view is a deep link', async () => {
  const w = await fresh();
  const { page } = w;
  await page.getByRole('searchbox', { name: 'Search' }).fill('smuggling');
  const n = await matches(page);
  assert.ok(n > 0 && n < N, `"smuggling" matched ${n} of ${N}`);
  assert.ok((await resultTitles(page)).length > 0, 'no result link named by an article title');
  // The URL follows once typing pauses.
  await page.waitForURL((u) => u.searchParams.get('q') === 'smuggling', { timeout: 10_000 });
  const url = page.url();
  await screenshot(page, 'search-smuggling');
  const again = await openPage(env.browser, env.server);
  await again.page.goto(url);
  assert.equal(await matches(again.page), n);
  assert.equal(await again.page.getByRole('searchbox', { name: 'Search' }).inputValue(), 'smuggling');
  again.check();
  await again.context.close();
  w.check();
  await w.context.close();
});

test('a reload straight after typing keeps the text the URL had not caught up with', async () => {
  const w = await fresh();
  const { page } = w;
  const box = page.getByRole('searchbox', { name: 'Search' });
  // A reader types and reloads at once: in one task, so the reload surely comes before the
  // pause after which the URL would have followed.
  const before = await box.evaluate((input) => {
    input.value = 'smuggling';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    const href = location.href;
    location.reload();
    return href;
  });
  assert.equal(new URL(before).searchParams.get('q'), null, 'the URL had not followed yet');
  await page.waitForURL((u) => u.searchParams.get('q') === 'smuggling', { timeout: 10_000 });
  await statusSaying(page, MATCH);
  assert.equal(await box.inputValue(), 'smuggling');
  assert.ok((await matches(page)) < N, 'the list is narrowed by the text');
  // Kept for that one reload only: the next shows the address as it is.
  await page.goto(env.server.url);
  await statusSaying(page, countPattern(N));
  assert.equal(await box.inputValue(), '');
  w.check();
  await w.context.close();
});

test('text kept for a reload is forgotten when the page comes back from the back-forward cache', async () => {
  const browser = await launch({ backForwardCache: true });
  try {
    const w = await openPage(browser, env.server);
    const { page } = w;
    await page.goto(env.server.url);
    await statusSaying(page, countPattern(N));
    const box = page.getByRole('searchbox', { name: 'Search' });
    // Typed, and off to another page in the same task: the text is kept for a reload.
    await box.evaluate((input) => {
      input.value = 'smuggling';
      input.dispatchEvent(new Event('input', { bubbles: true }));
      location.href = new URL('favicon.svg', location.href).href;
    });
    await page.waitForURL(/favicon\.svg$/);
    // Back: the page comes out of the cache as it was (no load event), and its own
    // waiting write goes ahead.
    await page.goBack({ waitUntil: 'commit' });
    // (A page from the cache fires no load event: wait for the address only.)
    await page.waitForURL((u) => u.searchParams.get('q') === 'smuggling', { timeout: 10_000, waitUntil: 'commit' });
    await statusSaying(page, MATCH);
    // The reader empties the box: the address is again the one the text was typed on.
    await box.fill('');
    await page.waitForURL((u) => !u.searchParams.has('q'), { timeout: 10_000, waitUntil: 'commit' });
    await statusSaying(page, countPattern(N));
    await page.reload();
    await statusSaying(page, countPattern(N));
    assert.equal(await box.inputValue(), '', 'the box stays as the reader left it');
    w.check();
    await w.context.close();
  } finally {
    await browser.close();
  }
});

test('a misspelt word still finds its articles, after the exact ones, and says so', async () => {
  const w = await fresh();
  const { page } = w;
  const search = page.getByRole('searchbox', { name: 'Search' });
  const firstTitle = () => page.getByRole('list').filter({ has: page.getByRole('heading') }).getByRole('link').first().innerText();
  // The counts the same search code gives natively: the page must show exactly these.
  const exact = nativeSearch(DIST, 'smuggling').total;
  const typo = nativeSearch(DIST, 'smugling').total;
  assert.ok(exact > 0 && typo >= exact, `natively "smuggling" ${exact}, "smugling" ${typo}`);
  await search.fill('smuggling ');
  await statusSaying(page, new RegExp(`^\\s*${exact} of ${N} articles match`));
  const first = await firstTitle();
  await search.fill('smugling ');
  await page.getByText('Also matching close spellings: smugling → smuggling').waitFor();
  await statusSaying(page, new RegExp(`^\\s*${typo} of ${N} articles match`));
  assert.equal(await firstTitle(), first, 'the same best result, misspelt or not');
  // A misspelt place finds the place's articles (every spelling of it, Hangul included).
  const place = nativeSearch(DIST, 'Hyesen').total;
  assert.ok(place > 0);
  await search.fill('Hyesen ');
  await page.getByText(/Also matching close spellings: hyesen → Hyesan/).waitFor();
  await statusSaying(page, new RegExp(`^\\s*${place} of ${N} articles match`));
  await screenshot(page, 'search-typo');
  w.check();
  await w.context.close();
});

test('when no article has every word, the ones with most of them are shown, and the page says so', async () => {
  const w = await fresh();
  const { page } = w;
  const { total } = nativeSearch(DIST, 'smuggling zeppelins');
  assert.ok(total > 0);
  await page.getByRole('searchbox', { name: 'Search' }).fill('smuggling zeppelins ');
  await page.getByText('No article has all 2 words searched; these have one of them.').waitFor();
  await statusSaying(page, new RegExp(`^\\s*${total} of ${N} articles match`));
  w.check();
  await w.context.close();
});

test('a province checkbox filters, Back undoes it', async () => {
  const w = await fresh();
  const { page } = w;
  const box = page.getByRole('group', { name: 'Province' }).getByRole('checkbox', { name: 'Ryanggang' });
  await box.check();
  const n = await matches(page);
  assert.ok(n > 0 && n < N, `Ryanggang matched ${n} of ${N}`);
  assert.match(new URL(page.url()).search, /province=/);
  assert.ok(await box.isChecked());
  await page.goBack();
  await statusSaying(page, countPattern(N));
  assert.equal(await box.isChecked(), false);
  w.check();
  await w.context.close();
});

test('a checkbox toggled from the keyboard keeps the focus', async () => {
  const w = await fresh();
  const { page } = w;
  const box = page.getByRole('group', { name: 'Province' }).getByRole('checkbox', { name: 'Ryanggang' });
  await box.focus();
  await page.keyboard.press('Space');
  const n = await matches(page);
  assert.ok(n > 0 && n < N, `Ryanggang matched ${n} of ${N}`);
  assert.ok(await box.isChecked());
  // The list and every count changed; the row that was used is still the one focused.
  assert.ok(await box.evaluate((el) => el === document.activeElement), 'focus left the checkbox');
  await page.keyboard.press('Space');
  await statusSaying(page, countPattern(N));
  assert.ok(await box.evaluate((el) => el === document.activeElement), 'focus left the checkbox');
  w.check();
  await w.context.close();
});

test('topic, source and entity groups filter too', async () => {
  const w = await fresh();
  const { page } = w;
  await page.getByRole('group', { name: 'Topic' }).getByRole('checkbox', { name: 'Smuggling' }).check();
  const topic = await matches(page);
  assert.ok(topic > 0 && topic < N);
  for (const group of ['Source', 'Entity']) {
    const boxes = page.getByRole('group', { name: group }).getByRole('checkbox');
    assert.ok((await boxes.count()) > 0, `the ${group} group has no checkboxes`);
  }
  await page.goto(env.server.url);
  await statusSaying(page, countPattern(N));
  await page.getByRole('group', { name: 'Source' }).getByRole('checkbox').first().check();
  assert.ok((await matches(page)) > 0);
  await page.goto(env.server.url);
  await statusSaying(page, countPattern(N));
  await page.getByRole('group', { name: 'Entity' }).getByRole('checkbox').first().check();
  assert.ok((await matches(page)) > 0);
  w.check();
  await w.context.close();
});

test('the From and To dates narrow the list', async () => {
  const dated = corpus.articles.filter((a) => a.date).map((a) => a.date).sort();
  assert.ok(dated.length > 1, 'the corpus needs dated articles');
  const mid = dated[Math.floor(dated.length / 2)];
  const w = await fresh();
  const { page } = w;
  await page.getByLabel('From', { exact: true }).fill(mid);
  const from = await matches(page);
  assert.ok(from > 0 && from < N, `From ${mid}: ${from} of ${N}`);
  await page.getByLabel('To', { exact: true }).fill(mid);
  const both = await matches(page);
  assert.ok(both > 0 && both <= from, `From = To = ${mid}: ${both}, From alone: ${from}`);
  w.check();
  await w.context.close();
});

test('no match says so and offers a way back', async () => {
  const w = await fresh();
  const { page } = w;
  await page.getByRole('searchbox', { name: 'Search' }).fill('qzxqzxqzx');
  await statusSaying(page, /No articles match/);
  await page.getByRole('link', { name: 'Show all articles' }).click();
  await statusSaying(page, countPattern(N));
  w.check();
  await w.context.close();
});

test('when few articles have every word, the ones missing one word follow under their own heading', async () => {
  const w = await openPage(env.browser, env.server);
  const { page } = w;
  await page.goto(`${env.server.url}?q=${encodeURIComponent('Hyesan harvest')}`);
  const native = nativeSearch(DIST, 'Hyesan harvest');
  assert.ok(native.near && native.near.length > 0, 'the core has near matches for this search');
  await statusSaying(page, new RegExp(`^\\s*${native.total} of ${N} articles match`));
  const heading = page.getByRole('heading', { name: 'Also worth a look: articles with every word searched but one' });
  await heading.waitFor({ timeout: 10_000 });
  // The near matches are a second list after the heading, in the core's order; the status
  // line's number counts only the articles with every word.
  const lists = page.getByRole('main').getByRole('list').filter({ has: page.getByRole('heading', { level: 3 }) });
  assert.equal(await lists.count(), 2, 'the matches and the near matches are two lists');
  const byId = new Map(corpus.articles.map((a) => [a.id, a.title]));
  // Text content, not innerText: cards below the fold are not laid out (content-visibility).
  const near = (await lists.nth(1).getByRole('heading', { level: 3 }).allTextContents()).map((s) => s.trim());
  assert.deepEqual(near, native.near.map((id) => byId.get(id)), 'the near matches the core lists, in its order');
  assert.ok(near.length + native.total <= 10, 'they only fill the first ten');
  await screenshot(page, 'near-matches');
  // A one-word search has none: without its one word, an article matches nothing.
  await page.goto(`${env.server.url}?q=Hyesan`);
  await statusSaying(page, MATCH);
  await page.getByRole('main').getByRole('heading', { level: 3 }).first().waitFor();
  assert.equal(await heading.count(), 0);
  w.check();
  await w.context.close();
});
