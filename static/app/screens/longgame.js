// The long game: letters of recommendation (asked, agreed, materials sent, submitted, thanked), one tap per
// step, with the follow-up each step calls for; and milestones (posters, exams, interviews, the match) for
// mentor updates. Saved on the phone first, sent when there is a connection.
import { ctx } from "../context.js";
import { redraw } from "../router.js";
import * as store from "../store.js";
import { records, save } from "../sync.js";
import { closeSheet, empty, field, formatTime, h, select, sheet, toast } from "../ui.js";
import { labelOf, titleOf, words } from "../words.js";

export const name = "longgame";
export const title = "Letters and milestones";
export const live = true;

/** The one step a tap moves a letter on to. */
const NEXT = { asked: "agreed", agreed: "materials_sent", materials_sent: "submitted", submitted: "thanked" };
/** The steps (and the match) whose follow-ups the server adds under ids derived from the letter (uuid5). */
const STEPS = ["agreed", "materials_sent", "submitted", "match"];

/** uuid5(letter id, step), as the server derives the id of the follow-up a step adds. */
async function stepId(letterId, step) {
  const namespace = letterId.replace(/-/g, "").match(/../g).map((pair) => parseInt(pair, 16));
  const bytes = new Uint8Array([...namespace, ...new TextEncoder().encode(step)]);
  const hash = new Uint8Array(await crypto.subtle.digest("SHA-1", bytes)).slice(0, 16);
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = [...hash].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The letter's open follow-up due first, if the server has added one. */
async function nextFollowup(letter, followups) {
  const ids = new Set(await Promise.all(STEPS.map((step) => stepId(letter.id, step))));
  return followups.filter((f) => ids.has(f.id) && f.status === "open").sort((a, b) => a.due_at.localeCompare(b.due_at))[0];
}

export async function render(body) {
  const [letters, milestones, contacts, followups, lists] = await Promise.all([records("letters"), records("milestones"),
    records("contacts"), records("followups"), words()]);
  const people = new Map(contacts.map((c) => [c.id, c]));
  body.append(h("p", { class: "note" }, "Ask for letters from people who know your work, send the materials well before the deadline, remind once a week before, and thank them when it is in. Tell them how the match turned out."));
  body.append(await letterList(letters, people, followups, lists), letterForm(contacts, lists));
  body.append(milestoneList(milestones, lists), milestoneForm(lists));
}

async function letterList(letters, people, followups, lists) {
  const section = h("section", { class: "card", "aria-label": "Letters" }, h("h2", {}, `Letters (${letters.length})`));
  if (!letters.length) {
    section.append(empty("No letters yet. Ask someone who knows your work whether they could write a strong letter, then add it below."));
    return section;
  }
  const zone = ctx.user.timezone;
  const shown = [...letters].sort((a, b) => (a.due_at || "9").localeCompare(b.due_at || "9"));
  const items = await Promise.all(shown.map(async (letter) => {
    const who = people.get(letter.contact_id)?.name || "someone";
    const next = NEXT[letter.status];
    const followup = letter._pending ? null : await nextFollowup(letter, followups);
    return h("li", { class: "item letter" },
      h("div", { class: "what" }, h("span", { class: "item-title" }, who),
        h("span", { class: "meta" }, letter.due_at ? `Due ${formatTime(letter.due_at, zone, "day")}` : "No due date"),
        h("span", { class: `pill ${["submitted", "thanked"].includes(letter.status) ? "ok" : ""}` }, labelOf(lists.letter_statuses, letter.status)),
        letter._pending ? h("span", { class: "meta accent" }, "Waiting to sync") : null,
        followup ? h("a", { class: "meta", href: `#/followups/${followup.id}/draft` },
          `Next: ${titleOf(lists, followup, people.get(letter.contact_id))}, due ${formatTime(followup.due_at, zone, "day")}`) : null),
      h("div", { class: "actions" },
        next ? h("button", { type: "button", class: "button small primary", "aria-label": `Mark the letter from ${who} ${labelOf(lists.letter_statuses, next).toLowerCase()}`,
          onclick: () => advance(letter, next, lists) }, labelOf(lists.letter_statuses, next)) : null,
        ["asked", "agreed"].includes(letter.status) ? h("button", { type: "button", class: "button small",
          "aria-label": `${who} declined`, onclick: () => advance(letter, "declined", lists) }, "Declined") : null));
  }));
  section.append(h("ul", { class: "list" }, items));
  return section;
}

/** One tap: the letter's next status, saved on the phone (latest copy) and queued. */
async function advance(shown, status, lists) {
  const letter = (await store.get("letters", shown.id)) || shown;
  await save("letters", { ...letter, status });
  await redraw(); // a step joined to a write still waiting leaves the queue's count as it was
  toast(`Letter: ${labelOf(lists.letter_statuses, status)}`);
}

function letterForm(contacts, lists) {
  const sorted = [...contacts].sort((a, b) => a.name.localeCompare(b.name));
  const who = select("contact_id", [["", "Choose a person"], ...sorted.map((c) => [c.id, c.name])], "");
  const due = h("input", { type: "date", name: "due_on" });
  const boxes = lists.letter_materials.map(([value, label]) => h("label", { class: "toggle" },
    h("input", { type: "checkbox", class: "switch", name: "materials", value, checked: value !== "other" }), h("span", {}, label)));
  const out = h("p", { class: "note", "aria-live": "polite" });
  const form = h("form", { class: "card form" }, h("h2", {}, "Ask for a letter"),
    field("Who writes it", who, "Someone who knows your work: a rotation, a project, repeated contact"),
    field("Due date", due, "When the program needs it"),
    h("fieldset", {}, h("legend", {}, "Materials you will send"), ...boxes),
    h("button", { type: "submit", class: "button primary" }, "Add letter"), out);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!who.value) {
      out.textContent = "Choose who writes the letter.";
      return who.focus();
    }
    const materials = boxes.map((label) => label.firstChild).filter((box) => box.checked).map((box) => box.value);
    await save("letters", { id: store.newId(), contact_id: who.value, status: "asked", materials,
      due_at: due.value ? new Date(`${due.value}T17:00`).toISOString() : null });
    toast("Letter added");
  });
  return form;
}

function milestoneList(milestones, lists) {
  const section = h("section", { class: "card", "aria-label": "Milestones" }, h("h2", {}, `Milestones (${milestones.length})`));
  if (!milestones.length) {
    section.append(empty("No milestones yet. Log papers, posters, rotations, exams and interviews to tell your mentors in your next update."));
    return section;
  }
  const shown = [...milestones].sort((a, b) => b.date.localeCompare(a.date) || a.title.localeCompare(b.title));
  section.append(h("ul", { class: "list" }, shown.map((m) => h("li", { class: "item milestone" },
    h("div", { class: "what" }, h("span", { class: "item-title" }, m.title),
      h("span", { class: "meta" }, `${labelOf(lists.milestone_kinds, m.kind)} · ${formatTime(`${m.date}T12:00:00Z`, "UTC", "day")}`),
      m._pending ? h("span", { class: "meta accent" }, "Waiting to sync") : null),
    h("button", { type: "button", class: "button small", "aria-label": `Edit ${m.title}`, onclick: () => editMilestone(m, lists) }, "Edit")))));
  return section;
}

/** The milestone form: empty to add one, filled to edit one. */
function milestoneFields(lists, m = {}) {
  return {
    kind: select("kind", lists.milestone_kinds, m.kind || "poster"),
    title: h("input", { name: "title", required: true, maxlength: 300, value: m.title || "", placeholder: "e.g. Poster on early psychosis care" }),
    date: h("input", { type: "date", name: "date", required: true, value: m.date || new Date().toISOString().slice(0, 10) }),
    notes: h("textarea", { name: "notes", rows: 3 }, m.notes || ""),
  };
}

function milestoneForm(lists, m) {
  const inputs = milestoneFields(lists, m);
  const form = h("form", { class: m ? "form" : "card form" }, m ? null : h("h2", {}, "Add a milestone"),
    field("Kind", inputs.kind), field("Title", inputs.title), field("Date", inputs.date),
    field("Notes", inputs.notes, "Private: never in drafts, the calendar or summaries"),
    h("button", { type: "submit", class: "button primary" }, m ? "Save milestone" : "Add milestone"));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const title = inputs.title.value.trim();
    if (!title || !inputs.date.value) return (title ? inputs.date : inputs.title).focus();
    const latest = m ? (await store.get("milestones", m.id)) || m : { id: store.newId() };
    await save("milestones", { ...latest, kind: inputs.kind.value, title, date: inputs.date.value, notes: inputs.notes.value });
    if (m) closeSheet();
    await redraw();
    toast(m ? "Milestone saved" : "Milestone added");
  });
  return form;
}

function editMilestone(m, lists) {
  sheet("Edit milestone", milestoneForm(lists, m));
}
