// The server's word lists (roles, follow-up actions, kinds, priorities, import formats, the question bank) from /api/v1/meta,
// asked for once per page load; the service worker keeps a copy, so they are there offline too.
import { api } from "./api.js";

let loading = null;

/** The lists as [value, label] pairs (what select() and choices() take), each action's default title, and the
 * advisor seats held by mentors (who get an update every few months unless the user chooses otherwise). */
export function words() {
  loading ||= api("/meta").then((meta) => ({
    advisor_roles: [], // a copy of the lists kept from before the board had seats
    ...Object.fromEntries(Object.entries(meta).map(([list, items]) => [list, items.map((w) => [w.value, w.label])])),
    titles: Object.fromEntries(meta.followup_actions.map((w) => [w.value, w.default_title])),
    // The question bank: who each contact role is, as an audience, and the built-in questions for each.
    audienceOfRole: Object.fromEntries((meta.question_audiences || []).flatMap((w) => w.roles.map((role) => [role, w.value]))),
    bank: (meta.questions || []).map((w) => ({ id: w.value, text: w.label, audience: w.audience })),
    mentors: new Set((meta.advisor_roles || []).filter((w) => w.mentor).map((w) => w.value)),
  }), (error) => {
    loading = null; // asked again on the next screen, when the connection may be back
    throw error;
  });
  return loading;
}

/** The label of a value in a list; the value itself when the list lacks it. */
export function labelOf(list, value) {
  return list.find(([v]) => v === value)?.[1] ?? value;
}

/** A follow-up's title: the user's own, else the server's default wording with the contact's current name
 * as this phone has it, so that a contact renamed here shows at once in the titles of its follow-ups. */
export function titleOf(lists, followup, contact) {
  if (followup.title && followup.title_is_default !== true) return followup.title;
  return (lists.titles[followup.action] || lists.titles.other).replace("{name}", contact?.name || "someone");
}
