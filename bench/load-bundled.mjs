// How long the reader takes to read, tag and index its corpus in the browser, from cold
// (no service worker, fresh context), median of 7 loads. Usage, with the reader served:
//   cargo xtask serve --no-build &   # prints http://127.0.0.1:8080/
//   node bench/load-bundled.mjs [URL]
// Reads the reader's performance marks and window.__tumenLoad (tagging runs while indexing).
import { chromium } from 'playwright-core';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu','--disable-quic','--no-first-run','--disable-background-networking','--disable-component-update','--disable-sync'] });
const URL = process.argv[2] || 'http://127.0.0.1:8080/';
const rows = [];
for (let run = 0; run < 7; run++) {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  await page.goto(URL, { waitUntil: 'load' });
  await page.waitForFunction(() => performance.getEntriesByName('tumen:indexed').length > 0, null, { timeout: 60000 });
  const r = await page.evaluate(() => {
    const t = (n) => performance.getEntriesByName(n)[0].startTime;
    return { parse: t('tumen:parsed') - t('tumen:fetched'), tagger_build: t('tumen:tagger-ready') - t('tumen:parsed'), tag: window.__tumenLoad.tag_ms, index: window.__tumenLoad.index_ms };
  });
  rows.push(r);
  await context.close();
}
await browser.close();
const med = (k) => { const v = rows.map((r) => r[k]).sort((a, b) => a - b); return v[Math.floor(v.length / 2)].toFixed(1); };
console.log(`bundled corpus, median of ${rows.length} cold loads: parse ${med('parse')} ms, tagger build ${med('tagger_build')} ms (includes one yield to paint), tag ${med('tag')} ms, index ${med('index')} ms`);
