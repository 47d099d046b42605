// The province map, driven as a reader would: a group "Province map" of buttons named
// "Ryanggang (량강도): 12 reports". Its counts are the Province facet's; a click, or Enter
// from the keyboard, toggles the province in the filter and the URL follows; it is usable
// at 360 px and in dark mode.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  useSiteAndBrowser, openPage, readCorpus, statusSaying, countPattern, screenshot, nativeSearch, showChart, DIST,
} from './support.mjs';

const N = readCorpus().articles.length;
const env = useSiteAndBrowser();
const NAME = /^(.+) \((.+)\): ([\d,]+) reports?$/;

async function fresh(options = {}) {
  const w = await openPage(env.browser, env.server, options);
  await w.page.goto(env.server.url);
  await statusSaying(w.page, countPattern(N));
  return w;
}

/** The count a map button announces. */
async function mapCount(button) {
  const name = await button.getAttribute('aria-label');
  const m = NAME.exec(name ?? '');
  assert.ok(m, `a map button is named "${name}"`);
  return Number(m[3].replace(/,/g, ''));
}

/** The count beside a province's checkbox in the Province facet. */
async function facetCount(page, name) {
  const label = page.getByRole('group', { name: 'Province' }).locator('label').filter({ has: page.getByRole('checkbox', { name: new RegExp(`^${name}(\\s|$)`) }) });
  const m = /([\d,]+)\s*$/.exec(await label.innerText());
  assert.ok(m, `the ${name} checkbox shows a count`);
  return Number(m[1].replace(/,/g, ''));
}

function mapButton(page, name) {
  return page.getByRole('group', { name: 'Province map' }).getByRole('button', { name: new RegExp(`^${name} \\(`) });
}

test('the map counts what the Province facet counts, before and after a search', async () => {
  const w = await fresh();
  const { page } = w;
  const map = page.getByRole('group', { name: 'Province map' });
  await map.waitFor();
  assert.equal(await map.getByRole('button', { name: NAME }).count(), 13, 'eleven provinces and the Nampo and Kaesong markers');
  for (const name of ['Ryanggang', 'North Hamgyong', 'Pyongyang']) {
    const n = await mapCount(mapButton(page, name));
    assert.equal(n, await facetCount(page, name), `${name}: map and facet agree`);
  }
  const ryanggang = await mapCount(mapButton(page, 'Ryanggang'));
  assert.equal(ryanggang, nativeSearch(DIST, '?province=ryanggang').total, 'the map counts the articles the filter gives');
  assert.ok(ryanggang > 0, 'the bundled corpus has reports from Ryanggang');

  // A search changes the counts; the map follows it.
  await page.getByRole('searchbox', { name: 'Search' }).fill('smuggling ');
  const narrowed = nativeSearch(DIST, 'smuggling').total;
  await statusSaying(page, new RegExp(`^\\s*${narrowed.toLocaleString('en-US')} of`));
  const expected = await facetCount(page, 'Ryanggang');
  await assert.doesNotReject(page.waitForFunction(
    (want) => [...document.querySelectorAll('[aria-label^="Ryanggang ("]')].some((el) => el.getAttribute('aria-label').includes(`: ${want} report`)),
    expected, { timeout: 10_000 },
  ));
  assert.ok(expected <= ryanggang);
  await screenshot(page, 'map-after-search');
  w.check();
  await w.context.close();
});

test('clicking Ryanggang on the map filters the list and the URL, as its checkbox does', async () => {
  const w = await fresh();
  const { page } = w;
  const button = mapButton(page, 'Ryanggang');
  const n = await mapCount(button);
  await button.click();
  await page.waitForURL(/[?&]province=ryanggang(&|$)/, { timeout: 10_000 });
  await statusSaying(page, new RegExp(`^\\s*${n} of ${N.toLocaleString('en-US')} articles match`));
  assert.equal(await button.getAttribute('aria-pressed'), 'true');
  assert.ok(await page.getByRole('group', { name: 'Province' }).getByRole('checkbox', { name: /^Ryanggang(\s|$)/ }).isChecked());
  await screenshot(page, 'map-ryanggang-selected');
  // Again: the filter is off.
  await button.click();
  await statusSaying(page, countPattern(N));
  assert.ok(!/province=/.test(page.url()));
  w.check();
  await w.context.close();
});

test('the map works from the keyboard, at 360 px and in dark mode', async () => {
  const w = await fresh({ viewport: { width: 360, height: 780 }, colorScheme: 'dark' });
  const { page } = w;
  // On a phone the map starts folded, so the first result is on the first screen;
  // one tap on "Map" brings it back, and the choice is remembered.
  const toggle = page.getByRole('group', { name: 'Charts shown' }).getByRole('button', { name: 'Map', exact: true });
  assert.equal(await toggle.getAttribute('aria-pressed'), 'false', 'the map starts folded on a phone');
  assert.equal(await page.getByRole('group', { name: 'Province map' }).count(), 0);
  const first = page.getByRole('main').getByRole('heading', { level: 3 }).first();
  const top = (await first.boundingBox())?.y;
  assert.ok(top !== undefined && top < 780, `the first result starts on the first screen (at ${top} px)`);
  await showChart(page, 'Map');
  const nampo = mapButton(page, 'Nampo');
  await nampo.focus();
  assert.ok(await nampo.evaluate((el) => el === document.activeElement), 'the Nampo marker takes the focus');
  await page.keyboard.press('Enter');
  await page.waitForURL(/[?&]province=nampo(&|$)/, { timeout: 10_000 });
  assert.equal(await nampo.getAttribute('aria-pressed'), 'true');
  const box = await page.getByRole('group', { name: 'Province map' }).boundingBox();
  assert.ok(box && box.width <= 360, `the map fits a 360 px screen (${box && box.width} px)`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.equal(overflow, 0, 'no sideways scrolling at 360 px');
  await screenshot(page, 'map-phone-dark');
  await page.reload();
  await statusSaying(page, /articles? match/);
  await mapButton(page, 'Nampo').waitFor({ timeout: 10_000 });
  w.check();
  await w.context.close();
});

test('the cities and counties the results name are points; one click filters by that place', async () => {
  const w = await fresh();
  const { page } = w;
  const places = page.getByRole('group', { name: 'Cities and counties named' });
  await places.waitFor();
  const point = places.getByRole('button', { name: /^Hyesan: [\d,]+ reports?$/ });
  const name = await point.getAttribute('aria-label');
  const n = Number(/([\d,]+) reports?$/.exec(name)[1].replace(/,/g, ''));
  assert.ok(n > 0, 'the bundled corpus names Hyesan');
  // The point counts what the Entity facet counts, and what the filter gives.
  const label = page.getByRole('group', { name: 'Entity' }).locator('label').filter({ has: page.getByRole('checkbox', { name: /^Hyesan(\s|$)/ }) });
  assert.equal(Number(/([\d,]+)\s*$/.exec(await label.innerText())[1].replace(/,/g, '')), n);
  await point.click();
  await page.waitForURL(/[?&]entity=hyesan(&|$)/, { timeout: 10_000 });
  await statusSaying(page, new RegExp(`^\\s*${n} of ${N.toLocaleString('en-US')} articles match`));
  assert.equal(await places.getByRole('button', { name: /^Hyesan:/ }).getAttribute('aria-pressed'), 'true');
  await screenshot(page, 'map-place-hyesan');
  w.check();
  await w.context.close();
});

test('an article shows a small map of the places it names', async () => {
  const w = await fresh();
  const { page } = w;
  const title = 'Hyesan sealed off after guards found trading with Chinese contacts';
  await page.getByRole('searchbox', { name: 'Search' }).fill('Hyesan sealed off ');
  await page.getByRole('link', { name: title, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: title }).waitFor();
  const map = page.getByRole('img', { name: /^Map of the places this report names: .*\bHyesan\b/ });
  await map.waitFor({ timeout: 10_000 });
  assert.ok((await map.boundingBox()).width > 50, 'the map is drawn');
  await screenshot(page, 'map-article');
  w.check();
  await w.context.close();
});

test('on a laptop screen the map sits beside the dates and the first results are in sight', async () => {
  const w = await openPage(env.browser, env.server, { viewport: { width: 1366, height: 768 } });
  const { page } = w;
  await page.goto(env.server.url);
  await statusSaying(page, countPattern(N));
  await page.getByRole('group', { name: 'Province map' }).waitFor({ timeout: 10_000 });
  const toggles = page.getByRole('group', { name: 'Charts shown' });
  assert.equal(await toggles.getByRole('button', { name: 'Trends', exact: true }).getAttribute('aria-pressed'), 'false');
  const first = page.getByRole('main').getByRole('heading', { level: 3 }).first();
  const box = await first.boundingBox();
  assert.ok(box && box.y + 40 < 768, `the first result shows on the first screen (at ${box && box.y} px)`);
  await screenshot(page, 'first-screen-laptop');
  // Hiding the map gives its room back to the list.
  await showChart(page, 'Map', false);
  await page.getByRole('group', { name: 'Province map' }).waitFor({ state: 'detached', timeout: 10_000 });
  const after = await first.boundingBox();
  assert.ok(after && after.y < box.y, `the list moves up when the map is hidden (${box.y} -> ${after && after.y})`);
  w.check();
  await w.context.close();
});
