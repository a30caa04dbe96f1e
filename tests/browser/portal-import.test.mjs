// Keeping in step with the national records, end to end: `kb import-portal` on a newer crawl (the bundled records with
// the fee of "Tách hộ" raised and the time of "Gia hạn tạm trú" shortened) writes a change report; an administrator
// sees the diff in the console, approves the fee and rejects the time; the citizen then asks the bot and is answered
// with the new fee, cited. The service runs on a copy of the knowledge folder: approving writes into it.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';

import { WAIT, useBrowserAndService } from './harness.mjs';
import { repoRoot } from './service.mjs';

const FEE_CODE = '1.010038'; // Tách hộ: in person 10.000 → 12.000 đồng
const TIME_CODE = '1.002755'; // Gia hạn tạm trú: 3 → 2 working days
const QUESTION = 'Lệ phí tách hộ bao nhiêu?';
const APPROVE_WAIT = 180_000;

/** The bundled records as a newer crawl, with the fee and the time changed. */
async function writeCrawl(file) {
  const lines = gunzipSync(await readFile(path.join(repoRoot, 'knowledge', 'portal', 'records.jsonl.gz'))).toString('utf8').split('\n').filter(Boolean);
  const crafted = lines.map((line) => {
    const record = JSON.parse(line);
    const data = record.data;
    if (data.code === FEE_CODE) {
      for (const fee of data.executionMethods.flatMap((m) => m.fees)) {
        if (fee.value === 10000) {
          fee.value = 12000;
          fee.description = fee.description.replaceAll('10.000', '12.000');
        }
      }
    } else if (data.code === TIME_CODE) {
      for (const method of data.executionMethods) method.processingTime = 2;
    } else {
      return line;
    }
    return JSON.stringify(record);
  });
  await writeFile(file, `${crafted.join('\n')}\n`);
}

describe('Portal changes: import, review in the console, served to citizens', () => {
  let work;
  let importOutput = '';
  const harness = useBrowserAndService(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'citizenhelper-portal-'));
    const knowledge = path.join(work, 'knowledge');
    await cp(path.join(repoRoot, 'knowledge'), knowledge, { recursive: true, filter: (source) => !source.includes(`${path.sep}pending`) });
    const crawl = path.join(work, 'crawl.jsonl');
    await writeCrawl(crawl);
    const { stdout } = await promisify(execFile)('dotnet',
      ['run', '--no-build', '-c', 'Release', '--project', path.join(repoRoot, 'src', 'CitizenHelper.Web'), '--', 'kb', 'import-portal', crawl, knowledge],
      { env: { ...process.env, DOTNET_NOLOGO: '1' }, maxBuffer: 16 * 1024 * 1024 });
    importOutput = stdout;
    return { Knowledge__Path: knowledge };
  });
  after(async () => { if (work) await rm(work, { recursive: true, force: true }); });
  const { explain, newPage } = harness;

  async function signIn(page, { email, password }) {
    await page.goto(`${harness.service.baseUrl}/staff`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel(/Mật khẩu/).fill(password);
    await page.getByRole('button', { name: /Đăng nhập/ }).click();
    await page.waitForURL(/\/staff$/);
  }

  test('an administrator approves a new fee and rejects a new time; the bot then answers with the new fee, cited', async (t) => {
    assert.match(importOutput, /2 changed, 0 added, 0 removed, 0 records not usable; nothing changed/);

    // The administrator opens the portal changes from the console's menu and sees the fee's diff.
    const admin = await newPage(t);
    await signIn(admin.page, harness.service.admin);
    await admin.page.getByRole('link', { name: /Portal changes/ }).click();
    await admin.page.waitForURL(/\/staff\/portal$/);
    const fee = admin.page.locator(`#change-${FEE_CODE.replace('.', '\\.')}`);
    await fee.locator('.portal-fields td', { hasText: 'DIRECT: 12.000 đồng' }).first().waitFor({ state: 'visible' })
      .catch(() => assert.fail(`no fee change 12.000 đồng shown for ${FEE_CODE}${explain(admin.problems)}`));
    await fee.locator('.portal-fields td', { hasText: 'DIRECT: 10.000 đồng' }).first().waitFor({ state: 'visible' });
    await fee.locator(`.diff[data-path="procedures/${FEE_CODE}.vi.md"] .add`, { hasText: 'Nộp trực tiếp: 12.000 đồng' }).first().waitFor({ state: 'visible' });
    await fee.locator(`.diff[data-path="procedures/${FEE_CODE}.en.md"] .add`, { hasText: 'In person: 12.000 đồng' }).first().waitFor({ state: 'visible' });

    // Approve the fee: the documents are checked, written and served before the page answers. Reloading the
    // knowledge base (index and question classifier of every document) takes tens of seconds on a busy machine.
    await fee.getByRole('button', { name: /Duyệt và ghi/ }).click({ timeout: APPROVE_WAIT });
    await admin.page.getByText(`${FEE_CODE}: đã duyệt`).waitFor({ state: 'visible', timeout: APPROVE_WAIT });
    await admin.page.locator(`#change-${FEE_CODE.replace('.', '\\.')} .portal-status`, { hasText: 'Đã duyệt · Approved' }).waitFor({ state: 'visible' });

    // Reject the time, with a reason.
    const time = admin.page.locator(`#change-${TIME_CODE.replace('.', '\\.')}`);
    await time.locator('.diff .add', { hasText: '2 ngày làm việc' }).first().waitFor({ state: 'visible' });
    await time.locator('input[name="note"]').fill('Chờ văn bản của tỉnh');
    await time.getByRole('button', { name: /Từ chối/ }).click();
    await admin.page.locator(`#change-${TIME_CODE.replace('.', '\\.')} .portal-status`, { hasText: 'Từ chối · Rejected' }).waitFor({ state: 'visible' });
    assert.equal(await admin.page.locator(`#change-${TIME_CODE.replace('.', '\\.')} button`, { hasText: /Duyệt/ }).count(), 0, 'a decided change offers no approve button');

    // Both decisions are in the audit log.
    await admin.page.getByRole('link', { name: /Audit log/ }).click();
    await admin.page.getByText('approve-portal-change').first().waitFor({ state: 'visible' });
    await admin.page.getByText('reject-portal-change').first().waitFor({ state: 'visible' });

    // The citizen asks in the widget and is answered with the new fee, citing the procedure's document.
    const citizen = await newPage(t);
    await citizen.page.goto(`${harness.service.baseUrl}/`);
    await citizen.page.locator('.msg.bot', { hasText: /^\s*Xin chào/ }).first().waitFor({ state: 'visible' });
    await citizen.page.locator('#chat-text').fill(QUESTION);
    await citizen.page.locator('#chat-text').press('Enter');
    const answer = citizen.page.locator('.msg.bot', { hasText: '12.000 đồng' }).first();
    await answer.waitFor({ state: 'visible', timeout: WAIT }).catch(async (error) => assert.fail(
      `no answer with 12.000 đồng (${error.message.split('\n')[0]}); the bot said: ${JSON.stringify(await citizen.page.locator('.msg.bot').allInnerTexts())}${explain(citizen.problems)}`));
    const hrefs = await answer.locator('.citations a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    assert.ok(hrefs.some((href) => href.includes(`/kb/${FEE_CODE}/`)), `the answer does not cite ${FEE_CODE}: ${JSON.stringify(hrefs)}`);
  });
});
