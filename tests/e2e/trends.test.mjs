// Trends, driven as a reader would: the province × topic table ("Reports by province and
// topic") whose cells are buttons named "Ryanggang (량강도), Smuggling: 12 reports", the
// small multiples over time (one button per top topic or province), and "Save as SVG /
// PNG" under every chart: a standalone picture with the active filters written under it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import {
  useSiteAndBrowser, openPage, readCorpus, statusSaying, countPattern, screenshot, nativeSearch, showChart, DIST,
} from './support.mjs';

const N = readCorpus().articles.length;
const env = useSiteAndBrowser();
const CELL = /^(.+) \((.+)\), (.+): ([\d,]+) reports?$/;

async function fresh(path = '', options = {}) {
  const w = await openPage(env.browser, env.server, options);
  await w.page.goto(env.server.url + path);
  if (!path) await statusSaying(w.page, countPattern(N));
  // The trends are folded away until the reader asks for them.
  await showChart(w.page, 'Trends');
  return w;
}

const matrix = (page) => page.getByRole('table', { name: 'Reports by province and topic' });
const number = (s) => Number(s.replace(/,/g, ''));

async function download(page, name) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name }).click()]);
  return { name: file.suggestedFilename(), bytes: fs.readFileSync(await file.path()) };
}

test('a matrix cell counts what the list gives for that pair, and a click filters to it', async () => {
  const w = await fresh();
  const { page } = w;
  const table = matrix(page);
  await table.waitFor();
  const cell = table.getByRole('button', { name: /^Ryanggang \(량강도\), Smuggling: [\d,]+ reports?$/ });
  const m = CELL.exec(await cell.getAttribute('aria-label'));
  const n = number(m[4]);
  assert.equal(number(await cell.innerText()), n, 'the cell prints the number it is named with');
  assert.equal(n, nativeSearch(DIST, '?province=ryanggang&topic=smuggling').total, 'the core agrees');
  assert.ok(n > 0);
  // Rows and columns are headers; every province row is one the results have.
  assert.ok(await table.getByRole('rowheader', { name: 'Ryanggang' }).count() === 1);
  assert.ok(await table.getByRole('columnheader', { name: 'Smuggling' }).count() === 1);
  assert.equal(await table.getByRole('button', { name: /: 0 reports$/ }).count(), 0, 'empty cells are blank, not buttons');
  await screenshot(page, 'trends-matrix');
  await cell.click();
  await page.waitForURL((u) => /[?&]province=ryanggang(&|$)/.test(u.search) && /[?&]topic=smuggling(&|$)/.test(u.search), { timeout: 10_000 });
  await statusSaying(page, new RegExp(`^\\s*${n.toLocaleString('en-US')} of ${N.toLocaleString('en-US')} articles match`));
  // The list, filtered to the pair, says the same number the cell did; once the trends
  // redraw for the new results, that cell shows it is the filter.
  await matrix(page).getByRole('button', { name: /^Ryanggang \(량강도\), Smuggling:/, pressed: true }).waitFor({ timeout: 10_000 });
  assert.equal(await matrix(page).getByRole('button', { pressed: true }).count(), 1, 'only the chosen pair is pressed');
  w.check();
  await w.context.close();
});

test('a small multiple filters to its topic; the toggle shows provinces instead', async () => {
  const w = await fresh();
  const { page } = w;
  const multiples = page.locator('.multiples');
  const first = multiples.getByRole('button').first();
  await first.waitFor();
  const name = await first.innerText();
  const [, topic, count] = /^(.+): ([\d,]+) reports?/.exec(name);
  assert.ok(number(count) >= 10, `the top topic of the whole corpus has a chart (${name})`);
  const bars = (await first.locator('svg path').getAttribute('d')) || '';
  assert.ok(bars.split('M').length - 1 >= 2, `it draws a bar per month with reports (${bars.slice(0, 80)})`);
  await first.click();
  await page.waitForURL(/[?&]topic=/, { timeout: 10_000 });
  await statusSaying(page, /articles? match/);
  const chip = await page.locator('body').innerText();
  assert.ok(chip.includes(topic), `the filter names ${topic}`);
  // By province.
  await page.getByRole('group', { name: 'Charts by' }).getByRole('button', { name: 'Provinces' }).click();
  await multiples.getByRole('button', { name: /^(Ryanggang|North Hamgyong|Pyongyang|South Pyongan|North Pyongan|Jagang|Kangwon|South Hamgyong|North Hwanghae|South Hwanghae|Rason|Nampo|Kaesong)\b/ }).first().waitFor();
  await screenshot(page, 'trends-multiples-provinces');
  w.check();
  await w.context.close();
});

test('a narrow search has too few reports for a chart, and says so', async () => {
  const w = await fresh();
  const { page } = w;
  await page.getByRole('searchbox', { name: 'Search' }).fill('Hyesan sealed off ');
  await statusSaying(page, /articles? match/);
  await page.locator('.multiples').getByText('too few reports').first().waitFor({ timeout: 10_000 });
  // The charts follow the list once typing pauses: wait for them to settle.
  await assert.doesNotReject(page.waitForFunction(() => document.querySelectorAll('.multiples svg').length === 0, null, { timeout: 10_000 }),
    'no chart drawn from a handful of reports');
  assert.ok(await page.locator('.multiples').getByText('too few reports').count() > 0);
  w.check();
  await w.context.close();
});

test('Save as SVG gives a standalone picture with the filters; Save as PNG gives a PNG', async () => {
  const w = await fresh('?province=ryanggang');
  const { page } = w;
  await statusSaying(page, /articles? match/);
  await matrix(page).waitFor();
  for (const chart of ['the province map', 'the timeline', 'the province and topic table', 'the charts over time']) {
    const svg = await download(page, `Save ${chart} as SVG`);
    const text = svg.bytes.toString('utf8');
    assert.match(svg.name, /^tumen-[a-z-]+-\d{4}-\d{2}-\d{2}\.svg$/);
    assert.ok(text.startsWith('<svg'), `${chart}: an SVG document (${text.slice(0, 40)})`);
    assert.ok(text.includes('Province: Ryanggang'), `${chart}: the filters are written under it`);
    assert.match(text, /Made with Tumen on \d+ \w+ \d{4}/, `${chart}: the date made`);
    assert.ok(!/var\(--|href=|url\(/.test(text), `${chart}: no CSS variables or external references`);
    const png = await download(page, `Save ${chart} as PNG`);
    assert.match(png.name, /\.png$/);
    assert.deepEqual([...png.bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], `${chart}: PNG magic bytes`);
    assert.ok(png.bytes.length > 1000, `${chart}: a real picture (${png.bytes.length} bytes)`);
  }
  w.check();
  await w.context.close();
});

test('at 360 px in dark mode the matrix scrolls inside its own box; Korean names the cells', async () => {
  const w = await fresh('', { viewport: { width: 360, height: 780 }, colorScheme: 'dark' });
  const { page } = w;
  const box = page.getByRole('region', { name: 'Reports by province and topic' });
  await box.waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.equal(overflow, 0, 'no sideways scrolling of the page at 360 px');
  assert.ok(await box.evaluate((el) => el.scrollWidth > el.clientWidth), 'the table scrolls inside its box');
  await box.scrollIntoViewIfNeeded();
  await screenshot(page, 'trends-phone-dark');
  // On a phone the map starts folded; shown once, it stays shown in the other language.
  await showChart(page, 'Map');
  await page.goto(`${env.server.url}?lang=ko`);
  const cell = page.getByRole('button', { name: /^량강도 \(Ryanggang\), .+: 기사 [\d,]+건$/ }).first();
  await cell.waitFor({ timeout: 10_000 });
  await page.getByRole('button', { name: '도별 지도를 SVG로 저장' }).waitFor();
  w.check();
  await w.context.close();
});
