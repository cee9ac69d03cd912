"""The printed year: headless Chromium prints `castcal print` to PDF, and
poppler's pdftotext reads the pages back.

Needs `chromium` and `pdftotext` (Debian: chromium, poppler-utils; .ci/run
installs them). Without them the test is skipped locally, and fails in CI
(CI=true), where a skipped browser test would hide a broken calendar.
"""
import shutil
import subprocess
import os
import re
import tempfile
from datetime import date, timedelta
from pathlib import Path

import pytest

from conftest import castcal

TOOLS = ("chromium", "pdftotext")


def require_tools() -> None:
    missing = [t for t in TOOLS if shutil.which(t) is None]
    if not missing:
        return
    message = f"{', '.join(missing)} not installed (Debian: apt-get install chromium poppler-utils)"
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true and {message}")
    print(f"\nSKIPPED the browser test: {message}")
    pytest.skip(message)


def print_to_pdf(html: Path, pdf: Path) -> None:
    profile = tempfile.mkdtemp(prefix="castcal-chromium-")
    try:
        subprocess.run(
            ["chromium", "--headless", "--no-sandbox", "--disable-gpu",
             "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
             "--no-pdf-header-footer", f"--print-to-pdf={pdf}", str(html)],
            check=True, capture_output=True, timeout=180,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module", params=["vi", "en"])
def printed(request, tmp_path_factory):
    """(lang, [text of each page]) of the real plan's calendar printed by Chromium."""
    require_tools()
    lang = request.param
    folder = tmp_path_factory.mktemp(f"print-{lang}")
    html, pdf = folder / "year.html", folder / "year.pdf"
    castcal("print", "--lang", lang, "-o", str(html))
    print_to_pdf(html, pdf)
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"],
                          check=True, capture_output=True).stdout.decode("utf-8")
    pages = text.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return lang, pages


def month_names(lang: str) -> list:
    if lang == "vi":
        return [f"Tháng {m} 2023" for m in range(1, 13)]
    return [f"{name} 2023" for name in (
        "January", "February", "March", "April", "May", "June", "July",
        "August", "September", "October", "November", "December")]


def test_one_page_for_the_year_then_one_per_quarter(printed):
    # Page 1: the twelve months and the legend. Then the list, each quarter
    # from a new page (its three months fit on one A4 landscape sheet).
    _, pages = printed
    assert len(pages) == 5


def test_page_one_holds_all_twelve_months_and_the_legend(printed):
    lang, pages = printed
    first = " ".join(pages[0].split())
    for name in month_names(lang):
        assert name in first, name
    for code_title in ("Chuyên mục: Công tác cải cách hành chính",
                       "Báo cáo năm tình hình thực hiện"):
        assert code_title in first
    # The last day off of the legend, and the lunar dates under the days:
    # the leap month 2 of 2023 starts on 22/03.
    assert "Tết Nguyên đán" in first and "Nghỉ bù Quốc khánh" in first
    assert ("1/2N" if lang == "vi" else "1/2L") in first
    # The list starts on page 2, not on page 1.
    heading = "Danh sách chi tiết" if lang == "vi" else "Every occurrence"
    assert heading not in first
    assert " ".join(pages[1].split()).startswith(heading)


def test_each_list_page_holds_one_quarter(printed):
    lang, pages = printed
    for quarter, page in enumerate(pages[1:]):
        text = " ".join(page.split())
        if lang == "vi":
            headings = re.findall(r"Tháng (\d+) năm 2023", text)
        else:
            headings = [str(i + 1) for i, name in enumerate(month_names("en"))
                        if re.search(rf"\b{name}\b", text)]
        assert headings == [str(quarter * 3 + m) for m in (1, 2, 3)], page[:200]


def test_the_list_holds_every_occurrence_date(printed, occurrences):
    _, pages = printed
    listed = " ".join(" ".join(pages[1:]).split())
    want = {}
    for o in occurrences:
        first = date.fromisoformat(o["start"][:10])
        days = [first]
        if o["all_day"]:
            last = date.fromisoformat(o["end"]) - timedelta(days=1)
            if last != first:
                days.append(last)
        for d in days:
            key = d.strftime("%d/%m/%Y")
            want[key] = want.get(key, 0) + 1
    assert len(want) > 40
    for day, count in sorted(want.items()):
        assert listed.count(day) >= count, f"{day}: {listed.count(day)} < {count}"
    # Every row of the list: one per occurrence (a date at the start of a row).
    rows = re.findall(r"\d\d/\d\d/2023(?: – \d\d/\d\d/2023)? (?:Thứ|Chủ|Mon|Tue|Wed|Thu|Fri|Sat|Sun)",
                      listed)
    assert len(rows) == len(occurrences)
