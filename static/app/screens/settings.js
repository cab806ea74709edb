// Settings: profile and introduction, goals, follow-up window, zone, conference, calendar, summary,
// sessions, password, export, delete account. Endpoints a server lacks are explained, not hidden.
import { api, explain } from "../api.js";
import { ctx, setConference, setUser } from "../context.js";
import { signedOut } from "../router.js";
import { conferences } from "../program.js";
import { copy, field, h, select, toast } from "../ui.js";
import { downloads } from "../downloads.js";

export const name = "settings";
export const title = "Settings";

function section(heading, ...content) {
  return h("section", { class: "card form", "aria-label": heading }, h("h2", {}, heading), ...content);
}

function message() {
  return h("p", { class: "note", "aria-live": "polite" });
}

/** Run an API call and say what happened in `out`. */
async function attempt(out, feature, call, success) {
  out.textContent = "";
  try {
    const result = await call();
    if (success) out.textContent = typeof success === "function" ? success(result) : success;
    return result;
  } catch (error) {
    out.textContent = explain(error, feature);
    return undefined;
  }
}

export async function render(body) {
  const user = ctx.user;
  const sections = [profile(user), signature(user), longGame(), await conferencePicker(), calendar(), summary(user), sessions(), password(), downloads(), data(),
    user.role === "admin" ? section("Admin", h("a", { class: "button", href: "#/admin" }, "Import a program")) : null];
  body.append(...sections.filter(Boolean)); // append() would print a missing section as "null"
}

function profile(user) {
  const zones = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [user.timezone];
  const device = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const inputs = {
    name: h("input", { name: "name", value: user.name, required: true, autocomplete: "name" }),
    introduction_short: h("textarea", { name: "introduction_short", rows: 3, maxlength: 300 }, user.introduction_short || ""),
    introduction: h("textarea", { name: "introduction", rows: 5, maxlength: 600 }, user.introduction || ""),
    goal_introduced: h("input", { type: "number", name: "goal_introduced", min: 0, max: 20, value: user.goal_introduced, inputmode: "numeric" }),
    goal_conversations: h("input", { type: "number", name: "goal_conversations", min: 0, max: 20, value: user.goal_conversations, inputmode: "numeric" }),
    goal_followups: h("input", { type: "number", name: "goal_followups", min: 0, max: 20, value: user.goal_followups, inputmode: "numeric" }),
    followup_window_hours: h("input", { type: "number", name: "followup_window_hours", min: 1, max: 336, value: user.followup_window_hours, inputmode: "numeric" }),
    timezone: select("timezone", [...new Set([user.timezone, device, ...zones])].map((z) => [z, z === device ? `${z} (this device)` : z]),
      user.timezone === "UTC" && device ? device : user.timezone),
  };
  const counter = h("span", { class: "hint", "aria-live": "polite" }, `${inputs.introduction.value.length}/600`);
  inputs.introduction.addEventListener("input", () => { counter.textContent = `${inputs.introduction.value.length}/600`; });
  const out = message();
  const form = section("Profile and goals",
    field("Name", inputs.name),
    field("My short introduction", inputs.introduction_short, "15 to 30 seconds: who you are and one interest. Today shows it."),
    field("My 30-second introduction", inputs.introduction, "Who you are, what you are looking for, one specific interest."), counter,
    h("fieldset", { class: "goals-grid" }, h("legend", {}, "Daily 3-2-1 goal"), field("Introduced", inputs.goal_introduced),
      field("Conversations", inputs.goal_conversations), field("Follow-ups", inputs.goal_followups)),
    field("Follow-up window (hours)", inputs.followup_window_hours, "Guidance: follow up within 48–72 hours."),
    field("Time zone", inputs.timezone),
    h("button", { type: "submit", class: "button primary" }, "Save settings"), out);
  const el = h("form", { class: "plain" }, form);
  el.addEventListener("submit", async (event) => {
    event.preventDefault();
    const changes = Object.fromEntries(Object.entries(inputs).map(([key, input]) => [key, input.type === "number" ? Number(input.value) : input.value]));
    changes.name = changes.name.trim();
    const saved = await attempt(out, "Saving settings", () => api("/me", { method: "PATCH", body: changes }), "Saved.");
    if (saved) await setUser(saved);
  });
  return el;
}

/** Ways to reach the user a signature may show, in its order (the server's SIGNATURE_FIELDS). */
const SIGNATURE_FIELDS = [["email", "Email"], ["linkedin_url", "LinkedIn"], ["cv_url", "CV link"], ["phone", "Phone"]];

/** How every draft signs off, as the server writes it: name and degrees, then each chosen way to reach the user. */
function signatureText(user, values, shown) {
  const name = user.credentials ? `${user.name}, ${user.credentials}` : user.name;
  return [name, ...SIGNATURE_FIELDS.filter(([key]) => shown.includes(key)).map(([key]) => values[key]).filter(Boolean)].join("\n");
}

function signature(user) {
  const cv = h("input", { type: "url", name: "cv_url", maxlength: 500, value: user.cv_url || "", placeholder: "https://…/cv.pdf" });
  const boxes = SIGNATURE_FIELDS.map(([key, label]) => h("label", { class: "toggle" },
    h("input", { type: "checkbox", class: "switch", name: "signature_fields", value: key, checked: (user.signature_fields || []).includes(key) }),
    h("span", {}, label)));
  const preview = h("pre", { class: "signature", "aria-live": "polite" });
  const chosen = () => boxes.map((label) => label.firstChild).filter((box) => box.checked).map((box) => box.value);
  const show = () => { preview.textContent = signatureText(ctx.user, { ...ctx.user, cv_url: cv.value.trim() }, chosen()); };
  cv.addEventListener("input", show);
  for (const label of boxes) label.firstChild.addEventListener("change", show);
  show();
  const out = message();
  const form = h("form", { class: "plain" }, section("Signature",
    h("p", {}, "Every email draft ends with your name and degrees, then what you choose here. Phone and LinkedIn come from your card."),
    field("Link to my CV", cv, "Letter writers and mentors can open it from any draft"),
    h("fieldset", {}, h("legend", {}, "Show in my signature"), ...boxes),
    h("h3", {}, "Preview"), preview,
    h("button", { type: "submit", class: "button primary" }, "Save signature"), out));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const saved = await attempt(out, "Saving the signature",
      () => api("/me", { method: "PATCH", body: { cv_url: cv.value.trim(), signature_fields: chosen() } }), "Saved.");
    if (saved) await setUser(saved);
  });
  return form;
}

function longGame() {
  return section("The long game", h("p", {}, "Letters of recommendation step by step, and the milestones your mentors want to hear about."),
    h("a", { class: "button", href: "#/longgame" }, "Letters and milestones"));
}

async function conferencePicker() {
  const list = await conferences().catch(() => []);
  if (!list.length) return null;
  const picker = select("conference", list.map((c) => [c.slug, c.name]), ctx.slug, {
    onchange: async () => { await setConference(picker.value); toast("Conference changed"); } });
  return section("Conference", field("Show the program of", picker));
}

function calendar() {
  const out = message();
  const links = h("div", { class: "stack" });
  const show = (feed) => {
    if (!feed) return;
    if (!feed.url) {
      // The link is shown once, when made; a lost link is replaced (the old one stops working).
      links.replaceChildren(h("p", {}, "You already subscribed. Lost the link? A new one replaces it and the old one stops working."),
        h("button", { type: "button", class: "button", onclick: async () => show(await attempt(out, "A new calendar link",
          () => api("/me/calendar-feed/rotate", { method: "POST", body: {} }))) }, "Make a new link"));
      return;
    }
    links.replaceChildren(h("a", { class: "button primary", href: feed.webcal_url || feed.url }, "Subscribe in Calendar"),
      h("button", { type: "button", class: "button", onclick: () => copy(feed.url, "Link copied") }, "Copy link for Google Calendar"));
  };
  return section("Calendar",
    h("p", {}, "Subscribe once and your agenda and follow-ups appear in your phone’s calendar."),
    h("p", { class: "note" }, "Calendars refresh subscriptions on their own schedule: Apple Calendar about every 15 minutes to an hour, Google Calendar only every several hours (up to a day), and Google and Outlook ignore to-dos and alarms. For a change you need now, check this app."),
    h("button", { type: "button", class: "button", onclick: async () => show(await attempt(out, "The calendar feed",
      () => api("/me/calendar-feed", { method: "POST", body: {} }))) }, "Get my calendar link"), links, out);
}

function summary(user) {
  const out = message();
  const optOut = h("input", { type: "checkbox", class: "switch", name: "summary_opt_out", checked: Boolean(user.summary_opt_out), onchange: async () => {
    const saved = await attempt(out, "The summary setting", () => api("/me", { method: "PATCH", body: { summary_opt_out: optOut.checked } }), "Saved.");
    if (saved) await setUser(saved);
    else optOut.checked = !optOut.checked;
  } });
  return section("Summary email",
    h("p", {}, "After the meeting you get one email: who you met, what you promised, what is still open."),
    h("label", { class: "toggle" }, optOut, h("span", {}, "Don’t send me the summary")),
    h("button", { type: "button", class: "button", onclick: async () => {
      if (!ctx.slug) return;
      const url = `/me/summary/${encodeURIComponent(ctx.slug)}.html`;
      const response = await fetch(url, { credentials: "same-origin" }).catch(() => null);
      if (response?.ok) window.open(url, "_blank", "noopener");
      else out.textContent = response ? "The summary preview is not available on this server yet." : "The preview needs a connection.";
    } }, "Preview my summary"), out);
}

function sessions() {
  const out = message();
  const list = h("ul", { class: "list" });
  const load = async (said) => {
    const page = await attempt(out, "The list of signed-in devices", () => api("/me/sessions"), said);
    list.replaceChildren(...(page?.items || []).map((s) => h("li", { class: "item" },
      h("div", { class: "what" }, h("span", { class: "item-title" }, s.user_agent || "A device"),
        h("span", { class: "meta" }, [s.current ? "This device" : null, new Date(s.last_seen_at || s.created_at).toLocaleString()].filter(Boolean).join(" · "))),
      s.current ? null : h("button", { type: "button", class: "button small", onclick: async () => {
        const ended = await attempt(out, "Logging that device out", () => api(`/me/sessions/${encodeURIComponent(s.id)}`, { method: "DELETE" }));
        if (ended !== undefined) load("That device is logged out.");
      } }, "Log out"))));
  };
  // Like a lost phone's owner expects: every other device is logged out, this one stays signed in.
  return section("Signed-in devices",
    h("div", { class: "row" }, h("button", { type: "button", class: "button", onclick: () => load() }, "Show devices"),
      h("button", { type: "button", class: "button", onclick: async () => {
        if (!confirm("Log out on every other device? This phone stays signed in.")) return;
        const done = await attempt(out, "Logging out everywhere else", () => api("/me/sessions", { method: "DELETE" }));
        if (done !== undefined) load("Every other device is logged out.");
      } }, "Log out everywhere else")),
    list,
    h("button", { type: "button", class: "button", onclick: async () => {
      await api("/auth/logout", { method: "POST" }).catch(() => {});
      await signedOut();
    } }, "Log out on this phone"), out);
}

function password() {
  const current = h("input", { type: "password", name: "current_password", autocomplete: "current-password" });
  const next = h("input", { type: "password", name: "new_password", autocomplete: "new-password", minlength: 10 });
  const out = message();
  const form = h("form", { class: "plain" }, section("Password", field("Current password", current), field("New password", next, "At least 10 characters"),
    h("button", { type: "submit", class: "button" }, "Change password"), out));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    await attempt(out, "Changing the password", () => api("/me/password", { method: "POST", body: { current_password: current.value, new_password: next.value } }),
      "Password changed; other devices are logged out.");
  });
  return form;
}

function data() {
  const out = message();
  return section("Your data",
    h("button", { type: "button", class: "button", onclick: async () => {
      const everything = await attempt(out, "Export", () => api("/me/export"));
      if (!everything) return;
      const link = h("a", { href: URL.createObjectURL(new Blob([JSON.stringify(everything, null, 2)], { type: "application/json" })),
        download: "conference-networking-export.json" });
      link.click();
      out.textContent = "Export downloaded.";
    } }, "Export everything (JSON)"),
    h("button", { type: "button", class: "button danger", onclick: async () => {
      const typed = prompt("This deletes your account and everything in it. Type your password to confirm.");
      if (!typed) return;
      const gone = await attempt(out, "Deleting the account", () => api("/me", { method: "DELETE", body: { password: typed } }));
      if (gone !== undefined) await signedOut();
    } }, "Delete my account"), out);
}
