// The top bar's sync indicator: offline, changes waiting, conflicts to review; a tap syncs or opens the review.
import { ctx } from "./context.js";
import { redraw } from "./router.js";
import * as sync from "./sync.js";

let drawnVersion = "";

/** Keep the indicator up to date from now on. */
export function watchSync() {
  sync.subscribe(show);
  // The review loads when first opened (the shell keeps it offline): the first screen does not wait for it.
  document.getElementById("status").addEventListener("click", () => (sync.status.conflicts
    ? import("./conflicts.js").then((module) => module.reviewConflicts()) : sync.flush()));
}

function show(status) {
  const button = document.getElementById("status");
  const parts = [];
  if (!status.online) parts.push("Offline");
  else if (status.syncing && status.waiting) parts.push("Syncing");
  if (status.waiting) parts.push(`${status.waiting} waiting`);
  if (status.conflicts) parts.push(`${status.conflicts} to review`);
  button.hidden = !ctx.user || parts.length === 0;
  button.setAttribute("aria-busy", String(status.syncing));
  button.textContent = parts.join(" · ");
  button.className = `status${status.conflicts ? " status-alert" : status.online ? "" : " status-offline"}`;
  button.setAttribute("aria-label", `${parts.join(", ")}. ${status.conflicts ? "Review conflicts" : "Sync now"}`);
  // Live screens redraw after a change of the phone's records: a write queued or sent, a conflict, a
  // record received (a sync that changed nothing redraws nothing).
  const version = `${status.waiting}|${status.conflicts}|${status.received}`;
  if (status.syncing || version === drawnVersion) return;
  drawnVersion = version;
  redraw({ always: false });
}
