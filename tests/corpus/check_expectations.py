"""Checks the expectations of the import corpus against themselves.

Each NAME.expect.json lists, per activity, every slot of the plan written
out by hand from a calendar, and the RRULE (with its DTSTART, RDATEs and
EXDATEs) that says the same thing. This script expands each rule with
python-dateutil and asserts that it gives exactly the listed slots (timed
slots, reruns, all-day windows), that the budgets of the activities add up
to the plan's total, and that each activity and each ambiguity points at a
line of NAME.txt and of NAME.docx that holds its words.

    python check_expectations.py [DIR]...    (default: import/ beside this file)

Prints one line per plan and exits 1 on the first plan that is wrong.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import sys
import unicodedata
import zipfile
from pathlib import Path
from xml.etree import ElementTree
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from dateutil.rrule import rrulestr

HERE = Path(__file__).resolve().parent
KINDS = {"broadcast", "publication", "event", "campaign", "deadline"}
OUTLET_KINDS = {"tv", "radio", "newspaper", "bulletin", "web", "outdoor"}
STATUSES = {"confirmed", "tentative"}
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# How many lines after its first an activity's row or paragraph may reach
# (a row whose cells hold several paragraphs, or split by a page break).
SPAN = 4


class Wrong(Exception):
    """An expectation that contradicts itself or its documents."""


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).casefold()


def duration(text: str) -> relativedelta:
    """An ISO 8601 duration of the forms used here: PnYnMnD, PTnHnM."""
    m = re.fullmatch(r"P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?", text)
    if not m or text in ("P", "PT"):
        raise Wrong(f"length {text!r} is not an ISO 8601 duration")
    y, mo, d, h, mi = (int(g) if g else 0 for g in m.groups())
    return relativedelta(years=y, months=mo, days=d, hours=h, minutes=mi)


def parse_local(text: str) -> dt.datetime:
    """A local date or date-time of the plan, as written in a rule's
    DTSTART, an RDATE or an EXDATE (`2024-01-28T19:30` or `2024-01-28`)."""
    return dt.datetime.fromisoformat(text)


def starts(activity: dict, period_end: dt.datetime) -> list[tuple[dt.datetime, str]]:
    """The starts the activity's rule, RDATEs and EXDATEs give, in local
    time, bounded by the plan's period, each with its length: the
    activity's, or the one an RDATE gives after a slash
    (`2023-01-10/P27D`, a window of its own length)."""
    found: dict[dt.datetime, str] = {}
    rule = activity.get("rule")
    length = activity["length"]
    if rule:
        start = parse_local(activity["dtstart"])
        for s in rrulestr(rule, dtstart=start).between(start, period_end, inc=True):
            found[s] = length
    for r in activity.get("rdates", []):
        when, _, own = r.partition("/")
        found[parse_local(when)] = own or length
    for ex in activity.get("exdates", []):
        exdate = parse_local(ex)
        if exdate not in found:
            raise Wrong(f"exdate {ex} is not an instance")
        del found[exdate]
    return sorted(found.items())


def stamp(local: dt.datetime, zone: ZoneInfo) -> str:
    """A slot as the expectations write it: local time with its offset."""
    aware = local.replace(tzinfo=zone)
    offset = aware.strftime("%z")
    return aware.strftime("%Y-%m-%dT%H:%M") + offset[:3] + ":" + offset[3:]


def check_activity(a: dict, zone: ZoneInfo, period: tuple[dt.date, dt.date]) -> int:
    """Checks one activity; returns how many timed slots it lists."""
    where = f"item {a.get('item')}"
    for key in ("item", "line", "docx_line", "title_words", "kind", "status", "length"):
        if key not in a:
            raise Wrong(f"{where}: no {key!r}")
    if a["kind"] not in KINDS:
        raise Wrong(f"{where}: kind {a['kind']!r}")
    if a["status"] not in STATUSES:
        raise Wrong(f"{where}: status {a['status']!r}")
    outlets = [a.get("outlet")] + [r.get("outlet") for r in a.get("reruns", [])]
    for outlet in outlets:
        if outlet is not None and (outlet.get("kind") not in OUTLET_KINDS or not outlet.get("name")):
            raise Wrong(f"{where}: outlet {outlet!r}")
    end = dt.datetime.combine(period[1], dt.time(23, 59, 59))
    got = starts(a, end)
    timed = a["length"].startswith("PT")
    for s, length in got:
        duration(length)
        if length.startswith("PT") != timed:
            raise Wrong(f"{where}: {s} has a length of another kind ({length})")
        if not period[0] <= s.date() <= period[1]:
            raise Wrong(f"{where}: {s} is outside the plan's period")
    if timed:
        if "windows" in a:
            raise Wrong(f"{where}: a timed activity has no windows")
        derived = [stamp(s, zone) for s, _ in got]
        if derived != a["slots"]:
            raise Wrong(f"{where}: the rule gives {derived}, the expectation lists {a['slots']}")
        count = len(derived)
        for r in a.get("reruns", []):
            hour, minute = (int(x) for x in r["at"].split(":"))
            again = [
                stamp(dt.datetime.combine(s.date() + dt.timedelta(days=r["days_after"]),
                                          dt.time(hour, minute)), zone)
                for s, _ in got
            ]
            if again != r["slots"]:
                raise Wrong(f"{where}: its rerun at {r['at']} gives {again}, listed {r['slots']}")
            count += len(again)
        return count
    if "slots" in a or a.get("reruns"):
        raise Wrong(f"{where}: an all-day activity has windows, not slots or reruns")
    derived = [
        {"first": s.date().isoformat(),
         "last": (s.date() + duration(length) - dt.timedelta(days=1)).isoformat()}
        for s, length in got
    ]
    if derived != a["windows"]:
        raise Wrong(f"{where}: the rule gives {derived}, the expectation lists {a['windows']}")
    return 0


def docx_lines(path: Path) -> list[str]:
    """The body of a Word file as import counts it: each paragraph a line,
    each table row a line of its cells' text joined by tabs."""
    with zipfile.ZipFile(path) as z:
        root = ElementTree.fromstring(z.read("word/document.xml"))
    lines = []

    def text(el) -> str:
        return "".join(t.text or "" for t in el.iter(f"{W}t"))

    for child in root.find(f"{W}body"):
        if child.tag == f"{W}p":
            lines.append(text(child))
        elif child.tag == f"{W}tbl":
            for tr in child.findall(f"{W}tr"):
                cells = [" ".join(text(p) for p in tc.findall(f"{W}p")) for tc in tr.findall(f"{W}tc")]
                lines.append("\t".join(cells))
    return lines


def holds(lines: list[str], line: int, words: list[str], span: int) -> bool:
    if not 1 <= line <= len(lines):
        return False
    near = norm(" ".join(lines[line - 1:line - 1 + span]))
    return all(norm(w) in near for w in words)


def check_plan(path: Path) -> dict:
    """Checks one expectation; returns its figures."""
    e = json.loads(path.read_text(encoding="utf-8"))
    name = path.name.removesuffix(".expect.json")
    if e.get("plan") != name:
        raise Wrong(f"plan {e.get('plan')!r} is not the file's name {name!r}")
    for suffix in (".txt", ".docx", ".pdf") + ((".scan.pdf",) if e.get("scan") else ()):
        if not (path.parent / (name + suffix)).is_file():
            raise Wrong(f"{name}{suffix} is missing")
    zone = ZoneInfo(e["timezone"])
    period = (dt.date.fromisoformat(e["period"]["from"]), dt.date.fromisoformat(e["period"]["to"]))
    txt = (path.parent / f"{name}.txt").read_text(encoding="utf-8").split("\n")
    docx = docx_lines(path.parent / f"{name}.docx")
    for key in ("number", "place", "date"):
        if not e["reference"].get(key):
            raise Wrong(f"reference has no {key}")
    timed = 0
    items = set()
    for a in e["activities"]:
        try:
            timed += check_activity(a, zone, period)
        except (KeyError, ValueError, TypeError) as err:
            raise Wrong(f"item {a.get('item')}: {err!r}") from err
        if a["item"] in items:
            raise Wrong(f"item {a['item']} twice")
        items.add(a["item"])
        if not holds(txt, a["line"], a["title_words"], SPAN):
            raise Wrong(f"item {a['item']}: {a['title_words']} not at line {a['line']} of the .txt")
        if not holds(docx, a["docx_line"], a["title_words"], 1):
            raise Wrong(f"item {a['item']}: {a['title_words']} not at line {a['docx_line']} of the .docx")
    budgets = [a["budget_vnd"] for a in e["activities"] if a.get("budget_vnd") is not None]
    total = e["budget_total_vnd"]
    if (sum(budgets) if budgets else None) != total:
        raise Wrong(f"the activities' budgets add up to {sum(budgets)}, the total is {total}")
    for amb in e["ambiguous"]:
        for key in ("line", "text", "reading", "why"):
            if key not in amb:
                raise Wrong(f"an ambiguity has no {key!r}: {amb}")
        if "txt" in amb.get("formats", ["txt"]) and not holds(txt, amb["line"], [amb["text"]], 2):
            raise Wrong(f"ambiguity {amb['text']!r} is not at line {amb['line']} of the .txt")
    return {"plan": name, "activities": len(e["activities"]), "timed": timed,
            "budget": total, "ambiguous": len(e["ambiguous"])}


def check_dir(folder: Path) -> list[dict]:
    plans = sorted(folder.glob("*.expect.json"))
    if not plans:
        raise Wrong(f"{folder}: no *.expect.json")
    figures = []
    for path in plans:
        try:
            figures.append(check_plan(path))
        except Wrong as err:
            raise Wrong(f"{path}: {err}") from err
    return figures


def main() -> int:
    folders = [Path(a) for a in sys.argv[1:]] or [HERE / "import"]
    try:
        for folder in folders:
            figures = check_dir(folder)
            for f in figures:
                print(f"{f['plan']}: {f['activities']} activities, {f['timed']} timed slots, "
                      f"budget {f['budget']}, {f['ambiguous']} ambiguities")
            print(f"{folder}: {len(figures)} plans, {sum(f['timed'] for f in figures)} timed slots")
    except Wrong as err:
        print(f"wrong: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
