// How long a reply takes to reach a stream held on the instance that answered, and on another instance (the
// difference is the LISTEN/NOTIFY relay). Against a running deploy/local/up.sh 2:
//   CITIZENHELPER_LOCAL_DIR=/tmp/citizenhelper-local node tests/browser/instances-latency.mjs [rounds]
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import WebSocket from 'ws';

const dir = process.env.CITIZENHELPER_LOCAL_DIR || path.join(tmpdir(), 'citizenhelper-local');
const [a, b] = readFileSync(path.join(dir, 'instances'), 'utf8').trim().split('\n').map((line) => `http://127.0.0.1:${line.split(' ')[2]}`);
const rounds = Number(process.argv[2] || 40);

async function post(url, token, body) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), 'Content-Type': 'application/json' },
    body: JSON.stringify(body ?? {}),
  });
  return response.json();
}

/** Milliseconds from posting on `postOn` until the bot's reply arrives on a stream held on `streamOn`. */
async function once(postOn, streamOn, k) {
  const { token } = await post(`${postOn}/api/directline/token`);
  const conversation = await post(`${streamOn}/v3/directline/conversations`, token);
  const socket = new WebSocket(conversation.streamUrl);
  await new Promise((resolve) => socket.once('open', resolve));
  // The reply can arrive before the POST's answer names the message: every reply's arrival is kept.
  const arrivals = new Map();
  let wake = () => {};
  socket.on('message', (data) => {
    const text = data.toString();
    for (const x of text ? JSON.parse(text).activities : []) {
      if (x.replyToId && !arrivals.has(x.replyToId)) arrivals.set(x.replyToId, performance.now());
    }
    wake();
  });
  const started = performance.now();
  const sentId = (await post(`${postOn}/v3/directline/conversations/${conversation.conversationId}/activities`, token,
    { type: 'message', from: { id: 'bench' }, text: `Đăng ký khai sinh cần giấy tờ gì? ${k}` })).id;
  while (!arrivals.has(sentId)) await new Promise((resolve) => { wake = resolve; });
  socket.close();
  return arrivals.get(sentId) - started;
}

const stats = (values) => {
  const sorted = [...values].sort((x, y) => x - y);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))].toFixed(1);
  return `median ${at(0.5)} ms, p95 ${at(0.95)} ms`;
};
const same = [];
const other = [];
for (let k = 0; k < rounds; k += 1) {
  same.push(await once(a, a, k));
  other.push(await once(a, b, k));
}
console.log(`reply on the same instance:    ${stats(same)} (${rounds} rounds)`);
console.log(`reply on the other instance:   ${stats(other)} (${rounds} rounds)`);
