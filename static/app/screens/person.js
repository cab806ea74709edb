// A person's page: details and private notes (editable), encounters and follow-ups (times in the user's zone, named),
// and the questions worth asking someone of their role.
import { ctx } from "../context.js";
import { audienceOf, questionBank } from "../questions.js";
import { repliedButton, replyLine, warmthOf } from "../replies.js";
import { newId } from "../store.js";
import { destroy, records, save } from "../sync.js";
import { empty, field, formatTime, fromLocalInput, h, localInput, select, toast } from "../ui.js";
import { labelOf, titleOf, words } from "../words.js";

export const name = "person";
export const title = "Person";
export const live = true;

export async function render(body, id) {
  const [contacts, encounters, followups, lists] = await Promise.all([records("contacts"), records("encounters"), records("followups"), words()]);
  const contact = contacts.find((c) => c.id === id);
  if (!contact) {
    body.append(empty("This person is not on this phone.", h("a", { class: "button", href: "#/people" }, "Back to people")));
    return;
  }
  const warmth = warmthOf(contact, encounters, followups);
  const inputs = {
    name: h("input", { name: "name", value: contact.name, required: true }),
    institution: h("input", { name: "institution", value: contact.institution || "" }),
    role: select("role", lists.contact_roles, contact.role),
    email: h("input", { type: "email", name: "email", value: contact.email || "", autocomplete: "off" }),
    linkedin_url: h("input", { type: "url", name: "linkedin_url", value: contact.linkedin_url || "", placeholder: "https://www.linkedin.com/in/…" }),
    phone: h("input", { type: "tel", name: "phone", value: contact.phone || "", maxlength: 40, autocomplete: "off" }),
    url: h("input", { type: "url", name: "url", value: contact.url || "", maxlength: 500, placeholder: "https://…" }),
    tie_strength: select("tie_strength", lists.tie_strengths, contact.tie_strength),
    warmth: select("warmth", lists.warmths, warmth),
    notes: h("textarea", { name: "notes", rows: 4 }, contact.notes || ""),
  };
  const board = boardFields(contact, contacts, lists);
  const form = h("form", { class: "form" },
    field("Name", inputs.name), field("Program or institution", inputs.institution), field("Role", inputs.role),
    field("Email", inputs.email), field("Phone", inputs.phone), field("LinkedIn profile", inputs.linkedin_url),
    field("Web page", inputs.url, "Not LinkedIn: their own or their lab’s site"), field("Tie strength", inputs.tie_strength),
    field("Warmth", inputs.warmth, "Set from what you did (met: warm, they replied: hot) until you choose"),
    field("Private notes", inputs.notes, "Only you see these; never in drafts or summaries."),
    board.fields,
    h("div", { class: "row" }, h("button", { type: "submit", class: "button primary" }, "Save changes"),
      h("button", { type: "button", class: "button danger", onclick: async () => {
        if (!confirm(`Delete ${contact.name} with their meetings and follow-ups?`)) return;
        await destroy("contacts", contact);
        location.hash = "#/people";
      } }, "Delete")));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const changes = Object.fromEntries(Object.entries(inputs).map(([key, input]) => [key, input.value.trim()]));
    changes.notes = inputs.notes.value;
    changes.email ||= null;
    changes.linkedin_url ||= null;
    changes.phone ||= null;
    changes.url ||= null;
    if (!changes.name) return inputs.name.focus();
    // Kept as the default while left as shown, so it goes on following what the user does.
    if (contact.warmth_is_default !== false && changes.warmth === warmth) delete changes.warmth;
    else changes.warmth_is_default = false;
    await save("contacts", { ...contact, ...changes, ...board.values() });
    toast("Saved");
  });
  document.getElementById("title").textContent = contact.name;

  const mine = encounters.filter((e) => e.contact_id === id).sort((a, b) => b.occurred_at.localeCompare(a.occurred_at));
  const promised = followups.filter((f) => f.contact_id === id);
  const zone = ctx.user.timezone;
  const role = labelOf(lists.contact_roles, contact.role);
  const tie = labelOf(lists.tie_strengths, contact.tie_strength);
  body.append(
    h("section", { class: "card" },
      h("div", { class: "profile" }, h("span", { class: "avatar", "aria-hidden": "true" }, contact.name.slice(0, 1).toUpperCase()),
        h("div", { class: "what" }, h("h2", {}, contact.name), h("span", { class: "meta" }, [role, contact.institution].filter(Boolean).join(" · ")),
          h("span", { class: "pill" }, `${tie} tie`), h("span", { class: "pill" }, labelOf(lists.warmths, warmth)))),
      h("div", { class: "links" },
        contact.email ? h("a", { class: "button small", href: `mailto:${contact.email}` }, "Email") : null,
        contact.phone ? h("a", { class: "button small", href: telLink(contact.phone) }, `Call ${contact.phone}`) : null,
        contact.linkedin_url ? h("a", { class: "button small", href: contact.linkedin_url, target: "_blank", rel: "noopener" }, "LinkedIn") : null,
        webLink(contact.url),
        h("a", { class: "button small", href: `/api/v1/me/contacts/${encodeURIComponent(contact.id)}.vcf`, download: "" }, "Add to phone contacts")),
      contact.notes ? h("p", { class: "notes" }, contact.notes) : null,
      h("details", { class: "edit" }, h("summary", {}, "Edit details"), form)),
    h("section", { class: "card" }, h("h2", {}, "Meetings"), mine.length ? h("ul", { class: "list" }, mine.map((e) => h("li", { class: "item" },
      h("div", { class: "what" }, h("span", { class: "item-title" }, labelOf(lists.encounter_kinds, e.kind)),
        h("span", { class: "meta" }, [formatTime(e.occurred_at, zone, "dayTimeZone"), e.place, e.conference].filter(Boolean).join(" · ")),
        e.takeaway ? h("span", {}, e.takeaway) : null)))) : empty("No meetings logged."),
    h("button", { type: "button", class: "button", onclick: async () => {
      await save("encounters", { id: newId(), contact_id: id, occurred_at: new Date().toISOString(), kind: "conversation", takeaway: "",
        place: "", conference: ctx.slug || null, session_id: null, notes: "" });
      toast("Conversation logged");
    } }, "Log a conversation now")),
    h("section", { class: "card" }, h("h2", {}, "Follow-ups"), promised.length ? h("ul", { class: "list" }, promised.map((f) => h("li", { class: "item" },
      h("div", { class: "what" }, h("span", { class: "item-title" }, titleOf(lists, f, contact)),
        h("span", { class: "meta" }, f.sent_at ? replyLine(f, lists) : `${f.status === "done" ? "Done" : "Due"} ${formatTime(f.done_at || f.due_at, zone, "dayTimeZone")}`)),
      f.reply === "awaiting" ? repliedButton(f, contact.name) : null))) : empty("No follow-ups.")),
    addFollowUp(contact, lists));
  const audience = audienceOf(lists, contact.role);
  if (audience) body.append(questionBank(lists, audience, { heading: `Questions for ${contact.name}` }).card);
}

/** A tel: link the phone dials: the number's digits and leading +, an extension after ";ext=" (RFC 3966). */
function telLink(phone) {
  const [number, extension] = phone.split(/\s*(?:ext\.?|x|#|;ext=)\s*/i);
  return `tel:${number.replace(/[^0-9+]/g, "")}${extension ? `;ext=${extension}` : ""}`;
}

/** Their web page, opened outside the app; only http(s) links, whatever a synced record holds. */
function webLink(url) {
  if (!/^https?:\/\//i.test(url || "")) return null;
  return h("a", { class: "button small", href: url, target: "_blank", rel: "noopener" }, "Web page");
}

function addFollowUp(contact, lists) {
  const action = select("action", lists.followup_actions, "email");
  const due = h("input", { type: "datetime-local", name: "due", value: localInput(new Date(Date.now() + (ctx.user.followup_window_hours || 72) * 3600e3)) });
  const form = h("form", { class: "card form" }, h("h2", {}, "Add a follow-up"), field("Action", action), field("Due", due),
    h("button", { type: "submit", class: "button" }, "Add follow-up"));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    await save("followups", { id: newId(), contact_id: contact.id, encounter_id: null, action: action.value, due_at: fromLocalInput(due.value),
      status: "open", committed_at: new Date().toISOString(), done_at: null, snoozed_until: null });
    toast("Follow-up added");
  });
  return form;
}

/** The board of advisors on a person: their seats, who introduced them, and how often they get an update. */
function boardFields(contact, contacts, lists) {
  const seats = lists.advisor_roles.map(([value, label]) => h("label", { class: "choice" },
    h("input", { type: "checkbox", name: "advisor_roles", value, checked: (contact.advisor_roles || []).includes(value) }), h("span", {}, label)));
  const others = contacts.filter((c) => c.id !== contact.id).sort((a, b) => a.name.localeCompare(b.name));
  const introducer = select("introduced_by_id", [["", "Nobody"], ...others.map((c) => [c.id, c.name])], contact.introduced_by_id || "");
  const months = Array.from({ length: 12 }, (_, i) => [String(i + 1), i ? `Every ${i + 1} months` : "Every month"]);
  const cadence = select("update_every_months", [["", "Default: every 3 months for a mentor"], ...months], contact.update_every_months ?? "");
  return {
    fields: h("div", {}, h("fieldset", { class: "choices" }, h("legend", {}, "Board of advisors"), ...seats),
      field("Introduced by", introducer, "You will be reminded to write to them and to thank who introduced you."),
      field("Updates", cadence, "Mentors: every three to four months is plenty.")),
    values: () => ({
      advisor_roles: seats.map((seat) => seat.querySelector("input")).filter((box) => box.checked).map((box) => box.value),
      introduced_by_id: introducer.value || null,
      update_every_months: cadence.value ? Number(cadence.value) : null,
    }),
  };
}
