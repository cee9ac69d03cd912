"""The screenshots of the Vietnamese guide (docs/huong-dan/img/): the pages
`castcal build` writes for the real plan, as headless Chromium shows them.

The real plan is published once (publication 1, the year to print is taken
then), edited as a department edits it (a segment cancelled, a talk show
moved 15 minutes, `published:` moved forward) and published again
(publication 2: the index says what changed, changes.html lists it).

With CASTCAL_BLESS=1 the screenshots are written into docs/huong-dan/img/,
reduced to 256 colours and optimised (Pillow). Otherwise the committed
files must exist, be PNGs of the size below and stay small; and, where
Chromium is (always in CI), the pages are shot again into a temporary folder
and must come out the same size and not blank. They are not compared pixel
by pixel: fonts, font hinting and Chromium's version differ from machine to
machine, so a pixel-exact comparison would fail on every other computer
without anything being wrong with castcal.

Needs `chromium` (Debian: chromium; .ci/run installs it) for the shots:
skipped locally without it, failed in CI.
"""
import os
import shutil
import struct
import subprocess
import tempfile
from pathlib import Path

import pytest
from PIL import Image

from conftest import ROOT

IMG = ROOT / "docs" / "huong-dan" / "img"
BASE_URL = "https://lich.example.gov.vn/cchc/"
# SOURCE_DATE_EPOCH: 2023-07-03 08:00 in Vietnam, the day of the second publication.
NOW = "1688346000"

# (file, page of the folder, publication it is shot after, window width and height)
SHOTS = [
    ("trang-chu.png", "index.html", 2, (1100, 1500)),
    ("lich-ca-nam.png", "year.html", 1, (1100, 1400)),
    ("thay-doi.png", "changes.html", 2, (1100, 1000)),
]

# A committed screenshot larger than this was not reduced: bless again.
MOST_BYTES = 200_000

# The edit between the two publications, as (text of the plan, replaced by).
EDIT = [
    ("  ngày ban hành: 06/03/2023 ", "  ngày ban hành: 03/07/2023 "),
    ('    quy tắc lặp: "FREQ=MONTHLY;BYDAY=3WE"\n',
     '    quy tắc lặp: "FREQ=MONTHLY;BYDAY=3WE"\n    trừ ngày: [16/08/2023]\n'),
    ("    bắt đầu: 01/05/2023 17 giờ 45 phút\n", "    bắt đầu: 01/05/2023 18 giờ\n"),
]


def blessing() -> bool:
    return os.environ.get("CASTCAL_BLESS") == "1"


def require_chromium() -> None:
    if shutil.which("chromium"):
        return
    message = "chromium not installed (Debian: apt-get install chromium)"
    if os.environ.get("CI") == "true" or blessing():
        pytest.fail(f"{message}; it takes the screenshots")
    pytest.skip(message)


def castcal_in(folder: Path, *args: str) -> None:
    binary = os.environ.get("CASTCAL_BIN", str(ROOT / "target" / "debug" / "castcal"))
    env = dict(os.environ, SOURCE_DATE_EPOCH=NOW, NO_COLOR="1")
    env.pop("CASTCAL_LANG", None)
    done = subprocess.run([binary, *args], cwd=folder, env=env, capture_output=True)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")


def shoot(page: Path, size: tuple, png: Path) -> None:
    profile = tempfile.mkdtemp(prefix="castcal-chromium-")
    try:
        subprocess.run(
            ["chromium", "--headless", "--no-sandbox", "--disable-gpu",
             "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
             "--hide-scrollbars", "--force-device-scale-factor=1",
             f"--window-size={size[0]},{size[1]}", "--virtual-time-budget=3000",
             f"--screenshot={png}", page.as_uri()],
            check=True, capture_output=True, timeout=120,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def reduce(png: Path) -> None:
    """256 colours, no dithering (text stays sharp), optimised: a third of the bytes."""
    with Image.open(png) as shot:
        small = shot.convert("RGB").quantize(
            colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    small.save(png, optimize=True)


def png_size(png: Path) -> tuple:
    """Width and height from a PNG's header (its IHDR chunk)."""
    head = png.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n" and head[12:16] == b"IHDR", f"{png} is no PNG"
    return struct.unpack(">II", head[16:24])


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    """The screenshots of this run, in a folder of their own (or img/ when blessing)."""
    require_chromium()
    work = tmp_path_factory.mktemp("screenshots")
    shutil.copytree(ROOT / "schedules", work / "schedules")
    out = IMG if blessing() else work / "img"
    out.mkdir(parents=True, exist_ok=True)

    def shoot_after(publication: int) -> None:
        for name, page, after, size in SHOTS:
            if after == publication:
                shoot(work / "public" / page, size, out / name)
                reduce(out / name)

    castcal_in(work, "build", "--base-url", BASE_URL)
    shoot_after(1)
    plan = work / "schedules" / "kien-giang-cchc-2023.yaml"
    text = plan.read_text(encoding="utf-8")
    for old, new in EDIT:
        assert text.count(old) == 1, f"the real plan no longer has {old!r}: update EDIT"
        text = text.replace(old, new)
    plan.write_text(text, encoding="utf-8")
    castcal_in(work, "build", "--base-url", BASE_URL)
    changes = (work / "public" / "changes.html").read_text(encoding="utf-8")
    assert "2 buổi bị hủy, 2 buổi dời lịch" in changes, "publication 2 is not the edit the guide shows"
    shoot_after(2)
    return out


@pytest.mark.parametrize("name,page,after,size", SHOTS)
def test_the_page_shot_again_has_the_same_size_and_is_not_blank(shots, name, page, after, size):
    png = shots / name
    assert png_size(png) == size
    with Image.open(png) as shot:
        colours = shot.convert("RGB").getcolors(maxcolors=1 << 16) or []
    # A blank or failed page is one or two colours; text and chips are dozens.
    assert len(colours) > 32, f"{name}: {len(colours)} colours, a blank page?"


@pytest.mark.parametrize("name,page,after,size", SHOTS)
def test_the_committed_screenshot_is_there_at_its_size(name, page, after, size):
    png = IMG / name
    assert png.is_file(), f"{png} is missing: CASTCAL_BLESS=1 makes it"
    assert png_size(png) == size, f"{name}: bless again, or change SHOTS"
    assert png.stat().st_size <= MOST_BYTES, f"{name}: {png.stat().st_size} bytes; bless again"


@pytest.mark.parametrize("name,page,after,size", SHOTS)
def test_the_guide_shows_the_screenshot(name, page, after, size):
    guide = "".join(p.read_text(encoding="utf-8") for p in IMG.parent.glob("*.md"))
    assert f"img/{name}" in guide, f"no page of the guide shows {name}"
