// CitizenHelper: a guide's checklist page (/guided/{token}) the resident can keep. The papers become boxes to tick,
// kept on this device (localStorage), and the page can be printed, shared, and saved as an image or a PDF (the
// browser's print to PDF, with the print style sheet). No library: the image is drawn on a canvas.
(() => {
  'use strict';
  const main = document.querySelector('main');
  if (!main) return;
  // The page names its buttons in its own language (data-keep-* on <main>, from the language pack or the machine
  // translation); these are for a page without them.
  const D = main.dataset;
  const builtIn = (document.documentElement.lang || '').startsWith('en')
    ? { actions: 'Keep this checklist', print: 'Print', share: 'Share', image: 'Save as image', pdf: 'Save as PDF',
      copied: 'Link copied. Paste it into a message.', copyThis: 'Copy this link:', pdfHint: 'In the print window, choose "Save as PDF".',
      imageSaved: 'Image saved.', failed: 'That did not work on this device.', file: 'checklist' }
    : { actions: 'Giữ danh sách này', print: 'In', share: 'Chia sẻ', image: 'Lưu ảnh', pdf: 'Lưu PDF',
      copied: 'Đã chép đường link. Bạn dán vào tin nhắn để gửi.', copyThis: 'Chép đường link này:', pdfHint: 'Trong cửa sổ in, chọn "Lưu dưới dạng PDF".',
      imageSaved: 'Đã lưu ảnh.', failed: 'Máy này chưa làm được việc đó.', file: 'danh-sach' };
  const T = {
    actions: D.keepActions || builtIn.actions, print: D.keepPrint || builtIn.print, share: D.keepShare || builtIn.share,
    image: D.keepImage || builtIn.image, pdf: D.keepPdf || builtIn.pdf, copied: D.keepCopied || builtIn.copied,
    copyThis: D.keepCopyThis || builtIn.copyThis, pdfHint: D.keepPdfHint || builtIn.pdfHint,
    imageSaved: D.keepImageSaved || builtIn.imageSaved, failed: D.keepFailed || builtIn.failed, file: builtIn.file,
  };
  const key = `citizenhelper.checklist.${location.pathname.split('/').pop()}`;
  const load = () => { try { return JSON.parse(localStorage.getItem(key) || 'null'); } catch { return null; } };
  const store = (value) => { try { localStorage.setItem(key, JSON.stringify(value)); } catch { /* private mode */ } };

  // Papers: "✔ …" / "☐ …" from the server become boxes; the resident's own ticks survive a reload.
  const saved = load();
  const boxes = [];
  for (const item of main.querySelectorAll('li[data-paper]')) {
    const first = item.firstChild;
    if (!first || first.nodeType !== Node.TEXT_NODE || !/^[✔☐] /.test(first.data)) continue;
    const had = first.data.startsWith('✔');
    first.data = first.data.slice(2);
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.dataset.paper = item.dataset.paper;
    box.checked = saved && Array.isArray(saved.ticked) ? saved.ticked.includes(item.dataset.paper) : had;
    const label = document.createElement('label');
    label.append(box, ' ', ...item.childNodes);
    item.replaceChildren(label);
    item.classList.add('paper');
    boxes.push(box);
  }
  const remember = () => store({ ticked: boxes.filter((b) => b.checked).map((b) => b.dataset.paper) });
  for (const box of boxes) box.addEventListener('change', remember);

  const bar = document.createElement('nav');
  bar.className = 'keep';
  bar.setAttribute('aria-label', T.actions);
  const status = document.createElement('p');
  status.className = 'keep-status';
  status.setAttribute('role', 'status');
  const say = (text) => { status.textContent = text; };
  const action = (name, sign, label, run) => {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = name;
    const glyph = document.createElement('span');
    glyph.setAttribute('aria-hidden', 'true'); // the button is named by its word alone
    glyph.textContent = `${sign} `;
    button.append(glyph, label);
    button.addEventListener('click', () => Promise.resolve().then(run).catch(() => say(T.failed)));
    bar.appendChild(button);
  };
  action('print', '🖨', T.print, () => window.print());
  action('share', '↗', T.share, share);
  action('image', '🖼', T.image, saveImage);
  action('pdf', '📄', T.pdf, () => { say(T.pdfHint); window.print(); });
  const heading = main.querySelector('h1');
  (heading ? heading.nextElementSibling || heading : main.firstChild).after(bar, status);

  // The phone's own share sheet where there is one; else the link is copied, or shown to copy by hand.
  async function share() {
    const url = location.href;
    if (navigator.share) {
      try { await navigator.share({ title: document.title, url }); return; } catch (e) { if (e && e.name === 'AbortError') return; }
    }
    try { await navigator.clipboard.writeText(url); say(T.copied); return; } catch { /* no clipboard: shown instead */ }
    say(`${T.copyThis} ${url}`);
  }

  // The checklist as a picture to keep in the phone's gallery: its text drawn line by line, boxes as drawn squares.
  async function saveImage() {
    const width = 720, pad = 32, scale = 2;
    const canvas = document.createElement('canvas');
    const ctx = canvas.getContext('2d');
    const family = getComputedStyle(document.body).fontFamily || 'sans-serif';
    const lines = [];
    const wrap = (text, font, indent, extra) => {
      ctx.font = font;
      let line = '';
      for (const word of text.replace(/\s+/g, ' ').trim().split(' ')) {
        const next = line ? `${line} ${word}` : word;
        if (line && ctx.measureText(next).width > width - 2 * pad - indent) { lines.push({ text: line, font, indent, ...extra }); line = word; extra = {}; } else line = next;
      }
      if (line) lines.push({ text: line, font, indent, ...extra });
    };
    for (const el of main.querySelectorAll('h1, h2, li, p:not(.keep-status):not(.continue)')) {
      if (el.closest('.keep') || (el.tagName === 'P' && el.closest('li'))) continue;
      if (el.tagName === 'H1') wrap(el.textContent, `bold 28px ${family}`, 0, { gap: 8 });
      else if (el.tagName === 'H2') wrap(el.textContent, `bold 21px ${family}`, 0, { gap: 18 });
      else if (el.tagName === 'LI') {
        const box = el.querySelector('input[type="checkbox"]');
        const number = el.parentElement.tagName === 'OL' ? `${[...el.parentElement.children].indexOf(el) + 1}. ` : box ? '' : '• ';
        wrap(number + el.textContent.trim(), `18px ${family}`, 30, { gap: 6, box: box ? box.checked : undefined });
      } else wrap(el.textContent, `16px ${family}`, 0, { gap: 12 });
    }
    const height = pad * 2 + lines.reduce((sum, l) => sum + (l.gap || 0) + parseInt(l.font.match(/(\d+)px/)[1], 10) * 1.45, 0);
    canvas.width = width * scale;
    canvas.height = Math.ceil(height * scale);
    ctx.scale(scale, scale);
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, width, height);
    ctx.textBaseline = 'top';
    let y = pad;
    for (const l of lines) {
      const size = parseInt(l.font.match(/(\d+)px/)[1], 10);
      y += l.gap || 0;
      ctx.font = l.font;
      ctx.fillStyle = l.font.includes('28px') ? '#b71c1c' : '#1d1d1d';
      if (l.box !== undefined) {
        ctx.strokeStyle = '#1d1d1d';
        ctx.lineWidth = 2;
        ctx.strokeRect(pad + 2, y + 2, 18, 18);
        if (l.box) { ctx.beginPath(); ctx.moveTo(pad + 6, y + 11); ctx.lineTo(pad + 10, y + 16); ctx.lineTo(pad + 17, y + 5); ctx.stroke(); }
      }
      ctx.fillText(l.text, pad + l.indent, y);
      y += size * 1.45;
    }
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
    if (!blob) throw new Error('no image');
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = `${T.file}-${(main.querySelector('h1')?.textContent || '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/gi, 'd').replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').toLowerCase() || 'citizenhelper'}.png`;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10000);
    say(T.imageSaved);
  }
})();
