// Cold opens of two or more builds, alternated in one session, to compare a change with
// what came before on a machine whose speed drifts from hour to hour:
//
//   node bench/cold-ab.mjs --sites DIR_A,DIR_B [--runs 10]
//
// Each DIR is a built site with its corpus (`cargo xtask build`, then a bundle in corpus/).
// One server per site (`cargo xtask serve`, gzip as GitHub Pages serves it); per round, one
// fresh browser context per site in turn (nothing cached, no service worker). Round 0 only
// fills the servers' gzip caches and is not counted. For each open: the time to the first
// complete list (as bench/run.mjs measures it) and the main thread's long tasks (Long Tasks
// API). Prints each open, then per site the medians of the time to the list, of the longest
// task until then, and of the longest task until 200 ms after it (the first list's layout
// and paint). It reports; it asserts nothing. Every wait has a limit.

import { startServer, launch } from '../tests/e2e/support.mjs';
import { firstListProbe } from './probes.mjs';

const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(name);
  return i >= 0 && i + 1 < argv.length ? argv[i + 1] : dflt;
};
const SITES = (opt('--sites') || '').split(',').filter(Boolean);
const RUNS = Number(opt('--runs', '10'));
if (SITES.length === 0 || !(RUNS > 0)) {
  console.error('usage: node bench/cold-ab.mjs --sites DIR_A,DIR_B [--runs 10]');
  process.exit(2);
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
};
const longest = (tasks, until) => Math.max(0, ...(tasks || []).filter((t) => t.start <= until).map((t) => t.ms));

const servers = [];
for (const site of SITES) servers.push(await startServer(site, '/', { isolate: true }));
const browser = await launch();
const opens = SITES.map(() => []);
try {
  for (let round = 0; round <= RUNS; round++) {
    for (let s = 0; s < SITES.length; s++) {
      const context = await browser.newContext({ serviceWorkers: 'block', viewport: { width: 1280, height: 900 } });
      try {
        const page = await context.newPage();
        await page.addInitScript(firstListProbe);
        await page.goto(servers[s].url, { waitUntil: 'commit', timeout: 60_000 });
        await page.waitForFunction(() => window.__firstList, null, { timeout: 60_000, polling: 50 });
        await page.waitForTimeout(1500); // the list's layout and paint, and their long task
        const open = await page.evaluate(() => ({ first: Math.round(window.__firstList), tasks: window.__longTasks }));
        if (round > 0) {
          opens[s].push(open);
          console.log(`${SITES[s]}: ${open.first} ms to the list; long tasks ${JSON.stringify((open.tasks || []).map((t) => [Math.round(t.start), Math.round(t.ms)]))}`);
        }
      } finally {
        await context.close();
      }
    }
  }
} finally {
  await browser.close();
  for (const server of servers) await server.close();
}
for (let s = 0; s < SITES.length; s++) {
  const o = opens[s];
  console.log(`${SITES[s]}: ${o.length} opens; median ${median(o.map((x) => x.first))} ms to the list, ` +
    `longest task until then ${median(o.map((x) => longest(x.tasks, x.first)))} ms, ` +
    `until 200 ms after ${median(o.map((x) => longest(x.tasks, x.first + 200)))} ms`);
}
process.exit(0);
