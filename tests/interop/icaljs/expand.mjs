// Expands an iCalendar file with ical.js (the engine of Thunderbird) and
// prints every instance as JSON: [start, end, summary], times in UTC
// (ISO 8601), dates as YYYY-MM-DD. Overrides are related to their master by
// UID, as Thunderbird does (ical.js alone relates every override in the
// calendar to every event).
import fs from 'node:fs';
import ICAL from 'ical.js';

const calendar = new ICAL.Component(ICAL.parse(fs.readFileSync(process.argv[2], 'utf8')));
for (const zone of calendar.getAllSubcomponents('vtimezone')) {
  ICAL.TimezoneService.register(zone);
}
const masters = new Map();
const overrides = [];
for (const component of calendar.getAllSubcomponents('vevent')) {
  const event = new ICAL.Event(component, { exceptions: [] });
  if (event.isRecurrenceException()) overrides.push(event);
  else masters.set(event.uid, event);
}
for (const event of overrides) masters.get(event.uid).relateException(event);

const show = (t) => (t.isDate ? t.toString() : t.toJSDate().toISOString());
const out = [];
for (const event of masters.values()) {
  if (!event.isRecurring()) {
    out.push([show(event.startDate), show(event.endDate), event.summary]);
    continue;
  }
  const it = event.iterator();
  for (let next = it.next(), n = 0; next && n < 100000; next = it.next(), n++) {
    const details = event.getOccurrenceDetails(next);
    out.push([show(details.startDate), show(details.endDate), details.item.summary]);
  }
}
process.stdout.write(JSON.stringify(out));
