// The hash router: which screen is shown, the bottom navigation, and the moves between signed in and out.
// Screens import it to move on; it imports no screen (app.js hands it the table of screens), so no module
// imports one that imports it back.
import { ApiError, explain, Offline } from "./api.js";
import { chooseConference, ctx, setUser } from "./context.js";
import * as store from "./store.js";
import * as sync from "./sync.js";
import { closeSheet, empty, fill, h } from "./ui.js";

const view = document.getElementById("view");
let screens = {};
let current = null;
// The screen a link asked for while nobody was logged in (a draft from the summary email): opened after logging in.
let wanted = "";

/** The screens by name, each a function that gives its module (loaded when first opened). */
export function setScreens(table) {
  screens = table;
}

/** Show the screen the address names, and follow its changes from now on. */
export async function start() {
  window.addEventListener("hashchange", () => route());
  await route({ loaded: true });
}

/** Called after logging in or registering. */
export async function signedIn(user) {
  const before = await store.meta("user");
  if (before?.id !== user.id) await store.wipe(); // another person's records never stay on the phone
  await setUser(user);
  await chooseConference();
  location.hash = wanted || "#/today";
  wanted = "";
  await route();
  sync.flush();
}

/** Called after logging out, deleting the account or finding the session ended: nothing of the user stays on the phone. */
export async function signedOut() {
  await store.wipe();
  ctx.user = null;
  location.hash = "#/login";
  await route();
}

/** Open the screen the hash names; the login while nobody is logged in. A page just `loaded` is at its top
 * with nothing focused already, so its first screen skips the focus and scroll (each forces a layout). */
export async function route({ loaded = false } = {}) {
  const [name = "today", ...rest] = location.hash.replace(/^#\/?/, "").split("/");
  const key = !ctx.user ? "login" : screens[name] && name !== "login" ? name : "today";
  if (!ctx.user && name !== "login") {
    if (screens[name]) wanted = location.hash;
    history.replaceState(null, "", "#/login");
  }
  closeSheet();
  const screen = await screens[key]();
  current = { key, screen, args: rest.map(decodeURIComponent) };
  document.getElementById("title").textContent = screen.title;
  document.title = `${screen.title} · Conference networking`;
  await render({ entering: true });
  await screen.open?.(...current.args); // what a link names on the screen (a follow-up's draft)
  if (loaded) return;
  if (!view.contains(document.activeElement) || document.activeElement === document.body) view.focus({ preventScroll: true });
  window.scrollTo(0, 0);
}

/** Draw the current screen again: always, or only when it shows the phone's records (`live`). */
export function redraw({ always = true } = {}) {
  return current && (always || current.screen.live) ? render() : undefined;
}

/** Draw the current screen; a slow first draw says it is loading, one that needs the network and lacks it says so. */
async function render({ entering = false } = {}) {
  const drawing = current;
  let body = h("div", { class: `screen screen-${drawing.screen.name}` });
  const show = (content) => {
    if (current?.screen !== drawing.screen) return;
    if (entering) navigation(drawing.key); // with the screen, in one frame
    fill(view, content);
  };
  // The shell's welcome (index.html) already stands for the app on its way: a slow first draw keeps it.
  const slow = entering && !document.getElementById("welcome")
    && setTimeout(() => show(h("p", { class: "loading", role: "status" }, "Loading…")), 150);
  try {
    await drawing.screen.render(body, ...drawing.args);
  } catch (error) {
    if (!(error instanceof Offline || error instanceof ApiError)) throw error;
    body = h("div", { class: `screen screen-${drawing.screen.name}` }, empty(explain(error, `“${drawing.screen.title}”`)));
  } finally {
    clearTimeout(slow);
  }
  show(body);
}

/** The tabs, the settings link and the big button as the screen `key` wants them. */
function navigation(key) {
  const signed = Boolean(ctx.user);
  document.getElementById("tabs").hidden = !signed;
  document.getElementById("settings-link").hidden = !signed;
  document.getElementById("fab").hidden = !signed || key === "met" || key === "today";
  for (const tab of document.querySelectorAll("#tabs a")) {
    const here = tab.dataset.tab === key || (["person", "board"].includes(key) && tab.dataset.tab === "people");
    if (here) tab.setAttribute("aria-current", "page");
    else tab.removeAttribute("aria-current");
  }
}
