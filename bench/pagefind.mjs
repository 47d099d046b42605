// Pagefind, the benchmark's peer for a static search index (`cargo xtask bench` runs this).
//
//   node bench/pagefind.mjs --corpus FILE --work DIR --word WORD --out result.json
//
// Writes the same articles as HTML pages (one per article: title, caption, summary, body),
// indexes them with the `pagefind` npm package's binary (timed), serves the result like
// GitHub Pages (`cargo xtask serve`, gzip) and, in headless Chromium, measures what a reader
// pays: the first search for WORD from a page with nothing loaded (Pagefind's script, wasm,
// entry, metadata and index chunks), and opening the first result (its fragment). Bytes are
// on the wire: headers and bodies as sent.

import { articles } from './corpus.mjs';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startServer, launch } from '../tests/e2e/support.mjs';

const argv = process.argv.slice(2);
const opt = (name) => { const i = argv.indexOf(name); return i >= 0 ? argv[i + 1] : null; };
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WORK = opt('--work');
const WORD = opt('--word') || 'delegation';
const site = path.join(WORK, 'site');
const result = { notes: [] };

const esc = (s) => String(s ?? '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

fs.rmSync(WORK, { recursive: true, force: true });
fs.mkdirSync(path.join(site, 'a'), { recursive: true });
let n = 0;
let htmlBytes = 0;
for (const a of articles(opt('--corpus'))) {
  const body = Array.isArray(a.body) ? a.body : (a.body ? String(a.body).split(/\n+/) : []);
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(a.title)}</title></head><body><main data-pagefind-body>`
    + `<h1>${esc(a.title)}</h1><p>${esc(a.date || '')} · ${esc(a.source)}</p>`
    + (a.caption ? `<p>${esc(a.caption)}</p>` : '') + (a.summary ? `<p>${esc(a.summary)}</p>` : '')
    + body.map((b) => (typeof b === 'string' ? `<p>${esc(b)}</p>` : `<h2>${esc(b.heading)}</h2>`)).join('')
    + '</main></body></html>\n';
  fs.writeFileSync(path.join(site, 'a', `${n}.html`), html);
  htmlBytes += html.length;
  n++;
}
fs.writeFileSync(path.join(site, 'index.html'), '<!doctype html><html><head><meta charset="utf-8"><title>search</title></head><body><main>search</main></body></html>\n');
result.pages = n;
result.html_bytes = htmlBytes;

const bin = path.join(ROOT, 'node_modules/.bin/pagefind');
const t0 = Date.now();
const r = spawnSync(bin, ['--site', site], { encoding: 'utf8', maxBuffer: 64 << 20 });
result.index_s = (Date.now() - t0) / 1000;
if (r.status !== 0) {
  // A signal (SIGKILL: out of memory) says more than the log, which stops mid-step.
  const how = r.signal ? `killed by ${r.signal}` : r.error ? String(r.error.message) : `exit status ${r.status}`;
  const tail = (r.stderr || r.stdout || '').trim().split('\n').slice(-2).join(' / ');
  result.notes.push(`pagefind failed after ${result.index_s.toFixed(0)} s (${how}): ${tail}`);
  fs.writeFileSync(opt('--out'), JSON.stringify(result));
  process.exit(0);
}
const pfDir = path.join(site, 'pagefind');
const files = fs.readdirSync(pfDir, { recursive: true }).filter((f) => fs.statSync(path.join(pfDir, f)).isFile());
result.index_files = files.length;
result.index_bytes = files.reduce((s, f) => s + fs.statSync(path.join(pfDir, f)).size, 0);
console.log(`  Pagefind: ${n} pages indexed in ${result.index_s.toFixed(1)} s; ${files.length} files, ${(result.index_bytes / 1e6).toFixed(1)} MB`);

const server = await startServer(site, '/');
const browser = await launch();
try {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const requests = [];
  context.on('requestfinished', async (req) => {
    const s = await req.sizes().catch(() => null);
    requests.push({ url: req.url(), bytes: s ? s.responseBodySize + s.responseHeadersSize : 0 });
  });
  const page = await context.newPage();
  await page.goto(server.url);
  await page.waitForTimeout(300);
  const start = requests.length;
  const found = await page.evaluate(async (word) => {
    const pf = await import('/pagefind/pagefind.js');
    await pf.init();
    const search = await pf.search(word);
    window.__pf = search;
    return search.results.length;
  }, WORD);
  await page.waitForTimeout(300);
  const searchReqs = requests.slice(start);
  const index = searchReqs.filter((q) => /pf_(meta|index|filter)/.test(q.url));
  result.search = {
    word: WORD,
    results: found,
    requests: searchReqs.length,
    bytes: searchReqs.reduce((s, q) => s + q.bytes, 0),
    index_requests: index.length,
    index_bytes: index.reduce((s, q) => s + q.bytes, 0),
    files: searchReqs.map((q) => q.url.replace(/^.*\/pagefind\//, '')),
  };
  const before = requests.length;
  await page.evaluate(async () => { if (window.__pf.results.length) await window.__pf.results[0].data(); });
  await page.waitForTimeout(300);
  const openReqs = requests.slice(before);
  result.open_result = { requests: openReqs.length, bytes: openReqs.reduce((s, q) => s + q.bytes, 0) };
  console.log(`  Pagefind first search for "${WORD}": ${found} results, ${result.search.requests} requests, ${(result.search.bytes / 1e3).toFixed(1)} kB `
    + `(index files alone: ${result.search.index_requests}, ${(result.search.index_bytes / 1e3).toFixed(1)} kB); opening a result: `
    + `${result.open_result.requests} request(s), ${(result.open_result.bytes / 1e3).toFixed(1)} kB`);
} catch (e) {
  result.notes.push(`pagefind in the browser failed: ${String(e).slice(0, 300)}`);
} finally {
  await browser.close().catch(() => {});
  await server.close();
}
fs.writeFileSync(opt('--out'), JSON.stringify(result));
