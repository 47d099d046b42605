// Update flow: a second build with a changed corpus is deployed to the same place. The open
// reader offers the update and never reloads by itself; after Reload it shows the new corpus
// and nothing from the old build is in use (caches, worker, resources).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { launch, openPage, startServer, makeSite, deploy, readCorpus, buildId, statusSaying, countPattern, controllerBuildId, screenshot, compileCorpus, firstVisit } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const NEW = {
  id: 'e2e-update-musan-market', title: 'Update check: Musan market reopens after inspection',
  date: '2025-06-02', source: 'E2E Test Desk', url: null, source_tags: [],
  summary: 'A corpus change shipped by the second build.', body: ['Traders in Musan returned to the market.'],
};

test('a new deploy is offered, applied on Reload, and replaces the old build completely', async () => {
  const site = makeSite('update-live');
  // The next build: the same corpus plus one article, compiled onto the old bundle.
  const next = makeSite('update-next', (dir) => compileCorpus(dir, [...readCorpus(dir).articles, NEW]));
  const oldId = buildId(site);
  const newId = buildId(next);
  assert.notEqual(oldId, newId);
  const N = readCorpus(site).articles.length;
  const server = await startServer(site);
  const w = await openPage(browser, server);
  const { page } = w;
  try {
    await firstVisit(page, server, N);
    assert.equal(await controllerBuildId(page), oldId);
    assert.equal(await page.getByText('A new version of the reader is available.').count(), 0);

    deploy(next, site);
    await page.reload(); // a visit: the browser looks for a new sw.js
    await page.getByText('A new version of the reader is available.').waitFor();
    await screenshot(page, 'update-offered');
    // It only offers: the old build keeps running until the reader says so.
    await statusSaying(page, countPattern(N));
    assert.equal(await page.getByRole('link', { name: NEW.title }).count(), 0);
    assert.equal(await controllerBuildId(page), oldId);

    await page.getByRole('button', { name: 'Reload' }).click();
    await statusSaying(page, countPattern(N + 1));
    await page.getByRole('link', { name: NEW.title }).waitFor();
    assert.equal(await controllerBuildId(page), newId);
    const state = await page.evaluate(async () => ({
      caches: (await caches.keys()).filter((k) => k.startsWith('tumen-shell-') || /^tumen-[0-9a-f]+$/.test(k)),
      resources: performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname),
    }));
    assert.deepEqual(state.caches, [`tumen-shell-${newId}`], 'the old build\'s shell cache must be gone');
    const files = new Set(fs.readdirSync(next));
    const foreign = state.resources.filter((p) => p.startsWith(new URL(server.url).pathname))
      .map((p) => p.slice(new URL(server.url).pathname.length))
      .filter((f) => f && !files.has(f));
    assert.deepEqual(foreign, [], 'resources not in the new build');
    assert.equal(await page.getByText('A new version of the reader is available.').count(), 0);
    w.check();
  } finally {
    await w.context.close();
    await server.close();
  }
});
