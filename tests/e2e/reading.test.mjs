// Reading and exploring: the timeline selects a date range by click or drag, an entity in an
// article leads to the other reports naming it, and malformed URL parameters are ignored.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  useSiteAndBrowser, openPage, readCorpus, screenshot, statusSaying, countPattern,
} from './support.mjs';

const corpus = readCorpus();
const N = corpus.articles.length;
const MATCH = /^\s*(?:No articles match|[\d,]+ of [\d,]+ articles match)\s*$/;
const env = useSiteAndBrowser();

async function matchCount(page) {
  const text = await (await statusSaying(page, MATCH)).innerText();
  const m = /([\d,]+) of/.exec(text);
  return m ? Number(m[1].replace(/,/g, '')) : 0;
}

/** Waits (with statusSaying's limit) until the list says `n` articles match, and returns the
 * count it says: the count shown just after a change can still be the last view's. */
async function countBecomes(page, n) {
  await statusSaying(page, new RegExp(`^\\s*${n.toLocaleString('en-US')} of [\\d,]+ articles match\\s*$`)).catch(() => {});
  return matchCount(page);
}

test('clicking a timeline bar selects its range; dragging selects several', async () => {
  const in2020 = corpus.articles.filter((a) => a.date && a.date.startsWith('2020')).length;
  assert.ok(in2020 > 0, 'the bundled corpus has articles from 2020');
  const w = await openPage(env.browser, env.server);
  const { page } = w;
  await page.goto(env.server.url);
  await statusSaying(page, countPattern(N));
  const date = page.getByRole('group', { name: 'Date' });
  // The bundled corpus spans more than ten years, so bars are years.
  await date.getByRole('button', { name: /^2020: / }).click();
  await page.waitForURL(/from=2020-01-01/);
  const url = new URL(page.url());
  assert.equal(url.searchParams.get('from'), '2020-01-01');
  assert.equal(url.searchParams.get('to'), '2020-12-31');
  // Undated articles are still included unless excluded.
  const undated = corpus.articles.filter((a) => !a.date).length;
  assert.equal(await countBecomes(page, in2020 + undated), in2020 + undated);
  await date.getByRole('checkbox', { name: /Include undated articles/ }).uncheck();
  assert.equal(await countBecomes(page, in2020), in2020);
  assert.equal(await date.getByLabel('From', { exact: true }).inputValue(), '2020-01-01');
  // Drag from 2015 to 2016 (first bring the timeline into view, as a person would).
  await date.getByRole('button', { name: /^2015: / }).scrollIntoViewIfNeeded();
  const from = await date.getByRole('button', { name: /^2015: / }).boundingBox();
  const to = await date.getByRole('button', { name: /^2016: / }).boundingBox();
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 5 });
  await page.mouse.up();
  await page.waitForURL(/from=2015-01-01/);
  const dragged = new URL(page.url());
  assert.equal(dragged.searchParams.get('from'), '2015-01-01');
  assert.equal(dragged.searchParams.get('to'), '2016-12-31');
  const in2015to2016 = corpus.articles.filter((a) => a.date && a.date >= '2015' && a.date < '2017').length;
  assert.equal(await countBecomes(page, in2015to2016), in2015to2016);
  await screenshot(page, 'timeline-range');
  w.check();
  await w.context.close();
});

test('an entity in an article leads to the other reports that name it', async () => {
  const hyesan = corpus.articles.filter((a) => JSON.stringify(a).includes('Hyesan'));
  assert.ok(hyesan.length > 2);
  const first = hyesan[0];
  const w = await openPage(env.browser, env.server);
  const { page } = w;
  await page.goto(`${env.server.url}?article=${encodeURIComponent(first.id)}`);
  await page.getByRole('heading', { level: 1, name: first.title }).waitFor();
  const mention = page.getByRole('button', { name: 'Hyesan', exact: true }).first();
  assert.match(await mention.getAttribute('title'), /Ryanggang/);
  await mention.click();
  const panel = page.getByRole('complementary', { name: 'Hyesan' });
  await panel.getByText(/Named in \d+ other reports?/).waitFor();
  await screenshot(page, 'entity-panel');
  const other = panel.getByRole('link').first();
  const otherTitle = (await other.innerText()).trim();
  await other.click();
  await page.getByRole('heading', { level: 1, name: otherTitle }).waitFor();
  assert.ok(new URL(page.url()).searchParams.getAll('entity').includes('hyesan'));
  w.check();
  await w.context.close();
});

test('malformed or unknown URL parameters are ignored without an error page', async () => {
  const w = await openPage(env.browser, env.server);
  const { page } = w;
  await page.goto(`${env.server.url}?province=atlantis&from=yesterday&to=2024-99-99&sort=sideways&page=-3&kind=ghost&undated=maybe&zzz=1`);
  // An unknown province filters to nothing, but the page works and says so; the rest is ignored.
  await statusSaying(page, /No articles match/);
  await page.getByRole('link', { name: 'Show all articles' }).click();
  await statusSaying(page, countPattern(N));
  await page.goto(`${env.server.url}?sort=sideways&page=9999&from=not-a-date&q=`);
  await statusSaying(page, countPattern(N));
  w.check();
  await w.context.close();
});
