// My card: the QR code of my vCard, black on white across the screen, kept on the phone so it shows offline;
// and which profile fields it shares.
import { api, ApiError, explain } from "../api.js";
import { ctx, setUser } from "../context.js";
import * as store from "../store.js";
import { field, h, toast } from "../ui.js";

export const name = "card";
export const title = "My card";

const SHAREABLE = [["name", "Name"], ["credentials", "Credentials"], ["pronouns", "Pronouns"], ["institution", "Institution"],
  ["email", "Email"], ["phone", "Phone"], ["linkedin_url", "LinkedIn"], ["interest", "Interest (one line)"]];

export async function render(body) {
  const code = h("div", { class: "qr", role: "img", "aria-label": "QR code of my contact card" });
  const who = h("p", { class: "qr-who" });
  const out = h("p", { class: "note", "aria-live": "polite" });
  const show = (kept) => {
    if (!kept) return;
    const svg = new DOMParser().parseFromString(kept.svg, "image/svg+xml").documentElement;
    code.replaceChildren(document.importNode(svg, true));
    who.textContent = [kept.card.name, kept.card.credentials, kept.card.institution].filter(Boolean).join(" · ");
  };
  show(await store.meta("card"));
  const enlarge = h("button", { type: "button", class: "button primary", onclick: () => fullScreen(code) }, "Show full screen");
  body.append(code, who, enlarge, out, editor(async () => show(await refresh(out))));
  show(await refresh(out));
  navigator.wakeLock?.request("screen").catch(() => {}); // the screen stays on while someone scans it
}

/** The code alone, black on white over the whole screen (and the browser's full screen where it has one), as
 * large as the screen allows for a camera half a metre away; a tap, or leaving the browser's full screen, closes it. */
function fullScreen(code) {
  const close = () => {
    code.classList.remove("qr-full");
    code.removeEventListener("click", close);
    document.removeEventListener("fullscreenchange", left);
    if (document.fullscreenElement) document.exitFullscreen().catch(() => {});
  };
  const left = () => { if (!document.fullscreenElement) close(); };
  code.classList.add("qr-full");
  code.addEventListener("click", close);
  code.requestFullscreen?.().then(() => document.addEventListener("fullscreenchange", left)).catch(() => {});
}

/** The card and its QR code from the server, kept on the phone for offline; the kept one when offline. */
async function refresh(out) {
  try {
    const [mine, response] = await Promise.all([api("/me/card"), fetch("/api/v1/me/card.svg", { credentials: "same-origin" })]);
    if (!response.ok) throw new ApiError(response.status, await response.json().catch(() => null));
    const kept = { card: mine.card, svg: await response.text() };
    await store.setMeta("card", kept);
    return kept;
  } catch (error) {
    // A refusal (a card too long for a QR code) is said as the server says it, not taken for being offline.
    const kept = !(error instanceof ApiError) && (await store.meta("card"));
    out.textContent = kept ? "Offline: showing the card kept on this phone." : explain(error, "My card");
    return null;
  }
}

/** The profile fields the card can show, and which it shows. */
function editor(saved) {
  const inputs = {
    credentials: h("input", { name: "credentials", maxlength: 100, placeholder: "MD, PhD" }),
    pronouns: h("input", { name: "pronouns", maxlength: 40, placeholder: "she/her" }),
    institution: h("input", { name: "institution", maxlength: 300, autocomplete: "organization" }),
    phone: h("input", { type: "tel", name: "phone", maxlength: 40, autocomplete: "tel" }),
    linkedin_url: h("input", { type: "url", name: "linkedin_url", maxlength: 500, placeholder: "https://www.linkedin.com/in/…" }),
    interest: h("input", { name: "interest", maxlength: 200, placeholder: "e.g. early psychosis, rural programs" }),
  };
  const boxes = SHAREABLE.map(([key, label]) => h("label", { class: "toggle" },
    h("input", { type: "checkbox", class: "switch", name: `show-${key}`, value: key, disabled: key === "name" }), h("span", {}, label)));
  const out = h("p", { class: "note", "aria-live": "polite" });
  const form = h("form", { class: "form card" },
    ...Object.entries(inputs).map(([key, input]) => field(SHAREABLE.find(([k]) => k === key)[1], input)),
    h("fieldset", {}, h("legend", {}, "Show on my card"), ...boxes),
    h("button", { type: "submit", class: "button primary" }, "Save card"), out);
  const details = h("details", { class: "edit" }, h("summary", {}, "Edit my card"), form);
  // Filled from the user the app already holds, so nothing typed is overwritten by a late answer.
  for (const [key, input] of Object.entries(inputs)) input.value = ctx.user[key] || "";
  for (const box of boxes.map((label) => label.firstChild)) box.checked = (ctx.user.card_fields || []).includes(box.value);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const changes = Object.fromEntries(Object.entries(inputs).map(([key, input]) => [key, input.value.trim()]));
    changes.card_fields = [...form.querySelectorAll("input[type=checkbox]")].filter((box) => box.checked || box.value === "name").map((box) => box.value);
    try {
      await setUser(await api("/me", { method: "PATCH", body: changes }));
      toast("Card saved");
      await saved();
    } catch (error) {
      const [key, reasons] = Object.entries(error.fields || {})[0] || [];
      out.textContent = key ? `${key}: ${reasons}` : explain(error, "Saving the card");
    }
  });
  return details;
}
