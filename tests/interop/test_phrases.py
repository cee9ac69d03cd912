"""`when:` phrases expanded by castcal against python-dateutil and holidays.

Each row of tests/phrases/table.tsv is a phrase and the rule it must mean.
castcal reads the phrase in a schedule file and expands it; dateutil
expands the row's RRULE from its DTSTART over the plan's year, minus its
EXDATE days, plus its RDATE days; the two lists of premieres must be the
same. Deadlines counted in working days are counted again here with the
`holidays` package's Vietnamese calendar, and must be the row's days.
"""
import json
import re
import subprocess
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path

import holidays
import pytest
from dateutil.rrule import rrulestr

from conftest import ROOT, castcal

TABLE = ROOT / "tests" / "phrases" / "table.tsv"


def rows() -> list:
    out = []
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        f = line.split("\t")
        assert len(f) == 9, line
        listed = lambda s: [] if s == "-" else s.split(",")
        out.append({
            "phrase": f[0], "year": int(f[1]), "kind": f[2],
            "duration": None if f[3] == "-" else f[3], "start": f[4],
            "rrule": None if f[5] == "-" else f[5], "exdates": listed(f[6]),
            "rdates": listed(f[7]),
        })
    return out


def schedule(row: dict) -> str:
    outlet = "    outlet: KG\n" if row["kind"] == "broadcast" else ""
    duration = f"    duration: {row['duration']}\n" if row["duration"] else ""
    return (
        "plan: { id: p, title: P, timezone: Asia/Ho_Chi_Minh, "
        f"period: {{ from: {row['year']}-01-01, to: {row['year']}-12-31 }}, holidays: [VN] }}\n"
        "outlets:\n  KG: { name: KG, kind: tv }\n"
        "activities:\n  - id: a\n    title: A\n"
        f"    kind: {row['kind']}\n{outlet}    when: \"{row['phrase']}\"\n{duration}"
    )


def castcal_starts(row: dict) -> list:
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "plan.yaml"
        path.write_text(schedule(row), encoding="utf-8")
        listed = json.loads(castcal("expand", "--format", "json", str(path)))
    out = []
    for o in listed:
        if o["role"] != "premiere":
            continue
        # Local wall-clock time, without its offset: 2023-01-18T17:45.
        out.append(o["start"][:16] if not o["all_day"] else o["start"])
    return out


def parse(text: str) -> datetime:
    return datetime.fromisoformat(text) if "T" in text else datetime.fromisoformat(text + "T00:00")


def dateutil_starts(row: dict) -> list:
    start = parse(row["start"])
    timed = "T" in row["start"]
    show = (lambda t: t.strftime("%Y-%m-%dT%H:%M")) if timed else (lambda t: t.strftime("%Y-%m-%d"))
    at = lambda d: show(parse(d).replace(hour=start.hour, minute=start.minute))
    if row["rrule"]:
        rule = rrulestr(row["rrule"], dtstart=start)
        first = datetime(row["year"], 1, 1)
        last = datetime(row["year"], 12, 31, 23, 59, 59)
        days = [show(t) for t in rule.between(first, last, inc=True)]
        removed = {at(d) for d in row["exdates"]}
        days = [d for d in days if d not in removed]
    else:
        days = [show(start)]
    return sorted(set(days) | {at(d) for d in row["rdates"]})


ROWS = rows()


def test_the_table_has_sixty_phrases():
    assert len(ROWS) >= 60


@pytest.mark.parametrize("row", ROWS, ids=[r["phrase"] for r in ROWS])
def test_castcal_expands_the_phrase_as_dateutil_the_rule(row):
    assert castcal_starts(row) == dateutil_starts(row)


WORKING = [r for r in ROWS if "ngày làm việc" in r["phrase"]]


def working_deadlines(phrase: str, year: int) -> list:
    vn = holidays.country_holidays("VN", years=[year, year + 1])
    working = vn.is_working_day
    if "cuối cùng của tháng" in phrase:
        out = []
        for m in range(1, 13):
            d = date(year + (m == 12), m % 12 + 1, 1) - timedelta(days=1)
            while not working(d):
                d -= timedelta(days=1)
            out.append(d)
        return out
    n = int(re.match(r"trong (\d+) ngày", phrase).group(1))
    if phrase.endswith("6 tháng"):
        ends = [6, 12]
    elif phrase.endswith("quý"):
        ends = [3, 6, 9, 12]
    elif phrase.endswith("năm"):
        ends = [12]
    else:
        ends = list(range(1, 13))
    out = []
    for m in ends:
        d = date(year + (m == 12), m % 12 + 1, 1) - timedelta(days=1)
        counted = 0
        while counted < n:
            d += timedelta(days=1)
            counted += working(d)
        out.append(d)
    return out


@pytest.mark.parametrize("row", WORKING, ids=[r["phrase"] for r in WORKING])
def test_working_day_deadlines_are_the_holidays_package_s(row):
    want = [d.isoformat() for d in working_deadlines(row["phrase"], row["year"])]
    assert [row["start"], *row["rdates"]] == want
    assert castcal_starts(row) == want
