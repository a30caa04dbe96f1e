// CitizenHelper light chat widget: a small Direct Line 3.0 client (WebSocket, polling fallback) with no dependencies,
// so it loads fast on cheap phones and weak networks. Embed: <section id="citizenhelper-chat" data-base="https://host">.
(() => {
  'use strict';
  const root = document.getElementById('citizenhelper-chat');
  if (!root) return;
  const base = (root.dataset.base || '').replace(/\/$/, '');
  const dl = `${base}/v3/directline`;
  const log = root.querySelector('.chat-log');
  const chips = root.querySelector('.chat-suggestions');
  const form = root.querySelector('.chat-input');
  const input = form.querySelector('input');
  const status = root.querySelector('.chat-status');
  const seen = new Set();
  const sending = new Map();
  const userId = localStorage.getItem('citizenhelper.user') || `u-${crypto.randomUUID()}`;
  localStorage.setItem('citizenhelper.user', userId);
  let token = null, conversationId = null, watermark = '', socketFailures = 0, polling = null, typingTimer = null;

  const say = (text) => { status.textContent = text; };

  async function call(method, url, body) {
    const response = await fetch(url, {
      method,
      headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw Object.assign(new Error(`HTTP ${response.status}`), { status: response.status });
    return response.status === 204 ? null : response.json();
  }

  async function start() {
    say('Đang kết nối…');
    try {
      const issued = await call('POST', `${base}/api/directline/token`);
      token = issued.token;
      const conversation = await call('POST', `${dl}/conversations`, { user: { id: userId }, locale: navigator.language || 'vi-VN' });
      token = conversation.token;
      conversationId = conversation.conversationId;
      setInterval(refresh, Math.max(60, conversation.expires_in / 2) * 1000);
      openSocket(conversation.streamUrl);
    } catch (e) {
      say('Không kết nối được. Đang thử lại…');
      setTimeout(start, 5000);
    }
  }

  async function refresh() {
    try { token = (await call('POST', `${dl}/tokens/refresh`)).token; } catch { /* the next refresh or reconnect retries */ }
  }

  function openSocket(url) {
    if (!('WebSocket' in window) || socketFailures >= 3) { startPolling(); return; }
    const socket = new WebSocket(url);
    socket.onopen = () => { socketFailures = 0; say(''); };
    socket.onmessage = (e) => { if (e.data) receive(JSON.parse(e.data)); };
    socket.onclose = () => { socketFailures++; setTimeout(reconnect, 3000); };
  }

  async function reconnect() {
    try {
      const resumed = await call('GET', `${dl}/conversations/${encodeURIComponent(conversationId)}?watermark=${encodeURIComponent(watermark)}`);
      token = resumed.token;
      openSocket(resumed.streamUrl);
    } catch (e) {
      if (e.status === 404 || e.status === 403) { token = null; start(); } else setTimeout(reconnect, 5000);
    }
  }

  function startPolling() {
    if (polling) return;
    say('');
    polling = setInterval(async () => {
      try { receive(await call('GET', `${dl}/conversations/${encodeURIComponent(conversationId)}/activities?watermark=${encodeURIComponent(watermark)}`)); } catch { /* next tick */ }
    }, 3000);
  }

  function receive(set) {
    if (set.watermark) watermark = set.watermark;
    for (const activity of set.activities || []) render(activity);
  }

  function render(activity) {
    const fromBot = activity.from && activity.from.role === 'bot';
    if (activity.type === 'typing' && fromBot) { showTyping(); return; }
    if (activity.type !== 'message' || seen.has(activity.id)) return;
    seen.add(activity.id);
    const clientId = activity.channelData && activity.channelData.clientActivityID;
    if (!fromBot && clientId && sending.has(clientId)) {
      sending.get(clientId).classList.remove('sending');
      sending.delete(clientId);
      return;
    }
    hideTyping();
    const item = bubble(fromBot ? 'bot' : 'user');
    item.innerHTML = fromBot ? markdown(activity.text || '') : '';
    if (!fromBot) item.textContent = activity.text || '';
    if (fromBot) {
      item.lang = (activity.locale || 'vi').slice(0, 2);
      addCitations(item, activity.entities || []);
      showChips((activity.suggestedActions && activity.suggestedActions.actions) || []);
    }
    item.scrollIntoView({ block: 'end', behavior: 'smooth' });
  }

  function bubble(kind) {
    const item = document.createElement('li');
    item.className = `msg ${kind}`;
    log.appendChild(item);
    return item;
  }

  function addCitations(item, entities) {
    const claims = entities.flatMap((e) => (e['@type'] === 'Message' && Array.isArray(e.citation) ? e.citation : []));
    if (!claims.length) return;
    const list = document.createElement('div');
    list.className = 'citations';
    for (const claim of claims) {
      const link = document.createElement('a');
      link.href = claim.appearance.url;
      link.target = '_blank';
      link.rel = 'noopener';
      link.textContent = `[${claim.position}] ${claim.appearance.name}`;
      list.appendChild(link);
    }
    item.appendChild(list);
  }

  function showChips(actions) {
    chips.replaceChildren();
    for (const action of actions) {
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = action.title;
      button.addEventListener('click', () => send(String(action.value ?? action.title)));
      chips.appendChild(button);
    }
  }

  function showTyping() {
    let typing = log.querySelector('.typing');
    if (!typing) { typing = bubble('bot typing'); typing.textContent = '…'; typing.setAttribute('aria-label', 'Trợ lý đang trả lời'); }
    clearTimeout(typingTimer);
    typingTimer = setTimeout(hideTyping, 10000);
  }

  function hideTyping() { const typing = log.querySelector('.typing'); if (typing) typing.remove(); }

  async function send(text) {
    text = text.trim();
    if (!text || !conversationId) return;
    chips.replaceChildren();
    const clientActivityID = crypto.randomUUID();
    const item = bubble('user sending');
    item.textContent = text;
    sending.set(clientActivityID, item);
    try {
      await call('POST', `${dl}/conversations/${encodeURIComponent(conversationId)}/activities`, {
        type: 'message', text, locale: navigator.language || 'vi-VN', from: { id: userId, role: 'user' }, channelData: { clientActivityID },
      });
    } catch (e) {
      item.classList.add('failed');
      say(e.status === 429 ? 'Bạn gửi quá nhanh, vui lòng chờ một chút.' : 'Chưa gửi được. Vui lòng thử lại.');
    }
  }

  // Markdown subset the bot uses: paragraphs, **bold**, "- " and "1. " lists, [text](https://…) links. Escapes everything else.
  function markdown(source) {
    const escape = (s) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
    const inline = (s) => escape(s)
      .replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')
      .replace(/\[([^\]]+)\]\((https?:\/\/[^)\s]+)\)/g, '<a href="$2" target="_blank" rel="noopener">$1</a>');
    const html = [];
    let list = null;
    for (const line of source.split('\n')) {
      if (/^\[\d+\]: /.test(line)) continue; // link definitions: shown as the citation list instead
      const bullet = /^\s*[-*] (.*)$/.exec(line), numbered = /^\s*\d+\. (.*)$/.exec(line);
      const kind = bullet ? 'ul' : numbered ? 'ol' : null;
      if (list && list !== kind) { html.push(`</${list}>`); list = null; }
      if (kind) {
        if (!list) { html.push(`<${kind}>`); list = kind; }
        html.push(`<li>${inline((bullet || numbered)[1])}</li>`);
      } else if (line.trim()) {
        html.push(`<p>${inline(line)}</p>`);
      }
    }
    if (list) html.push(`</${list}>`);
    return html.join('');
  }

  form.addEventListener('submit', (e) => { e.preventDefault(); const text = input.value; input.value = ''; send(text); });
  start();
})();
