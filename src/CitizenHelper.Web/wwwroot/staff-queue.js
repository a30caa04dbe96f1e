// The live queue: the server says (Server-Sent Events) when the queue changed; the rows are then read again from this
// same page's address, the tab's title shows how many are new and not taken, and a chime sounds if the clerk wants.
const live = document.querySelector('.live');
const rows = document.getElementById('queue-rows');
const sound = document.getElementById('queue-sound');
if (live && rows && window.EventSource) {
  const heading = document.title.replace(/^\(\d+\) /, '');
  let stamp = live.dataset.stamp;
  let latest = Number(live.dataset.latest);
  sound.checked = localStorage.getItem('citizenhelper.queue.sound') === 'on';
  sound.addEventListener('change', () => localStorage.setItem('citizenhelper.queue.sound', sound.checked ? 'on' : 'off'));

  const chime = () => {
    const audio = new AudioContext();
    const tone = audio.createOscillator();
    const gain = audio.createGain();
    tone.frequency.value = 880;
    gain.gain.setValueAtTime(0.2, audio.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + 0.6);
    tone.connect(gain).connect(audio.destination);
    tone.start();
    tone.stop(audio.currentTime + 0.6);
  };

  const events = new EventSource('/staff/queue/events');
  events.addEventListener('queue', async (event) => {
    const state = JSON.parse(event.data);
    document.title = (state.open > 0 ? `(${state.open}) ` : '') + heading;
    document.getElementById('queue-open').textContent = state.open;
    const now = `${state.latestId}:${state.changedAt}`;
    if (now === stamp) return;
    stamp = now;
    const response = await fetch(location.href, { headers: { accept: 'text/html' } });
    if (!response.ok) return;
    const page = new DOMParser().parseFromString(await response.text(), 'text/html');
    const fresh = page.getElementById('queue-rows');
    if (fresh) {
      const before = new Set([...rows.querySelectorAll('tr[data-reference]')].map((row) => row.dataset.reference));
      rows.replaceChildren(...[...fresh.children].map((row) => document.importNode(row, true)));
      for (const row of rows.querySelectorAll('tr[data-reference]')) {
        if (!before.has(row.dataset.reference)) row.classList.add('unread');
      }
    }
    if (state.latestId > latest && sound.checked) chime();
    latest = Math.max(latest, state.latestId);
  });
}
