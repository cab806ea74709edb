// A scanned card on its way from the Scan screen to the Met someone form: kept in memory only, taken once.
let pending = null;

/** Keep the server's prefill (POST /me/contacts/from-card) for the form to take. */
export function keep(prefill) {
  pending = prefill;
}

/** The prefill waiting for the form, once; null when nothing was scanned. */
export function take() {
  const prefill = pending;
  pending = null;
  return prefill;
}
