// Met someone: name (suggested from speakers and contacts), program, role, phone and web link (filled by
// Scan), kind, takeaway, optional follow-up. Opening this screen, ticking "follow up" and saving are the only
// taps; the rest is typing. Opened from a session's sheet (#/met/session/ID), the meeting names that session,
// so its follow-up draft can say where the two met. Opened from one of the user's own agenda items
// (#/met/agenda/ID), it names the item's contact, takes its place, and logs a conversation (a meeting planned
// ahead is more than a hallway introduction). The question bank follows the role picked.
import { ctx, currentProgram } from "../context.js";
import { audienceOf, questionBank } from "../questions.js";
import { take } from "../scanned.js";
import { newId } from "../store.js";
import { records, save } from "../sync.js";
import { choices, field, fill, fromLocalInput, h, localInput, select, toast } from "../ui.js";
import { words } from "../words.js";

export const name = "met";
export const title = "Met someone";

export async function render(body, from, id) {
  const sessionId = from === "session" && /^[0-9]+$/.test(id || "") ? Number(id) : null;
  const [contacts, lists, items] = await Promise.all([records("contacts"), words(), from === "agenda" ? records("agenda-items") : []]);
  const planned = items.find((item) => item.id === id);
  const people = new Map(contacts.map((contact) => [contact.name.toLowerCase(), { contact }]));
  const institutions = new Set(contacts.map((contact) => contact.institution).filter(Boolean));
  const peopleList = h("datalist", { id: "people-list" });
  const institutionList = h("datalist", { id: "institution-list" });
  const suggest = () => {
    fill(peopleList, [...people.values()].map((p) => h("option", { value: (p.contact || p.speaker).name })));
    fill(institutionList, [...institutions].map((value) => h("option", { value })));
  };
  suggest();
  // Speakers and programs join the suggestions when the program has loaded; typing never waits for it.
  const at = h("p", { class: "hint" }, planned ? `At “${planned.title}”` : "");
  currentProgram().then((prog) => {
    const session = prog?.sessionsById.get(sessionId);
    if (session) at.textContent = `At “${session.title}”`;
    for (const speaker of prog?.speakers.values() || []) {
      if (!people.has(speaker.name.toLowerCase())) people.set(speaker.name.toLowerCase(), { speaker });
    }
    for (const program of prog?.programs.values() || []) institutions.add(program.name);
    suggest();
  }, () => {});

  const windowHours = ctx.user.followup_window_hours || 72;
  const nameInput = h("input", { name: "name", required: true, autocomplete: "off", list: "people-list", autocapitalize: "words", enterkeyhint: "next" });
  const institution = h("input", { name: "institution", list: "institution-list", autocomplete: "off", enterkeyhint: "next" });
  const role = select("role", lists.contact_roles, "other");
  const phone = h("input", { type: "tel", name: "phone", maxlength: 40, autocomplete: "off", enterkeyhint: "next" });
  const link = h("input", { type: "url", name: "url", maxlength: 500, autocomplete: "off", placeholder: "https://…" });
  const takeaway = h("input", { name: "takeaway", maxlength: 300, enterkeyhint: "done", placeholder: "e.g. wants residents for her outcomes study" });
  const place = h("input", { name: "place", maxlength: 200, placeholder: "e.g. poster hall" });
  const wantFollowUp = h("input", { type: "checkbox", name: "followup", class: "switch" });
  const action = select("action", lists.followup_actions, "email");
  const due = h("input", { type: "datetime-local", name: "due", value: localInput(new Date(Date.now() + windowHours * 3600e3)) });
  const followUpFields = h("div", { class: "nested", hidden: true }, field("Follow up by", action), field("Due", due, `Default: ${windowHours} hours from now (Settings)`));
  wantFollowUp.addEventListener("change", () => { followUpFields.hidden = !wantFollowUp.checked; });
  const known = h("p", { class: "hint", "aria-live": "polite" });
  let kind = planned ? "conversation" : "introduced";
  const withContact = contacts.find((contact) => contact.id === planned?.contact_id);
  if (planned) place.value = planned.place || "";
  const scanned = planned ? null : take(); // a card read on the Scan screen: its contact, or the contact it matched, fills the form
  const matched = contacts.find((contact) => contact.id === scanned?.match.contact_id);
  if (scanned) {
    nameInput.value = matched?.name || scanned.contact.name;
    institution.value = matched?.institution || scanned.contact.institution;
    role.value = matched?.role || scanned.contact.role;
    phone.value = scanned.contact.phone || matched?.phone || "";
    link.value = scanned.contact.url || matched?.url || "";
    known.textContent = matched ? `Adds a meeting with your contact ${matched.name}.` : scanned.card.email ? `Read from the card: ${scanned.card.email}` : "";
  }

  const match = () => people.get(nameInput.value.trim().toLowerCase());
  const bank = questionBank(lists, audienceOf(lists, role.value));
  role.addEventListener("change", () => bank.set(audienceOf(lists, role.value)));
  nameInput.addEventListener("change", () => {
    const found = match();
    known.textContent = found?.contact ? `Adds a meeting with your contact ${found.contact.name}.`
      : found?.speaker ? `Speaker: ${found.speaker.affiliation || "at this conference"}.` : "";
    if (found?.contact && !institution.value) institution.value = found.contact.institution || "";
    if (found?.speaker && !institution.value) institution.value = found.speaker.affiliation || "";
    if (found?.contact) role.value = found.contact.role;
    bank.set(audienceOf(lists, role.value));
    if (found?.contact && !phone.value) phone.value = found.contact.phone || "";
    if (found?.contact && !link.value) link.value = found.contact.url || "";
  });

  const form = h("form", { class: "form card", novalidate: true },
    h("div", { class: "row" }, h("a", { class: "button", href: "#/scan" }, "Scan their card"), h("a", { class: "button", href: "#/card" }, "Show my card")),
    sessionId || planned ? at : null,
    field("Name", nameInput), known, peopleList,
    field("Program or institution", institution), institutionList,
    field("Role", role),
    field("Phone (optional)", phone), field("Web page (optional)", link, "Not LinkedIn: their own or their lab’s site"),
    choices("kind", "What happened", lists.encounter_kinds, kind, (v) => { kind = v; }),
    field("Takeaway (one line)", takeaway),
    field("Where (optional)", place),
    h("label", { class: "toggle" }, wantFollowUp, h("span", {}, "Follow up")),
    followUpFields,
    h("p", { class: "error", role: "alert" }),
    h("button", { type: "submit", class: "button big primary" }, "Save"));

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const error = form.querySelector(".error");
    const typed = nameInput.value.trim();
    if (!typed) {
      error.textContent = "Type the person’s name.";
      nameInput.setAttribute("aria-invalid", "true");
      nameInput.focus();
      return;
    }
    if (!link.validity.valid) {
      error.textContent = "The web page is a link starting with https://.";
      link.setAttribute("aria-invalid", "true");
      link.focus();
      return;
    }
    const found = match();
    const now = new Date().toISOString();
    let contact = found?.contact;
    // An empty box never clears what the contact already has.
    const reach = { phone: phone.value.trim() || contact?.phone || null, url: link.value.trim() || contact?.url || null };
    if (!contact) {
      contact = { id: newId(), name: typed, role: role.value, institution: institution.value.trim(), tie_strength: "expanded",
        speaker_id: found?.speaker?.id ?? scanned?.contact.speaker_id ?? null, email: scanned?.contact.email ?? null,
        linkedin_url: scanned?.contact.linkedin_url ?? null, ...reach, tags: scanned?.contact.tags ?? [],
        notes: scanned?.contact.notes ?? "" };
      await save("contacts", contact);
    } else if (institution.value.trim() !== (contact.institution || "") || role.value !== contact.role
      || reach.phone !== (contact.phone ?? null) || reach.url !== (contact.url ?? null)) {
      contact = { ...contact, institution: institution.value.trim(), role: role.value, ...reach };
      await save("contacts", contact);
    }
    const encounter = { id: newId(), contact_id: contact.id, occurred_at: now, kind, takeaway: takeaway.value.trim(),
      place: place.value.trim(), conference: ctx.slug || null, session_id: sessionId, notes: "" };
    await save("encounters", encounter);
    if (wantFollowUp.checked) {
      await save("followups", { id: newId(), contact_id: contact.id, encounter_id: encounter.id, action: action.value,
        due_at: fromLocalInput(due.value), status: "open", committed_at: now, done_at: null, snoozed_until: null });
    }
    toast(`Saved ${contact.name}`);
    location.hash = "#/today";
  });
  if (withContact) {
    nameInput.value = withContact.name;
    nameInput.dispatchEvent(new Event("change"));
  }
  body.append(form, bank.card);
  if (!withContact) requestAnimationFrame(() => nameInput.focus());
}
