// Schedule: day tabs, search, track and kind filters, stars. Only the rows on screen (and a page beyond)
// are in the DOM, so 2,000 sessions filter and scroll as fast as 20.
import { ctx, currentProgram, zoneOf } from "../context.js";
import { agenda } from "../program.js";
import { newId } from "../store.js";
import { destroy, records, save } from "../sync.js";
import { empty, field, formatTime, h, select, sheet } from "../ui.js";

export const name = "schedule";
export const title = "Schedule";
const PAGE = 30;
const state = { day: null, q: "", track: "", kind: "", mine: false };

/** Star or unstar a session (a session target). */
export async function toggleStar(session, targets) {
  const existing = targets.find((t) => t.kind === "session" && t.session_id === session.id);
  if (existing) return destroy("targets", existing);
  return save("targets", { id: newId(), kind: "session", session_id: session.id, name: session.title, conference: ctx.slug, priority: "should" });
}

/** Make a speaker a target, or stop targeting them. */
export async function toggleSpeaker(speaker, targets) {
  const existing = targets.find((t) => t.kind === "speaker" && t.speaker_id === speaker.id);
  if (existing) return destroy("targets", existing);
  return save("targets", { id: newId(), kind: "speaker", speaker_id: speaker.id, name: speaker.name, affiliation: speaker.affiliation || "",
    conference: ctx.slug, priority: "should" });
}

export async function render(body) {
  const prog = await currentProgram().catch(() => null);
  if (!prog) {
    body.append(empty("No program is available yet. An admin can import one in Settings."));
    return;
  }
  let targets = await records("targets");
  let marks = agenda(prog, targets);
  const zone = zoneOf(prog);
  if (!prog.days.includes(state.day)) state.day = prog.days[0];

  const list = h("ul", { class: "list sessions", "aria-label": "Sessions" });
  const count = h("p", { class: "meta count-line", "aria-live": "polite" });
  const sentinel = h("div", { class: "sentinel", "aria-hidden": "true" });
  let shown = [];
  let drawn = 0;

  const row = (s) => {
    const starred = marks.starred.has(s.id);
    const why = marks.reasons.get(s.id)?.find((r) => r !== "Starred");
    const cancelled = s.status === "cancelled";
    return h("li", { class: `item session${cancelled ? " cancelled" : ""}` },
      h("div", { class: "when" }, h("strong", {}, formatTime(s.starts_at, zone)), h("span", {}, formatTime(s.ends_at, zone))),
      h("button", { type: "button", class: "what link-button", onclick: () => details(s) },
        h("span", { class: "item-title" }, cancelled ? h("s", {}, s.title) : s.title),
        h("span", { class: "meta" }, [s.room, s.kind].filter(Boolean).join(" · ")),
        cancelled ? h("span", { class: "meta danger" }, "Cancelled") : null,
        why ? h("span", { class: "meta accent" }, `★ ${why}`) : null),
      h("button", { type: "button", class: `star${starred ? " on" : ""}`, "aria-pressed": String(starred),
        "aria-label": `Star ${s.title}`, onclick: async (event) => {
          const item = event.currentTarget.closest("li");
          await toggleStar(s, targets);
          targets = await records("targets");
          marks = agenda(prog, targets);
          item.replaceWith(row(s));
        } }, starred ? "★" : "☆"));
  };

  const more = () => {
    const next = shown.slice(drawn, drawn + PAGE);
    list.append(...next.map(row));
    drawn += next.length;
  };
  const observer = new IntersectionObserver((entries) => { if (entries.some((e) => e.isIntersecting)) more(); }, { rootMargin: "600px" });

  const apply = () => {
    const words = state.q.toLowerCase().split(/\s+/).filter(Boolean);
    shown = prog.sessions.filter((s) => (words.length ? true : s.day === state.day)
      && (!state.track || s.track === state.track) && (!state.kind || s.kind === state.kind)
      && (!state.mine || marks.reasons.has(s.id)) && words.every((w) => s.text.includes(w)));
    count.textContent = `${shown.length} session${shown.length === 1 ? "" : "s"}${words.length ? " on all days" : ""}`;
    list.replaceChildren();
    drawn = 0;
    more();
    if (!shown.length) list.append(h("li", { class: "empty" }, "Nothing matches. Try fewer words or another filter."));
  };

  const details = (s) => {
    const speakerButtons = s.speakers.map((sp) => {
      const on = marks.speakerIds.has(sp.id);
      return h("li", { class: "item" }, h("div", { class: "what" }, h("span", { class: "item-title" }, sp.name),
        h("span", { class: "meta" }, [sp.credentials, sp.affiliation].filter(Boolean).join(" · "))),
        h("button", { type: "button", class: `button small${on ? " primary" : ""}`, "aria-pressed": String(on), onclick: async () => {
          await toggleSpeaker(sp, targets);
          targets = await records("targets");
          marks = agenda(prog, targets);
          details(s);
          apply();
        } }, on ? "Target ✓" : "Target speaker"));
    });
    const starred = marks.starred.has(s.id);
    sheet(s.title,
      h("p", { class: "meta" }, `${formatTime(s.starts_at, zone, "dayTime")}–${formatTime(s.ends_at, zone)} · ${s.room || "Room to be announced"}`),
      s.status === "cancelled" ? h("p", { class: "danger" }, "This session is cancelled.") : null,
      h("p", { class: "meta" }, [s.code, s.track, s.kind].filter(Boolean).join(" · ")),
      h("button", { type: "button", class: `button${starred ? "" : " primary"}`, "aria-pressed": String(starred), onclick: async () => {
        await toggleStar(s, targets);
        targets = await records("targets");
        marks = agenda(prog, targets);
        details(s);
        apply();
      } }, starred ? "★ Starred" : "☆ Star this session"),
      h("a", { class: "button", href: `#/met/session/${s.id}` }, "Met someone here"),
      s.abstract ? h("p", {}, s.abstract) : null,
      s.speakers.length ? h("h3", {}, "Speakers") : null,
      h("ul", { class: "list" }, speakerButtons));
  };

  const dayTabs = h("div", { class: "daytabs", role: "group", "aria-label": "Day" }, prog.days.map((day) => h("button", {
    type: "button", class: "daytab", "aria-pressed": String(day === state.day), onclick: (event) => {
      state.day = day;
      for (const b of dayTabs.children) b.setAttribute("aria-pressed", String(b === event.currentTarget));
      apply();
    } }, formatTime(`${day}T12:00:00Z`, "UTC", "day"))));
  let timer;
  const search = h("input", { type: "search", name: "q", value: state.q, placeholder: "Title, speaker, program, room", enterkeyhint: "search",
    oninput: () => { clearTimeout(timer); timer = setTimeout(() => { state.q = search.value; apply(); }, 120); } });
  const track = select("track", [["", "All tracks"], ...prog.tracks.map((t) => [t, t])], state.track, { onchange: () => { state.track = track.value; apply(); } });
  const kind = select("kind", [["", "All kinds"], ...prog.kinds.map((k) => [k, k])], state.kind, { onchange: () => { state.kind = kind.value; apply(); } });
  const mine = h("input", { type: "checkbox", class: "switch", checked: state.mine, onchange: () => { state.mine = mine.checked; apply(); } });

  body.append(dayTabs,
    h("div", { class: "filters" }, field("Search sessions", search, null, { quiet: true }),
      h("div", { class: "compact-row" }, field("Track", track, null, { quiet: true }), field("Kind", kind, null, { quiet: true })),
      h("div", { class: "filters-foot" }, count, h("label", { class: "toggle" }, mine, h("span", {}, "My agenda")))),
    list, sentinel);
  apply();
  observer.observe(sentinel);
}
