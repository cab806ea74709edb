// Targets: speakers, programs, sessions and must-meet people, by priority, with where and when to find
// each next, and whether the user has met them; why, notes and who suggested them, edited; and for speakers
// and people, "Ask for 10 minutes": the outreach draft, "I sent it", and "They replied".
import { api, explain } from "../api.js";
import { ctx, currentProgram, zoneOf } from "../context.js";
import { draftSheet, lastWritten, recordSent, repliedButton, replyLine } from "../replies.js";
import { newId } from "../store.js";
import { destroy, records, save } from "../sync.js";
import { dayOf, empty, field, formatTime, h, select, sheet, toast } from "../ui.js";
import { labelOf, words } from "../words.js";

export const name = "targets";
export const title = "Targets";
export const live = true;

/** The target's sessions still to come, soonest first. */
function upcoming(target, prog) {
  if (!prog) return [];
  const now = Date.now();
  const sessions = target.kind === "session" ? [prog.sessionsById.get(target.session_id)].filter(Boolean)
    : target.kind === "speaker" ? prog.speakers.get(target.speaker_id)?.sessions || []
      : target.kind === "program" ? prog.sessions.filter((s) => s.speakers.some((sp) => sp.program_id === target.program_id)) : [];
  return sessions.filter((s) => s.status !== "cancelled" && Date.parse(s.ends_at) > now);
}

function metLocally(target, contacts) {
  return target.met || contacts.some((c) => (target.speaker_id && c.speaker_id === target.speaker_id)
    || (target.program_id && c.program_id === target.program_id)
    || (target.kind === "person" && c.name.toLowerCase() === (target.name || "").toLowerCase()));
}

/** The user's contacts who are this speaker or person target (linked to its speaker, else of the same name), as the server finds them. */
function contactsFor(target, contacts) {
  return contacts.filter((c) => (target.speaker_id ? c.speaker_id === target.speaker_id : c.name.toLowerCase() === (target.name || "").toLowerCase()));
}

export async function render(body) {
  const [prog, targets, contacts, followups, lists] = await Promise.all([currentProgram().catch(() => null), records("targets"), records("contacts"),
    records("followups"), words()]);
  const kindOf = (kind) => labelOf(lists.target_kinds, kind);
  const zone = zoneOf(prog);
  const today = dayOf(new Date().toISOString(), zone);

  for (const [priority, label] of lists.target_priorities) {
    const mine = targets.filter((t) => (t.priority || "should") === priority).sort((a, b) => (a.name || "").localeCompare(b.name || ""));
    if (!mine.length) continue;
    body.append(h("section", { class: "card", "aria-label": label }, h("h2", {}, label), h("ul", { class: "list" }, mine.map((t) => {
      const next = upcoming(t, prog)[0];
      const when = next ? `${dayOf(next.starts_at, zone) === today ? "Today" : formatTime(next.starts_at, zone, "day")} ${formatTime(next.starts_at, zone)} · ${next.room || "room to be announced"}` : t.kind === "person" ? "Find them in the hallways" : "No more sessions";
      const met = metLocally(t, contacts);
      const mine = contactsFor(t, contacts).map((c) => c.id);
      const written = followups.filter((f) => mine.includes(f.contact_id) && f.sent_at).sort((a, b) => a.sent_at.localeCompare(b.sent_at)).at(-1);
      const writable = t.kind === "speaker" || t.kind === "person";
      const priorityPicker = select("priority", lists.target_priorities, priority, { "aria-label": `Priority for ${t.name}`, class: "compact",
        onchange: () => save("targets", { ...t, priority: priorityPicker.value }) });
      return h("li", { class: "item target" },
        h("div", { class: "what" }, h("span", { class: "item-title" }, t.name || kindOf(t.kind)),
          h("span", { class: "meta" }, [kindOf(t.kind), t.affiliation].filter(Boolean).join(" · ")),
          h("span", { class: "meta" }, when),
          h("span", { class: `pill ${met ? "ok" : ""}` }, met ? "Met" : "Not met yet"),
          t.why ? h("span", {}, t.why) : null,
          t.recommended_by ? h("span", { class: "meta" }, `Suggested by ${t.recommended_by}`) : null,
          written ? h("span", { class: "meta" }, replyLine(written, lists)) : null),
        h("div", { class: "stack" }, priorityPicker,
          h("button", { type: "button", class: "button small", "aria-label": `Edit ${t.name}`, onclick: () => editTarget(t) }, "Edit"),
          writable ? h("button", { type: "button", class: "button small", "aria-label": `Ask for 10 minutes: ${t.name}`,
            onclick: () => askForTime(t, contacts, followups) }, "Ask for 10 minutes") : null,
          written?.reply === "awaiting" ? repliedButton(written, t.name) : null,
          h("button", { type: "button", class: "button small", "aria-label": `Remove ${t.name}`, onclick: () => destroy("targets", t) }, "Remove")));
    }))));
  }
  if (!targets.length) body.append(empty("No targets yet: star sessions and mark speakers in the schedule, or add people below."));
  body.append(addForm(prog, lists));
}

/** Why this target, private notes, and who suggested them. */
function editTarget(target) {
  const inputs = {
    why: h("textarea", { name: "why", rows: 3, maxlength: 5000 }, target.why || ""),
    note: h("textarea", { name: "note", rows: 3, maxlength: 5000 }, target.note || ""),
    recommended_by: h("input", { name: "recommended_by", maxlength: 300, value: target.recommended_by || "" }),
  };
  const form = h("form", { class: "form" },
    field("Why them", inputs.why, "What in their work draws you; the outreach draft quotes it."),
    field("Private note", inputs.note, "Only you see it; never in drafts."),
    field("Suggested by", inputs.recommended_by, "The mentor who named them, if one did"),
    h("button", { type: "submit", class: "button primary" }, "Save"));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    await save("targets", { ...target, why: inputs.why.value.trim(), note: inputs.note.value.trim(), recommended_by: inputs.recommended_by.value.trim() });
    form.closest("dialog").close();
    toast("Saved");
  });
  sheet(target.name || "Target", form);
}

/** The outreach draft to a speaker or person target; "I sent it" records it as an email to their contact (made when missing), awaiting a reply. */
async function askForTime(target, contacts, followups) {
  if (target.version == null) {
    sheet("Draft", h("p", {}, "This target has not reached the server yet; the draft is ready once it has synced."));
    return;
  }
  try {
    const draft = await api(`/me/targets/${target.id}/outreach-draft`);
    const known = contactsFor(target, contacts);
    const to = known.find((c) => c.email)?.email;
    const recent = [draft.recently_contacted_at, lastWritten(known.map((c) => c.id), followups)].filter(Boolean).sort().at(-1);
    draftSheet("Ask for 10 minutes", draft, { to, name: target.name, recent, more: [
      h("button", { type: "button", class: "button", onclick: async (event) => {
        const contact = known[0] || await save("contacts", { id: newId(), name: target.name, institution: target.affiliation || "",
          speaker_id: target.speaker_id ?? null, warmth_is_default: true });
        await recordSent(contact);
        event.target.closest("dialog").close();
        toast("Sent. Many will not answer, and that is normal.");
      } }, "I sent it")] });
  } catch (error) {
    sheet("Draft", h("p", {}, explain(error, "The draft")));
  }
}

function addForm(prog, lists) {
  const who = h("input", { name: "who", list: "target-options", autocomplete: "off", placeholder: "Speaker, program or person" });
  const affiliation = h("input", { name: "affiliation", placeholder: "Program or institution (for a person)" });
  const priority = select("priority", lists.target_priorities, "must");
  const options = new Map();
  for (const speaker of prog?.speakers.values() || []) options.set(speaker.name.toLowerCase(), ["speaker", speaker]);
  for (const program of prog?.programs.values() || []) options.set(program.name.toLowerCase(), ["program", program]);
  const form = h("form", { class: "card form" }, h("h2", {}, "Add a target"),
    field("Who", who, "Pick a speaker or program from the suggestions, or type anyone’s name"),
    h("datalist", { id: "target-options" }, [...options.values()].map(([kind, item]) => h("option", { value: item.name }, labelOf(lists.target_kinds, kind)))),
    field("Program or institution", affiliation), field("Priority", priority),
    h("button", { type: "submit", class: "button primary" }, "Add target"));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const typed = who.value.trim();
    if (!typed) return who.focus();
    const [kind, item] = options.get(typed.toLowerCase()) || ["person", null];
    const base = { id: newId(), kind, priority: priority.value, conference: ctx.slug };
    if (kind === "speaker") await save("targets", { ...base, speaker_id: item.id, name: item.name, affiliation: item.affiliation || "" });
    else if (kind === "program") await save("targets", { ...base, program_id: item.id, name: item.name });
    else await save("targets", { ...base, name: typed, affiliation: affiliation.value.trim() });
    toast(`Added ${typed}`);
  });
  return form;
}
