// The conference program (sessions, speakers, programs), fetched a page at a time; the service worker
// keeps a copy and revalidates it with ETag, so it loads offline and costs a 304 when unchanged.
import { api } from "./api.js";
import { dayOf } from "./ui.js";

const loaded = new Map();
const PAGE = 200;
// After this long the program is asked for again (a few 304s when nothing changed).
const FRESH_MS = 10 * 60 * 1000;
// On a first visit the program waits at most this long for the service worker to take over.
const WORKER_WAIT_MS = 5000;

async function everyPage(path) {
  const joiner = path.includes("?") ? "&" : "?";
  const first = await api(`${path}${joiner}per_page=${PAGE}&page=1`);
  const pages = Math.ceil(first.total / PAGE);
  const rest = await Promise.all(Array.from({ length: Math.max(0, pages - 1) }, (_, i) =>
    api(`${path}${joiner}per_page=${PAGE}&page=${i + 2}`)));
  return [first, ...rest].flatMap((page) => page.items);
}

/** The conferences, latest first. */
export async function conferences() {
  return (await api("/conferences?per_page=50")).items;
}

/** The conference in progress (by the day in its own zone), else the next to start, else the one that ended
 * last; undated ones only when no other is listed. */
export function nowOrNext(list, now = new Date()) {
  const dated = list.filter((c) => c.starts_on);
  const last = (c) => c.ends_on || c.starts_on;
  // Any zone's date is within a day of UTC's: a conference that starts after `latest` or ended before
  // `earliest` compares the same with that bound as with its own today, worked out without the browser's
  // time-zone data (whose first use costs a slow phone some 50 ms).
  const utc = Date.parse(now.toISOString().slice(0, 10));
  const [earliest, latest] = [-1, 1].map((days) => new Date(utc + days * 86400000).toISOString().slice(0, 10));
  const today = (c) => (c.starts_on > latest ? latest : last(c) < earliest ? earliest
    : dayOf(now.toISOString(), c.timezone));
  const on = dated.filter((c) => c.starts_on <= today(c) && today(c) <= last(c));
  const next = dated.filter((c) => c.starts_on > today(c)).sort((a, b) => a.starts_on.localeCompare(b.starts_on));
  const past = dated.filter((c) => last(c) < today(c)).sort((a, b) => last(b).localeCompare(last(a)));
  return on[0] || next[0] || past[0] || list[0] || null;
}

/** A conference's program with search text, days, tracks and kinds worked out once. */
export function program(slug, { fresh = false } = {}) {
  const known = loaded.get(slug);
  if (known && !fresh && Date.now() - known.at < FRESH_MS) return known.promise;
  const promise = build(slug);
  if (known && !fresh) {
    // Refreshed in the background: screens keep the copy they have until the new one is complete.
    known.at = Date.now();
    promise.then(() => loaded.set(slug, { promise, at: Date.now() }), () => {});
    return known.promise;
  }
  loaded.set(slug, { promise, at: Date.now() });
  promise.catch(() => { if (loaded.get(slug)?.promise === promise) loaded.delete(slug); });
  return promise;
}

/** On a first visit, wait until the service worker controls the page, so that it keeps the program for
 * offline use. A repeat visit, a browser without one or a worker that will not take over waits for nothing. */
async function controlled() {
  const workers = navigator.serviceWorker;
  if (!workers || workers.controller) return;
  const registration = await workers.getRegistration();
  if (workers.controller || registration?.active) return; // active but not in control: after a hard reload
  await new Promise((resolve) => {
    workers.addEventListener("controllerchange", resolve, { once: true });
    setTimeout(resolve, WORKER_WAIT_MS);
  });
}

async function build(slug) {
  await controlled();
  const [conference, sessions, programs] = await Promise.all([
    api(`/conferences/${encodeURIComponent(slug)}`),
    everyPage(`/conferences/${encodeURIComponent(slug)}/sessions`),
    everyPage("/programs").catch(() => []),
  ]);
  const speakers = new Map();
  const tracks = new Set();
  const kinds = new Set();
  const days = new Set();
  for (const session of sessions) {
    session.day = session.starts_at.slice(0, 10); // local times carry the conference's offset
    days.add(session.day);
    if (session.track) tracks.add(session.track);
    if (session.kind) kinds.add(session.kind);
    for (const speaker of session.speakers) {
      if (!speakers.has(speaker.id)) speakers.set(speaker.id, { ...speaker, sessions: [] });
      speakers.get(speaker.id).sessions.push(session);
    }
    session.text = [session.title, session.code, session.room, session.track, session.kind,
      ...session.speakers.flatMap((s) => [s.name, s.affiliation])].join(" ").toLowerCase();
  }
  return {
    conference,
    sessions,
    sessionsById: new Map(sessions.map((s) => [s.id, s])),
    speakers,
    programs: new Map(programs.map((p) => [p.id, p])),
    days: [...days].sort(),
    tracks: [...tracks].sort(),
    kinds: [...kinds].sort(),
  };
}

/** Which sessions are on the user's agenda, and why: starred, a target speaker, or a target program. */
export function agenda(prog, targets) {
  const starred = new Set();
  const speakerIds = new Set();
  const programIds = new Set();
  for (const target of targets) {
    if (target.kind === "session") starred.add(target.session_id);
    if (target.kind === "speaker") speakerIds.add(target.speaker_id);
    if (target.kind === "program") programIds.add(target.program_id);
  }
  const reasons = new Map();
  for (const session of prog.sessions) {
    const why = [];
    if (starred.has(session.id)) why.push("Starred");
    for (const speaker of session.speakers) {
      if (speakerIds.has(speaker.id)) why.push(`Target speaker: ${speaker.name}`);
      else if (programIds.has(speaker.program_id)) why.push(`Target program: ${speaker.affiliation}`);
    }
    if (why.length) reasons.set(session.id, why);
  }
  return { starred, speakerIds, programIds, reasons };
}
