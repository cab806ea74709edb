// The hash router, the bottom navigation and the offline/sync indicator (started by main.js).
import { api, Offline } from "./api.js";
import { ctx, setConference, setUser } from "./context.js";
import { conferences, nowOrNext } from "./program.js";
import * as store from "./store.js";
import * as sync from "./sync.js";
import { h, fill, sheet, closeSheet } from "./ui.js";
import * as today from "./screens/today.js";

// The first screen comes with the app; the others load when first opened.
const SCREENS = {
  today: async () => today,
  met: () => import("./screens/met.js"),
  schedule: () => import("./screens/schedule.js"),
  targets: () => import("./screens/targets.js"),
  people: () => import("./screens/people.js"),
  person: () => import("./screens/person.js"),
  followups: () => import("./screens/followups.js"),
  settings: () => import("./screens/settings.js"),
  admin: () => import("./screens/admin.js"),
  login: () => import("./screens/login.js"),
};
const view = document.getElementById("view");
let current = null;
// The screen a link asked for while nobody was logged in (a draft from the summary email): opened after logging in.
let wanted = "";

/** Start the app: user, conference and first screen at once, then the first sync and the service worker. */
export async function boot() {
  // Asked while the phone's storage opens (slow on a first visit); a first visit, which no service worker
  // serves yet, asks for the conferences too. Answers that go unused are not errors.
  const asked = api("/me");
  const listing = navigator.serviceWorker?.controller ? undefined : conferences();
  for (const answer of [asked, listing]) answer?.catch(() => {});
  [ctx.user, ctx.slug] = await store.metas("user", "conference");
  // A phone that knows its user opens at once and checks the session meanwhile; a new one waits for the
  // answer, and picks the latest conference meanwhile. A changed role (made an admin) redraws the screen
  // too, so admin screens appear without a second reload.
  const role = ctx.user?.role;
  const checked = checkSession(asked);
  if (ctx.user) checked.then(() => ctx.user && current && (current.screen.live || ctx.user.role !== role) && render());
  sync.subscribe(showStatus);
  await Promise.all([ctx.user || checked, ctx.slug || chooseConference(listing), sync.refreshStatus()]);
  window.addEventListener("hashchange", route);
  await route();
  if (ctx.user) sync.flush();
  registerWorker();
}

/** Take the server's answer to who is logged in. An expired session asks to log in again and keeps the
 * phone's records, so changes still waiting are sent once the same person is back. */
async function checkSession(asked) {
  try {
    await setUser(await asked);
  } catch (error) {
    if (error instanceof Offline || !ctx.user) return;
    ctx.user = null;
    await route();
  }
}

/** Pick the conference on now, else the next one, else the latest past one, until the user chooses in Settings. */
async function chooseConference(listing = conferences()) {
  const chosen = nowOrNext(await listing.catch(() => []));
  if (chosen) await setConference(chosen.slug);
}

/** Register the service worker once the browser is idle after the first screen: on a first visit its
 * precache would otherwise compete with that screen. */
function registerWorker() {
  if (!("serviceWorker" in navigator)) return;
  (window.requestIdleCallback ?? setTimeout)(() => navigator.serviceWorker.register("/sw.js").catch(() => {}));
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

/** Called after logging out or deleting the account: nothing of the user stays on the phone. */
export async function signedOut() {
  await store.wipe();
  ctx.user = null;
  location.hash = "#/login";
  await route();
}

async function route() {
  const [name = "today", ...rest] = location.hash.replace(/^#\/?/, "").split("/");
  const key = !ctx.user ? "login" : SCREENS[name] && name !== "login" ? name : "today";
  if (!ctx.user && name !== "login") {
    if (SCREENS[name]) wanted = location.hash;
    history.replaceState(null, "", "#/login");
  }
  closeSheet();
  const screen = await SCREENS[key]();
  current = { key, screen, args: rest.map(decodeURIComponent) };
  document.getElementById("title").textContent = screen.title;
  document.title = `${screen.title} · Conference networking`;
  await render({ entering: true });
  await screen.open?.(...current.args); // what a link names on the screen (a follow-up's draft)
  if (!view.contains(document.activeElement) || document.activeElement === document.body) view.focus({ preventScroll: true });
  window.scrollTo(0, 0);
}

/** Draw the current screen (again, after data changed under it); a slow first draw says it is loading. */
export async function render({ entering = false } = {}) {
  const drawing = current;
  const body = h("div", { class: `screen screen-${drawing.screen.name}` });
  const show = (content) => {
    if (current?.screen !== drawing.screen) return;
    if (entering) navigation(drawing.key); // with the screen, in one frame
    fill(view, content);
  };
  const slow = entering && setTimeout(() => show(h("p", { class: "loading", role: "status" }, "Loading…")), 150);
  try {
    await drawing.screen.render(body, ...drawing.args);
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
    const here = tab.dataset.tab === key || (key === "person" && tab.dataset.tab === "people");
    if (here) tab.setAttribute("aria-current", "page");
    else tab.removeAttribute("aria-current");
  }
}

let drawnVersion = "";
function showStatus(status) {
  const button = document.getElementById("status");
  const parts = [];
  if (!status.online) parts.push("Offline");
  else if (status.syncing && status.waiting) parts.push("Syncing");
  if (status.waiting) parts.push(`${status.waiting} waiting`);
  if (status.conflicts) parts.push(`${status.conflicts} to review`);
  button.hidden = !ctx.user || parts.length === 0;
  button.setAttribute("aria-busy", String(status.syncing));
  button.textContent = parts.join(" · ");
  button.className = `status${status.conflicts ? " status-alert" : status.online ? "" : " status-offline"}`;
  button.setAttribute("aria-label", `${parts.join(", ")}. ${status.conflicts ? "Review conflicts" : "Sync now"}`);
  // Live screens redraw after a change of the phone's records: a write queued or sent, a conflict, a
  // record received (a sync that changed nothing redraws nothing).
  const version = `${status.waiting}|${status.conflicts}|${status.received}`;
  if (status.syncing || version === drawnVersion) return;
  drawnVersion = version;
  if (current?.screen.live) render();
}

document.getElementById("status").addEventListener("click", () => (sync.status.conflicts ? reviewConflicts() : sync.flush()));

/** Show each refused write with both versions; the user keeps theirs or mine. */
export async function reviewConflicts() {
  const conflicts = await store.all("conflicts");
  if (!conflicts.length) return closeSheet();
  sheet("Review changes", conflicts.map((conflict) => conflictCard(conflict)));
}

const LABELS = { name: "Name", institution: "Program", role: "Role", email: "Email", notes: "Notes", takeaway: "Takeaway",
  tie_strength: "Tie", status: "Status", due_at: "Due", title: "Title", priority: "Priority", place: "Place", kind: "Kind" };

function conflictCard(conflict) {
  const mine = conflict.mine || {};
  const theirs = conflict.theirs || {};
  const what = mine.name || theirs.name || mine.title || theirs.title || conflict.kind.replace(/s$/, "");
  const differing = Object.keys(LABELS).filter((key) => key in mine && JSON.stringify(mine[key]) !== JSON.stringify(theirs[key]));
  const done = async (keep) => { await sync.resolve(conflict, keep); await reviewConflicts(); render(); };
  if (conflict.type === "problem") {
    return h("section", { class: "card conflict" },
      h("h3", {}, `“${what}” was not saved`), h("p", {}, conflict.message),
      h("button", { type: "button", class: "button", onclick: () => done("theirs") }, "Discard my change"));
  }
  return h("section", { class: "card conflict" },
    h("h3", {}, `“${what}” changed on another device`),
    h("table", { class: "diff" },
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Field"), h("th", { scope: "col" }, "Mine"), h("th", { scope: "col" }, "Theirs"))),
      h("tbody", {}, differing.map((key) => h("tr", {}, h("th", { scope: "row" }, LABELS[key]),
        h("td", {}, String(mine[key] ?? "")), h("td", {}, String(theirs[key] ?? "")))))),
    h("div", { class: "row" },
      h("button", { type: "button", class: "button primary", onclick: () => done("mine") }, "Keep mine"),
      h("button", { type: "button", class: "button", onclick: () => done("theirs") }, "Keep theirs")));
}

