"""The hour repeated when clocks go back, read by the three engines.

Slots in Berlin on 29 October 2023 (02:00-03:00 happens twice) and New York
on 5 November 2023 (01:00-02:00): one starting in the first instance of the
hour and ending in the second, one inside the first, one ending in it, one
from before it to its second instance, and daily and weekly series through
the change (a plan's wall-clock time in the hour is its first instance, so
no slot starts in the second). In both modes, recurring-ical-events (with
its defaults: `of(calendar)`, which moves UTC times into any X-WR-TIMEZONE),
ical.js and libical must read the feed as exactly castcal's occurrences.

The first slot is the one recurring-ical-events 3.8.2 read wrong while the
feed had `X-WR-TIMEZONE`: written `DTSTART:20231029T003000Z` and
`DTEND:20231029T011500Z`, it was over by 00:30Z. "through", from
before the hour to its second instance, has its start in UTC as its end is:
the library adds an event's length to a local start in wall-clock time.
"""
import json
import os
import shutil
import subprocess
from datetime import date, datetime, timezone
from pathlib import Path

import icalendar
import pytest
import recurring_ical_events

from conftest import castcal

ICALJS = Path(__file__).resolve().parent / "icaljs"
CHECK = os.environ.get("LIBICAL_CHECK")
MODES = ["instances", "rrule"]

PLANS = {
    "berlin": ("Europe/Berlin", [
        ("across", "2023-10-29T02:30", None, "PT45M"),
        ("inside", "2023-10-29T02:10", None, "PT20M"),
        ("into", "2023-10-29T01:40", None, "PT50M"),
        ("through", "2023-10-29T01:30", None, "PT2H"),
        ("nightly", "2023-10-27T02:30", "FREQ=DAILY;COUNT=4", "PT45M"),
        ("weekly", "2023-10-15T02:45", "FREQ=WEEKLY;COUNT=4", "PT30M"),
    ]),
    "new-york": ("America/New_York", [
        ("across", "2023-11-05T01:30", None, "PT45M"),
        ("inside", "2023-11-05T01:05", None, "PT20M"),
        ("into", "2023-11-05T00:40", None, "PT50M"),
        ("through", "2023-11-05T00:30", None, "PT2H"),
        ("nightly", "2023-11-03T01:30", "FREQ=DAILY;COUNT=4", "PT45M"),
        ("weekly", "2023-10-22T01:45", "FREQ=WEEKLY;COUNT=4", "PT30M"),
    ]),
}


@pytest.fixture(scope="module")
def plans(tmp_path_factory):
    directory = tmp_path_factory.mktemp("fold")
    files = []
    for ident, (zone, activities) in PLANS.items():
        lines = [f"plan: {{ id: {ident}, title: {ident}, timezone: {zone}, "
                 "period: { from: 2023-10-01, to: 2023-11-30 }, published: 2023-10-01T08:00 }",
                 "outlets: { TV: { name: TV, kind: tv } }", "activities:"]
        for aid, start, rule, duration in activities:
            rrule = f', rrule: "{rule}"' if rule else ""
            lines.append(f"  - {{ id: {aid}, title: {ident} {aid}, kind: broadcast, outlet: TV, "
                         f"start: {start}{rrule}, duration: {duration} }}")
        path = directory / f"{ident}.yaml"
        path.write_text("\n".join(lines) + "\n")
        files.append(str(path))
    return files


def want(files):
    show = lambda t: datetime.fromisoformat(t).astimezone(timezone.utc).strftime(
        "%Y-%m-%dT%H:%M:%S.000Z")
    occurrences = json.loads(castcal("expand", "--format", "json", *files))
    return sorted([show(o["start"]), show(o["end"]), o["title"]] for o in occurrences)


def feed(files, mode, directory):
    path = Path(directory) / f"{mode}.ics"
    path.write_bytes(castcal("ics", "--mode", mode, *files))
    return path


def test_the_plans_reach_into_the_repeated_hour(plans):
    # Ends in the second instance of the hour: 02:15+01:00 is 01:15Z.
    assert ["2023-10-29T00:30:00.000Z", "2023-10-29T01:15:00.000Z", "berlin across"] in want(plans)
    assert ["2023-11-05T05:30:00.000Z", "2023-11-05T06:15:00.000Z",
            "new-york across"] in want(plans)


@pytest.mark.parametrize("mode", MODES)
def test_recurring_ical_events_with_its_defaults(plans, mode, tmp_path):
    calendar = icalendar.Calendar.from_ical(feed(plans, mode, tmp_path).read_bytes())
    assert "X-WR-TIMEZONE" not in calendar
    show = lambda t: t.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    got = sorted([show(e.decoded("DTSTART")), show(e.decoded("DTEND")), str(e["SUMMARY"])]
                 for e in recurring_ical_events.of(calendar).between(date(2023, 9, 1),
                                                                     date(2024, 1, 1)))
    assert got == want(plans)


@pytest.mark.skipif(shutil.which("node") is None
                    or not (ICALJS / "node_modules" / "ical.js").is_dir(),
                    reason="needs node and `npm ci` in tests/interop/icaljs (./run does it)")
@pytest.mark.parametrize("mode", MODES)
def test_icaljs(plans, mode, tmp_path):
    out = subprocess.run(["node", str(ICALJS / "expand.mjs"), str(feed(plans, mode, tmp_path))],
                         check=True, capture_output=True).stdout
    assert sorted(json.loads(out)) == want(plans)


@pytest.mark.skipif(not CHECK and os.environ.get("CI") != "true",
                    reason="needs libical (tests/interop/run builds the checker)")
@pytest.mark.parametrize("mode", MODES)
def test_libical(plans, mode, tmp_path):
    found = json.loads(subprocess.run([CHECK, str(feed(plans, mode, tmp_path))], check=True,
                                      capture_output=True).stdout)
    assert found["errors"] == []
    assert sorted(found["instances"]) == want(plans)


def test_the_line_would_make_recurring_ical_events_misread_the_hour(plans, tmp_path):
    """Why the feed has no X-WR-TIMEZONE: with the line put back, the
    library loses the second instance of the first slot's end (01:15Z,
    02:15+01:00) and has the slot over before it began."""
    text = feed(plans, "instances", tmp_path).read_bytes().replace(
        b"\r\nX-WR-CALNAME:", b"\r\nX-WR-TIMEZONE:Europe/Berlin\r\nX-WR-CALNAME:", 1)
    calendar = icalendar.Calendar.from_ical(text)
    [across] = [e for e in recurring_ical_events.of(calendar).between(date(2023, 10, 29),
                                                                      date(2023, 10, 30))
                if str(e["SUMMARY"]) == "berlin across"]
    start = across.decoded("DTSTART").astimezone(timezone.utc)
    end = across.decoded("DTEND").astimezone(timezone.utc)
    # Read right, it is 00:30Z to 01:15Z; with the line it is over by 00:30Z.
    assert (start, end) != (datetime(2023, 10, 29, 0, 30, tzinfo=timezone.utc),
                            datetime(2023, 10, 29, 1, 15, tzinfo=timezone.utc))
    assert end <= datetime(2023, 10, 29, 0, 30, tzinfo=timezone.utc)
