// Reads an iCalendar feed from stdin with ical.js, the library inside Thunderbird and Nextcloud, the way they
// do (the feed's VTIMEZONEs registered by TZID), and prints as JSON each event's starts in UTC, repeats
// expanded, from argv[3] until argv[4], and each task's due time.
// Usage: node icaljs_read.mjs PATH/TO/ical.js 2025-01-01T00:00:00Z 2032-01-01T00:00:00Z < feed.ics
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const ICAL = (await import(pathToFileURL(process.argv[2]).href)).default;
const [from, until] = process.argv.slice(3, 5).map((text) => ICAL.Time.fromDateTimeString(text));
const root = new ICAL.Component(ICAL.parse(readFileSync(0, "utf8")));
for (const zone of root.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(zone);
}
const utc = (time) => time.convertToZone(ICAL.Timezone.utcTimezone).toString();
const found = {};
for (const component of root.getAllSubcomponents("vevent")) {
  const event = new ICAL.Event(component);
  const starts = (found[event.uid] = []);
  const repeats = event.iterator();
  for (let start = repeats.next(); start && start.compare(until) < 0; start = repeats.next()) {
    if (start.compare(from) >= 0) starts.push(utc(start));
  }
}
for (const component of root.getAllSubcomponents("vtodo")) {
  found[component.getFirstPropertyValue("uid")] = [utc(component.getFirstPropertyValue("due"))];
}
process.stdout.write(JSON.stringify(found));
