"""Which rule shapes ical.js, libical, recurring-ical-events and
python-dateutil expand alike, measured over a generated grid.

The grid: FREQ (DAILY, WEEKLY, MONTHLY, YEARLY) x INTERVAL (1, 2, 3) x
BYMONTH (none, one, several) x BYMONTHDAY (none, one, several with a
negative) x BYDAY (none, plain weekdays, one ordinal, two ordinals) x
BYSETPOS (none, 1, -1) x end (none, COUNT, UNTIL), every combination RFC 5545
allows (no BYMONTHDAY with WEEKLY, no ordinal with DAILY or WEEKLY, BYSETPOS
only beside another BYxxx part). Each shape is measured in two zones with
different values (Asia/Ho_Chi_Minh and Europe/Berlin, which has daylight
saving), each from its first date in 2023 at 10:00 and again from its first
date after 16 July 2023; a shape that takes the day of the month from its
start (MONTHLY or YEARLY without BYMONTHDAY or BYDAY) also from a 31st (else
a 30th, 29th) and from 29 February 2024, and is classed by its start's day:
up to the 28th, the 29th to 31st, or 29 February.

Each series is written as castcal writes a rule (DTSTART and DTEND with the
zone's TZID, the canonical rule, UNTIL in UTC: the rule's own, or the
period's last second), and each engine's instances within the plan's period
are compared with castcal's occurrences (`castcal expand`). A shape is
portable when, in every measured series of it, the four engines give exactly
castcal's instances.

The measurement is kept in src/export/ics/rrule-grid.tsv, the shapes it
finds portable in src/export/ics/rrule-portable.tsv, which `portable()`
(src/export/ics/portability.rs) reads (its tests prove the list is the
grid's verdict), and docs/reference/rrule-portability.md is generated from
the same rows: all three must equal what this run measures; regenerate them
on purpose with `CASTCAL_BLESS=1 bash tests/interop/run` and read the diff.
Then castcal's own `--mode rrule` feed of the grid's plans must carry RRULE
exactly for the portable shapes, and every engine must read it as castcal's
occurrences.
"""
import itertools
import json
import os
import re
import shutil
import subprocess
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events
from dateutil.rrule import rrulestr

from conftest import ROOT, castcal
from test_rrule_dateutil import up_to

DATA = ROOT / "src" / "export" / "ics" / "rrule-grid.tsv"
PORTABLE = ROOT / "src" / "export" / "ics" / "rrule-portable.tsv"
DOC = ROOT / "docs" / "reference" / "rrule-portability.md"
ICALJS = Path(__file__).resolve().parent / "icaljs"
CHECK = os.environ.get("LIBICAL_CHECK")
BLESS = bool(os.environ.get("CASTCAL_BLESS"))

FREQS = ["DAILY", "WEEKLY", "MONTHLY", "YEARLY"]
INTERVALS = [1, 2, 3]
BYMONTH = ["-", "one", "several"]
BYMONTHDAY = ["-", "one", "several"]
BYDAY = ["-", "plain", "ordinal", "ordinals"]
BYSETPOS = ["-", "1", "-1"]
ENDS = ["-", "COUNT", "UNTIL"]
ENGINES = ["ical.js", "libical", "recurring-ical-events", "dateutil"]
COUNT = 5

# Each zone's values for the grid's classes: two sets, so that each class is
# measured with two different values.
ZONES = {
    "hcm": ("Asia/Ho_Chi_Minh", {
        "BYMONTH": {"one": "11", "several": "3,11,12"},
        "BYMONTHDAY": {"one": "15", "several": "15,-2"},
        "BYDAY": {"plain": "TU,WE", "ordinal": "3WE", "ordinals": "3WE,-1TU"},
    }),
    "berlin": ("Europe/Berlin", {
        "BYMONTH": {"one": "12", "several": "1,3,7,12"},
        "BYMONTHDAY": {"one": "-1", "several": "31,-30"},
        "BYDAY": {"plain": "TU,FR,SU", "ordinal": "-1SU", "ordinals": "5FR,-1SU"},
    }),
}
# Each frequency's period (from 1 January 2023) and UNTIL.
PERIODS = {
    "DAILY": (date(2023, 12, 31), "20231215T120000Z"),
    "WEEKLY": (date(2023, 12, 31), "20231215T120000Z"),
    "MONTHLY": (date(2024, 12, 31), "20240630T120000Z"),
    "YEARLY": (date(2026, 12, 31), "20250630T120000Z"),
}
# No engine is followed past this (the periods' end, and a year).
BEFORE = datetime(2028, 1, 1)
# Where a series' first date is looked for: from the first of each month of
# 2023 in turn (a rule with INTERVAL and BYMONTH has no date in 2023 from
# January when its months are not January's cycle), and for a shape that
# takes its day from its start, from the 31sts of 2023 in turn, then the
# 30ths and 29ths (a 31st is the day some of its months lack: ical.js moves
# FREQ=YEARLY;BYMONTH=1,2,3 from 31 January to 3 March), and from
# 29 February 2024.
EARLY = [datetime(2023, m, 1, 10) for m in range(1, 13)]
# ... and again from the middle of 2023: ical.js reads some rules right from
# their first date and wrong from a later one (FREQ=MONTHLY;BYMONTH=3,11,12;
# BYMONTHDAY=15,-2 doubles November from 15 November, not from 15 March).
MID = [datetime(2023, 7, 16, 10)] + [datetime(2023, m, 1, 10) for m in range(8, 13)]
LATE = [datetime(2023, m, 1, 10) + timedelta(days=d)
        for d in (30, 29, 28) for m in range(1, 13)
        if (datetime(2023, m, 1) + timedelta(days=d)).month == m]
FEB29 = [datetime(2024, 2, 29, 10)]
COLUMNS = ["freq", "interval", "bymonth", "bymonthday", "byday", "bysetpos", "end", "start",
           "zone", "rule", "first", "instances", *ENGINES]


def allowed(freq, bymonthday, byday, bysetpos, bymonth) -> bool:
    """What RFC 5545 (and castcal) allow."""
    if freq == "WEEKLY" and bymonthday != "-":
        return False
    if freq in ("DAILY", "WEEKLY") and byday in ("ordinal", "ordinals"):
        return False
    if bysetpos != "-" and bymonth == "-" and bymonthday == "-" and byday == "-":
        return False
    return True


def shapes():
    for freq, interval, bymonth, bymonthday, byday, bysetpos, end in itertools.product(
            FREQS, INTERVALS, BYMONTH, BYMONTHDAY, BYDAY, BYSETPOS, ENDS):
        if allowed(freq, bymonthday, byday, bysetpos, bymonth):
            yield (freq, str(interval), bymonth, bymonthday, byday, bysetpos, end)


def day_from_start(shape) -> bool:
    """Whether the day of the month comes from DTSTART."""
    freq, _, _, bymonthday, byday, _, _ = shape
    return freq in ("MONTHLY", "YEARLY") and bymonthday == "-" and byday == "-"


def start_class(shape, start: datetime) -> str:
    """What castcal's `portable` calls the start, for a shape: `-` when the
    shape does not take its day from it."""
    if not day_from_start(shape):
        return "-"
    if (start.month, start.day) == (2, 29):
        return "feb29"
    return "late" if start.day > 28 else "early"


def rule_of(shape, values) -> str:
    freq, interval, bymonth, bymonthday, byday, bysetpos, end = shape
    parts = [f"FREQ={freq}"]
    if interval != "1":
        parts.append(f"INTERVAL={interval}")
    if bymonth != "-":
        parts.append(f"BYMONTH={values['BYMONTH'][bymonth]}")
    if bymonthday != "-":
        parts.append(f"BYMONTHDAY={values['BYMONTHDAY'][bymonthday]}")
    if byday != "-":
        parts.append(f"BYDAY={values['BYDAY'][byday]}")
    if bysetpos != "-":
        parts.append(f"BYSETPOS={bysetpos}")
    if end == "COUNT":
        parts.append(f"COUNT={COUNT}")
    elif end == "UNTIL":
        parts.append(f"UNTIL={PERIODS[freq][1]}")
    return ";".join(parts)


def first_instance(rule: str, seed: datetime, last: date):
    """The rule's first date from `seed` within the period, if it starts its own rule
    (its UNTIL, later than any first date, is left out: dateutil wants it in UTC)."""
    rule = ";".join(p for p in rule.split(";") if not p.startswith("UNTIL="))
    with up_to(last.year):
        first = next(iter(rrulestr(rule, dtstart=seed)), None)
        if first is None or first.date() > last:
            return None
        if next(iter(rrulestr(rule, dtstart=first)), None) != first:
            return None
    return first


def series():
    """Every series of the grid: (id, shape, zone key, rule, start); start is
    None when the rule has no date where it is looked for (the shape is then
    not measured with that zone's values)."""
    out = []
    for shape in shapes():
        freq = shape[0]
        last = PERIODS[freq][0]
        for key, (zone, values) in ZONES.items():
            rule = rule_of(shape, values)
            groups = [EARLY, MID, LATE, FEB29] if day_from_start(shape) else [EARLY, MID]
            found = set()
            for seeds in groups:
                for seed in seeds:
                    first = first_instance(rule, seed, last)
                    if first is None or (seeds is not FEB29 and first.year != 2023):
                        continue  # "from its first date in 2023"
                    if shape[6] == "UNTIL" and first.replace(tzinfo=ZoneInfo(zone)) > \
                            datetime.strptime(PERIODS[freq][1], "%Y%m%dT%H%M%S%z"):
                        continue  # ended before it began
                    if first not in found:
                        found.add(first)
                        out.append((f"g{len(out)}", shape, key, rule, first))
                    break
            if not found:
                out.append((f"g{len(out)}", shape, key, rule, None))
    return out


def period_end(freq: str, zone: str) -> datetime:
    last = PERIODS[freq][0]
    return datetime(last.year, last.month, last.day, 23, 59, 59,
                    tzinfo=ZoneInfo(zone)).astimezone(timezone.utc)


def written_rule(shape, rule: str, zone: str) -> str:
    """The rule as castcal writes it: UNTIL in UTC, no later than the period."""
    if shape[6] == "COUNT":
        return rule
    end = period_end(shape[0], zone)
    until = end
    m = re.search(r"UNTIL=(\d{8}T\d{6})Z", rule)
    if m:
        until = min(end, datetime.strptime(m.group(1), "%Y%m%dT%H%M%S").replace(
            tzinfo=timezone.utc))
    kept = ";".join(p for p in rule.split(";") if not p.startswith("UNTIL="))
    return f"{kept};UNTIL={until:%Y%m%dT%H%M%SZ}"


def show(t: datetime) -> str:
    return t.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")


class Grid:
    """The grid's plans, castcal's occurrences, and the measurement feed."""

    def __init__(self, directory: Path):
        self.series = series()
        self.by_id = {s[0]: s for s in self.series}
        self.files = []
        for key, (zone, _) in ZONES.items():
            for freq in FREQS:
                mine = [s for s in self.series if s[2] == key and s[1][0] == freq and s[4]]
                lines = [f"plan: {{ id: {key}-{freq.lower()}, title: grid, timezone: {zone}, "
                         f"period: {{ from: 2023-01-01, to: {PERIODS[freq][0]} }}, "
                         "published: 2023-01-01T08:00 }",
                         "outlets: { TV: { name: TV, kind: tv } }", "activities:"]
                for sid, _, _, rule, start in mine:
                    lines.append(f'  - {{ id: {sid}, title: {sid}, kind: broadcast, outlet: TV, '
                                 f'start: {start:%Y-%m-%dT%H:%M}, rrule: "{rule}", '
                                 'duration: PT30M }')
                path = directory / f"{key}-{freq.lower()}.yaml"
                path.write_text("\n".join(lines) + "\n")
                self.files.append(str(path))
        occurrences = json.loads(castcal("expand", "--format", "json", *self.files))
        self.want = defaultdict(list)
        for o in occurrences:
            self.want[o["activity"]].append(
                (show(datetime.fromisoformat(o["start"])), show(datetime.fromisoformat(o["end"]))))
        for v in self.want.values():
            v.sort()
        self.feed = directory / "grid.ics"
        self.feed.write_bytes(self.measurement_feed())

    def measurement_feed(self) -> bytes:
        """Every series as an RRULE, in castcal's form, with the VTIMEZONEs
        castcal writes for the zones over the periods (from a small plan in
        each: the whole grid's feed takes seconds)."""
        directory = Path(self.files[0]).parent
        zones = []
        for key, (zone, _) in ZONES.items():
            path = directory / f"{key}-zone.yaml"
            path.write_text(
                f"plan: {{ id: {key}-zone, title: zone, timezone: {zone}, "
                f"period: {{ from: 2023-01-01, to: {max(p for p, _ in PERIODS.values())} }} }}\n"
                "outlets: { TV: { name: TV, kind: tv } }\nactivities:\n"
                "  - { id: a, title: a, kind: broadcast, outlet: TV, start: 2023-01-01T10:00, "
                'rrule: "FREQ=MONTHLY", duration: PT30M }\n')
            text = castcal("ics", str(path)).decode()
            zones += re.findall(r"BEGIN:VTIMEZONE\r\n.*?END:VTIMEZONE\r\n", text, re.S)
        out = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//castcal//grid//EN",
               "CALSCALE:GREGORIAN"]
        body = "\r\n".join(out) + "\r\n" + "".join(zones)
        events = []
        for sid, shape, key, rule, start in self.series:
            if start is None:
                continue
            zone = ZONES[key][0]
            end = start + timedelta(minutes=30)
            events += ["BEGIN:VEVENT", f"UID:{sid}@grid", "DTSTAMP:20230101T000000Z",
                       f"DTSTART;TZID={zone}:{start:%Y%m%dT%H%M%S}",
                       f"DTEND;TZID={zone}:{end:%Y%m%dT%H%M%S}",
                       f"RRULE:{written_rule(shape, rule, zone)}",
                       f"SUMMARY:{sid}", "END:VEVENT"]
        return (body + "\r\n".join(events) + "\r\nEND:VCALENDAR\r\n").encode()

    def within(self, sid: str, instances):
        """`instances` ([start, end] in UTC) that start within the series' period."""
        if isinstance(instances, str):
            return instances
        _, shape, key, _, _ = self.by_id[sid]
        end = show(period_end(shape[0], ZONES[key][0]))
        return sorted(i for i in instances if i[0] <= end)


def by_series(rows):
    """[start, end, summary] rows grouped by summary."""
    out = defaultdict(list)
    for start, end, summary in rows:
        out[summary].append((start, end))
    return out


def icaljs(feed: Path):
    """ical.js's instances by series; a series it never finishes (it loops for
    ever on some rules) or refuses is marked `hangs` or `throws`."""
    out = json.loads(subprocess.run(
        ["node", str(ICALJS / "expand_each.mjs"), str(feed), f"{BEFORE:%Y-%m-%dT%H:%M:%S}"],
        check=True, capture_output=True).stdout)
    found = by_series(out["instances"])
    for uid in out["hung"]:
        found[uid.split("@")[0]] = "hangs"
    for uid, _ in out["failed"]:
        found[uid.split("@")[0]] = "throws"
    return found


def libical(feed: Path):
    """libical's instances by series, rules followed up to BEFORE (the checker
    gives a rule with COUNT that as UNTIL: libical would look for a date it
    never matches up to the year 2582)."""
    found = json.loads(subprocess.run([CHECK, str(feed), f"{BEFORE:%Y%m%dT%H%M%SZ}"], check=True,
                                      capture_output=True).stdout)
    assert found["errors"] == []
    return by_series(found["instances"])


def rie(feed: Path):
    calendar = icalendar.Calendar.from_ical(feed.read_bytes())
    return by_series([show(e.decoded("DTSTART")), show(e.decoded("DTEND")), str(e["SUMMARY"])]
                     for e in recurring_ical_events.of(calendar).between(date(2022, 1, 1),
                                                                         BEFORE.date()))


def dateutil_(grid: Grid):
    out = {}
    for sid, shape, key, rule, start in grid.series:
        if start is None:
            continue
        zone = ZoneInfo(ZONES[key][0])
        written = written_rule(shape, rule, ZONES[key][0])
        end = period_end(shape[0], ZONES[key][0])
        found = []
        with up_to(PERIODS[shape[0]][0].year + 1):
            for t in rrulestr(written, dtstart=start.replace(tzinfo=zone)):
                if t > end:
                    break
                found.append((show(t), show(t + timedelta(minutes=30))))
        out[sid] = found
    return out


def diff(want, got) -> str:
    """`=` when alike, else `+extra -missing` (or what the engine did instead)."""
    if isinstance(got, str):
        return got
    w, g = Counter(want), Counter(got)
    if w == g:
        return "="
    return f"+{sum((g - w).values())} -{sum((w - g).values())}"


def timed(engine, *args):
    began = time.monotonic()
    return engine(*args), time.monotonic() - began


def in_turn_and_beside(feed: Path, *python):
    """ical.js and libical (other processes) beside the Python engines,
    run in turn: {name: (result, seconds)}."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        others = {"ical.js": pool.submit(timed, icaljs, feed),
                  "libical": pool.submit(timed, libical, feed)}
        here = {name: timed(engine, *args) for name, engine, *args in python}
        return {**{name: f.result() for name, f in others.items()}, **here}


def measure(grid: Grid):
    """One row per series (as COLUMNS), and the seconds each engine took."""
    done = in_turn_and_beside(grid.feed, ("recurring-ical-events", rie, grid.feed),
                              ("dateutil", dateutil_, grid))
    runs = {name: result for name, (result, _) in done.items()}
    seconds = {name: spent for name, (_, spent) in done.items()}
    rows = []
    for sid, shape, key, rule, start in grid.series:
        if start is None:
            rows.append([*shape[:7], "-", ZONES[key][0], rule, "-", "0", *["-"] * len(ENGINES)])
            continue
        want = grid.want[sid]
        verdicts = [diff(want, grid.within(sid, runs[name].get(sid, []))) for name in ENGINES]
        rows.append([*shape[:7], start_class(shape, start), ZONES[key][0], rule,
                     f"{start:%Y-%m-%d}", str(len(want)), *verdicts])
    return rows, seconds


def verdicts(rows):
    """Each shape (its first eight columns) and whether it is portable."""
    out = {}
    for row in rows:
        if row[11] == "0":
            continue  # not measured
        key = tuple(row[:8])
        alike = all(v == "=" for v in row[12:])
        out[key] = out.get(key, True) and alike
    return out


def tsv(rows) -> str:
    head = ("# The rule shapes ical.js 2.2.1, libical 3.0, recurring-ical-events 3.8.2 and\n"
            "# python-dateutil 2.9 expand alike: one row per measured series. Generated by\n"
            "# tests/interop/test_rrule_grid.py (CASTCAL_BLESS=1 bash tests/interop/run);\n"
            "# do not edit. `portable()` (src/export/ics/portability.rs) reads it: a shape\n"
            "# (the first eight columns) is portable when each engine column of each of its\n"
            "# rows is `=` (the same instances as castcal); `+a -b` is a extra, b missing;\n"
            "# `hangs`: ical.js never ends (stopped after 2,000 tries for one date);\n"
            "# `throws`: the engine refuses the rule.\n")
    return head + "\t".join(COLUMNS) + "\n" + "".join("\t".join(r) + "\n" for r in rows)


def portable_list(rows) -> str:
    head = ("# The shapes `--mode rrule` writes as RRULE: those of\n"
            "# src/export/ics/rrule-grid.tsv whose every measured series the four engines\n"
            "# read alike, as its first eight columns. Generated with it; do not edit.\n")
    return head + "".join("\t".join(k) + "\n" for k, v in sorted(verdicts(rows).items()) if v)


ABBREVIATIONS = {"ical.js": "J", "libical": "L", "recurring-ical-events": "R", "dateutil": "D"}


def doc(rows, size: dict) -> str:
    by_shape = defaultdict(list)
    for row in rows:
        by_shape[tuple(row[:8])].append(row)
    portable = verdicts(rows)
    lines = [
        "# Which rules `--mode rrule` writes as `RRULE`",
        "",
        "<!-- Generated by tests/interop/test_rrule_grid.py from src/export/ics/rrule-grid.tsv;",
        "     do not edit. Regenerate with `CASTCAL_BLESS=1 bash tests/interop/run`. -->",
        "",
        "`castcal ics --mode rrule` writes an activity's rule as `RRULE` only in a shape",
        "that ical.js 2.2.1 (Thunderbird), libical 3.0 (Evolution), recurring-ical-events",
        "3.8.2 and python-dateutil 2.9 were measured to expand to exactly castcal's",
        "occurrences; every other series is listed with `RDATE`s, and reads the same",
        "everywhere. The measurement is a generated grid, run by the interop suite",
        "(`tests/interop/test_rrule_grid.py`) and kept in `src/export/ics/rrule-grid.tsv`,",
        "which `portable()` in `src/export/ics/portability.rs` reads.",
        "",
        "## The grid",
        "",
        "`FREQ` (DAILY, WEEKLY, MONTHLY, YEARLY) × `INTERVAL` (1, 2, 3) × `BYMONTH` (none,",
        "one, several) × `BYMONTHDAY` (none, one, several with a negative) × `BYDAY` (none,",
        "plain weekdays, one ordinal, two ordinals) × `BYSETPOS` (none, 1, −1) × end (none:",
        "castcal writes the period's end as `UNTIL`; `COUNT`; `UNTIL`), every combination",
        "RFC 5545 allows. Each shape is measured in Asia/Ho_Chi_Minh and in Europe/Berlin",
        "(daylight saving), with other values in each, from its first date in 2023 at 10:00",
        "and again from its first date after 16 July 2023 (ical.js reads some rules right",
        "from their first date and wrong from a later one):",
        "",
        "| part | Asia/Ho_Chi_Minh | Europe/Berlin |",
        "|---|---|---|",
    ]
    hcm, berlin = ZONES["hcm"][1], ZONES["berlin"][1]
    for part, classes in [("BYMONTH", ["one", "several"]), ("BYMONTHDAY", ["one", "several"]),
                          ("BYDAY", ["plain", "ordinal", "ordinals"])]:
        for c in classes:
            lines.append(f"| `{part}` {c} | `{hcm[part][c]}` | `{berlin[part][c]}` |")
    lines += [
        f"| `COUNT` | {COUNT} | {COUNT} |",
        "",
        "Periods: DAILY and WEEKLY 2023, MONTHLY 2023–2024, YEARLY 2023–2026; "
        "`UNTIL` " + ", ".join(f"{f} `{PERIODS[f][1]}`" for f in FREQS) + ".",
        "A series' first date is looked for from the first of each month of 2023 in",
        "turn (with `INTERVAL` and `BYMONTH`, January's cycle may miss every month it",
        "names). A shape that takes the day of the month from its start (MONTHLY or",
        "YEARLY without `BYMONTHDAY` and `BYDAY`) is also measured from the first 31st",
        "of 2023 that gives a date (else 30th, else 29th: a day some of its months",
        "lack), and from 29 February 2024, and is told apart by its start: a day up to",
        "the 28th (`≤28`), the 29th to 31st (`29–31`), or 29 February (`29 Feb`).",
        "",
        f"**Size:** {size['shapes']} shapes, {size['series']} series ({size['measured']} with "
        f"dates in the period), {size['instances']} instances. Of the {len(portable)} classes "
        "measured (a shape, with its start where it takes its day from it), "
        f"{sum(portable.values())} are portable.",
        "",
        "Series on which an engine differs from castcal, and the classes they are of:",
        "",
        "| engine | series | classes |",
        "|---|---|---|",
    ]
    for i, name in enumerate(ENGINES):
        bad = [r for r in rows if r[12 + i] not in ("=", "-")]
        lines.append(f"| {name} | {len(bad)} | {len({tuple(r[:8]) for r in bad})} |")
    lines += [
        "",
        "## How a rule is classed",
        "",
        "A rule is portable when its class was measured and every series of the class",
        "was read alike. Its class: `FREQ`; `INTERVAL` 1, 2 or 3 (a larger one is not",
        "measured, so not portable); `BYMONTH` none, one value or several;",
        "`BYMONTHDAY` none, one value or several; `BYDAY` none, plain weekdays, one",
        "weekday with an ordinal, or several all with ordinals (ordinals up to ±5;",
        "plain and ordinal mixed is not portable); `BYSETPOS` none, 1 or −1; its end;",
        "and, for a shape that takes its day from its start, that start. `WKST=MO`,",
        "RFC 5545's default, is as if absent; any other `WKST`, `BYYEARDAY`,",
        "`BYWEEKNO`, `BYHOUR`, `BYMINUTE`, `BYSECOND` and `HOURLY` or finer are not",
        "portable.",
        "",
        "## The table",
        "",
        "One row per shape but `INTERVAL` and end; in each cell ✓ (portable) or the",
        "engines that differ: J ical.js, L libical, R recurring-ical-events,",
        "D dateutil; `·` not measured (no date in its period).",
        "",
        "| FREQ | BYMONTH | BYMONTHDAY | BYDAY | BYSETPOS | start | "
        + " | ".join(f"I={i} {e if e != '-' else 'none'}" for i in INTERVALS
                     for e in ENDS) + " |",
        "|" + "---|" * (6 + 9),
    ]
    rows_of = sorted({(k[0], k[2], k[3], k[4], k[5], k[7]) for k in by_shape},
                     key=lambda k: (FREQS.index(k[0]), BYMONTH.index(k[1]),
                                    BYMONTHDAY.index(k[2]), BYDAY.index(k[3]),
                                    BYSETPOS.index(k[4]), ["-", "early", "late",
                                                           "feb29"].index(k[5])))
    names = {"-": "", "early": "≤28", "late": "29–31", "feb29": "29 Feb"}
    for freq, bymonth, bymonthday, byday, bysetpos, start in rows_of:
        cells = []
        for interval in INTERVALS:
            for end in ENDS:
                key = (freq, str(interval), bymonth, bymonthday, byday, bysetpos, end, start)
                measured = [r for r in by_shape.get(key, []) if r[11] != "0"]
                if not measured:
                    cells.append("·")
                    continue
                bad = "".join(ABBREVIATIONS[n] for i, n in enumerate(ENGINES)
                              if any(r[12 + i] != "=" for r in measured))
                cells.append(bad or "✓")
        show_ = lambda v: "" if v == "-" else v
        lines.append(f"| {freq} | {show_(bymonth)} | {show_(bymonthday)} | {show_(byday)} | "
                     f"{show_(bysetpos)} | {names[start]} | " + " | ".join(cells) + " |")
    lines += ["", "## What the engines did", "",
              "Every series, with what each engine gave (`+a -b`: a dates more, b fewer",
              "than castcal; `hangs`: ical.js never ends; `throws`: the engine refuses the",
              "rule), is a row of `src/export/ics/rrule-grid.tsv`. ical.js is followed only",
              f"up to {BEFORE:%Y-%m-%d}: on some rules (`FREQ=DAILY;BYMONTHDAY=-1`) its",
              "iterator tries day after day for ever, as it checks `UNTIL` only on a day that",
              "matches; such a series shows the dates it gave before. The first series of",
              "each kind of difference:", "",
              "| engine | gave | rule | zone | from | castcal |", "|---|---|---|---|---|---|"]
    for i, name in enumerate(ENGINES):
        seen = set()
        for r in rows:
            v = r[12 + i]
            kind = v if v in ("hangs", "throws") else ("more" if v.startswith("+") and
                                                       not v.startswith("+0") else "fewer")
            if r[11] == "0" or v == "=" or kind in seen:
                continue
            seen.add(kind)
            lines.append(f"| {name} | {v} | `{r[9]}` | {r[8]} | {r[10]} | {r[11]} |")
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def grid(tmp_path_factory):
    began = time.monotonic()
    made = Grid(tmp_path_factory.mktemp("grid"))
    made.seconds = time.monotonic() - began
    return made


needs_engines = pytest.mark.skipif(
    shutil.which("node") is None or not (ICALJS / "node_modules" / "ical.js").is_dir()
    or not CHECK,
    reason="needs ical.js (npm ci) and libical (tests/interop/run builds both)")


@needs_engines
def test_the_grid_measures_what_the_data_and_the_docs_say(grid):
    began = time.monotonic()
    rows, seconds = measure(grid)
    measured = [r for r in rows if r[11] != "0"]
    size = {"shapes": len({tuple(r[:7]) for r in rows}), "series": len(rows),
            "measured": len(measured), "instances": sum(int(r[11]) for r in rows)}
    bad = {name: sum(1 for r in measured if r[12 + i] != "=") for i, name in enumerate(ENGINES)}
    print(f"\ngrid: {size}; series differing: {bad}; seconds: made {grid.seconds:.1f}, "
          f"{ {k: round(v, 1) for k, v in seconds.items()} }, all {time.monotonic() - began:.1f}")
    data, short, text = tsv(rows), portable_list(rows), doc(rows, size)
    if BLESS:
        DATA.write_text(data)
        PORTABLE.write_text(short)
        DOC.parent.mkdir(parents=True, exist_ok=True)
        DOC.write_text(text)
    assert DATA.read_text() == data, "the measurement differs from rrule-grid.tsv: " \
        "CASTCAL_BLESS=1 bash tests/interop/run, then read the diff"
    assert PORTABLE.read_text() == short, "rrule-portable.tsv is not the grid's verdict"
    assert DOC.read_text() == text, "docs/reference/rrule-portability.md is not the " \
        "table of rrule-grid.tsv: CASTCAL_BLESS=1 bash tests/interop/run"
    # The grid is what it says: every shape RFC 5545 allows, each measured
    # in one zone at least (the values are chosen so that each has a date).
    assert size["shapes"] == len(list(shapes())) == 2520
    assert len({tuple(r[:7]) for r in measured}) == 2520
    assert len({r[8] for r in measured}) == 2
    assert not [r for r in measured if r[15] != "="], "dateutil differs from castcal"


def castcal_feed(grid) -> tuple[str, dict]:
    """castcal's own `--mode rrule` feed of the grid (made once), and its
    events by series: {id: [event text, ...]} (a master, then overrides)."""
    if not hasattr(grid, "castcal_feed"):
        text = castcal("ics", "--mode", "rrule", *grid.files).decode()
        events = defaultdict(list)
        for event in re.findall(r"BEGIN:VEVENT\r\n.*?END:VEVENT\r\n", text, re.S):
            sid = re.search(r"\r\nSUMMARY:(g\d+)\r\n", event.replace("\r\n ", "")).group(1)
            events[sid].append(event)
        grid.castcal_feed = (text, events)
    return grid.castcal_feed


def test_castcal_writes_rrule_exactly_for_the_portable_shapes(grid):
    """And writes it as the grid measured it: the same RRULE, DTSTART and
    DTEND, and nothing else that dates it (no RDATE, EXDATE or override)."""
    portable = verdicts(tsv_rows())
    _, events = castcal_feed(grid)
    wrong = []
    ruled = 0
    for sid, shape, key, rule, start in grid.series:
        if start is None:
            continue
        zone = ZONES[key][0]
        master = events[sid][0].replace("\r\n ", "")
        written = re.search(r"\r\nRRULE:(.*?)\r\n", master)
        expected = portable[(*shape, start_class(shape, start))]
        # A COUNT the period cuts (5 dates, fewer in the period) takes an
        # EXDATE for each date after it, and castcal lists a series that
        # needs more corrections than it has occurrences: either may be.
        cut = shape[6] == "COUNT" and len(grid.want[sid]) < COUNT
        if bool(written) != expected and not (cut and not written):
            wrong.append(f"{rule} from {start:%Y-%m-%d} in {zone}: "
                         f"RRULE {bool(written)}, portable {expected}")
        if written and not cut:
            ruled += 1
            end = start + timedelta(minutes=30)
            same = (written.group(1) == written_rule(shape, rule, zone)
                    and f"\r\nDTSTART;TZID={zone}:{start:%Y%m%dT%H%M%S}\r\n" in master
                    and f"\r\nDTEND;TZID={zone}:{end:%Y%m%dT%H%M%S}\r\n" in master
                    and len(events[sid]) == 1
                    and "\r\nRDATE" not in master and "\r\nEXDATE" not in master)
            if not same:
                wrong.append(f"{rule} from {start:%Y-%m-%d} in {zone}: not as measured")
    assert not wrong, f"{len(wrong)} series:\n" + "\n".join(wrong[:20])
    assert ruled > 1000


def tsv_rows():
    lines = [line for line in DATA.read_text().splitlines() if not line.startswith("#")]
    assert lines[0].split("\t") == COLUMNS
    return [line.split("\t") for line in lines[1:]]


@needs_engines
def test_every_engine_reads_castcals_rrule_feed_of_the_grid_as_castcal(grid, tmp_path):
    """Every series castcal does not write exactly as the grid measured it
    (listed with RDATEs, or ruled with EXDATEs past a COUNT the period
    cuts): each engine reads castcal's events of it as castcal's occurrences.
    The others are the measured text, which the grid found read alike."""
    text, events = castcal_feed(grid)
    portable = verdicts(tsv_rows())
    check = [s[0] for s in grid.series if s[4] and not (
        portable[(*s[1], start_class(s[1], s[4]))]
        and not (s[1][6] == "COUNT" and len(grid.want[s[0]]) < COUNT))]
    head = text[:text.index("BEGIN:VEVENT\r\n")]
    feed = tmp_path / "castcal.ics"
    feed.write_text(head + "".join(e for sid in check for e in events[sid])
                    + "END:VCALENDAR\r\n", newline="")
    done = in_turn_and_beside(feed, ("recurring-ical-events", rie, feed))
    for name, (got, _) in done.items():
        wrong = [sid for sid in check if grid.within(sid, got.get(sid, [])) != grid.want[sid]]
        assert not wrong, f"{name}: {len(wrong)} series differ, e.g. " + ", ".join(
            f"{grid.by_id[s][3]} from {grid.by_id[s][4]:%Y-%m-%d}" for s in wrong[:5])
    assert len(check) > 1000
