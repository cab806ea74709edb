// My agenda: the targeted sessions and the user's own items (the 10 minutes a speaker agreed to, a mentoring
// breakfast missing from the program), day by day in the conference's zone; an own item that overlaps a
// targeted session says which. Items are added here, offline too, and open Met someone filled in.
import { ownItems, overlaps, momentIn } from "../agenda.js";
import { ctx, currentProgram, zoneOf } from "../context.js";
import { agenda } from "../program.js";
import { newId } from "../store.js";
import { destroy, records, save } from "../sync.js";
import { dayOf, empty, field, formatTime, h, select, toast } from "../ui.js";

export const name = "agenda";
export const title = "My agenda";
export const live = true;

export async function render(body) {
  const [prog, targets, contacts] = await Promise.all([currentProgram().catch(() => null), records("targets"), records("contacts")]);
  const own = await ownItems(ctx.slug);
  const zone = zoneOf(prog);
  const named = new Map(contacts.map((c) => [c.id, c]));
  const reasons = prog ? agenda(prog, targets).reasons : new Map();
  const rows = [
    ...(prog?.sessions || []).filter((s) => reasons.has(s.id)).map((s) => ({ at: s.starts_at, row: sessionRow(s, reasons, zone) })),
    ...own.map((item) => ({ at: item.starts_at, row: ownRow(item, overlaps(item, prog, targets), named, zone) })),
  ].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const days = new Map();
  for (const { at, row } of rows) {
    const day = dayOf(at, zone);
    if (!days.has(day)) days.set(day, []);
    days.get(day).push(row);
  }
  for (const [day, dayRows] of days) {
    body.append(h("section", { class: "card", "aria-label": formatTime(`${day}T12:00:00Z`, "UTC", "day") },
      h("h2", {}, formatTime(`${day}T12:00:00Z`, "UTC", "day")), h("ul", { class: "list" }, dayRows)));
  }
  if (!days.size) body.append(empty("Nothing on your agenda yet: star sessions in the schedule, or add a meeting below."));
  body.append(addForm(prog, contacts, zone));
}

function sessionRow(s, reasons, zone) {
  return h("li", { class: "item session" },
    h("div", { class: "when" }, h("strong", {}, formatTime(s.starts_at, zone)), h("span", {}, formatTime(s.ends_at, zone))),
    h("div", { class: "what" }, h("span", { class: "item-title" }, s.title), h("span", { class: "meta" }, s.room || "Room to be announced"),
      s.status === "cancelled" ? h("span", { class: "meta danger" }, "Cancelled") : h("span", { class: "meta accent" }, reasons.get(s.id)[0])));
}

/** One of the user's own items: when, where, with whom, what it overlaps, and Met someone from it. */
function ownRow(item, clashes, named, zone) {
  const contact = named.get(item.contact_id);
  return h("li", { class: `item own-item${clashes.length ? " conflict" : ""}` },
    h("div", { class: "when" }, h("strong", {}, formatTime(item.starts_at, zone)), h("span", {}, formatTime(item.ends_at, zone))),
    h("div", { class: "what" }, h("span", { class: "item-title" }, item.title),
      h("span", { class: "meta" }, [item.place, contact ? `with ${contact.name}` : ""].filter(Boolean).join(" · ") || "My own item"),
      clashes.length ? h("span", { class: "meta clash" }, `Overlaps ${clashes.map((s) => `“${s.title}”`).join(", ")}`) : null),
    h("div", { class: "stack" },
      h("a", { class: "button small", href: `#/met/agenda/${item.id}`, "aria-label": `Met someone at ${item.title}` }, "Met someone"),
      h("button", { type: "button", class: "button small", "aria-label": `Delete ${item.title}`, onclick: () => destroy("agenda-items", item) }, "Delete")));
}

function addForm(prog, contacts, zone) {
  const today = dayOf(new Date().toISOString(), zone);
  const days = prog?.days || [];
  const titleInput = h("input", { name: "title", required: true, maxlength: 300, placeholder: "e.g. 10 minutes with Dr. Rivera" });
  const day = days.length ? select("day", days.map((d) => [d, formatTime(`${d}T12:00:00Z`, "UTC", "day")]), days.includes(today) ? today : days[0])
    : h("input", { type: "date", name: "day", value: today, required: true });
  const starts = h("input", { type: "time", name: "starts", value: "08:00", required: true });
  const ends = h("input", { type: "time", name: "ends", value: "08:30", required: true });
  const place = h("input", { name: "place", maxlength: 200, placeholder: "e.g. Hilton lobby" });
  const people = [["", "No one in particular"], ...contacts.slice().sort((a, b) => a.name.localeCompare(b.name)).map((c) => [c.id, c.name])];
  const withWhom = select("contact", people, "");
  const error = h("p", { class: "error", role: "alert" });
  const form = h("form", { class: "card form", novalidate: true }, h("h2", {}, "Add to my agenda"),
    field("What", titleInput), field("Day", day, `Times in the conference’s zone (${zone})`),
    h("div", { class: "compact-row two" }, field("Starts", starts), field("Ends", ends)),
    field("Where (optional)", place), field("With (optional)", withWhom), error,
    h("button", { type: "submit", class: "button primary" }, "Add to my agenda"));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    for (const input of [titleInput, ends]) input.removeAttribute("aria-invalid");
    const what = titleInput.value.trim();
    if (!what) {
      error.textContent = "Say what it is.";
      titleInput.setAttribute("aria-invalid", "true");
      return titleInput.focus();
    }
    const startsAt = momentIn(day.value, starts.value, zone), endsAt = momentIn(day.value, ends.value, zone);
    if (!(Date.parse(endsAt) > Date.parse(startsAt))) {
      error.textContent = "It must end after it starts.";
      ends.setAttribute("aria-invalid", "true");
      return ends.focus();
    }
    error.textContent = "";
    await save("agenda-items", { id: newId(), title: what, starts_at: startsAt, ends_at: endsAt, place: place.value.trim(),
      conference: ctx.slug, contact_id: withWhom.value || null, notes: "" });
    toast(`Added ${what}`);
  });
  return form;
}
