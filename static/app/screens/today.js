// Today: the 3-2-1 counters, the streak, the introduction to glance at, what is next, and the big button.
import { ownItems, overlaps } from "../agenda.js";
import { api } from "../api.js";
import { conferenceChosen, ctx, currentProgram, zoneOf } from "../context.js";
import { agenda } from "../program.js";
import * as store from "../store.js";
import { records } from "../sync.js";
import { dayOf, empty, fill, formatTime, h } from "../ui.js";

// The short introduction to glance at before walking up to someone; the longer one a tap away.
function introduction(user) {
  const short = user.introduction_short, long = user.introduction;
  if (!short && !long) {
    return h("p", { class: "card muted" }, "Write your introduction in ", h("a", { href: "#/settings" }, "Settings"), " to glance at it here.");
  }
  if (!short) return h("details", { class: "card intro", open: true }, h("summary", {}, "My 30-second introduction"), h("p", {}, long));
  return h("details", { class: "card intro", open: true }, h("summary", {}, "My short introduction"), h("p", {}, short),
    long ? h("details", { class: "intro-long" }, h("summary", {}, "The longer version"), h("p", {}, long)) : null);
}

// Mentor updates that fell due (the server makes each once), a tap from their draft; none: nothing shown.
function updatesDue(followups) {
  const now = Date.now();
  const due = followups.filter((f) => f.action === "mentor_update" && f.status === "open"
    && Math.max(Date.parse(f.due_at), f.snoozed_until ? Date.parse(f.snoozed_until) : 0) <= now);
  if (!due.length) return [];
  return [h("section", { class: "card", "aria-labelledby": "updates-title" },
    h("div", { class: "card-head" }, h("h2", { id: "updates-title" }, "Mentor updates due"), h("a", { href: "#/board" }, "Board")),
    h("ul", { class: "list" }, due.map((f) => h("li", {}, h("a", { class: "item link-item", href: `#/followups/${f.id}/draft` },
      h("span", { class: "what" }, h("span", { class: "item-title" }, f.title), h("span", { class: "meta" }, "Draft the update")))))))];
}

export const name = "today";
export const title = "Today";
export const live = true;

/** Today's counts from the phone's own records, so they move the moment someone is logged, offline too. */
export function countsFor(zone, encounters, followups) {
  // Nothing logged on this phone yet (a first visit): no need for today's date, whose first working out
  // (the browser's time-zone data) costs a slow phone some 50 ms.
  if (!encounters.length && !followups.length) return { introduced: 0, conversations: 0, followups: 0 };
  const day = dayOf(new Date().toISOString(), zone);
  const introduced = new Set();
  let conversations = 0;
  for (const e of encounters) {
    if (dayOf(e.occurred_at, zone) !== day) continue;
    if (e.kind === "conversation") conversations += 1;
    else introduced.add(e.contact_id);
  }
  const committed = followups.filter((f) => f.status !== "cancelled" && !f.repeat_of_id && f.committed_at
    && dayOf(f.committed_at, zone) === day).length;
  return { introduced: introduced.size, conversations, followups: committed };
}

async function streak(pill) {
  await conferenceChosen();
  const query = ctx.slug ? `?conference=${encodeURIComponent(ctx.slug)}` : "";
  let days;
  try {
    days = (await api(`/me/goals${query}`)).streak;
    await store.setMeta("streak", days);
  } catch {
    days = await store.meta("streak");
  }
  pill.textContent = days ? `${days}-day streak` : "";
  pill.hidden = !days;
}

export async function render(body) {
  const [encounters, followups] = await Promise.all([records("encounters"), records("followups")]);
  const counts = countsFor(zoneOf(null), encounters, followups);
  const user = ctx.user;
  const goals = [["introduced", "Introductions", user.goal_introduced], ["conversations", "Conversations", user.goal_conversations],
    ["followups", "Follow-ups", user.goal_followups]];
  const pill = h("span", { class: "pill", hidden: true });
  streak(pill);

  body.append(
    h("section", { class: "card goals", "aria-labelledby": "goal-title" },
      h("div", { class: "card-head" }, h("h2", { id: "goal-title" }, "Today’s 3-2-1"), pill),
      h("ul", { class: "counters" }, goals.map(([key, label, goal]) => h("li", { class: counts[key] >= goal ? "met" : "" },
        h("span", { class: "count" }, `${counts[key]}`, h("span", { class: "goal" }, `/${goal}`)),
        h("span", { class: "label" }, label))))),
    h("a", { class: "button big primary", href: "#/met" }, "I just met someone"),
    introduction(user),
    ...updatesDue(followups),
  );

  const section = h("section", { class: "card", "aria-labelledby": "next-title", "aria-busy": "true" },
    h("div", { class: "card-head" }, h("h2", { id: "next-title" }, "Next on your agenda"),
      h("span", { class: "actions" }, h("a", { href: "#/agenda" }, "My agenda"), h("a", { href: "#/targets" }, "Targets"))));
  const content = h("div", {}, h("p", { class: "meta" }, "Loading the program…"));
  section.append(content);
  body.append(section);
  // The program can take a while on a first visit: the counters and the button do not wait for it.
  // The user's own items show even when the program is not on this phone (offline before it first loaded).
  const mine = conferenceChosen().then(() => ownItems(ctx.slug));
  Promise.all([currentProgram().catch(() => null), records("targets"), mine])
    .then(([prog, targets, own]) => upNext(content, prog, targets, own), () => upNext(content, null, [], []))
    .finally(() => section.removeAttribute("aria-busy"));
}

function upNext(content, prog, targets, own) {
  if (!prog && !own.length) {
    fill(content, empty("No conference program yet."));
    return;
  }
  const zone = zoneOf(prog);
  const reasons = prog ? agenda(prog, targets).reasons : new Map();
  const now = Date.now();
  const sessions = (prog?.sessions || []).filter((s) => reasons.has(s.id) && s.status !== "cancelled" && Date.parse(s.ends_at) > now)
    .map((s) => ({ at: s.starts_at, row: () => sessionRow(s, reasons, zone) }));
  const items = own.filter((item) => Date.parse(item.ends_at) > now)
    .map((item) => ({ at: item.starts_at, row: () => ownRow(item, overlaps(item, prog, targets), zone) }));
  const next = [...sessions, ...items].sort((a, b) => Date.parse(a.at) - Date.parse(b.at)).slice(0, 4);
  if (!next.length) {
    fill(content, empty("Star sessions and mark speakers as targets to see them here.", h("a", { class: "button", href: "#/schedule" }, "Open the schedule")));
    return;
  }
  fill(content, h("ul", { class: "list" }, next.map((entry) => entry.row())));
}

function sessionRow(s, reasons, zone) {
  return h("li", { class: "item" },
    h("div", { class: "when" }, h("span", {}, formatTime(s.starts_at, zone, "day")), h("strong", {}, formatTime(s.starts_at, zone))),
    h("div", { class: "what" }, h("span", { class: "item-title" }, s.title), h("span", { class: "meta" }, s.room || "Room to be announced"),
      h("span", { class: "meta accent" }, reasons.get(s.id)[0])));
}

/** One of the user's own items; one that overlaps a targeted session names it. */
function ownRow(item, clashes, zone) {
  return h("li", { class: `item own-item${clashes.length ? " conflict" : ""}` },
    h("div", { class: "when" }, h("span", {}, formatTime(item.starts_at, zone, "day")), h("strong", {}, formatTime(item.starts_at, zone))),
    h("a", { class: "what link-item", href: `#/met/agenda/${item.id}` }, h("span", { class: "item-title" }, item.title),
      h("span", { class: "meta" }, item.place || "My own item"),
      clashes.length ? h("span", { class: "meta clash" }, `Overlaps ${clashes.map((s) => `“${s.title}”`).join(", ")}`) : null));
}
