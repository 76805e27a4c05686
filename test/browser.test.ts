/**
 * The Quickstart program in headless Chromium (issue 12): bundled by esbuild for `platform: 'browser'`
 * (in this run's decorator mode) against the published dist/index.js, served from 127.0.0.1 by a
 * node:http server, and run in Debian's chromium (/usr/bin/chromium; .ci/run installs it), driven
 * through the DevTools protocol by playwright-core, never a downloaded browser. The page shows every
 * check's result; the test fails on any failed check, page error or console error.
 */
import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import type { Check } from './fixtures/quickstart/program.js';
import { decoratorMode } from './support/mode.js';
import { bundleQuickstart } from './support/quickstart.js';

/** The browser binary: CHROMIUM_PATH, else Debian's package. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--remote-debugging-port=0',
];

const PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>config-spec Quickstart</title></head>
<body><pre id="results"></pre><script type="module" src="/quickstart.js"></script></body></html>`;

function serve(dir: string): Promise<Server> {
  const server = createServer((request, response) => {
    if (request.url === '/' || request.url === '/index.html') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
    } else if (request.url === '/quickstart.js') {
      response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(readFileSync(join(dir, 'quickstart.js')));
    } else if (request.url === '/favicon.ico') {
      // Asked for by every page load; a 404 would be a console error.
      response.writeHead(204).end();
    } else {
      response.writeHead(404).end();
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      resolve(server);
    });
  });
}

// Starts chromium with the flags above and a fresh profile; resolves to its DevTools endpoint.
function launch(profile: string): Promise<{ child: ChildProcess; endpoint: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(CHROMIUM, [...FLAGS, `--user-data-dir=${profile}`, 'about:blank'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let output = '';
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`chromium printed no DevTools endpoint within 60 s:\n${output}`));
    }, 60_000);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      const match = /DevTools listening on (ws:\/\/\S+)/.exec(output);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve({ child, endpoint: match[1] });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`chromium exited (${String(code)}) before listening:\n${output}`));
    });
  });
}

interface PageResult {
  readonly userAgent: string;
  readonly checks: Check[];
}

describe(`browser: the Quickstart in headless Chromium (${decoratorMode} decorators)`, function () {
  this.timeout(120_000);
  let dir = '';
  let server: Server | undefined;
  let child: ChildProcess | undefined;
  let browser: Browser | undefined;

  before(async () => {
    expect(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does)`).to.equal(true);
    dir = mkdtempSync(join(tmpdir(), 'config-spec-browser-'));
    // A browser bundle that needed node:… or createRequire would fail here already.
    await bundleQuickstart({ entry: 'browser-main', platform: 'browser', decorators: decoratorMode, outfile: join(dir, 'quickstart.js') });
    server = await serve(dir);
    const launched = await launch(join(dir, 'profile'));
    child = launched.child;
    browser = await chromium.connectOverCDP(launched.endpoint);
  });

  after(async () => {
    const started = child;
    const exited = started?.exitCode === null ? new Promise((resolve) => started.once('exit', resolve)) : Promise.resolve();
    // Browser.close shuts chromium down with its helper processes (a signal to the main process can
    // leave helpers writing to the profile for a moment); the signal is the fallback.
    const session = await browser?.newBrowserCDPSession().catch(() => undefined);
    await session?.send('Browser.close').catch(() => undefined);
    await browser?.close().catch(() => undefined);
    const timer = setTimeout(() => started?.kill(), 10_000);
    await exited;
    clearTimeout(timer);
    const listening = server;
    if (listening !== undefined) await new Promise((resolve) => listening.close(resolve));
    // Retried: a helper process may still be closing files in the profile.
    if (dir !== '') rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  });

  it('runs every check of the Quickstart program with no failure and no console error', async () => {
    const context = browser?.contexts()[0] ?? (await browser?.newContext());
    if (context === undefined) throw new Error('no browser context');
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console.error: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    const { port } = server?.address() as AddressInfo;
    await page.goto(`http://127.0.0.1:${String(port)}/`);
    // The page script sets the title when it has written its results (a page error never does).
    const finished = await page.waitForFunction("document.title === 'done'", undefined, { timeout: 30_000 }).then(() => true, () => false);
    const text = await page.locator('#results').textContent();
    await page.close();
    expect(problems).to.deep.equal([]);
    expect(finished, 'the page did not finish its checks').to.equal(true);
    const result = JSON.parse(text ?? '') as PageResult;
    // What ran where, for the README ("Supported runtimes"): one line per check.
    console.log(`      ${result.userAgent.replace(/^Mozilla\/5\.0 \([^)]*\) /, '')}`);
    for (const c of result.checks) console.log(`      ${c.ok ? 'pass' : 'FAIL'}  ${c.name}${c.ok ? '' : `: ${c.detail}`}`);
    expect(result.checks.length).to.be.greaterThan(8);
    expect(result.checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.detail}`)).to.deep.equal([]);
  });
});
