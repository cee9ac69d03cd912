"""Python's icalendar and recurring-ical-events read castcal's feeds and find
exactly the occurrences of `castcal expand --format json`, in both modes."""
from datetime import date, datetime, timedelta, timezone

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

import icalendar
import pytest
import recurring_ical_events

from conftest import castcal

RERUN_PREFIX = "[Phát lại] "
OUTLETS = [None, "KG", "KG1", "BKG", "BTBNV", "PANO"]
MODES = ["instances", "rrule"]


# A plan with daylight saving: slots in the skipped and the repeated hour,
# holiday moves, added and removed dates, COUNT rules, month windows.
BERLIN = "tests/cases/dst/berlin.yaml"
# Holiday skips and moves both ways, a slot ending in the repeated hour,
# reruns and a window reaching into the next year, past its spring change.
NEW_YORK = "tests/cases/new-york/new-york.yaml"
# Clocks that move by 30 minutes: a slot whose end the gap pushes back by
# half an hour (its wall-clock length doubles), one that ends in the
# repeated half hour.
LORD_HOWE = "tests/cases/lord-howe/lord-howe.yaml"
# Rule shapes engines read alike and some they do not (listed in rrule mode).
SHAPES = "tests/cases/engines/shapes.yaml"
ZONES = {BERLIN: "Europe/Berlin", NEW_YORK: "America/New_York",
         LORD_HOWE: "Australia/Lord_Howe"}


def feed(mode, outlet, *paths):
    args = ["ics", *paths, "--mode", mode]
    if outlet:
        args += ["--outlet", outlet]
    return castcal(*args)


def expected(occurrences, outlet):
    parse = lambda o, k: (date.fromisoformat(o[k]) if o["all_day"]
                          else utc(datetime.fromisoformat(o[k])))
    return list(
        (parse(o, "start"), parse(o, "end"), o["outlet"], o["role"], o["title"], o["uid"],
         o["status"].upper())
        for o in occurrences
        if outlet is None or o["outlet"] == outlet
    )


def utc(value):
    """An instant in UTC (aware datetimes in a repeated hour never compare equal
    across zones, PEP 495); dates stay dates."""
    return value.astimezone(timezone.utc) if isinstance(value, datetime) else value


def key(value):
    """Dates before date-times, then by instant (sortable across both kinds)."""
    return (isinstance(value, datetime), value)


def sort(rows):
    return sorted(rows, key=lambda r: (key(r[0]), key(r[1])) + tuple(str(x) for x in r[2:]))


def found(calendar, with_uid):
    events = recurring_ical_events.of(calendar).between(date(2020, 1, 1), date(2030, 1, 1))
    out = []
    for e in events:
        summary = str(e["SUMMARY"])
        role = str(e["X-CASTCAL-ROLE"])
        if role == "rerun":
            assert summary.startswith(RERUN_PREFIX), summary
            summary = summary[len(RERUN_PREFIX):]
        outlet = str(e["X-CASTCAL-OUTLET"]) if "X-CASTCAL-OUTLET" in e else None
        out.append((utc(e.decoded("DTSTART")), utc(e.decoded("DTEND")), outlet, role, summary,
                    str(e["UID"]) if with_uid else None, str(e["STATUS"])))
    return out


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("outlet", OUTLETS)
def test_every_reader_finds_exactly_the_occurrences(occurrences, mode, outlet):
    calendar = icalendar.Calendar.from_ical(feed(mode, outlet))
    want = expected(occurrences, outlet)
    if mode != "instances":
        want = [w[:5] + (None,) + w[6:] for w in want]
    got = found(calendar, with_uid=mode == "instances")
    assert sort(got) == sort(want)
    assert len(got) == len(want) > 0


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("plan,outlet", [(BERLIN, None), (BERLIN, "TV"), (BERLIN, "WEB"),
                                         (NEW_YORK, None), (NEW_YORK, "CH"),
                                         (NEW_YORK, "WEB"), (LORD_HOWE, None),
                                         (SHAPES, None)])
def test_a_daylight_saving_plan_reads_the_same(mode, plan, outlet):
    occurrences = json.loads(castcal("expand", "--format", "json", plan))
    calendar = icalendar.Calendar.from_ical(feed(mode, outlet, plan))
    want = expected(occurrences, outlet)
    if mode != "instances":
        want = [w[:5] + (None,) + w[6:] for w in want]
    got = found(calendar, with_uid=mode == "instances")
    # The slot ending in New York's repeated hour included: the feed has no
    # X-WR-TIMEZONE for recurring-ical-events to move its UTC end into.
    assert sort(got) == sort(want)
    assert len(got) == len(want) > 0
    zones = calendar.walk("VTIMEZONE")
    assert [str(z["TZID"]) for z in zones] == [ZONES.get(plan, "Asia/Ho_Chi_Minh")]


FALLBACK = "Night of the change"


@pytest.mark.parametrize("mode", MODES)
def test_a_slot_ending_in_the_repeated_hour_ends_after_it_starts(mode):
    calendar = icalendar.Calendar.from_ical(feed(mode, None, NEW_YORK))
    [event] = [e for e in calendar.walk("VEVENT") if str(e["SUMMARY"]) == FALLBACK]
    start, end = utc(event.decoded("DTSTART")), utc(event.decoded("DTEND"))
    assert start == datetime(2023, 11, 5, 5, 30, tzinfo=timezone.utc)
    assert end == datetime(2023, 11, 5, 6, 30, tzinfo=timezone.utc)
    # Both in UTC: ical.js reads a local time in the repeated hour as its
    # second instance, RFC 5545 as its first.
    assert event["DTSTART"].to_ical() == b"20231105T053000Z"
    assert event["DTEND"].to_ical() == b"20231105T063000Z"


@pytest.mark.parametrize("plan", [BERLIN, NEW_YORK, LORD_HOWE, None])
@pytest.mark.parametrize("mode", MODES)
def test_every_event_ends_after_it_starts(plan, mode):
    calendar = icalendar.Calendar.from_ical(feed(mode, None, *([plan] if plan else [])))
    for e in calendar.walk("VEVENT"):
        start, end = e.decoded("DTSTART"), e.decoded("DTEND")
        assert type(start) is type(end)
        assert key(utc(end)) > key(utc(start)), str(e["UID"])


@pytest.mark.parametrize("mode", MODES)
def test_the_calendar_names_itself_and_declares_its_zone(mode):
    text = feed(mode, None)
    assert text.startswith(b"BEGIN:VCALENDAR\r\n")
    calendar = icalendar.Calendar.from_ical(text)
    # A snapshot, not an iTIP message: no METHOD, hence no ORGANIZER needed.
    assert "METHOD" not in calendar
    assert not any("ORGANIZER" in e for e in calendar.walk("VEVENT"))
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["X-WR-CALNAME"]) == str(calendar["NAME"])
    # Every time has its zone: no X-WR-TIMEZONE (docs/reference/feed-time-zones.md).
    assert "X-WR-TIMEZONE" not in calendar
    zones = [c for c in calendar.walk("VTIMEZONE")]
    assert [str(z["TZID"]) for z in zones] == ["Asia/Ho_Chi_Minh"]
    standard = zones[0].walk("STANDARD")
    assert len(standard) == 1 and not zones[0].walk("DAYLIGHT")
    assert standard[0].decoded("TZOFFSETTO").total_seconds() == 7 * 3600
    tzids = {e["DTSTART"].params.get("TZID") for e in calendar.walk("VEVENT")}
    assert tzids <= {None, "Asia/Ho_Chi_Minh"}


def test_outlet_feeds_are_named_after_the_outlet():
    calendar = icalendar.Calendar.from_ical(feed("instances", "KG1"))
    assert str(calendar["X-WR-CALNAME"]).endswith(" – Đài PT-TH Kiên Giang – kênh KG1")


def test_reruns_point_at_their_premiere(occurrences):
    calendar = icalendar.Calendar.from_ical(feed("instances", None))
    by_uid = {o["uid"]: o for o in occurrences}
    reruns = [e for e in calendar.walk("VEVENT") if str(e["X-CASTCAL-ROLE"]) == "rerun"]
    assert len(reruns) == sum(o["role"] == "rerun" for o in occurrences) > 0
    for e in reruns:
        assert str(e["RELATED-TO"]) == by_uid[str(e["UID"])]["premiere_uid"]
    for e in calendar.walk("VEVENT"):
        if str(e["X-CASTCAL-ROLE"]) == "premiere":
            assert "RELATED-TO" not in e


def test_rrule_mode_uses_rules_and_points_reruns_at_the_premiere_series():
    text = feed("rrule", None)
    assert b"\r\nRRULE:FREQ=MONTHLY;BYDAY=3WE;UNTIL=20231231T165959Z\r\n" in text
    calendar = icalendar.Calendar.from_ical(text)
    masters = {str(e["UID"]): e for e in calendar.walk("VEVENT") if "RECURRENCE-ID" not in e}
    segment = masters["kg-cchc-2023.chuyen-muc-cchc@castcal"]
    assert "RRULE" in segment
    rerun = masters["kg-cchc-2023.chuyen-muc-cchc.r1@castcal"]
    assert "RRULE" not in rerun
    assert str(rerun["RELATED-TO"]) == "kg-cchc-2023.chuyen-muc-cchc@castcal"


def test_tentative_items_say_so(occurrences):
    calendar = icalendar.Calendar.from_ical(feed("instances", None))
    statuses = {str(e["UID"]): str(e["STATUS"]) for e in calendar.walk("VEVENT")}
    for o in occurrences:
        assert statuses[o["uid"]] == o["status"].upper()
    assert "TENTATIVE" in statuses.values() and "CONFIRMED" in statuses.values()


@pytest.mark.parametrize("mode", MODES)
def test_location_is_the_outlet_name(mode):
    names = {
        "KG": "Đài PT-TH Kiên Giang – kênh KG",
        "KG1": "Đài PT-TH Kiên Giang – kênh KG1",
        "BKG": "Báo Kiên Giang",
        "BTBNV": "Bản tin Bộ Nội vụ",
        "PANO": "Pano tuyên truyền CCHC",
    }
    calendar = icalendar.Calendar.from_ical(feed(mode, None))
    events = calendar.walk("VEVENT")
    for e in events:
        if "X-CASTCAL-OUTLET" in e:
            assert str(e["LOCATION"]) == names[str(e["X-CASTCAL-OUTLET"])]
        else:
            assert "LOCATION" not in e
    assert any("LOCATION" not in e for e in events)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("plan", [BERLIN, NEW_YORK, LORD_HOWE, None])
def test_each_vtimezone_read_alone_gives_the_zone_offsets(mode, plan):
    """dateutil builds a zone from the VTIMEZONE's own observances (not from
    its TZID): every instant from the period's start to the last end must
    get the IANA offset, reruns and windows after the period included."""
    from zoneinfo import ZoneInfo
    paths = [plan] if plan else []
    occurrences = json.loads(castcal("expand", "--format", "json", *paths))
    timed = [o for o in occurrences if not o["all_day"]]
    first = min(utc(datetime.fromisoformat(o["start"])) for o in timed)
    last = max(utc(datetime.fromisoformat(o["end"])) for o in timed)
    calendar = icalendar.Calendar.from_ical(feed(mode, None, *paths))
    [zone] = calendar.walk("VTIMEZONE")
    written = zone.to_tz(lookup_tzid=False)
    iana = ZoneInfo(str(zone["TZID"]))
    at = first.replace(hour=0, minute=0) - timedelta(days=1)
    while at <= last + timedelta(days=1):
        assert at.astimezone(written).utcoffset() == at.astimezone(iana).utcoffset(), at
        at += timedelta(minutes=30)
    if plan:
        # Regular zones are written as Outlook and Google write them: one
        # yearly DAYLIGHT and one yearly STANDARD observance.
        assert len(zone.walk("DAYLIGHT")) == len(zone.walk("STANDARD")) == 1
        assert all("RRULE" in o for o in zone.walk("DAYLIGHT") + zone.walk("STANDARD"))


ICALJS = Path(__file__).resolve().parent / "icaljs"


def icaljs_instances(text):
    """The instances ical.js (Thunderbird's engine) expands a feed to."""
    with tempfile.NamedTemporaryFile(suffix=".ics") as f:
        f.write(text)
        f.flush()
        out = subprocess.run(["node", str(ICALJS / "expand.mjs"), f.name],
                             check=True, capture_output=True).stdout
    return json.loads(out)


@pytest.mark.skipif(shutil.which("node") is None
                    or not (ICALJS / "node_modules" / "ical.js").is_dir(),
                    reason="needs node and `npm ci` in tests/interop/icaljs (./run does it)")
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("plan", [None, BERLIN, NEW_YORK, LORD_HOWE, SHAPES])
def test_thunderbirds_engine_finds_exactly_the_occurrences(mode, plan):
    paths = [plan] if plan else []
    occurrences = json.loads(castcal("expand", "--format", "json", *paths))
    show = lambda o, k: (o[k] if o["all_day"] else
                         utc(datetime.fromisoformat(o[k])).strftime("%Y-%m-%dT%H:%M:%S.000Z"))
    want = sorted([show(o, "start"), show(o, "end"),
                   (RERUN_PREFIX if o["role"] == "rerun" else "") + o["title"]]
                  for o in occurrences)
    got = sorted(icaljs_instances(feed(mode, None, *paths)))
    assert got == want
