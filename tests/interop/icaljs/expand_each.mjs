// Expands an iCalendar file with ical.js as expand.mjs does, but reports
// the events ical.js would never finish or refuses: ical.js 2.2.1 loops for
// ever on some rules (FREQ=DAILY;BYMONTHDAY=-1 tries day after day, and its
// UNTIL is only checked once a day matches) and throws on others. An event
// whose iterator tries more than 2,000 candidates (five years of days) for
// one instance is stopped and named in `hung`, one that throws in `failed`,
// each with the instances it gave before. Nothing after the date given as
// the second argument (ISO 8601) is followed: an iterator whose candidates
// pass it ends there (ical.js takes seconds to go through some yearly
// rules' years).
//
//   node expand_each.mjs FILE.ics BEFORE
//
// prints {"instances": [[start, end, summary], ...], "hung": [uid, ...],
// "failed": [[uid, message], ...]}.
import fs from 'node:fs';
import ICAL from 'ical.js';

const [path, before] = process.argv.slice(2);
const limit = ICAL.Time.fromDateTimeString(before);

// The iterator's inner loop calls check_contracting_rules once per
// candidate; count them between two instances.
const TRIES = 2000;
class Hung extends Error {}
class PastLimit extends Error {}
const check = ICAL.RecurIterator.prototype.check_contracting_rules;
const next = ICAL.RecurIterator.prototype.next;
// Only the events' own iterators are watched (their DTSTART has a zone),
// not those of the VTIMEZONEs' observances (floating), which ical.js runs
// to place times.
const watched = (it) => it.dtstart && it.dtstart.zone && it.dtstart.zone.tzid !== 'floating';
ICAL.RecurIterator.prototype.check_contracting_rules = function () {
  if (watched(this)) {
    this.tries = (this.tries || 0) + 1;
    if (this.last.compare(limit) > 0) throw new PastLimit();
    if (this.tries > TRIES) throw new Hung();
  }
  return check.call(this);
};
// A yearly or monthly step that finds no date is not checked against the
// rules, and a yearly rule's first date is looked for year by year up to the
// year 20000: stop there too once past the limit.
const expandYear = ICAL.RecurIterator.prototype.expand_year_days;
ICAL.RecurIterator.prototype.expand_year_days = function (year) {
  if (watched(this) && year > limit.year) throw new PastLimit();
  return expandYear.call(this, year);
};
for (const step of ['next_year', 'next_month']) {
  const original = ICAL.RecurIterator.prototype[step];
  ICAL.RecurIterator.prototype[step] = function () {
    const valid = original.call(this);
    if (watched(this) && this.last.compare(limit) > 0) throw new PastLimit();
    return valid;
  };
}
// An iterator whose search passes the limit ends there, as if the rule did:
// the expansion looks one date ahead, and must still give the last one
// before the limit.
ICAL.RecurIterator.prototype.next = function (again) {
  this.tries = 0;
  try {
    return next.call(this, again);
  } catch (e) {
    if (!(e instanceof PastLimit)) throw e;
    this.completed = true;
    return null;
  }
};

const calendar = new ICAL.Component(ICAL.parse(fs.readFileSync(path, 'utf8')));
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
const instances = [];
const hung = [];
const failed = [];
for (const event of masters.values()) {
  if (!event.isRecurring()) {
    instances.push([show(event.startDate), show(event.endDate), event.summary]);
    continue;
  }
  try {
    const it = event.iterator();
    for (let next = it.next(), n = 0; next && n < 100000; next = it.next(), n++) {
      if (next.compare(limit) > 0) break;
      const details = event.getOccurrenceDetails(next);
      instances.push([show(details.startDate), show(details.endDate), details.item.summary]);
    }
  } catch (e) {
    if (e instanceof Hung) hung.push(event.uid);
    else if (!(e instanceof PastLimit)) failed.push([event.uid, String(e.message)]);
  }
}
process.stdout.write(JSON.stringify({ instances, hung, failed }));
