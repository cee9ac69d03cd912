"""libical (Evolution's engine) reads every feed castcal writes: no error of
its parser nor of its RFC 5545/5546 restriction checks, and its recurrence
iterator expands each feed to exactly the occurrences of `castcal expand`."""
import json
import os
import subprocess
import tempfile
from datetime import datetime, timezone
from pathlib import Path

import pytest

from conftest import ROOT, castcal

RERUN_PREFIX = "[Phát lại] "
CHECK = os.environ.get("LIBICAL_CHECK")
PLANS = [None, "tests/cases/dst/berlin.yaml", "tests/cases/new-york/new-york.yaml",
         "tests/cases/lord-howe/lord-howe.yaml", "tests/cases/engines/shapes.yaml"]
MODES = ["instances", "rrule"]

if not CHECK or not Path(CHECK).is_file():
    if os.environ.get("CI") == "true":
        raise RuntimeError("libical is missing: .ci/run installs libical-dev, "
                           "tests/interop/run builds tests/interop/libical/check.c")
    pytest.skip("needs a C compiler and libical-dev (tests/interop/run builds the checker)",
                allow_module_level=True)


def libical(path):
    out = subprocess.run([CHECK, str(path)], check=True, capture_output=True).stdout
    return json.loads(out)


def expected(paths, outlet=None):
    occurrences = json.loads(castcal("expand", "--format", "json", *paths))
    show = lambda o, k: (o[k] if o["all_day"] else datetime.fromisoformat(o[k])
                         .astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z"))
    return sorted([show(o, "start"), show(o, "end"),
                   (RERUN_PREFIX if o["role"] == "rerun" else "") + o["title"]]
                  for o in occurrences if outlet is None or o["outlet"] == outlet)


@pytest.mark.parametrize("plan", PLANS)
def test_every_feed_build_writes_passes_libical(plan):
    paths = [plan] if plan else []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "site"
        binary = os.environ.get("CASTCAL_BIN", str(ROOT / "target" / "debug" / "castcal"))
        # `build` exits 1 when `check` finds errors in the plan; it still writes.
        done = subprocess.run([binary, "build", "-o", str(out), *paths], cwd=ROOT,
                              capture_output=True)
        assert done.returncode in (0, 1), done.stderr
        feeds = sorted(out.glob("*.ics"))
        assert len(feeds) >= 2 and out.joinpath("all.ics") in feeds
        for feed in feeds:
            found = libical(feed)
            assert found["errors"] == [], feed.name
            outlet = None if feed.stem == "all" else feed.stem
            assert sorted(found["instances"]) == expected(paths, outlet), feed.name


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("plan", PLANS)
def test_libical_expands_each_mode_to_exactly_the_occurrences(mode, plan):
    paths = [plan] if plan else []
    with tempfile.NamedTemporaryFile(suffix=".ics") as f:
        f.write(castcal("ics", "--mode", mode, *paths))
        f.flush()
        found = libical(f.name)
    assert found["errors"] == []
    want = expected(paths)
    assert sorted(found["instances"]) == want
    assert len(want) > 0


def test_the_checker_reports_what_libical_refuses():
    """A feed with METHOD:PUBLISH and no ORGANIZER, as castcal wrote before:
    the restriction check must name it (or this test proves nothing)."""
    text = castcal("ics").replace(b"CALSCALE:GREGORIAN\r\n",
                                  b"CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n", 1)
    with tempfile.NamedTemporaryFile(suffix=".ics") as f:
        f.write(text)
        f.flush()
        found = libical(f.name)
    assert any("ORGANIZER" in e for e in found["errors"]), found["errors"]
