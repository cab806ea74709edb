// What every screen needs: the signed-in user, the chosen conference and its program.
import * as store from "./store.js";
import { conferences, nowOrNext, program } from "./program.js";

export const ctx = { user: null, slug: null };
// The conference being chosen (on a first visit, while the list is on its way): what reads the program or
// names the conference waits for it, the first screen does not.
let choosing = Promise.resolve();

/** The chosen conference's program, or null when no conference is chosen. */
export function currentProgram() {
  return choosing.then(() => (ctx.slug ? program(ctx.slug) : null));
}

/** Settles once no conference is being chosen. */
export function conferenceChosen() {
  return choosing;
}

/** The zone times are shown in: the conference's, else the user's, else the device's. */
export function zoneOf(prog) {
  return prog?.conference?.timezone || ctx.user?.timezone || Intl.DateTimeFormat().resolvedOptions().timeZone;
}

export async function setUser(user) {
  ctx.user = user;
  await store.setMeta("user", user);
}

export async function setConference(slug) {
  ctx.slug = slug;
  await store.setMeta("conference", slug);
}

/** Pick the conference on now, else the next one, else the latest past one, until the user chooses in Settings. */
export function chooseConference(listing = conferences()) {
  const choice = pick(listing);
  choosing = choice.catch(() => {});
  return choice;
}

async function pick(listing) {
  const chosen = nowOrNext(await listing.catch(() => []));
  if (chosen) await setConference(chosen.slug);
}
