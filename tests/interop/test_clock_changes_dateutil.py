"""castcal's expansion of random rules around clock changes against
python-dateutil's, and the `--mode rrule` feeds of the same plans in the
three engines.

600 rules from a fixed seed in four zones with daylight saving: Berlin and
New York (an hour skipped at 02:00 and repeated), Lord Howe Island (half an
hour) and Santiago (the change at midnight: 00:00-01:00 skipped, 23:00-24:00
repeated). Each rule starts near one of the zone's changes of 2023-2024, often
inside the skipped or the repeated hour; most end with an UNTIL inside, just
before or just after a skipped or a repeated hour (the same or another), in UTC
(`...Z`), in the plan's time or as a date, some with COUNT or no end.

dateutil runs on zones from `zoneinfo` (PEP 495), which place a wall-clock time
as RFC 5545 section 3.3.5 does: in a gap with the offset from before it, in a
fold its first instance (`fold=0`). dateutil takes UNTIL only in UTC with a
zone-aware start, so a local or date UNTIL is handed to it placed the same way
(a date: its 23:59:59). dateutil's own `dateutil.tz` zones place a time in a gap
with the offset after it, against the RFC, and are not used.

castcal must give exactly dateutil's instants (compared in UTC) within the
plan's period; and ical.js, libical and recurring-ical-events (with its
defaults) must read castcal's `--mode rrule` feed of the same plans as exactly
castcal's occurrences.
"""
import json
import os
import random
import shutil
import subprocess
from collections import Counter
from itertools import islice
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events
from dateutil.rrule import rrulestr

from conftest import ROOT, castcal

SEED = 3305
RULES = 600
ZONES = ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "America/Santiago"]
FIRST, LAST = date(2023, 1, 1), date(2024, 12, 31)
DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
ICALJS = Path(__file__).resolve().parent / "icaljs"
CHECK = os.environ.get("LIBICAL_CHECK")


class Change:
    """One change of a zone's offset: the wall-clock window it skips (`gap`)
    or repeats (`fold`), `start` to `end`, and the instant it happens."""

    def __init__(self, zone: ZoneInfo, at: datetime, before: timedelta, after: timedelta):
        self.zone, self.at = zone, at
        self.kind = "gap" if after > before else "fold"
        # The wall-clock window: a gap from the old offset's reading of the
        # instant, a fold from the new one's; both as long as the jump.
        if self.kind == "gap":
            self.start = (at + before).replace(tzinfo=None)
        else:
            self.start = (at + after).replace(tzinfo=None)
        self.width = abs(after - before)
        self.end = self.start + self.width


def changes(zone_name: str) -> list[Change]:
    """The zone's changes from FIRST to LAST, found half hour by half hour."""
    zone = ZoneInfo(zone_name)
    t = datetime.combine(FIRST, time(), timezone.utc)
    stop = datetime.combine(LAST, time(), timezone.utc)
    found, before = [], t.astimezone(zone).utcoffset()
    while t < stop:
        t += timedelta(minutes=30)
        after = t.astimezone(zone).utcoffset()
        if after != before:
            found.append(Change(zone, t, before, after))
        before = after
    return found


def placed(wall: datetime, zone: ZoneInfo) -> datetime:
    """A wall-clock time as an instant, as RFC 5545 reads it (fold=0)."""
    return wall.replace(tzinfo=zone, fold=0).astimezone(timezone.utc)


def near(rng: random.Random, change: Change) -> tuple[str, datetime]:
    """A wall-clock time around `change`: inside its window, just before or
    just after it, named by where it is."""
    width = int(change.width.total_seconds() // 60)
    where = rng.choice(["in", "in", "before", "after"])
    if where == "in":
        return f"in the {change.kind}", change.start + timedelta(minutes=rng.randrange(0, width, 5))
    if where == "before":
        return f"before the {change.kind}", change.start - timedelta(minutes=rng.randrange(5, 125, 5))
    return f"after the {change.kind}", change.end + timedelta(minutes=rng.randrange(0, 120, 5))


def ordinal_in_month(day: date) -> str:
    """The `BYDAY` of `day` in its month, counted from the end when it is the last."""
    weekday = DAYS[day.weekday()]
    if (day + timedelta(days=7)).month != day.month:
        return f"-1{weekday}"
    return f"{(day.day - 1) // 7 + 1}{weekday}"


def random_case(rng: random.Random, all_changes: list[Change]):
    """(rule for castcal, the same for dateutil (UNTIL in UTC), start, what
    its end is: the form of UNTIL and where it is)."""
    change = rng.choice(all_changes)
    _, at = near(rng, change)
    freq = rng.choices(["DAILY", "WEEKLY", "MONTHLY", "YEARLY", "HOURLY"], [5, 2, 1, 1, 1])[0]
    parts = [f"FREQ={freq}"]
    day = change.start.date()
    if freq == "DAILY":
        start = at - timedelta(days=rng.randint(0, 4))
        if rng.random() < 0.2:
            parts.append("INTERVAL=2")
    elif freq == "WEEKLY":
        start = at - timedelta(weeks=rng.randint(0, 3))
        if rng.random() < 0.5:
            others = rng.sample(DAYS, rng.randint(0, 2))
            parts.append("BYDAY=" + ",".join(sorted(set(others + [DAYS[day.weekday()]]))))
    elif freq == "MONTHLY":
        # The change's weekday of the month: every month, the change's too.
        start = at - timedelta(days=rng.randint(0, 2))
        parts.append(f"BYDAY={ordinal_in_month(day)}")
    elif freq == "YEARLY":
        # The change's day in every year: its gap or fold again a year later.
        start = at - timedelta(days=rng.randint(0, 2))
        parts.append(f"BYMONTH={day.month}")
        parts.append(f"BYDAY={ordinal_in_month(day)}")
    else:
        minutes = sorted(rng.sample([0, 10, 15, 30, 40, 50], 2))
        start = (at - timedelta(hours=rng.randint(0, 5))).replace(minute=minutes[0])
        parts.append("BYMINUTE=" + ",".join(map(str, minutes)))
    # The end: mostly an UNTIL near a change, the start's or another.
    end = rng.random()
    relation = "none"
    du_parts = list(parts)
    if freq == "HOURLY" and end >= 0.9:
        end = 0.8  # an hourly rule without end runs through the whole period
    if end < 0.7:
        # An hourly rule ends near its own change: a year of hours is long.
        other = freq != "HOURLY" and rng.random() < 0.4
        target = rng.choice(all_changes) if other else change
        form = rng.choices(["utc", "local", "date"], [5, 4, 1])[0]
        zone = change.zone
        if form == "date":
            relation = f"{target.kind} day"
            day_end = datetime.combine(target.start.date(), time(23, 59, 59))
            until_at = placed(day_end, zone)
            parts.append(f"UNTIL={target.start:%Y%m%d}")
        else:
            relation, wall = near(rng, target)
            until_at = placed(wall, zone)
            if form == "utc" and target.kind == "fold" and relation.startswith("in") and rng.random() < 0.5:
                # The repeated hour's second instance, which only UTC can name.
                until_at = (wall.replace(tzinfo=zone, fold=1)).astimezone(timezone.utc)
                relation = "in the fold (second)"
            if rng.random() < 0.25:
                # Exactly an instance's time on that day, when one could fall there.
                wall = datetime.combine(wall.date(), start.time())
                until_at = placed(wall, zone)
                relation = f"on an instance ({relation})"
            if form == "utc":
                parts.append(f"UNTIL={until_at:%Y%m%dT%H%M%SZ}")
            else:
                parts.append(f"UNTIL={wall:%Y%m%dT%H%M%S}")
        relation = f"{form}: {relation}"
        du_parts.append(f"UNTIL={until_at:%Y%m%dT%H%M%SZ}")
    elif end < 0.9:
        count = f"COUNT={rng.randint(1, 30)}"
        parts.append(count)
        du_parts.append(count)
        relation = "count"
    return ";".join(parts), ";".join(du_parts), start, relation


def dateutil_instants(rule: str, start: datetime, zone: ZoneInfo) -> list[datetime] | None:
    """dateutil's instances within the period (in UTC), None when the rule
    gives nothing, or its first instance is not `start`."""
    out = []
    for t in rrulestr(rule, dtstart=start.replace(tzinfo=zone)):
        if not out and t.replace(tzinfo=None) != start:
            return None
        if t.date() > LAST:
            break
        out.append(t.astimezone(timezone.utc))
    return out or None


def cases():
    """{zone: [(id, castcal rule, dateutil rule, start, dateutil's instants, end)]}."""
    rng = random.Random(SEED)
    by_zone = {zone: changes(zone) for zone in ZONES}
    plans = {zone: [] for zone in ZONES}
    made = 0
    while made < RULES:
        zone = ZONES[made % len(ZONES)]
        rule, du_rule, start, relation = random_case(rng, by_zone[zone])
        if not FIRST <= start.date() <= LAST:
            continue
        want = dateutil_instants(du_rule, start, ZoneInfo(zone))
        if want is None:
            continue  # UNTIL before the start: castcal refuses the rule
        plans[zone].append((f"r{made}", rule, du_rule, start, want, relation))
        made += 1
    return plans


def plan_file(directory: Path, zone: str, activities) -> str:
    ident = zone.split("/")[-1].lower().replace("_", "-")
    lines = [f"plan: {{ id: {ident}, title: {ident}, timezone: {zone}, "
             f"period: {{ from: {FIRST}, to: {LAST} }}, published: 2023-01-01T08:00 }}",
             "outlets: { TV: { name: TV, kind: tv } }", "activities:"]
    for aid, rule, _, start, _, _ in activities:
        lines.append(f'  - {{ id: {aid}, title: {aid}, kind: broadcast, outlet: TV, '
                     f'start: {start:%Y-%m-%dT%H:%M}, rrule: "{rule}", duration: PT10M }}')
    path = directory / f"{ident}.yaml"
    path.write_text("\n".join(lines) + "\n")
    return str(path)


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    directory = tmp_path_factory.mktemp("clock-changes")
    plans = cases()
    files = [plan_file(directory, zone, plans[zone]) for zone in ZONES]
    return plans, files


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(timezone.utc)


def wall_until_would_differ(rule: str, start: datetime, zone: ZoneInfo, want) -> bool:
    """Whether comparing wall-clock times with UNTIL's wall-clock reading (as
    castcal did before) gives other instances than comparing instants."""
    until = next((p for p in rule.split(";") if p.startswith("UNTIL=")), None)
    if until is None:
        return False
    at = datetime.strptime(until, "UNTIL=%Y%m%dT%H%M%SZ").replace(tzinfo=timezone.utc)
    wall_until = at.astimezone(zone).replace(tzinfo=None)
    naive = rule.replace(until, f"UNTIL={wall_until:%Y%m%dT%H%M%S}")
    walls = [t for t in rrulestr(naive, dtstart=start) if t.date() <= LAST]
    return [placed(t, zone) for t in walls] != want


def test_instances_around_clock_changes_are_dateutils(generated):
    plans, files = generated
    out = subprocess.run([os.environ.get("CASTCAL_BIN", str(ROOT / "target/debug/castcal")),
                          "expand", "--format", "json", *files],
                         cwd=ROOT, capture_output=True, check=False)
    assert out.returncode == 0, out.stderr.decode()
    got = {}
    for o in json.loads(out.stdout):
        got.setdefault((o["plan"], o["activity"]), []).append(utc(o["start"]))
    wrong, shown = [], Counter()
    instants = in_gap = in_fold = decided = 0
    for zone in ZONES:
        ident = zone.split("/")[-1].lower().replace("_", "-")
        tz = ZoneInfo(zone)
        windows = changes(zone)
        for aid, rule, du_rule, start, want, relation in plans[zone]:
            mine = sorted(got.get((ident, aid), []))
            if mine != sorted(want):
                wrong.append(f"{zone} {rule} from {start}: castcal {[str(t) for t in mine[-3:]]}, "
                             f"dateutil {[str(t) for t in sorted(want)[-3:]]}")
            shown[relation] += 1
            instants += len(want)
            for t in want:
                wall = t.astimezone(tz).replace(tzinfo=None)
                in_fold += any(c.kind == "fold" and c.start <= wall < c.end for c in windows)
            # The wall-clock times dateutil placed: those in a skipped hour.
            walls = islice(rrulestr(_without_until(du_rule), dtstart=start), len(want))
            in_gap += sum(any(c.kind == "gap" and c.start <= w < c.end for c in windows)
                          for w in walls)
            decided += wall_until_would_differ(du_rule, start, tz, want)
    assert not wrong, f"{len(wrong)} of {RULES} rules differ:\n" + "\n".join(wrong[:20])
    print(f"\n{RULES} rules, {instants} instants, {in_gap} in a skipped hour, "
          f"{in_fold} in a repeated hour; {decided} rules end elsewhere if UNTIL "
          f"bounds wall-clock times; UNTIL: {dict(sorted(shown.items()))}")
    # The test is only worth something if it met what it is for.
    assert instants > 10_000
    assert in_gap >= 100 and in_fold >= 100
    assert decided >= 10
    for form in ("utc", "local", "date"):
        assert sum(n for r, n in shown.items() if r.startswith(form)) >= 20, form
    for where in ("in the gap", "before the gap", "after the gap", "in the fold",
                  "before the fold", "after the fold", "in the fold (second)"):
        assert sum(n for r, n in shown.items() if where in r) >= 10, where


def _without_until(rule: str) -> str:
    return ";".join(p for p in rule.split(";") if not p.startswith("UNTIL="))


def expected(files):
    occurrences = json.loads(castcal("expand", "--format", "json", *files))
    show = lambda t: utc(t).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    return sorted([show(o["start"]), show(o["end"]), o["title"]] for o in occurrences)


def feed(files, directory: Path) -> Path:
    path = directory / "feed.ics"
    path.write_bytes(castcal("ics", "--mode", "rrule", *files))
    return path


def test_recurring_ical_events_reads_the_rrule_feeds_as_castcal(generated, tmp_path):
    _, files = generated
    calendar = icalendar.Calendar.from_ical(feed(files, tmp_path).read_bytes())
    show = lambda t: t.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    got = sorted([show(e.decoded("DTSTART")), show(e.decoded("DTEND")), str(e["SUMMARY"])]
                 for e in recurring_ical_events.of(calendar).between(date(2022, 1, 1),
                                                                     date(2026, 1, 1)))
    assert got == expected(files)


@pytest.mark.skipif(shutil.which("node") is None
                    or not (ICALJS / "node_modules" / "ical.js").is_dir(),
                    reason="needs node and `npm ci` in tests/interop/icaljs (./run does it)")
def test_icaljs_reads_the_rrule_feeds_as_castcal(generated, tmp_path):
    _, files = generated
    out = subprocess.run(["node", str(ICALJS / "expand.mjs"), str(feed(files, tmp_path))],
                         check=True, capture_output=True).stdout
    assert sorted(json.loads(out)) == expected(files)


@pytest.mark.skipif(not CHECK and os.environ.get("CI") != "true",
                    reason="needs libical (tests/interop/run builds the checker)")
def test_libical_reads_the_rrule_feeds_as_castcal(generated, tmp_path):
    _, files = generated
    found = json.loads(subprocess.run([CHECK, str(feed(files, tmp_path))], check=True,
                                      capture_output=True).stdout)
    assert found["errors"] == []
    assert sorted(found["instances"]) == expected(files)
