// Shared set-up for the real-browser tests: the service on a free loopback port, Debian's Chromium, and a test page on
// an allowed origin that loads the official Web Chat bundle from node_modules.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

import { allowedOrigin, startService } from './service.mjs';

// The package's "exports" hide dist/webchat.js (the browser bundle) and package.json: read them from node_modules.
const webChatDir = fileURLToPath(new URL('./node_modules/botframework-webchat/', import.meta.url));
const webChatBundlePath = path.join(webChatDir, 'dist', 'webchat.js');
export const webChatVersion = JSON.parse(readFileSync(path.join(webChatDir, 'package.json'), 'utf8')).version;

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-features=LocalNetworkAccessChecks',
];
export const WAIT = 30_000;
export const QUESTION = 'Đăng ký khai sinh cần giấy tờ gì?';
export const FACT = 'Giấy chứng sinh'; // from knowledge/procedures/1.001193.vi.md
export const DOCUMENT_NAME = 'Đăng ký khai sinh';
export const CITATION_PATH = '/kb/1.001193/vi';
// Web Chat's "could not send" texts: en-US ACTIVITY_STATUS_SEND_FAILED_RETRY / ..._ALT, and their vi-VN strings.
export const SEND_FAILED = /send failed|failed to send|không gửi được|không thể gửi/i;

/** The test page on the (fake) allowed origin: Web Chat from the npm package, talking to the service over Direct Line. */
export function testPageHtml(baseUrl, mode) {
  return `<!doctype html>
<html lang="vi">
<head>
  <meta charset="utf-8">
  <title>CitizenHelper × Web Chat ${webChatVersion}</title>
  <style>html, body { height: 100%; margin: 0; } #webchat { height: 100%; }</style>
  <script src="/webchat.js"></script>
</head>
<body>
  <div id="webchat" role="main"></div>
  <script>
    (async () => {
      const base = ${JSON.stringify(baseUrl)};
      window.__actions = [];
      try {
        const response = await fetch(base + '/api/directline/token', { method: 'POST' });
        if (!response.ok) throw new Error('token endpoint answered ' + response.status);
        window.__token = await response.json();
        window.__createDirectLine = (options) =>
          window.WebChat.createDirectLine({ token: window.__token.token, domain: base + '/v3/directline', ...options });
        if (${JSON.stringify(mode)} === 'webchat') {
          // Records what Web Chat's store sees, to tell "sent" from "sending"/"send failed" without guessing from pixels.
          const store = window.WebChat.createStore({}, () => (next) => (action) => {
            try {
              if (['POST_ACTIVITY_', 'INCOMING_ACTIVITY', 'CONNECT_'].some((kind) => String(action.type).startsWith('DIRECT_LINE/' + kind))) {
                const { activity } = action.payload || {};
                const error = action.error ? String(action.payload && (action.payload.message || action.payload)) : undefined;
                window.__actions.push(JSON.parse(JSON.stringify({ type: action.type, meta: action.meta, activity, error })));
              }
            } catch (error) {
              console.error('action recorder:', error);
            }
            return next(action);
          });
          window.__store = store;
          window.__directLine = window.__createDirectLine();
          window.WebChat.renderWebChat({ directLine: window.__directLine, store, locale: 'vi-VN' }, document.getElementById('webchat'));
        }
        window.__ready = true;
      } catch (error) {
        window.__setupError = String(error && error.stack || error);
      }
    })();
  </script>
</body>
</html>`;
}


/**
 * Starts the service and Chromium before the tests of the calling file and stops them after; returns helpers bound
 * to them. Call it inside a describe(). `settings`: more configuration for the service (see startService), or an async
 * function returning it, run first (to prepare a knowledge folder of the test's own, say).
 */
export function useBrowserAndService(settings = {}) {
  const harness = { service: undefined, browser: undefined };
  let webChatBundle;

  before(async () => {
    webChatBundle = await readFile(webChatBundlePath);
    harness.service = await startService(typeof settings === 'function' ? await settings() : settings);
    harness.browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  });

  after(async () => {
    await harness.browser?.close().catch((error) => console.error('closing Chromium:', error));
    await harness.service?.stop();
  });

  /** Appends what went wrong in the browser to an assertion message. */
  const explain = (problems) => (problems.length ? `\nBrowser problems:\n  ${problems.join('\n  ')}` : '');

  /** A fresh context and page; page errors and console errors are collected for failure messages. */
  async function newPage(t) {
    const context = await harness.browser.newContext({ locale: 'vi-VN', viewport: { width: 900, height: 1000 } });
    t.after(() => context.close().catch(() => {}));
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('console', (message) => { if (message.type() === 'error') problems.push(`console.error: ${message.text()}`); });
    page.on('requestfailed', (request) => {
      // Leaving the console's queue ends its live event stream: that abort is not a problem.
      if (request.failure()?.errorText === 'net::ERR_ABORTED' && new URL(request.url()).pathname === '/staff/queue/events') return;
      problems.push(`requestfailed: ${request.url()} ${request.failure()?.errorText}`);
    });
    page.setDefaultTimeout(WAIT);
    return { context, page, problems };
  }

  /** Serves the test page and webchat.js on http://webchat.test/ (no network: Playwright fulfils the requests). */
  async function openTestPage(page, mode, problems) {
    await page.route(`${allowedOrigin}/**`, (route) => {
      const { pathname } = new URL(route.request().url());
      if (pathname === '/webchat.js') {
        return route.fulfill({ status: 200, contentType: 'application/javascript; charset=utf-8', body: webChatBundle });
      }
      if (pathname === '/' || pathname === '/index.html') {
        return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: testPageHtml(harness.service.baseUrl, mode) });
      }
      return route.fulfill({ status: 404, contentType: 'text/plain', body: 'not found' });
    });
    await page.goto(`${allowedOrigin}/`);
    await page.waitForFunction(() => window.__ready || window.__setupError)
      .catch((error) => assert.fail(`the test page never got ready: ${error.message}${explain(problems)}`));
    const setupError = await page.evaluate(() => window.__setupError);
    assert.equal(setupError, undefined, `the test page could not set up: ${setupError}`);
  }

  return Object.assign(harness, { explain, newPage, openTestPage });
}
