// MiniSearch's answers to the judged queries (`cargo xtask bench-relevance` runs this).
//
//   node bench/relevance-minisearch.mjs --corpus FILE --queries queries.json --out result.json
//
// Indexes the articles (title, summary, caption, body; title weighted 3, as Tumen weighs it) and
// runs each query in two settings:
//   - "or_fuzzy": MiniSearch's default OR search with `fuzzy: 0.2` (forgives typos, any word);
//   - "and_prefix": every word required, the last one also as a prefix, no fuzzy (as Tumen without typos).
// Writes, per setting and query, the total hit count and the best 50 article ids.

import { articles, bodyText } from './corpus.mjs';
import fs from 'node:fs';
import MiniSearch from 'minisearch';

const argv = process.argv.slice(2);
const opt = (name) => { const i = argv.indexOf(name); return i >= 0 ? argv[i + 1] : null; };


const docs = [];
for (const a of articles(opt('--corpus'))) {
  const body = bodyText(a);
  docs.push({ id: a.id, title: a.title || '', summary: a.summary || '', caption: a.caption || '', body });
}
const ms = new MiniSearch({ fields: ['title', 'summary', 'caption', 'body'], storeFields: [] });
ms.addAll(docs);

const settings = {
  or_fuzzy: { fuzzy: 0.2, boost: { title: 3 } },
  and_prefix: { combineWith: 'AND', prefix: (term, i, terms) => i === terms.length - 1, fuzzy: false, boost: { title: 3 } },
};
const queries = JSON.parse(fs.readFileSync(opt('--queries'), 'utf8'));
const out = {};
for (const [name, options] of Object.entries(settings)) {
  out[name] = queries.map((q) => {
    const hits = ms.search(q, options);
    return { query: q, total: hits.length, ids: hits.slice(0, 50).map((h) => h.id) };
  });
}
fs.writeFileSync(opt('--out'), JSON.stringify(out));
