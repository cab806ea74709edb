// Program import for admins: upload a file, see what it would do (dry run), confirm.
import { api, explain } from "../api.js";
import { ctx } from "../context.js";
import { program } from "../program.js";
import { empty, field, h, select } from "../ui.js";
import { words } from "../words.js";

export const name = "admin";
export const title = "Import a program";

function summary(result, choose) {
  if (result.uncertain) return readings(result, choose);
  const columns = Object.entries(result.columns || {});
  return h("div", {},
    h("ul", { class: "list" }, ["created", "updated", "cancelled", "unchanged"].filter((k) => k in result)
      .map((k) => h("li", { class: "item" }, h("span", { class: "item-title" }, `${result[k]} ${k}`))),
    (result.warnings || []).map((w) => h("li", { class: "item meta" }, w))),
    columns.length ? h("p", { class: "meta" }, "Columns: " + columns.map(([fieldName, header]) => `${header} \u2192 ${fieldName}`).join(", ")) : null,
    (result.sessions || []).length ? h("ul", { class: "list" }, result.sessions.map((s) =>
      h("li", { class: "item" }, h("span", { class: "item-title" }, s.title), h("span", { class: "meta" }, `${s.starts_at} \u00b7 ${s.room || ""}`)))) : null);
}

// A file that reads two ways: both readings side by side, each with its counts and a button that picks it.
function readings(result, choose) {
  return h("div", {},
    h("p", { class: "error" }, result.uncertain),
    (result.interpretations || []).map((reading) => h("section", { class: "card" },
      h("h4", {}, reading.label),
      h("p", { class: "meta" }, reading.error
        || `${reading.created} created \u00b7 ${reading.updated} updated \u00b7 ${reading.cancelled} cancelled`),
      h("ul", { class: "list" }, (reading.sessions || []).slice(0, 3).map((s) =>
        h("li", { class: "item" }, h("span", { class: "item-title" }, s.title), h("span", { class: "meta" }, s.starts_at)))),
      reading.error ? null : h("button", { type: "button", class: "button", onclick: () => choose(reading.choose) }, `Read as ${reading.label}`))));
}

export async function render(body) {
  if (ctx.user.role !== "admin") {
    body.append(empty("Only admins import programs."));
    return;
  }
  const slug = h("input", { name: "slug", value: ctx.slug || "", required: true, pattern: "[a-z0-9-]+" });
  const conferenceName = h("input", { name: "name" });
  const zone = h("input", { name: "timezone", placeholder: "e.g. America/New_York" });
  const lists = await words();
  const format = select("format", [["", "Detect from the file"], ...lists.import_formats], "");
  const level = select("level", [["", "Both, when they agree"], ...lists.import_levels], "");
  const sheet = h("input", { name: "sheet" });
  const firstDay = h("input", { name: "first_day", type: "date" });
  const file = h("input", { type: "file", name: "file", required: true, accept: ".csv,.tsv,.xlsx,.ics,.xml,.json,text/csv,text/calendar" });
  const out = h("div", { "aria-live": "polite" });
  const formData = (preview, allowCancel) => {
    const data = new FormData();
    data.append("file", file.files[0]);
    const inputs = [["name", conferenceName], ["timezone", zone], ["format", format], ["first_day", firstDay], ["sheet", sheet], ["level", level]];
    for (const [key, input] of inputs) if (input.value) data.append(key, input.value);
    if (preview) data.append("dry_run", "true");
    if (allowCancel) data.append("allow_cancel", "true");
    return data;
  };
  // The fields a reading's "choose" names (level, sheet, first_day) are set as the admin would, then previewed.
  const choose = (fields) => {
    const inputs = { level, sheet, first_day: firstDay, format };
    for (const [key, value] of Object.entries(fields)) if (inputs[key]) inputs[key].value = value;
    send(true);
  };
  const send = async (preview, allowCancel = false) => {
    if (!file.files[0] || !slug.value) {
      out.replaceChildren(h("p", { class: "error" }, "Choose the conference and a file."));
      return;
    }
    const path = `/conferences/${encodeURIComponent(slug.value.trim())}/imports`;
    try {
      const result = await api(path, { method: "POST", form: formData(preview, allowCancel) });
      out.replaceChildren(h("h3", {}, preview ? `Preview (${result.format || "two readings"}): what the import would do` : "Imported"), summary(result, choose));
      if (!preview) program(slug.value.trim(), { fresh: true });
    } catch (error) {
      // Cancelling many sessions needs the admin's word: the file may be cut short or the wrong one.
      const confirm = !preview && error.fields?.allow_cancel
        ? h("button", { type: "button", class: "button", onclick: () => send(false, true) }, "Import and cancel them") : null;
      out.replaceChildren(h("p", { class: "error" }, explain(error, "Importing")), confirm);
    }
  };
  body.append(h("form", { class: "card form", onsubmit: (event) => { event.preventDefault(); send(false); } },
    field("Conference (short name in links)", slug), field("Conference name (first import)", conferenceName),
    field("Time zone (when the file states none)", zone), field("Format", format),
    field("First day (for dates written as weekdays or \"Day 1\")", firstDay),
    field("Sheet (Excel: when several hold a program)", sheet), field("Indico: read as", level), field("Program file", file),
    h("div", { class: "row" }, h("button", { type: "button", class: "button", onclick: () => send(true) }, "Preview"),
      h("button", { type: "submit", class: "button primary" }, "Import"))), out);
}
