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


# Pairs of Sharma, Wu and Dalal's test data for CIEDE2000, with their ΔE.
SHARMA = [
    ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
    ((50.0, -1.3802, -84.2814), (50.0, 0.0, -82.7485), 1.0000),
    ((50.0, 2.5, 0.0), (73.0, 25.0, -18.0), 27.1492),
    ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
    ((22.7233, 20.0904, -46.6940), (23.0331, 14.9730, -42.5619), 2.0373),
    ((90.9257, -0.5406, -0.9208), (88.6381, -0.8985, -0.7239), 1.5381),
]


def test_the_colour_difference_is_ciede2000():
    from ciede2000 import delta_e
    for one, other, want in SHARMA:
        assert abs(delta_e(one, other) - want) < 1e-4, (one, other)
        assert abs(delta_e(other, one) - want) < 1e-4


def test_no_printed_text_is_smaller_than_6_5_pt(printed_pdf):
    """Every character of the printed year, measured in the PDF Chromium
    prints: none under 6.5 pt (the lunar dates, the chips, the legend)."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTChar, LTContainer

    def chars(item):
        if isinstance(item, LTChar):
            yield item
        elif isinstance(item, LTContainer):
            for child in item:
                yield from chars(child)

    _, pdf = printed_pdf
    sizes = {}
    for number, page in enumerate(extract_pages(str(pdf)), 1):
        assert (round(page.width), round(page.height)) == (842, 595), number
        for c in chars(page):
            if c.get_text().strip():
                sizes.setdefault(round(c.size, 2), c.get_text())
    assert sizes, "no text in the PDF"
    assert min(sizes) >= 6.5 - 0.01, sorted(sizes.items())[:5]


def plan_of(n: int) -> str:
    activities = "".join(
        f"  - {{ id: a{k:02}, title: Activity {k}, kind: broadcast, outlet: KG,"
        f" start: 2023-01-{k + 1:02}T{8 + k % 10:02}:00, duration: PT10M }}\n"
        for k in range(n))
    return ("plan: { id: p, title: P, timezone: Asia/Ho_Chi_Minh,\n"
            "        period: { from: 2023-01-01, to: 2023-12-31 } }\n"
            "outlets: { KG: { name: KG, kind: tv } }\n"
            f"activities:\n{activities}")


@pytest.mark.parametrize("n", [9, 24])
def test_every_activity_of_up_to_24_has_a_colour_of_its_own(tmp_path, n):
    """The legend's chips: a letter each, and colours at least ΔE 2000 of 15
    apart from each other (and from the paper)."""
    from ciede2000 import delta_e, lab
    plan = tmp_path / "plan.yaml"
    plan.write_text(plan_of(n), encoding="utf-8")
    html = castcal("print", str(plan)).decode("utf-8")
    legend = html[html.index('class="legend"'):]
    chips = re.findall(r'<span class="c" style="background:(#[0-9a-f]{6});color:#(?:000|fff)[0-9a-f]*">([A-Z]+)</span>',
                       legend)
    letters = [letter for _, letter in chips]
    assert letters[:n] == [chr(ord("A") + k) for k in range(n)], letters
    colours = [colour for colour, _ in chips[:n]]
    worst = min((delta_e(lab(a), lab(b)), a, b)
                for i, a in enumerate(colours) for b in colours[i + 1:])
    assert worst[0] >= 15, worst
    assert min(delta_e(lab(c), lab("#ffffff")) for c in colours) >= 15


def test_a_crowded_day_says_how_many_more(tmp_path):
    """Five activities on one day: one chip and `+4`, the rest in the list."""
    plan = tmp_path / "plan.yaml"
    text = plan_of(5).replace("start: 2023-01-0", "start: 2023-02-01T1").replace("T1", "T1", 1)
    text = re.sub(r"start: 2023-02-01T1(\d)T(\d\d):00", r"start: 2023-02-01T1\1:00", text)
    plan.write_text(text, encoding="utf-8")
    html = castcal("print", str(plan)).decode("utf-8")
    day = re.search(r"<td[^>]*><b>1</b><i[^>]*>11/1</i><span class=\"chips\">(.*?)</td>", html)
    assert day, html[:2000]
    assert day.group(1).count('class="c"') == 1
    assert '<span class="more">+4</span>' in day.group(1)


@pytest.fixture(scope="module", params=["vi", "en"])
def printed_pdf(request, tmp_path_factory):
    """(lang, path of the PDF) of the real plan's year printed by Chromium."""
    require_tools()
    lang = request.param
    folder = tmp_path_factory.mktemp(f"print-pdf-{lang}")
    html, pdf = folder / "year.html", folder / "year.pdf"
    castcal("print", "--lang", lang, "-o", str(html))
    print_to_pdf(html, pdf)
    return lang, pdf
