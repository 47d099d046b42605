// Browser half of `cargo xtask bench` (xtask/src/bench.rs serves the site and runs this).
//
//   node bench/run.mjs --url http://127.0.0.1:PORT/ --articles N --corpus-bytes B
//
// 1. Opens the reader, waits for its performance marks (tumen:fetched, tumen:parsed,
//    tumen:tagged, tumen:indexed, tumen:rendered), reads wasm memory
//    (window.wasmBindings.tumen_wasm_memory_bytes) and the JS heap (CDP, after gc).
// 2. Runs a fixed script of >= 200 interactions through the real UI (typing into the
//    searchbox "Search" letter by letter, facet checkboxes in the groups "Province",
//    "Topic", "Source", the "From"/"To" date inputs), timing each in the page from
//    dispatch to the results/status region updated plus one animation frame.
// 3. Loads MiniSearch into the same page, indexes the same corpus (timing addAll) and
//    times the same query strings on both engines (ours: wasmBindings.tumen_search_count).
// Prints progress, then one line `RESULT {json}` for bench.rs. Everything has a timeout;
// missing UI parts or exports are skipped with a clear message instead of hanging.

import { chromium } from 'playwright-core';

const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(name);
  return i >= 0 && i + 1 < argv.length ? argv[i + 1] : dflt;
};
const URL_BASE = opt('--url', 'http://127.0.0.1:8080/');
const ARTICLES = Number(opt('--articles', '1000'));
const CORPUS_BYTES = Number(opt('--corpus-bytes', '0'));
const HEADLESS = opt('--headed', null) === null;
const LOAD_TIMEOUT = Math.max(120_000, Math.round((ARTICLES / 50_000) * 900_000));
const INTERACTION_TIMEOUT = 1_500;

const result = {
  articles: ARTICLES,
  corpus_bytes: CORPUS_BYTES,
  marks: {},
  notes: [],
  interactions: [],
  ours: {},
  minisearch: {},
};
const note = (m) => {
  console.log(`  note: ${m}`);
  result.notes.push(m);
};
const log = (m) => console.log(`  ${m}`);

// The fixed script. Queries are typed letter by letter; their prefixes are also the
// query strings of the engine comparison.
const TYPED = ['smuggling', 'rice prices', 'hyesan', 'yanggang', 'border guards', '"state smuggling"',
  'electricity -china', 'kim jong un', 'market', '양강도'];
const TYPED_LATER = ['sinuiju', 'food', 'trade', 'defectors', 'pyongyang'];
const prefixes = (words) => words.flatMap((w) => [...w].map((_, i) => [...w].slice(0, i + 1).join('')));

function stats(values) {
  if (!values.length) return { n: 0, median: NaN, p95: NaN, mean: NaN, max: NaN };
  const v = [...values].sort((a, b) => a - b);
  const at = (p) => v[Math.min(v.length - 1, Math.round((v.length - 1) * p))];
  return { n: v.length, median: at(0.5), p95: at(0.95), mean: v.reduce((a, b) => a + b, 0) / v.length, max: v[v.length - 1] };
}

async function withTimeout(promise, ms, what) {
  let timer;
  const t = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`timeout after ${ms} ms: ${what}`)), ms); });
  try { return await Promise.race([promise, t]); } finally { clearTimeout(timer); }
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: HEADLESS,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--js-flags=--expose-gc --max-old-space-size=8192'],
  timeout: 60_000,
});
const killTimer = setTimeout(() => {
  console.log('  note: global timeout: closing the browser');
  browser.close().catch(() => {});
}, LOAD_TIMEOUT + 45 * 60_000);

try {
  const context = await browser.newContext({ serviceWorkers: 'block', bypassCSP: true, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.on('pageerror', (e) => note(`page error: ${String(e).slice(0, 200)}`));
  const cdp = await context.newCDPSession(page);
  const heapUsed = async () => {
    await page.evaluate(() => { if (window.gc) { window.gc(); window.gc(); } });
    return (await cdp.send('Runtime.getHeapUsage')).usedSize;
  };

  // Baseline JS heap of an empty page from the same origin.
  await page.goto(new URL('bench-blank.html', URL_BASE).href, { timeout: 30_000 });
  const heapBlank = await heapUsed();

  // ---- Load the reader and wait for its marks.
  const t0 = Date.now();
  await page.goto(URL_BASE, { timeout: 60_000, waitUntil: 'domcontentloaded' });
  const loaded = await page.waitForFunction(() => {
    if (performance.getEntriesByName('tumen:indexed').length) return 'indexed';
    const visible = (el) => el && !el.closest('[hidden]') && el.getClientRects().length > 0;
    if ([...document.querySelectorAll('.error-card, [role=alert]')].some(visible)) return 'error';
    return false;
  }, null, { timeout: LOAD_TIMEOUT, polling: 250 }).then((h) => h.jsonValue()).catch((e) => `timeout: ${e.message.split('\n')[0]}`);
  if (loaded !== 'indexed') {
    note(`the reader did not finish loading (${loaded}); marks so far are reported`);
  } else {
    await page.waitForFunction(() => performance.getEntriesByName('tumen:rendered').length > 0, null, { timeout: 20_000 }).catch(() => note('no tumen:rendered mark within 20 s'));
  }
  result.load_wall_ms = Date.now() - t0;
  result.marks = await page.evaluate(() => Object.fromEntries(performance.getEntriesByType('mark').filter((m) => m.name.startsWith('tumen:')).map((m) => [m.name, m.startTime])));
  const m = result.marks;
  const span = (a, b) => (m[a] !== undefined && m[b] !== undefined ? m[b] - m[a] : null);
  result.ours.parse_ms = span('tumen:fetched', 'tumen:parsed');
  // The reader tags while it indexes (so full tags never pile up); it publishes the split.
  const split = await page.evaluate(() => window.__tumenLoad || null);
  result.ours.tag_ms = split ? split.tag_ms : span('tumen:parsed', 'tumen:tagged');
  result.ours.index_ms = split ? split.index_ms : span('tumen:tagged', 'tumen:indexed');
  result.ours.tag_index_ms = span('tumen:parsed', 'tumen:indexed');
  result.ours.memory_by_stage = await page.evaluate(() => window.__tumenMemory || null);
  if (result.ours.memory_by_stage) log(`wasm memory by stage (MB): ${JSON.stringify(Object.fromEntries(Object.entries(result.ours.memory_by_stage).map(([k, v]) => [k, Math.round(v / 1e6)])))}`);
  log(`marks: ${JSON.stringify(Object.fromEntries(Object.entries(m).map(([k, v]) => [k, Math.round(v)])))}`);

  // ---- Memory (before MiniSearch touches the page).
  const hasBindings = await page.evaluate(() => !!(window.wasmBindings && window.wasmBindings.tumen_wasm_memory_bytes));
  if (!hasBindings) note('window.wasmBindings.tumen_wasm_memory_bytes missing: wasm memory not measured');
  result.ours.wasm_bytes = hasBindings ? await page.evaluate(() => window.wasmBindings.tumen_wasm_memory_bytes()) : null;
  const heapApp = await heapUsed();
  result.ours.js_heap_delta = Math.max(0, heapApp - heapBlank);
  result.js_heap_blank = heapBlank;
  if (result.ours.wasm_bytes !== null && CORPUS_BYTES > 0) {
    result.ours.mem_ratio = (result.ours.wasm_bytes + result.ours.js_heap_delta) / CORPUS_BYTES;
  }

  // ---- Interaction latency through the UI.
  if (loaded === 'indexed') {
    await runInteractions(page);
  } else {
    note('UI not loaded: skipping interaction latency');
  }

  // ---- Engine comparison with MiniSearch.
  await compareEngines(page, heapUsed);
  await context.close();
} catch (e) {
  note(`bench failed: ${String(e && e.stack || e).slice(0, 500)}`);
} finally {
  clearTimeout(killTimer);
  await browser.close().catch(() => {});
}

const lat = stats(result.interactions.filter((x) => x.changed).map((x) => x.ms));
result.latency = lat;
result.latency_to_paint = stats(result.interactions.filter((x) => x.changed).map((x) => x.paint_ms));
console.log(`latency to DOM updated: ${JSON.stringify(lat)}; to next frame (paint): ${JSON.stringify(result.latency_to_paint)}`);
result.latency_by_kind = {};
for (const kind of [...new Set(result.interactions.map((x) => x.kind))]) {
  result.latency_by_kind[kind] = stats(result.interactions.filter((x) => x.kind === kind && x.changed).map((x) => x.ms));
}
result.unchanged = result.interactions.filter((x) => !x.changed).length;
console.log(`RESULT ${JSON.stringify({ ...result, interactions: result.interactions.length })}`);

// ---------------------------------------------------------------------------

async function installProbe(page) {
  await page.evaluate((timeoutMs) => {
    // Runs `action` and resolves with `ms`, the time until the results/status region
    // changed (the DOM is updated: what the latency line reports), and `paint_ms`, that
    // plus the wait for the next animation frame (when the browser can paint it; up to
    // one 16.7 ms frame of that is vsync alignment, not work).
    window.__benchMeasure = (action) => new Promise((resolve) => {
      const targets = [...document.querySelectorAll('section.results, [role=status], [aria-labelledby=results-heading]')];
      if (!targets.length) targets.push(document.querySelector('main') || document.body);
      let done = false;
      let t0 = 0;
      let po = null;
      const finish = (changed) => {
        if (done) return;
        done = true;
        mo.disconnect();
        if (po) po.disconnect();
        clearTimeout(timer);
        const domMs = performance.now() - t0;
        requestAnimationFrame(() => resolve({ ms: domMs, paint_ms: performance.now() - t0, changed }));
      };
      const mo = new MutationObserver(() => finish(true));
      for (const t of targets) mo.observe(t, { subtree: true, childList: true, characterData: true, attributes: true });
      try {
        po = new PerformanceObserver((list) => { if (list.getEntries().some((e) => e.name === 'tumen:results')) finish(true); });
        po.observe({ type: 'mark' });
      } catch (_) { po = null; }
      const timer = setTimeout(() => finish(false), timeoutMs);
      t0 = performance.now();
      try { action(); } catch (e) { finish(false); }
    });
  }, INTERACTION_TIMEOUT);
}

async function runInteractions(page) {
  await installProbe(page);
  const search = page.getByRole('searchbox', { name: 'Search' });
  if (!(await search.count().catch(() => 0))) {
    note('UI not found (no searchbox named "Search"): skipping interaction latency');
    return;
  }
  await search.first().evaluate((el) => el.setAttribute('data-bench-search', ''));
  const record = (kind, label, r) => result.interactions.push({ kind, label, ms: r.ms, paint_ms: r.paint_ms, changed: r.changed });

  const setSearch = async (text, kind, label) => {
    const r = await withTimeout(page.evaluate((value) => {
      const el = document.querySelector('[data-bench-search]');
      return window.__benchMeasure(() => {
        el.value = value;
        el.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: value.slice(-1) }));
      });
    }, text), 10_000, `typing ${label}`);
    record(kind, label, r);
  };
  const typeWord = async (word) => {
    const chars = [...word];
    for (let i = 1; i <= chars.length; i++) await setSearch(chars.slice(0, i).join(''), 'type', chars.slice(0, i).join(''));
  };
  const clear = async () => setSearch('', 'clear', '(clear)');

  const groups = {};
  for (const name of ['Province', 'Topic', 'Source']) {
    const boxes = page.getByRole('group', { name, exact: true }).getByRole('checkbox');
    const n = await boxes.count().catch(() => 0);
    if (!n) note(`no checkboxes in a group named "${name}": skipping its toggles`);
    groups[name] = { boxes, n };
  }
  const toggle = async (name, i) => {
    const g = groups[name];
    if (!g || i >= g.n) return;
    const box = g.boxes.nth(i);
    const r = await withTimeout(box.evaluate((el) => window.__benchMeasure(() => el.click())), 10_000, `toggle ${name} ${i}`);
    record('facet', `${name}#${i}`, r);
  };
  const toggles = async (name, count) => {
    for (let i = 0; i < count; i++) await toggle(name, i);
    for (let i = 0; i < count; i++) await toggle(name, i);
  };
  const dateInput = async (label, value) => {
    const input = page.getByLabel(label, { exact: true });
    if (!(await input.count().catch(() => 0))) {
      note(`no input labelled "${label}": skipping`);
      return;
    }
    const r = await withTimeout(input.first().evaluate((el, v) => window.__benchMeasure(() => {
      el.value = el.type === 'month' && v ? v.slice(0, 7) : v;
      el.dispatchEvent(new Event('input', { bubbles: true }));
      el.dispatchEvent(new Event('change', { bubbles: true }));
    }), value), 10_000, `date ${label}`);
    record('date', `${label}=${value}`, r);
  };

  const t = Date.now();
  for (const w of TYPED) {
    await typeWord(w);
    await clear();
  }
  await toggles('Province', 5);
  await toggles('Topic', 5);
  await toggles('Source', 4);
  await typeWord('rice');
  await toggles('Province', 3);
  await toggles('Topic', 3);
  await clear();
  for (const [label, v] of [['From', '2015-01-01'], ['To', '2022-12-31'], ['From', '2018-06-01'], ['To', '2019-12-31'],
    ['From', '2020-01-01'], ['To', '2024-12-31'], ['From', ''], ['To', '']]) {
    await dateInput(label, v);
  }
  for (const w of TYPED_LATER) {
    await typeWord(w);
    await clear();
  }
  log(`${result.interactions.length} interactions in ${((Date.now() - t) / 1000).toFixed(1)} s ` +
    `(${result.interactions.filter((x) => !x.changed).length} left the results unchanged: excluded from the statistics)`);
  if (result.interactions.length < 200) note(`only ${result.interactions.length} interactions ran (UI parts missing)`);
}

async function compareEngines(page, heapUsed) {
  const queries = prefixes([...TYPED, ...TYPED_LATER]);
  const hasCount = await page.evaluate(() => !!(window.wasmBindings && window.wasmBindings.tumen_search_count)).catch(() => false);
  if (!hasCount) note('window.wasmBindings.tumen_search_count missing: our side of the query comparison skipped');
  const heapBefore = await heapUsed();
  const built = await withTimeout(page.evaluate(async () => {
    await new Promise((resolve, reject) => {
      const s = document.createElement('script');
      s.src = 'minisearch.js';
      s.onload = resolve;
      s.onerror = () => reject(new Error('cannot load minisearch.js'));
      document.head.appendChild(s);
    });
    const res = await fetch('corpus.json', { cache: 'no-store' });
    let data = await res.json();
    let docs = data.articles.map((a, i) => ({
      id: i,
      title: a.title || '',
      summary: a.summary || '',
      caption: a.caption || '',
      body: (a.body || []).map((b) => (typeof b === 'string' ? b : b.heading || '')).join('\n'),
    }));
    data = null;
    const ms = new window.MiniSearch({
      fields: ['title', 'summary', 'body', 'caption'],
      storeFields: [],
      searchOptions: { prefix: true, fuzzy: 0.2, boost: { title: 3 } },
    });
    const t0 = performance.now();
    ms.addAll(docs);
    const addAllMs = performance.now() - t0;
    docs = null;
    window.__ms = ms;
    return { addAllMs, docs: ms.documentCount };
  }), LOAD_TIMEOUT + 10 * 60_000, 'MiniSearch addAll').catch((e) => ({ error: String(e) }));
  if (built.error) {
    note(`MiniSearch failed: ${built.error.slice(0, 300)}`);
    return;
  }
  result.minisearch.add_all_ms = built.addAllMs;
  result.minisearch.js_heap_delta = Math.max(0, (await heapUsed()) - heapBefore);
  if (CORPUS_BYTES > 0) result.minisearch.mem_ratio = result.minisearch.js_heap_delta / CORPUS_BYTES;
  log(`MiniSearch addAll: ${Math.round(built.addAllMs)} ms for ${built.docs} docs`);

  const timing = await withTimeout(page.evaluate(({ queries, hasCount }) => {
    const ours = [];
    const theirs = [];
    let oursHits = 0;
    let theirHits = 0;
    const time = (f) => { const t = performance.now(); const r = f(); return [performance.now() - t, r]; };
    // Warm-up pass, then three timed rounds; per query the median of the rounds.
    const warm = new Map();
    for (const q of queries) {
      if (hasCount) warm.set('o' + q, time(() => window.wasmBindings.tumen_search_count(q))[0]);
      warm.set('m' + q, time(() => window.__ms.search(q))[0]);
    }
    // Chromium's performance.now() is coarse (0.1 ms): fast calls are timed REPS at a
    // time; calls slower than 2 ms (seen in the warm-up) once per round.
    const rounds = 3;
    for (const q of queries) {
      const a = [];
      const b = [];
      const repsOurs = hasCount && (warm.get('o' + q) || 0) > 2 ? 1 : 5;
      const repsTheirs = (warm.get('m' + q) || 0) > 2 ? 1 : 5;
      for (let r = 0; r < rounds; r++) {
        if (hasCount) {
          const [t, n] = time(() => { let n = 0; for (let k = 0; k < repsOurs; k++) n = window.wasmBindings.tumen_search_count(q); return n; });
          a.push(t / repsOurs);
          if (r === 0) oursHits += Math.max(0, n);
        }
        const [t2, res] = time(() => { let res = null; for (let k = 0; k < repsTheirs; k++) res = window.__ms.search(q); return res; });
        b.push(t2 / repsTheirs);
        if (r === 0) theirHits += res.length;
      }
      a.sort((x, y) => x - y);
      b.sort((x, y) => x - y);
      if (a.length) ours.push(a[1]);
      theirs.push(b[1]);
    }
    return { ours, theirs, oursHits, theirHits };
  }, { queries, hasCount }), 30 * 60_000, 'query comparison').catch((e) => ({ error: String(e) }));
  if (timing.error) {
    note(`query comparison failed: ${timing.error.slice(0, 300)}`);
    return;
  }
  result.ours.query = stats(timing.ours);
  result.minisearch.query = stats(timing.theirs);
  result.ours.query_hits = timing.oursHits;
  result.minisearch.query_hits = timing.theirHits;
  result.queries = queries.length;
  log(`queries: ${queries.length} strings; ours median ${result.ours.query.median?.toFixed(3)} ms, MiniSearch median ${result.minisearch.query.median.toFixed(3)} ms`);
}
