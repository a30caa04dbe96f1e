// Two instances on one PostgreSQL behind nginx (deploy/local/up.sh 2): what one instance stores reaches streams held
// on the other, in order and once; tokens of one work on the other; PostgreSQL restarting makes them say not ready and
// answer 503 problem details, then they recover by themselves; traces and metrics reach an OTLP receiver; and when one
// instance is killed (kill -9) with conversations open, their clients reconnect through nginx from their watermark
// and lose or repeat nothing.
// Starts its own PostgreSQL cluster (.ci/postgres in a folder of its own, as it restarts it) and nginx, installing
// them with apt when missing; needs the Release build.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';

import WebSocket from 'ws';

import { QUESTION, FACT } from './harness.mjs';
import { repoRoot } from './service.mjs';

const run = promisify(execFile);
const WAIT = 30_000;
const suffix = randomBytes(4).toString('hex');
const stateDir = path.join(tmpdir(), `citizenhelper-instances-${suffix}`);
// A cluster of this test's own: restarting the shared one would break other tests using it.
const pgDir = path.join(tmpdir(), `citizenhelper-instances-pg-${suffix}`);
const admin = { email: 'admin@instances.test', password: `${randomBytes(12).toString('base64url')}Aa1!` };
// A fake OpenTelemetry collector (OTLP over HTTP): keeps what the instances export.
const exported = [];
const exportWaiters = [];
const collector = createServer((request, response) => {
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    exported.push({ path: request.url, type: request.headers['content-type'], body: Buffer.concat(chunks) });
    exportWaiters.splice(0).forEach((wake) => wake());
    response.writeHead(200, { 'Content-Type': 'application/x-protobuf' }).end();
  });
});
await new Promise((resolve) => collector.listen(0, '127.0.0.1', resolve));

const env = {
  ...process.env,
  CITIZENHELPER_PG_DIR: pgDir,
  Telemetry__OtlpEndpoint: `http://127.0.0.1:${collector.address().port}`,
  Telemetry__MetricsIntervalSeconds: '1',
  Telemetry__ServiceName: `citizenhelper-test-${suffix}`,
  CITIZENHELPER_LOCAL_DIR: stateDir,
  CITIZENHELPER_LOCAL_DB: `citizenhelper_instances_${suffix}`,
  CITIZENHELPER_NO_BUILD: '1',
  // The classifier the other browser tests' service trained (its default cache folder) is read, not trained again.
  Knowledge__CacheFolder: path.join(repoRoot, 'src', 'CitizenHelper.Web', 'data', 'cache'),
  DirectLine__Secret: randomBytes(36).toString('base64url'),
  DirectLine__ActivitiesPerAddressPerMinute: '100000',
  Staff__Admin__Email: admin.email,
  Staff__Admin__Password: admin.password,
  // A turn whose instance died is taken over after at most about this long.
  Instances__TurnLeaseSeconds: '3',
};

let baseUrl;
let instances; // [{ index, pid, url }]

before(async () => {
  const { stdout } = await run('bash', [path.join(repoRoot, 'deploy/local/up.sh'), '2'], { env, cwd: repoRoot, timeout: 240_000, maxBuffer: 1 << 24 })
    .catch((error) => { throw new Error(`up.sh failed: ${error.stderr || error.message}`); });
  baseUrl = stdout.trim().split('\n').at(-1);
  instances = (await readFile(path.join(stateDir, 'instances'), 'utf8')).trim().split('\n').map((line) => {
    const [index, pid, port] = line.split(' ');
    return { index, pid: Number(pid), url: `http://127.0.0.1:${port}` };
  });
  assert.equal(instances.length, 2);
});

after(async () => {
  await run('bash', [path.join(repoRoot, 'deploy/local/down.sh')], { env: { ...env, CITIZENHELPER_LOCAL_DROP_DB: '1' }, cwd: repoRoot, timeout: 60_000 }).catch(() => {});
  await postgres('stop').catch(() => {});
  await rm(pgDir, { recursive: true, force: true });
  collector.close();
  // The state folder stays: the instances' and nginx's logs, for a failed run.
});

const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Stops this test's PostgreSQL (as its owner), or starts it again on the same port (.ci/postgres keeps it). */
async function postgres(action) {
  if (action === 'start') {
    await run('bash', [path.join(repoRoot, '.ci/postgres')], { env, timeout: 60_000 });
    return;
  }
  const bin = (await run('bash', ['-c', 'ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1'])).stdout.trim();
  const stop = [`${bin}/pg_ctl`, '-D', pgDir, '-m', 'fast', '-w', 'stop'];
  await (process.getuid() === 0 ? run('runuser', ['-u', 'postgres', '--', ...stop], { cwd: '/' }) : run(stop[0], stop.slice(1)));
}

/** Polls `check` (every 200 ms) until it returns something truthy, which it returns; fails after `ms`. */
async function until(check, what, ms = WAIT) {
  const deadline = Date.now() + ms;
  let last;
  while (Date.now() < deadline) {
    try {
      last = await check();
      if (last) return last;
    } catch (error) { last = error.message; }
    await delay(200);
  }
  throw new Error(`${what}: not so after ${ms} ms (last: ${JSON.stringify(last)})`);
}

async function readiness(url) {
  const response = await fetch(`${url}/healthz/ready`, { signal: AbortSignal.timeout(5_000) });
  return { status: response.status, body: await response.json() };
}

async function json(url, { method = 'GET', token, body, headers = {} } = {}) {
  const response = await fetch(url, {
    method,
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body ? { 'Content-Type': 'application/json' } : {}), ...headers },
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

/** A Direct Line conversation whose stream reconnects (through `base`) from its watermark whenever it closes. */
class Conversation {
  constructor(base) {
    this.base = base;
    this.received = []; // every activity the stream delivered, in arrival order
    this.watermark = null;
    this.waiters = [];
    this.closedFor = 0; // times the stream closed and was opened again
    this.stopped = false;
  }

  async start(startOn = this.base) {
    const token = await json(`${startOn}/api/directline/token`, { method: 'POST' });
    assert.equal(token.status, 200);
    this.token = token.body.token;
    const started = await json(`${startOn}/v3/directline/conversations`, { method: 'POST', token: this.token });
    assert.equal(started.status, 201);
    this.id = started.body.conversationId;
    this.open(started.body.streamUrl);
    return this;
  }

  open(streamUrl) {
    this.socket = new WebSocket(streamUrl);
    this.opened = new Promise((resolve) => this.socket.once('open', resolve));
    this.socket.on('message', (data) => {
      const text = data.toString();
      if (!text) return; // heartbeat
      const set = JSON.parse(text);
      if (set.watermark) this.watermark = set.watermark;
      for (const activity of set.activities) {
        if (activity.type !== 'typing') this.received.push({ ...activity, watermark: set.watermark });
      }
      this.waiters = this.waiters.filter((waiter) => !waiter());
    });
    this.socket.on('error', () => {});
    this.socket.once('close', () => { if (!this.stopped) this.reconnect(); });
  }

  /** As Web Chat does: ask (through nginx) for a new stream from the last watermark, until an instance answers. */
  async reconnect() {
    this.closedFor += 1;
    for (let attempt = 0; attempt < 150 && !this.stopped; attempt += 1) {
      try {
        const query = this.watermark ? `?watermark=${this.watermark}` : '';
        const resumed = await json(`${this.base}/v3/directline/conversations/${this.id}${query}`, { token: this.token });
        if (resumed.status === 200) {
          this.open(resumed.body.streamUrl);
          return;
        }
      } catch { /* the proxy has not noticed the dead instance yet */ }
      await delay(200);
    }
  }

  /** Posts a message; after a failed post it looks for the message before sending it again, so it is stored once. */
  async say(text, via = this.base) {
    for (let attempt = 0; attempt < 20; attempt += 1) {
      try {
        const posted = await json(`${via}/v3/directline/conversations/${this.id}/activities`, {
          method: 'POST', token: this.token, body: { type: 'message', from: { id: 'citizen' }, text },
        });
        if (posted.status === 200) return posted.body.id;
      } catch { /* the instance died with the request */ }
      via = this.base;
      const stored = await json(`${this.base}/v3/directline/conversations/${this.id}/activities`, { token: this.token }).catch(() => null);
      const mine = stored?.body?.activities?.find((a) => a.text === text && a.from.role === 'user');
      if (mine) return mine.id;
      await delay(200);
    }
    throw new Error(`could not post '${text}'`);
  }

  /** Resolves when the stream has delivered an activity matching `match` (within `ms`). */
  waitFor(match, what, ms = WAIT) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${what}: not delivered in ${ms} ms; got ${JSON.stringify(this.received.map((a) => [a.type, a.text?.slice(0, 40), a.replyToId]))}`)), ms);
      const check = () => {
        const found = this.received.find(match);
        if (found) { clearTimeout(timer); resolve(found); }
        return Boolean(found);
      };
      if (!check()) this.waiters.push(check);
    });
  }

  close() {
    this.stopped = true;
    this.socket?.close();
  }

  /** What the stream delivered, checked against the conversation as stored (read by polling): same activities, same order, none twice. */
  async assertDeliveredOnceInOrder() {
    const ids = this.received.map((a) => a.id);
    assert.equal(new Set(ids).size, ids.length, `an activity was delivered twice in ${this.id}`);
    const watermarks = this.received.map((a) => Number(a.watermark));
    assert.deepEqual(watermarks, [...watermarks].sort((a, b) => a - b), 'the stream went back in its watermarks');
    const polled = await json(`${this.base}/v3/directline/conversations/${this.id}/activities`, { token: this.token });
    assert.deepEqual(ids, polled.body.activities.map((a) => a.id), 'the stream and the stored conversation differ');
    // Each message answered by one turn: a second turn would repeat a reply's text under the same message.
    const replies = polled.body.activities.filter((a) => a.replyToId).map((a) => `${a.replyToId}\n${a.text}`);
    assert.equal(new Set(replies).size, replies.length, `a message of ${this.id} was answered twice`);
  }
}

test('a message posted through one instance is answered on a stream held on the other, once and in order; tokens of one work on the other; a staff reply made on one reaches the stream on the other', async () => {
  const [a, b] = instances;
  // The token comes from A; the conversation is started, and its stream held, on B.
  const token = await json(`${a.url}/api/directline/token`, { method: 'POST' });
  const conversation = new Conversation(b.url);
  conversation.token = token.body.token;
  const started = await json(`${b.url}/v3/directline/conversations`, { method: 'POST', token: conversation.token });
  assert.equal(started.status, 201, 'a token issued by A is refused by B');
  conversation.id = started.body.conversationId;
  conversation.open(started.body.streamUrl);
  await conversation.opened;

  const asked = [];
  for (let k = 1; k <= 3; k += 1) {
    const id = await conversation.say(`${QUESTION} (${k})`, a.url);
    asked.push(id);
    await conversation.waitFor((x) => x.replyToId === id && x.from.role === 'bot', `the answer to message ${k}`);
  }
  const texts = conversation.received.filter((x) => x.from.role === 'user').map((x) => x.text);
  assert.deepEqual(texts, [1, 2, 3].map((k) => `${QUESTION} (${k})`));
  assert.ok(conversation.received.some((x) => x.from.role === 'bot' && x.text?.includes(FACT)), 'no answer with the fact');

  // The staff API's bearer token (Data Protection) made by A opens B.
  const https = { 'X-Forwarded-Proto': 'https' };
  const login = await json(`${a.url}/api/staff/login`, { method: 'POST', body: admin, headers: https });
  assert.equal(login.status, 200, JSON.stringify(login.body));
  const onB = await json(`${b.url}/api/staff/escalations`, { token: login.body.accessToken, headers: https });
  assert.equal(onB.status, 200, 'a staff token signed by A is refused by B');

  // The citizen asks for staff; a staff reply made on A reaches the stream still held on B.
  await conversation.say('gặp cán bộ', a.url);
  const escalated = await conversation.waitFor((x) => x.channelData?.citizenHelper?.outcome === 'escalated', 'the escalation');
  const reference = escalated.channelData.citizenHelper.reference;
  const staffText = `Cán bộ trả lời từ máy A (${suffix}).`;
  const replied = await json(`${a.url}/api/staff/escalations/${reference}/reply`, { method: 'POST', token: login.body.accessToken, headers: https, body: { text: staffText } });
  assert.equal(replied.status, 200, JSON.stringify(replied.body));
  await conversation.waitFor((x) => x.text === staffText, 'the staff reply');
  await conversation.assertDeliveredOnceInOrder();
  conversation.close();
});

test('PostgreSQL restarting: the instances say not ready and answer 503 problem details meanwhile, then recover without a restart and hear each other again', async () => {
  const [a, b] = instances;
  const open = await new Conversation(b.url).start();
  await open.opened;
  const first = await open.say(`${QUESTION} (before)`, a.url);
  await open.waitFor((x) => x.replyToId === first && x.from.role === 'bot', 'the answer before the restart');

  await postgres('stop');
  for (const instance of instances) {
    const ready = await until(async () => { const r = await readiness(instance.url); return r.status === 503 && r; }, `instance ${instance.index} not ready`);
    assert.equal(ready.body.checks.database.status, 'Unhealthy');
    const live = await fetch(`${instance.url}/healthz/live`);
    assert.equal(live.status, 200, 'liveness must not fail with the database (the orchestrator would restart every instance)');
  }
  // A post while the database is away: a clear 503 with problem details and Retry-After, no stack trace.
  const refused = await fetch(`${a.url}/v3/directline/conversations/${open.id}/activities`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${open.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ type: 'message', from: { id: 'citizen' }, text: `${QUESTION} (during)` }),
  });
  const text = await refused.text();
  assert.equal(refused.status, 503, text);
  assert.match(refused.headers.get('content-type'), /application\/problem\+json/);
  assert.ok(Number(refused.headers.get('retry-after')) > 0, 'no Retry-After');
  const problem = JSON.parse(text);
  assert.equal(problem.status, 503);
  assert.doesNotMatch(text, /Exception|Npgsql|\bat [A-Z]\w+\./, 'the 503 shows internals');

  await postgres('start');
  for (const instance of instances) {
    await until(async () => {
      const r = await readiness(instance.url);
      return r.status === 200 && r.body.checks.instances?.status === 'Healthy';
    }, `instance ${instance.index} ready and listening again`);
  }
  // A conversation started after the restart, its stream on B, its message posted on A: the reply comes through the
  // relay B listens to again, well before the 15 s heartbeat read would bring it.
  const fresh = await new Conversation(b.url).start();
  await fresh.opened;
  const asked = await fresh.say(`${QUESTION} (after)`, a.url);
  await fresh.waitFor((x) => x.replyToId === asked && x.from.role === 'bot', 'the answer after the restart, through the relay', 8_000);
  // The conversation open across the restart goes on (its stream reconnected if it was cut), nothing lost or repeated.
  const again = await open.say(`${QUESTION} (after)`, a.url);
  await open.waitFor((x) => x.replyToId === again && x.from.role === 'bot', 'the answer in the conversation open across the restart');
  for (const conversation of [open, fresh]) {
    await conversation.assertDeliveredOnceInOrder();
    conversation.close();
  }
});

test('traces and metrics reach the OTLP collector, with the service name and the turns', async () => {
  const has = (signal, ...needles) => exported.some((e) => e.path === `/v1/${signal}` && /application\/x-protobuf/.test(e.type ?? '')
    && needles.every((n) => e.body.includes(n)));
  const service = env.Telemetry__ServiceName;
  const arrived = () => has('traces', service, 'CitizenHelper.Turns') && has('metrics', service, 'citizenhelper.turn.duration', 'citizenhelper.turn.outcomes');
  if (!arrived()) {
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`not exported in ${WAIT} ms; got ${JSON.stringify(exported.map((e) => [e.path, e.type, e.body.length]))}`)), WAIT);
      const check = () => { if (arrived()) { clearTimeout(timer); resolve(); } else exportWaiters.push(check); };
      exportWaiters.push(check);
    });
  }
});

test('kill -9 of one instance under open conversations: clients reconnect through nginx and lose or repeat nothing', async () => {
  const conversations = await Promise.all([1, 2, 3, 4].map(() => new Conversation(baseUrl).start()));
  await Promise.all(conversations.map((c) => c.opened));
  const rounds = 4;
  let killed = false;
  const victim = instances[0];
  await Promise.all(conversations.map(async (conversation, n) => {
    for (let k = 1; k <= rounds; k += 1) {
      if (k === 2 && n === 0 && !killed) {
        killed = true;
        process.kill(victim.pid, 'SIGKILL');
      }
      const id = await conversation.say(`${QUESTION} [${n}.${k}]`);
      await conversation.waitFor((x) => x.replyToId === id && x.from.role === 'bot', `conversation ${n}, message ${k}`);
    }
  }));
  assert.ok(killed);
  assert.ok(conversations.some((c) => c.closedFor > 0), 'no stream was on the killed instance');
  for (const [n, conversation] of conversations.entries()) {
    const asked = conversation.received.filter((x) => x.from.role === 'user').map((x) => x.text);
    assert.deepEqual(asked, Array.from({ length: rounds }, (_, k) => `${QUESTION} [${n}.${k + 1}]`));
    await conversation.assertDeliveredOnceInOrder();
    conversation.close();
  }
});
