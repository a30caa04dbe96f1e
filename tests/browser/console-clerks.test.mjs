// The staff console as clerks use it (issue #20), in Chromium: two clerks of different centers and an administrator.
// Every console page is checked with axe-core (no serious or critical finding), at a laptop's size and on a phone.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { WAIT, useBrowserAndService } from './harness.mjs';
import { PHONE, checkScreen, keepScreenshot, seriousViolations } from './phone.mjs';
import { allowedOrigin } from './service.mjs';

const UNANSWERABLE = 'xin giấy phép nuôi chim yến ở nhà';
const CLERK_A = { email: 'canbo.a@center.test', password: 'Can-bo-Cu-Jut-2026', center: '24640', commune: 'Xã Cư Jút' };
const CLERK_B = { email: 'canbo.b@center.test', password: 'Can-bo-Lac-Duong-2026', center: '24848', commune: 'Xã Lạc Dương' };
const LAPTOP = { viewport: { width: 1366, height: 800 } };
const VIETNAM_TIME = /\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/;
const ANSWERABLE = 'Đăng ký khai sinh cần giấy tờ gì?';
// Center A's staff work only tomorrow (in Vietnam), so they are away whatever the time of the run; B has no hours.
const TOMORROW = new Date(Date.now() + (7 + 24) * 3600_000); // its UTC fields read as Vietnam's tomorrow
const TOMORROW_DATE = `${String(TOMORROW.getUTCDate()).padStart(2, '0')}/${String(TOMORROW.getUTCMonth() + 1).padStart(2, '0')}/${TOMORROW.getUTCFullYear()}`;
const HOURS_A = `${['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][TOMORROW.getUTCDay()]} 07:30-11:30`;

describe('Staff console for clerks', () => {
  const harness = useBrowserAndService({ [`Staff__WorkingHours__${CLERK_A.center}`]: HOURS_A });
  const { explain } = harness;
  const base = () => harness.service.baseUrl;

  async function json(path, { token, method = 'GET', body } = {}) {
    const response = await fetch(base() + path, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}), origin: allowedOrigin },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
    return text ? JSON.parse(text) : undefined;
  }

  let adminToken;
  async function admin() {
    adminToken ??= (await json('/api/staff/login', { method: 'POST', body: harness.service.admin })).accessToken;
    return adminToken;
  }

  const created = new Set();
  async function clerk(account) {
    if (!created.has(account.email)) {
      await json('/api/staff/users', { token: await admin(), method: 'POST', body: { email: account.email, name: account.email, password: account.password, role: 'staff', centers: [account.center] } });
      created.add(account.email);
    }
    return account;
  }

  /** A citizen's Direct Line conversation (as a widget has it) that says where they live, then asks; the reference. */
  async function escalate(question, commune) {
    return (await converse(commune, [], question)).reference;
  }

  /**
   * A citizen's conversation: says where they live, asks each of `answered` (waiting for the bot to answer it), then
   * `escalated`; the escalation's reference and the bot's message about it.
   */
  async function converse(commune, answered, escalated) {
    const { token } = await json('/api/directline/token', { method: 'POST' });
    const { conversationId } = await json('/v3/directline/conversations', { token, method: 'POST' });
    const say = (text) => json(`/v3/directline/conversations/${conversationId}/activities`, { token, method: 'POST', body: { type: 'message', from: { id: 'citizen' }, text } });
    const botMessages = async () => (await json(`/v3/directline/conversations/${conversationId}/activities`, { token })).activities.filter((a) => a.type === 'message' && a.from.role === 'bot');
    const until = async (what, condition) => {
      const deadline = Date.now() + WAIT;
      for (;;) {
        const found = condition(await botMessages());
        if (found) return found;
        if (Date.now() > deadline) assert.fail(`the bot did not give ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    };
    if (commune) {
      await say(`Tôi ở ${commune}`);
      await until('the answer about the commune', (messages) => messages.length >= 2);
    }
    for (const question of answered) {
      const before = (await botMessages()).length;
      await say(question);
      const reply = await until(`the answer to '${question}'`, (messages) => messages.length > before && messages[messages.length - 1]);
      assert.equal(reply.channelData?.citizenHelper?.outcome, 'answered', `the bot answers '${question}'`);
    }
    await say(escalated);
    const escalation = await until('the escalation reply', (messages) => messages.find((m) => m.channelData?.citizenHelper?.reference));
    return { reference: escalation.channelData.citizenHelper.reference, text: escalation.text };
  }

  async function signedIn(t, account, size = LAPTOP) {
    const context = await harness.browser.newContext({ locale: 'vi-VN', ...size });
    t.after(() => context.close().catch(() => {}));
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('console', (message) => { if (message.type() === 'error') problems.push(`console.error: ${message.text()}`); });
    page.setDefaultTimeout(WAIT);
    await page.goto(`${base()}/staff/login`);
    await page.getByLabel('Email').fill(account.email);
    await page.getByLabel(/Mật khẩu/).fill(account.password);
    await page.getByRole('button', { name: /Đăng nhập/ }).click();
    await page.waitForURL(/\/staff$/);
    return { page, problems };
  }

  async function accessible(page, name) {
    assert.deepEqual(await seriousViolations(page), [], `axe-core on ${name}`);
  }

  test('a clerk finds her center\'s question without diacritics, reads it as a chat, replies from a canned reply and resolves after confirming', async (t) => {
    const a = await clerk(CLERK_A);
    const b = await clerk(CLERK_B);
    const referenceA = await escalate(UNANSWERABLE, a.commune);
    const referenceB = await escalate(UNANSWERABLE, b.commune);

    const { page, problems } = await signedIn(t, a);
    // The skip link is the first stop of the keyboard.
    await page.keyboard.press('Tab');
    assert.match(await page.evaluate(() => document.activeElement?.textContent ?? ''), /Bỏ qua/);
    // Search ignores case and diacritics; a clerk sees her center's escalations only.
    await page.locator('input[name="q"]').fill('CHIM YEN');
    await page.getByRole('button', { name: /Lọc/ }).click();
    const row = page.locator(`tr[data-reference="${referenceA}"]`);
    await row.waitFor({ state: 'visible' });
    assert.equal(await page.locator(`tr[data-reference="${referenceB}"]`).count(), 0, 'clerk A does not see center B\'s escalation');
    assert.match(await row.innerText(), VIETNAM_TIME);
    assert.match(await row.innerText(), /Web \/ Direct Line/);
    await accessible(page, 'the queue');

    await page.getByRole('link', { name: referenceA }).click();
    await page.waitForURL(new RegExp(`/staff/escalations/${referenceA}`));
    // The transcript is a chat: the citizen's and the bot's messages apart, no raw Markdown, no <pre>.
    const transcript = page.locator('#transcript');
    assert.ok(await transcript.locator('li.from-user').count() >= 2);
    assert.ok(await transcript.locator('li.from-bot').count() >= 2);
    assert.doesNotMatch(await transcript.innerText(), /\*\*|^#+ /m);
    assert.equal(await page.locator('pre').count(), 0);
    assert.match(await transcript.innerText(), VIETNAM_TIME);
    assert.match(await page.locator('#channel').innerText(), /Web \/ Direct Line/);
    await accessible(page, 'the escalation page');

    // A canned reply fills the box; the clerk sends it.
    await page.getByText(/Câu trả lời mẫu/).click();
    const canned = page.locator('button.canned-reply').first();
    const cannedText = await canned.getAttribute('data-text');
    await canned.click();
    assert.equal(await page.locator('#reply').inputValue(), cannedText);
    await page.getByRole('button', { name: /Gửi trả lời/ }).click();
    await page.getByText(/The reply was delivered/).waitFor({ state: 'visible' });
    assert.match(await page.locator('#transcript li.from-staff').last().innerText(), /Cán bộ/);

    // Resolve asks first.
    assert.equal(await page.getByRole('button', { name: /Xác nhận: đã xong/ }).isVisible(), false);
    await page.getByText(/Đánh dấu xong…/).click();
    await page.getByRole('button', { name: /Xác nhận: đã xong/ }).click();
    await page.getByText('Đã đánh dấu xong').waitFor({ state: 'visible' });
    assert.match(await page.locator('#status').innerText(), /Resolved/);

    // Clerk B cannot open A's escalation.
    const other = await signedIn(t, b);
    const response = await other.page.goto(`${base()}/staff/escalations/${referenceA}`);
    assert.equal(response.status(), 404);
    assert.match(await other.page.locator('[role="alert"]').innerText(), /Không có yêu cầu/);
    // (Chromium reports the 404 it was just given as a console error: that one is expected.)
    assert.deepEqual([...problems, ...other.problems.filter((p) => !/status of 404/.test(p))], []);
  });

  test('every console page has no serious or critical axe-core finding, for a clerk and an administrator, on a laptop and a phone', async (t) => {
    const a = await clerk(CLERK_A);
    const reference = await escalate(UNANSWERABLE, a.commune);
    const clerkPages = ['/staff', `/staff/escalations/${reference}`, '/staff/dashboard', '/staff/drafts', '/staff/posters', '/staff/guided', `/staff/escalations/${reference}/draft`];
    const adminPages = [...clerkPages, '/staff/users', `/staff/users/${encodeURIComponent(a.email)}`, '/staff/audit', '/staff/portal'];

    for (const [who, account, pages] of [['clerk', a, clerkPages], ['admin', harness.service.admin, adminPages]]) {
      for (const [size, viewport] of [['laptop', LAPTOP], ['phone', PHONE]]) {
        const { page, problems } = await signedIn(t, account, viewport);
        for (const path of pages) {
          const response = await page.goto(base() + path);
          assert.equal(response.status(), 200, `${path} for the ${who}`);
          if (size === 'phone') {
            await checkScreen(t, page, `console-${who}-${path.replace(/[^a-z0-9]+/gi, '-')}`);
            // Nothing wider than the phone but the tables that scroll on their own.
            const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
            assert.ok(overflow <= 1, `${path} is ${overflow}px wider than the phone`);
          } else {
            await accessible(page, `${path} for the ${who}`);
          }
        }
        assert.deepEqual(problems, [], `${who} on a ${size}${explain(problems)}`);
      }
    }
    // The sign-in page, signed out.
    const context = await harness.browser.newContext({ locale: 'vi-VN', ...PHONE });
    t.after(() => context.close().catch(() => {}));
    const page = await context.newPage();
    await page.goto(`${base()}/staff/login`);
    await checkScreen(t, page, 'console-sign-in');
  });

  test('the queue is live: a new escalation appears without reloading, counted in the title; the other center\'s clerk does not see it', async (t) => {
    const a = await clerk(CLERK_A);
    const b = await clerk(CLERK_B);
    const clerkA = await signedIn(t, a);
    const clerkB = await signedIn(t, b);
    // The chime, counted instead of played: clerk A turns the sound on (kept for her next visit), clerk B leaves it off.
    for (const { page } of [clerkA, clerkB]) {
      await page.context().addInitScript(() => {
        window.chimes = 0;
        window.AudioContext = class {
          constructor() { window.chimes += 1; this.currentTime = 0; this.destination = {}; }
          createOscillator() { return { frequency: {}, connect: (next) => next, start() {}, stop() {} }; }
          createGain() { return { gain: { setValueAtTime() {}, exponentialRampToValueAtTime() {} }, connect: (next) => next }; }
        };
      });
    }
    await clerkA.page.getByLabel(/Chuông khi có yêu cầu mới/).check();
    await clerkA.page.reload();
    await clerkB.page.reload();
    assert.equal(await clerkA.page.getByLabel(/Chuông khi có yêu cầu mới/).isChecked(), true, 'the sound setting is kept');
    const openBefore = Number(await clerkA.page.locator('#queue-open').innerText());

    const reference = await escalate(UNANSWERABLE, a.commune);

    await clerkA.page.locator(`tr[data-reference="${reference}"]`).waitFor({ state: 'visible' });
    assert.match(await clerkA.page.locator(`tr[data-reference="${reference}"]`).getAttribute('class'), /unread/);
    await clerkA.page.waitForFunction((count) => document.title.startsWith(`(${count}) `), openBefore + 1);
    await clerkA.page.waitForFunction(() => window.chimes === 1);
    assert.equal(await clerkB.page.evaluate(() => window.chimes), 0, 'no chime for clerk B, whose sound is off and whose queue did not change');
    // Clerk B's queue, live or reloaded, has nothing of center A's.
    await clerkB.page.reload();
    assert.equal(await clerkB.page.locator(`tr[data-reference="${reference}"]`).count(), 0);
    assert.deepEqual([...clerkA.problems, ...clerkB.problems], []);
  });

  test('an escalation with no center is flagged for the administrator, who routes it to a center', async (t) => {
    await clerk(CLERK_A);
    const reference = await escalate(UNANSWERABLE);
    const { page, problems } = await signedIn(t, harness.service.admin);
    await page.locator('#no-center a').click();
    const row = page.locator(`tr[data-reference="${reference}"]`);
    await row.waitFor({ state: 'visible' });
    assert.match(await row.innerText(), /Chưa có Trung tâm/);
    await page.getByRole('link', { name: reference }).click();
    await page.getByLabel(/Chuyển Trung tâm/).selectOption(CLERK_A.center);
    await page.getByRole('button', { name: /Chuyển · Route/ }).click();
    await page.waitForURL(/done=route/);
    assert.match(await page.locator('table.meta').innerText(), /Xã Cư Jút/);
    assert.deepEqual(problems, []);
  });

  /** This week's row of the dashboard's per-week table: questions, answered by the bot, hand-offs. */
  async function thisWeek(page) {
    const row = page.locator('#per-week tbody tr').last();
    return {
      questions: Number(await row.locator('td.questions').innerText()),
      answered: Number(await row.locator('td.containment').getAttribute('data-answered')),
      handOffs: Number(await row.locator('td.handoffs').innerText()),
    };
  }

  test('the dashboard counts each center\'s week for its clerk, the administrator picks a center, and the queue shows the center\'s hours', async (t) => {
    const a = await clerk(CLERK_A);
    const b = await clerk(CLERK_B);
    const clerkA = await signedIn(t, a);
    const clerkB = await signedIn(t, b);
    const admin = await signedIn(t, harness.service.admin);
    await clerkA.page.goto(`${base()}/staff/dashboard?weeks=4`);
    await clerkB.page.goto(`${base()}/staff/dashboard?weeks=4`);
    const [beforeA, beforeB] = [await thisWeek(clerkA.page), await thisWeek(clerkB.page)];

    // A's citizen names the commune (answered with its center), asks about birth registration (answered) and the
    // swiftlet licence (handed off): outside A's hours, told when staff are back. Then B's citizen asks the licence.
    const ofA = await converse(a.commune, [ANSWERABLE], UNANSWERABLE);
    assert.match(ofA.text, /ngoài giờ làm việc/);
    assert.match(ofA.text, new RegExp(`từ 07:30 ngày ${TOMORROW_DATE}`));
    await clerkA.page.reload();
    await clerkB.page.reload();
    assert.deepEqual(await thisWeek(clerkA.page), { questions: beforeA.questions + 3, answered: beforeA.answered + 2, handOffs: beforeA.handOffs + 1 });
    assert.deepEqual(await thisWeek(clerkB.page), beforeB, 'center B\'s figures do not move with center A\'s citizen');
    await converse(b.commune, [], UNANSWERABLE);
    await clerkB.page.reload();
    const afterB = await thisWeek(clerkB.page);
    assert.deepEqual(afterB, { questions: beforeB.questions + 2, answered: beforeB.answered + 1, handOffs: beforeB.handOffs + 1 });
    await clerkA.page.reload();
    const afterA = await thisWeek(clerkA.page);
    assert.equal(afterA.handOffs, beforeA.handOffs + 1, 'center A\'s figures do not move with center B\'s citizen');

    // What a clerk reads: the weeks in Vietnam time, both charts, the questions most handed to staff; no choice of center.
    assert.equal(await clerkA.page.locator('#per-week tbody tr').count(), 4);
    assert.match(await clerkA.page.locator('#per-week tbody tr').last().locator('th').innerText(), /Tuần · Week \d+ · \d{2}\/\d{2}–\d{2}\/\d{2}\/\d{4}/);
    assert.equal(await clerkA.page.locator('svg[aria-labelledby="containment-per-week"]').isVisible(), true);
    assert.equal(await clerkA.page.locator('svg[aria-labelledby="handoffs-per-week"]').isVisible(), true);
    assert.match(await clerkA.page.locator('#top-unanswered').innerText(), /chim yến/);
    assert.equal(await clerkA.page.locator('select[name="center"]').count(), 0);
    await accessible(clerkA.page, 'the dashboard for clerk A');
    t.diagnostic(`screenshot: ${await keepScreenshot(clerkA.page, 'console-dashboard-clerk-a')}`);

    // The administrator picks center A: the same week; the whole province lists both centers.
    await admin.page.goto(`${base()}/staff/dashboard?weeks=4`);
    assert.equal(await admin.page.locator(`#per-center tr[data-center="${a.center}"]`).count(), 1);
    assert.equal(await admin.page.locator(`#per-center tr[data-center="${b.center}"]`).count(), 1);
    await accessible(admin.page, 'the province dashboard');
    await admin.page.getByLabel(/Trung tâm · Center/).selectOption(a.center);
    await admin.page.getByRole('button', { name: /Xem · Show/ }).click();
    await admin.page.waitForURL(new RegExp(`center=${a.center}`));
    assert.deepEqual(await thisWeek(admin.page), afterA);
    assert.match(await admin.page.locator('#scope').innerText(), /Xã Cư Jút/);
    await accessible(admin.page, 'the dashboard of center A for the administrator');
    t.diagnostic(`screenshot: ${await keepScreenshot(admin.page, 'console-dashboard-admin-center-a')}`);

    // The queue: A's hours and when its staff are back; B has none set; the administrator sees A's.
    await clerkA.page.goto(`${base()}/staff`);
    const hours = clerkA.page.locator('#working-hours');
    assert.match(await hours.innerText(), /07:30–11:30/);
    assert.match(await hours.innerText(), new RegExp(`trở lại lúc ${TOMORROW_DATE} 07:30`));
    await accessible(clerkA.page, 'the queue with working hours');
    await clerkB.page.goto(`${base()}/staff`);
    assert.equal(await clerkB.page.locator('#working-hours').count(), 0);
    await admin.page.goto(`${base()}/staff`);
    assert.equal(await admin.page.locator(`#working-hours li[data-center="${a.center}"]`).count(), 1);

    // On a phone: the weekly table and the hours fit, and keep their screenshots.
    const phone = await signedIn(t, a, PHONE);
    await phone.page.goto(`${base()}/staff/dashboard?weeks=4`);
    await phone.page.locator('#weekly').scrollIntoViewIfNeeded();
    await checkScreen(t, phone.page, 'console-dashboard-weekly-phone');
    await phone.page.goto(`${base()}/staff`);
    await checkScreen(t, phone.page, 'console-queue-hours-phone');
    assert.deepEqual([...clerkA.problems, ...clerkB.problems, ...admin.problems, ...phone.problems], []);
  });
});
