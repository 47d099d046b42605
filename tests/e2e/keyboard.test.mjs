// The keyboard: j/k move the current card (aria-current, and focus on its title link), o or Enter
// opens it, u or Esc goes back to the same card, / goes to the search box (where j is just a j),
// ? shows the shortcuts dialog and Esc closes it with focus back where it was. And an analyst
// triaging ten articles with the keyboard alone (saving and marking read needs the save/read
// buttons another branch adds: that test runs only where they exist).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DIST, useSiteAndBrowser, openPage, readCorpus, screenshot, statusSaying, countPattern, until,
} from './support.mjs';

const corpus = readCorpus();
const N = corpus.articles.length;
const PAGE_SIZE = 25;
/** A key's effect shows within a few frames: 5 s is generous, 50 ms steps keep the test quick. */
const KEY_WAIT = { timeout: 5000, every: 50 };
const env = useSiteAndBrowser();

/** The result cards of the list on screen: list items holding a title heading. */
function cards(page) {
  return page.getByRole('region', { name: 'Results' }).getByRole('listitem').filter({ has: page.getByRole('heading', { level: 3 }) });
}

/** The index of the card marked current (aria-current="true"), -1 if none; fails if several are. */
async function currentIndex(page) {
  const marked = await cards(page).evaluateAll((els) => els.map((e, i) => (e.getAttribute('aria-current') === 'true' ? i : -1)).filter((i) => i >= 0));
  assert.ok(marked.length <= 1, `one current card at most, not ${marked.length}`);
  return marked.length ? marked[0] : -1;
}

/** What has focus: its role-ish description (tag, text) to compare with what a person sees. */
function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    return { tag: el ? el.tagName.toLowerCase() : null, text: el ? el.textContent.trim() : '', id: el ? el.id : '' };
  });
}

/** The outline style of the focused element: 'solid' where the focus ring shows. */
function ringOf(page) {
  return page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
}

/** Waits until card `i` is the current one and its title link has focus; returns its title. */
async function onCard(page, i) {
  const title = (await cards(page).nth(i).getByRole('heading', { level: 3 }).textContent()).trim();
  let seen;
  await until(() => `card ${i} current and focused (saw ${JSON.stringify(seen)})`, async () => {
    const f = await focused(page);
    seen = { current: await currentIndex(page), focused: f, title };
    return seen.current === i && f.tag === 'a' && f.text === title;
  }, KEY_WAIT);
  return title;
}

async function openList(page) {
  await page.goto(env.server.url);
  await statusSaying(page, countPattern(N));
  await cards(page).first().waitFor();
}

test('? opens the shortcuts dialog listing every key; Esc closes it and focus goes back', async () => {
  const w = await openPage(env.browser, env.server);
  const { page } = w;
  await openList(page);
  await page.keyboard.press('j');
  const title = await onCard(page, 0);
  await page.keyboard.press('Shift+Slash');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await dialog.waitFor();
  for (const cap of ['j', 'k', 'Enter', 'o', 'u', 's', 'm', 'n', '/', '?', 'Esc']) {
    assert.equal(await dialog.locator('kbd').filter({ hasText: new RegExp(`^${cap.replace(/[?/]/g, '\\$&')}$`) }).count(), 1, `the dialog lists ${cap}`);
  }
  assert.ok(await dialog.getByRole('row').filter({ hasText: 'Go to the search box' }).count());
  // While it is open the keys are the dialog's: j does not move the list behind it.
  await page.keyboard.press('j');
  assert.equal(await currentIndex(page), 0);
  await screenshot(page, 'keyboard-help');
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.setViewportSize({ width: 360, height: 740 });
  const box = await dialog.boundingBox();
  assert.ok(box.x >= 0 && box.x + box.width <= 360, `the dialog fits a 360 px phone (${box.x}+${box.width})`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.equal(overflow, 0, 'the marked card makes no sideways scrolling at 360 px');
  await screenshot(page, 'keyboard-help-phone-dark');
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.emulateMedia({ colorScheme: 'light' });
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  assert.deepEqual(await focused(page), { tag: 'a', text: title, id: '' }, 'focus is back on the card it left');
  assert.equal(await currentIndex(page), 0);

  // For mouse and touch: the button names the dialog; Close returns focus to the button.
  const button = page.getByRole('button', { name: 'Keyboard shortcuts (?)' });
  await button.scrollIntoViewIfNeeded();
  await button.click();
  await dialog.waitFor();
  await dialog.getByRole('button', { name: 'Close' }).click();
  await dialog.waitFor({ state: 'hidden' });
  assert.equal(await button.evaluate((b) => b === document.activeElement), true, 'focus is back on the button');
  w.check();
  await w.context.close();
});

test('/ goes to the search box, where j is typed, not obeyed; Esc leaves the box', async () => {
  const w = await openPage(env.browser, env.server);
  const { page } = w;
  await openList(page);
  const box = page.getByRole('searchbox', { name: 'Search' });
  await page.keyboard.press('/');
  await until('the search box focused', () => box.evaluate((b) => b === document.activeElement), KEY_WAIT);
  assert.equal(await box.inputValue(), '', 'the slash itself is not typed');
  await page.keyboard.press('j');
  assert.equal(await box.inputValue(), 'j');
  assert.equal(await currentIndex(page), -1, 'no card moved');
  await page.keyboard.press('k');
  await page.keyboard.press('o');
  assert.equal(await box.inputValue(), 'jko');
  assert.equal(new URL(page.url()).searchParams.get('article'), null, 'nothing opened');
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Backspace');
  await statusSaying(page, countPattern(N));
  await page.keyboard.press('Escape');
  assert.equal(await box.evaluate((b) => b === document.activeElement), false, 'Esc leaves the search box');
  // And the keys are the reader's again.
  await page.keyboard.press('j');
  await onCard(page, 0);
  // With Ctrl, Alt or Meta held a key is the browser's, not ours.
  await page.keyboard.press('Alt+j');
  assert.equal(await currentIndex(page), 0);
  w.check();
  await w.context.close();
});

test('j j k moves the current card and focus; o opens, u returns to the same card; Enter opens, Esc returns', async () => {
  const w = await openPage(env.browser, env.server);
  const { page } = w;
  await openList(page);
  assert.equal(await currentIndex(page), -1, 'no card is current before a key is pressed');
  await page.keyboard.press('j');
  await onCard(page, 0);
  await page.keyboard.press('j');
  await onCard(page, 1);
  await page.keyboard.press('k');
  await onCard(page, 0);
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  const title = await onCard(page, 2);
  await screenshot(page, 'keyboard-current-card');

  await page.keyboard.press('o');
  const heading = page.getByRole('heading', { level: 1, name: title });
  await heading.waitFor();
  assert.ok(new URL(page.url()).searchParams.get('article'), 'the URL names the open article');
  await until('focus on the article heading', () => heading.evaluate((h) => h === document.activeElement), KEY_WAIT);
  assert.equal(await ringOf(page), 'solid', 'the focused heading shows a focus ring');
  await screenshot(page, 'keyboard-article');
  // Keys that belong to the list do nothing here.
  await page.keyboard.press('j');
  assert.ok(new URL(page.url()).searchParams.get('article'));

  await page.keyboard.press('u');
  await heading.waitFor({ state: 'detached' });
  assert.equal(new URL(page.url()).searchParams.get('article'), null);
  assert.equal(await onCard(page, 2), title, 'back on the card it opened');
  assert.equal(await ringOf(page), 'solid', 'the card link given focus back shows a focus ring');

  await page.keyboard.press('Enter');
  await heading.waitFor();
  await until('focus on the article heading', () => heading.evaluate((h) => h === document.activeElement), KEY_WAIT);
  await page.keyboard.press('Escape');
  await heading.waitFor({ state: 'detached' });
  await onCard(page, 2);

  // Browser Back after opening by key returns to the list too, with the card focused.
  await page.keyboard.press('o');
  await heading.waitFor();
  await page.goBack();
  await heading.waitFor({ state: 'detached' });
  await onCard(page, 2);

  // n opens the current article and its note, ready to type.
  await page.keyboard.press('n');
  await heading.waitFor();
  await until('focus in the note', () => page.getByLabel('Your note on this article').evaluate((el) => el === document.activeElement), KEY_WAIT);
  await page.keyboard.type('j k u');
  assert.equal(await page.getByLabel('Your note on this article').inputValue(), 'j k u', 'keys typed in the note are text');
  await page.keyboard.press('Escape');
  await page.keyboard.press('u');
  await heading.waitFor({ state: 'detached' });
  await onCard(page, 2);
  w.check();
  await w.context.close();
});

test('searching from an article with the keyboard starts the new list with no card chosen', async () => {
  const w = await openPage(env.browser, env.server);
  const { page } = w;
  const article = corpus.articles[0];
  await page.goto(`${env.server.url}?article=${encodeURIComponent(article.id)}`);
  await page.getByRole('heading', { level: 1, name: article.title }).waitFor();
  await page.keyboard.press('/');
  await page.keyboard.type('Hyesan');
  await cards(page).first().waitFor();
  await page.keyboard.press('Escape');
  assert.equal(await currentIndex(page), -1, 'no card is current until j');
  await page.keyboard.press('j');
  await onCard(page, 0);
  w.check();
  await w.context.close();
});

test('a mouse click on a card, then going back, leaves focus on that card', async () => {
  const w = await openPage(env.browser, env.server);
  const { page } = w;
  await openList(page);
  const title = (await cards(page).nth(3).getByRole('heading', { level: 3 }).textContent()).trim();
  await page.getByRole('link', { name: title, exact: true }).click();
  const heading = page.getByRole('heading', { level: 1, name: title });
  await heading.waitFor();
  await page.getByRole('link', { name: /Back to results/ }).first().click();
  await heading.waitFor({ state: 'detached' });
  await onCard(page, 3);
  w.check();
  await w.context.close();
});

test('j on the last card of a page goes to the next page\'s first; k on the first, back to the last', { skip: N <= PAGE_SIZE && 'one page only' }, async () => {
  const w = await openPage(env.browser, env.server);
  const { page } = w;
  await openList(page);
  const onPage = await cards(page).count();
  const titleOf = async (i) => (await cards(page).nth(i).getByRole('heading', { level: 3 }).textContent()).trim();
  const firstOfOne = await titleOf(0);
  for (let i = 0; i < onPage; i++) await page.keyboard.press('j');
  await onCard(page, onPage - 1);
  const lastTitle = await titleOf(onPage - 1);
  await page.keyboard.press('j');
  await page.waitForURL(/page=2/);
  await page.getByText(/^Page 2 of /).waitFor();
  await until('the second page on screen', async () => (await titleOf(0)) !== firstOfOne, KEY_WAIT);
  await onCard(page, 0);
  await page.keyboard.press('k');
  await page.waitForURL((u) => !u.searchParams.has('page'));
  await until('the first page on screen', async () => (await titleOf(0)) === firstOfOne, KEY_WAIT);
  assert.equal(await onCard(page, onPage - 1), lastTitle);
  w.check();
  await w.context.close();
});

// Saving (s) and marking read (m) press the buttons `data-key-action="save"` and `"read"` of the
// card or the open article. Opening an article marks it read; m then marks it unread again.
test('an analyst triages ten articles with the keyboard alone', async () => {
  const w = await openPage(env.browser, env.server);
  const { page } = w;
  await openList(page);
  const total = Math.min(10, await cards(page).count());
  const saved = (i) => i % 2 === 0;
  const read = (i) => i % 3 !== 1; // the others are opened, then marked unread with m
  const titles = [];
  await page.keyboard.press('j');
  for (let i = 0; i < total; i++) {
    const title = await onCard(page, i);
    titles.push(title);
    await page.keyboard.press('o');
    const heading = page.getByRole('heading', { level: 1, name: title });
    await heading.waitFor();
    const article = page.getByRole('article');
    if (saved(i)) {
      await page.keyboard.press('s');
      await until(`article ${i} saved`, async () => (await article.locator('[data-key-action="save"]').getAttribute('aria-pressed')) === 'true', KEY_WAIT);
    }
    await until(`article ${i} marked read on opening`, async () => (await article.locator('[data-key-action="read"]').getAttribute('aria-pressed')) === 'true', KEY_WAIT);
    if (!read(i)) {
      await page.keyboard.press('m');
      await until(`article ${i} marked unread`, async () => (await article.locator('[data-key-action="read"]').getAttribute('aria-pressed')) === 'false', KEY_WAIT);
    }
    await page.keyboard.press('u');
    await heading.waitFor({ state: 'detached' });
    await onCard(page, i);
    if (i + 1 < total) await page.keyboard.press('j');
  }
  await screenshot(page, 'keyboard-triage');
  // What the list shows afterwards, card by card, through the buttons' pressed states.
  for (let i = 0; i < total; i++) {
    const card = cards(page).filter({ has: page.getByRole('heading', { level: 3, name: titles[i], exact: true }) });
    const save = card.getByRole('button', { name: /sav/i });
    const mark = card.getByRole('button', { name: /read/i });
    // The list draws marks as the desk answers: wait for them, a few seconds at most.
    let seen;
    await until(() => `${titles[i]}: saved ${saved(i)} and read ${read(i)} (saw ${JSON.stringify(seen)})`, async () => {
      seen = { saved: await save.getAttribute('aria-pressed'), read: await mark.getAttribute('aria-pressed') };
      return seen.saved === String(saved(i)) && seen.read === String(read(i));
    }, KEY_WAIT);
  }
  w.check();
  await w.context.close();
});
