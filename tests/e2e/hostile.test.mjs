// A catalogue of hostile corpora and links, loaded in the real page (issue 12, item 3).
//
// Every case, whatever it throws at the reader:
//   1. runs nothing: payloads set `window.__pwned` (a canary installed before the page's own
//      scripts records every write) and no element, inline handler or non-http(s) link from the
//      input reaches the DOM, also once the hostile article itself is opened;
//   2. raises no CSP violation, page error or crash, and leaves a working page (search box);
//   3. says what is wrong where something is wrong (the corpus report names the file and the
//      problem), and keeps every valid article: each hostile file carries one ordinary article,
//      which must still be found by searching and opened.
// Corpora come in through "Add articles", as a person brings files; a few are also compiled
// into a served site with the CLI so the bundle path is covered. Links are opened as addresses.
// Where a file must be refused whole (not JSON, another version, too big), the valid article
// comes in a companion file chosen at the same time: the rest of an addition must still load.
//
// Run after a release build (dist/), as `cargo xtask test --only e2e` does, or alone:
//   cargo build -p tumen-cli && node --test --test-reporter=spec tests/e2e/hostile.test.mjs
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  launch, openPage, startServer, makeSite, compileCorpus, readCorpus, statusSaying, countPattern,
  screenshot, DIST, WORK,
} from './support.mjs';

const corpus = readCorpus();
const N = corpus.articles.length;
const EXISTING_ID = corpus.articles[0].id;

/** The word every valid article's title carries, and every hostile article's. */
const VALID = 'Kestrelvale';
const HOSTILE = 'Wyvernholt';
const WAIT = 15_000;

let browser;
let server;
before(async () => {
  server = await startServer(DIST);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

// ---- Payloads ---------------------------------------------------------------------------------

/** Markup and script payloads that set the canary to `tag` if they ever run. */
const payloads = (tag) => [
  `<script>window.__pwned=${JSON.stringify(tag)}</script>`,
  `<img src=x onerror="window.__pwned='${tag}'">`,
  `"><svg onload="window.__pwned='${tag}'">`,
  `'><iframe srcdoc="<script>parent.__pwned='${tag}'</script>"></iframe>`,
  `<a href="javascript:window.__pwned='${tag}'">click me</a>`,
  `</textarea></title></style><script>window.__pwned='${tag}'</script>`,
  `{{constructor.constructor('window.__pwned="${tag}"')()}}`,
].join(' ');

// ---- Articles and files -------------------------------------------------------------------------

const valid = (slug) => ({
  id: `valid-${slug}`,
  title: `${VALID} ledger ${slug}`,
  date: '2026-11-20',
  source: 'E2E Desk',
  url: null,
  summary: `An ordinary report filed next to the hostile one (${slug}).`,
  body: ['Traders in Hyesan said the market opened late.'],
});

const hostile = (slug, fields = {}) => ({
  id: `hostile-${slug}`,
  title: `${HOSTILE} report ${slug}`,
  date: '2026-11-01',
  source: 'Hostile Desk',
  url: null,
  summary: 'A hostile summary.',
  body: ['A hostile paragraph.'],
  ...fields,
});

const jsonl = (name, articles) => ({
  name, mimeType: 'application/x-ndjson', buffer: Buffer.from(articles.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join('\n') + '\n'),
});
const corpusJson = (name, articles) => ({
  name, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ version: 1, articles }, null, 1)),
});
const raw = (name, content, mimeType = 'application/octet-stream') => ({
  name, mimeType, buffer: Buffer.isBuffer(content) ? content : Buffer.from(content),
});
/** A file that only brings the valid article (for cases where the hostile file is refused whole). */
const companion = (slug) => jsonl(`companion-${slug}.jsonl`, [valid(slug)]);

const regexEscape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Role options naming an element by a whole text (a string, matched exactly) or a RegExp. */
const named = (name, more = {}) => (typeof name === 'string' ? { name, exact: true, ...more } : { name, ...more });

/** Nesting `depth` arrays deep, as JSON text. */
const deepArray = (depth) => '['.repeat(depth) + ']'.repeat(depth);

const MB_TITLE = `${HOSTILE} overlong ${'title '.repeat(174_760)}`.trim(); // about 1 MB
const BIDI_TITLE = `${HOSTILE} \u202Egnp.exe report\u202C and \u202Etxet desrever`;
const ZW_TITLE = `${HOSTILE}\u200B zero\u200Bwidth\uFEFF title\u200B\uFEFF`;

// ---- The catalogue: corpora added through "Add articles" ----------------------------------------
//
// name           what the case is
// files          the files a person chooses, all at once (every valid article in them must be
//                found by searching and opened afterwards)
// added          how many articles "Added N articles" must announce (a number, or the numbers allowed)
// report         patterns each of which some item of the corpus report must match
// reportSummary  a pattern for the report's summary line; reportMore, for the "… and N more" line
// notice         a pattern the import status or the corpus report must match (file-level problems)
// open           hostile articles to find and open: { name (exact title, or a RegExp), see (texts
//                shown literally), noOriginal (no "Read the original" link), original (its exact
//                href), maxTitle (characters of title on screen) }
// sentinel, absent  after a search that shows `sentinel`, titles in `absent` must not be listed
// bidi           no bidi override from the input may reorder the page's own words after it
// fits           the page never gets wider than the window
// timeout        for slow, big inputs

const cases = [];
const add = (c) => cases.push(c);

// Script and event-handler payloads in every field of an article.
add({
  name: 'script and handler payloads in the title',
  files: () => [jsonl('title.jsonl', [hostile('title', { title: `${HOSTILE} ${payloads('title')}` }), valid('title')])],
  added: 2,
  open: [{ name: `${HOSTILE} ${payloads('title')}`, see: ['<script>window.__pwned="title"</script>'] }],
});
add({
  name: 'payloads in the id (shown in the address and the corpus report)',
  files: () => [jsonl('id.jsonl', [hostile('id', { id: `<img src=x onerror="window.__pwned='id'">"><script>window.__pwned='id2'</script>`, date: 'not a date' }), valid('id')])],
  added: 2,
  report: [/Article “<img src=x onerror="window.__pwned='id'">"><script>window.__pwned='id2'<\/script>” in id\.jsonl, field date/],
  open: [{ name: `${HOSTILE} report id` }],
});
add({
  name: 'payloads in the source',
  files: () => [jsonl('source.jsonl', [hostile('source', { source: payloads('source') }), valid('source')])],
  added: 2,
  open: [{ name: `${HOSTILE} report source`, see: ['<script>window.__pwned="source"</script>'] }],
});
add({
  name: 'payloads in the date (echoed in the warning)',
  files: () => [jsonl('date.jsonl', [hostile('date', { date: `<img src=x onerror="window.__pwned='date'">` }), valid('date')])],
  added: 2,
  report: [/date\.jsonl, field date: `<img src=x onerror="window\.__pwned='date'">` is not a real ISO date/],
  open: [{ name: `${HOSTILE} report date` }],
});
add({
  name: 'payloads in the summary',
  files: () => [jsonl('summary.jsonl', [hostile('summary', { summary: payloads('summary'), body: [] }), valid('summary')])],
  added: 2,
  open: [{ name: `${HOSTILE} report summary`, see: [`<img src=x onerror="window.__pwned='summary'">`] }],
});
add({
  name: 'payloads in body paragraphs',
  files: () => [jsonl('body.jsonl', [hostile('body', { body: [payloads('body'), `Second <b>bold</b> <iframe src="javascript:window.__pwned='body2'"></iframe>`] }), valid('body')])],
  added: 2,
  open: [{ name: `${HOSTILE} report body`, see: ['Second <b>bold</b>'] }],
});
add({
  name: 'payloads in body as one string with blank lines',
  files: () => [jsonl('bodystring.jsonl', [hostile('bodystring', { body: `<script>window.__pwned='s1'</script>\n\n<img src=x onerror="window.__pwned='s2'">` }), valid('bodystring')])],
  added: 2,
  open: [{ name: `${HOSTILE} report bodystring`, see: [`<img src=x onerror="window.__pwned='s2'">`] }],
});
add({
  name: 'payloads in sub-headings',
  files: () => [jsonl('heading.jsonl', [hostile('heading', { body: ['Before.', { heading: `<svg onload="window.__pwned='heading'">Heading` }, 'After.'] }), valid('heading')])],
  added: 2,
  open: [{ name: `${HOSTILE} report heading`, see: [`<svg onload="window.__pwned='heading'">Heading`] }],
});
add({
  name: 'a body block with markup in an unknown key is skipped with a warning',
  files: () => [jsonl('block.jsonl', [hostile('block', { body: ['Kept paragraph.', { html: `<script>window.__pwned='block'</script>` }] }), valid('block')])],
  added: 2,
  report: [/block\.jsonl, field body\[1\]/],
  open: [{ name: `${HOSTILE} report block`, see: ['Kept paragraph.'] }],
});
add({
  name: 'payloads in the caption',
  files: () => [jsonl('caption.jsonl', [hostile('caption', { caption: payloads('caption') }), valid('caption')])],
  added: 2,
  open: [{ name: `${HOSTILE} report caption`, see: [`'><iframe srcdoc="<script>parent.__pwned='caption'</script>"></iframe>`] }],
});
add({
  name: 'payloads in the site tags',
  files: () => [jsonl('tags.jsonl', [hostile('tags', { source_tags: [`<img src=x onerror="window.__pwned='tags'">`, '"><script>window.__pwned=1</script>', 42] }), valid('tags')])],
  added: 2,
  report: [/tags\.jsonl, field source_tags/],
  open: [{ name: `${HOSTILE} report tags`, see: [`<img src=x onerror="window.__pwned='tags'">`] }],
});
add({
  name: 'payloads in unknown fields (author, html) are ignored',
  files: () => [jsonl('author.jsonl', [hostile('author', { author: payloads('author'), html: `<script>window.__pwned='html'</script>` }), valid('author')])],
  added: 2,
  open: [{ name: `${HOSTILE} report author` }],
});
add({
  name: 'payloads in every field of a corpus .json at once',
  files: () => [corpusJson('every-field.json', [hostile('every', {
    id: `every-<script>window.__pwned='eid'</script>`,
    title: `${HOSTILE} every ${payloads('etitle')}`,
    source: payloads('esource'), caption: payloads('ecaption'), summary: payloads('esummary'),
    body: [payloads('ebody'), { heading: payloads('eheading') }, 'End.'],
    source_tags: [payloads('etags')], author: payloads('eauthor'),
  }), valid('every')])],
  added: 2,
  open: [{ name: `${HOSTILE} every ${payloads('etitle')}`, see: [payloads('ecaption')] }],
});
add({
  name: 'prototype-like ids and titles (__proto__, constructor)',
  files: () => [jsonl('proto.jsonl', [
    JSON.stringify(hostile('proto', { id: '__proto__', title: `${HOSTILE} __proto__ constructor` })).replace(/^\{/, '{"__proto__":{"polluted":1},"constructor":{"prototype":1},'),
    hostile('ctor', { id: 'constructor', title: `${HOSTILE} toString hasOwnProperty` }),
    valid('proto'),
  ])],
  added: 3,
  open: [{ name: `${HOSTILE} __proto__ constructor` }, { name: `${HOSTILE} toString hasOwnProperty` }],
});
add({
  name: 'control characters, NUL and ANSI escapes in the title',
  files: () => [jsonl('control.jsonl', [hostile('control', { title: `${HOSTILE} nul\u0000 bell\u0007 \u001b[31mred\u001b[0m end` }), valid('control')])],
  added: 2,
  open: [{ name: new RegExp(`^${HOSTILE} nul`) }],
});
add({
  name: 'a lone surrogate in a JSON line rejects that line only',
  files: () => [jsonl('surrogate.jsonl', [`{"id":"sur","title":"${HOSTILE} \\ud800 lone","source":"S","summary":"x"}`, valid('surrogate')])],
  added: 1,
  report: [/surrogate\.jsonl.*line 1 is not valid JSON/],
});

// Links in the url field.
add({
  name: 'a javascript: url is dropped with a warning, never a link',
  files: () => [jsonl('js-url.jsonl', [hostile('jsurl', { url: `javascript:window.__pwned='url'` }), valid('jsurl')])],
  added: 2,
  report: [/js-url\.jsonl, field url: is not an http\(s\) address/],
  open: [{ name: `${HOSTILE} report jsurl`, noOriginal: true }],
});
add({
  name: 'javascript: urls in disguise (case, whitespace, entities) are dropped',
  files: () => [jsonl('js-url-2.jsonl', [
    hostile('js2', { url: ` \tJaVaScRiPt:window.__pwned='url2'` }),
    hostile('js3', { url: `java\nscript:window.__pwned='url3'` }),
    hostile('js4', { url: `javascript&colon;window.__pwned='url4'` }),
    hostile('js5', { url: `\u0000javascript:window.__pwned='url5'` }),
    valid('js2'),
  ])],
  added: 5,
  report: [/“hostile-js2” in js-url-2\.jsonl, field url/, /“hostile-js3”.*field url/, /“hostile-js4”.*field url/, /“hostile-js5”.*field url/],
  open: [{ name: `${HOSTILE} report js2`, noOriginal: true }, { name: `${HOSTILE} report js5`, noOriginal: true }],
});
add({
  name: 'a data: url is dropped with a warning, never a link',
  files: () => [jsonl('data-url.jsonl', [hostile('dataurl', { url: `data:text/html;base64,${Buffer.from("<script>parent.__pwned='data'</script>").toString('base64')}` }), valid('dataurl')])],
  added: 2,
  report: [/data-url\.jsonl, field url: is not an http\(s\) address/],
  open: [{ name: `${HOSTILE} report dataurl`, noOriginal: true }],
});
add({
  name: 'an http url that tries to break out of the attribute stays one inert link',
  files: () => [jsonl('break-url.jsonl', [hostile('breakurl', { url: `https://example.invalid/"><script>window.__pwned='href'</script>` }), valid('breakurl')])],
  added: 2,
  open: [{ name: `${HOSTILE} report breakurl`, original: `https://example.invalid/"><script>window.__pwned='href'</script>` }],
});

// Unicode that hides or reorders text.
add({
  name: 'a right-to-left override in the title',
  files: () => [jsonl('bidi.jsonl', [hostile('bidi', { title: BIDI_TITLE }), valid('bidi')])],
  added: 2,
  open: [{ name: new RegExp(`^${HOSTILE} `), see: ['gnp.exe report'] }],
  bidi: true,
});
add({
  name: 'a right-to-left override in the source cannot reorder the article\'s meta line',
  files: () => [jsonl('bidi-source.jsonl', [hostile('bidisource', { source: 'Desk \u202Eknil lanigiro', url: 'https://example.invalid/report' }), valid('bidisource')])],
  added: 2,
  open: [{ name: `${HOSTILE} report bidisource`, original: 'https://example.invalid/report' }],
  bidi: true,
});
add({
  name: 'a right-to-left override in an id cannot reorder the corpus report',
  files: () => [jsonl('bidi-id.jsonl', [hostile('bidiid', { id: 'bidi-\u202Edi-elif', date: 'soon' }), valid('bidiid')])],
  added: 2,
  report: [/bidi-id\.jsonl, field date/],
  open: [{ name: `${HOSTILE} report bidiid` }],
  bidi: true,
});
add({
  name: 'zero-width characters (U+200B, U+FEFF) in the title',
  files: () => [jsonl('zero-width.jsonl', [hostile('zw', { title: ZW_TITLE }), valid('zw')])],
  added: 2,
  open: [{ name: new RegExp(`^${HOSTILE}`) }],
});
add({
  name: 'a title made only of invisible characters is rejected as empty',
  files: () => [jsonl('invisible.jsonl', [hostile('invisible', { title: '\u200B\uFEFF\u200B\u2060\u200D' }), valid('invisible')])],
  added: 1,
  report: [/“hostile-invisible” in invisible\.jsonl, field title: has only invisible characters/],
});

// Size.
add({
  name: 'a 1 MB title is kept but cut, with a warning, and the list stays usable',
  files: () => [jsonl('mb-title.jsonl', [hostile('mbtitle', { title: MB_TITLE }), valid('mbtitle')])],
  added: 2,
  report: [/mb-title\.jsonl, field title: .*characters/],
  open: [{ name: new RegExp(`^${HOSTILE} overlong title`), maxTitle: 600 }],
  fits: true,
  timeout: 30_000,
});
add({
  name: 'a 1 MB title line in a .txt article is kept but cut',
  files: () => [raw('mb-title.txt', `${MB_TITLE}\n\nThe only paragraph of this text article.\n`, 'text/plain'), companion('mbtxt')],
  added: 2,
  report: [/mb-title\.txt, field title: .*characters/],
  open: [{ name: new RegExp(`^${HOSTILE} overlong title`), maxTitle: 600 }],
  fits: true,
  timeout: 30_000,
});
add({
  name: 'a 1 MB word without spaces in the summary does not widen the page',
  files: () => [jsonl('mb-word.jsonl', [hostile('mbword', { summary: `${HOSTILE}${'W'.repeat(1_000_000)}`, body: [] }), valid('mbword')])],
  added: 2,
  open: [{ name: `${HOSTILE} report mbword` }],
  fits: true,
  timeout: 30_000,
});
add({
  name: 'an article over the per-article text limit is rejected, the rest kept',
  files: () => [jsonl('huge-body.jsonl', [hostile('hugebody', { body: ['lorem ipsum dolor sit amet '.repeat(240_000)] }), valid('hugebody')])],
  added: 1,
  report: [/huge-body\.jsonl.*at most/],
  timeout: 45_000,
});
add({
  name: 'a file over the browser import limit is refused, naming the file and the limit',
  files: () => [bigFile(), companion('oversized')],
  added: 1,
  notice: /oversized\.jsonl.*at most [\d.,]+\s?MB/,
  timeout: 60_000,
});
add({
  name: '20,000 tiny articles in one .jsonl',
  files: () => [jsonl('twenty-thousand.jsonl', [
    ...Array.from({ length: 20_000 }, (_, i) => ({ id: `tiny-${i}`, title: `Tiny note number ${i}`, source: 'T', summary: 'x' })),
    valid('tiny'),
  ])],
  added: 20_001,
  timeout: 90_000,
});
add({
  name: '5,000 broken lines around one good article',
  files: () => [jsonl('broken-lines.jsonl', [
    ...Array.from({ length: 2_500 }, (_, i) => `{"id": "b${i}", "title": <script>window.__pwned=${i}</script>`),
    valid('brokenlines'),
    ...Array.from({ length: 2_500 }, (_, i) => `<img src=x onerror="window.__pwned='line${i}'">`),
  ])],
  added: 1,
  report: [/broken-lines\.jsonl.*line 1 is not valid JSON/, /broken-lines\.jsonl.*line 2 is not valid JSON/],
  reportSummary: /5,?000 articles rejected/,
  reportMore: /and 4,900 more/,
  timeout: 45_000,
});

// Structure.
add({
  // Read like a corpus .json: an unknown field is skipped at any depth, so the article is kept.
  name: 'a 100,000-deep nested array in an unknown field (.jsonl) is skipped like any unknown field',
  files: () => [jsonl('deep.jsonl', [`{"id":"deep","title":"${HOSTILE} deep","source":"S","summary":"x","extra":${deepArray(100_000)}}`, valid('deep')])],
  added: 2,
  open: [{ name: `${HOSTILE} deep` }],
  timeout: 30_000,
});
add({
  name: 'a 100,000-deep nested array in the body (.jsonl): that line only is rejected, as nested',
  files: () => [jsonl('deep-body.jsonl', [`{"id":"deepline","title":"${HOSTILE} deep","source":"S","body":${deepArray(100_000)}}`, valid('deepline')])],
  added: 1,
  report: [/deep-body\.jsonl.*nested/],
  timeout: 30_000,
});
add({
  // Unknown fields are ignored (docs/corpus-format.md), and skipping one costs no stack.
  name: 'a 100,000-deep nested array in an unknown field (corpus .json) is skipped like any unknown field',
  files: () => [raw('deep.json', `{"version":1,"articles":[${JSON.stringify(valid('deepjson'))},{"id":"deep","title":"${HOSTILE} deep","source":"S","summary":"x","extra":${deepArray(100_000)}}]}`, 'application/json')],
  added: 2,
  open: [{ name: `${HOSTILE} deep` }],
  timeout: 30_000,
});
add({
  name: 'a 100,000-deep nested array in the body (corpus .json): named as nested, the other articles kept',
  files: () => [raw('deep-body.json', `{"version":1,"articles":[${JSON.stringify(valid('deepbody'))},{"id":"deepbody","title":"${HOSTILE} deep body","source":"S","body":${deepArray(100_000)}},${JSON.stringify(valid('deepbody2'))}]}`, 'application/json')],
  added: 2,
  report: [/deep-body\.json.*nested/],
  timeout: 30_000,
});
add({
  name: 'duplicate ids in one file: the later one is rejected',
  files: () => [jsonl('dupes.jsonl', [hostile('dupe', { title: `${HOSTILE} first of two` }), hostile('dupe', { title: `${HOSTILE} second of two` }), valid('dupe')])],
  added: 2,
  report: [/“hostile-dupe” in dupes\.jsonl, field id: duplicate id/],
  open: [{ name: `${HOSTILE} first of two` }],
  sentinel: `${HOSTILE} first of two`,
  absent: [`${HOSTILE} second of two`],
});
add({
  name: 'duplicate ids across two files chosen together',
  files: () => [jsonl('dupe-a.jsonl', [hostile('xdupe', { title: `${HOSTILE} from file a` }), valid('xdupe')]), jsonl('dupe-b.jsonl', [hostile('xdupe', { title: `${HOSTILE} from file b` })])],
  added: 2,
  report: [/“hostile-xdupe”.*field id: duplicate id/],
  open: [{ name: /^Wyvernholt from file [ab]$/ }],
});
add({
  name: 'an id the bundled corpus already has is left out, and said so',
  files: () => [jsonl('clash.jsonl', [hostile('clash', { id: EXISTING_ID, title: `${HOSTILE} impostor` }), hostile('clashok', { title: `${HOSTILE} sentinel` }), valid('clash')])],
  added: 2,
  sentinel: `${HOSTILE} sentinel`,
  report: [new RegExp(`“${regexEscape(EXISTING_ID)}”.*already has an article with this id`)],
  absent: [`${HOSTILE} impostor`],
});
add({
  name: 'a corpus that claims version 99 is refused whole, naming the file',
  files: () => [raw('version-99.json', JSON.stringify({ version: 99, articles: [hostile('v99')] }), 'application/json'), companion('v99')],
  added: 1,
  notice: /version-99\.json.*version 99/,
});
add({
  name: 'a corpus .json whose top level is a list is refused, naming the file',
  files: () => [raw('top-list.json', JSON.stringify([hostile('toplist')]), 'application/json'), companion('toplist')],
  added: 1,
  notice: /top-list\.json.*top level/,
});
add({
  name: 'a corpus .json whose "articles" is not a list is refused, naming the file',
  files: () => [raw('not-a-list.json', JSON.stringify({ version: 1, articles: { 0: hostile('notlist') } }), 'application/json'), companion('notlist')],
  added: 1,
  notice: /not-a-list\.json.*must be a list/,
});
add({
  name: 'a byte-order mark before a corpus .json',
  files: () => [raw('bom.json', `\uFEFF${JSON.stringify({ version: 1, articles: [hostile('bom'), valid('bom')] })}`, 'application/json')],
  added: 2,
  open: [{ name: `${HOSTILE} report bom` }],
});
add({
  name: 'a byte-order mark and CRLF line ends in a .jsonl',
  files: () => [raw('bom-crlf.jsonl', `\uFEFF${JSON.stringify(hostile('bomcrlf'))}\r\n${JSON.stringify(valid('bomcrlf'))}\r\n`)],
  added: 2,
  open: [{ name: `${HOSTILE} report bomcrlf` }],
});
add({
  name: 'CRLF line ends in a pretty-printed corpus .json',
  files: () => [raw('crlf.json', JSON.stringify({ version: 1, articles: [hostile('crlf', { body: ['One.\r\n\r\nTwo.'] }), valid('crlf')] }, null, 2).replace(/\n/g, '\r\n'), 'application/json')],
  added: 2,
  open: [{ name: `${HOSTILE} report crlf` }],
});
add({
  name: 'a byte-order mark and CRLF in a .txt article',
  files: () => [raw('bom-crlf.txt', `\uFEFF${HOSTILE} text with CRLF\r\n\r\nFirst paragraph of a Windows file.\r\n\r\nDisclaimer : x. Publisher: dailynk.com\r\n`, 'text/plain'), companion('bomtxt')],
  added: 2,
  open: [{ name: `${HOSTILE} text with CRLF`, see: ['First paragraph of a Windows file.'] }],
});
add({
  name: 'an empty .json file is named as empty',
  files: () => [raw('blank.json', '', 'application/json'), companion('emptyjson')],
  added: 1,
  notice: /blank\.json.*\b(empty|no articles)\b/i,
});
add({
  name: 'an empty .jsonl file is named as empty',
  files: () => [raw('blank.jsonl', ''), companion('emptyjsonl')],
  added: 1,
  notice: /blank\.jsonl.*\b(empty|no articles)\b/i,
});
add({
  name: 'an empty .txt file is named as empty',
  files: () => [raw('blank.txt', '', 'text/plain'), companion('emptytxt')],
  added: 1,
  notice: /blank\.txt.*\b(empty|no articles|missing|no text)\b/i,
});
add({
  name: 'a .json file that is not JSON at all (an HTML page)',
  files: () => [raw('page.json', `<!doctype html><html><body><script>window.__pwned='html'</script></body></html>`, 'application/json'), companion('notjson')],
  added: 1,
  notice: /page\.json.*not valid JSON at line 1, column 1/,
});
add({
  name: 'binary garbage named .json (a PNG)',
  files: () => [raw('image.json', Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0xff, 0xfe, 0xc0]), Buffer.alloc(2000, 0xa7)]), 'application/json'), companion('png')],
  added: 1,
  notice: /image\.json.*(not valid JSON|UTF-8)/,
});
add({
  name: 'invalid UTF-8 bytes inside a .jsonl: the page says so and keeps the good line',
  files: () => [raw('bad-bytes.jsonl', Buffer.concat([
    Buffer.from(`{"id":"badbytes","title":"${HOSTILE} bad `), Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xe0, 0xa4]), Buffer.from(` bytes","source":"S","summary":"x"}\n`),
    Buffer.from(`${JSON.stringify(valid('badbytes'))}\n`),
  ]))],
  added: [1, 2],
  notice: /bad-bytes\.jsonl.*UTF-8/,
});
add({
  name: 'invalid UTF-8 bytes in a .txt article: the page says so',
  files: () => [raw('bad-bytes.txt', Buffer.concat([Buffer.from(`${HOSTILE} latin-1 text \xe9t\xe9`, 'latin1'), Buffer.from('\n\nA paragraph.\n')]), 'text/plain'), companion('badtxt')],
  added: [1, 2],
  notice: /bad-bytes\.txt.*UTF-8/,
});
add({
  name: 'a .txt article full of markup shows it as text',
  files: () => [raw('markup.txt', [
    `${HOSTILE} <script>window.__pwned='txt-title'</script> report`,
    '',
    `border, <img src=x onerror="window.__pwned='txt-tag'">`,
    `"><svg onload="window.__pwned='txt-caption'">`,
    '',
    `First paragraph <iframe src="javascript:window.__pwned='txt-body'"></iframe>.`,
    '',
    `Disclaimer : x. Publisher: <img src=x onerror="window.__pwned='txt-publisher'">`,
  ].join('\n'), 'text/plain'), companion('markuptxt')],
  added: 2,
  open: [{ name: `${HOSTILE} <script>window.__pwned='txt-title'</script> report`, see: [`First paragraph <iframe src="javascript:window.__pwned='txt-body'"></iframe>.`] }],
});
add({
  name: 'a file name with HTML in it (.json), shown in the corpus report',
  files: () => [corpusJson(`<img src=x onerror="window.__pwned='filename'">.json`, [hostile('fname', { date: '2026-02-30' }), valid('fname')])],
  added: 2,
  report: [/in <img src=x onerror="window\.__pwned='filename'">\.json, field date/],
  open: [{ name: `${HOSTILE} report fname` }],
});
add({
  name: 'a .txt file name with HTML in it becomes a harmless id and source',
  files: () => [raw(`<svg onload="window.__pwned='txtname'">.txt`, `${HOSTILE} named by its file\n\nA paragraph.\n`, 'text/plain'), companion('txtname')],
  added: 2,
  report: [/taken from the file name "<svg onload="window\.__pwned='txtname'">\.txt"/],
  open: [{ name: `${HOSTILE} named by its file` }],
});
add({
  name: 'a file of an unsupported type (.html) is refused, naming it',
  files: () => [raw('page.html', `<script>window.__pwned='html-file'</script>`, 'text/html'), companion('htmlfile')],
  added: 1,
  notice: /page\.html.*not a file this reader reads: it reads \.txt, \.json, \.jsonl, \.ndjson and \.zip files/,
});

/** The file over the import limit (64 MiB): 65 MiB, written once to disk (too big to pass as a buffer). */
function bigFile() {
  const file = path.join(WORK, 'hostile', 'oversized.jsonl');
  const size = 65 * 1024 * 1024;
  if (!fs.existsSync(file) || fs.statSync(file).size !== size) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const head = Buffer.from(`${JSON.stringify(hostile('oversized'))}\n`);
    const buffer = Buffer.alloc(size, 0x0a); // blank lines: cheap to read even if nothing refuses it
    head.copy(buffer);
    fs.writeFileSync(file, buffer);
  }
  return file;
}

// ---- Page helpers --------------------------------------------------------------------------------

/** Before any of the page's own scripts: a canary that records every write to window.__pwned. */
async function installCanary(page) {
  await page.addInitScript(() => {
    const writes = [];
    Object.defineProperty(window, '__pwned', {
      configurable: false,
      get: () => (writes.length ? writes.join(', ') : undefined),
      set: (v) => { writes.push(String(v)); },
    });
  });
}

async function freshPage(srv = server, path = '') {
  const w = await openPage(browser, srv);
  await installCanary(w.page);
  w.page.setDefaultTimeout(WAIT);
  await w.page.goto(srv.url + path);
  return w;
}

/** Nothing ran and nothing executable from the input reached the DOM; the page is alive. */
async function assertSafe(page, where) {
  assert.equal(await page.evaluate(() => window.__pwned), undefined, `a payload ran (${where})`);
  const found = await page.evaluate(() => {
    const bad = [];
    for (const el of document.querySelectorAll('*')) {
      for (const a of el.attributes) if (/^on/i.test(a.name)) bad.push(`<${el.localName} ${a.name}>`);
    }
    // Elements the reader never makes (its own CSP meta, timeline chart and note field are fine).
    const never = 'iframe, frame, object, embed, img[src="x"], base, form[action], template, textarea:not(#article-note), body style, body link, meta[http-equiv]:not([http-equiv="Content-Security-Policy"]), body meta';
    for (const el of document.querySelectorAll(never)) {
      bad.push(el.outerHTML.slice(0, 100));
    }
    for (const s of document.scripts) if (/__pwned/.test(s.textContent)) bad.push(`script: ${s.textContent.slice(0, 60)}`);
    for (const a of document.querySelectorAll('a[href], area[href]')) {
      if (!/^https?:$/.test(a.protocol)) bad.push(`link to ${a.getAttribute('href').slice(0, 100)}`);
    }
    return bad;
  });
  assert.deepEqual(found, [], `markup from the input reached the DOM (${where})`);
  assert.equal(await page.evaluate(() => document.body.dataset.crashed), undefined, `the reader crashed (${where})`);
}

async function assertAlive(page) {
  await page.getByRole('main').waitFor();
  await page.getByRole('searchbox', { name: 'Search' }).waitFor();
}

/** No text from the input with a bidi override can reorder the page's own words after it. */
async function assertBidiContained(page) {
  const leaks = await page.evaluate(() => {
    const out = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const isBlock = (el) => !/^(inline|contents)$/.test(getComputedStyle(el).display);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent;
      const i = text.search(/[\u202A-\u202E\u2066-\u2068]/);
      if (i < 0) continue;
      if (/[\u202C\u2069]/.test(text.slice(i))) continue; // closed within the same text
      let el = node.parentElement;
      let isolated = false;
      while (el && !isBlock(el)) {
        const ub = getComputedStyle(el).unicodeBidi;
        if (el.localName === 'bdi' || /isolate|plaintext/.test(ub)) { isolated = true; break; }
        el = el.parentElement;
      }
      // (An isolate on the block itself, as browsers give every block, does not end an override inside it.)
      if (isolated || !el) continue;
      // Only text in the same paragraph (same block, not a nested block) is reordered.
      const block = (n) => { let e = n.parentElement; while (e && !isBlock(e)) e = e.parentElement; return e; };
      const rest = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      rest.currentNode = node;
      let after = '';
      for (let t = rest.nextNode(); t; t = rest.nextNode()) {
        if (t.textContent.trim() && block(t) === el && t.parentElement.getClientRects().length) after += t.textContent;
      }
      after = after.trim();
      if (after) out.push(`${el.localName}: “${el.textContent.slice(0, 120)}” (the page's “${after.slice(0, 40)}” follows an open override)`);
    }
    return out;
  });
  assert.deepEqual(leaks, [], 'a bidi override from the input reorders text the page wrote after it');
}

async function assertFits(page) {
  const [scroll, width] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  assert.ok(scroll <= width + 1, `the page is ${scroll} px wide in a ${width} px window: long input widened it`);
}

/** Types `text` in the search box and opens the result named `name` (a title or a RegExp). */
async function searchAndOpen(page, text, name) {
  const box = page.getByRole('searchbox', { name: 'Search' });
  const listShown = (await page.getByRole('heading', { name: 'Results' }).count()) > 0;
  await box.fill(text);
  await page.getByRole('button', { name: `Remove filter Search: “${text}”` }).waitFor();
  // From the unfiltered list, wait for the answer to this search before choosing in it.
  if (listShown) await statusSaying(page, /^\s*[\d,]+ of [\d,]+ articles match\s*$/);
  const link = page.getByRole('link', named(name)).first();
  await link.click();
  const heading = page.getByRole('heading', named(name, { level: 1 }));
  await heading.waitFor();
  return heading;
}

/** Opens the corpus report and returns its text, once it exists. */
async function openReport(page) {
  const summary = page.getByText(/^Corpus report: /);
  await summary.waitFor();
  const details = page.locator('details', { has: summary });
  if (!(await details.evaluate((d) => d.open))) await summary.click();
  return summary;
}

// ---- Running the catalogue ---------------------------------------------------------------------

async function runUpload(c) {
  const w = await freshPage();
  const { page } = w;
  const timeout = c.timeout ?? WAIT;
  page.setDefaultTimeout(timeout);
  try {
    await statusSaying(page, countPattern(N));
    const files = c.files();
    await page.getByLabel('Add articles').setInputFiles(onDiskIfMixed(files));
    // The new state: the import announces what it added (the message only exists after an add).
    const announced = await statusSaying(page, /\bAdded [\d,]+ articles?\b/);
    const text = await announced.innerText();
    const gained = Number(/Added ([\d,]+)/.exec(text)[1].replace(/,/g, ''));
    const allowed = [c.added].flat();
    if (!allowed.includes(gained)) {
      if (await page.getByText(/^Corpus report: /).count()) await openReport(page);
      assert.fail(`the page added ${gained} article(s), expected ${allowed.join(' or ')}: “${text}”\n${await reportText(page)}`);
    }
    await statusSaying(page, countPattern(N + gained));
    await assertAlive(page);

    const expectsProblem = c.report || c.notice || c.reportSummary;
    if (expectsProblem) {
      if (c.report) assert.match(text, /see the corpus report/, 'the import status does not point at the corpus report');
      const summary = c.report || c.reportSummary || !c.notice ? await openReport(page) : null;
      if (c.reportSummary) assert.match(await summary.innerText(), c.reportSummary);
      if (c.reportMore) assert.match(await reportText(page), c.reportMore);
      await assertReportHas(page, c.report ?? []);
      if (c.notice) {
        if (!summary && (await page.getByText(/^Corpus report: /).count())) await openReport(page);
        const said = `${(await page.getByRole('status').allInnerTexts()).join('\n')}\n${await reportText(page)}`;
        assert.match(said, c.notice, `the page does not say what is wrong with the file`);
      }
    }
    await assertSafe(page, 'after adding');

    for (const title of c.keep ?? validTitles(files)) {
      await searchAndOpen(page, VALID, title);
    }
    for (const o of c.open ?? []) {
      const heading = await searchAndOpen(page, HOSTILE, o.name);
      if (o.maxTitle) {
        const shown = await heading.innerText();
        assert.ok(shown.length <= o.maxTitle, `the article title is ${shown.length} characters on screen`);
      }
      for (const literal of o.see ?? []) await page.getByText(literal, { exact: false }).first().waitFor();
      const original = page.getByRole('link', { name: /Read the original/ });
      if (o.noOriginal) assert.equal(await original.count(), 0, 'a dropped url still shows as a link');
      if (o.original) assert.equal(await original.getAttribute('href'), o.original);
      if (c.fits) await assertFits(page);
      await assertSafe(page, `article ${o.name}`);
    }
    for (const title of c.absent ?? []) {
      await page.getByRole('searchbox', { name: 'Search' }).fill(HOSTILE);
      await page.getByRole('link', named(c.sentinel)).waitFor();
      assert.equal(await page.getByRole('link', named(title)).count(), 0, `“${title}” should have been left out`);
    }
    if (c.fits) {
      await page.getByRole('searchbox', { name: 'Search' }).fill('');
      await statusSaying(page, countPattern(N + gained));
      await assertFits(page);
    }
    if (c.bidi) {
      if (expectsProblem) await openReport(page);
      await assertBidiContained(page);
    }
    await assertAlive(page);
    await assertSafe(page, 'at the end');
    w.check();
  } catch (e) {
    await screenshot(page, `hostile-${slugify(c.name)}`).catch(() => {});
    throw withProblems(e, w);
  } finally {
    await w.context.close();
  }
}

/** Every pattern matches some item of the (open) corpus report, compared as plain text. */
async function assertReportHas(page, patterns) {
  const items = await page.locator('details').filter({ has: page.getByText(/^Corpus report: /) }).getByRole('listitem').allInnerTexts();
  for (const pattern of patterns) {
    assert.ok(items.some((t) => pattern.test(t)), `no corpus report item matches ${pattern}; the report says:\n${await reportText(page)}`);
  }
}

async function reportText(page) {
  const details = page.locator('details').filter({ has: page.getByText(/^Corpus report: /) });
  return (await details.count()) ? details.first().innerText() : '(no corpus report)';
}

/** A failure also lists what the browser reported (page errors, CSP), which is often the cause. */
function withProblems(error, w) {
  if (w.problems.length) error.message += `\nproblems seen in the browser:\n${w.problems.join('\n')}`;
  return error;
}

const slugify = (s) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);

/** The titles of the valid articles the files carry (each case has at least one). */
function validTitles(files) {
  const titles = new Set();
  for (const f of files.filter((f) => typeof f !== 'string')) {
    for (const m of f.buffer.toString('utf8').matchAll(new RegExp(`${VALID} ledger [\\w-]+`, 'g'))) titles.add(m[0]);
  }
  assert.ok(titles.size > 0, 'the case has no valid article');
  return [...titles];
}

/** Playwright takes either paths or buffers: when a case has a path, every file goes to disk. */
function onDiskIfMixed(files) {
  if (!files.some((f) => typeof f === 'string')) return files;
  return files.map((f) => {
    if (typeof f === 'string') return f;
    const file = path.join(WORK, 'hostile', 'upload', f.name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, f.buffer);
    return file;
  });
}

describe('hostile corpora added with "Add articles"', () => {
  for (const c of cases) test(c.name, { timeout: (c.timeout ?? WAIT) * 6 }, () => runUpload(c));
});

// ---- Hostile links ----------------------------------------------------------------------------

const enc = encodeURIComponent;
const MATCH = /^\s*(?:No articles match|[\d,]+ of [\d,]+ articles match)\s*$/;

/** A filter chip for `facet` showing `label` as text. */
const chip = (page, facet, label) => page.getByRole('button', { name: `Remove filter ${facet}: ${label}`, exact: true });

const links = [
  {
    name: 'q= with a script payload shows it as search text',
    path: `?q=${enc('<script>window.__pwned="q"</script>')}`,
    async expect(page) {
      await chip(page, 'Search', '“<script>window.__pwned="q"</script>”').waitFor();
      await statusSaying(page, MATCH);
      assert.equal(await page.getByRole('searchbox', { name: 'Search' }).inputValue(), '<script>window.__pwned="q"</script>');
    },
  },
  {
    name: 'q= with an unencoded attribute-breaking payload',
    path: `?q="><img src=x onerror=window.__pwned='q2'>`,
    async expect(page) {
      await chip(page, 'Search', `“"><img src=x onerror=window.__pwned='q2'>”`).waitFor();
      await statusSaying(page, MATCH);
    },
  },
  ...[['province', 'Province'], ['topic', 'Topic'], ['entity', 'Entity'], ['source', 'Source']].map(([param, facet]) => ({
    name: `${param}= with a payload is an unknown filter, shown as text, and can be cleared`,
    path: `?${param}=${enc(`<img src=x onerror="window.__pwned='${param}'">`)}`,
    async expect(page) {
      await chip(page, facet, `<img src=x onerror="window.__pwned='${param}'">`).waitFor();
      await statusSaying(page, /^\s*No articles match\s*$/);
      await page.getByRole('link', { name: 'Show all articles' }).click();
      await statusSaying(page, countPattern(N));
    },
  })),
  {
    name: 'from=, to=, kind=, sort=, page= and undated= with payloads are ignored',
    path: `?from=${enc('<script>window.__pwned=1</script>')}&to=2026-13-45&kind=${enc('"><svg onload=window.__pwned=2>')}&sort=${enc('<img src=x onerror=window.__pwned=3>')}&page=99999999999999999999&undated=${enc('<b>')}`,
    async expect(page) {
      await statusSaying(page, countPattern(N));
      assert.equal(await page.getByRole('region', { name: 'Active filters' }).count(), 0);
    },
  },
  {
    name: 'article= with a hostile id says no such article and shows the list',
    path: `?article=${enc(`<img src=x onerror="window.__pwned='article'">`)}`,
    async expect(page) {
      const alert = page.getByRole('alert').filter({ hasText: `No article with the id “<img src=x onerror="window.__pwned='article'">” is in this corpus` });
      await alert.waitFor();
      await statusSaying(page, countPattern(N));
    },
  },
  {
    name: 'an article path with a hostile id (via 404.html) says no such article',
    path: `article/${enc(`<svg onload="window.__pwned='path'">`)}`,
    async expect(page) {
      await page.getByRole('alert').filter({ hasText: `No article with the id “<svg onload="window.__pwned='path'">”` }).waitFor();
      await statusSaying(page, countPattern(N));
    },
  },
  {
    name: 'an article path with percent-encoding garbage (via 404.html) still reaches the reader',
    path: 'article/%E0%A4%A',
    async expect(page) {
      await page.getByRole('alert').filter({ hasText: /No article with the id/ }).waitFor();
      await statusSaying(page, countPattern(N));
    },
  },
  {
    name: '10,000 repeated entity= values stay cheap: at most 64 filters, cleared in one go',
    path: `?${Array.from({ length: 10_000 }, (_, i) => `entity=${enc(`<b>e${i}</b>`)}`).join('&')}`,
    async expect(page) {
      await statusSaying(page, /^\s*No articles match\s*$/);
      const chips = page.getByRole('region', { name: 'Active filters' }).getByRole('button', { name: /^Remove filter Entity/ });
      await chips.first().waitFor();
      const n = await chips.count();
      assert.ok(n >= 1 && n <= 64, `${n} entity chips`);
      await page.getByRole('button', { name: 'Clear all' }).click();
      await statusSaying(page, countPattern(N));
    },
  },
  {
    name: 'a 100 kB q= does not freeze the page, and a new search still works',
    path: `?q=${enc('rice <script>window.__pwned=1</script> ')}${'x'.repeat(100_000)}`,
    async expect(page) {
      await statusSaying(page, MATCH);
      const box = page.getByRole('searchbox', { name: 'Search' });
      await box.fill('rice');
      await chip(page, 'Search', '“rice”').waitFor();
      await statusSaying(page, /^\s*[\d,]+ of [\d,]+ articles match\s*$/);
    },
  },
  {
    name: 'percent-encoding garbage in every parameter',
    path: '?q=%E0%A4%A&province=%ZZ%&topic=%&entity=%C0%AF&source=%F0%9F%98&from=%2&page=%',
    async expect(page) {
      await statusSaying(page, MATCH);
    },
  },
  {
    name: 'a hostile # fragment is ignored',
    path: `?q=rice#"><img src=x onerror=window.__pwned='hash'><script>window.__pwned='hash2'</script>`,
    async expect(page) {
      await chip(page, 'Search', '“rice”').waitFor();
      await statusSaying(page, /^\s*[\d,]+ of [\d,]+ articles match\s*$/);
    },
  },
  {
    name: 'a javascript: fragment and a hostile fragment without a query',
    path: `#javascript:window.__pwned='frag'`,
    async expect(page) {
      await statusSaying(page, countPattern(N));
    },
  },
  {
    name: 'a right-to-left override in q= is shown as text',
    path: `?q=${enc('rice \u202Eecir')}`,
    async expect(page) {
      await statusSaying(page, MATCH);
      await assertBidiContained(page);
    },
  },
];

describe('hostile links', () => {
  for (const l of links) {
    test(l.name, async () => {
      const w = await freshPage(server, l.path);
      try {
        await l.expect(w.page);
        await assertAlive(w.page);
        await assertSafe(w.page, l.name);
        w.check();
      } catch (e) {
        await screenshot(w.page, `hostile-link-${slugify(l.name)}`).catch(() => {});
        throw withProblems(e, w);
      } finally {
        await w.context.close();
      }
    });
  }
});

// ---- Hostile corpora compiled into a site (the bundle path) -------------------------------------

describe('hostile corpora compiled into a served site', () => {
  const bundled = [
    hostile('b-every', {
      id: `b-every-<img src=x onerror="window.__pwned='bid'">`,
      title: `${HOSTILE} bundled ${payloads('btitle')}`,
      source: payloads('bsource'), caption: payloads('bcaption'), summary: payloads('bsummary'),
      body: [payloads('bbody'), { heading: payloads('bheading') }, 'End.'],
      source_tags: [payloads('btags')],
    }),
    hostile('b-jsurl', { title: `${HOSTILE} bundled javascript url`, url: `javascript:window.__pwned='burl'` }),
    hostile('b-dataurl', { title: `${HOSTILE} bundled data url`, url: 'data:text/html,<script>parent.__pwned=1</script>' }),
    hostile('b-bidi', { title: `${HOSTILE} bundled \u202Etxet desrever` }),
    hostile('b-zw', { title: `${HOSTILE} bundled\u200B zero\uFEFF width` }),
    hostile('b-dupe', { title: `${HOSTILE} bundled first` }),
    hostile('b-dupe', { title: `${HOSTILE} bundled second` }),
    hostile('b-mbtitle', { title: MB_TITLE }),
    valid('bundle'),
  ];
  let site;
  let report;
  before(async () => {
    let stderr = '';
    const dir = makeSite('hostile-bundle', (d) => { stderr = compileCorpus(d, bundled, { fresh: true, name: '<img src=x onerror=alert(1)>.jsonl' }); });
    report = stderr;
    site = await startServer(dir);
  });
  after(async () => { await site?.close(); });

  async function openSite(body) {
    const w = await freshPage(site);
    try {
      await body(w.page);
      await assertAlive(w.page);
      await assertSafe(w.page, 'bundle site');
      w.check();
    } catch (e) {
      await screenshot(w.page, 'hostile-bundle').catch(() => {});
      throw withProblems(e, w);
    } finally {
      await w.context.close();
    }
  }

  test('the site opens with every valid article and the CLI reports the bad ones', async () => {
    assert.match(report, /duplicate id/);
    await openSite(async (page) => {
      // 8 distinct ids; the second b-dupe is rejected.
      await statusSaying(page, countPattern(bundled.length - 1));
      await searchAndOpen(page, VALID, `${VALID} ledger bundle`);
      const summary = await openReport(page);
      assert.match(await summary.innerText(), /1 article rejected/);
      await assertReportHas(page, [/“hostile-b-dupe”.*duplicate id/, /“hostile-b-jsurl”.*field url/, /“hostile-b-dataurl”.*field url/, /“hostile-b-mbtitle”.*field title: .*characters/]);
    });
  });

  test('payloads in every field of a bundled article never run', async () => {
    await openSite(async (page) => {
      await statusSaying(page, countPattern(bundled.length - 1));
      await searchAndOpen(page, HOSTILE, `${HOSTILE} bundled ${payloads('btitle')}`);
      await page.getByText(payloads('bcaption'), { exact: false }).first().waitFor();
      await page.getByText('<script>window.__pwned="bbody"</script>', { exact: false }).first().waitFor();
      await assertSafe(page, 'bundled article');
      // Its address, with the hostile id, opens it directly too.
      await page.goto(`${site.url}?article=${enc(bundled[0].id)}`);
      await page.getByRole('heading', named(`${HOSTILE} bundled ${payloads('btitle')}`, { level: 1 })).waitFor();
    });
  });

  test('bundled javascript: and data: urls are not links', async () => {
    await openSite(async (page) => {
      await statusSaying(page, countPattern(bundled.length - 1));
      for (const name of [`${HOSTILE} bundled javascript url`, `${HOSTILE} bundled data url`]) {
        await searchAndOpen(page, HOSTILE, name);
        assert.equal(await page.getByRole('link', { name: /Read the original/ }).count(), 0);
        await assertSafe(page, name);
      }
    });
  });

  test('bundled bidi, zero-width and 1 MB titles keep the list usable', async () => {
    await openSite(async (page) => {
      await statusSaying(page, countPattern(bundled.length - 1));
      await searchAndOpen(page, HOSTILE, /^Wyvernholt bundled\W*txet desrever/);
      await searchAndOpen(page, HOSTILE, /^Wyvernholt bundled\W*zero\W*width/);
      const heading = await searchAndOpen(page, HOSTILE, /^Wyvernholt overlong title/);
      const shown = await heading.innerText();
      assert.ok(shown.length <= 600, `the 1 MB title shows ${shown.length} characters`);
      await assertFits(page);
      await page.getByRole('searchbox', { name: 'Search' }).fill('');
      await statusSaying(page, countPattern(bundled.length - 1));
      await assertFits(page);
      await assertBidiContained(page);
    });
  });
});
