// Starts the app (called by main.js): the user, the conference and the word lists, the first screen, then
// the first sync and the service worker.
import { api, Offline } from "./api.js";
import { chooseConference, conferenceChosen, ctx, setUser } from "./context.js";
import { watchSync } from "./indicator.js";
import { conferences } from "./program.js";
import * as router from "./router.js";
import * as store from "./store.js";
import * as sync from "./sync.js";
import { words } from "./words.js";
import * as today from "./screens/today.js";

// The first screen comes with the app; the others load when first opened.
const SCREENS = {
  today: async () => today,
  met: () => import("./screens/met.js"),
  schedule: () => import("./screens/schedule.js"),
  targets: () => import("./screens/targets.js"),
  agenda: () => import("./screens/agenda.js"),
  people: () => import("./screens/people.js"),
  person: () => import("./screens/person.js"),
  board: () => import("./screens/board.js"),
  card: () => import("./screens/card.js"),
  scan: () => import("./screens/scan.js"),
  followups: () => import("./screens/followups.js"),
  longgame: () => import("./screens/longgame.js"),
  settings: () => import("./screens/settings.js"),
  admin: () => import("./screens/admin.js"),
  login: () => import("./screens/login.js"),
};

/** Start the app: user, conference and first screen at once, then the first sync and the service worker. */
export async function boot() {
  router.setScreens(SCREENS);
  // Asked while the phone's storage opens (slow on a first visit), and already on its way: index.html
  // preloads the session's answer with the modules. A first visit, which no service worker serves yet,
  // asks for the conferences too. Answers that go unused are not errors. The word lists are not awaited:
  // Today shows none, the screens that do wait for them.
  const asked = api("/auth/session");
  const listing = navigator.serviceWorker?.controller ? undefined : conferences();
  for (const answer of [asked, listing, words()]) answer?.catch(() => {});
  [ctx.user, ctx.slug] = await store.metas("user", "conference");
  // A phone that knows its user opens at once and checks the session meanwhile; a new one waits for the
  // answer. A changed role (made an admin) redraws the screen too, so admin screens appear without a
  // second reload. The first screen does not wait for the conference list either: what shows the program
  // waits for the choice (context.js). Only someone logged in needs a conference now (logging in picks
  // one), so the login's first draw skips the pick and the time-zone data it may take.
  const role = ctx.user?.role;
  const checked = checkSession(asked);
  if (ctx.user) checked.then(() => ctx.user && router.redraw({ always: ctx.user.role !== role }));
  watchSync();
  await Promise.all([ctx.user || checked, sync.refreshStatus()]);
  if (!ctx.slug && ctx.user) chooseConference(listing).catch(() => {});
  await router.start();
  if (ctx.user) sync.flush();
  await conferenceChosen();
  registerWorker();
}

/** Take the server's answer to who is logged in. An ended session asks to log in again and keeps the
 * phone's records (and its user, to tell them apart), so changes still waiting are sent once the same
 * person is back. */
async function checkSession(asked) {
  try {
    const { user } = await asked;
    if (user) return await setUser(user);
  } catch (error) {
    if (error instanceof Offline) return;
  }
  if (!ctx.user) return;
  ctx.user = null;
  await router.route();
}

/** Register the service worker once the browser is idle after the first screen: on a first visit its
 * precache would otherwise compete with that screen. */
function registerWorker() {
  if (!("serviceWorker" in navigator)) return;
  (window.requestIdleCallback ?? setTimeout)(() => navigator.serviceWorker.register("/sw.js").catch(() => {}));
}
