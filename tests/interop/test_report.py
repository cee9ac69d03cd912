"""python-docx, LibreOffice and openpyxl read `castcal report`: the first half's
report of the real plan with the as-run logs and confirmations of
tests/cases/reconcile/, its heading, tables and budget, and its annex.

The LibreOffice tests need `soffice` (Debian: libreoffice-writer; .ci/run
installs it). Without it they are skipped locally, and fail in CI (CI=true).
"""
import os
import shutil
import subprocess
import tempfile
from datetime import datetime, time, timezone
from pathlib import Path

import docx
import openpyxl
import pytest

from conftest import ROOT

# 2023-07-01 in Asia/Ho_Chi_Minh: after the first half's cut-off (14 June).
JULY_1 = "1688169600"
EVIDENCE = [
    "--aired", "KG=tests/cases/reconcile/kg-asrun.xml",
    "--aired", "KG1=tests/cases/reconcile/kg1-asrun.csv",
    "--done", "tests/cases/reconcile/done.csv",
]
SUMMARY = ["STT", "Nội dung", "Kênh, nơi đăng", "Kế hoạch trong kỳ", "Đã thực hiện",
           "Trong đó: lệch giờ", "Trong đó: dời lịch", "Không thực hiện",
           "Chưa có thông tin, chưa đến hạn", "Tỷ lệ hoàn thành"]


def report(tmp: Path, name: str, *args: str) -> Path:
    """Writes the first half's report (or annex) with `castcal report`, as of 1 July 2023."""
    binary = os.environ.get("CASTCAL_BIN", str(ROOT / "target" / "debug" / "castcal"))
    out = tmp / name
    env = dict(os.environ, SOURCE_DATE_EPOCH=JULY_1)
    subprocess.run([binary, "report", "--half", "2023-H1", *EVIDENCE, *args, "-o", str(out)],
                   cwd=ROOT, env=env, check=True, capture_output=True)
    return out


def cells(row) -> list:
    return [c.text for c in row.cells]


def test_python_docx_reads_the_heading_tables_and_budget() -> None:
    with tempfile.TemporaryDirectory(prefix="castcal-report-") as tmp:
        document = docx.Document(str(report(Path(tmp), "bc.docx")))
    texts = [p.text for p in document.paragraphs]
    for want in ["BÁO CÁO", "6 tháng đầu năm 2023", "Kính gửi: Ủy ban nhân dân tỉnh.",
                 "I. KẾT QUẢ THỰC HIỆN", "II. NHIỆM VỤ CÒN LẠI", "III. KINH PHÍ"]:
        assert want in texts, want
    assert any("Điều 12 Nghị định số 09/2019/NĐ-CP" in t for t in texts)
    # A4, 3 cm left, 1.5 cm right.
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert (round(section.left_margin.cm, 1), round(section.right_margin.cm, 1)) == (3.0, 1.5)
    tables = document.tables
    # The heading: the issuer and the national heading side by side.
    heading = cells(tables[0].rows[0])
    assert heading[0].startswith("SỞ NỘI VỤ")
    assert heading[1].startswith("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc")
    # The summary: a row per activity of the plan, and the total.
    summary = tables[1]
    assert cells(summary.rows[0]) == SUMMARY
    assert len(summary.rows) == 1 + 9 + 1
    segment = cells(summary.rows[1])
    assert segment[1] == "Chuyên mục: Công tác cải cách hành chính trên địa bàn tỉnh Kiên Giang"
    assert segment[3:] == ["10", "9", "2", "2", "1", "0", "90,0%"]
    # Each activity's occurrences: the late premiere, the one moved to KG1.
    details = tables[2]
    rows = [cells(r) for r in details.rows]
    assert ["3", "Thứ Tư 15/02/2023 17:45", "Đài PT-TH Kiên Giang – kênh KG", "lần đầu",
            "lệch giờ (+7 phút)", "Thứ Tư 15/02/2023 17:52",
            "tests/cases/reconcile/kg-asrun.xml:34"] in rows
    assert any(r[4] == "dời lịch" and r[5].endswith("(KG1)") for r in rows)
    # The budget: planned, earned in the half, remaining; the total last.
    budget = tables[-2]
    assert cells(budget.rows[1])[2:] == ["91.596.816", "12", "7.633.068", "5", "38.165.340",
                                         "38.165.340", "53.431.476"]
    assert cells(budget.rows[-1])[1:] == ["Tổng cộng", "428.596.816", "", "", "",
                                          "64.165.340", "64.165.340", "364.431.476"]
    # The document's date is the report's, not the clock's.
    assert document.core_properties.created == datetime(2023, 7, 1, tzinfo=timezone.utc)


def require_soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    message = "soffice not installed (Debian: apt-get install libreoffice-writer)"
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true and {message}")
    print(f"\nSKIPPED the LibreOffice test: {message}")
    pytest.skip(message)


def convert(soffice: str, tmp: Path, source: Path, to: str) -> Path:
    run = subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp}/profile", "--headless",
         "--convert-to", to, "--outdir", str(tmp / "out"), str(source)],
        capture_output=True, timeout=180, check=False)
    out = tmp / "out" / f"{source.stem}.{to.split(':')[0]}"
    assert run.returncode == 0 and out.exists(), run.stderr.decode(errors="replace")
    return out


def test_libreoffice_reads_the_report_and_prints_it_on_a4() -> None:
    soffice = require_soffice()
    with tempfile.TemporaryDirectory(prefix="castcal-soffice-") as tmp:
        tmp = Path(tmp)
        source = report(tmp, "bao-cao.docx")
        text = convert(soffice, tmp, source, "txt:Text (encoded):UTF8").read_text(encoding="utf-8-sig")
        pdf = convert(soffice, tmp, source, "pdf")
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, check=True, text=True)
    lines = [line.strip() for line in text.splitlines()]
    for want in ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "BÁO CÁO",
                 "6 tháng đầu năm 2023", "III. KINH PHÍ", "THỦ TRƯỞNG CƠ QUAN"]:
        assert want in lines, want
    # Every table cell is there, in order: the budget's total row last of its table.
    joined = "\n".join(lines)
    for a, b in [("Tổng cộng", "428.596.816"), ("428.596.816", "364.431.476"),
                 ("lệch giờ (+7 phút)", "Thứ Tư 15/02/2023 17:52")]:
        assert a in joined and b in joined and joined.index(a) < joined.rindex(b), (a, b)
    assert any(l.startswith("Page size:") and l.endswith("(A4)") for l in info.stdout.splitlines())
    pages = int(next(l for l in info.stdout.splitlines() if l.startswith("Pages:")).split()[1])
    assert 3 <= pages <= 6, pages


def test_openpyxl_reads_the_annex() -> None:
    with tempfile.TemporaryDirectory(prefix="castcal-report-") as tmp:
        wb = openpyxl.load_workbook(str(report(Path(tmp), "phu-luc.xlsx")))
    assert wb.sheetnames == ["Phụ lục", "Ngoài kế hoạch", "Kinh phí"]
    annex = wb["Phụ lục"]
    header = [c.value for c in annex[1]]
    assert header[:3] == ["STT", "UID", "Mã hoạt động"] and header[8] == "Tình trạng"
    assert annex.freeze_panes == "A2"
    rows = {r[1].value: r for r in annex.iter_rows(min_row=2)}
    late = rows["kg-cchc-2023.chuyen-muc-cchc.20230215@castcal"]
    assert late[6].value == datetime(2023, 2, 15) and late[6].number_format == "dd/mm/yyyy"
    assert late[7].value == time(17, 45) and late[10].value == time(17, 52)
    assert late[8].value == "lệch giờ" and late[12].value == "tests/cases/reconcile/kg-asrun.xml:34"
    assert late[13].value == 7_633_068 and late[14].value == 7_633_068
    missed = rows["kg-cchc-2023.chuyen-muc-cchc.20230215.r1@castcal"]
    assert missed[8].value == "không thực hiện" and missed[9].value is None
    done = rows["kg-cchc-2023.bao-kien-giang.20230101@castcal"]
    assert done[9].value == datetime(2023, 1, 5)
    assert done[12].value == "tests/cases/reconcile/done.csv:2: Báo Kiên Giang số 5123"
    statuses = [r[8].value for r in annex.iter_rows(min_row=2)]
    assert statuses.count("đúng giờ") == 8 and statuses.count("dời lịch") == 2
    unplanned = [[c.value for c in r] for r in wb["Ngoài kế hoạch"].iter_rows(min_row=2)]
    assert unplanned == [[1, "KG", datetime(2023, 5, 25), time(20, 0), time(20, 12),
                          "Cải cách hành chính (phát lại)"]]
    budget = [[c.value for c in r] for r in wb["Kinh phí"].iter_rows(min_row=2)]
    assert budget[-1][1:] == ["Tổng cộng", 428_596_816, None, None, None, 64_165_340,
                              64_165_340, 364_431_476]
    assert sum(line[2] for line in budget[:-1] if isinstance(line[2], int)) == 428_596_816
