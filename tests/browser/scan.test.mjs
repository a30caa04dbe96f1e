// The widget's scan button in Debian's headless Chromium: the scanner's code is fetched only when the button is
// tapped; with BarcodeDetector the code is read on the device and only its text is sent; without it the photo is
// uploaded and the server reads the code. Either way the chat opens the procedure.
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { chromium } from 'playwright-core';

import { CHROMIUM, CHROMIUM_ARGS, WAIT } from './harness.mjs';
import { repoRoot, startService } from './service.mjs';

describe('the scan button in our widget', () => {
  let service;
  let browser;
  let boardPhoto;

  before(async () => {
    service = await startService();
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    // A real board code: the poster PNG of procedure 1.001193, downloaded by a signed-in staff member.
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${service.baseUrl}/staff/login`);
    await page.getByLabel('Email').fill(service.admin.email);
    await page.getByLabel(/Mật khẩu/).fill(service.admin.password);
    await page.getByRole('button', { name: /Đăng nhập/ }).click();
    await page.waitForURL(/\/staff$/);
    const response = await context.request.get(`${service.baseUrl}/staff/posters/1.001193/qr.png`);
    assert.equal(response.status(), 200);
    boardPhoto = await response.body();
    await context.close();
  });

  after(async () => {
    await browser?.close().catch(() => {});
    await service?.stop();
  });

  async function newPage(t, initScript) {
    const context = await browser.newContext({ locale: 'vi-VN', viewport: { width: 400, height: 800 } });
    t.after(() => context.close().catch(() => {}));
    if (initScript) await context.addInitScript(initScript);
    const page = await context.newPage();
    page.setDefaultTimeout(WAIT);
    const requests = [];
    page.on('request', (request) => requests.push(new URL(request.url()).pathname));
    return { page, requests };
  }

  test('without BarcodeDetector a photo is uploaded, read on the server and opens its procedure', async (t) => {
    const { page, requests } = await newPage(t, () => { delete window.BarcodeDetector; });
    await page.goto(`${service.baseUrl}/`);
    await page.locator('.msg.bot', { hasText: /Xin chào/ }).first().waitFor();
    assert.ok(!requests.includes('/scan.js'), 'the scanner was loaded before the button was tapped');

    await page.getByRole('button', { name: 'Quét mã QR' }).click();
    await page.getByRole('dialog', { name: 'Quét mã QR' }).waitFor();
    assert.ok(requests.includes('/scan.js'));
    await page.locator('.chat-scanner input[type=file]').setInputFiles({ name: 'board.png', mimeType: 'image/png', buffer: boardPhoto });

    await page.locator('.msg.bot', { hasText: 'Đăng ký khai sinh' }).first().waitFor();
    assert.ok(requests.some((p) => p.endsWith('/upload')), 'the photo was not uploaded');
    assert.equal(await page.locator('.chat-scanner').count(), 0);
  });

  test('with BarcodeDetector the code is read on the device and only its text is sent', async (t) => {
    const { page, requests } = await newPage(t, () => {
      // Chromium on Linux has no BarcodeDetector: a stand-in that reads every image as one code, and no camera.
      window.BarcodeDetector = class {
        static async getSupportedFormats() { return ['qr_code']; }
        async detect() { return [{ rawValue: `${location.origin}/?p=1.000894&lang=vi` }]; }
      };
      if (navigator.mediaDevices) navigator.mediaDevices.getUserMedia = () => Promise.reject(new Error('no camera'));
    });
    await page.goto(`${service.baseUrl}/`);
    await page.locator('.msg.bot', { hasText: /Xin chào/ }).first().waitFor();

    await page.getByRole('button', { name: 'Quét mã QR' }).click();
    await page.locator('.chat-scanner .hint', { hasText: 'Không mở được máy ảnh' }).waitFor();
    await page.locator('.chat-scanner input[type=file]').setInputFiles({ name: 'board.png', mimeType: 'image/png', buffer: boardPhoto });

    await page.locator('.msg.user', { hasText: '?p=1.000894' }).waitFor();
    await page.waitForFunction(() => [...document.querySelectorAll('.msg.bot')].some((m) => /1\.000894|kết hôn/i.test(m.textContent)));
    assert.ok(!requests.some((p) => p.endsWith('/upload')), 'the photo was uploaded although the device read it');
  });

  test('the scanner is not part of the widget the page loads up front', async (t) => {
    let upFront = 0;
    for (const file of ['index.html', 'widget.js', 'widget.css']) {
      upFront += gzipSync(await readFile(path.join(repoRoot, 'src', 'CitizenHelper.Web', 'wwwroot', file))).length;
    }
    const scanner = gzipSync(await readFile(path.join(repoRoot, 'src', 'CitizenHelper.Web', 'wwwroot', 'scan.js'))).length;
    t.diagnostic(`up front ${upFront} bytes gzipped; scan.js ${scanner} bytes gzipped, on tap`);
    assert.ok(upFront + scanner <= 30 * 1024, `${upFront + scanner} bytes gzipped with the scanner is over 30 KB`);
  });
});
