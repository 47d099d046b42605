// MiniSearch, the benchmark's peer for query time (`cargo xtask bench` runs this).
//
//   node --max-old-space-size=20000 bench/minisearch.mjs --corpus FILE --out result.json
//
// Indexes the same articles (title, summary, caption, body) and times bench/queries.json,
// configured to search as Tumen does, so the comparison is fair: every word required
// (combineWith AND), only the word being typed matched as a prefix, no typo tolerance
// (Tumen forgives typos, so this setting flatters MiniSearch slightly), title weighted 3. Per query: a warm-up, then the median of 3 rounds;
// calls under 2 ms are timed 5 at a time. Runs in Node (V8, like Chromium), not in a page:
// 100,000 articles in MiniSearch need several GB of JS heap.

import { articles, bodyText } from './corpus.mjs';
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import MiniSearch from 'minisearch';

const argv = process.argv.slice(2);
const opt = (name) => { const i = argv.indexOf(name); return i >= 0 ? argv[i + 1] : null; };
const queries = JSON.parse(fs.readFileSync(new URL('queries.json', import.meta.url), 'utf8'));


const docs = [];
let id = 0;
for (const a of articles(opt('--corpus'))) {
  const body = bodyText(a);
  docs.push({ id: id++, title: a.title || '', summary: a.summary || '', caption: a.caption || '', body });
}
const ms = new MiniSearch({
  fields: ['title', 'summary', 'caption', 'body'],
  storeFields: [],
  searchOptions: {
    combineWith: 'AND',
    prefix: (term, i, terms) => i === terms.length - 1,
    fuzzy: false,
    boost: { title: 3 },
  },
});
const t0 = performance.now();
ms.addAll(docs);
const addAllMs = performance.now() - t0;
docs.length = 0;
global.gc?.();
const heap = process.memoryUsage().heapUsed;

const time = (f) => { const t = performance.now(); const r = f(); return [performance.now() - t, r]; };
const times = [];
let hits = 0;
for (const q of queries) {
  const [warm] = time(() => ms.search(q));
  const reps = warm > 2 ? 1 : 5;
  const rounds = [];
  for (let r = 0; r < 3; r++) {
    const [t, res] = time(() => { let res = null; for (let k = 0; k < reps; k++) res = ms.search(q); return res; });
    rounds.push(t / reps);
    if (r === 0) hits += res.length;
  }
  rounds.sort((a, b) => a - b);
  times.push(rounds[1]);
}
const sorted = [...times].sort((a, b) => a - b);
const at = (p) => sorted[Math.min(sorted.length - 1, Math.round((sorted.length - 1) * p))];
const result = { documents: ms.documentCount, add_all_ms: addAllMs, heap_bytes: heap, times, hits, median: at(0.5), p95: at(0.95) };
fs.writeFileSync(opt('--out'), JSON.stringify(result));
console.log(`  MiniSearch: ${ms.documentCount} documents indexed in ${Math.round(addAllMs)} ms; query median ${result.median.toFixed(3)} ms, p95 ${result.p95.toFixed(3)} ms (${hits} hits)`);
