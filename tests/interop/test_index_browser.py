"""index.html in headless Chromium: served, it offers each program's
subscribe link with the feed's absolute address; opened from a disk, it says
why it cannot and shows the file names; at 400 px (a phone) and at 1400 px
it is never wider than the window.

The page is loaded in an iframe of a small page of the test's own, served
from the same folder by Python's http.server, whose script measures the
page and writes what it finds into its own DOM, which `--dump-dom` prints.
Needs `chromium` (Debian: chromium; .ci/run installs it): skipped locally
without it, failed in CI.
"""
import contextlib
import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path

import pytest

from conftest import castcal

PROBE = """<!doctype html><meta charset="utf-8">
<body style="margin:0">
<iframe id="page" src="{page}" style="border:0; width:{width}px; height:900px"></iframe>
<pre id="result"></pre>
<script>
const frame = document.getElementById("page");
frame.addEventListener("load", () => {{
  const d = frame.contentDocument;
  const visible = (sel) => [...d.querySelectorAll(sel)].filter(e => !e.hidden).length;
  const links = [...d.querySelectorAll("div.sub")].filter(e => !e.hidden).map(s => ({{
    google: s.querySelector("a.google").href,
    outlook: s.querySelector("a.outlook").href,
    webcal: s.querySelector("a.webcal").href,
    url: s.querySelector("input.url").value,
  }}));
  document.getElementById("result").textContent = JSON.stringify({{
    inner: frame.contentWindow.innerWidth,
    scroll: d.documentElement.scrollWidth,
    local: visible("p.local"),
    loopback: visible("p.loopback"),
    subs: links,
  }});
}});
</script>"""


def require_chromium() -> None:
    if shutil.which("chromium"):
        return
    message = "chromium not installed (Debian: apt-get install chromium)"
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true and {message}")
    pytest.skip(message)


def dump_dom(url: str, width: int) -> str:
    profile = tempfile.mkdtemp(prefix="castcal-chromium-")
    try:
        return subprocess.run(
            ["chromium", "--headless", "--no-sandbox", "--disable-gpu",
             "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
             f"--window-size={width + 40},1000", "--virtual-time-budget=5000",
             "--dump-dom", url],
            check=True, capture_output=True, timeout=120,
        ).stdout.decode("utf-8")
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def measured(dom: str) -> dict:
    found = re.search(r'<pre id="result">(.*?)</pre>', dom, re.S)
    assert found and found.group(1), dom[-2000:]
    return json.loads(found.group(1).replace("&amp;", "&").replace("&quot;", '"')
                      .replace("&lt;", "<").replace("&gt;", ">"))


@contextlib.contextmanager
def served(folder: Path):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    handler.log_message = lambda *a: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    require_chromium()
    out = tmp_path_factory.mktemp("site") / "public"
    castcal("build", "-o", str(out))
    return out


@pytest.mark.parametrize("page", ["index.html", "index-en.html"])
@pytest.mark.parametrize("width", [400, 1400])
def test_served_the_page_fits_and_offers_every_subscription(folder, page, width):
    probe = folder / f"probe-{width}-{page}"
    probe.write_text(PROBE.format(page=page, width=width), encoding="utf-8")
    with served(folder) as base:
        m = measured(dump_dom(base + probe.name, width))
    assert m["inner"] == width
    assert m["scroll"] <= m["inner"], m
    assert m["local"] == 0
    # Served from 127.0.0.1: the links name this computer, and the page says
    # they work only here.
    assert m["loopback"] == 1
    feeds = {s["url"].rsplit("/", 1)[-1] for s in m["subs"]}
    assert feeds == {"all.ics", "KG.ics", "KG1.ics", "BKG.ics", "BTBNV.ics", "PANO.ics"}
    for s in m["subs"]:
        assert s["url"].startswith(base), s
        assert s["webcal"] == "webcal://" + s["url"].split("://", 1)[1]
        assert s["google"].startswith("https://calendar.google.com/calendar/render?cid=webcal%3A%2F%2F127.0.0.1")
        assert s["outlook"].startswith("https://outlook.live.com/calendar/0/addfromweb?url=http%3A%2F%2F127.0.0.1")


def test_from_a_disk_the_page_says_why_it_cannot_subscribe(folder):
    dom = dump_dom((folder / "index.html").as_uri(), 400)
    # The notice stays, the subscribe actions stay hidden, the files show.
    assert re.search(r'<p class="note local">Trang này đang được mở từ ổ đĩa', dom)
    assert re.search(r'<p class="note how" hidden="">', dom)
    assert re.search(r'<p class="note loopback" hidden="">', dom)
    assert len(re.findall(r'<div class="sub" hidden=""', dom)) == 6
    assert '<code class="file">KG.ics</code>' in dom
    assert "file:///" not in dom.split("<script>")[0]


@pytest.mark.parametrize("base, said", [
    ("https://lich.example.gov.vn/cchc/", 0),
    ("http://localhost:8080/", 1),
    ("http://127.0.0.1:8080/", 1),
    ("http://[::1]:8080/", 1),
])
def test_the_page_says_when_its_links_name_this_computer(tmp_path, base, said):
    require_chromium()
    out = tmp_path / "public"
    castcal("build", "-o", str(out), "--base-url", base)
    probe = out / "probe.html"
    probe.write_text(PROBE.format(page="index-en.html", width=1000), encoding="utf-8")
    with served(out) as at:
        m = measured(dump_dom(at + probe.name, 1000))
    assert m["loopback"] == said, m
    assert all(s["url"].startswith(base) for s in m["subs"]), m
    assert len(m["subs"]) == 6
