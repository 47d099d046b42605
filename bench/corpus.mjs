// Reading a corpus file for the benchmark's peers: corpus .json ({"articles": [...]}) or .jsonl,
// a byte-order mark allowed, as `tumen build` reads them.

import fs from 'node:fs';

/** Every article of a corpus file, in order. */
export function* articles(file) {
  const text = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  if (file.endsWith('.jsonl')) {
    for (const line of text.split('\n')) if (line.trim()) yield JSON.parse(line);
  } else {
    yield* JSON.parse(text).articles;
  }
}

/** An article's text as one string: paragraphs and headings of `body` (or `text`), one per line. */
export function bodyText(a) {
  if (Array.isArray(a.body)) return a.body.map((b) => (typeof b === 'string' ? b : b.heading || '')).join('\n');
  return a.body || a.text || '';
}
