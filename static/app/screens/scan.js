// Scan: read a badge's or card's QR code with the camera (the browser's BarcodeDetector, else the vendored
// jsQR) or from a photo, ask the server what contact it describes, and open Met someone filled in. Nothing is
// saved until the user taps Save there.
import { api, explain } from "../api.js";
import { ctx } from "../context.js";
import { keep } from "../scanned.js";
import { h } from "../ui.js";

export const name = "scan";
export const title = "Scan a card";

const EVERY_MS = 200;
let decoderLoading;

export async function render(body) {
  const video = h("video", { class: "scan-video", muted: true, playsinline: true, autoplay: true, "aria-label": "Camera" });
  const status = h("p", { class: "note", role: "status", "aria-live": "polite" }, "Point the camera at the QR code on a badge or card.");
  const photo = h("input", { type: "file", accept: "image/*", capture: "environment", class: "sr-only", id: "scan-photo" });
  const scanning = { stopped: false, stream: null };
  const stop = () => {
    scanning.stopped = true;
    for (const track of scanning.stream?.getTracks() || []) track.stop();
  };
  window.addEventListener("hashchange", stop, { once: true });
  let refused = null; // the last code the server did not take: the camera keeps looking for another, not at it
  /** Whether the code was a card, now waiting on Met someone; when not, says why and the camera goes on. */
  const found = async (text) => {
    status.textContent = "Reading the card…";
    let prefill;
    try {
      prefill = await api("/me/contacts/from-card", { method: "POST", body: { text, conference: ctx.slug || undefined } });
    } catch (error) {
      refused = text;
      status.textContent = error.fields?.text ? `${error.message} Try another code.` : explain(error, "Reading a card");
      return false;
    }
    if (scanning.stopped) return true; // the user left the screen meanwhile: the card is not pressed on them
    stop();
    keep(prefill);
    location.hash = "#/met";
    return true;
  };
  photo.addEventListener("change", async () => {
    const file = photo.files[0];
    if (!file) return;
    const text = await decode(await createImageBitmap(file)).catch(() => null);
    if (text) found(text);
    else status.textContent = "No QR code found in that photo; try a closer, sharper one.";
  });
  body.append(h("div", { class: "scan" }, video), status,
    h("label", { class: "button", for: "scan-photo" }, "Use a photo instead"), photo,
    h("a", { class: "button", href: "#/met" }, "Type it in instead"));
  try {
    scanning.stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false });
  } catch {
    status.textContent = "No camera available: use a photo of the code instead.";
    return;
  }
  if (scanning.stopped) return stop();
  video.srcObject = scanning.stream;
  await video.play().catch(() => {});
  const look = async () => {
    if (scanning.stopped) return;
    const text = video.videoWidth ? await decode(video).catch(() => null) : null;
    if (text && text !== refused && (await found(text))) return;
    setTimeout(look, EVERY_MS);
  };
  look();
}

/** The text of the first QR code in an image or video frame, or null. */
async function decode(source) {
  if ("BarcodeDetector" in window && (await BarcodeDetector.getSupportedFormats()).includes("qr_code")) {
    const [code] = await new BarcodeDetector({ formats: ["qr_code"] }).detect(source);
    return code?.rawValue || null;
  }
  const jsQR = await loadDecoder();
  const width = source.videoWidth || source.width;
  const height = source.videoHeight || source.height;
  const canvas = h("canvas", { width, height });
  const drawing = canvas.getContext("2d", { willReadFrequently: true });
  drawing.drawImage(source, 0, 0, width, height);
  return jsQR(drawing.getImageData(0, 0, width, height).data, width, height)?.data || null;
}

/** jsQR (vendored from npm, see static/vendor/jsqr), loaded on first use only: a classic script that sets window.jsQR. */
function loadDecoder() {
  decoderLoading ||= new Promise((resolve, reject) => {
    document.head.append(h("script", { src: "/vendor/jsqr/jsQR.js", onload: () => resolve(window.jsQR), onerror: reject }));
  });
  return decoderLoading;
}
