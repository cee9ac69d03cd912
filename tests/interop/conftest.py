"""Shared helpers for the interop suite: run the castcal binary built by ./run."""
import json
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def castcal(*args: str) -> bytes:
    """Runs castcal from the repo root and returns its standard output."""
    binary = os.environ.get("CASTCAL_BIN", str(ROOT / "target" / "debug" / "castcal"))
    return subprocess.run([binary, *args], cwd=ROOT, check=True, capture_output=True).stdout


@pytest.fixture(scope="session")
def occurrences() -> list:
    """The real plan's occurrences, as `castcal expand --format json` lists them."""
    return json.loads(castcal("expand", "--format", "json"))
