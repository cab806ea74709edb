// Messages sent and what came of them, for the Targets, Follow-ups and person screens: "I sent it", "They
// replied", the one reminder a week later (never a second), a contact's warmth, and asking before writing
// to someone written to in the last week. Everything is saved on the phone first, so it works offline.
import { ctx } from "./context.js";
import { newId } from "./store.js";
import { save } from "./sync.js";
import { copy, formatTime, h, sheet, toast } from "./ui.js";

const WEEK = 7 * 24 * 3600e3;

/** A contact's warmth: the user's choice, else (as the server's default_warmth) hot once they replied, warm once met, else cold. */
export function warmthOf(contact, encounters, followups) {
  if (contact.warmth && contact.warmth_is_default === false) return contact.warmth;
  if (contact.introduced_by_id || followups.some((f) => f.contact_id === contact.id && f.reply === "replied")) return "hot";
  return encounters.some((e) => e.contact_id === contact.id) ? "warm" : "cold";
}

/** Whether the one reminder is offered now: a week or more after sending, no reply, none sent or let go. */
export function nudgeOffered(f, now = Date.now()) {
  return f.reply === "awaiting" && !f.nudge && Boolean(f.sent_at) && Date.parse(f.sent_at) + WEEK <= now;
}

/** The last time the user wrote to these contacts (a message or its reminder), as this phone knows it. */
export function lastWritten(contactIds, followups) {
  const times = followups.filter((f) => contactIds.includes(f.contact_id) && f.sent_at).map((f) => (f.nudge === "sent" && f.nudged_at) || f.sent_at);
  return times.sort().at(-1) || null;
}

/** What came of a message, in words: "Sent Tue, May 4 · awaiting a reply". */
export function replyLine(f, lists) {
  const zone = ctx.user.timezone;
  const reply = (lists.followup_replies.find(([value]) => value === f.reply) || [])[1] || "";
  const when = f.reply === "replied" && f.replied_at ? ` ${formatTime(f.replied_at, zone, "day")}` : "";
  const nudged = f.nudge === "sent" ? " · reminded once" : "";
  return `Sent ${formatTime(f.sent_at, zone, "day")} · ${reply}${when}${nudged}`;
}

/** Record that an email went out now to this contact (an outreach, done), awaiting a reply. */
export async function recordSent(contact) {
  const now = new Date().toISOString();
  return save("followups", { id: newId(), contact_id: contact.id, encounter_id: null, action: "email", title_is_default: true,
    status: "done", committed_at: now, due_at: now, done_at: now, snoozed_until: null, sent_at: now, reply: "awaiting",
    replied_at: null, nudge: null, nudged_at: null });
}

/** Record that they replied (now); the contact is then hot unless the user chose a warmth. */
export async function recordReply(f) {
  await save("followups", { ...f, reply: "replied", replied_at: new Date().toISOString() });
  toast("Reply recorded");
}

/** Record the reminder as sent or let go: either way, none is offered again. */
export async function recordNudge(f, nudge) {
  await save("followups", { ...f, nudge, nudged_at: new Date().toISOString() });
  toast(nudge === "sent" ? "Reminder recorded. Now let it rest." : "Letting it rest");
}

/** "They replied" for a message awaiting one. */
export function repliedButton(f, who) {
  return h("button", { type: "button", class: "button small", "aria-label": `They replied: ${who}`, onclick: () => recordReply(f) }, "They replied");
}

/** An email draft in the sheet: address, subject, body, "Open in mail" (asking first when written to in the last week), copy, and more buttons. */
export function draftSheet(title, draft, { to, name, recent, more = [] }) {
  const zone = ctx.user.timezone;
  const fresh = recent && Date.now() - Date.parse(recent) < WEEK ? recent : null;
  const warning = fresh ? `You wrote to ${name} on ${formatTime(fresh, zone, "day")}. A week between messages reads better.` : null;
  const open = h("a", { class: "button primary", href: draft.mailto, onclick: (event) => {
    if (warning && !confirm(`${warning} Write again now?`)) event.preventDefault();
  } }, "Open in mail");
  return sheet(title,
    h("p", { class: "meta" }, to ? `To ${to}` : "Add their email on their page to fill in the address."),
    warning ? h("p", { class: "warning", role: "note" }, warning) : null,
    h("label", { for: "draft-subject" }, "Subject"), h("input", { id: "draft-subject", readonly: true, value: draft.subject }),
    h("label", { for: "draft-body" }, "Body"), h("textarea", { id: "draft-body", rows: 12, readonly: true }, draft.body),
    h("div", { class: "row" }, open,
      h("button", { type: "button", class: "button", onclick: () => copy(`${draft.subject}\n\n${draft.body}`, "Draft copied") }, "Copy"), ...more));
}
