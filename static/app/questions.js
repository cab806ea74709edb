// The question bank: the built-in questions (from /api/v1/meta) and the user's own, for who they are talking
// to (a resident, faculty, a program director, a fellow applicant); the user adds their own in place.
import { newId } from "./store.js";
import { records, save } from "./sync.js";
import { fill, h, select, toast } from "./ui.js";

/** The audience whose questions suit a contact's role, or null ("other" has none). */
export function audienceOf(lists, role) {
  return lists.audienceOfRole[role] || null;
}

/** A card of questions for one audience, a picker for another, and a box to add one's own; `set(audience)`
 * switches it (Met someone follows the role picked). */
export function questionBank(lists, audience, { heading = "Questions to ask" } = {}) {
  const picker = select("audience", lists.question_audiences, audience || lists.question_audiences[0]?.[0],
    { "aria-label": "Questions for", class: "compact" });
  const list = h("ul", { class: "list questions", "aria-live": "polite" });
  const typed = h("input", { name: "question", maxlength: 500, placeholder: "Your own question", "aria-label": "Your own question" });
  const draw = async () => {
    const own = (await records("questions")).filter((q) => q.audience === picker.value);
    const builtIn = lists.bank.filter((q) => q.audience === picker.value);
    fill(list, [...builtIn, ...own.map((q) => ({ ...q, own: true }))].map((q) => h("li", { class: "item question" },
      h("span", { class: "what" }, q.text), q.own ? h("span", { class: "pill" }, "Yours") : null)));
  };
  const add = h("button", { type: "button", class: "button small", onclick: async () => {
    const text = typed.value.trim();
    if (!text) return typed.focus();
    await save("questions", { id: newId(), text, audience: picker.value });
    typed.value = "";
    toast("Question added");
    draw();
  } }, "Add");
  picker.addEventListener("change", draw);
  const card = h("section", { class: "card bank", "aria-label": heading },
    h("div", { class: "card-head" }, h("h2", {}, heading), picker), list,
    h("div", { class: "row add-question" }, typed, add));
  draw();
  return { card, set: (value) => { if (value && value !== picker.value) { picker.value = value; draw(); } } };
}
