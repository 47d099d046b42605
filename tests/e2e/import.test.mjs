// Bringing your own articles: files added in the browser join the corpus, a bad file lands
// in the corpus report instead of breaking the page, and the additions survive a reload.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  useSiteAndBrowser, openPage, readCorpus, screenshot, statusSaying, countPattern,
} from './support.mjs';

const N = readCorpus().articles.length;
const env = useSiteAndBrowser();

const mine = [
  { id: 'mine-1', title: 'Onsong traders report a new checkpoint', date: '2026-10-02', source: 'My notes', url: null, summary: 'Traders in Onsong say a checkpoint went up on the road to the border.' },
  { id: 'mine-2', title: 'Rice at Sinuiju market, October', date: null, source: 'My notes', url: null, summary: 'Rice prices in Sinuiju held steady.' },
  { title: 'A record without an id', source: 'My notes', summary: 'x' },
].map((a) => JSON.stringify(a)).join('\n');

test('added files join the corpus, bad ones are reported, and they survive a reload', async () => {
  const w = await openPage(env.browser, env.server);
  const { page } = w;
  await page.goto(env.server.url);
  await statusSaying(page, countPattern(N));
  await page.getByLabel('Add articles').setInputFiles([
    { name: 'mine.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(mine) },
    { name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"version": 1, "articles": [ oops') },
  ]);
  await statusSaying(page, countPattern(N + 2));
  const report = page.getByText(/^Corpus report/);
  await report.click();
  await page.getByText(/broken\.json/).first().waitFor();
  await page.getByText(/field .?id.?: is missing/).first().waitFor();
  await page.getByRole('searchbox', { name: 'Search' }).fill('Onsong checkpoint');
  await page.getByRole('link', { name: 'Onsong traders report a new checkpoint', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Onsong traders report a new checkpoint' }).waitFor();
  await screenshot(page, 'import-added-article');

  await page.goto(env.server.url);
  await statusSaying(page, countPattern(N + 2));
  // Removing is not undone, so the page asks first.
  await page.getByText(/^Your archive/).click();
  await page.getByRole('button', { name: 'Remove added articles' }).click();
  await page.getByRole('group', { name: 'Remove added articles' }).getByRole('button', { name: 'Remove' }).click();
  await statusSaying(page, countPattern(N));
  w.check();
  await w.context.close();
});
