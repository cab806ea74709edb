// The review of writes the server refused (409/412 from the sync protocol): each with both versions, for
// the user to keep theirs or the other device's.
import { redraw } from "./router.js";
import * as store from "./store.js";
import * as sync from "./sync.js";
import { closeSheet, h, sheet } from "./ui.js";

const LABELS = { name: "Name", institution: "Program", role: "Role", email: "Email", notes: "Notes", takeaway: "Takeaway",
  tie_strength: "Tie", status: "Status", due_at: "Due", title: "Title", priority: "Priority", place: "Place", kind: "Kind" };

/** Show each refused write with both versions; the user keeps theirs or mine. */
export async function reviewConflicts() {
  const conflicts = await store.all("conflicts");
  if (!conflicts.length) return closeSheet();
  sheet("Review changes", conflicts.map((conflict) => conflictCard(conflict)));
}

function conflictCard(conflict) {
  const mine = conflict.mine || {};
  const theirs = conflict.theirs || {};
  const what = mine.name || theirs.name || mine.title || theirs.title || conflict.kind.replace(/s$/, "");
  const differing = Object.keys(LABELS).filter((key) => key in mine && JSON.stringify(mine[key]) !== JSON.stringify(theirs[key]));
  const done = async (keep) => { await sync.resolve(conflict, keep); await reviewConflicts(); redraw(); };
  if (conflict.type === "problem") {
    return h("section", { class: "card conflict" },
      h("h3", {}, `“${what}” was not saved`), h("p", {}, conflict.message),
      h("button", { type: "button", class: "button", onclick: () => done("theirs") }, "Discard my change"));
  }
  return h("section", { class: "card conflict" },
    h("h3", {}, `“${what}” changed on another device`),
    h("table", { class: "diff" },
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Field"), h("th", { scope: "col" }, "Mine"), h("th", { scope: "col" }, "Theirs"))),
      h("tbody", {}, differing.map((key) => h("tr", {}, h("th", { scope: "row" }, LABELS[key]),
        h("td", {}, String(mine[key] ?? "")), h("td", {}, String(theirs[key] ?? "")))))),
    h("div", { class: "row" },
      h("button", { type: "button", class: "button primary", onclick: () => done("mine") }, "Keep mine"),
      h("button", { type: "button", class: "button", onclick: () => done("theirs") }, "Keep theirs")));
}
