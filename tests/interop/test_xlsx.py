"""openpyxl and LibreOffice read `castcal xlsx`: typed cells, every row equal to
its occurrence, the budget total.

The LibreOffice test needs `soffice` (Debian: libreoffice-calc; .ci/run
installs it). Without it the test is skipped locally, and fails in CI
(CI=true).
"""
import csv
import io
import os
import shutil
import subprocess
import tempfile
from datetime import date, datetime, time, timedelta
from pathlib import Path

import openpyxl
import pytest

from conftest import castcal

TOTAL = 428_596_816
LANGS = {
    "vi": {"sheets": ["Lịch", "Kinh phí"], "total": "Tổng cộng", "date": "dd/mm/yyyy",
           "shown": "%d/%m/%Y"},
    "en": {"sheets": ["Calendar", "Budget"], "total": "Total", "date": "yyyy-mm-dd",
           "shown": "%Y-%m-%d"},
}


def expected(o: dict) -> dict:
    """What a row must hold for an occurrence, as Python values."""
    if o["all_day"]:
        start = date.fromisoformat(o["start"])
        last = date.fromisoformat(o["end"]) - timedelta(days=1)
        times = (None, None)
    else:
        s, e = datetime.fromisoformat(o["start"]), datetime.fromisoformat(o["end"])
        start, last = s.date(), e.date()
        times = (s.time().replace(tzinfo=None), e.time().replace(tzinfo=None))
    return {"date": start, "end_date": last, "times": times, "outlet": o["outlet"],
            "activity": o["activity"], "title": o["title"], "holiday": o["holiday"],
            "plan": o["plan"], "uid": o["uid"]}


def book(lang: str, *args: str) -> openpyxl.Workbook:
    data = castcal("xlsx", "--lang", lang, *args)
    return openpyxl.load_workbook(io.BytesIO(data))


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_cells_are_typed_and_match_expand(lang: str, occurrences: list) -> None:
    words = LANGS[lang]
    wb = book(lang)
    assert wb.sheetnames == words["sheets"]
    sheet = wb[words["sheets"][0]]
    rows = list(sheet.iter_rows(min_row=2))
    assert len(rows) == len(occurrences) + 1
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:S{len(occurrences) + 1}"
    budget = 0
    for o, row in zip(occurrences, rows):
        want = expected(o)
        cells = [c.value for c in row]
        # Dates are dates (openpyxl gives datetime at midnight), in the language's format.
        for k, key in ((0, "date"), (4, "end_date")):
            assert isinstance(cells[k], datetime), (k, cells[k])
            assert cells[k].date() == want[key] and cells[k].time() == time(0)
            assert row[k].is_date and row[k].number_format == words["date"]
        for k, t in zip((2, 3), want["times"]):
            if t is None:
                assert cells[k] is None
            else:
                assert isinstance(cells[k], time), cells[k]
                assert cells[k] == t and row[k].number_format == "hh:mm"
        for k, key in ((6, "outlet"), (8, "activity"), (9, "title"), (13, "holiday"),
                       (17, "plan"), (18, "uid")):
            assert cells[k] == want[key], (k, cells[k], want[key])
            assert row[k].data_type in ("s", "inlineStr", "n"), row[k].data_type
            if cells[k] is not None:
                assert isinstance(cells[k], str)
        if cells[16] is not None:
            assert isinstance(cells[16], int) and row[16].number_format == "#,##0"
            assert o["role"] == "premiere"
            budget += cells[16]
    assert budget == TOTAL
    total = rows[-1]
    assert total[0].value == words["total"]
    # openpyxl reads formulas as their text; the stored value is LibreOffice's test below.
    assert total[16].value == f"=SUM(Q2:Q{len(occurrences) + 1})"
    values = openpyxl.load_workbook(io.BytesIO(castcal("xlsx", "--lang", lang)), data_only=True)
    assert list(values[words["sheets"][0]].iter_rows(values_only=True))[-1][16] == TOTAL
    lines = list(values[words["sheets"][1]].iter_rows(min_row=2, values_only=True))
    assert lines[-1][0] == words["total"] and lines[-1][3] == TOTAL
    assert sum(line[3] or 0 for line in lines[:-1]) == TOTAL


def require_soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    message = "soffice not installed (Debian: apt-get install libreoffice-calc)"
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true and {message}")
    print(f"\nSKIPPED the LibreOffice test: {message}")
    pytest.skip(message)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_libreoffice_opens_it_with_dates_as_dates(lang: str, occurrences: list) -> None:
    soffice = require_soffice()
    words = LANGS[lang]
    with tempfile.TemporaryDirectory(prefix="castcal-soffice-") as tmp:
        tmp = Path(tmp)
        name = f"book-{lang}"
        (tmp / f"{name}.xlsx").write_bytes(castcal("xlsx", "--lang", lang))
        # UTF-8, cells as shown: the dates in the file's own format.
        run = subprocess.run(
            [soffice, f"-env:UserInstallation=file://{tmp}/profile", "--headless",
             "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true",
             "--outdir", str(tmp / "out"), str(tmp / f"{name}.xlsx")],
            capture_output=True, timeout=180, check=False)
        out = tmp / "out" / f"{name}.csv"
        assert run.returncode == 0 and out.exists(), run.stderr.decode(errors="replace")
        rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"), newline="")))
    assert len(rows) == len(occurrences) + 2
    for o, row in zip(occurrences, rows[1:]):
        want = expected(o)
        assert row[0] == want["date"].strftime(words["shown"])
        assert row[4] == want["end_date"].strftime(words["shown"])
        assert (row[2], row[3]) == tuple(t.strftime("%H:%M") if t else "" for t in want["times"])
        assert row[9] == want["title"] and row[18] == want["uid"]
    # The total as LibreOffice shows it: thousands grouped, by the locale's mark.
    assert rows[-1][0] == words["total"]
    shown = rows[-1][16]
    assert shown.replace(",", "").replace(".", "").replace("\u00a0", "") == str(TOTAL)
    assert shown != str(TOTAL), shown


# The columns of the calendar sheet and of the budget sheet, in Vietnamese.
CALENDAR_COLUMNS = ["Ngày", "Thứ", "Giờ bắt đầu", "Giờ kết thúc", "Ngày kết thúc", "Cả ngày",
                    "Mã kênh", "Tên kênh", "Mã hoạt động", "Nội dung", "Loại", "Lượt phát",
                    "Trạng thái", "Ngày lễ", "Chủ trì", "Phối hợp", "Kinh phí (đồng)",
                    "Kế hoạch", "UID"]
BUDGET_COLUMNS = ["Kế hoạch", "Mã hoạt động", "Nội dung", "Kinh phí (đồng)"]


def test_libreoffice_prints_the_sheets_on_a_few_landscape_pages_every_column_on_each() -> None:
    """LibreOffice's PDF of lich-vi.xlsx for the real plan: at most 3 A4
    landscape pages, each with the header row (every column: none split off
    onto a page of its own) and the footer with the plan and the page."""
    soffice = require_soffice()
    with tempfile.TemporaryDirectory(prefix="castcal-soffice-") as tmp:
        tmp = Path(tmp)
        (tmp / "lich-vi.xlsx").write_bytes(castcal("xlsx", "--lang", "vi"))
        run = subprocess.run(
            [soffice, f"-env:UserInstallation=file://{tmp}/profile", "--headless",
             "--convert-to", "pdf", "--outdir", str(tmp / "out"), str(tmp / "lich-vi.xlsx")],
            capture_output=True, timeout=180, check=False)
        pdf = tmp / "out" / "lich-vi.pdf"
        assert run.returncode == 0 and pdf.exists(), run.stderr.decode(errors="replace")
        info = subprocess.run(["pdfinfo", "-f", "1", "-l", "99", str(pdf)],
                              capture_output=True, text=True, check=True).stdout
        pages = int(next(l for l in info.splitlines() if l.startswith("Pages:")).split()[1])
        assert 1 <= pages <= 3, info
        sizes = [l.split(":", 1)[1].split("pts")[0].split(" x ")
                 for l in info.splitlines() if l.startswith("Page") and "size" in l]
        assert len(sizes) == pages
        for w, h in sizes:
            assert (round(float(w)), round(float(h))) == (842, 595), info
        texts = [subprocess.run(["pdftotext", "-f", str(p), "-l", str(p), "-raw", str(pdf), "-"],
                                capture_output=True, text=True, check=True).stdout
                 for p in range(1, pages + 1)]
    calendar = [t for t in texts if "UID" in t]
    assert calendar and len(calendar) + 1 == pages, [t[:200] for t in texts]
    words = lambda t: " ".join(t.split())
    for k, text in enumerate(texts, 1):
        columns = CALENDAR_COLUMNS if text in calendar else BUDGET_COLUMNS
        missing = [c for c in columns if " ".join(c.split()) not in words(text)
                   and not all(w in text.split() for w in c.split())]
        assert not missing, (k, missing)
        assert f"Trang {k}/{pages}" in text, text[-300:]
        assert "Kế hoạch CCHC 2023" in text
    # Every occurrence is printed, once: its first and last day.
    import re
    assert sum(len(re.findall(r"\b\d\d/\d\d/2023\b", t)) for t in calendar) == 2 * 66
