// Program import for admins: upload a file, see the preview when the server offers one, confirm.
import { api, explain } from "../api.js";
import { ctx } from "../context.js";
import { program } from "../program.js";
import { empty, field, h, select } from "../ui.js";

export const name = "admin";
export const title = "Import a program";
const FORMATS = [["", "Detect from the file"], ["csv", "CSV"], ["ics", "iCalendar"], ["frab-xml", "frab XML"], ["pretalx-json", "pretalx JSON"]];

function summary(result) {
  return h("ul", { class: "list" }, ["created", "updated", "cancelled", "unchanged"].filter((k) => k in result)
    .map((k) => h("li", { class: "item" }, h("span", { class: "item-title" }, `${result[k]} ${k}`))),
  (result.warnings || []).map((w) => h("li", { class: "item meta" }, w)));
}

export async function render(body) {
  if (ctx.user.role !== "admin") {
    body.append(empty("Only admins import programs."));
    return;
  }
  const slug = h("input", { name: "slug", value: ctx.slug || "", required: true, pattern: "[a-z0-9-]+" });
  const conferenceName = h("input", { name: "name" });
  const zone = h("input", { name: "timezone", placeholder: "e.g. America/New_York" });
  const format = select("format", FORMATS, "");
  const file = h("input", { type: "file", name: "file", required: true, accept: ".csv,.ics,.xml,.json,text/csv,text/calendar" });
  const out = h("div", { "aria-live": "polite" });
  const formData = () => {
    const data = new FormData();
    data.append("file", file.files[0]);
    for (const [key, input] of [["name", conferenceName], ["timezone", zone], ["format", format]]) if (input.value) data.append(key, input.value);
    return data;
  };
  const send = async (preview) => {
    if (!file.files[0] || !slug.value) {
      out.replaceChildren(h("p", { class: "error" }, "Choose the conference and a file."));
      return;
    }
    const path = `/conferences/${encodeURIComponent(slug.value.trim())}/imports${preview ? "/preview" : ""}`;
    try {
      const result = await api(path, { method: "POST", form: formData() });
      out.replaceChildren(h("h3", {}, preview ? "Preview: what the import would do" : "Imported"), summary(result));
      if (!preview) program(slug.value.trim(), { fresh: true });
    } catch (error) {
      out.replaceChildren(h("p", { class: "error" }, preview && error.status === 404
        ? "This server has no import preview yet: Import applies the file directly (an import is all or nothing)." : explain(error, "Importing")));
    }
  };
  body.append(h("form", { class: "card form", onsubmit: (event) => { event.preventDefault(); send(false); } },
    field("Conference (short name in links)", slug), field("Conference name (first import)", conferenceName),
    field("Time zone (when the file states none)", zone), field("Format", format), field("Program file", file),
    h("div", { class: "row" }, h("button", { type: "button", class: "button", onclick: () => send(true) }, "Preview"),
      h("button", { type: "submit", class: "button primary" }, "Import"))), out);
}
