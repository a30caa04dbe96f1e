// Real-browser wire-compatibility tests: the official Bot Framework Web Chat 4.18.1 (with its pinned
// botframework-directlinejs 0.15.x) and our own light widget, in Debian's headless Chromium, against
// CitizenHelper's own Direct Line 3.0 implementation. Run with `npm test` (see README.md).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';

import {
  CITATION_PATH, DOCUMENT_NAME, FACT, QUESTION, SEND_FAILED, WAIT, useBrowserAndService, webChatVersion,
} from './harness.mjs';

describe(`CitizenHelper Direct Line 3.0 with botframework-webchat ${webChatVersion} in Chromium`, () => {
  const harness = useBrowserAndService();
  const { explain, newPage, openTestPage } = harness;

  /**
   * Waits for the answer. When the knowledge base holds several procedures that match the question, the bot first
   * asks which one was meant and offers them as suggested actions: then this picks the one named exactly
   * DOCUMENT_NAME, once, the way a user would (an imBack over the wire). Returns whether it had to.
   */
  async function answerOrPick(t, answer, choice) {
    await answer.or(choice).first().waitFor({ state: 'visible' }).catch(() => {});
    if (await answer.isVisible() || !(await choice.isVisible())) return false;
    t.diagnostic(`the bot asked which procedure was meant; picking "${DOCUMENT_NAME}"`);
    await choice.click();
    return true;
  }
  const exactly = (text) => new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);

  test('Web Chat: welcome, a cited answer, and the user message confirmed as sent', async (t) => {
    const { page, problems } = await newPage(t);
    const screenshotPath = path.join(tmpdir(), `citizenhelper-webchat-${Date.now()}.png`);
    try {
      await openTestPage(page, 'webchat', problems);

      const sendBox = page.locator('[data-id="webchat-sendbox-input"]');
      await sendBox.waitFor({ state: 'visible' });
      const botBubbles = page.locator('.webchat__bubble:not(.webchat__bubble--from-user)');

      await t.test('the welcome message renders', async () => {
        await botBubbles.filter({ hasText: /^\s*Xin chào/ }).first().waitFor({ state: 'visible' })
          .catch((error) => assert.fail(`no bot message starting with "Xin chào" within ${WAIT / 1000} s: ${error.message}${explain(problems)}`));
      });

      await sendBox.fill(QUESTION);
      await sendBox.press('Enter');

      const answer = botBubbles.filter({ hasText: FACT }).first();
      await t.test(`the answer renders and contains "${FACT}"`, async (st) => {
        await answerOrPick(st, answer, page.locator('.webchat__suggested-action', { hasText: exactly(DOCUMENT_NAME) }).first());
        await answer.waitFor({ state: 'visible' }).catch(async (error) => assert.fail(
          `no bot message containing "${FACT}" within ${WAIT / 1000} s (${error.message.split('\n')[0]}); `
          + `the bot said: ${JSON.stringify(await botBubbles.allInnerTexts())}${explain(problems)}`));
        await page.locator('.webchat__bubble--from-user', { hasText: QUESTION }).first().waitFor({ state: 'visible' });
      });

      await t.test('the echo turns the user message from "sending" into "sent"', async () => {
        // Web Chat marks a message sent only after the echo (same clientActivityID, truthy id) and the POST's {id}.
        const outcomes = await page.waitForFunction(() => {
          const settled = /POST_ACTIVITY_(FULFILLED|REJECTED|IMPEDED)$/;
          const sends = window.__actions.filter((a) => a.type === 'DIRECT_LINE/POST_ACTIVITY_PENDING').map((pending) => {
            const done = window.__actions.find((a) => a.meta?.clientActivityID === pending.meta.clientActivityID && settled.test(a.type));
            return { text: pending.activity?.text, clientActivityID: pending.meta.clientActivityID, type: done?.type, activity: done?.activity ?? null, error: done?.error };
          });
          return sends.length > 0 && sends.every((send) => send.type) ? sends : null;
        }, null, { timeout: WAIT }).then((handle) => handle.jsonValue())
          .catch((error) => assert.fail(`Web Chat never settled its sends: ${error.message}${explain(problems)}`));
        assert.ok(outcomes.some((send) => send.text === QUESTION), `Web Chat did not send the question: ${JSON.stringify(outcomes)}`);
        for (const outcome of outcomes) {
          assert.equal(outcome.type, 'DIRECT_LINE/POST_ACTIVITY_FULFILLED', `the send did not succeed: ${JSON.stringify(outcome)}${explain(problems)}`);
          assert.ok(outcome.activity?.id, 'the fulfilled (echoed) activity has an id');
          assert.equal(outcome.activity.channelData?.clientActivityID, outcome.clientActivityID, 'the echo carries the clientActivityID Web Chat posted');
          const stored = await page.evaluate((id) => {
            const activity = window.__store.getState().activities.find((a) => a.channelData?.clientActivityID === id);
            return activity && { id: activity.id, sendStatus: activity.channelData['webchat:send-status'] };
          }, outcome.clientActivityID);
          assert.deepEqual(stored, { id: outcome.activity.id, sendStatus: 'sent' }, 'Web Chat\'s transcript holds the message as sent, under the server\'s id');
        }

        assert.equal(await page.locator('.webchat__activity-status--sending').count(), 0, 'no message still shows "sending"');
      });

      await t.test(`the citation renders as Web Chat's reference list naming "${DOCUMENT_NAME}"`, async () => {
        // Web Chat 4.18 shows entity citations only for Markdown reference-style link definitions in the text
        // ("[1]: <url> \"title\""), matched to the schema.org Claim by position (docs/CITATION.md in BotFramework-WebChat).
        const references = answer.locator('.webchat__link-definitions');
        await references.first().waitFor({ state: 'attached', timeout: 5_000 }).catch(async () => {
          const received = await page.evaluate((fact) => {
            const activity = window.__store.getState().activities.find((a) => a.from?.role === 'bot' && a.text?.includes(fact));
            return activity && { text: activity.text, entities: activity.entities };
          }, FACT);
          assert.fail('the answer has no Web Chat reference list (.webchat__link-definitions). Web Chat needs a Markdown '
            + 'link definition such as `[1]: <url> "title"` in activity.text for each cited position; the activity received was:\n'
            + JSON.stringify(received, null, 2));
        });
        await assert.doesNotReject(references.filter({ hasText: DOCUMENT_NAME }).first().waitFor({ state: 'attached', timeout: 5_000 }),
          `the reference list does not name "${DOCUMENT_NAME}"`);
        const hrefs = await references.locator('a[href]').evaluateAll((links) => links.map((a) => a.href));
        assert.ok(hrefs.some((href) => href.includes(CITATION_PATH)), `no reference links to ${CITATION_PATH}: ${JSON.stringify(hrefs)}`);
      });

      await t.test('still no send failure after the answer arrived', async () => {
        const pageText = await page.locator('body').innerText();
        assert.doesNotMatch(pageText, SEND_FAILED, `the page shows a send failure:\n${pageText}`);
      });
    } finally {
      await page.screenshot({ path: screenshotPath, fullPage: true }).then(
        () => { console.log(`Screenshot of the Web Chat test page: ${screenshotPath}`); t.diagnostic(`screenshot: ${screenshotPath}`); },
        (error) => console.error('could not save the screenshot:', error.message),
      );
    }
  });

  test('our widget at / answers with a cited bot message and clears "sending"', async (t) => {
    const { page, problems } = await newPage(t);
    await page.goto(`${harness.service.baseUrl}/`);
    const input = page.locator('#chat-text');
    await input.waitFor({ state: 'visible' });
    // The widget ignores sends until its conversation has started; wait for the welcome to know it has.
    await page.locator('.msg.bot', { hasText: /^\s*Xin chào/ }).first().waitFor({ state: 'visible' })
      .catch((error) => assert.fail(`the widget showed no welcome within ${WAIT / 1000} s: ${error.message}${explain(problems)}`));

    await input.fill(QUESTION);
    await input.press('Enter');

    const userBubble = page.locator('.msg.user', { hasText: QUESTION }).first();
    await userBubble.waitFor({ state: 'visible' });
    const answer = page.locator('.msg.bot', { hasText: FACT }).first();
    await answerOrPick(t, answer, page.locator('.chat-suggestions button', { hasText: exactly(DOCUMENT_NAME) }).first());
    await answer.waitFor({ state: 'visible' }).catch(async (error) => assert.fail(
      `no .msg.bot containing "${FACT}" within ${WAIT / 1000} s (${error.message.split('\n')[0]}); `
      + `the bot said: ${JSON.stringify(await page.locator('.msg.bot').allInnerTexts())}${explain(problems)}`));

    const links = answer.locator('.citations a');
    assert.ok(await links.count() > 0, 'the answer has no citation links (.citations a)');
    const hrefs = await links.evaluateAll((all) => all.map((a) => a.getAttribute('href')));
    assert.ok(hrefs.some((href) => href.includes(CITATION_PATH)), `no citation link to ${CITATION_PATH}: ${JSON.stringify(hrefs)}`);
    assert.match(await links.first().innerText(), new RegExp(DOCUMENT_NAME));

    await page.waitForFunction(() => !document.querySelector('.msg.user.sending'), null, { timeout: WAIT }).catch(async () => {
      const classes = await page.locator('.msg.user').evaluateAll((all) => all.map((li) => `${li.className}: ${li.textContent}`));
      assert.fail(`a user bubble kept the "sending" class: ${JSON.stringify(classes)}${explain(problems)}`);
    });
    assert.equal(await page.locator('.msg.user.failed').count(), 0, 'a user bubble is marked failed');
  });

  test('our widget opens on ?p=CODE, shows HTML as text, and resumes its conversation after a reload', async (t) => {
    const { page, problems } = await newPage(t);
    await page.goto(`${harness.service.baseUrl}/?p=2.000815&lang=vi`);
    // The deep link (a QR code on a procedure board) makes the bot answer about that procedure unasked.
    await page.locator('.msg.bot', { hasText: 'Chứng thực bản sao' }).first().waitFor({ state: 'visible', timeout: WAIT })
      .catch(async (error) => assert.fail(`no answer about 2.000815 (${error.message.split('\n')[0]}); the bot said: `
        + `${JSON.stringify(await page.locator('.msg.bot').allInnerTexts())}${explain(problems)}`));

    const attack = '<img src=x onerror="window.__xss=1">';
    const input = page.locator('#chat-text');
    await input.fill(attack);
    await input.press('Enter');
    await page.locator('.msg.user', { hasText: attack }).first().waitFor({ state: 'visible', timeout: WAIT });
    await page.waitForFunction(() => !document.querySelector('.msg.user.sending'), null, { timeout: WAIT });
    assert.equal(await page.evaluate(() => window.__xss), undefined, 'the HTML in a message ran');
    assert.equal(await page.locator('.chat-log img').count(), 0, 'the HTML in a message became an element');

    const conversation = () => page.evaluate(() => JSON.parse(sessionStorage.getItem('citizenhelper.conversation')).conversationId);
    const before = await conversation();
    await page.reload();
    await page.locator('.msg.user', { hasText: attack }).first().waitFor({ state: 'visible', timeout: WAIT })
      .catch((error) => assert.fail(`after a reload the earlier message did not come back: ${error.message.split('\n')[0]}${explain(problems)}`));
    assert.equal(await conversation(), before, 'the reload started a new conversation');
    assert.equal(await page.locator('.msg.user', { hasText: attack }).count(), 1, 'a message is shown twice');
  });

  test('DirectLineJS: postActivity yields the id of the echoed activity', async (t) => {
    for (const webSocket of [true, false]) {
      await t.test(webSocket ? 'over the WebSocket stream' : 'over polling', async () => {
        const { page, problems } = await newPage(t);
        await openTestPage(page, 'directline', problems);
        const clientActivityID = `e2e-${randomUUID()}`;
        const result = await page.evaluate(({ clientActivityID, webSocket, timeout }) => new Promise((resolve) => {
          const directLine = window.__createDirectLine({ webSocket, pollingInterval: 500 });
          const seen = [];
          let postedId, echo, statuses = [];
          const finish = (extra) => {
            clearTimeout(timer);
            subscriptions.forEach((s) => s.unsubscribe());
            directLine.end();
            resolve({ postedId, echo, seen, statuses, ...extra });
          };
          const check = () => { if (postedId !== undefined && echo) finish({}); };
          const timer = setTimeout(() => finish({ timedOut: true }), timeout);
          const subscriptions = [
            directLine.connectionStatus$.subscribe((status) => statuses.push(status)),
            directLine.activity$.subscribe((activity) => {
              seen.push({ id: activity.id, type: activity.type, from: activity.from, clientActivityID: activity.channelData?.clientActivityID });
              if (activity.channelData?.clientActivityID === clientActivityID) { echo = activity; check(); }
            }),
          ];
          directLine.postActivity({
            type: 'message',
            from: { id: 'e2e-user', name: 'E2E', role: 'user' },
            locale: 'vi-VN',
            text: 'Lệ phí đăng ký khai sinh?',
            channelData: { clientActivityID },
          }).subscribe({
            next: (id) => { postedId = id; check(); },
            error: (error) => finish({ postError: String(error && (error.message || error.status) || error) }),
          });
        }), { clientActivityID, webSocket, timeout: WAIT });

        const context = `${JSON.stringify({ ...result, echo: result.echo && { id: result.echo.id, channelData: result.echo.channelData } })}${explain(problems)}`;
        assert.equal(result.postError, undefined, `postActivity failed: ${context}`);
        assert.ok(!result.timedOut, `no id and echo within ${WAIT / 1000} s: ${context}`);
        assert.equal(typeof result.postedId, 'string', `postActivity yielded no id: ${context}`);
        assert.ok(result.postedId.length > 0, 'postActivity yielded an empty id');
        assert.equal(result.echo.id, result.postedId, `the echo's id differs from postActivity's id: ${context}`);
        assert.equal(result.echo.channelData?.clientActivityID, clientActivityID, 'the echo lost channelData.clientActivityID');
        assert.equal(result.echo.from?.role, 'user', 'the echo is not from the user');
        assert.equal(result.echo.text, 'Lệ phí đăng ký khai sinh?', 'the echo changed the text');
        assert.ok(result.statuses.includes(2), `DirectLineJS never reported Online (2): ${JSON.stringify(result.statuses)}`);
      });
    }
  });

  test('DirectLineJS: after the server closes its socket it resumes and receives what was sent meanwhile', async (t) => {
    const { page, problems } = await newPage(t);
    await openTestPage(page, 'directline', problems);
    const result = await page.evaluate(({ base, timeout }) => new Promise((resolve) => {
      const directLine = window.__createDirectLine({ webSocket: true });
      const statuses = [];
      const answers = [];
      let stolen = false;
      const timer = setTimeout(() => done({ timedOut: true }), timeout);
      const done = (extra) => { clearTimeout(timer); directLine.end(); resolve({ statuses, answers, ...extra }); };
      directLine.activity$.subscribe((activity) => {
        const procedure = activity.channelData?.citizenHelper?.procedure;
        if (activity.type === 'message' && activity.from?.role === 'bot' && procedure) {
          answers.push(procedure);
          if (procedure === '2.000815') done({});
        }
      });
      directLine.connectionStatus$.subscribe(async (status) => {
        statuses.push(status);
        if (status !== 2 || stolen) return;
        stolen = true;
        try {
          // A second stream for the conversation makes the server close DirectLineJS's socket.
          const headers = { Authorization: `Bearer ${directLine.token}`, 'Content-Type': 'application/json' };
          const url = `${base}/v3/directline/conversations/${encodeURIComponent(directLine.conversationId)}`;
          const resumed = await (await fetch(url, { headers })).json();
          const thief = new WebSocket(resumed.streamUrl);
          await new Promise((opened) => { thief.onopen = opened; });
          // Sent while DirectLineJS has no socket: it must arrive after it resumes.
          await fetch(`${url}/activities`, { method: 'POST', headers, body: JSON.stringify({ type: 'message', text: 'lệ phí chứng thực bản sao', from: { id: 'e2e-user' } }) });
          setTimeout(() => thief.close(), 500);
        } catch (error) {
          done({ error: String(error) });
        }
      });
    }), { base: harness.service.baseUrl, timeout: 45_000 });

    const context = `${JSON.stringify(result)}${explain(problems)}`;
    assert.equal(result.error, undefined, context);
    assert.ok(!result.timedOut, `the answer sent while the socket was closed never arrived: ${context}`);
    assert.ok(result.answers.includes('2.000815'), context);
  });
});
