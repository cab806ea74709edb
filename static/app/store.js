// IndexedDB: the user's records, the queue of changes waiting for the network, conflicts, and settings.

export const KINDS = ["contacts", "encounters", "followups", "targets", "agenda-items", "questions", "letters", "milestones"];
const DB_NAME = "conference";
let opening;

function db() {
  opening ||= new Promise((resolve, reject) => {
    // Version 2 added agenda items and questions, version 3 letters and milestones: an upgrade creates only the
    // stores a phone lacks.
    const request = indexedDB.open(DB_NAME, 3);
    request.onupgradeneeded = (event) => {
      const database = request.result;
      const missing = (name) => !database.objectStoreNames.contains(name);
      for (const kind of KINDS.filter(missing)) database.createObjectStore(kind, { keyPath: "id" });
      if (missing("queue")) database.createObjectStore("queue", { keyPath: "seq", autoIncrement: true });
      if (missing("conflicts")) database.createObjectStore("conflicts", { keyPath: "seq", autoIncrement: true });
      if (missing("meta")) database.createObjectStore("meta");
      // Earlier pulls skipped the kinds a phone had no store for: read the changes feed from the start.
      if (event.oldVersion) request.transaction.objectStore("meta").delete("cursor");
    };
    request.onsuccess = () => {
      // Another tab upgrading the database waits for this one to let go.
      request.result.onversionchange = () => request.result.close();
      resolve(request.result);
    };
    request.onerror = () => reject(request.error);
  });
  return opening;
}

function done(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** Run `work(stores)` in one transaction over the named stores; resolves when it commits. */
export async function transaction(names, work, mode = "readwrite") {
  const tx = (await db()).transaction(names, mode);
  const committed = new Promise((resolve, reject) => {
    tx.oncomplete = resolve;
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
  const stores = Object.fromEntries(names.map((name) => [name, tx.objectStore(name)]));
  const result = await work(stores, done);
  await committed;
  return result;
}

export async function all(name) {
  return transaction([name], (s) => done(s[name].getAll()), "readonly");
}

export async function get(name, key) {
  return transaction([name], (s) => done(s[name].get(key)), "readonly");
}

export async function put(name, value, key) {
  return transaction([name], (s) => done(key === undefined ? s[name].put(value) : s[name].put(value, key)));
}

export async function remove(name, key) {
  return transaction([name], (s) => done(s[name].delete(key)));
}

export async function meta(key) {
  return get("meta", key);
}

/** Several settings in one read (the first screen waits for them). */
export async function metas(...keys) {
  return transaction(["meta"], (s) => Promise.all(keys.map((key) => done(s.meta.get(key)))), "readonly");
}

export async function setMeta(key, value) {
  return put("meta", value, key);
}

/** Forget everything of this user on this device (log out, account deleted). */
export async function wipe() {
  const names = [...KINDS, "queue", "conflicts", "meta"];
  return transaction(names, (s) => Promise.all(names.map((name) => done(s[name].clear()))));
}

/** A new record id, made on the phone so a retried write finds its record. */
export function newId() {
  return crypto.randomUUID();
}
