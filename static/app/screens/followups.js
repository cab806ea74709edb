// Follow-ups: overdue, due soon, later, messages waiting for a reply (with the one reminder a week on), done
// (times in the user's zone, named), and how many replies came, by warmth; the email draft or LinkedIn note,
// also opened from a link; mark done, snooze, "I sent it", "They replied".
import { api, explain } from "../api.js";
import { ctx } from "../context.js";
import { draftSheet, lastWritten, nudgeOffered, recordNudge, repliedButton, replyLine } from "../replies.js";
import * as store from "../store.js";
import { records, save } from "../sync.js";
import { copy, empty, formatTime, h, sheet, toast } from "../ui.js";
import { labelOf, titleOf, words } from "../words.js";

export const name = "followups";
export const title = "Follow-ups";
export const live = true;
const DAY = 24 * 3600e3;

/** When a follow-up is next due: its snooze when later than its due time. */
function dueOf(f) {
  return Math.max(Date.parse(f.due_at || f.committed_at), f.snoozed_until ? Date.parse(f.snoozed_until) : 0);
}

export async function render(body) {
  const [followups, contacts, lists] = await Promise.all([records("followups"), records("contacts"), words()]);
  followed = followups;
  const people = new Map(contacts.map((c) => [c.id, c]));
  const now = Date.now();
  const open = followups.filter((f) => f.status === "open").sort((a, b) => dueOf(a) - dueOf(b));
  const groups = [
    ["Overdue", open.filter((f) => dueOf(f) < now)],
    ["Due in the next 3 days", open.filter((f) => dueOf(f) >= now && dueOf(f) < now + 3 * DAY)],
    ["Later", open.filter((f) => dueOf(f) >= now + 3 * DAY)],
    ["Waiting for a reply", followups.filter((f) => f.status === "done" && f.reply === "awaiting").sort((a, b) => a.sent_at.localeCompare(b.sent_at))],
    ["Done", followups.filter((f) => f.status === "done" && f.reply !== "awaiting").sort((a, b) => (b.done_at || "").localeCompare(a.done_at || "")).slice(0, 20)],
  ];
  if (!followups.length) {
    body.append(empty("No follow-ups yet. Tick “Follow up” when you log someone you met."));
    return;
  }
  for (const [label, items] of groups) {
    if (!items.length) continue;
    body.append(h("section", { class: `card${label === "Overdue" ? " overdue" : ""}`, "aria-label": label },
      h("h2", {}, `${label} (${items.length})`), h("ul", { class: "list" }, items.map((f) => item(lists, f, people.get(f.contact_id))))));
  }
  if (followups.some((f) => f.sent_at)) body.append(replyRates(lists));
}

/** The follow-ups as last drawn, for "when did I last write to them" in a draft. */
let followed = [];

/** How many of the user's messages got a reply, by warmth, beside the guidance's 20-30 %; the server counts them. */
function replyRates(lists) {
  const section = h("section", { class: "card", "aria-label": "Replies" }, h("h2", {}, "Replies"));
  const percent = (rate) => (rate === null ? "" : ` (${Math.round(rate * 100)} %)`);
  api("/me/outreach").then((summary) => {
    section.append(h("ul", { class: "list" }, summary.by_warmth.filter((row) => row.sent).map((row) => h("li", { class: "item" },
      h("div", { class: "what" }, h("span", { class: "item-title" }, `${labelOf(lists.warmths, row.warmth)}: ${row.replied} of ${row.sent} replied${percent(row.reply_rate)}`),
        h("span", { class: "meta" }, `${row.awaiting} awaiting · ${row.no_reply} no reply`))))),
    h("p", { class: "meta" }, `Many people will not answer, and a quiet week is normal: ${summary.good_rate.low * 100}–${summary.good_rate.high * 100} % replies from cold and warm contacts is a good result. Counted as replies out of messages sent, those still awaiting included.`));
  }, () => section.append(h("p", { class: "meta" }, "Reply counts need a connection.")));
  return section;
}

function item(lists, f, contact) {
  const zone = ctx.user.timezone;
  const who = contact?.name || "someone";
  const done = f.status === "done";
  const awaiting = done && f.reply === "awaiting";
  return h("li", { class: "item followup" },
    h("div", { class: "what" }, h("span", { class: "item-title" }, titleOf(lists, f, contact)),
      h("span", { class: "meta" }, f.sent_at ? replyLine(f, lists) : done ? `Done ${formatTime(f.done_at, zone, "dayTimeZone")}` : `Due ${formatTime(new Date(dueOf(f)).toISOString(), zone, "dayTimeZone")}`),
      nudgeOffered(f) ? h("span", { class: "meta" }, "A week without a reply: one gentle reminder is fine, then let it rest.") : null),
    awaiting ? h("div", { class: "actions" },
      nudgeOffered(f) ? h("button", { type: "button", class: "button small", "aria-label": `Remind once: ${who}`, onclick: () => showNudge(f, contact) }, "Remind once") : null,
      repliedButton(f, who)) : null,
    done ? null : h("div", { class: "actions" },
      h("button", { type: "button", class: "button small", onclick: () => showDraft(f, contact) }, f.action === "linkedin" ? "Note" : "Draft"),
      h("button", { type: "button", class: "button small", "aria-label": `Snooze ${who} a day`, onclick: async () => {
        await save("followups", { ...f, snoozed_until: new Date(Math.max(Date.now(), dueOf(f)) + DAY).toISOString() });
        toast("Snoozed for a day");
      } }, "Snooze"),
      h("button", { type: "button", class: "button small primary", "aria-label": `Mark ${who} done`, onclick: async () => {
        await save("followups", { ...f, status: "done", done_at: new Date().toISOString() });
        toast("Done. Nice work.");
      } }, "Done")));
}

/** Opened from a link (the summary email's "Open the draft"): #/followups/ID/draft shows that draft over the list. */
export async function open(id, what) {
  if (!id || what !== "draft") return;
  try {
    // A phone that just logged in may not hold it yet: the server has it.
    const f = (await store.get("followups", id)) || await api(`/me/followups/${encodeURIComponent(id)}`);
    const contact = (await store.get("contacts", f.contact_id)) || await api(`/me/contacts/${encodeURIComponent(f.contact_id)}`);
    await showDraft(f, contact);
  } catch (error) {
    sheet("Draft", h("p", {}, error.status === 404 ? "This follow-up is not among yours: are you logged in as yourself?" : explain(error, "The draft")));
  }
}

async function showDraft(shown, contact) {
  // The list may have been drawn before the follow-up synced: ask the phone's copy as it is now.
  const f = (await store.get("followups", shown.id)) || shown;
  if (f._pending && f.version == null) {
    sheet("Draft", h("p", {}, "This follow-up has not reached the server yet; the draft is ready once it has synced."));
    return;
  }
  try {
    if (f.action === "linkedin") {
      const { note, linkedin_url: url } = await api(`/me/followups/${f.id}/linkedin-note`);
      const text = h("textarea", { rows: 6, "aria-label": "Connection note", readonly: true }, note);
      sheet("LinkedIn note", h("p", { class: "meta" }, `${note.length} of 300 characters`), text,
        h("div", { class: "row" }, h("button", { type: "button", class: "button primary", onclick: () => copy(note, "Note copied") }, "Copy note"),
          url ? h("a", { class: "button", href: url, target: "_blank", rel: "noopener" }, "Open profile") : null));
      return;
    }
    const draft = await api(`/me/followups/${f.id}/draft`);
    const sent = f.status === "done" ? [] : [h("button", { type: "button", class: "button", onclick: async (event) => {
      const now = new Date().toISOString();
      await save("followups", { ...f, status: "done", done_at: now, sent_at: now, reply: "awaiting" });
      event.target.closest("dialog").close();
      toast("Sent. Waiting for a reply; many take a while.");
    } }, "I sent it")];
    const recent = [draft.recently_contacted_at, lastWritten([f.contact_id], followed.filter((other) => other.id !== f.id))].filter(Boolean).sort().at(-1);
    draftSheet("Email draft", draft, { to: contact?.email, name: contact?.name || "them", recent, more: sent });
  } catch (error) {
    sheet("Draft", h("p", {}, explain(error, "The draft")));
  }
}

/** The one reminder: its draft, then "I sent it" or "Let it rest"; either way none is offered again. */
async function showNudge(f, contact) {
  try {
    const draft = await api(`/me/followups/${f.id}/nudge-draft`);
    const close = (event) => event.target.closest("dialog").close();
    draftSheet("A gentle reminder", draft, { to: contact?.email, name: contact?.name || "them", more: [
      h("button", { type: "button", class: "button", onclick: async (event) => { await recordNudge(f, "sent"); close(event); } }, "I sent it"),
      h("button", { type: "button", class: "button", onclick: async (event) => { await recordNudge(f, "dismissed"); close(event); } }, "Let it rest")] });
  } catch (error) {
    sheet("Reminder", h("p", {}, explain(error, "The reminder")));
  }
}
