// Channel behaviour the official clients and our widget rely on beyond a plain question and answer: file upload
// through Web Chat, token refresh through DirectLineJS, and our widget on a bad network (offline, then back; no
// WebSocket at all).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { FACT, QUESTION, SEND_FAILED, WAIT, useBrowserAndService } from './harness.mjs';

// A 1×1 PNG: what a citizen's photo looks like to the protocol.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

describe('Direct Line channels: upload, token refresh, weak networks', () => {
  const harness = useBrowserAndService();
  const { explain, newPage, openTestPage } = harness;

  test('Web Chat: a photo uploaded from the send box is sent, stored, linked back and answered', async (t) => {
    const { page, problems } = await newPage(t);
    await openTestPage(page, 'webchat', problems);
    const botBubbles = page.locator('.webchat__bubble:not(.webchat__bubble--from-user)');
    await botBubbles.filter({ hasText: /^\s*Xin chào/ }).first().waitFor({ state: 'visible' });
    const botsBefore = await botBubbles.count();

    // Web Chat 4.18 holds the chosen file in the send box until Send is pressed.
    await page.locator('input[type="file"]').first().setInputFiles({ name: 'receipt.png', mimeType: 'image/png', buffer: PNG });
    // Web Chat reads the file (and makes its thumbnail) before the send box holds it; Send pressed earlier sends nothing.
    await page.waitForFunction(() => window.__store.getState().sendBoxAttachments?.length === 1, null, { timeout: WAIT })
      .catch((error) => assert.fail(`Web Chat never put the chosen file in its send box: ${error.message}${explain(problems)}`));
    await page.locator('button.webchat__send-button').click();

    const outcome = await page.waitForFunction(() => {
      // The only message this test sends.
      const pending = window.__actions.find((a) => a.type === 'DIRECT_LINE/POST_ACTIVITY_PENDING');
      if (!pending) return null;
      const settled = window.__actions.find((a) => a.meta?.clientActivityID === pending.meta.clientActivityID
        && /POST_ACTIVITY_(FULFILLED|REJECTED|IMPEDED)$/.test(a.type));
      return settled ? { type: settled.type, error: settled.error, attachments: settled.activity?.attachments ?? null } : null;
    }, null, { timeout: WAIT }).then((handle) => handle.jsonValue())
      .catch(async (error) => assert.fail(`Web Chat never settled the upload: ${error.message}${explain(problems)}`
        + `\nWeb Chat's actions: ${JSON.stringify(await page.evaluate(() => window.__actions.map((a) => a.type)))}`
        + `\nService log (end): ${harness.service.logs().slice(-4000)}`));
    assert.equal(outcome.type, 'DIRECT_LINE/POST_ACTIVITY_FULFILLED', `the upload failed: ${JSON.stringify(outcome)}${explain(problems)}`);

    // The echo points at the stored copy; Web Chat shows it from there.
    const contentUrl = outcome.attachments?.[0]?.contentUrl ?? '';
    assert.ok(contentUrl.startsWith(harness.service.baseUrl), `the echoed attachment is not served by the service: ${contentUrl}`);
    // Web Chat shows the user's own upload as a file link to that stored copy; the page can fetch it back.
    await page.locator(`a.webchat__fileContent__buttonLink[href="${contentUrl}"]`).first().waitFor({ state: 'visible' });
    const fetched = await page.evaluate(async (url) => {
      const response = await fetch(url);
      return { status: response.status, type: response.headers.get('content-type'), bytes: (await response.arrayBuffer()).byteLength };
    }, contentUrl);
    assert.deepEqual(fetched, { status: 200, type: 'image/png', bytes: PNG.length }, `the stored upload did not come back: ${JSON.stringify(fetched)}`);

    await page.waitForFunction((n) => document.querySelectorAll('.webchat__bubble:not(.webchat__bubble--from-user)').length > n, botsBefore, { timeout: WAIT })
      .catch(() => assert.fail(`the bot did not reply to the upload${explain(problems)}`));
    assert.doesNotMatch(await page.locator('body').innerText(), SEND_FAILED);
  });

  test('Web Chat: a suggested action from the welcome is sent as the citizen\'s message and answered', async (t) => {
    const { page, problems } = await newPage(t);
    await openTestPage(page, 'webchat', problems);
    const action = page.locator('.webchat__suggested-action', { hasText: 'Lệ phí chứng thực bản sao' }).first();
    await action.waitFor({ state: 'visible' }).catch((error) => assert.fail(`the welcome offers no suggested action: ${error.message}${explain(problems)}`));
    await action.click();

    await page.locator('.webchat__bubble--from-user', { hasText: 'Lệ phí chứng thực bản sao' }).first().waitFor({ state: 'visible' });
    const answered = await page.waitForFunction(() => window.__store.getState().activities
      .some((a) => a.from?.role === 'bot' && a.channelData?.citizenHelper?.procedure === '2.000815'), null, { timeout: WAIT })
      .then(() => true, () => false);
    assert.ok(answered, `no answer about 2.000815 after the suggested action${explain(problems)}`);
    assert.doesNotMatch(await page.locator('body').innerText(), SEND_FAILED);
  });

  test('DirectLineJS: a refreshed token keeps the conversation and its answers coming', async (t) => {
    const { page, problems } = await newPage(t);
    await openTestPage(page, 'directline', problems);
    const result = await page.evaluate(({ timeout }) => new Promise((resolve) => {
      const directLine = window.__createDirectLine({ webSocket: true });
      const timer = setTimeout(() => done({ timedOut: true }), timeout);
      const done = (extra) => { clearTimeout(timer); directLine.end(); resolve(extra); };
      let first;
      directLine.activity$.subscribe((activity) => {
        if (activity.type === 'message' && activity.from?.role === 'bot' && activity.channelData?.citizenHelper?.procedure === '2.000815') {
          done({ first, refreshed: directLine.token, conversationId: directLine.conversationId });
        }
      });
      directLine.connectionStatus$.subscribe((status) => {
        if (status !== 2 || first) return;
        first = directLine.token;
        // What DirectLineJS does every 7.5 minutes: POST tokens/refresh with the current token, then use the new one.
        directLine.refreshToken().subscribe({
          next: (token) => {
            directLine.token = token;
            directLine.postActivity({ type: 'message', from: { id: 'e2e-user' }, text: 'lệ phí chứng thực bản sao' })
              .subscribe({ error: (error) => done({ postError: String(error?.status || error) }) });
          },
          error: (error) => done({ refreshError: String(error?.status || error) }),
        });
      });
    }), { timeout: WAIT });

    const context = `${JSON.stringify(result)}${explain(problems)}`;
    assert.ok(!result.timedOut, `no answer after the refresh: ${context}`);
    assert.equal(result.refreshError, undefined, context);
    assert.equal(result.postError, undefined, context);
    const claims = (token) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
    assert.equal(claims(result.refreshed).Conv, result.conversationId, 'the refreshed token is for another conversation');
    assert.ok(claims(result.refreshed).Exp >= claims(result.first).Exp, 'the refreshed token expires sooner');
    const base = harness.service.baseUrl;
    const read = (token) => fetch(`${base}/v3/directline/conversations/${encodeURIComponent(result.conversationId)}/activities`,
      { headers: { Authorization: `Bearer ${token}` } });
    assert.equal((await read(result.refreshed)).status, 200, 'the refreshed token does not open its conversation');
    assert.equal((await read(`${result.refreshed}x`)).status, 403, 'a tampered token was accepted');
  });

  test('our widget keeps a message typed offline, sends it once when the network is back, and shows it once', async (t) => {
    const { context, page, problems } = await newPage(t);
    await page.goto(`${harness.service.baseUrl}/`);
    await page.locator('.msg.bot', { hasText: /^\s*Xin chào/ }).first().waitFor({ state: 'visible' });

    await context.setOffline(true);
    const input = page.locator('#chat-text');
    await input.fill(QUESTION);
    await input.press('Enter');
    const bubble = page.locator('.msg.user', { hasText: QUESTION });
    await bubble.first().waitFor({ state: 'visible' });
    assert.match(await bubble.first().getAttribute('class'), /sending|failed/, 'the offline message does not show that it is not sent yet');

    await context.setOffline(false);
    const answer = page.locator('.msg.bot', { hasText: FACT }).first();
    const choice = page.locator('.chat-suggestions button').first();
    await answer.or(choice).first().waitFor({ state: 'visible', timeout: WAIT }).catch(async (error) => assert.fail(
      `no answer after coming back online (${error.message.split('\n')[0]}); bot said ${JSON.stringify(await page.locator('.msg.bot').allInnerTexts())}${explain(problems)}`));
    await page.waitForFunction(() => !document.querySelector('.msg.user.sending, .msg.user.failed'), null, { timeout: WAIT });
    assert.equal(await bubble.count(), 1, 'the message is shown twice');

    // The server holds it once too.
    const stored = await page.evaluate(async ({ base }) => {
      const { conversationId, token } = JSON.parse(sessionStorage.getItem('citizenhelper.conversation'));
      const response = await fetch(`${base}/v3/directline/conversations/${encodeURIComponent(conversationId)}/activities`, { headers: { Authorization: `Bearer ${token}` } });
      return (await response.json()).activities.filter((a) => a.from?.role === 'user').map((a) => a.text);
    }, { base: harness.service.baseUrl });
    assert.deepEqual(stored.filter((text) => text === QUESTION), [QUESTION], `the service stored: ${JSON.stringify(stored)}`);
  });

  test('our widget answers over polling when the browser has no WebSocket', async (t) => {
    const { page, problems } = await newPage(t);
    await page.addInitScript(() => { delete window.WebSocket; });
    const sockets = [];
    page.on('websocket', (socket) => sockets.push(socket.url()));
    await page.goto(`${harness.service.baseUrl}/`);
    await page.locator('.msg.bot', { hasText: /^\s*Xin chào/ }).first().waitFor({ state: 'visible' })
      .catch((error) => assert.fail(`no welcome over polling: ${error.message}${explain(problems)}`));
    const input = page.locator('#chat-text');
    await input.fill('lệ phí chứng thực bản sao');
    await input.press('Enter');
    await page.locator('.msg.bot', { hasText: 'Chứng thực bản sao' }).first().waitFor({ state: 'visible', timeout: WAIT })
      .catch(async (error) => assert.fail(`no answer over polling (${error.message.split('\n')[0]}): ${JSON.stringify(await page.locator('.msg.bot').allInnerTexts())}${explain(problems)}`));
    assert.deepEqual(sockets, [], 'a WebSocket was opened');
  });

  test('our widget is right-to-left safe: a right-to-left message reads right to left, and an RTL page mirrors the bubbles', async (t) => {
    const { page, problems } = await newPage(t);
    await page.goto(`${harness.service.baseUrl}/`);
    await page.locator('.msg.bot', { hasText: /^\s*Xin chào/ }).first().waitFor({ state: 'visible' })
      .catch((error) => assert.fail(`no welcome: ${error.message}${explain(problems)}`));
    const arabic = 'مرحبا، أريد تسجيل ولادة';
    await page.locator('#chat-text').fill(arabic);
    await page.locator('#chat-text').press('Enter');
    const mine = page.locator('.msg.user', { hasText: arabic }).first();
    await mine.waitFor({ state: 'visible' });
    assert.equal(await mine.evaluate((el) => getComputedStyle(el).direction), 'rtl', 'the Arabic message is laid out left to right');
    assert.equal(await page.locator('.msg.bot').first().evaluate((el) => getComputedStyle(el).direction), 'ltr', 'the Vietnamese welcome is laid out right to left');

    const side = () => mine.evaluate((el) => {
      const box = el.getBoundingClientRect();
      const log = el.parentElement.getBoundingClientRect();
      return box.left - log.left < log.right - box.right ? 'start-left' : 'start-right';
    });
    assert.equal(await side(), 'start-right', 'on a left-to-right page the user message is not on the right');
    await page.evaluate(() => { document.documentElement.dir = 'rtl'; });
    assert.equal(await side(), 'start-left', 'on a right-to-left page the user message is not mirrored to the left');
  });
});
