"""`castcal check --against`: the station grid expanded by recurring-ical-events
must collide with exactly the slots castcal reports."""
import json
import os
import subprocess
from datetime import date, datetime, timezone

import icalendar
import recurring_ical_events

from conftest import ROOT

GRID = ROOT / "tests" / "cases" / "grid-kg.ics"


def run_check(*args: str) -> tuple[int, dict]:
    binary = os.environ.get("CASTCAL_BIN", str(ROOT / "target" / "debug" / "castcal"))
    out = subprocess.run([binary, "check", "--format", "json", *args], cwd=ROOT,
                         capture_output=True, check=False)
    return out.returncode, json.loads(out.stdout)


def grid_slots():
    cal = icalendar.Calendar.from_ical(GRID.read_bytes())
    start = datetime(2023, 1, 1, tzinfo=timezone.utc)
    end = datetime(2024, 1, 2, tzinfo=timezone.utc)
    for e in recurring_ical_events.of(cal).between(start, end):
        s = e["DTSTART"].dt
        if not isinstance(s, datetime):
            continue  # all-day
        if str(e.get("TRANSP", "")).upper() == "TRANSPARENT":
            continue
        if str(e.get("STATUS", "")).upper() == "CANCELLED":
            continue
        yield s, e["DTEND"].dt if "DTEND" in e else s + e["DURATION"].dt


def test_grid_conflicts_match_an_independent_expansion(occurrences):
    theirs = list(grid_slots())
    expected = set()
    for o in occurrences:
        if o["all_day"] or o["outlet"] != "KG":
            continue
        s, e = datetime.fromisoformat(o["start"]), datetime.fromisoformat(o["end"])
        if any(ts < e and s < te for ts, te in theirs):
            expected.add(o["uid"])
    code, report = run_check("--against", f"KG={GRID}")
    got = {f["uids"][0] for f in report["findings"] if f["code"] == "grid-conflict"}
    assert code == 1
    assert got == expected
    assert len(got) == 4


def test_the_json_schema_is_the_documented_one():
    code, report = run_check()
    assert code == 0
    assert set(report) == {"findings", "budget", "summary"}
    for f in report["findings"]:
        # The fields of the first schema, none renamed or removed, then the new.
        assert set(f) == {"code", "severity", "message", "plan", "activity", "date",
                          "start", "end", "outlet", "uids",
                          "fix", "file", "line", "column", "related", "title", "accepted",
                          "reason"}
        assert f["severity"] in {"error", "warning", "note"}
        if f["date"] is not None:
            date.fromisoformat(f["date"])
        # Every finding of this plan points at a line of its file.
        lines = (ROOT / f["file"]).read_text(encoding="utf-8").splitlines()
        assert 1 <= f["line"] <= len(lines) and f["column"] >= 1
        assert isinstance(f["accepted"], bool)
        for r in f["related"]:
            assert set(r) == {"file", "line", "column"}
    assert set(report["budget"]) == {"lines", "total_vnd"}
    assert report["budget"]["total_vnd"] == 428596816
    assert set(report["summary"]) == {"plans", "occurrences", "errors", "warnings", "notes"}
