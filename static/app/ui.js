// Small DOM helpers: build elements without HTML strings (no injection, nothing inline for the CSP).

/** Create an element: h("button", {class: "x", onclick: fn}, "text", child). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else if (key === "class") el.className = value;
    else if (key === "value") el.value = value;
    else if (key === "checked" || key === "selected") el[key] = Boolean(value);
    else el.setAttribute(key, value === true ? "" : value);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
}

/** Replace an element's children. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

let ids = 0;
/** A labelled form field: the label names the control for screen readers (`quiet`: for them only). */
export function field(label, control, hint, { quiet = false } = {}) {
  const id = control.id || `f${++ids}`;
  control.id = id;
  const hintEl = hint ? h("span", { class: "hint", id: `${id}-hint` }, hint) : null;
  if (hintEl) control.setAttribute("aria-describedby", hintEl.id);
  return h("div", { class: "field" }, h("label", { for: id, class: quiet ? "sr-only" : null }, label), control, hintEl);
}

/** A select with [value, label] options. */
export function select(name, options, value, attrs = {}) {
  return h("select", { name, ...attrs },
    options.map(([v, label]) => h("option", { value: v, selected: String(v) === String(value ?? "") }, label)));
}

/** A button-like group where one choice is pressed (radio semantics). */
export function choices(name, label, options, value, onchange) {
  const group = h("fieldset", { class: "choices" }, h("legend", {}, label));
  for (const [v, text] of options) {
    const input = h("input", { type: "radio", name, value: v, checked: v === value, onchange: () => onchange?.(v) });
    group.append(h("label", { class: "choice" }, input, h("span", {}, text)));
  }
  return group;
}

/** A datetime-local value for a moment, in the device's zone. */
export function localInput(date) {
  const shifted = new Date(date.getTime() - date.getTimezoneOffset() * 60000);
  return shifted.toISOString().slice(0, 16);
}

/** An ISO moment with its offset from a datetime-local value. */
export function fromLocalInput(value) {
  return value ? new Date(value).toISOString() : null;
}

let toastTimer;
/** Say something briefly (read out by screen readers). */
export function toast(message) {
  const el = document.getElementById("toast");
  el.textContent = message;
  el.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { el.hidden = true; }, 3500);
}

/** Open the bottom sheet with a title and content; returns the dialog. */
export function sheet(title, ...content) {
  const dialog = document.getElementById("sheet");
  fill(dialog,
    h("div", { class: "sheet-head" },
      h("h2", { id: "sheet-title" }, title),
      h("button", { type: "button", class: "icon-button close", "aria-label": "Close", onclick: () => dialog.close() }, "✕")),
    h("div", { class: "sheet-body" }, ...content));
  if (!dialog.open) dialog.showModal();
  return dialog;
}

export function closeSheet() {
  const dialog = document.getElementById("sheet");
  if (dialog.open) dialog.close();
}

/** Copy text, telling the user it worked. */
export async function copy(text, what = "Copied") {
  try {
    await navigator.clipboard.writeText(text);
    toast(`${what} to the clipboard`);
  } catch {
    toast("Select the text and copy it");
  }
}

const timeFormats = new Map();
/** Format a moment in a zone: kind "time" (14:05), "day" (Sat, May 15), "dayTime", or "dayTimeZone" (naming the zone). */
export function formatTime(iso, zone, kind = "time") {
  if (!iso) return "";
  const key = `${zone}|${kind}`;
  if (!timeFormats.has(key)) {
    const options = { time: { hour: "numeric", minute: "2-digit" }, day: { weekday: "short", month: "short", day: "numeric" },
      dayTime: { weekday: "short", month: "short", day: "numeric", hour: "numeric", minute: "2-digit" },
      dayTimeZone: { weekday: "short", month: "short", day: "numeric", hour: "numeric", minute: "2-digit", timeZoneName: "short" } }[kind];
    timeFormats.set(key, new Intl.DateTimeFormat(undefined, { ...options, timeZone: zone || undefined }));
  }
  return timeFormats.get(key).format(new Date(iso));
}

const dayFormats = new Map();
/** The calendar date (YYYY-MM-DD) of a moment in a zone. */
export function dayOf(iso, zone) {
  if (!dayFormats.has(zone)) {
    dayFormats.set(zone, new Intl.DateTimeFormat("en-CA", { timeZone: zone || undefined, year: "numeric", month: "2-digit", day: "2-digit" }));
  }
  return dayFormats.get(zone).format(new Date(iso));
}

// The welcome that index.html paints before any module runs, kept before the first screen replaces it.
const shellWelcome = document.getElementById("welcome");
/** The welcome as the shell paints it: the login shows the very same, so the first paint's largest text
 * stays the largest and the screen does not shift. */
export function welcome() {
  const copy = shellWelcome.cloneNode(true);
  copy.removeAttribute("id");
  return copy;
}

/** An empty-state message. */
export function empty(text, ...extra) {
  return h("div", { class: "empty" }, h("p", {}, text), ...extra);
}
