"""The built-in Vietnamese calendar (`castcal holidays YEAR --format json`)
against the python `holidays` package's VN calendar, day by day, and Tết's
published dates against two lunar calendars.

A day may differ from the package only where a government notice shows the
package wrong: each such day is in KNOWN_DIFFERENCES with its notice, and
docs/reference/holidays.md lists them too.
"""
import json
from datetime import date, timedelta
from pathlib import Path

import holidays
import pytest
from holidays.calendars.chinese import VIETNAMESE_CALENDAR, _ChineseLunisolar
from lunardate import LunarDate

from conftest import ROOT, castcal

# Years whose notices castcal keeps, and years it estimates.
ANNOUNCED = range(2023, 2027)
ESTIMATED = range(2027, 2031)

# Each day on which castcal and holidays 0.109 disagree, and the notice that
# shows the package wrong.
KNOWN_DIFFERENCES = {
    date(2026, 1, 2): "a day off: Friday swapped for Saturday 10/01/2026, "
                      "letter 12729/VPCP-KGVX of 25/12/2025",
    date(2026, 1, 10): "a working Saturday, for Friday 02/01/2026, "
                       "letter 12729/VPCP-KGVX of 25/12/2025",
}


def calendar(year: int) -> dict:
    return json.loads(castcal("holidays", str(year), "--format", "json", "--lang", "en"))


def working_days(cal: dict) -> set:
    """Every working day of the year: Monday to Friday but the days off,
    and the make-up working days."""
    off = {date.fromisoformat(d["date"]) for d in cal["days_off"]}
    worked = {date.fromisoformat(d["date"]) for d in cal["working_days"]}
    day, out = date(cal["year"], 1, 1), set()
    while day.year == cal["year"]:
        if (day.weekday() < 5 and day not in off) or day in worked:
            out.add(day)
        day += timedelta(days=1)
    return out


@pytest.mark.parametrize("year", [*ANNOUNCED, *ESTIMATED])
def test_every_day_agrees_with_the_holidays_package(year):
    cal = calendar(year)
    assert cal["year"] == year
    assert cal["provisional"] == (year in ESTIMATED)
    ours = working_days(cal)
    theirs = holidays.country_holidays("VN", years=year)
    day, differ = date(year, 1, 1), set()
    while day.year == year:
        if (day in ours) != theirs.is_working_day(day):
            differ.add(day)
        day += timedelta(days=1)
    known = {d for d in KNOWN_DIFFERENCES if d.year == year}
    assert differ == known, {d: (d in ours) for d in differ ^ known}


def test_the_package_version_is_the_one_compared():
    assert holidays.__version__ == "0.109"


def tet_table() -> list:
    path = ROOT / "tests" / "data" / "tet-2000-2050.tsv"
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        cells = line.split("\t")
        china = date.fromisoformat(cells[2]) if len(cells) > 2 else None
        rows.append((int(cells[0]), date.fromisoformat(cells[1]), china))
    return rows


def test_tet_table_against_the_holidays_package():
    vietnam = _ChineseLunisolar(VIETNAMESE_CALENDAR)
    rows = tet_table()
    assert [y for y, _, _ in rows] == list(range(2000, 2051))
    for year, tet, _ in rows:
        assert vietnam.lunar_new_year_date(year)[0] == tet, year


def test_tet_table_against_china_differs_in_2007_and_2030_only():
    for year, tet, china in tet_table():
        lunardate = LunarDate(year, 1, 1).to_solar_date()
        if year in (2007, 2030):
            assert (china, tet) == (lunardate, lunardate - timedelta(days=1)), year
        else:
            assert (china, tet) == (None, lunardate), year


@pytest.mark.parametrize("year", [*ANNOUNCED, *ESTIMATED])
def test_tet_and_hung_kings_day_are_the_package_s(year):
    """Tết's first day and the Hùng Kings' day are where the package's
    Vietnamese lunar calendar puts them."""
    cal = calendar(year)
    vietnam = _ChineseLunisolar(VIETNAMESE_CALENDAR)
    names = {}
    for d in cal["days_off"]:
        names.setdefault(d["name"], []).append(date.fromisoformat(d["date"]))
    assert vietnam.lunar_new_year_date(year)[0] in names["Lunar New Year (Tết)"]
    assert names["Hùng Kings' Commemoration Day"] == [vietnam.hung_kings_date(year)[0]]
