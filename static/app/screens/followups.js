// Follow-ups: overdue, due soon, later, done (times in the user's zone, named); the email draft or LinkedIn
// note, also opened from a link; mark done, snooze.
import { api, explain } from "../api.js";
import { ctx } from "../context.js";
import * as store from "../store.js";
import { records, save } from "../sync.js";
import { copy, empty, formatTime, h, sheet, toast } from "../ui.js";
import { titleOf, words } from "../words.js";

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
  const people = new Map(contacts.map((c) => [c.id, c]));
  const now = Date.now();
  const open = followups.filter((f) => f.status === "open").sort((a, b) => dueOf(a) - dueOf(b));
  const groups = [
    ["Overdue", open.filter((f) => dueOf(f) < now)],
    ["Due in the next 3 days", open.filter((f) => dueOf(f) >= now && dueOf(f) < now + 3 * DAY)],
    ["Later", open.filter((f) => dueOf(f) >= now + 3 * DAY)],
    ["Done", followups.filter((f) => f.status === "done").sort((a, b) => (b.done_at || "").localeCompare(a.done_at || "")).slice(0, 20)],
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
}

function item(lists, f, contact) {
  const zone = ctx.user.timezone;
  const who = contact?.name || "someone";
  const done = f.status === "done";
  return h("li", { class: "item followup" },
    h("div", { class: "what" }, h("span", { class: "item-title" }, titleOf(lists, f, contact)),
      h("span", { class: "meta" }, done ? `Done ${formatTime(f.done_at, zone, "dayTimeZone")}` : `Due ${formatTime(new Date(dueOf(f)).toISOString(), zone, "dayTimeZone")}`)),
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
    sheet("Email draft",
      h("p", { class: "meta" }, contact?.email ? `To ${contact.email}` : "Add their email on their page to fill in the address."),
      h("label", { for: "draft-subject" }, "Subject"), h("input", { id: "draft-subject", readonly: true, value: draft.subject }),
      h("label", { for: "draft-body" }, "Body"), h("textarea", { id: "draft-body", rows: 12, readonly: true }, draft.body),
      h("div", { class: "row" }, h("a", { class: "button primary", href: draft.mailto }, "Open in mail"),
        h("button", { type: "button", class: "button", onclick: () => copy(`${draft.subject}\n\n${draft.body}`, "Draft copied") }, "Copy")));
  } catch (error) {
    sheet("Draft", h("p", {}, explain(error, "The draft")));
  }
}
