// CitizenHelper light chat widget: a small Direct Line 3.0 client (WebSocket, polling fallback) with no
// dependencies, so it loads fast on cheap phones and weak networks.
// Embed: <section id="citizenhelper-chat" data-base="https://host"> … </section><script src="https://host/widget.js" defer>
// Page parameters: ?p=CODE (open on a procedure), &mode=guided, &lang=vi|en (or another language: answers are machine-translated).
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
  input.dir = input.dir || 'auto';
  const status = root.querySelector('.chat-status');
  const params = new URLSearchParams(location.search);
  const asked = params.get('lang');
  const lang = (asked || document.documentElement.lang || navigator.language || 'vi').slice(0, 2) === 'en' ? 'en' : 'vi';
  // A language asked for in the address (?lang=fr) goes to the bot, which translates answers into it when it can;
  // the widget's own words stay Vietnamese or English.
  const locale = asked && /^[a-z]{2,3}(-[a-z0-9]{2,8})?$/i.test(asked) && !/^(vi|en)\b/i.test(asked) ? asked : lang === 'en' ? 'en-US' : 'vi-VN';
  const T = {
    vi: { connecting: 'Đang kết nối…', retrying: 'Không kết nối được. Đang thử lại…', tooFast: 'Bạn gửi quá nhanh, vui lòng chờ một chút.',
      failed: 'Chưa gửi được.', retry: 'Gửi lại', typing: 'Trợ lý đang trả lời', offline: 'Mất mạng. Tin nhắn sẽ được gửi khi có mạng.',
      listen: 'Đọc to tin nhắn này', stopListening: 'Dừng đọc', autoRead: 'Tự động đọc to tin nhắn mới',
      noVoice: 'Máy này chưa có giọng đọc tiếng Việt (có thể cài thêm trong cài đặt của máy).',
      speakIn: 'Nói câu hỏi', stopSpeaking: 'Dừng nghe', heard: 'Đã nghe. Bạn xem lại rồi bấm Gửi.', notHeard: 'Chưa nghe được. Bạn nói lại hoặc gõ câu hỏi.',
      scan: 'Quét mã QR', staff: 'Cán bộ Trung tâm', staffTag: 'Cán bộ trả lời', person: 'Cán bộ',
      taken: (who) => `${who} đã nhận câu hỏi của bạn. Từ đây cán bộ sẽ trả lời bạn trong cuộc trò chuyện này.`,
      closed: (who, ref) => `${who} đã đóng yêu cầu ${ref}. Bạn vẫn có thể hỏi trợ lý bất cứ lúc nào.`,
      kept: 'Danh sách giấy tờ đã lưu' },
    en: { connecting: 'Connecting…', retrying: 'Could not connect. Retrying…', tooFast: 'You are sending too fast; please wait a moment.',
      failed: 'Not sent.', retry: 'Send again', typing: 'The assistant is typing', offline: 'Offline. Messages will be sent when you are back online.',
      listen: 'Read this message aloud', stopListening: 'Stop reading', autoRead: 'Read new messages aloud',
      noVoice: 'This device has no English voice (one can be added in its settings).',
      speakIn: 'Say your question', stopSpeaking: 'Stop listening', heard: 'Heard. Check it, then press Send.', notHeard: 'Nothing heard. Say it again or type your question.',
      scan: 'Scan a QR code', staff: 'Center staff', staffTag: 'Staff reply', person: 'Staff member',
      taken: (who) => `${who} has taken your question. From now on a person answers you in this chat.`,
      closed: (who, ref) => `${who} closed request ${ref}. You can still ask the assistant at any time.`,
      kept: 'Your saved checklist' },
  }[lang];
  const seen = new Set();
  const sending = new Map();
  const newId = () => (window.crypto && crypto.randomUUID ? crypto.randomUUID() : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`);
  const userId = localStorage.getItem('citizenhelper.user') || `u-${newId()}`;
  localStorage.setItem('citizenhelper.user', userId);
  // The conversation survives a reload or a dropped network in this tab: id, token and watermark are kept here.
  const saved = JSON.parse(sessionStorage.getItem('citizenhelper.conversation') || 'null');
  let token = saved && saved.token, conversationId = saved && saved.conversationId, watermark = '';
  let socket = null, socketFailures = 0, polling = null, typingTimer = null, refreshTimer = null;

  const say = (text) => { status.textContent = text; };
  const remember = () => sessionStorage.setItem('citizenhelper.conversation', JSON.stringify({ conversationId, token }));

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
    say(T.connecting);
    try {
      if (conversationId && token) {
        try { await resume(); return; } catch (e) { if (e.status !== 403 && e.status !== 404) throw e; }
      }
      token = (await call('POST', `${base}/api/directline/token`)).token;
      const conversation = await call('POST', `${dl}/conversations`, { user: { id: userId }, locale });
      token = conversation.token;
      conversationId = conversation.conversationId;
      remember();
      connected(conversation);
      if (params.get('p') || params.get('g')) openProcedure();
    } catch (e) {
      say(T.retrying);
      setTimeout(start, 5000);
    }
  }

  // Back to the same conversation: a fresh token and stream address; the stream replays from the start.
  async function resume() {
    const resumed = await call('GET', `${dl}/conversations/${encodeURIComponent(conversationId)}?watermark=`);
    token = resumed.token;
    remember();
    connected(resumed);
  }

  function connected(conversation) {
    clearInterval(refreshTimer);
    refreshTimer = setInterval(refresh, Math.max(60, conversation.expires_in / 2) * 1000);
    openSocket(conversation.streamUrl);
    flush();
  }

  async function refresh() {
    try { token = (await call('POST', `${dl}/tokens/refresh`)).token; remember(); } catch { /* the next refresh or reconnect retries */ }
  }

  function openSocket(url) {
    if (!('WebSocket' in window) || socketFailures >= 3) { startPolling(); return; }
    socket = new WebSocket(url);
    socket.onopen = () => { socketFailures = 0; say(''); };
    socket.onmessage = (e) => { if (e.data) receive(JSON.parse(e.data)); };
    socket.onclose = () => { socket = null; socketFailures++; setTimeout(reconnect, 3000); };
  }

  async function reconnect() {
    try {
      const resumed = await call('GET', `${dl}/conversations/${encodeURIComponent(conversationId)}?watermark=${encodeURIComponent(watermark)}`);
      token = resumed.token;
      remember();
      openSocket(resumed.streamUrl);
    } catch (e) {
      if (e.status === 404 || e.status === 403) { token = null; conversationId = null; start(); } else setTimeout(reconnect, 5000);
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
    if (seen.has(activity.id)) return;
    if (activity.type === 'event' && activity.name === 'handoff.status' && fromBot) { seen.add(activity.id); handoff(activity); return; }
    if (activity.type !== 'message') return;
    seen.add(activity.id);
    const clientId = activity.channelData && activity.channelData.clientActivityID;
    if (!fromBot && clientId && sending.has(clientId)) {
      const pending = sending.get(clientId);
      pending.item.classList.remove('sending', 'failed');
      pending.item.querySelector('.retry')?.remove();
      stamp(pending.item, activity.timestamp);
      sending.delete(clientId);
      return;
    }
    if (!fromBot && !activity.text) return; // a button's value (a rating): its label was shown when it was sent
    hideTyping();
    // Staff write as a bot account named "staff": shown as the person and center they are, not as the assistant.
    const ours = (activity.channelData && activity.channelData.citizenHelper) || {};
    const staff = fromBot && activity.from.id === 'staff';
    const item = bubble(staff ? 'staff' : fromBot ? 'bot' : 'user');
    if (fromBot) {
      item.lang = (activity.locale || lang).slice(0, 2);
      item.innerHTML = markdown(activity.text || '');
      if (staff) signature(item, ours.staff, activity.from.name);
      addCards(item, activity.attachments || []);
      addCitations(item, activity.entities || []);
      addSpeaker(item, activity);
      rememberGuide(activity);
      keepChecklist(item);
      if (!staff || activity.suggestedActions) showChips((activity.suggestedActions && activity.suggestedActions.actions) || []);
    } else {
      item.textContent = activity.text || '';
    }
    stamp(item, activity.timestamp);
    // A person's message starts a turn of its own: it comes when it comes, not as part of the bot's answer.
    if (staff) turnTop = null;
    if (fromBot) reveal(item); else { turnTop = null; log.scrollTop = log.scrollHeight; }
  }

  // The start of an answer stays in view: the first message since the citizen last sent is kept at the top of the
  // log, and later ones of the same turn scroll in only as far as that allows; the buttons sit below the log.
  let turnTop = null;
  function reveal(item) {
    if (!turnTop || !turnTop.isConnected) turnTop = item;
    // Embedded in a page that lets the log grow, the page scrolls instead: to the start of the turn.
    if (log.scrollHeight <= log.clientHeight + 1) { if (turnTop === item) item.scrollIntoView({ block: 'nearest' }); return; }
    const top = turnTop.offsetTop - 8;
    const bottom = item.offsetTop + item.offsetHeight + 8 - log.clientHeight;
    log.scrollTop = Math.min(top, Math.max(bottom, log.scrollTop));
  }

  // When a message was written: its time, and its date too when not today.
  function stamp(item, timestamp) {
    const when = new Date(timestamp || Date.now());
    if (Number.isNaN(when.getTime())) return;
    const time = item.querySelector(':scope > time') || document.createElement('time');
    time.className = 'time';
    time.dateTime = when.toISOString();
    const locale = lang === 'en' ? 'en-GB' : 'vi-VN';
    const clock = when.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });
    time.textContent = when.toDateString() === new Date().toDateString() ? clock : `${clock} ${when.toLocaleDateString(locale, { day: '2-digit', month: '2-digit' })}`;
    item.appendChild(time);
  }

  function signature(item, signed, fallback) {
    const who = document.createElement('div');
    who.className = 'who';
    const name = document.createElement('strong');
    name.textContent = (signed && signed.name) || (fallback || T.staff).split(' · ')[0];
    const tag = document.createElement('span');
    tag.className = 'tag';
    tag.textContent = T.staffTag;
    who.append(name, ' ', tag);
    if (signed && signed.center) { const center = document.createElement('span'); center.className = 'center'; center.textContent = signed.center; who.append(center); }
    item.prepend(who);
  }

  // Bot Framework's hand-off status from staff: a person has taken the question over, or closed it. Shown once each.
  const handoffs = new Set();
  function handoff(activity) {
    const value = activity.value || {};
    const signed = value.staff || {};
    const key = `${value.reference}:${value.state}:${value.state === 'accepted' ? signed.name : ''}`;
    if ((value.state !== 'accepted' && value.state !== 'completed') || handoffs.has(key)) return;
    handoffs.add(key);
    const who = signed.name ? `${T.person} ${signed.name}${signed.center ? ` (${signed.center})` : ''}` : T.staff;
    const item = bubble(`notice ${value.state}`);
    item.textContent = value.state === 'accepted' ? T.taken(who) : T.closed(who, value.reference || '');
    stamp(item, activity.timestamp);
    turnTop = null;
    reveal(item);
  }

  function bubble(kind) {
    const item = document.createElement('li');
    item.className = `msg ${kind}`;
    item.dir = 'auto'; // a message in a right-to-left script reads right to left on any page
    log.appendChild(item);
    return item;
  }

  // Each source once: the answer's own source line ("Nguồn [1]: …", with its date) becomes the link to the document,
  // and only documents it does not name are listed after it, each once.
  function addCitations(item, entities) {
    const claims = entities.flatMap((e) => (e['@type'] === 'Message' && Array.isArray(e.citation) ? e.citation : []))
      .filter((c) => c && c.appearance && /^https?:/.test(c.appearance.url || ''));
    const list = document.createElement('div');
    list.className = 'citations';
    const cited = new Set();
    const link = (url, text) => Object.assign(document.createElement('a'), { href: url, target: '_blank', rel: 'noopener', textContent: text });
    for (const line of item.querySelectorAll(':scope > p')) {
      const marker = /\[(\d+)\]: /.exec(line.textContent);
      if (!marker) continue;
      line.className = 'source';
      const claim = claims.find((c) => String(c.position) === marker[1]);
      if (!claim || cited.has(claim.appearance.url)) continue;
      cited.add(claim.appearance.url);
      line.replaceChildren(link(claim.appearance.url, line.textContent));
      list.appendChild(line);
    }
    for (const claim of claims) {
      if (cited.has(claim.appearance.url)) continue;
      cited.add(claim.appearance.url);
      list.appendChild(link(claim.appearance.url, `[${claim.position}] ${claim.appearance.name}`));
    }
    if (list.firstChild) item.appendChild(list);
  }

  // Hero cards: title, text and buttons, built from text nodes only.
  function addCards(item, attachments) {
    for (const card of attachments.filter((a) => a.contentType === 'application/vnd.microsoft.card.hero' && a.content)) {
      const box = document.createElement('div');
      box.className = 'card';
      for (const [field, tag] of [['title', 'strong'], ['subtitle', 'em'], ['text', 'p']]) {
        if (card.content[field]) { const el = document.createElement(tag); el.textContent = card.content[field]; box.appendChild(el); }
      }
      for (const action of card.content.buttons || []) box.appendChild(button(action));
      item.appendChild(box);
    }
  }

  function button(action) {
    const el = document.createElement('button');
    el.type = 'button';
    el.textContent = action.title;
    el.addEventListener('click', () => (chipPressed = chips.contains(el), action.type === 'messageBack'
      ? send(action.displayText || action.title, { text: action.text || '', value: action.value })
      : send(String(action.value ?? action.title))));
    return el;
  }

  // After a button was pressed, focus moves to the next message's first button, so a guide can be done by keyboard alone.
  let chipPressed = false;
  function showChips(actions) {
    chips.replaceChildren(...actions.map(button));
    if (chipPressed && chips.firstChild) { chips.firstChild.focus({ preventScroll: true }); chipPressed = false; }
  }

  function showTyping() {
    let typing = log.querySelector('.typing');
    if (!typing) { typing = bubble('bot typing'); typing.textContent = '…'; typing.setAttribute('aria-label', T.typing); }
    clearTimeout(typingTimer);
    typingTimer = setTimeout(hideTyping, 10000);
  }

  function hideTyping() { const typing = log.querySelector('.typing'); if (typing) typing.remove(); }

  // Messages wait in a queue with a visible state until the service confirms them; failed ones can be sent again.
  // back: a messageBack button's text and value, sent instead of the shown text.
  function send(text, back) {
    text = text.trim();
    if (!text) return;
    chips.replaceChildren();
    const clientActivityID = newId();
    const item = bubble('user sending');
    item.textContent = text;
    stamp(item);
    turnTop = null;
    log.scrollTop = log.scrollHeight;
    sending.set(clientActivityID, { item, text: back ? back.text : text, value: back && back.value, posted: false });
    post(clientActivityID);
  }

  async function post(clientActivityID) {
    const pending = sending.get(clientActivityID);
    if (!pending || !conversationId || !navigator.onLine) { if (!navigator.onLine) say(T.offline); return; }
    pending.posted = true;
    try {
      await call('POST', `${dl}/conversations/${encodeURIComponent(conversationId)}/activities`, {
        type: 'message', text: pending.text, value: pending.value, locale, from: { id: userId, role: 'user' }, channelData: { clientActivityID },
      });
    } catch (e) {
      pending.posted = false;
      pending.item.classList.add('failed');
      say(e.status === 429 ? T.tooFast : T.failed);
      if (!pending.item.querySelector('.retry')) {
        const retry = document.createElement('button');
        retry.type = 'button';
        retry.className = 'retry';
        retry.textContent = T.retry;
        retry.addEventListener('click', () => { pending.item.classList.remove('failed'); post(clientActivityID); });
        pending.item.appendChild(retry);
      }
    }
  }

  function flush() {
    for (const [id, pending] of sending) if (!pending.posted) post(id);
  }

  // A QR code on a procedure board opens the chat on that procedure.
  async function openProcedure() {
    try {
      await call('POST', `${dl}/conversations/${encodeURIComponent(conversationId)}/activities`, {
        type: 'event', name: 'citizenhelper/open', locale, from: { id: userId, role: 'user' },
        value: { procedure: params.get('p'), mode: params.get('mode') || null, lang: params.get('lang') || lang, resume: params.get('g') || savedGuide(params.get('p')) },
      });
    } catch { /* the citizen can still ask */ }
  }

  // Guided mode: the session's token is kept per procedure (the same link continues tomorrow) and put in the
  // address (?g=…), so the address itself continues the guide on another device.
  function rememberGuide(activity) {
    const ours = activity.channelData && activity.channelData.citizenHelper;
    const token = ours && ours.guided && ours.guided.token;
    if (!token || !/^[\w-]{16,32}$/.test(token)) return;
    try { if (ours.procedure) localStorage.setItem(`citizenhelper.guide.${ours.procedure}`, token); } catch { /* private mode */ }
    const url = new URL(location.href);
    if (url.searchParams.get('g') !== token) { url.searchParams.set('g', token); history.replaceState(history.state, '', url); }
  }

  function savedGuide(code) {
    if (!code || params.get('mode') !== 'guided') return null;
    try { return localStorage.getItem(`citizenhelper.guide.${code}`); } catch { return null; }
  }

  // Read aloud with the browser's own speech: a Vietnamese voice where the device has one.
  const speech = window.speechSynthesis;
  let autoRead = false;
  try { autoRead = localStorage.getItem('citizenhelper.autoread') === '1'; } catch { /* private mode */ }
  // The settings bar sits above the log, where it is seen, not below the input and the fold.
  const bar = document.createElement('div');
  bar.className = 'chat-bar';
  log.before(bar);
  if (speech) {
    const label = document.createElement('label');
    label.className = 'chat-autoread';
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.checked = autoRead;
    box.addEventListener('change', () => {
      autoRead = box.checked;
      try { localStorage.setItem('citizenhelper.autoread', autoRead ? '1' : '0'); } catch { /* private mode */ }
      if (!autoRead) speech.cancel();
    });
    label.append(box, ` ${T.autoRead}`);
    bar.append(label);
    // A device without a voice in the widget's language reads in another voice, or not at all: say so once.
    const note = document.createElement('p');
    note.className = 'chat-novoice';
    note.hidden = true;
    note.textContent = T.noVoice;
    bar.append(note);
    const checkVoices = () => { note.hidden = speech.getVoices().some((v) => v.lang.replace('_', '-').toLowerCase().startsWith(lang)); };
    speech.addEventListener?.('voiceschanged', checkVoices);
    setTimeout(checkVoices, 1500); // voices load late, and some browsers never announce that there are none
  }

  function speak(text, language, done) {
    speech.cancel();
    const utterance = new SpeechSynthesisUtterance(text);
    const voices = speech.getVoices();
    const voice = voices.find((v) => v.lang.replace('_', '-').toLowerCase().startsWith(language)) || (language !== 'vi' && voices.find((v) => v.lang.toLowerCase().startsWith('vi')));
    utterance.lang = voice ? voice.lang : language === 'en' ? 'en-US' : 'vi-VN';
    if (voice) utterance.voice = voice;
    utterance.onend = utterance.onerror = done;
    speech.speak(utterance);
  }

  function addSpeaker(item, activity) {
    if (!speech) return;
    // What the bot marked to be read (a guided step and its question), else the message only: not its sources, its
    // sender's name or its time.
    const text = (activity.speak && activity.speak.trim()) || [...item.querySelectorAll('p, li')].filter((el) => !el.closest('.source, .citations, .who, .card'))
      .map((el) => el.textContent).join('. ').replace(/\[\d+\]/g, '');
    if (!text.trim()) return;
    const play = document.createElement('button');
    play.type = 'button';
    play.className = 'speak';
    play.setAttribute('aria-label', T.listen);
    play.setAttribute('aria-pressed', 'false');
    const stop = () => { play.setAttribute('aria-pressed', 'false'); play.setAttribute('aria-label', T.listen); };
    const start = () => {
      play.setAttribute('aria-pressed', 'true');
      play.setAttribute('aria-label', T.stopListening);
      speak(text, item.lang || lang, stop);
    };
    play.addEventListener('click', () => (play.getAttribute('aria-pressed') === 'true' ? (speech.cancel(), stop()) : start()));
    item.prepend(play); // its ▶ is drawn by the style sheet, so the message's own text stays as it was
    // Only messages that arrive now are read on their own, not the history replayed after a reload.
    const sent = Date.parse(activity.timestamp || '');
    if (autoRead && (!sent || Math.abs(Date.now() - sent) < 30000)) start();
  }

  // Markdown subset the bot uses: paragraphs, **bold**, _italic_, "- " and "1. " lists, [text](https://…) links. Everything else is escaped.
  function markdown(source) {
    const escape = (s) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
    const inline = (s) => escape(s)
      .replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')
      .replace(/(^|\s)_(.+?)_(?=\s|$)/g, '$1<em>$2</em>')
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

  // A photo for the server to read (the scanner's fallback): the echo carries no text, so it adds no second bubble.
  async function upload(file) {
    const item = bubble('user sending');
    item.textContent = '📷';
    stamp(item);
    turnTop = null;
    try {
      const data = new FormData();
      data.append('file', file, file.name || 'qr.jpg');
      const response = await fetch(`${dl}/conversations/${encodeURIComponent(conversationId)}/upload?userId=${encodeURIComponent(userId)}`,
        { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: data });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      item.classList.remove('sending');
    } catch { item.classList.add('failed'); say(T.failed); }
  }

  // The scan button: its code (scan.js) is fetched only when tapped, so the widget stays small.
  const scan = document.createElement('button');
  scan.type = 'button';
  scan.className = 'chat-scan icon';
  // A QR code's three corner squares: the sign people know from codes on boards and papers.
  scan.innerHTML = icon('M2 2h8v8H2zm2 2v4h4V4zm10-2h8v8h-8zm2 2v4h4V4zM2 14h8v8H2zm2 2v4h4v-4zm10-2h3v3h-3zm5 0h3v3h-3zm-5 5h3v3h-3zm5 0h3v3h-3zm-2.5-2.5h3v3h-3z');
  scan.title = T.scan;
  scan.setAttribute('aria-label', scan.title);
  form.insertBefore(scan, form.firstChild);
  scan.addEventListener('click', () => {
    const go = () => window.CitizenHelperScan.open({ lang, send, upload });
    if (window.CitizenHelperScan) { go(); return; }
    const script = document.createElement('script');
    script.src = `${base}/scan.js`;
    script.onload = go;
    document.head.appendChild(script);
  });

  function icon(path) {
    return `<svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false"><path fill="currentColor" fill-rule="evenodd" d="${path}"/></svg>`;
  }

  // Voice input where the browser offers speech recognition: what was heard goes into the box, to check and send.
  const Recognition = window.SpeechRecognition || window.webkitSpeechRecognition;
  if (Recognition) {
    const mic = document.createElement('button');
    mic.type = 'button';
    mic.className = 'chat-mic icon';
    mic.innerHTML = icon('M12 2a3 3 0 0 0-3 3v6a3 3 0 0 0 6 0V5a3 3 0 0 0-3-3zM5 10h2a5 5 0 0 0 10 0h2a7 7 0 0 1-6 6.9V20h3v2H8v-2h3v-3.1A7 7 0 0 1 5 10z');
    mic.setAttribute('aria-label', T.speakIn);
    mic.setAttribute('aria-pressed', 'false');
    form.insertBefore(mic, form.querySelector('button[type="submit"]'));
    let listening = null;
    const idle = () => { listening = null; mic.setAttribute('aria-pressed', 'false'); mic.setAttribute('aria-label', T.speakIn); };
    mic.addEventListener('click', () => {
      if (listening) { listening.stop(); return; }
      try {
        listening = new Recognition();
        listening.lang = locale;
        listening.interimResults = false;
        listening.maxAlternatives = 1;
        listening.onresult = (e) => {
          const heard = e.results && e.results[0] && e.results[0][0] ? e.results[0][0].transcript.trim() : '';
          if (heard) { input.value = heard.slice(0, input.maxLength > 0 ? input.maxLength : 1000); say(T.heard); input.focus(); }
        };
        listening.onerror = () => say(T.notHeard);
        listening.onend = idle;
        mic.setAttribute('aria-pressed', 'true');
        mic.setAttribute('aria-label', T.stopSpeaking);
        listening.start();
      } catch { idle(); say(T.notHeard); }
    });
  }

  // A guide's checklist page is kept on this device, so the citizen finds it again after a reload or another day.
  const keptKey = 'citizenhelper.checklist';
  function keepChecklist(item) {
    const link = [...item.querySelectorAll('a[href]')].find((a) => /\/guided\/[\w-]{16,32}$/.test(new URL(a.href, location.href).pathname));
    if (!link) return;
    const title = item.querySelector('strong');
    try { localStorage.setItem(keptKey, JSON.stringify({ url: link.href, title: title ? title.textContent : '' })); } catch { /* private mode */ }
    showKept();
  }
  function showKept() {
    let kept = null;
    try { kept = JSON.parse(localStorage.getItem(keptKey) || 'null'); } catch { /* private mode, or not ours */ }
    if (!kept || !/^https?:/.test(kept.url || '')) return;
    let link = bar.querySelector('.chat-kept');
    if (!link) { link = document.createElement('a'); link.className = 'chat-kept'; bar.prepend(link); }
    link.href = kept.url;
    link.innerHTML = '<span aria-hidden="true">📋</span> ';
    link.append(T.kept);
    link.title = kept.title || '';
  }
  showKept();

  form.addEventListener('submit', (e) => { e.preventDefault(); const text = input.value; input.value = ''; say(''); send(text); input.focus(); });
  window.addEventListener('online', () => { say(''); flush(); });
  window.addEventListener('offline', () => say(T.offline));
  start();
})();
