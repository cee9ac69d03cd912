"""Python's csv module reads `castcal csv`: every row equals its occurrence."""
import csv
import io
from datetime import date, datetime, timedelta

import pytest

from conftest import castcal

EN_HEADER = ["Date", "Weekday", "Start", "End", "End date", "All day", "Outlet",
             "Outlet name", "Activity", "Title", "Kind", "Role", "Status", "Holiday",
             "Lead", "Partners", "Budget (VND)", "Plan", "UID"]
VI_ROLE = {"lần đầu": "premiere", "phát lại": "rerun"}
VI_STATUS = {"chính thức": "confirmed", "dự kiến": "tentative"}
VI_ALL_DAY = {"có": True, "không": False}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def read(data: bytes, delimiter: str, encoding: str = "utf-8") -> tuple:
    """The header, and the rows as dicts keyed by the English header, in file order."""
    text = data.decode(encoding)
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    assert all(len(r) == len(EN_HEADER) for r in rows)
    return [dict(zip(EN_HEADER, r)) for r in rows[1:]], rows[0]


def text(cell: str) -> str:
    """A text cell as castcal had it, without the `'` that neutralises a formula."""
    if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS):
        return cell[1:]
    return cell


def expected(o: dict) -> dict:
    """What the CSV must say about an occurrence, in the English file's terms."""
    if o["all_day"]:
        start = date.fromisoformat(o["start"])
        last = date.fromisoformat(o["end"]) - timedelta(days=1)
        times = ("", "")
    else:
        s, e = datetime.fromisoformat(o["start"]), datetime.fromisoformat(o["end"])
        start, last = s.date(), e.date()
        times = (s.strftime("%H:%M"), e.strftime("%H:%M"))
    return {"date": start, "end_date": last, "times": times, "all_day": o["all_day"],
            "outlet": o["outlet"] or "", "role": o["role"], "status": o["status"],
            "holiday": o["holiday"] or "", "uid": o["uid"], "title": o["title"],
            "activity": o["activity"], "plan": o["plan"], "kind": o["kind"]}


def actual_en(r: dict) -> dict:
    return {"date": date.fromisoformat(r["Date"]),
            "end_date": date.fromisoformat(r["End date"]),
            "times": (r["Start"], r["End"]), "all_day": {"yes": True, "no": False}[r["All day"]],
            "outlet": text(r["Outlet"]), "role": r["Role"], "status": r["Status"],
            "holiday": text(r["Holiday"]), "uid": text(r["UID"]), "title": text(r["Title"]),
            "activity": text(r["Activity"]), "plan": text(r["Plan"]), "kind": r["Kind"]}


def actual_vi(r: dict) -> dict:
    dmy = lambda s: datetime.strptime(s, "%d/%m/%Y").date()  # noqa: E731
    a = actual_en({**r, "Date": "2000-01-01", "End date": "2000-01-01", "All day": "no",
                   "Role": VI_ROLE[r["Role"]], "Status": VI_STATUS[r["Status"]]})
    a.update(date=dmy(r["Date"]), end_date=dmy(r["End date"]), all_day=VI_ALL_DAY[r["All day"]])
    return a


@pytest.mark.parametrize("delimiter", [",", ";"])
@pytest.mark.parametrize("excel", [False, True])
def test_every_row_is_its_occurrence_in_english(occurrences, delimiter, excel):
    args = ["csv", "--lang", "en", "--delimiter", delimiter] + (["--excel"] if excel else [])
    data = castcal(*args)
    assert data.startswith(b"\xef\xbb\xbf") == excel
    rows, header = read(data, delimiter, "utf-8-sig")
    assert header == EN_HEADER
    assert len(rows) == len(occurrences)
    for r, o in zip(rows, occurrences):
        want = expected(o)
        got = actual_en(r)
        assert got == want
        assert r["Weekday"] == want["date"].strftime("%a")


@pytest.mark.parametrize("delimiter", [",", ";"])
def test_every_row_is_its_occurrence_in_vietnamese(occurrences, delimiter):
    data = castcal("csv", "--lang", "vi", "--excel", "--delimiter", delimiter)
    rows, header = read(data, delimiter, "utf-8-sig")
    assert header[0] == "Ngày" and header[-1] == "UID"
    assert len(rows) == len(occurrences)
    weekdays = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"]
    for r, o in zip(rows, occurrences):
        want = expected(o)
        got = actual_vi(r)
        want.pop("kind"), got.pop("kind")
        assert got == want
        assert r["Weekday"] == weekdays[want["date"].weekday()]


def test_the_budget_column_adds_up_to_the_plan_budget():
    rows, _ = read(castcal("csv", "--lang", "en"), ",")
    budgets = [int(r["Budget (VND)"]) for r in rows if r["Budget (VND)"]]
    assert sum(budgets) == 428_596_816
    assert all(r["Role"] == "premiere" for r in rows if r["Budget (VND)"])


def test_the_bytes_are_crlf_utf8_without_a_sep_line():
    data = castcal("csv")
    data.decode("utf-8")
    assert data.endswith(b"\r\n")
    assert data.count(b"\n") == data.count(b"\r\n")
    assert not data.lower().startswith(b"sep=")
