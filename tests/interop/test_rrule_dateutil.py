"""castcal's expansion of random valid RRULEs against python-dateutil's.

480 rules from a fixed seed (so every run checks the same ones),
weighted towards the shapes that went wrong before: the ordinals -5/+5 in
MONTHLY and -53/+53 in YEARLY, BYSETPOS, negative BYMONTHDAY, BYWEEKNO,
BYYEARDAY, INTERVAL > 1, COUNT and UNTIL. Each rule becomes one activity
whose `start` is the rule's first instance by dateutil (castcal refuses a
start the rule does not give); castcal expands them all at once, and each
activity's starts must equal dateutil's inside the plan's period, in the
plan's wall-clock time (UTC, and Europe/Berlin across its changes).
"""
import datetime as datetime_module
import json
import os
import random
import re
import subprocess
from contextlib import contextmanager
from datetime import datetime, timedelta

import dateutil.rrule
from dateutil.rrule import rrulestr

from conftest import ROOT

SEED = 5545
DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
# (plan id, zone, first day, last day, frequencies, how many rules): yearly
# rules get a long period, so a 53rd weekday (a few years in 28) shows up.
# Berlin's plan checks that rules run in wall-clock time across its daylight
# saving changes; its slots avoid 02:00-03:00, which a change skips or repeats.
PLANS = [
    ("short", "UTC", datetime(2023, 1, 1), datetime(2024, 6, 30),
     ["DAILY", "WEEKLY", "MONTHLY", "MONTHLY", "HOURLY"], 240),
    ("long", "UTC", datetime(2023, 1, 1), datetime(2062, 12, 31), ["YEARLY"], 160),
    ("berlin", "Europe/Berlin", datetime(2023, 1, 1), datetime(2024, 12, 31),
     ["DAILY", "WEEKLY", "MONTHLY", "YEARLY"], 80),
]


class UpToYear:
    """The `datetime` module as dateutil's rrule sees it, but with `MAXYEAR`
    lowered: a rule with no instance at all (BYSETPOS=7 of a month's Mondays)
    then stops looking after that year instead of iterating day by day to
    9999, which takes dateutil minutes."""

    def __init__(self, year: int):
        self.__dict__.update(vars(datetime_module))
        self.MAXYEAR = year


@contextmanager
def up_to(year: int):
    """dateutil's rrule looks no further than `year` (nothing later is compared)."""
    saved = dateutil.rrule.datetime
    dateutil.rrule.datetime = UpToYear(year)
    try:
        yield
    finally:
        dateutil.rrule.datetime = saved


def ordinal(rng: random.Random, top: int) -> int:
    """1..top or -top..-1, half the time the extreme one."""
    n = top if rng.random() < 0.5 else rng.randint(1, top)
    return n if rng.random() < 0.5 else -n


def sign(n: int, rng: random.Random) -> str:
    """`n` as RFC 5545 allows writing it, sometimes with a `+`."""
    return f"+{n}" if n > 0 and rng.random() < 0.2 else str(n)


def some(rng: random.Random, values, most: int):
    return sorted(rng.sample(values, rng.randint(1, most)))


def random_rule(rng: random.Random, freq: str, last: datetime) -> str:
    parts = [f"FREQ={freq}"]
    if rng.random() < 0.4:
        parts.append(f"INTERVAL={rng.randint(2, 4)}")
    by_month = freq in ("YEARLY", "MONTHLY") and rng.random() < 0.35
    by_week_no = freq == "YEARLY" and not by_month and rng.random() < 0.2
    if by_month:
        parts.append("BYMONTH=" + ",".join(map(str, some(rng, range(1, 13), 3))))
    if by_week_no:
        weeks = {ordinal(rng, 53) for _ in range(rng.randint(1, 2))}
        parts.append("BYWEEKNO=" + ",".join(sign(w, rng) for w in sorted(weeks)))
    by_day = []
    r = rng.random()
    if freq == "MONTHLY" or (freq == "YEARLY" and by_month):
        if r < 0.5:
            by_day = [f"{sign(ordinal(rng, 5), rng)}{d}" for d in some(rng, DAYS, 2)]
        elif r < 0.8:
            by_day = some(rng, DAYS, 5)
    elif freq == "YEARLY" and not by_week_no:
        if r < 0.6:
            by_day = [f"{sign(ordinal(rng, 53), rng)}{d}" for d in some(rng, DAYS, 2)]
        elif r < 0.75:
            by_day = some(rng, DAYS, 2)
    elif r < 0.5:
        by_day = some(rng, DAYS, 4)
    if by_day:
        parts.append("BYDAY=" + ",".join(by_day))
    if freq != "WEEKLY" and rng.random() < 0.3:
        days = {rng.choice([1, 2, 13, 15, 28, 29, 30, 31, -1, -2, -7, -31]) for _ in range(rng.randint(1, 2))}
        parts.append("BYMONTHDAY=" + ",".join(sign(d, rng) for d in sorted(days)))
    if freq in ("YEARLY", "HOURLY") and not by_day and rng.random() < 0.3:
        days = {rng.choice([1, 60, 100, 200, 365, 366, -1, -366]) for _ in range(rng.randint(1, 2))}
        parts.append("BYYEARDAY=" + ",".join(sign(d, rng) for d in sorted(days)))
    if freq in ("DAILY", "WEEKLY") and rng.random() < 0.25:
        parts.append("BYHOUR=" + ",".join(map(str, some(rng, [6, 9, 12, 18, 21], 2))))
    if freq == "HOURLY" and rng.random() < 0.5:
        parts.append("BYMINUTE=" + ",".join(map(str, some(rng, [0, 15, 30, 45], 2))))
    has_by = any(p.startswith("BY") for p in parts)
    if has_by and rng.random() < 0.3:
        top = 366 if freq == "YEARLY" else 7
        positions = {rng.choice([1, 2, 3, -1, -2, top, -top]) for _ in range(rng.randint(1, 2))}
        parts.append("BYSETPOS=" + ",".join(sign(p, rng) for p in sorted(positions)))
    if rng.random() < 0.2:
        parts.append(f"WKST={rng.choice(DAYS)}")
    end = rng.random()
    if freq == "HOURLY":
        parts.append(f"COUNT={rng.randint(1, 60)}")
    elif end < 0.3:
        parts.append(f"COUNT={rng.randint(1, 40)}")
    elif end < 0.55:
        until = datetime(2023, 1, 1) + timedelta(minutes=rng.randint(0, int((last - datetime(2023, 1, 1)).total_seconds() // 60)))
        parts.append(f"UNTIL={until:%Y%m%dT%H%M%S}")
    rng.shuffle(parts)  # the order of the parts does not matter
    return ";".join(parts)


def cases():
    """(plan, [(activity id, rule, DTSTART)]) for every plan, from SEED."""
    rng = random.Random(SEED)
    for plan_id, zone, first, last, freqs, how_many in PLANS:
        activities = []
        while len(activities) < how_many:
            freq = rng.choice(freqs)
            rule = random_rule(rng, freq, last)
            seed = datetime(2023, 1, 1) + timedelta(days=rng.randint(0, 364),
                                                    hours=rng.randint(0 if zone == "UTC" else 4, 23),
                                                    minutes=rng.choice([0, 15, 30, 45]))
            with up_to(last.year):
                start = next(iter(rrulestr(rule, dtstart=seed)), None)
                if start is None or start > last:
                    continue  # no instance in the period: nothing to compare
                if next(iter(rrulestr(rule, dtstart=start)), None) != start:
                    continue  # the first instance does not start its own rule
            activities.append((f"r{len(activities)}", rule, start))
        yield (plan_id, zone, first, last), activities


def dateutil_starts(rule: str, start: datetime, first: datetime, last: datetime) -> list[str]:
    end = last.replace(hour=23, minute=59, second=59)
    with up_to(last.year):
        found = rrulestr(rule, dtstart=start).between(first, end, inc=True)
    return [f"{t:%Y-%m-%dT%H:%M}" for t in found]


def test_random_rules_expand_as_dateutil_does(tmp_path):
    files, expected, rules = [], {}, {}
    for (plan_id, zone, first, last), activities in cases():
        lines = [
            f"plan: {{ id: {plan_id}, title: {plan_id}, timezone: {zone}, "
            f"period: {{ from: {first:%Y-%m-%d}, to: {last:%Y-%m-%d} }} }}",
            "outlets: { TV: { name: TV, kind: tv } }",
            "activities:",
        ]
        for aid, rule, start in activities:
            lines.append(f'  - {{ id: {aid}, title: {aid}, kind: broadcast, outlet: TV, '
                         f'start: {start:%Y-%m-%dT%H:%M}, rrule: "{rule}", duration: PT10M }}')
            expected[(plan_id, aid)] = dateutil_starts(rule, start, first, last)
            rules[(plan_id, aid)] = rule
        path = tmp_path / f"{plan_id}.yaml"
        path.write_text("\n".join(lines) + "\n")
        files.append(str(path))

    binary = os.environ.get("CASTCAL_BIN", str(ROOT / "target" / "debug" / "castcal"))
    out = subprocess.run([binary, "expand", "--format", "json", *files], cwd=ROOT,
                         capture_output=True, check=False)
    assert out.returncode == 0, out.stderr.decode()
    got = {key: [] for key in expected}
    offsets = {"short": {"+00:00"}, "long": {"+00:00"}, "berlin": {"+01:00", "+02:00"}}
    seen = {plan: set() for plan in offsets}
    for o in json.loads(out.stdout):
        seen[o["plan"]].add(o["start"][19:])
        got[(o["plan"], o["activity"])].append(o["start"][:16])
    assert seen == offsets  # Berlin's rules do cross its changes

    wrong = [f"{rules[k]} from {expected[k][:1]}: castcal {got[k][:6]}…, dateutil {expected[k][:6]}…"
             for k in expected if got[k] != expected[k]]
    assert not wrong, f"{len(wrong)} of {len(expected)} rules differ:\n" + "\n".join(wrong[:20])

    # The test is only worth something if it met the shapes it is for.
    def count(pattern: str) -> int:
        return sum(1 for t in rules.values() if re.search(pattern, t))

    assert len(expected) == sum(p[-1] for p in PLANS)
    assert sum(len(v) for v in expected.values()) > 5000
    assert count(r"FREQ=MONTHLY.*BYDAY=[^;]*-5[A-Z]|BYDAY=[^;]*-5[A-Z].*FREQ=MONTHLY") >= 10
    assert count(r"BYDAY=[^;]*-53[A-Z]") >= 10
    assert count(r"BYDAY=(?:[^;]*,)?\+?53[A-Z]") >= 10
    for pattern in ("BYSETPOS", "BYWEEKNO", "BYYEARDAY", "BYMONTHDAY=[^;]*-", "INTERVAL",
                    "COUNT", "UNTIL", r"\+", "WKST", "BYHOUR"):
        assert count(pattern) >= 10, pattern
