// The staff console end to end, in Chromium: a citizen asks something the bot cannot answer in the official Web
// Chat; an administrator creates a staff account for the citizen's commune; the staff member signs in, finds the
// question, replies; the citizen sees the reply in the same Web Chat; staff resolves; the dashboard counts it.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { WAIT, useBrowserAndService } from './harness.mjs';

const COMMUNE = 'Xã Cư Jút'; // a unit of knowledge/centers/sample.csv: decides the escalation's center
const COMMUNE_CODE = '24640'; // centers are kept by unit code (names repeat across provinces)
const UNANSWERABLE = 'xin giấy phép nuôi chim yến ở nhà';
const REPLY = 'Chào bạn, việc nuôi chim yến không cần giấy phép ở xã; cán bộ địa chính sẽ gọi lại để hướng dẫn.';
const STAFF = { email: 'canbo.cujut@center.test', password: 'Can-bo-Cu-Jut-2026' };

describe('Staff console with the official Web Chat', () => {
  const harness = useBrowserAndService();
  const { explain, newPage, openTestPage } = harness;

  async function signIn(page, { email, password }) {
    await page.goto(`${harness.service.baseUrl}/staff`);
    // Not signed in: the console sends the browser to its sign-in page.
    assert.match(page.url(), /\/staff\/login/);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel(/Mật khẩu/).fill(password);
    await page.getByRole('button', { name: /Đăng nhập/ }).click();
    await page.waitForURL(/\/staff$/);
  }

  test('a question the bot cannot answer is answered by staff in the same Web Chat, resolved and counted', async (t) => {
    // The citizen, in Web Chat, says where they live and then asks something the knowledge base does not cover.
    const citizen = await newPage(t);
    await openTestPage(citizen.page, 'webchat', citizen.problems);
    const botBubbles = citizen.page.locator('.webchat__bubble:not(.webchat__bubble--from-user)');
    await botBubbles.filter({ hasText: /Xin chào/ }).first().waitFor({ state: 'visible' });
    const sendBox = citizen.page.locator('[data-id="webchat-sendbox-input"]');
    await sendBox.fill(`Tôi ở ${COMMUNE}`);
    await sendBox.press('Enter');
    await botBubbles.filter({ hasText: /Tâm Thắng/ }).first().waitFor({ state: 'visible' })
      .catch(() => assert.fail(`the bot did not answer about the commune${explain(citizen.problems)}`));
    await sendBox.fill(UNANSWERABLE);
    await sendBox.press('Enter');
    const escalated = botBubbles.filter({ hasText: /Mã tra cứu/ }).first();
    await escalated.waitFor({ state: 'visible' }).catch(() => assert.fail(`the bot did not escalate${explain(citizen.problems)}`));
    const reference = (await escalated.innerText()).match(/CH-[A-Z0-9]{6}/)?.[0];
    assert.ok(reference, 'the escalation message carries a reference code');
    t.diagnostic(`escalated as ${reference}`);

    // The administrator creates a staff account for that commune's center, in the console.
    const admin = await newPage(t);
    await signIn(admin.page, harness.service.admin);
    await admin.page.goto(`${harness.service.baseUrl}/staff/users`);
    await admin.page.locator('input[name="email"]').fill(STAFF.email);
    await admin.page.locator('input[name="name"]').fill('Cán bộ Cư Jút');
    await admin.page.locator('input[name="password"]').fill(STAFF.password);
    await admin.page.locator(`input[name="centers"][value="${COMMUNE_CODE}"]`).check();
    await admin.page.getByRole('button', { name: /Tạo/ }).click();
    await admin.page.getByText(`Created ${STAFF.email}`).waitFor({ state: 'visible' });

    // The staff member signs in, finds the question in the queue and replies.
    const staff = await newPage(t);
    await signIn(staff.page, STAFF);
    await staff.page.locator('input[name="q"]').fill('chim yến');
    await staff.page.getByRole('button', { name: /Lọc/ }).click();
    await staff.page.getByRole('link', { name: reference }).click();
    await staff.page.waitForURL(new RegExp(`/staff/escalations/${reference}`));
    assert.match(await staff.page.locator('#transcript').innerText(), /chim yến/);
    await staff.page.locator('textarea[name="text"]').fill(REPLY);
    const sentAt = Date.now();
    await staff.page.getByRole('button', { name: /Gửi trả lời/ }).click();

    // The citizen sees it in the same Web Chat, without reloading.
    await botBubbles.filter({ hasText: REPLY }).first().waitFor({ state: 'visible', timeout: WAIT })
      .catch(() => assert.fail(`the staff reply did not reach Web Chat${explain(citizen.problems)}`));
    t.diagnostic(`staff reply shown in the citizen's Web Chat ${Date.now() - sentAt} ms after "send" was clicked`);
    await staff.page.getByText(/The reply was delivered/).waitFor({ state: 'visible' });

    // Staff resolves it.
    await staff.page.getByText(/Đánh dấu xong…/).click();
    await staff.page.getByRole('button', { name: /Xác nhận: đã xong/ }).click();
    await staff.page.getByText('Đã đánh dấu xong').waitFor({ state: 'visible' });
    assert.match(await staff.page.locator('#status').innerText(), /Resolved/);

    // The dashboard counts the escalation and the time to the staff reply.
    await staff.page.goto(`${harness.service.baseUrl}/staff/dashboard?days=7`);
    assert.ok(Number(await staff.page.locator('#escalations').innerText()) >= 1, 'the dashboard counts the escalation');
    assert.doesNotMatch(await staff.page.locator('#median-reply').innerText(), /^—$/, 'the dashboard has a time to staff reply');
    assert.equal(await staff.page.locator('svg').first().isVisible(), true);
    assert.deepEqual([...citizen.problems, ...admin.problems, ...staff.problems], []);
  });
});
