// The user's own agenda items (a meeting the program does not list): those of a conference, the targeted
// sessions each overlaps, and wall-clock times typed in the conference's zone turned into moments.
import { agenda } from "./program.js";
import { records } from "./sync.js";
import { dayOf } from "./ui.js";

/** The user's own items at a conference, soonest first. */
export async function ownItems(slug) {
  return (await records("agenda-items")).filter((item) => item.conference === slug)
    .sort((a, b) => Date.parse(a.starts_at) - Date.parse(b.starts_at));
}

/** The targeted sessions still scheduled that overlap an item (touching ends do not), as the API's agenda has them. */
export function overlaps(item, prog, targets) {
  if (!prog) return [];
  const { reasons } = agenda(prog, targets);
  const starts = Date.parse(item.starts_at), ends = Date.parse(item.ends_at);
  return prog.sessions.filter((s) => reasons.has(s.id) && s.status !== "cancelled"
    && Date.parse(s.starts_at) < ends && starts < Date.parse(s.ends_at));
}

/** The moment (ISO, UTC) a day (YYYY-MM-DD) and time (HH:MM) show on a clock in `zone`. */
export function momentIn(day, time, zone) {
  const wall = Date.parse(`${day}T${time}:00Z`);
  let guess = wall;
  // The zone's offset at the guess, applied twice: right on both sides of a daylight-saving change.
  for (let i = 0; i < 2; i += 1) guess = wall - offsetAt(guess, zone);
  return new Date(guess).toISOString();
}

const clocks = new Map();
function offsetAt(moment, zone) {
  if (!clocks.has(zone)) {
    clocks.set(zone, new Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit",
      day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" }));
  }
  const parts = Object.fromEntries(clocks.get(zone).formatToParts(new Date(moment)).map((p) => [p.type, p.value]));
  const shown = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second);
  return shown - Math.floor(moment / 1000) * 1000;
}

/** The day (YYYY-MM-DD) and time (HH:MM) a moment shows on a clock in `zone`, for the form's inputs. */
export function clockIn(iso, zone) {
  const shifted = new Date(Date.parse(iso) + offsetAt(Date.parse(iso), zone)).toISOString();
  return { day: dayOf(iso, zone), time: shifted.slice(11, 16) };
}
