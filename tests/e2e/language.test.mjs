// The interface in Korean and English. The browser's language picks the default (a ko-KR
// browser reads Korean, en-US English); the "Language" control (a combobox whose name always
// contains "Language": "Language / 언어", "언어 / Language") switches it, the choice is remembered,
// and every link made in Korean carries lang=ko, so a shared view opens in Korean in any
// browser. The smoke (list, search, filter, article, back) runs in both languages, with
// screenshots of each at desktop and phone widths.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  useSiteAndBrowser, openPage, readCorpus, statusSaying, countPattern, screenshot, nativeSearch, DIST,
} from './support.mjs';

const corpus = readCorpus();
const N = corpus.articles.length;
const env = useSiteAndBrowser();
const KOREAN = { locale: 'ko-KR' };
const HANGUL = /[\uac00-\ud7a3]/;

// What each language says and calls things.
const grouped = (n) => n.toLocaleString('en-US');
const WORDS = {
  en: {
    all: countPattern(N),
    matching: (n) => new RegExp(`^\\s*${grouped(n)} of ${grouped(N)} articles match\\s*$`),
    match: /^\s*(?:No articles match|([\d,]+) of [\d,]+ articles match)\s*$/,
    search: 'Search',
    groups: ['Province', 'Topic', 'Source', 'Kind', 'Entity', 'Date'],
    province: 'Province',
    ryanggang: 'Ryanggang',
    remove: /^Remove filter Province: Ryanggang$/,
    back: '← Back to results',
    date: /^\d{1,2} [A-Z][a-z]{2} \d{4}$/,
    bar: /^\d{4}: [\d,]+ articles?$/,
  },
  ko: {
    all: new RegExp(`^\\s*기사 ${grouped(N)}건\\s*$`),
    matching: (n) => new RegExp(`^\\s*기사 ${grouped(N)}건 중 ${grouped(n)}건 일치\\s*$`),
    match: /^\s*(?:일치하는 기사가 없습니다|기사 [\d,]+건 중 ([\d,]+)건 일치)\s*$/,
    search: '검색',
    groups: ['시·도', '주제', '출처', '유형', '지명·기관·사건', '날짜'],
    province: '시·도',
    ryanggang: '량강도',
    remove: /^필터 해제 시·도: 량강도$/,
    back: '← 검색 결과로 돌아가기',
    date: /^\d{4}년 \d{1,2}월 \d{1,2}일$/,
    bar: /^\d{4}년: 기사 [\d,]+건$/,
  },
};

async function matches(page, words) {
  const status = await statusSaying(page, words.match);
  const m = words.match.exec(await status.innerText());
  return m && m[1] ? Number(m[1].replace(/,/g, '')) : 0;
}

function languageControl(page) {
  return page.getByRole('combobox', { name: /Language/ });
}

/** The list, a search, a province filter, an article and back, all in one language. */
async function smoke(lang, options = {}) {
  const words = WORDS[lang];
  const w = await openPage(env.browser, env.server, options);
  const { page } = w;
  await page.goto(options.url ?? env.server.url);
  await statusSaying(page, words.all);
  assert.equal(await page.locator('html').getAttribute('lang'), lang);
  assert.equal(await languageControl(page).inputValue(), lang);
  for (const group of words.groups) {
    await page.getByRole('group', { name: group, exact: true }).waitFor();
  }
  // Year bars of the timeline, named in the language.
  await page.getByRole('group', { name: words.groups[5], exact: true }).getByRole('button', { name: words.bar }).first().waitFor();

  await page.getByRole('searchbox', { name: words.search, exact: true }).fill('smuggling ');
  const expected = nativeSearch(DIST, 'smuggling').total;
  assert.ok(expected > 0 && expected < N);
  await statusSaying(page, words.matching(expected));
  assert.equal(await matches(page, words), expected, 'the same count in every language');
  await page.waitForURL((u) => u.searchParams.get('q') === 'smuggling ', { timeout: 10_000 });
  const url = new URL(page.url());
  assert.equal(url.searchParams.get('q').trim(), 'smuggling');
  assert.equal(url.searchParams.get('lang'), lang === 'ko' ? 'ko' : null, 'Korean links carry lang=ko, English ones nothing');

  const province = page.getByRole('group', { name: words.province, exact: true });
  await province.getByRole('checkbox', { name: new RegExp(`^${words.ryanggang}\\s`) }).check();
  const filtered = nativeSearch(DIST, '?q=smuggling%20&province=ryanggang').total;
  assert.ok(filtered > 0, 'the bundled corpus has smuggling reports from Ryanggang');
  await statusSaying(page, words.matching(filtered));
  await page.getByRole('button', { name: words.remove }).waitFor();

  const first = page.getByRole('list').filter({ has: page.getByRole('heading') }).getByRole('link').first();
  const title = await first.innerText();
  await first.click();
  await page.getByRole('heading', { level: 1, name: title }).waitFor();
  assert.equal(new URL(page.url()).searchParams.get('lang'), lang === 'ko' ? 'ko' : null);
  const time = page.locator('article .meta time');
  if (await time.count()) assert.match(await time.innerText(), words.date);
  await page.getByRole('link', { name: words.back }).first().click();
  await statusSaying(page, words.matching(filtered));
  return w;
}

test('a Korean browser reads the reader in Korean: search, filters, article and back', async () => {
  const w = await smoke('ko', KOREAN);
  const { page } = w;
  // The interface's own words are Korean: masthead, sidebar headings, sort, footer.
  for (const selector of ['.tagline', '.sort', 'footer', '.filters-toggle', '.facet legend']) {
    const text = await page.locator(selector).first().textContent();
    assert.match(text, HANGUL, `${selector} reads “${text}”`);
  }
  const masthead = await page.locator('.masthead').innerText();
  for (const english of ['Field reporting', 'Add articles', 'Keep all articles offline']) {
    assert.ok(!masthead.includes(english), `the masthead still says “${english}”`);
  }
  // Provinces in the North's spelling, on the map as in the filter.
  await page.getByRole('group', { name: '시·도 지도' }).getByRole('button', { name: /^량강도 \(Ryanggang\): 기사 [\d,]+건$/ }).waitFor();
  // Topic names are translated; entities named in Hangul.
  await page.getByRole('group', { name: '주제', exact: true }).getByRole('checkbox', { name: /^밀수\s/ }).waitFor();
  // A Hangul search finds the place however the article spells it.
  await page.getByRole('button', { name: /^모두 해제$/ }).click();
  await statusSaying(page, WORDS.ko.all);
  await page.getByRole('searchbox', { name: '검색', exact: true }).fill('혜산 ');
  const hyesan = nativeSearch(DIST, '혜산').total;
  assert.ok(hyesan > 0, 'the bundled corpus has reports naming Hyesan');
  await statusSaying(page, WORDS.ko.matching(hyesan));
  w.check();
  await w.context.close();
});

test('an English browser reads the reader in English, and the same smoke passes', async () => {
  const w = await smoke('en');
  assert.equal(await w.page.getByRole('combobox', { name: 'Language / 언어' }).inputValue(), 'en');
  w.check();
  await w.context.close();
});

test('the Language control switches the language on the spot, and the choice survives a reload', async () => {
  const w = await openPage(env.browser, env.server, KOREAN);
  const { page } = w;
  await page.goto(`${env.server.url}?q=smuggling%20`);
  const expected = nativeSearch(DIST, 'smuggling').total;
  await statusSaying(page, WORDS.ko.matching(expected));
  await languageControl(page).selectOption('en');
  await statusSaying(page, WORDS.en.matching(expected));
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  await page.getByRole('searchbox', { name: 'Search', exact: true }).waitFor();
  assert.equal(new URL(page.url()).searchParams.get('lang'), null);
  assert.equal(new URL(page.url()).searchParams.get('q'), 'smuggling ', 'the view is kept');
  assert.equal(await page.evaluate(() => localStorage.getItem('tumen:lang')), 'en');
  await page.reload();
  await statusSaying(page, WORDS.en.matching(expected));
  assert.equal(await languageControl(page).inputValue(), 'en', 'the stored choice wins over the browser');
  // And back to Korean: the address carries the language again.
  await languageControl(page).selectOption('ko');
  await statusSaying(page, WORDS.ko.matching(expected));
  await page.waitForURL(/[?&]lang=ko/);
  assert.equal(await page.evaluate(() => localStorage.getItem('tumen:lang')), 'ko');
  w.check();
  await w.context.close();
});

test('a shared link with lang=ko opens in Korean in an English browser, without changing its choice', async () => {
  const w = await openPage(env.browser, env.server);
  const { page } = w;
  await page.evaluate(() => navigator.language).then((l) => assert.match(l, /^en/));
  await page.goto(`${env.server.url}?q=smuggling%20&lang=ko`);
  const expected = nativeSearch(DIST, 'smuggling').total;
  await statusSaying(page, WORDS.ko.matching(expected));
  assert.equal(await page.locator('html').getAttribute('lang'), 'ko');
  // Moving about keeps the language: every link carries it.
  const link = page.getByRole('list').filter({ has: page.getByRole('heading') }).getByRole('link').first();
  assert.match(await link.getAttribute('href'), /[?&]lang=ko(&|$)/);
  await link.click();
  await page.getByRole('link', { name: WORDS.ko.back }).first().waitFor();
  // The link chose for this view only: the same browser opens the plain address in English.
  assert.equal(await page.evaluate(() => localStorage.getItem('tumen:lang')), null);
  await page.goto(env.server.url);
  await statusSaying(page, countPattern(N));
  w.check();
  await w.context.close();
});

test('screenshots: list and article in Korean and English, desktop and 360 px', async () => {
  for (const [lang, options] of [['ko', KOREAN], ['en', {}]]) {
    for (const [label, viewport] of [['desktop', { width: 1280, height: 900 }], ['phone', { width: 360, height: 780 }]]) {
      const w = await openPage(env.browser, env.server, { ...options, viewport });
      const { page } = w;
      await page.goto(env.server.url);
      await statusSaying(page, WORDS[lang].all);
      // The search box's hint is read whole, not cut off at the box's edge.
      const hint = await page.getByRole('searchbox').evaluate((box) => {
        const style = getComputedStyle(box);
        const context = document.createElement('canvas').getContext('2d');
        context.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
        const room = box.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
        return { text: box.placeholder, width: context.measureText(box.placeholder).width, room };
      });
      assert.ok(hint.width <= hint.room, `the hint "${hint.text}" (${hint.width.toFixed(0)} px) fits the box (${hint.room.toFixed(0)} px) at ${label} width`);
      await screenshot(page, `language-${lang}-list-${label}`);
      const first = page.getByRole('list').filter({ has: page.getByRole('heading') }).getByRole('link').first();
      const title = await first.innerText();
      await first.click();
      await page.getByRole('heading', { level: 1, name: title }).waitFor();
      await page.getByRole('link', { name: WORDS[lang].back }).first().waitFor();
      await screenshot(page, `language-${lang}-article-${label}`);
      w.check();
      await w.context.close();
    }
  }
});

test('a bad file added in Korean is reported in Korean, and in English once the language changes', async () => {
  const w = await openPage(env.browser, env.server, KOREAN);
  const { page } = w;
  await page.goto(env.server.url);
  await statusSaying(page, WORDS.ko.all);
  const lines = [
    JSON.stringify({ title: '혜산 장마당 소식', source: '내 메모', summary: '쌀값이 올랐다.' }),
    JSON.stringify({ id: 'ko-dated', title: '신의주 소식', source: '내 메모', date: '2024-02-31', summary: '국경 경비가 강화되었다.' }),
  ].join('\n');
  await page.getByLabel('기사 추가').setInputFiles([
    { name: 'notes.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(lines) },
    // Plain text with no source line: the source is taken from the file name, with a warning.
    { name: '혜산 통신.txt', mimeType: 'text/plain', buffer: Buffer.from('혜산에서 온 소식\n\n양강도 혜산시 장마당에서 쌀값이 올랐다.\n') },
  ]);
  await statusSaying(page, new RegExp(`^\\s*기사 ${grouped(N + 2)}건\\s*$`));
  await page.getByText(/^기사 모음 점검/).click();
  // The core's problems in the interface's words, with the file's own values kept as written.
  await page.getByText(/필드 id: 없습니다/).waitFor();
  await page.getByText(/`2024-02-31`은\(는\) 올바른 ISO 날짜\(YYYY-MM-DD\)가 아닙니다/).waitFor();
  await page.getByText(/파일 이름 “혜산 통신\.txt”을\(를\) 출처로 썼습니다/).waitFor();
  const report = page.getByRole('list').filter({ hasText: '필드 id' });
  assert.doesNotMatch(await report.innerText(), /is missing|not a real ISO date|taken from the file name/, 'no English left in the Korean report');
  await screenshot(page, 'report-korean');
  await languageControl(page).selectOption('en');
  await page.getByText(/field id: is missing/).waitFor();
  await page.getByText(/`2024-02-31` is not a real ISO date/).waitFor();
  w.check();
  await w.context.close();
});
