// Offline-first writes: every change is saved on the phone, queued, and replayed in order through the
// sync protocol (PUT to the phone's id with If-Match). Conflicts wait for the user; nothing is dropped.
import { api, ApiError, Offline } from "./api.js";
import * as store from "./store.js";

// `received` counts the records the server has sent since the page opened: screens redraw when it moves.
export const status = { online: navigator.onLine, syncing: false, waiting: 0, conflicts: 0, received: 0 };
const listeners = new Set();
const inFlight = new Set();
let running = null;
let again = false;
let retryTimer;

/** Call `fn(status)` whenever records, the queue or the connection change. */
export function subscribe(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

async function changed() {
  [status.waiting, status.conflicts] = await store.transaction(["queue", "conflicts"],
    (s, done) => Promise.all([done(s.queue.count()), done(s.conflicts.count())]), "readonly");
  for (const fn of listeners) fn(status);
}

function setOnline(online) {
  status.online = online;
  clearTimeout(retryTimer);
  if (!online) retryTimer = setTimeout(flush, 10000); // the Wi-Fi may be up while the network is not
}

/** What the server stores of a record: everything but the phone's own bookkeeping. */
function bodyFor(kind, record) {
  const body = Object.fromEntries(Object.entries(record).filter(([key]) => !key.startsWith("_")));
  // A default title is made from the contact's name: sent back as shown, a stale name would stick.
  if (kind === "followups" && record.title_is_default) delete body.title;
  // Likewise a default warmth: it follows what the user does (met, replied) until they choose one.
  if (kind === "contacts" && record.warmth_is_default) delete body.warmth;
  if (kind !== "targets") return body;
  const idField = { speaker: "speaker_id", program: "program_id", session: "session_id" }[record.kind];
  const keep = ["kind", "priority", "conference", "note", "why", "recommended_by",
    ...(idField ? [idField] : ["name", "affiliation"])];
  return Object.fromEntries(keep.filter((key) => body[key] !== undefined && body[key] !== null).map((key) => [key, body[key]]));
}

/** Save a record on the phone and queue its write; edits to a change not yet sent join it (one write). */
export async function save(kind, record) {
  await store.transaction([kind, "queue"], async (s, done) => {
    const waiting = (await done(s.queue.getAll())).filter((e) => e.kind === kind && e.id === record.id);
    const last = waiting.at(-1);
    // A copy made before the phone's own first write of the record came back has no version yet: the stored
    // copy has it (a record made on this phone cannot have one from elsewhere).
    const version = record.version ?? (await done(s[kind].get(record.id)))?.version ?? null;
    if (last && last.op === "put" && !inFlight.has(last.seq)) s.queue.put({ ...last, body: bodyFor(kind, record) });
    else s.queue.add({ kind, id: record.id, op: "put", body: bodyFor(kind, record), ifMatch: version });
    s[kind].put({ ...record, version, _pending: true });
  });
  await changed();
  flush();
  return record;
}

/** Delete a record; one the server never saw is simply forgotten. */
export async function destroy(kind, record) {
  await store.transaction([kind, "queue"], async (s, done) => {
    const waiting = (await done(s.queue.getAll())).filter((e) => e.kind === kind && e.id === record.id);
    const sent = record.version != null || waiting.some((e) => inFlight.has(e.seq));
    for (const entry of waiting) if (!inFlight.has(entry.seq)) s.queue.delete(entry.seq);
    if (sent) s.queue.add({ kind, id: record.id, op: "delete", ifMatch: record.version ?? null });
    s[kind].delete(record.id);
  });
  await changed();
  flush();
}

/** Send the queue, oldest first, then bring the phone's copy up to date; asked again meanwhile, go round again. */
export function flush() {
  if (running) {
    again = true;
    return running;
  }
  running = (async () => {
    status.syncing = true;
    await changed();
    try {
      do {
        again = false;
        await sendQueue();
        await pull();
      } while (again);
      setOnline(true);
    } catch (error) {
      if (!(error instanceof Offline)) throw error;
      setOnline(false);
    } finally {
      status.syncing = false;
      running = null;
      await changed();
    }
  })();
  return running;
}

async function sendQueue() {
  for (;;) {
    const [entry] = await store.all("queue");
    if (!entry) return;
    inFlight.add(entry.seq);
    try {
      await send(entry);
    } finally {
      inFlight.delete(entry.seq);
    }
    await changed();
  }
}

async function send(entry) {
  const path = `/me/${entry.kind}/${entry.id}`;
  const headers = entry.ifMatch != null ? { "If-Match": `"${entry.ifMatch}"` } : {};
  try {
    if (entry.op === "delete") {
      await api(path, { method: "DELETE", headers }).catch((error) => {
        if (!(error instanceof ApiError && (error.status === 404 || error.status === 410))) throw error;
      });
      return settle(entry, null);
    }
    return settle(entry, await write(entry, path, headers));
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    const stored = error.body?.error?.current;
    // Marked as a target on another device already: that target is the one to keep.
    if (error.status === 409 && stored?.id && stored.id !== entry.id) return settle(entry, stored);
    if ([409, 412, 428].includes(error.status)) return park(entry, "conflict", stored ?? await current(path));
    return park(entry, "problem", null, error.message);
  }
}

/** PUT the whole record; servers without PUT for targets get POST (create) or PATCH (change). */
async function write(entry, path, headers) {
  try {
    return await api(path, { method: entry.op === "patch" ? "PATCH" : "PUT", body: entry.body, headers });
  } catch (error) {
    if (!(entry.kind === "targets" && error instanceof ApiError && (error.status === 404 || error.status === 405))) throw error;
    if (entry.ifMatch == null) return api("/me/targets", { method: "POST", body: { ...entry.body, id: entry.id } });
    const { priority, note, why } = entry.body;
    return api(path, { method: "PATCH", body: { priority, note, why }, headers });
  }
}

async function current(path) {
  return api(path).catch(() => null);
}

/** A write reached the server: keep its version, and base later edits of the record on it. */
async function settle(entry, saved) {
  await store.transaction([entry.kind, "queue"], async (s, done) => {
    s.queue.delete(entry.seq);
    const later = (await done(s.queue.getAll())).filter((e) => e.seq !== entry.seq && e.kind === entry.kind && e.id === entry.id);
    if (!saved) return;
    for (const next of later) s.queue.put({ ...next, ifMatch: saved.version });
    // A target marked on another device too comes back as that one: keep it, forget the phone's copy.
    if (saved.id !== entry.id) s[entry.kind].delete(entry.id);
    if (later.length) {
      const local = await done(s[entry.kind].get(entry.id));
      if (local) s[entry.kind].put({ ...local, version: saved.version });
    } else {
      s[entry.kind].put(saved);
    }
  });
}

/** Move a write the server refused out of the queue, for the user to decide (never dropped). */
async function park(entry, type, theirs, message) {
  await store.transaction(["queue", "conflicts"], async (s) => {
    s.queue.delete(entry.seq);
    s.conflicts.add({ type, kind: entry.kind, id: entry.id, op: entry.op, mine: entry.body ?? null, theirs, message });
  });
}

/** Settle a conflict: keep my version (sent again over theirs) or theirs (mine is discarded). */
export async function resolve(conflict, keep) {
  await store.transaction([conflict.kind, "queue", "conflicts"], async (s) => {
    s.conflicts.delete(conflict.seq);
    const theirs = conflict.theirs && !conflict.theirs.deleted_at ? conflict.theirs : null;
    if (keep === "mine" && conflict.op === "delete") {
      s.queue.add({ kind: conflict.kind, id: conflict.id, op: "delete", ifMatch: theirs?.version ?? null });
      s[conflict.kind].delete(conflict.id);
    } else if (keep === "mine" && conflict.mine) {
      const record = { ...(theirs || {}), ...conflict.mine, version: theirs?.version ?? null, _pending: true };
      s.queue.add({ kind: conflict.kind, id: conflict.id, op: "put", body: bodyFor(conflict.kind, record), ifMatch: theirs?.version ?? null });
      s[conflict.kind].put(record);
    } else if (theirs) {
      s[conflict.kind].put(theirs);
    } else {
      s[conflict.kind].delete(conflict.id);
    }
  });
  await changed();
  return flush();
}

/** Bring the phone's records up to date from the changes feed, keeping what still waits to be sent. */
export async function pull() {
  let cursor = await store.meta("cursor");
  for (;;) {
    const page = await api(`/me/changes${cursor ? `?since=${encodeURIComponent(cursor)}` : ""}`);
    await store.transaction([...store.KINDS, "queue", "conflicts", "meta"], async (s, done) => {
      const queued = await done(s.queue.getAll());
      const parked = await done(s.conflicts.getAll());
      const waiting = new Set([...queued, ...parked].map((e) => e.id));
      for (const kind of store.KINDS) {
        for (const record of page[kind] || []) {
          if (waiting.has(record.id)) continue;
          if (record.deleted_at) s[kind].delete(record.id);
          else s[kind].put(record);
          status.received += 1;
        }
      }
      s.meta.put(page.cursor, "cursor");
    });
    cursor = page.cursor;
    if (!page.more) break;
  }
  await changed();
}

/** Records of a kind as the phone has them (waiting changes included). */
export async function records(kind) {
  return (await store.all(kind)).filter((record) => !record.deleted_at);
}

window.addEventListener("online", () => { status.online = true; flush(); });
window.addEventListener("offline", () => { setOnline(false); changed(); });
document.addEventListener("visibilitychange", () => { if (document.visibilityState === "visible") flush(); });
export { changed as refreshStatus };
