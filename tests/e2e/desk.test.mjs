// The analyst's desk, used as a person would: their own files as collections (plain Korean
// text and a .zip), marks and notes that survive a reload, the marks filter, saved searches
// with what is new, exports of the current results, and a backup that restores into a fresh
// browser profile unchanged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import zlib from 'node:zlib';
import {
  useSiteAndBrowser, openPage, readCorpus, screenshot, statusSaying, countPattern, until,
} from './support.mjs';

const N = readCorpus().articles.length;
const env = useSiteAndBrowser();

/** A .zip with stored (uncompressed) entries, as some archivers write them. */
function zipOf(entries) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const [name, text] of entries) {
    const data = Buffer.from(text);
    const nameBytes = Buffer.from(name);
    const crc = zlib.crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(0, 8); local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(data.length, 18); local.writeUInt32LE(data.length, 22); local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE(20, 4); central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8); central.writeUInt32LE(crc >>> 0, 16);
    central.writeUInt32LE(data.length, 20); central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28); central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(entries.length, 8); end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

// Plain text as a reader saves it: a title line, then the text; no source, no date.
const hyesan = '혜산 장마당 쌀값 다시 올라\n\n양강도 혜산시 장마당에서 쌀값이 한 주 만에 다시 올랐다고 현지 소식통이 전했다. 국경 경비가 강화되면서 밀수가 줄어든 탓이라고 한다.\n';
const sinuiju = 'Sinuiju customs tighten inspections\n\nTraders in Sinuiju say customs officers now open every crate crossing from Dandong.\n';
const zipped = zipOf([['notes/onsong.txt', '온성 국경 초소 새로 세워져\n\n함경북도 온성군 국경 도로에 새 초소가 세워졌다고 주민들이 전했다.\n']]);

async function openArchive(page) {
  const summary = page.getByText(/^Your archive/);
  if (!(await page.locator('details.archive[open]').count())) await summary.click();
}

async function addFiles(page, files) {
  await page.getByLabel('Add articles').setInputFiles(files);
  return statusSaying(page, /\bAdded [\d,]+ articles?\b/);
}

test('plain text and a zip become a collection that can be switched off, renamed and deleted', async () => {
  const w = await openPage(env.browser, env.server);
  const { page } = w;
  await page.goto(env.server.url);
  await statusSaying(page, countPattern(N));
  const added = await addFiles(page, [
    { name: 'hyesan.txt', mimeType: 'text/plain', buffer: Buffer.from(hyesan) },
    { name: 'sinuiju.txt', mimeType: 'text/plain', buffer: Buffer.from(sinuiju) },
    { name: 'more.zip', mimeType: 'application/zip', buffer: zipped },
  ]);
  // Every article was kept: what was guessed (a source, a date) is a warning, not a loss.
  const line = await added.innerText();
  assert.match(line, /^Added 3 articles to “3 files”\. Read with [\d,]+ warnings \(something guessed or skipped\): see the corpus report\. They are kept on this device\.$/);
  assert.doesNotMatch(line, /could not be read/);
  await statusSaying(page, countPattern(N + 3));
  await page.getByRole('searchbox', { name: 'Search' }).fill('혜산 쌀값');
  await page.getByRole('link', { name: '혜산 장마당 쌀값 다시 올라', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: '혜산 장마당 쌀값 다시 올라' }).waitFor();
  await page.getByRole('link', { name: '← Back to results' }).first().click();
  await page.getByRole('searchbox', { name: 'Search' }).fill('');

  // After a reload the collection is still there, and can be switched off and on.
  await page.goto(env.server.url);
  await statusSaying(page, countPattern(N + 3));
  await openArchive(page);
  await page.getByText('3 articles from 3 files').waitFor();
  await screenshot(page, 'desk-archive');
  await page.getByRole('checkbox', { name: 'Show “3 files”' }).uncheck();
  await statusSaying(page, countPattern(N));
  await page.getByRole('checkbox', { name: 'Show “3 files”' }).check();
  await statusSaying(page, countPattern(N + 3));

  await page.getByRole('button', { name: 'Rename “3 files”' }).click();
  await page.getByLabel('Collection name').fill('Border notes, December');
  await page.getByRole('button', { name: 'Save name' }).click();
  await page.getByRole('checkbox', { name: 'Show “Border notes, December”' }).waitFor();

  await page.getByRole('button', { name: 'Delete “Border notes, December”' }).click();
  await page.getByRole('group', { name: 'Delete “Border notes, December”' }).getByRole('button', { name: 'Delete' }).click();
  await statusSaying(page, countPattern(N));
  await page.goto(env.server.url);
  await statusSaying(page, countPattern(N));
  w.check();
  await w.context.close();
});

test('two collections with a file of the same name each count their own articles', async () => {
  const w = await openPage(env.browser, env.server);
  const { page } = w;
  await page.goto(env.server.url);
  await statusSaying(page, countPattern(N));
  const file = (prefix, n) => ({
    name: 'border.jsonl',
    mimeType: 'application/x-ndjson',
    buffer: Buffer.from(Array.from({ length: n }, (_, i) => JSON.stringify({
      id: `${prefix}-${i}`, title: `${prefix} border report ${i}`, date: '2026-11-0' + (i + 1), source: 'My notes', url: null,
      summary: `Traders in Hyesan, report ${i} of the ${prefix} batch.`,
    })).join('\n')),
  });
  // The same file name twice, as two imports of one export at two dates would be.
  await addFiles(page, [file('early', 2)]);
  await statusSaying(page, countPattern(N + 2));
  await addFiles(page, [file('late', 3)]);
  await statusSaying(page, countPattern(N + 5));
  await openArchive(page);
  const sizes = page.getByText(/^\d+ articles? from 1 file$/);
  const shown = async () => (await sizes.allInnerTexts()).map((t) => t.trim()).sort();
  await page.getByText('2 articles from 1 file', { exact: true }).waitFor({ timeout: 30_000 });
  await page.getByText('3 articles from 1 file', { exact: true }).waitFor({ timeout: 30_000 });
  assert.deepEqual(await shown(), ['2 articles from 1 file', '3 articles from 1 file']);
  await screenshot(page, 'desk-same-file-name');
  // And after a reload, read back from the archive.
  await page.reload();
  await statusSaying(page, countPattern(N + 5));
  await openArchive(page);
  await page.getByText('2 articles from 1 file', { exact: true }).waitFor({ timeout: 30_000 });
  await page.getByText('3 articles from 1 file', { exact: true }).waitFor({ timeout: 30_000 });
  assert.deepEqual(await shown(), ['2 articles from 1 file', '3 articles from 1 file']);
  await page.getByRole('button', { name: 'Remove added articles' }).click();
  await page.getByRole('group', { name: 'Remove added articles' }).getByRole('button', { name: 'Remove' }).click();
  await statusSaying(page, countPattern(N));
  w.check();
  await w.context.close();
});

test('read, saved and a note survive a reload, and the marks filter finds them', async () => {
  const w = await openPage(env.browser, env.server);
  const { page } = w;
  await page.goto(env.server.url);
  await statusSaying(page, countPattern(N));
  const first = page.locator('li.result').first().getByRole('heading', { level: 3 });
  const title = (await first.innerText()).trim();
  await first.getByRole('link').click();
  await page.getByRole('heading', { level: 1, name: title }).waitFor();
  // Opening marks it read, with an undo.
  await page.getByText('Marked as read.').waitFor();
  const read = page.getByRole('button', { name: 'Read', exact: true });
  await assertPressed(read, true);
  await page.getByRole('button', { name: 'Mark unread' }).click();
  await assertPressed(read, false);
  await read.click();
  await assertPressed(read, true);
  const save = page.getByRole('button', { name: 'Save', exact: true });
  await save.click();
  await assertPressed(save, true);
  await page.getByRole('button', { name: 'Note', exact: true }).click();
  const note = page.getByLabel('Your note on this article');
  await note.fill('Ask the Hyesan source about the date.');
  await page.getByText('Note saved.').waitFor();
  await screenshot(page, 'desk-article-marks');

  await page.reload();
  await page.getByRole('heading', { level: 1, name: title }).waitFor();
  await assertPressed(page.getByRole('button', { name: 'Save', exact: true }), true);
  // The marks arrive from the worker after the page starts: wait for the note, never read it early.
  await waitForValue(page.getByLabel('Your note on this article'), 'Ask the Hyesan source about the date.');

  // A second article, read but not saved: the Saved filter must leave it out.
  await page.getByRole('link', { name: '← Back to results' }).first().click();
  const second = page.getByRole('region', { name: 'Results' }).getByRole('heading', { level: 3 }).nth(1);
  const secondTitle = (await second.innerText()).trim();
  assert.notEqual(secondTitle, title);
  await second.getByRole('link').click();
  await page.getByRole('heading', { level: 1, name: secondTitle }).waitFor();
  await page.getByText('Marked as read.').waitFor();
  await assertPressed(page.getByRole('button', { name: 'Read', exact: true }), true);
  await assertPressed(page.getByRole('button', { name: 'Save', exact: true }), false);

  await page.getByRole('link', { name: '← Back to results' }).first().click();
  const saved = page.getByRole('checkbox', { name: /^Saved\s+1$/ });
  await saved.check();
  await statusSaying(page, /^1 of [\d,]+ articles match$/);
  assert.equal(await page.getByRole('link', { name: secondTitle, exact: true }).count(), 0, 'read, not saved: not in the Saved filter');
  await page.getByRole('link', { name: title, exact: true }).waitFor();
  assert.match(page.url(), /mark=saved/);
  // The card shows the marks too.
  await assertPressed(page.getByRole('button', { name: `Save “${title}”` }), true);
  await page.getByRole('checkbox', { name: /^Saved\s+1$/ }).uncheck();
  await page.getByRole('checkbox', { name: /^Unread\s+/ }).check();
  await statusSaying(page, new RegExp(`^${(N - 2).toLocaleString('en-US')} of [\\d,]+ articles match$`));
  w.check();
  await w.context.close();
});

test('a note shows when its article is opened from a link before the marks have arrived', async () => {
  const w = await openPage(env.browser, env.server);
  const { page, context } = w;
  await page.goto(env.server.url);
  await statusSaying(page, countPattern(N));
  const card = page.getByRole('region', { name: 'Results' }).getByRole('heading', { level: 3 }).nth(2);
  const title = (await card.innerText()).trim();
  await card.getByRole('link').click();
  await page.getByRole('heading', { level: 1, name: title }).waitFor();
  await page.getByRole('button', { name: 'Note', exact: true }).click();
  await page.getByLabel('Your note on this article').fill('Check the date with a second source.');
  await page.getByText('Note saved.').waitFor();
  const link = page.url();

  // A second tab opens the link; the page holds back the desk (marks and notes) its worker
  // sends until the test releases it, so the article is on screen before its marks and note
  // are known. The hold is installed before any of the page's scripts run (a hook inside the
  // worker, installed once it has started, could come after the desk had already been sent).
  const tab = await context.newPage();
  await tab.addInitScript(() => {
    const Real = globalThis.Worker;
    const held = [];
    globalThis.__desksHeld = 0;
    globalThis.__releaseDesk = () => {
      globalThis.__deskReleased = true;
      held.splice(0).forEach(([worker, data]) => worker.dispatchEvent(new MessageEvent('message', { data })));
    };
    globalThis.Worker = class extends Real {
      constructor(...args) {
        super(...args);
        // Added first, so it runs before the page's own handler and can stop it.
        this.addEventListener('message', (event) => {
          if (globalThis.__deskReleased || typeof event.data !== 'string' || !event.data.startsWith('{"Desk"')) return;
          event.stopImmediatePropagation();
          globalThis.__desksHeld++;
          held.push([this, event.data]);
        });
      }
    };
  });
  await tab.goto(link);
  await tab.getByRole('heading', { level: 1, name: title }).waitFor();
  // Unknown marks cannot be toggled or typed over: a click would act on a guess.
  const save = tab.getByRole('button', { name: 'Save', exact: true });
  const read = tab.getByRole('button', { name: 'Read', exact: true });
  assert.ok(await save.isDisabled(), 'Save waits for the desk');
  assert.ok(await read.isDisabled(), 'Read waits for the desk');
  assert.ok(await tab.getByLabel('Your note on this article').isDisabled(), 'the note waits for the desk');
  // Released once the worker has sent it (so it was held, not merely late).
  await until('the worker to send the desk, and the page to hold it', () => tab.evaluate(() => globalThis.__desksHeld > 0), { timeout: 15_000 });
  assert.ok(await save.isDisabled(), 'Save still waits while the desk is held');
  await tab.evaluate(() => globalThis.__releaseDesk());
  await waitForValue(tab.getByLabel('Your note on this article'), 'Check the date with a second source.', 15_000);
  await assertPressed(read, true);
  assert.ok(await save.isEnabled(), 'Save works once the desk is known');
  w.check();
  await context.close();
});

test('a saved search says what is new since it was last opened', async () => {
  const w = await openPage(env.browser, env.server);
  const { page } = w;
  await page.goto(env.server.url);
  await statusSaying(page, countPattern(N));
  await page.getByRole('searchbox', { name: 'Search' }).fill('Sinuiju customs');
  await statusSaying(page, /articles? match$/);
  await page.getByRole('button', { name: 'Save this search' }).click();
  await page.getByLabel('Name of this search').fill('Sinuiju customs');
  await page.getByRole('button', { name: 'Save name' }).click();
  const entry = page.getByRole('link', { name: 'Sinuiju customs', exact: true });
  await entry.waitFor();
  await addFiles(page, [{ name: 'sinuiju.txt', mimeType: 'text/plain', buffer: Buffer.from(sinuiju) }]);
  const list = page.locator('.saved-list li').filter({ hasText: 'Sinuiju customs' });
  await list.getByText('1 new').waitFor();
  await screenshot(page, 'desk-saved-search');
  await page.goto(env.server.url);
  await entry.click();
  await statusSaying(page, /articles? match$/);
  await list.getByText(/new$/).waitFor({ state: 'detached' });
  w.check();
  await w.context.close();
});

test('the current results export as CSV, a citation list and a corpus file', async () => {
  const w = await openPage(env.browser, env.server, { acceptDownloads: true });
  const { page } = w;
  await page.goto(`${env.server.url}?q=rice`);
  const status = await statusSaying(page, /articles? match$/);
  const total = Number(/^([\d,]+) of/.exec(await status.innerText())[1].replace(/,/g, ''));
  assert.ok(total > 1, 'the sample corpus has several reports on rice');
  const download = async (label) => {
    // The menu stays open after a download, with what was saved.
    if (!(await page.locator('details.export-menu[open]').count())) await page.getByText('Export', { exact: true }).click();
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: label }).click()]);
    return { name: file.suggestedFilename(), text: fs.readFileSync(await file.path(), 'utf8') };
  };
  const csv = await download('Spreadsheet (CSV)');
  assert.match(csv.name, /^tumen-\d{4}-\d{2}-\d{2}\.csv$/);
  const lines = csv.text.replace(/^\uFEFF/, '').trim().split('\r\n');
  assert.equal(lines[0], 'id,date,title,source,url,provinces,topics,permalink');
  assert.equal(lines.length, total + 1, 'one row per result, every page of them');
  assert.match(lines[1], /\?article=/);
  const md = await download('Citation list (Markdown)');
  assert.match(md.text, /^# Tumen: rice\n\n1\. /);
  const corpus = await download('Corpus file (JSON)');
  const parsed = JSON.parse(corpus.text);
  assert.equal(parsed.version, 1);
  assert.equal(parsed.articles.length, total);
  w.check();
  await w.context.close();
});

test('a backup restores into a fresh browser profile unchanged', async () => {
  const a = await openPage(env.browser, env.server, { acceptDownloads: true });
  await a.page.goto(env.server.url);
  await statusSaying(a.page, countPattern(N));
  await addFiles(a.page, [{ name: 'hyesan.txt', mimeType: 'text/plain', buffer: Buffer.from(hyesan) }]);
  await statusSaying(a.page, countPattern(N + 1));
  // Undated, it sorts last: searched for, it comes first.
  await a.page.getByRole('searchbox', { name: 'Search' }).fill('혜산 쌀값');
  await a.page.getByRole('button', { name: 'Save “혜산 장마당 쌀값 다시 올라”' }).click();
  await assertPressed(a.page.getByRole('button', { name: 'Save “혜산 장마당 쌀값 다시 올라”' }), true);
  await a.page.getByRole('link', { name: '혜산 장마당 쌀값 다시 올라', exact: true }).click();
  await a.page.getByRole('button', { name: 'Note', exact: true }).click();
  await a.page.getByLabel('Your note on this article').fill('쌀값: 두 번째 소식통 확인 필요');
  await a.page.getByText('Note saved.').waitFor();
  await a.page.getByRole('link', { name: '← Back to results' }).first().click();
  await a.page.getByRole('searchbox', { name: 'Search' }).fill('');
  await statusSaying(a.page, countPattern(N + 1));
  await a.page.getByRole('button', { name: 'Save this search' }).click();
  await a.page.getByLabel('Name of this search').fill('Everything');
  await a.page.getByRole('button', { name: 'Save name' }).click();
  await a.page.getByRole('link', { name: 'Everything', exact: true }).waitFor();
  const backupOf = async (page) => {
    await openArchive(page);
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Back up everything' }).click()]);
    return { path: await file.path(), json: JSON.parse(fs.readFileSync(await file.path(), 'utf8')) };
  };
  const original = await backupOf(a.page);
  assert.equal(original.json.format, 'tumen-backup');
  assert.equal(original.json.collections.length, 1);
  assert.equal(original.json.searches.length, 1);

  // Another profile: nothing of the first one's.
  const b = await openPage(env.browser, env.server, { acceptDownloads: true });
  await b.page.goto(env.server.url);
  await statusSaying(b.page, countPattern(N));
  await openArchive(b.page);
  await b.page.getByLabel('Restore a backup').setInputFiles(original.path);
  await b.page.getByText(/^Restored 1 collection, marks on \d+ articles? and 1 saved search\.$/).waitFor();
  await statusSaying(b.page, countPattern(N + 1));
  await b.page.getByRole('link', { name: 'Everything', exact: true }).waitFor();
  await b.page.getByRole('searchbox', { name: 'Search' }).fill('혜산 쌀값');
  await assertPressed(b.page.getByRole('button', { name: 'Save “혜산 장마당 쌀값 다시 올라”' }), true);
  await b.page.getByRole('searchbox', { name: 'Search' }).fill('');
  await screenshot(b.page, 'desk-restored');
  const restored = await backupOf(b.page);
  const strip = (j) => ({ ...j, created: undefined });
  assert.deepEqual(strip(restored.json), strip(original.json), 'the restored desk backs up to the same file');

  // Restored means kept: after a reload of the fresh profile, everything is read back from its archive.
  await b.page.reload();
  await statusSaying(b.page, countPattern(N + 1));
  await b.page.getByRole('link', { name: 'Everything', exact: true }).waitFor();
  await openArchive(b.page);
  await b.page.getByText('1 article from 1 file', { exact: true }).waitFor();
  await b.page.getByRole('searchbox', { name: 'Search' }).fill('혜산 쌀값');
  await assertPressed(b.page.getByRole('button', { name: 'Save “혜산 장마당 쌀값 다시 올라”' }), true);
  await b.page.getByRole('link', { name: '혜산 장마당 쌀값 다시 올라', exact: true }).click();
  await waitForValue(b.page.getByLabel('Your note on this article'), '쌀값: 두 번째 소식통 확인 필요');
  await b.page.getByRole('link', { name: '← Back to results' }).first().click();
  await b.page.getByRole('searchbox', { name: 'Search' }).fill('');
  await statusSaying(b.page, countPattern(N + 1));
  assert.deepEqual(strip((await backupOf(b.page)).json), strip(original.json), 'the reloaded profile backs up to the same file');

  // A file that is not a backup is refused in plain words, and nothing changes.
  await b.page.getByLabel('Restore a backup').setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"articles": []}') });
  await b.page.getByText(/^Nothing was restored: notes\.json: not a Tumen backup/).waitFor();
  await statusSaying(b.page, countPattern(N + 1));
  a.check();
  b.check();
  await a.context.close();
  await b.context.close();
});

test('restoring a collection replaces its files, in the archive too', async () => {
  const w = await openPage(env.browser, env.server, { acceptDownloads: true });
  const { page } = w;
  await page.goto(env.server.url);
  await statusSaying(page, countPattern(N));
  await addFiles(page, [{ name: 'hyesan.txt', mimeType: 'text/plain', buffer: Buffer.from(hyesan) }]);
  await statusSaying(page, countPattern(N + 1));
  await openArchive(page);
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Back up everything' }).click()]);
  const backup = JSON.parse(fs.readFileSync(await file.path(), 'utf8'));
  assert.equal(backup.files.length, 1);
  // The same collection, its one file now under another name: restoring it must leave
  // that file alone in the collection, not beside the one kept before.
  backup.files[0].name = 'hyesan-renamed.txt';
  await page.getByLabel('Restore a backup').setInputFiles({ name: 'renamed.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(backup)) });
  await page.getByText(/^Restored 1 collection\b/).waitFor();
  await page.getByText('1 article from 1 file', { exact: true }).waitFor();
  await page.reload();
  await statusSaying(page, countPattern(N + 1));
  await openArchive(page);
  await page.getByText('1 article from 1 file', { exact: true }).waitFor({ timeout: 15_000 });
  w.check();
  await w.context.close();
});

test('a copy of a story already here is shown once, with where else it appears', async () => {
  const w = await openPage(env.browser, env.server);
  const { page } = w;
  await page.goto(env.server.url);
  await statusSaying(page, countPattern(N));
  // The same report under another address, as aggregators repost it.
  const original = readCorpus().articles.find((a) => a.date && (a.body?.length || a.summary));
  const copy = { ...original, id: `${original.id}-mirror`, source: 'Mirror Agency', url: 'https://mirror.example/story' };
  const added = await addFiles(page, [{ name: 'mirror.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(`${JSON.stringify(copy)}\n`) }]);
  assert.match(await added.innerText(), /Added 1 article to “mirror”\. 1 copy of articles already here is shown once\./);
  await statusSaying(page, countPattern(N));
  await page.getByRole('searchbox', { name: 'Search' }).fill(original.title);
  const card = page.locator('li.result').filter({ has: page.getByRole('link', { name: original.title, exact: true }) }).first();
  await card.getByText('Also at:').waitFor();
  await card.getByRole('link', { name: /Mirror Agency/ }).click();
  await page.getByRole('heading', { level: 1, name: original.title }).waitFor();
  await page.getByText('Mirror Agency').first().waitFor();
  await page.goto(env.server.url);
  await statusSaying(page, countPattern(N));
  await page.getByRole('checkbox', { name: 'Show every copy' }).check();
  await statusSaying(page, countPattern(N + 1));
  assert.match(page.url(), /copies=all/);
  await screenshot(page, 'desk-copies');
  w.check();
  await w.context.close();
});

/** Waits (30 s at most) until a field shows `value`: the page fills it in once the worker answers. */
async function waitForValue(field, value, timeout = 30_000) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    last = (await field.isVisible()) ? await field.inputValue() : '(hidden)';
    if (last === value) return;
    assert.ok(Date.now() < end, `waited ${timeout} ms for ${JSON.stringify(value)}; the field shows ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function assertPressed(button, pressed) {
  await button.and(button.page().locator(`[aria-pressed="${pressed}"]`)).waitFor();
}
