"""A published folder over two publications, read by those who follow it.

The real plan is built, then edited (the talk show's KG1 reruns moved to KG
at 08:00, the August segment cancelled, one segment added in December, the
workshop confirmed) and built again over the same folder:

- feedparser (an independent Atom reader) reads each outlet's feed of
  changes as valid Atom 1.0, with the entries the history gives;
- a real subscriber, vdirsyncer (its `http` storage, as a calendar client
  polls a subscription) into a local folder read by khal, follows KG.ics
  served over HTTP: a move is an update in place (the old copy gone, no
  duplicate), a cancelled slot stays at its time marked cancelled (as the
  README promises), and every other event is left exactly as it was.
"""
import json
import os
import shutil
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import feedparser
import pytest

from conftest import ROOT, castcal

ATOM = "{http://www.w3.org/2005/Atom}"
PLAN = "kien-giang-cchc-2023.yaml"

# The same edit as tests/history.rs's SECOND.
EDITS = [
    ("ngày ban hành: 06/03/2023 ", "ngày ban hành: 10/04/2023 09 giờ 30 "),
    (
        "{ sau số ngày: 1, lúc: 07 giờ 30 phút, phương tiện: KG1 }",
        "{ sau số ngày: 1, lúc: 08 giờ, phương tiện: KG }",
    ),
    (
        'quy tắc lặp: "FREQ=MONTHLY;BYDAY=3WE"\n',
        'quy tắc lặp: "FREQ=MONTHLY;BYDAY=3WE"\n'
        "    trừ ngày: [16/08/2023 17 giờ 45 phút]\n    thêm ngày: [27/12/2023 17 giờ 45 phút]\n",
    ),
    ("    thời lượng: P1Y\n    trạng thái: dự kiến\n\n  # Mục III", "    thời lượng: P1Y\n    trạng thái: chính thức\n\n  # Mục III"),
]

SEGMENT = "Chuyên mục: Công tác cải cách hành chính trên địa bàn tỉnh Kiên Giang"
TALK = "Tọa đàm: Đẩy mạnh thanh toán không dùng tiền mặt"


def edit(schedules: Path) -> None:
    file = schedules / PLAN
    text = file.read_text(encoding="utf-8")
    for old, new in EDITS:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    file.write_text(text, encoding="utf-8")


def build(schedules: Path, public: Path) -> None:
    castcal("build", str(schedules), "-o", str(public))


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """The schedules' copy and its folder, built once (publication 1)."""
    tmp = tmp_path_factory.mktemp("changes")
    schedules = tmp / "schedules"
    shutil.copytree(ROOT / "schedules", schedules)
    public = tmp / "public"
    build(schedules, public)
    return tmp, schedules, public


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server(folder):
    """A static web server on loopback serving the folder, as any host would."""
    _, _, public = folder
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(public)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def tool(name: str) -> str:
    """A program installed beside this Python (the suite's virtualenv)."""
    path = Path(sys.executable).parent / name
    if not path.exists():
        found = shutil.which(name)
        if found is None:
            pytest.fail(f"{name} is not installed (tests/interop/requirements.txt)")
        return found
    return str(path)


class Subscriber:
    """vdirsyncer following one feed into a folder, and khal reading it."""

    def __init__(self, tmp: Path, url: str):
        self.vdir = tmp / "vdir"
        self.vdir.mkdir()
        (tmp / "status").mkdir()
        self.env = dict(os.environ, XDG_DATA_HOME=str(tmp / "data"), XDG_CONFIG_HOME=str(tmp / "config"))
        self.vconf = tmp / "vdirsyncer.conf"
        self.vconf.write_text(
            f'[general]\nstatus_path = "{tmp / "status"}/"\n\n'
            '[pair kg]\na = "remote"\nb = "local"\ncollections = null\nconflict_resolution = "a wins"\n\n'
            f'[storage remote]\ntype = "http"\nurl = "{url}"\n\n'
            f'[storage local]\ntype = "filesystem"\npath = "{self.vdir}/"\nfileext = ".ics"\n',
            encoding="utf-8",
        )
        self.kconf = tmp / "khal.conf"
        self.kconf.write_text(
            "[calendars]\n[[kg]]\n"
            f"path = {self.vdir}/\ntype = calendar\n"
            "[locale]\ntimeformat = %H:%M\ndateformat = %Y-%m-%d\nlongdateformat = %Y-%m-%d\n"
            "datetimeformat = %Y-%m-%d %H:%M\nlongdatetimeformat = %Y-%m-%d %H:%M\n"
            "local_timezone = Asia/Ho_Chi_Minh\ndefault_timezone = Asia/Ho_Chi_Minh\n"
            f"[sqlite]\npath = {tmp / 'khal.db'}\n",
            encoding="utf-8",
        )

    def sync(self) -> None:
        for step in (["discover"], ["sync"]):
            subprocess.run(
                [tool("vdirsyncer"), "-c", str(self.vconf), *step],
                check=True, capture_output=True, env=self.env, input=b"",
            )

    def files(self) -> dict:
        return {p.name: p.read_bytes() for p in sorted(self.vdir.glob("*.ics"))}

    def agenda(self) -> list:
        out = subprocess.run(
            [tool("khal"), "-c", str(self.kconf), "list", "2023-01-01", "366d",
             "--day-format", "", "--format", "{start} {end} {cancelled}{title}"],
            check=True, capture_output=True, env=self.env, text=True,
        ).stdout
        return [line for line in out.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def followed(folder, server, tmp_path_factory):
    """What the subscriber holds before and after the second publication."""
    _, schedules, public = folder
    subscriber = Subscriber(tmp_path_factory.mktemp("subscriber"), f"{server}/KG.ics")
    subscriber.sync()
    before = (subscriber.files(), subscriber.agenda())
    edit(schedules)
    build(schedules, public)
    subscriber.sync()
    after = (subscriber.files(), subscriber.agenda())
    return before, after


def test_a_move_is_an_update_in_place(followed):
    (_, old), (_, new) = followed
    was = [l for l in old if l.startswith("2023-05-02 07:30") and TALK in l]
    assert was == [], "the KG1 rerun was never on KG"
    moved = [l for l in new if l.startswith("2023-05-02") and TALK in l]
    # The 06:30 rerun, and the rerun moved here from KG1 at 08:00: each once.
    assert [l[:33] for l in moved] == ["2023-05-02 06:30 2023-05-02 06:45", "2023-05-02 08:00 2023-05-02 08:15"], moved
    assert len(new) == len(set(new)), "an event is shown twice"


def test_a_cancellation_stays_at_its_time_marked_cancelled(followed):
    (_, old), (_, new) = followed
    line = f"2023-08-16 17:45 2023-08-16 17:57 {SEGMENT}"
    assert line in old
    assert line not in new
    cancelled = [l for l in new if l.startswith("2023-08-16 17:45")]
    assert cancelled == [f"2023-08-16 17:45 2023-08-16 17:57 CANCELLED [ĐÃ HỦY] {SEGMENT}"], cancelled
    rerun = [l for l in new if l.startswith("2023-08-17 06:00")]
    assert rerun == [f"2023-08-17 06:00 2023-08-17 06:12 CANCELLED [ĐÃ HỦY] [Phát lại] {SEGMENT}"], rerun
    added = [l for l in new if l.startswith("2023-12-27 17:45")]
    assert added == [f"2023-12-27 17:45 2023-12-27 17:57 {SEGMENT}"]
    # 28 events on KG before; 2 moved in, 2 added, the 2 cancelled kept.
    assert (len(old), len(new)) == (28, 32)


def test_unrelated_events_do_not_change_at_all(followed):
    (old_files, old), (new_files, new) = followed
    gone = set(old_files) - set(new_files)
    came = set(new_files) - set(old_files)
    # Only the two cancelled slots are other items (their STATUS and
    # SEQUENCE changed); the reruns moved in from KG1 and those added are new.
    assert len(gone) == 2, sorted(gone)
    assert len(came) == 6, sorted(came)
    for name in set(old_files) & set(new_files):
        assert old_files[name] == new_files[name], name
    for name in gone:
        assert b"20230816T174500" in old_files[name] or b"20230817T060000" in old_files[name]
    untouched = set(old) & set(new)
    assert len(untouched) == 26


def test_each_outlet_s_changes_are_valid_atom_read_by_feedparser(followed, folder):
    _, _, public = folder
    history = json.loads((public / "changes.json").read_text(encoding="utf-8"))
    assert [p["number"] for p in history["publications"]] == [2, 1]
    for outlet, entries in [("KG", 2), ("KG1", 2), ("BKG", 1), ("PANO", 1)]:
        path = public / f"{outlet}-changes.xml"
        feed = feedparser.parse(path.read_bytes())
        assert not feed.bozo, (outlet, feed.get("bozo_exception"))
        assert feed.version == "atom10", outlet
        assert feed.feed.id == f"urn:castcal:changes:kg-cchc-2023:{outlet}"
        assert feed.feed.title.startswith("Thay đổi lịch – ")
        assert feed.feed.updated_parsed is not None
        assert len(feed.entries) == entries, (outlet, [e.title for e in feed.entries])
        ids = [e.id for e in feed.entries]
        assert len(set(ids)) == len(ids)
        for e in feed.entries:
            assert e.updated_parsed is not None and e.title and e.link
        assert feed.entries[-1].title.startswith("Lần công bố 1 (06/03/2023 00:00)")
        # RFC 4287: a feed without an author in each entry has one itself.
        root = ET.parse(path).getroot()
        assert root.tag == f"{ATOM}feed"
        assert root.find(f"{ATOM}author/{ATOM}name") is not None
        for entry in root.findall(f"{ATOM}entry"):
            for required in ("id", "title", "updated"):
                assert entry.find(f"{ATOM}{required}") is not None, (outlet, required)
    kg = feedparser.parse((public / "KG-changes.xml").read_bytes())
    latest = kg.entries[0]
    assert latest.title == "Lần công bố 2 (10/04/2023 09:30): 2 buổi thêm mới, 2 buổi bị hủy, 2 buổi dời lịch"
    assert latest.updated == "2023-04-10T09:30:00+07:00"
    content = latest.content[0]
    assert content.type == "text/html"
    assert "Thứ Ba 02/05/2023 07:30–07:45 → Thứ Ba 02/05/2023 08:00–08:15" in content.value
    assert "kênh: KG1 → KG" in content.value
    # KG1 learns the rerun left it.
    kg1 = feedparser.parse((public / "KG1-changes.xml").read_bytes())
    assert "dời lịch" in kg1.entries[0].title
