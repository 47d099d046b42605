// Browser half of `cargo xtask bench` (xtask/src/bench.rs builds the site and runs this).
//
//   node bench/run.mjs --site DIR --articles N --word WORD --out result.json [--runs 5] [--trends]
//
// `--trends` opens the reader with the trends shown (as a reader who chose them would),
// to measure what their redraw costs the interactions and the longest task.
//
// Serves DIR with `cargo xtask serve` (gzip like GitHub Pages; cross-origin isolated so
// the page may measure its memory) and drives headless Chromium (playwright-core):
//
// 1. Cold open, `--runs` times in fresh contexts (nothing cached, no service worker):
//    navigation until the list, its counts and the timeline are in the DOM; the bytes on the
//    wire (headers + bodies as sent) of every response finished by then; the longest main-
//    thread task (Long Tasks API).
// 2. In the last context, once the background downloads are done: the first search for a
//    word not searched before (requests and bytes until the count updates), then opening
//    the first result (requests and bytes until its heading shows).
// 3. A fixed script of 200+ interactions through the UI (typing queries letter by letter,
//    facet checkboxes, dates), each timed from the input event to the end of the task that
//    renders its answer; longest main-thread task throughout.
// 4. Memory of the page and its worker (performance.measureUserAgentSpecificMemory).
// 5. Query times inside the worker for bench/queries.json (the MiniSearch comparison).
// Writes one JSON object to --out. Every wait has a limit.

import fs from 'node:fs';
import { startServer, launch } from '../tests/e2e/support.mjs';
import { firstListProbe } from './probes.mjs';

const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(name);
  return i >= 0 && i + 1 < argv.length ? argv[i + 1] : dflt;
};
const SITE = opt('--site');
const ARTICLES = Number(opt('--articles', '0'));
const WORD = opt('--word', 'delegation');
const OUT = opt('--out');
const RUNS = Number(opt('--runs', '5'));
const TRENDS = argv.includes('--trends');
const QUERIES = JSON.parse(fs.readFileSync(new URL('queries.json', import.meta.url), 'utf8'));
const LIMIT = 120_000;

const result = { articles: ARTICLES, trends: TRENDS, notes: [], cold: [], interactions: [] };
const note = (m) => { console.log(`  note: ${m}`); result.notes.push(m); };
const log = (m) => console.log(`  ${m}`);

function stats(values) {
  if (!values.length) return { n: 0, median: null, p95: null, max: null };
  const v = [...values].sort((a, b) => a - b);
  const at = (p) => v[Math.min(v.length - 1, Math.round((v.length - 1) * p))];
  return { n: v.length, median: at(0.5), p95: at(0.95), max: v[v.length - 1] };
}

async function withTimeout(promise, ms, what) {
  let timer;
  const t = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`timeout after ${ms} ms: ${what}`)), ms); });
  try { return await Promise.race([promise, t]); } finally { clearTimeout(timer); }
}

// With --trends: the trends shown, and each of their redraws timed. They redraw when the
// results have settled for 150 ms (SETTLE_MS in src/components/trends.rs); the redraw is
// timed from that timer's callback to the next task, so the effects it sets off count too.
function trendsProbe() {
  try { localStorage.setItem('tumen:show-trends', '1'); } catch (_) { /* no storage */ }
  window.__trendsRedraws = [];
  // Only redraws that changed the trends count (an answer that only adds the cards' first
  // lines settles again on the same counts, and nothing is redrawn).
  let changed = false;
  const inTrends = (node) => {
    const el = node && (node.nodeType === 1 ? node : node.parentElement);
    return !!(el && el.closest && el.closest('.trends'));
  };
  const watch = () => new MutationObserver((records) => { if (records.some((r) => inTrends(r.target))) changed = true; })
    .observe(document.documentElement, { subtree: true, childList: true, characterData: true, attributes: true });
  if (document.documentElement) watch(); else document.addEventListener('DOMContentLoaded', watch);
  const original = window.setTimeout;
  window.setTimeout = function (fn, delay, ...rest) {
    if (delay !== 150 || typeof fn !== 'function') return original.call(this, fn, delay, ...rest);
    return original.call(this, function (...args) {
      const t0 = performance.now();
      changed = false;
      const channel = new MessageChannel();
      channel.port1.onmessage = () => { if (changed) window.__trendsRedraws.push(performance.now() - t0); };
      channel.port2.postMessage(0);
      return fn.apply(this, args);
    }, delay, ...rest);
  };
}

/** Requests finished in a context, with wire sizes and absolute end times. */
function recordRequests(context) {
  const list = [];
  context.on('requestfinished', async (req) => {
    const sizes = await req.sizes().catch(() => null);
    const t = req.timing();
    list.push({
      url: req.url(),
      bytes: sizes ? sizes.responseBodySize + sizes.responseHeadersSize : 0,
      end: t.startTime + t.responseEnd,
    });
  });
  return list;
}

const server = await startServer(SITE, '/', { isolate: true });
const browser = await launch();
const killTimer = setTimeout(() => { note('global timeout: closing the browser'); browser.close().catch(() => {}); }, 40 * 60_000);
let page;
let context;
let requests;
try {
  // ---- 1. Cold opens.
  for (let run = 0; run < RUNS; run++) {
    if (context) await context.close();
    context = await browser.newContext({ serviceWorkers: 'block', viewport: { width: 1280, height: 900 } });
    requests = recordRequests(context);
    page = await context.newPage();
    page.on('pageerror', (e) => note(`page error: ${String(e).slice(0, 200)}`));
    await page.addInitScript(firstListProbe);
    if (TRENDS) await page.addInitScript(trendsProbe);
    await page.goto(server.url, { waitUntil: 'commit', timeout: LIMIT });
    await page.waitForFunction(() => window.__firstList, null, { timeout: LIMIT, polling: 50 });
    const { first, origin } = await page.evaluate(() => ({ first: window.__firstList, origin: performance.timeOrigin }));
    await page.waitForTimeout(300); // let the request events of the first list arrive
    const before = requests.filter((r) => r.end <= origin + first);
    const tasks = await page.evaluate(() => window.__longTasks);
    const loadTasks = tasks ? tasks.filter((t) => t.start <= first).map((t) => t.ms) : null;
    result.cold.push({
      long_tasks: loadTasks ? tasks.filter((t) => t.start <= first).map((t) => [Math.round(t.start), Math.round(t.ms)]) : null,
      marks: await page.evaluate(() => performance.getEntriesByType('mark').map((m) => [m.name, Math.round(m.startTime)])),
      ms: first,
      bytes: before.reduce((n, r) => n + r.bytes, 0),
      requests: before.length,
      longest_task_ms: loadTasks ? Math.max(0, ...loadTasks) : null,
    });
    log(`cold open ${run + 1}: ${Math.round(first)} ms, ${(before.reduce((n, r) => n + r.bytes, 0) / 1e3).toFixed(0)} kB in ${before.length} requests`);
  }
  result.cold_ms = stats(result.cold.map((c) => c.ms));
  result.first_bytes = stats(result.cold.map((c) => c.bytes)).median;
  result.first_requests = stats(result.cold.map((c) => c.requests)).median;
  const worker = page.workers()[0];
  const workerMarks = worker ? await worker.evaluate(() => ({ origin: performance.timeOrigin, marks: performance.getEntriesByType('mark').map((m) => [m.name, m.startTime]) })).catch(() => null) : null;
  result.worker_marks = workerMarks;

  // ---- Background downloads (dictionary, titles): wait until quiet.
  const quiet = async (ms = 1500) => {
    const deadline = Date.now() + LIMIT;
    let count = -1;
    while (Date.now() < deadline) {
      if (requests.length === count) return;
      count = requests.length;
      await page.waitForTimeout(ms);
    }
  };
  await quiet();
  result.first_visit_bytes = requests.reduce((n, r) => n + r.bytes, 0);
  result.first_visit_requests = requests.length;

  // ---- 2. First search for a new word, then opening a result.
  const status = page.locator('[role=status].result-count');
  const beforeSearch = requests.length;
  const statusBefore = await status.innerText();
  const t0 = Date.now();
  await page.getByRole('searchbox', { name: 'Search' }).fill(`${WORD} `);
  await page.waitForFunction((prev) => {
    const s = document.querySelector('[role=status].result-count');
    return s && s.textContent !== prev && /match/.test(s.textContent);
  }, statusBefore, { timeout: LIMIT, polling: 20 });
  result.search_cold_wall_ms = Date.now() - t0;
  await page.waitForTimeout(300);
  const searchReqs = requests.slice(beforeSearch);
  result.search_cold = {
    word: WORD,
    status: await status.innerText(),
    // Requests that carried postings (the search itself) and the cards' ledes after it.
    requests: searchReqs.filter((r) => /\/(post|pos|dict)-/.test(r.url)).length,
    bytes: searchReqs.filter((r) => /\/(post|pos|dict)-/.test(r.url)).reduce((n, r) => n + r.bytes, 0),
    all_requests: searchReqs.length,
    all_bytes: searchReqs.reduce((n, r) => n + r.bytes, 0),
  };
  log(`first search for "${WORD}": ${result.search_cold.requests} request(s), ${(result.search_cold.bytes / 1e3).toFixed(1)} kB ` +
    `(with the cards' first lines: ${result.search_cold.all_requests}, ${(result.search_cold.all_bytes / 1e3).toFixed(1)} kB)`);
  await quiet(800);
  const beforeOpen = requests.length;
  const firstResult = page.locator('.result-list .result-title a').first();
  const title = await firstResult.innerText();
  await firstResult.click();
  await page.locator('.article-body').first().waitFor({ timeout: LIMIT });
  await page.waitForTimeout(300);
  const openReqs = requests.slice(beforeOpen);
  result.open_result = { title, requests: openReqs.length, bytes: openReqs.reduce((n, r) => n + r.bytes, 0) };
  log(`opening "${title.slice(0, 40)}": ${openReqs.length} request(s), ${(result.open_result.bytes / 1e3).toFixed(1)} kB`);
  await page.goto(server.url, { timeout: LIMIT });
  await page.waitForFunction(() => window.__firstList, null, { timeout: LIMIT });
  await quiet(800);

  // ---- 3. Interactions: the script twice. The first pass downloads the index files each new
  // word needs (cold); the second finds them loaded (warm).
  await runInteractions(page, 1);
  await runInteractions(page, 2);
  if (TRENDS) {
    // While typing the trends wait (they redraw when the results settle), so the script
    // above seldom sees one: here each query is followed by a pause long enough for it.
    await page.evaluate(() => { window.__trendsRedraws = []; });
    const box = page.getByRole('searchbox', { name: 'Search' });
    for (const q of ['smuggling', 'rice prices', 'hyesan', 'border guards', 'kim jong un', 'market', 'food', 'trade',
      'defectors', 'pyongyang', 'electricity', '양강도', 'sinuiju', 'delegation', '']) {
      const before = await page.evaluate(() => window.__trendsRedraws.length);
      await box.fill(q);
      await page.waitForFunction((n) => window.__trendsRedraws.length > n, before, { timeout: 5_000 }).catch(() => note(`no trends redraw after "${q}"`));
    }
    result.trends_redraw = stats(await page.evaluate(() => window.__trendsRedraws || []));
    log(`trends redraws: ${result.trends_redraw.n}, median ${result.trends_redraw.median?.toFixed(1)} ms, p95 ${result.trends_redraw.p95?.toFixed(1)} ms, max ${result.trends_redraw.max?.toFixed(1)} ms`);
  }
  const tasks = await page.evaluate(() => window.__longTasks);
  result.longest_task_ms = tasks ? Math.max(0, ...tasks.map((t) => t.ms), ...result.cold.map((c) => c.longest_task_ms || 0)) : null;
  result.long_tasks = tasks ? tasks.map((t) => [Math.round(t.start), Math.round(t.ms)]) : null;
  result.page_marks = await page.evaluate(() => performance.getEntriesByType('mark').map((m) => [m.name, Math.round(m.startTime)]));

  // ---- 4. Memory of the page and its worker.
  // JS heaps (and DOM) of the page and its worker from the browser's own measurement, which
  // leaves out wasm memories: those come from each module's exported counter.
  result.memory = await withTimeout(page.evaluate(async () => {
    if (!window.crossOriginIsolated || !performance.measureUserAgentSpecificMemory) return { error: 'not cross-origin isolated' };
    const m = await performance.measureUserAgentSpecificMemory();
    return {
      js_bytes: m.bytes,
      page_wasm: window.wasmBindings.tumen_wasm_memory_bytes(),
      breakdown: m.breakdown.filter((b) => b.bytes > 0).map((b) => ({ bytes: b.bytes, types: b.types, scope: (b.attribution[0] || {}).scope || '' })),
    };
  }), 120_000, 'memory').catch((e) => ({ error: String(e) }));
  const workerNow = page.workers()[0];
  if (!result.memory.error && workerNow) {
    result.memory.worker_wasm = await workerNow.evaluate(() => wasm_bindgen.tumen_worker_memory_bytes()).catch(() => 0);
    result.memory.bytes = result.memory.js_bytes + result.memory.page_wasm + result.memory.worker_wasm;
  }
  if (result.memory.error) note(`memory not measured: ${result.memory.error}`);
  else log(`memory: ${(result.memory.bytes / 1e6).toFixed(1)} MB (JS ${(result.memory.js_bytes / 1e6).toFixed(1)}, page wasm ${(result.memory.page_wasm / 1e6).toFixed(1)}, worker wasm ${(result.memory.worker_wasm / 1e6).toFixed(1)})`);

  // ---- 5. Query times in the worker.
  result.query = await withTimeout(page.evaluate(async (queries) => {
    const times = [];
    let hits = 0;
    for (const q of queries) await window.__tumenBench.count(q); // fetch every shard first
    for (const q of queries) {
      const rounds = [];
      for (let r = 0; r < 3; r++) {
        const { total, ms } = await window.__tumenBench.count(q);
        rounds.push(ms);
        if (r === 0) hits += total;
      }
      rounds.sort((a, b) => a - b);
      times.push(rounds[1]);
    }
    return { times, hits };
  }, QUERIES), 10 * 60_000, 'query timing').catch((e) => ({ error: String(e) }));
  // The same in the worker for misspelt words and their right spelling.
  const timeList = (list) => withTimeout(page.evaluate(async (queries) => {
    const times = [];
    for (const q of queries) await window.__tumenBench.count(q);
    for (const q of queries) {
      const rounds = [];
      for (let r = 0; r < 3; r++) rounds.push((await window.__tumenBench.count(q)).ms);
      rounds.sort((a, b) => a - b);
      times.push(rounds[1]);
    }
    return times;
  }, list), 5 * 60_000, 'typo timing').catch(() => null);
  const TYPOS = ['smugling ', 'hyesen market ', 'ryangang ', 'delegaton ', 'electrcity ', 'sinuju flood ', 'defectros ', 'pyongyan '];
  const RIGHT = ['smuggling ', 'hyesan market ', 'ryanggang ', 'delegation ', 'electricity ', 'sinuiju flood ', 'defectors ', 'pyongyang '];
  const typoTimes = await timeList(TYPOS);
  const rightTimes = await timeList(RIGHT);
  if (typoTimes && rightTimes) {
    result.query_typo_stats = stats(typoTimes);
    result.query_right_stats = stats(rightTimes);
    log(`misspelt queries in the worker: median ${result.query_typo_stats.median.toFixed(3)} ms, p95 ${result.query_typo_stats.p95.toFixed(3)} ms (spelt right: ${result.query_right_stats.p95.toFixed(3)} ms)`);
  }
  if (result.query.error) note(`query timing failed: ${result.query.error}`);
  else {
    result.query_stats = stats(result.query.times);
    log(`queries in the worker: median ${result.query_stats.median.toFixed(3)} ms, p95 ${result.query_stats.p95.toFixed(3)} ms (${QUERIES.length} strings, ${result.query.hits} hits)`);
  }
} catch (e) {
  note(`bench failed: ${String(e && e.stack || e).slice(0, 600)}`);
} finally {
  clearTimeout(killTimer);
  await browser.close().catch(() => {});
  await server.close();
}

const changed = result.interactions.filter((x) => x.changed && x.pass === 1);
result.latency = stats(changed.map((x) => x.ms));
result.latency_warm = stats(result.interactions.filter((x) => x.changed && x.pass === 2).map((x) => x.ms));
result.latency_by_kind = {};
for (const kind of [...new Set(result.interactions.map((x) => x.kind))]) {
  result.latency_by_kind[kind] = stats(changed.filter((x) => x.kind === kind).map((x) => x.ms));
}
// Interactions (both passes) after which the results did not change: not timed.
result.unchanged = result.interactions.filter((x) => !x.changed).length;
result.slowest = [...changed].sort((a, b) => b.ms - a.ms).slice(0, 12).map((x) => `${x.kind} ${x.label}: ${x.ms.toFixed(1)} ms`);
result.slowest_warm = result.interactions.filter((x) => x.changed && x.pass === 2).sort((a, b) => b.ms - a.ms).slice(0, 12).map((x) => `${x.kind} ${x.label}: ${x.ms.toFixed(1)} ms`);
result.interactions = result.interactions.length;
fs.writeFileSync(OUT, JSON.stringify(result, null, 1));
console.log(`  cold open median ${result.cold_ms.median?.toFixed(0)} ms; interactions p95 ${result.latency.p95?.toFixed(1)} ms (index files downloaded on the way), ${result.latency_warm.p95?.toFixed(1)} ms once loaded`);

// ---------------------------------------------------------------------------

async function runInteractions(page, pass) {
  await page.evaluate((timeoutMs) => {
    // Runs `action` and resolves with the time until its answer is on screen: the page marks
    // `tumen:results` when it applies an answer to the latest query (stale ones are dropped
    // unmarked), its views re-render in that same task (Leptos' effects run as microtasks), so
    // the next task starts once the DOM shows the answer. (The first DOM change in the results
    // region, timed before, was often a link's href following the query at once, not the answer.)
    if (!window.__benchMarkHooked) {
      window.__benchMarkHooked = true;
      const mark = performance.mark.bind(performance);
      performance.mark = (name, ...rest) => {
        const entry = mark(name, ...rest);
        if (name === 'tumen:results' && window.__benchOnResults) window.__benchOnResults();
        return entry;
      };
    }
    window.__benchMeasure = (action) => new Promise((resolve) => {
      let done = false;
      let t0 = 0;
      const finish = (changed) => {
        if (done) return;
        done = true;
        window.__benchOnResults = null;
        clearTimeout(timer);
        resolve({ ms: performance.now() - t0, changed });
      };
      window.__benchOnResults = () => {
        window.__benchOnResults = null;
        const channel = new MessageChannel();
        channel.port1.onmessage = () => finish(true);
        channel.port2.postMessage(0);
      };
      const timer = setTimeout(() => finish(false), timeoutMs);
      t0 = performance.now();
      try { action(); } catch (e) { finish(false); }
    });
  }, 3000);
  const search = page.getByRole('searchbox', { name: 'Search' });
  await search.evaluate((el) => el.setAttribute('data-bench-search', ''));
  const record = (kind, label, r) => result.interactions.push({ kind, label, ms: r.ms, changed: r.changed, pass });
  const setSearch = async (text, kind) => {
    const r = await withTimeout(page.evaluate((value) => {
      const el = document.querySelector('[data-bench-search]');
      return window.__benchMeasure(() => {
        el.value = value;
        el.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: value.slice(-1) }));
      });
    }, text), 20_000, `typing ${text}`);
    record(kind, text, r);
  };
  const typeWord = async (word, kind = 'type') => {
    const chars = [...word];
    for (let i = 1; i <= chars.length; i++) await setSearch(chars.slice(0, i).join(''), kind);
    await setSearch('', 'clear');
  };
  const toggles = async (name, count) => {
    const boxes = page.getByRole('group', { name, exact: true }).getByRole('checkbox');
    const n = Math.min(count, await boxes.count());
    for (const pass of [0, 1]) {
      for (let i = 0; i < n; i++) {
        const r = await withTimeout(boxes.nth(i).evaluate((el) => window.__benchMeasure(() => el.click())), 20_000, `toggle ${name} ${i}`);
        record('facet', `${name}#${i}/${pass}`, r);
      }
    }
  };
  const dateInput = async (label, value) => {
    const input = page.getByLabel(label, { exact: true });
    const r = await withTimeout(input.first().evaluate((el, v) => window.__benchMeasure(() => {
      el.value = v;
      el.dispatchEvent(new Event('input', { bubbles: true }));
      el.dispatchEvent(new Event('change', { bubbles: true }));
    }), value), 20_000, `date ${label}`);
    record('date', `${label}=${value}`, r);
  };

  const t = Date.now();
  for (const w of ['smuggling', 'rice prices', 'hyesan', 'yanggang', 'border guards', '"state smuggling"',
    'electricity -china', 'kim jong un', 'market', '양강도']) await typeWord(w);
  await toggles('Province', 5);
  await toggles('Topic', 5);
  await toggles('Source', 4);
  for (const c of [...'rice']) await setSearch('rice'.slice(0, 'rice'.indexOf(c) + 1), 'type');
  await toggles('Province', 3);
  await toggles('Topic', 3);
  await setSearch('', 'clear');
  for (const [label, v] of [['From', '2015-01-01'], ['To', '2022-12-31'], ['From', '2018-06-01'], ['To', '2019-12-31'],
    ['From', '2020-01-01'], ['To', '2024-12-31'], ['From', ''], ['To', '']]) await dateInput(label, v);
  for (const w of ['sinuiju', 'food', 'trade', 'defectors', 'pyongyang']) await typeWord(w);
  // Misspelt words (typo tolerance): every letter typed counts as "typo".
  for (const w of ['smugling ', 'hyesen market', 'ryangang ', 'delegaton', 'electrcity']) await typeWord(w, 'typo');
  log(`pass ${pass}: ${result.interactions.filter((x) => x.pass === pass).length} interactions in ${((Date.now() - t) / 1000).toFixed(1)} s`);
}
