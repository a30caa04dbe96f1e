// CitizenHelper widget: the QR scanner, loaded only when the citizen taps the scan button (widget.js).
// Where the browser has BarcodeDetector, the camera (or a photo) is read on the device and only the code's text is
// sent. Elsewhere the photo is made smaller and sent as an upload; the server reads the code and answers.
(() => {
  'use strict';
  const T = {
    vi: { title: 'Quét mã QR', close: 'Đóng', photo: 'Chụp hoặc chọn ảnh', aim: 'Đưa mã QR vào giữa khung hình.',
      noCamera: 'Không mở được máy ảnh. Bạn chụp hoặc chọn ảnh có mã QR.', several: 'Có nhiều mã QR. Bạn đưa riêng một mã vào khung hình.' },
    en: { title: 'Scan a QR code', close: 'Close', photo: 'Take or choose a photo', aim: 'Hold the QR code in the middle of the frame.',
      noCamera: 'The camera could not be opened. Take or choose a photo of the QR code.', several: 'There are several QR codes. Hold just one in the frame.' },
  };
  const MAX_SIDE = 1600; // enough for a code; keeps uploads small on weak networks

  async function detectorOrNull() {
    if (!('BarcodeDetector' in window)) return null;
    try {
      const formats = await window.BarcodeDetector.getSupportedFormats();
      return formats.includes('qr_code') ? new window.BarcodeDetector({ formats: ['qr_code'] }) : null;
    } catch { return null; }
  }

  /** One code's text, or null when there is none or several different ones. */
  async function readOne(detector, source) {
    const codes = await detector.detect(source);
    const texts = [...new Set(codes.map((c) => c.rawValue).filter(Boolean))];
    return { text: texts.length === 1 ? texts[0] : null, several: texts.length > 1 };
  }

  /** The photo as a JPEG no larger than MAX_SIDE, so the upload stays within the server's limit. */
  async function smaller(file) {
    try {
      const bitmap = await createImageBitmap(file);
      const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
      const canvas = document.createElement('canvas');
      canvas.width = Math.round(bitmap.width * scale);
      canvas.height = Math.round(bitmap.height * scale);
      canvas.getContext('2d').drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.85));
      return blob ? new File([blob], 'qr.jpg', { type: 'image/jpeg' }) : file;
    } catch { return file; }
  }

  async function open({ lang, send, upload }) {
    const t = T[lang === 'en' ? 'en' : 'vi'];
    const detector = await detectorOrNull();
    const dialog = document.createElement('div');
    dialog.className = 'chat-scanner';
    dialog.setAttribute('role', 'dialog');
    dialog.setAttribute('aria-label', t.title);
    dialog.innerHTML = '<video muted playsinline hidden></video><p class="hint" role="status"></p>'
      + '<label class="photo"><input type="file" accept="image/*" capture="environment"><span></span></label><button type="button" class="close"></button>';
    const video = dialog.querySelector('video');
    const hint = dialog.querySelector('.hint');
    const picker = dialog.querySelector('input');
    dialog.querySelector('.photo span').textContent = t.photo;
    const close = dialog.querySelector('.close');
    close.textContent = t.close;
    document.body.appendChild(dialog);
    let stream = null, timer = null;
    const finish = () => { clearInterval(timer); if (stream) stream.getTracks().forEach((track) => track.stop()); dialog.remove(); };
    close.addEventListener('click', finish);
    dialog.addEventListener('keydown', (e) => { if (e.key === 'Escape') finish(); });

    picker.addEventListener('change', async () => {
      const file = picker.files && picker.files[0];
      if (!file) return;
      if (detector) {
        try {
          const found = await readOne(detector, await createImageBitmap(file));
          if (found.text) { finish(); send(found.text); return; }
          if (found.several) { hint.textContent = t.several; return; }
        } catch { /* the server reads it instead */ }
      }
      finish();
      upload(await smaller(file));
    });

    if (detector && navigator.mediaDevices && navigator.mediaDevices.getUserMedia) {
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
        video.srcObject = stream;
        video.hidden = false;
        await video.play();
        hint.textContent = t.aim;
        timer = setInterval(async () => {
          try {
            const found = await readOne(detector, video);
            if (found.text) { finish(); send(found.text); } else if (found.several) hint.textContent = t.several;
          } catch { /* the next frame */ }
        }, 300);
        close.focus();
        return;
      } catch { stream = null; }
    }
    hint.textContent = t.noCamera;
    picker.focus();
  }

  window.CitizenHelperScan = { open };
})();
