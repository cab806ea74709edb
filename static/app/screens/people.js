// People: everyone the user met, searchable and filtered by tie strength, program and conference.
import { records } from "../sync.js";
import { empty, field, h, select } from "../ui.js";
import { labelOf, words } from "../words.js";

export const name = "people";
export const title = "People";
export const live = true;
const state = { q: "", tie: "", program: "", conference: "" };

export async function render(body) {
  const [contacts, encounters, lists] = await Promise.all([records("contacts"), records("encounters"), words()]);
  const metAt = new Map();
  for (const e of encounters) {
    if (!metAt.has(e.contact_id)) metAt.set(e.contact_id, new Set());
    if (e.conference) metAt.get(e.contact_id).add(e.conference);
  }
  const programs = [...new Set(contacts.map((c) => c.institution).filter(Boolean))].sort();
  const conferences = [...new Set(encounters.map((e) => e.conference).filter(Boolean))].sort();
  const list = h("ul", { class: "list" });
  const count = h("p", { class: "meta", "aria-live": "polite" });

  const apply = () => {
    const words = state.q.toLowerCase().split(/\s+/).filter(Boolean);
    const shown = contacts.filter((c) => (!state.tie || c.tie_strength === state.tie) && (!state.program || c.institution === state.program)
      && (!state.conference || metAt.get(c.id)?.has(state.conference))
      && words.every((w) => `${c.name} ${c.institution} ${c.email || ""} ${(c.tags || []).join(" ")}`.toLowerCase().includes(w)))
      .sort((a, b) => a.name.localeCompare(b.name));
    count.textContent = `${shown.length} of ${contacts.length} people`;
    list.replaceChildren(...shown.map((c) => h("li", {}, h("a", { class: "item link-item", href: `#/person/${c.id}` },
      h("span", { class: "avatar", "aria-hidden": "true" }, c.name.slice(0, 1).toUpperCase()),
      h("span", { class: "what" }, h("span", { class: "item-title" }, c.name),
        h("span", { class: "meta" }, [c.institution, labelOf(lists.tie_strengths, c.tie_strength)].filter(Boolean).join(" · ")),
        c._pending ? h("span", { class: "meta accent" }, "Waiting to sync") : null)))));
  };
  const board = h("a", { class: "button", href: "#/board" }, "Board of advisors");
  if (!contacts.length) {
    body.append(empty("Nobody yet. Log the people you meet and they appear here.", h("a", { class: "button primary", href: "#/met" }, "I just met someone"), board));
    return;
  }
  const search = h("input", { type: "search", name: "q", value: state.q, placeholder: "Name, program, email, tag",
    oninput: () => { state.q = search.value; apply(); } });
  const tie = select("tie", [["", "Any tie"], ...lists.tie_strengths], state.tie, { onchange: () => { state.tie = tie.value; apply(); } });
  const program = select("program", [["", "Any program"], ...programs.map((p) => [p, p])], state.program,
    { onchange: () => { state.program = program.value; apply(); } });
  const conference = select("conference", [["", "Any conference"], ...conferences.map((c) => [c, c])], state.conference,
    { onchange: () => { state.conference = conference.value; apply(); } });
  body.append(board, h("a", { class: "button", href: "#/longgame" }, "Letters and milestones"));
  body.append(h("div", { class: "filters" }, field("Search people", search),
    h("div", { class: "row" }, field("Tie strength", tie), field("Program", program)), field("Met at", conference)), count, list);
  apply();
}
