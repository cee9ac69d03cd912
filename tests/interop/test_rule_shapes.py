"""Rule shapes that were once written or listed by hand, in a zone with
daylight saving over three years: ical.js, libical and recurring-ical-events
read castcal's `--mode rrule` feed of them as exactly castcal's occurrences,
whichever way each series is written. Which shapes are written as RRULE is
measured by the grid (test_rrule_grid.py, src/export/ics/portability.rs)."""
import json
import os
import subprocess
import tempfile
from datetime import date, datetime, timezone
from pathlib import Path

import icalendar
import pytest
import recurring_ical_events

from conftest import castcal

# (rule, first date), times at 10:00 Europe/Berlin, for 2023-2025: the
# shapes the hand-written allow-list wrote as RRULE, and those it listed.
WRITTEN = [
    ("FREQ=DAILY;INTERVAL=3", "2023-01-18"),
    ("FREQ=DAILY;BYDAY=MO,WE,FR", "2023-01-18"),
    ("FREQ=DAILY;BYMONTH=1,7", "2023-01-18"),
    ("FREQ=WEEKLY;INTERVAL=2;BYDAY=WE,SU", "2023-01-18"),
    ("FREQ=WEEKLY;INTERVAL=3;BYDAY=MO,WE;WKST=MO", "2023-01-18"),
    ("FREQ=MONTHLY;BYDAY=3WE", "2023-01-18"),
    ("FREQ=MONTHLY;BYDAY=-1FR", "2023-01-27"),
    ("FREQ=MONTHLY;BYDAY=5SU,-1SA", "2023-01-28"),
    ("FREQ=MONTHLY;BYDAY=MO", "2023-01-02"),
    ("FREQ=MONTHLY;BYMONTHDAY=31", "2023-01-31"),
    ("FREQ=MONTHLY;BYMONTHDAY=1,-7", "2023-01-01"),
    ("FREQ=MONTHLY;BYMONTH=5,7;BYDAY=1MO", "2023-05-01"),
    ("FREQ=MONTHLY;BYMONTH=1,2,4;BYMONTHDAY=31", "2023-01-31"),
    ("FREQ=MONTHLY;INTERVAL=2", "2023-01-31"),
    ("FREQ=YEARLY", "2023-01-18"),
    ("FREQ=YEARLY;BYMONTH=1,7", "2023-01-18"),
    ("FREQ=YEARLY;BYMONTH=1;BYDAY=-1MO", "2023-01-30"),
    ("FREQ=YEARLY;BYMONTH=3,10;BYDAY=-1SU", "2023-03-26"),
    ("FREQ=YEARLY;BYMONTH=1,3;BYMONTHDAY=-1", "2023-01-31"),
    ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29", "2024-02-29"),
]
LISTED = [
    ("FREQ=YEARLY;BYMONTHDAY=15", "2023-01-15"),
    ("FREQ=YEARLY;BYDAY=20MO", "2023-05-15"),
    ("FREQ=YEARLY;BYWEEKNO=1;BYDAY=MO", "2023-01-02"),
    ("FREQ=YEARLY", "2024-02-29"),
    ("FREQ=YEARLY;BYMONTH=1,2,3", "2023-01-31"),
    ("FREQ=WEEKLY;INTERVAL=3;BYDAY=WE,TU;WKST=SA", "2023-01-18"),
    ("FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", "2023-01-31"),
]
ICALJS = Path(__file__).resolve().parent / "icaljs"
CHECK = os.environ.get("LIBICAL_CHECK")


@pytest.fixture(scope="module")
def plan(tmp_path_factory):
    lines = ["plan: { id: shapes, title: Shapes, timezone: Europe/Berlin,",
             "        period: { from: 2023-01-01, to: 2025-12-31 }, published: 2023-01-02T08:00 }",
             "outlets: { A: { name: A, kind: tv } }", "activities:"]
    for i, (rule, start) in enumerate(WRITTEN + LISTED):
        lines.append(f'  - {{ id: s{i}, title: "{rule} from {start}", kind: broadcast, outlet: A, '
                     f'start: {start}T10:00, rrule: "{rule}", duration: PT45M }}')
    path = tmp_path_factory.mktemp("shapes") / "shapes.yaml"
    path.write_text("\n".join(lines) + "\n")
    return str(path)


def want(plan):
    occurrences = json.loads(castcal("expand", "--format", "json", plan))
    show = lambda t: datetime.fromisoformat(t).astimezone(timezone.utc).strftime(
        "%Y-%m-%dT%H:%M:%S.000Z")
    return sorted([show(o["start"]), show(o["end"]), o["title"]] for o in occurrences)


def feed(plan, directory):
    path = Path(directory) / "feed.ics"
    path.write_bytes(castcal("ics", "--mode", "rrule", plan))
    return path


def test_recurring_ical_events_expands_every_shape_to_the_occurrences(plan):
    calendar = icalendar.Calendar.from_ical(castcal("ics", "--mode", "rrule", plan))
    show = lambda t: t.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    got = sorted([show(e.decoded("DTSTART")), show(e.decoded("DTEND")), str(e["SUMMARY"])]
                 for e in recurring_ical_events.of(calendar).between(date(2020, 1, 1),
                                                                     date(2030, 1, 1)))
    assert got == want(plan)


@pytest.mark.skipif(not (ICALJS / "node_modules" / "ical.js").is_dir(),
                    reason="needs node and `npm ci` in tests/interop/icaljs (./run does it)")
def test_icaljs_expands_every_shape_to_the_occurrences(plan, tmp_path):
    out = subprocess.run(["node", str(ICALJS / "expand.mjs"), str(feed(plan, tmp_path))],
                         check=True, capture_output=True).stdout
    assert sorted(json.loads(out)) == want(plan)


@pytest.mark.skipif(not CHECK and os.environ.get("CI") != "true",
                    reason="needs libical (tests/interop/run builds the checker)")
def test_libical_expands_every_shape_to_the_occurrences(plan, tmp_path):
    out = subprocess.run([CHECK, str(feed(plan, tmp_path))], check=True,
                         capture_output=True).stdout
    found = json.loads(out)
    assert found["errors"] == []
    assert sorted(found["instances"]) == want(plan)
