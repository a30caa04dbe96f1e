// A page opened with ?lang=fr: the widget passes the language to the bot, which has no French knowledge and so
// machine-translates the answer with the configured LLM (here a fake OpenAI-compatible server in this process),
// marks it as such, and keeps the Vietnamese original one tap away.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { chromium } from 'playwright-core';

import { CHROMIUM, CHROMIUM_ARGS, FACT, QUESTION, WAIT } from './harness.mjs';
import { repoRoot, startService } from './service.mjs';

/**
 * An OpenAI-compatible chat-completions server that "translates" the ANSWER part of the prompt into French the way
 * the translation check requires: each line keeps its list marker and numbers, its words get a French prefix.
 */
async function startFakeTranslator() {
  const prompts = [];
  const server = createServer(async (request, response) => {
    let body = '';
    for await (const chunk of request) body += chunk;
    const json = JSON.parse(body);
    const prompt = json.messages.at(-1).content;
    prompts.push(prompt);
    const answer = prompt.slice(prompt.indexOf('ANSWER:') + 'ANSWER:'.length).trim();
    const content = answer.split('\n').map((line) => line.replace(/^(- |\d+\. )?(.+)$/, (_, marker = '', rest) => `${marker}[FR] ${rest}`)).join('\n');
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({
      id: 'chatcmpl-test', object: 'chat.completion', created: 1_700_000_000, model: json.model,
      choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
    }));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { endpoint: `http://127.0.0.1:${server.address().port}/v1`, prompts, close: () => new Promise((resolve) => server.close(resolve)) };
}

describe('machine translation in the widget', () => {
  let translator;
  let service;
  let browser;

  before(async () => {
    translator = await startFakeTranslator();
    service = await startService({
      Llm__Provider: 'OpenAICompatible',
      Llm__Endpoint: translator.endpoint,
      Llm__Model: 'fake-model',
      Llm__PromptsPath: path.join(repoRoot, 'prompts'),
      // The machine is shared with other work: the fake answers at once, but a cold start may take a while.
      Llm__Timeout: '00:00:10',
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  });

  after(async () => {
    await browser?.close().catch(() => {});
    await service?.stop();
    await translator?.close();
  });

  test('?lang=fr gets a marked French translation, and the original one tap away', async (t) => {
    const context = await browser.newContext({ locale: 'vi-VN' });
    t.after(() => context.close().catch(() => {}));
    const page = await context.newPage();
    page.setDefaultTimeout(WAIT);
    await page.goto(`${service.baseUrl}/?lang=fr`);
    await page.locator('.msg.bot', { hasText: /^\s*Xin chào/ }).first().waitFor({ state: 'visible' });

    await page.locator('#chat-text').fill(QUESTION);
    await page.locator('#chat-text').press('Enter');

    const translated = page.locator('.msg.bot', { hasText: '[FR]' }).first();
    await translated.waitFor({ state: 'visible' }).catch(async (error) => assert.fail(
      `no translated answer (${error.message.split('\n')[0]}); the bot said: ${JSON.stringify(await page.locator('.msg.bot').allInnerTexts())}`
      + `\n${service.logs().slice(-4000)}`));
    const text = await translated.innerText();
    assert.match(text, /Machine translation into French/, 'the answer is marked as machine-translated');
    assert.match(text, new RegExp(`\\[FR\\] ${FACT}`), 'each paper is translated on its own line');
    assert.ok(translator.prompts.some((p) => p.includes('into French')), 'the LLM was asked for French');

    await page.locator('.chat-suggestions button', { hasText: /Xem bản gốc|Show original/ }).first().click();
    const original = page.locator('.msg.bot', { hasText: FACT }).filter({ hasNotText: '[FR]' }).first();
    await original.waitFor({ state: 'visible' });
    assert.doesNotMatch(await original.innerText(), /Machine translation/, 'the original is not marked as a translation');
  });
});
