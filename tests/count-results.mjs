// Adds up the test results of every runner (vstest .trx files, node's junit report) and prints the one line
// CI reads: "N passed, N failed". Exits non-zero when anything failed or nothing ran.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const folder = process.argv[2];
let passed = 0;
let failed = 0;
const failures = [];
for (const name of readdirSync(folder)) {
  // vstest leaves folders of attachments beside its .trx files.
  if (!statSync(join(folder, name)).isFile()) continue;
  const text = readFileSync(join(folder, name), 'utf8');
  if (name.endsWith('.trx')) {
    const counters = /<Counters\s[^>]*>/.exec(text)?.[0] ?? '';
    const count = (attribute) => Number(new RegExp(`\\s${attribute}="(\\d+)"`).exec(counters)?.[1] ?? 0);
    passed += count('passed');
    failed += count('failed') + count('error') + count('timeout') + count('aborted');
    // Name each failed test with the first line of its message, so the last lines of a CI log say what broke.
    for (const result of text.match(/<UnitTestResult\b[^>]*outcome="(?:Failed|Error|Timeout|Aborted)"[\s\S]*?<\/UnitTestResult>/g) ?? []) {
      const testName = /testName="([^"]*)"/.exec(result)?.[1] ?? '?';
      const message = /<Message>([\s\S]*?)<\/Message>/.exec(result)?.[1]?.split('\n')[0] ?? '';
      failures.push(`${name}: ${testName}: ${message}`.slice(0, 400));
    }
  } else if (name.endsWith('.junit.xml')) {
    for (const testcase of text.match(/<testcase\b[\s\S]*?(?:\/>|<\/testcase>)/g) ?? []) {
      if (/<failure\b|<error\b/.test(testcase)) {
        failed++;
        failures.push(`${name}: ${/name="([^"]*)"/.exec(testcase)?.[1] ?? '?'}`);
      } else if (!/<skipped\b/.test(testcase)) passed++;
    }
  }
}
for (const failure of failures) console.log(`FAILED ${failure}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
