// The board of advisors: each seat with who holds it and when they are next due an update, computed from the
// phone's records (so it works offline); an empty seat is a to-do, with a way to give it to someone.
import { ctx } from "../context.js";
import { records, save } from "../sync.js";
import { empty, field, formatTime, h, select, toast } from "../ui.js";
import { words } from "../words.js";

export const name = "board";
export const title = "Board of advisors";
export const live = true;

const wallFormats = new Map();
/** A moment's wall-clock parts in a zone, as numbers. */
function wall(ms, zone) {
  if (!wallFormats.has(zone)) {
    wallFormats.set(zone, new Intl.DateTimeFormat("en-US", { timeZone: zone || undefined, hourCycle: "h23", year: "numeric",
      month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric" }));
  }
  const parts = Object.fromEntries(wallFormats.get(zone).formatToParts(new Date(ms)).map((p) => [p.type, Number(p.value)]));
  return Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
}

/** The same wall-clock time `months` later in a zone, the day clamped to the month's end (as the server does). */
function addMonths(iso, months, zone) {
  const local = new Date(wall(Date.parse(iso), zone));
  const target = local.getUTCMonth() + months;
  const last = new Date(Date.UTC(local.getUTCFullYear(), target + 1, 0)).getUTCDate();
  const shifted = Date.UTC(local.getUTCFullYear(), target, Math.min(local.getUTCDate(), last), local.getUTCHours(), local.getUTCMinutes(), local.getUTCSeconds());
  let moment = shifted;
  for (let i = 0; i < 2; i++) moment = shifted - (wall(moment, zone) - moment); // the zone's offset on that day
  return new Date(moment).toISOString();
}

/** Each contact's last contact: the latest meeting or done follow-up. */
function lastContacts(encounters, followups) {
  const last = new Map();
  const note = (id, iso) => { if (iso && (!last.has(id) || iso > last.get(id))) last.set(id, iso); };
  for (const e of encounters) note(e.contact_id, new Date(e.occurred_at).toISOString());
  for (const f of followups) if (f.status === "done") note(f.contact_id, f.done_at && new Date(f.done_at).toISOString());
  return last;
}

export async function render(body) {
  const [contacts, encounters, followups, lists] = await Promise.all([records("contacts"), records("encounters"), records("followups"), words()]);
  const zone = ctx.user.timezone;
  const last = lastContacts(encounters, followups);
  const openUpdates = new Map(followups.filter((f) => f.action === "mentor_update" && f.status === "open").map((f) => [f.contact_id, f]));
  const sorted = [...contacts].sort((a, b) => a.name.localeCompare(b.name));
  body.append(h("p", { class: "meta" }, "A small board, not one mentor: a clinical mentor, a research mentor, a career navigator and near-peers. "
    + "An empty seat is a to-do, not a failure. Mentors hear from you every few months."));
  for (const [role, label] of lists.advisor_roles) {
    const seated = sorted.filter((c) => (c.advisor_roles || []).includes(role));
    const section = h("section", { class: "card", "aria-label": label }, h("h2", {}, label));
    if (seated.length) section.append(h("ul", { class: "list" }, seated.map((c) => advisor(c, lists, last.get(c.id), openUpdates.get(c.id), zone))));
    else section.append(empty(`No ${label.toLowerCase()} yet.`), assign(role, label, sorted));
    body.append(section);
  }
}

/** One advisor: when they last heard from the user and when the next update is due. */
function advisor(contact, lists, lastAt, update, zone) {
  const months = contact.update_every_months ?? ((contact.advisor_roles || []).some((r) => lists.mentors.has(r)) ? 3 : null);
  const due = months && addMonths(lastAt || contact.created_at || new Date().toISOString(), months, zone);
  const overdue = due && Date.parse(due) <= Date.now();
  return h("li", {}, h("a", { class: "item link-item", href: update ? `#/followups/${update.id}/draft` : `#/person/${contact.id}` },
    h("span", { class: "avatar", "aria-hidden": "true" }, contact.name.slice(0, 1).toUpperCase()),
    h("span", { class: "what" }, h("span", { class: "item-title" }, contact.name),
      h("span", { class: "meta" }, lastAt ? `Last contact ${formatTime(lastAt, zone, "day")}` : "No contact logged yet"),
      h("span", { class: overdue ? "meta accent" : "meta" }, due ? `${overdue ? "Update due since" : "Next update due"} ${formatTime(due, zone, "day")} · every ${months} months`
        : "No update reminder"))));
}

/** Give an empty seat to someone the user knows (saved on the phone, synced when online). */
function assign(role, label, contacts) {
  if (!contacts.length) return h("a", { class: "button", href: "#/met" }, "Log someone you know first");
  const who = select(`assign-${role}`, [["", "Choose a person"], ...contacts.map((c) => [c.id, c.name])], "");
  const form = h("form", { class: "row" }, field(`Give the ${label.toLowerCase()} seat to`, who),
    h("button", { type: "submit", class: "button" }, "Assign"));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const contact = contacts.find((c) => c.id === who.value);
    if (!contact) return who.focus();
    await save("contacts", { ...contact, advisor_roles: [...(contact.advisor_roles || []), role] });
    toast(`${contact.name} is your ${label.toLowerCase()}`);
  });
  return form;
}
