// Cross-engine smoke test: Chromium (chromedriver), Firefox ESR (geckodriver) and WebKitGTK
// (WebKitWebDriver under xvfb-run: it has no headless mode), through selenium-webdriver with
// drivers this script starts itself (never Selenium Manager: SE_MANAGER_PATH points nowhere).
//
// In each engine: the list, open an article, a filter, a search, a deep link, the desk (save
// an article and write a note, both still there after a reload, stored in that engine's
// IndexedDB; the Saved filter finds it), and the service worker registers and controls the page. An engine that cannot start FAILS the run, unless
// TUMEN_SKIP_ENGINES=webkit,firefox (comma-separated) names it.
//
// Run: node tests/webdriver/smoke.mjs (after `cargo xtask build`), or `cargo xtask test`.

import { spawn } from 'node:child_process';
import net from 'node:net';
import { Builder, By, until } from 'selenium-webdriver';
import { DIST, startServer, readCorpus, countPattern } from '../e2e/support.mjs';

process.env.SE_MANAGER_PATH ||= '/nonexistent/selenium-manager';
const SESSION_TIMEOUT_MS = 90_000; // a hang guard: WebKit without a display never answers
const WAIT_MS = 30_000;

const ENGINES = [
  {
    name: 'chromium',
    driver: (port) => ['/usr/bin/chromedriver', [`--port=${port}`]],
    caps: {
      browserName: 'chrome',
      'goog:chromeOptions': {
        binary: '/usr/bin/chromium',
        args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--window-size=1280,900'],
      },
    },
  },
  {
    name: 'firefox',
    driver: (port) => ['geckodriver', ['--port', String(port)]],
    caps: { browserName: 'firefox', 'moz:firefoxOptions': { binary: '/usr/bin/firefox-esr', args: ['-headless'] } },
  },
  {
    name: 'webkit',
    driver: (port) => ['xvfb-run', ['-a', 'WebKitWebDriver', `--port=${port}`]],
    caps: { browserName: 'MiniBrowser', 'webkitgtk:browserOptions': { args: ['--automation'] } },
  },
];

const skip = (process.env.TUMEN_SKIP_ENGINES || '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
const corpus = readCorpus();
const N = corpus.articles.length;

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

async function startDriver(engine) {
  const port = await freePort();
  const [cmd, args] = engine.driver(port);
  const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  child.once('error', (e) => { stderr += String(e); });
  // Ready when /status answers.
  for (;;) {
    const code = await Promise.race([exited.then((c) => ({ exited: c })), new Promise((r) => setTimeout(r, 200))]);
    if (code && 'exited' in code) throw new Error(`${cmd} exited (${code.exited}): ${stderr.trim()}`);
    try {
      const r = await fetch(`http://127.0.0.1:${port}/status`);
      if (r.ok) break;
    } catch { /* not yet */ }
  }
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => { try { process.kill(-child.pid, 'SIGTERM'); } catch { /* gone */ } },
  };
}

async function withTimeout(promise, ms, what) {
  let timer;
  const guard = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms / 1000} s`)), ms); });
  try {
    return await Promise.race([promise, guard]);
  } finally {
    clearTimeout(timer);
  }
}

async function statusText(driver, pattern) {
  let last = '';
  let seen = [];
  await driver.wait(async () => {
    try {
      const regions = await driver.findElements(By.xpath("//*[@role='status']"));
      seen = [];
      for (const r of regions) {
        last = (await r.getText()).trim();
        seen.push(last);
        if (pattern.test(last)) return true;
      }
    } catch { /* re-rendered while reading: look again */ }
    return false;
  }, WAIT_MS).catch(async (e) => {
    // Say what the page showed instead, so that a failure on a CI machine can be read.
    const page = await driver.findElement(By.css('body')).getText().catch(() => '(page unreadable)');
    throw new Error(`no status region saying ${pattern} (${e.message}); status regions said ${JSON.stringify(seen)}; the page read: ${JSON.stringify(page.slice(0, 600))}`);
  });
  return last;
}

// A filter or a search that finds something: "No articles match" would mean it is broken.
const MATCH = /^[1-9][\d,]* of [\d,]+ articles match$/;

/** Runs `action` until it succeeds: the page re-renders, so elements can go stale. */
async function eventually(driver, what, action) {
  let lastError;
  let result;
  await driver.wait(async () => {
    try {
      result = await action();
      return result !== false && result !== undefined;
    } catch (e) {
      lastError = e;
      return false;
    }
  }, WAIT_MS, `${what}${lastError ? ` (last error: ${lastError.message})` : ''}`).catch((e) => {
    throw new Error(`${what}: ${lastError ? `${lastError.name}: ${lastError.message}` : e.message}`);
  });
  return result;
}

async function headingIs(driver, title) {
  await eventually(driver, `a level-1 heading "${title}"`, async () => {
    for (const h of await driver.findElements(By.xpath('//h1'))) {
      if ((await h.getText()).trim() === title) return true;
    }
    return false;
  });
}

/** An enabled button in the page's main part, found by `xpath`. */
async function enabledButton(driver, name, xpath) {
  return eventually(driver, `an enabled "${name}" button`, async () => {
    for (const b of await driver.findElements(By.xpath(xpath))) {
      if (await b.isEnabled()) return b;
    }
    return false;
  });
}

async function attributeIs(driver, what, find, attribute, value) {
  await eventually(driver, `${what}: ${attribute}="${value}"`, async () => (await (await find()).getAttribute(attribute)) === value);
}

/** The note's text box, found by its label. */
async function noteBox(driver) {
  return driver.findElement(By.xpath("//textarea[@id=//label[normalize-space()='Your note on this article']/@for]"));
}

// The desk in this engine's IndexedDB: a saved article and a note survive a reload, and the
// Saved filter finds the article.
async function desk(driver, baseUrl, title, log) {
  const note = `Checked in this browser at ${new Date().toISOString()}`;
  const save = () => enabledButton(driver, 'Save', "//main//button[normalize-space(@aria-label)='Save']");
  await eventually(driver, 'click Save', async () => { await (await save()).click(); return true; });
  await attributeIs(driver, 'Save', save, 'aria-pressed', 'true');
  await eventually(driver, 'open the note', async () => { await (await enabledButton(driver, 'Note', "//main//button[@aria-expanded][contains(normalize-space(), 'Note')]")).click(); return true; });
  await eventually(driver, 'type the note', async () => { await (await noteBox(driver)).sendKeys(note); return true; });
  await statusText(driver, /^Note saved\.$/);
  log('saved the article and wrote a note');

  await driver.navigate().refresh();
  await headingIs(driver, title);
  await attributeIs(driver, 'Save after a reload', save, 'aria-pressed', 'true');
  await eventually(driver, 'the note after a reload', async () => (await (await noteBox(driver)).getAttribute('value')) === note);
  log('after a reload: still saved, the note kept');

  await driver.get(baseUrl);
  await statusText(driver, countPattern(N));
  await eventually(driver, 'tick Saved', async () => {
    await driver.findElement(By.xpath("//fieldset[legend[normalize-space()='Your marks']]//label[.//*[normalize-space()='Saved']]")).click();
    return true;
  });
  const saved = await statusText(driver, /^1 of [\d,]+ articles match$/);
  await eventually(driver, `the saved article "${title}" listed`, async () => {
    for (const a of await driver.findElements(By.xpath('//ol//li//a[normalize-space()]'))) {
      if ((await a.getText()).trim() === title) return true;
    }
    return false;
  });
  log(`Saved filter: ${saved}`);
}

async function smoke(driver, baseUrl, log) {
  await driver.get(baseUrl);
  await statusText(driver, countPattern(N));
  log(`list: "${N} articles"`);

  const title = await eventually(driver, 'open the first article', async () => {
    const link = await driver.findElement(By.xpath('//ol//li//a[normalize-space()]'));
    const text = (await link.getText()).trim();
    // The list now sits below the map and the trends, out of the first screen. A person scrolls
    // down to it; WebKitGTK's driver does not scroll for its click (it reports the link "not
    // interactable" at scrollY 0), so the test scrolls first, as the person would.
    await driver.executeScript("arguments[0].scrollIntoView({ block: 'center' })", link);
    await link.click();
    return text;
  });
  await headingIs(driver, title);
  const deepLink = await driver.getCurrentUrl();
  log(`opened "${title}"`);

  await driver.get(baseUrl);
  await statusText(driver, countPattern(N));
  await eventually(driver, 'tick a Province checkbox', async () => {
    // Click the checkbox's label, as a person does (the box itself may be styled away).
    await driver.findElement(By.xpath("//fieldset[legend[normalize-space()='Province']]//label[.//input[@type='checkbox']]")).click();
    return true;
  });
  log(`filter: ${await statusText(driver, MATCH)}`);

  await driver.get(baseUrl);
  await statusText(driver, countPattern(N));
  await eventually(driver, 'type into the search box', async () => {
    await driver.findElement(By.xpath("//input[@type='search']")).sendKeys('smuggling');
    return true;
  });
  log(`search: ${await statusText(driver, MATCH)}`);

  await driver.get(deepLink);
  await headingIs(driver, title);
  log('deep link opens the article');

  await desk(driver, baseUrl, title, log);

  const sw = await driver.executeAsyncScript(`
    const done = arguments[arguments.length - 1];
    if (!('serviceWorker' in navigator)) { done({ error: 'no navigator.serviceWorker' }); return; }
    navigator.serviceWorker.ready.then((reg) => {
      const report = () => done({ scope: reg.scope, controller: navigator.serviceWorker.controller && navigator.serviceWorker.controller.scriptURL });
      if (navigator.serviceWorker.controller) report();
      else navigator.serviceWorker.addEventListener('controllerchange', report, { once: true });
    });
  `);
  if (!sw || sw.error || !sw.controller) throw new Error(`service worker: ${JSON.stringify(sw)}`);
  if (sw.scope !== baseUrl) throw new Error(`service worker scope ${sw.scope}, expected ${baseUrl}`);
  log(`service worker controls the page (${sw.controller.replace(/^.*\//, '')})`);
}

async function main() {
  const server = await startServer(DIST);
  const results = [];
  try {
    for (const engine of ENGINES) {
      if (skip.includes(engine.name)) {
        console.log(`SKIPPED ${engine.name} (TUMEN_SKIP_ENGINES=${process.env.TUMEN_SKIP_ENGINES})`);
        results.push({ name: engine.name, ok: true, skipped: true });
        continue;
      }
      const started = Date.now();
      const log = (m) => console.log(`  [${engine.name}] ${m}`);
      let driverProc;
      let driver;
      try {
        driverProc = await startDriver(engine);
        driver = await withTimeout(
          new Builder().usingServer(driverProc.url).withCapabilities(engine.caps).build(),
          SESSION_TIMEOUT_MS, `${engine.name}: new session`);
        await driver.manage().setTimeouts({ script: WAIT_MS, pageLoad: 60_000 });
        await driver.manage().window().setRect({ width: 1280, height: 900 }).catch(() => {});
        await smoke(driver, server.url, log);
        results.push({ name: engine.name, ok: true, secs: (Date.now() - started) / 1000 });
      } catch (e) {
        console.error(`  [${engine.name}] FAILED: ${e.message}`);
        results.push({ name: engine.name, ok: false, error: e.message, secs: (Date.now() - started) / 1000 });
      } finally {
        if (driver) await withTimeout(driver.quit(), 30_000, 'quit').catch(() => {});
        driverProc?.stop();
      }
    }
  } finally {
    await server.close();
  }
  for (const r of results) {
    console.log(`${r.skipped ? 'skip' : r.ok ? 'ok  ' : 'FAIL'} ${r.name}${r.secs ? ` (${r.secs.toFixed(1)} s)` : ''}${r.error ? `: ${r.error}` : ''}`);
  }
  const failed = results.filter((r) => !r.ok).length;
  const skipped = results.filter((r) => r.skipped).length;
  console.log(`webdriver smoke: ${results.length - failed - skipped} passed, ${failed} failed${skipped ? `, ${skipped} SKIPPED by TUMEN_SKIP_ENGINES` : ''}`);
  process.exit(failed ? 1 : 0);
}

main().catch((e) => { console.error(e); process.exit(1); });
