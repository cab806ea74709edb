// The one way the app talks to the server: JSON in and out, errors as ApiError, offline as Offline.

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.error?.message || `The server answered ${status}.`);
    this.status = status;
    this.body = body;
    this.fields = body?.error?.fields || {};
  }
}

/** The network could not be reached (offline, or the conference Wi-Fi dropped the request). */
export class Offline extends Error {}

// A request on conference Wi-Fi can hang rather than fail; after this long it counts as offline.
const TIMEOUT_MS = 20000;
const UPLOAD_TIMEOUT_MS = 180000;

/** Call the API; resolves with the JSON body (null for 204), rejects with ApiError or Offline. */
export async function api(path, { method = "GET", body, headers = {}, form } = {}) {
  const init = { method, headers: { Accept: "application/json", ...headers }, credentials: "same-origin",
    signal: AbortSignal.timeout(form ? UPLOAD_TIMEOUT_MS : TIMEOUT_MS) };
  if (form) init.body = form;
  else if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers["Content-Type"] = "application/json";
  }
  let response;
  try {
    response = await fetch(`/api/v1${path}`, init);
  } catch {
    throw new Offline("No connection");
  }
  const data = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

/** A message for a failed call that never blames the user for a missing feature. */
export function explain(error, feature = "This") {
  if (error instanceof Offline) return `${feature} needs a connection; try again when you are back online.`;
  if (error.status === 404 || error.status === 405) return `${feature} is not available on this server yet.`;
  return error.message;
}
