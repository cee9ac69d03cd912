"""The import corpus (tests/corpus/import) holds its own expectations: each
plan's slots, written by hand from a calendar, are what python-dateutil
expands from the RRULE stated beside them; the budgets add up; every
activity and ambiguity points at a line of the plan's text and Word file
that holds its words; the scans have no text layer."""
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "tests" / "corpus"))
import check_expectations  # noqa: E402

CORPUS = ROOT / "tests" / "corpus" / "import"
PLANS = sorted(p.name.removesuffix(".expect.json") for p in CORPUS.glob("*.expect.json"))


def test_the_corpus_has_its_plans():
    assert len(PLANS) >= 8
    figures = check_expectations.check_dir(CORPUS)
    assert sum(f["timed"] for f in figures) >= 150


@pytest.mark.parametrize("plan", PLANS)
def test_expectation_agrees_with_its_rules_and_documents(plan):
    check_expectations.check_plan(CORPUS / f"{plan}.expect.json")


def test_a_slot_the_rule_does_not_give_is_refused(tmp_path):
    source = (CORPUS / "dong-nai-1035-2024.expect.json").read_text(encoding="utf-8")
    for name in ("txt", "docx", "pdf"):
        shutil.copy(CORPUS / f"dong-nai-1035-2024.{name}", tmp_path)
    broken = tmp_path / "dong-nai-1035-2024.expect.json"
    broken.write_text(source.replace("2024-03-31T19:30", "2024-03-24T19:30"), encoding="utf-8")
    with pytest.raises(check_expectations.Wrong, match="the rule gives"):
        check_expectations.check_plan(broken)


SCANS = sorted(CORPUS.glob("*.scan.pdf"))


@pytest.mark.parametrize("scan", SCANS, ids=lambda p: p.name)
def test_a_scan_has_no_text_layer(scan):
    if shutil.which("pdffonts") is None:
        pytest.skip("pdffonts (poppler-utils) is not installed")
    fonts = subprocess.run(["pdffonts", str(scan)], check=True, capture_output=True, text=True).stdout
    assert fonts.splitlines()[2:] == [], fonts
    text = subprocess.run(["pdftotext", str(scan), "-"], check=True, capture_output=True, text=True).stdout
    assert text.strip() == ""


def test_every_text_layer_pdf_has_text():
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    for plan in PLANS:
        text = subprocess.run(["pdftotext", str(CORPUS / f"{plan}.pdf"), "-"],
                              check=True, capture_output=True, text=True).stdout
        assert "KẾ HOẠCH" in text, plan
