"""The XMLTV project's own tools read the programme guides `castcal build` writes.

`tv_validate_file` (the DTD, channel ids, times, texts, encoding) must pass on
every .xml file of the folder, and `tv_sort --by-channel`, which warns on
standard error about programmes that overlap on one channel, must find exactly
the overlaps `castcal check` reports as slot-conflict: none on the real plan,
two on tests/cases/xmltv/conflict.yaml.

The tools are Debian's xmltv-util (.ci/run installs it). Without them the test
is skipped locally, and fails in CI (CI=true). They are run with
XMLTV_SUPPLEMENT set to the folder of the xmltv.dtd installed with them, so
that the validator reads that DTD instead of fetching one.
"""
import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path

import pytest

from conftest import ROOT

PLANS = {
    "real": "schedules",
    "berlin": "tests/cases/xmltv/berlin.yaml",
    "conflict": "tests/cases/xmltv/conflict.yaml",
    "dst": "tests/cases/dst/berlin.yaml",
}
# How many slot conflicts each plan has on its tv and radio outlets (the dst
# plan has one of its own: a rerun at 02:30 on 25 March over the night slot).
CONFLICTS = {"real": 0, "berlin": 0, "conflict": 2, "dst": 1}
DTD_FOLDERS = ["/usr/share/xmltv", "/usr/local/share/xmltv"]


def tools() -> dict:
    """The XMLTV tools and the folder of their DTD; skipped (failed in CI) without them."""
    found = {name: shutil.which(name) for name in ("tv_validate_file", "tv_sort")}
    dtd = next((d for d in DTD_FOLDERS if Path(d, "xmltv.dtd").is_file()), None)
    missing = [name for name, path in found.items() if path is None]
    if dtd is None:
        missing.append("xmltv.dtd")
    if missing:
        message = f"{', '.join(missing)} not found (Debian: apt-get install xmltv-util)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true and {message}")
        pytest.skip(message)
    return {**found, "supplement": dtd}


def run_castcal(*args: str, ok=(0,)) -> subprocess.CompletedProcess:
    binary = os.environ.get("CASTCAL_BIN", str(ROOT / "target" / "debug" / "castcal"))
    done = subprocess.run([binary, *args], cwd=ROOT, capture_output=True)
    assert done.returncode in ok, done.stderr.decode()
    return done


@pytest.fixture(scope="module")
def xmltv() -> dict:
    return tools()


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict:
    """Each plan's folder, as `castcal build` writes it (exit 1: the check found errors)."""
    folders = {}
    for name, plan in PLANS.items():
        out = tmp_path_factory.mktemp(name) / "public"
        run_castcal("build", plan, "-o", str(out), ok=(0, 1))
        folders[name] = out
    return folders


def env(xmltv: dict) -> dict:
    return {**os.environ, "XMLTV_SUPPLEMENT": xmltv["supplement"]}


@pytest.mark.parametrize("plan", PLANS)
def test_tv_validate_file_passes_every_guide_build_writes(plan: str, xmltv: dict,
                                                          built: dict) -> None:
    # The programme guides; `<OUTLET>-changes.xml` are the Atom feeds of
    # changes (test_changes.py).
    files = sorted(f for f in built[plan].glob("*.xml") if not f.name.endswith("-changes.xml"))
    guide = ET.parse(built[plan] / "guide.xml").getroot()
    ids = [c.findall("display-name")[1].text for c in guide.findall("channel")]
    # guide.xml, and one file per tv or radio outlet.
    assert [f.name for f in files] == sorted(["guide.xml", *[f"{i}.xml" for i in ids]])
    for f in files:
        done = subprocess.run([xmltv["tv_validate_file"], str(f)], capture_output=True,
                              env=env(xmltv), timeout=120)
        out = done.stdout.decode() + done.stderr.decode()
        assert done.returncode == 0 and "Validated ok." in out, f"{plan}/{f.name}: {out}"


def test_the_validator_refuses_a_broken_guide(xmltv: dict, built: dict, tmp_path: Path) -> None:
    """The validator is really run: a programme whose elements are out of the
    DTD's order, or a channel id it cannot take, fails."""
    text = (built["real"] / "KG.xml").read_text(encoding="utf-8")
    cases = {
        "order.xml": text.replace("    <premiere />\n", "", 1).replace(
            "    <title lang=\"vi\">", "    <premiere />\n    <title lang=\"vi\">", 1),
        "id.xml": text.replace("KG.castcal", "KG_castcal"),
    }
    for name, broken in cases.items():
        assert broken != text
        path = tmp_path / name
        path.write_text(broken, encoding="utf-8")
        done = subprocess.run([xmltv["tv_validate_file"], str(path)], capture_output=True,
                              env=env(xmltv), timeout=120)
        assert done.returncode != 0, name


OVERLAP = re.compile(
    r"overlapping programmes on channel (?P<channel>\S+):\n"
    r" {4}.*\tat (?P<s1>\d{14} [+-]\d{4})-\|(?P<e1>\d{14} [+-]\d{4})\n"
    r"and .*\tat (?P<s2>\d{14} [+-]\d{4})-\|(?P<e2>\d{14} [+-]\d{4})\n"
)


def instant(text: str) -> datetime:
    """An XMLTV time (`YYYYMMDDhhmmss ±hhmm`) or an RFC 3339 one."""
    if "T" in text:
        return datetime.fromisoformat(text)
    return datetime.strptime(text, "%Y%m%d%H%M%S %z")


def tv_sort_overlaps(xmltv: dict, guide: Path) -> set:
    """What `tv_sort --by-channel` warns of: (channel, the two slots)."""
    done = subprocess.run([xmltv["tv_sort"], "--by-channel", str(guide)], capture_output=True,
                          env=env(xmltv), timeout=300)
    assert done.returncode == 0, done.stderr.decode()
    # It writes the guide back, sorted, with every programme.
    assert done.stdout.decode().count("<programme ") == \
        guide.read_text(encoding="utf-8").count("<programme ")
    err = done.stderr.decode()
    found = set()
    for m in OVERLAP.finditer(err):
        slots = frozenset({(instant(m["s1"]), instant(m["e1"])),
                           (instant(m["s2"]), instant(m["e2"]))})
        found.add((m["channel"], slots))
    # Nothing else on standard error: no other warning.
    assert OVERLAP.sub("", err) == "", err
    return found


def check_overlaps(plan: str, guide: Path) -> set:
    """The slot conflicts of `castcal check` on the guide's channels."""
    root = ET.parse(guide).getroot()
    channels = {c.findall("display-name")[1].text: c.get("id") for c in root.findall("channel")}
    occurrences = {o["uid"]: o for o in json.loads(
        run_castcal("expand", "--format", "json", PLANS[plan]).stdout)}
    report = json.loads(run_castcal("check", "--format", "json", PLANS[plan], ok=(0, 1)).stdout)
    found = set()
    for f in report["findings"]:
        if f["code"] != "slot-conflict" or f["outlet"] not in channels:
            continue
        slots = frozenset((instant(occurrences[u]["start"]), instant(occurrences[u]["end"]))
                          for u in f["uids"])
        found.add((channels[f["outlet"]], slots))
    return found


@pytest.mark.parametrize("plan", PLANS)
def test_tv_sort_finds_the_overlaps_check_finds(plan: str, xmltv: dict, built: dict) -> None:
    guide = built[plan] / "guide.xml"
    by_tv_sort = tv_sort_overlaps(xmltv, guide)
    by_check = check_overlaps(plan, guide)
    assert by_tv_sort == by_check
    assert len(by_check) == CONFLICTS[plan]
