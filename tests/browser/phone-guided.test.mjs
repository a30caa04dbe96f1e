// Guided mode on a 360×740 phone (issue #18, points 5 and 6), in Debian's headless Chromium: papers needed only in
// some situations are asked as the situation first; "what is this paper?" says what it is and where it comes from;
// "say it simpler" is one sentence with at most one hard word behind a "?", its buttons in view; read-aloud's text
// (the activity's speak) is the step or paper and its question only. Every screen: axe-core finds nothing serious or
// critical, and its screenshot is kept (TestResults/screenshots/).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { chromium } from 'playwright-core';

import { CHROMIUM, CHROMIUM_ARGS, WAIT } from './harness.mjs';
import { PHONE, checkScreen } from './phone.mjs';
import { startService } from './service.mjs';

describe('guided mode on a phone', () => {
  let service;
  let browser;

  before(async () => {
    service = await startService();
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  });

  after(async () => {
    await browser?.close().catch(() => {});
    await service?.stop();
  });

  /** A phone page on the birth-registration guide; the bot's activities as the stream delivered them. */
  async function openGuide(t) {
    const context = await browser.newContext({ ...PHONE, locale: 'vi-VN' });
    t.after(() => context.close().catch(() => {}));
    const page = await context.newPage();
    page.setDefaultTimeout(WAIT);
    const problems = [];
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    const activities = [];
    page.on('websocket', (socket) => socket.on('framereceived', ({ payload }) => {
      try { activities.push(...(JSON.parse(String(payload)).activities || [])); } catch { /* keep-alive */ }
    }));
    await page.goto(`${service.baseUrl}/?p=1.001193&mode=guided&lang=vi`);
    await lastBot(page, 'Giấy tờ 1/6');
    return { page, problems, activities };
  }

  /** The newest bot message, once one containing the text has arrived. */
  async function lastBot(page, text) {
    await page.locator('.msg.bot', { hasText: text }).last().waitFor();
    return page.locator('.msg.bot').last();
  }

  /** Presses a suggestion and waits for a new bot message containing the expected text. */
  async function press(page, title, expected) {
    const before = await page.locator('.msg.bot').count();
    await page.locator('.chat-suggestions button', { hasText: title }).first().click();
    await page.waitForFunction(([n, text]) => [...document.querySelectorAll('.msg.bot')].slice(n).some((m) => m.textContent.includes(text)), [before, expected]);
    return page.locator('.msg.bot').last();
  }

  const chipTitles = (page) => page.locator('.chat-suggestions button').allInnerTexts();

  /** Whether an element lies wholly inside the phone's screen. */
  const inView = (locator) => locator.evaluate((el) => {
    const box = el.getBoundingClientRect();
    return box.top >= 0 && box.left >= 0 && box.bottom <= window.innerHeight && box.right <= window.innerWidth;
  });

  test('a paper needed only in some situations is asked as the situation first; "what is this paper?" says what and where', async (t) => {
    const { page, problems } = await openGuide(t);
    await checkScreen(t, page, 'guided-paper');

    let message = await press(page, 'Giấy này là gì?', 'Về giấy này');
    const what = await message.innerText();
    assert.match(what, /Tờ khai/);
    assert.match(what, /Lấy ở đâu: /);
    await checkScreen(t, page, 'guided-what-is-this');

    await press(page, '✔ Đã có', 'Giấy tờ 2/6');
    message = await press(page, '✔ Đã có', 'Giấy tờ 3/6');
    const situation = await message.innerText();
    assert.match(situation, /trẻ bị bỏ rơi/);
    assert.doesNotMatch(situation, /biên bản/i, 'the paper itself is not asked before the situation');
    assert.deepEqual(await chipTitles(page), ['Đúng, trường hợp của tôi', 'Không phải trường hợp của tôi', '◀ Quay lại', 'Dừng']);
    await checkScreen(t, page, 'guided-situation');

    message = await press(page, 'Không phải trường hợp của tôi', 'Giấy tờ 4/6');
    assert.match(await message.innerText(), /mang thai hộ/);
    message = await press(page, 'Đúng, trường hợp của tôi', 'Bạn đã có giấy này chưa?');
    assert.match(await message.innerText(), /xác nhận việc mang thai hộ/);
    assert.ok((await chipTitles(page)).includes('✔ Đã có'));
    await checkScreen(t, page, 'guided-situation-paper');
    assert.deepEqual(problems, []);
  });

  test('"say it simpler" is one sentence with at most one word behind a "?", buttons in view; read-aloud text is the step only', async (t) => {
    const { page, problems, activities } = await openGuide(t);
    for (let paper = 1; paper <= 6; paper++) {
      const titles = await chipTitles(page);
      const title = titles.includes('Không phải trường hợp của tôi') ? 'Không phải trường hợp của tôi' : '✔ Đã có';
      await press(page, title, paper < 6 ? `Giấy tờ ${paper + 1}/6` : 'Tiếp theo là các bước');
    }
    await press(page, 'Tiếp ▶', 'Bước 1/5');
    await page.locator('.chat-suggestions').evaluate((el) => el.scrollIntoView({ block: 'end' }));
    await checkScreen(t, page, 'guided-step');

    const message = await press(page, 'Nói dễ hiểu hơn', 'Bước 1/5, nói gọn');
    const paragraphs = await message.locator('p').allInnerTexts();
    assert.equal(paragraphs.length, 2, `a heading and one sentence: ${JSON.stringify(paragraphs)}`);
    assert.equal(paragraphs[1].match(/[.?!](\s|$)/g)?.length, 1, `one sentence: ${paragraphs[1]}`);
    assert.equal(await message.locator('li').count(), 0, 'no glossary list');
    const titles = await chipTitles(page);
    assert.ok(titles.filter((title) => title.startsWith('❓')).length <= 1, titles.join(' | '));
    // The message and its buttons fit on the phone's screen together (keeping them in view as answers arrive is the
    // widget's scrolling, issue #18 point 1): brought into view, the message's start and every button are on screen.
    const chips = page.locator('.chat-suggestions');
    await chips.locator('button').first().waitFor();
    await chips.evaluate((el) => el.scrollIntoView({ block: 'end' }));
    const buttons = chips.locator('button');
    for (let i = 0; i < await buttons.count(); i++) assert.ok(await inView(buttons.nth(i)), `button "${titles[i]}" is off the screen`);
    assert.ok(await message.evaluate((el) => el.getBoundingClientRect().top >= 0), 'the start of the simpler wording is off the screen with its buttons');
    const simpler = activities.filter((a) => a.type === 'message' && /nói gọn/.test(a.text || '')).at(-1);
    assert.equal(simpler.speak, paragraphs[1], 'read-aloud says the sentence, not the heading or the source');
    await checkScreen(t, page, 'guided-simpler');

    const term = titles.find((title) => title.startsWith('❓'));
    if (term) {
      const explained = await press(page, term, ': ');
      assert.match(await explained.innerText(), /\S+: \S+/);
      await chips.evaluate((el) => el.scrollIntoView({ block: 'end' }));
      await checkScreen(t, page, 'guided-term');
    }
    const step = activities.filter((a) => a.type === 'message' && /^\*\*Bước 1\/5\*\*/.test(a.text || '')).at(-1);
    assert.ok(step.speak && !step.speak.includes('Bước 1/5') && !step.speak.includes('http'), `step speak: ${step.speak}`);
    assert.deepEqual(problems, []);
  });
});
