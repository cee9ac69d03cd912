#!/usr/bin/env python3
"""Whether two HTML pages, or two folders of them, differ only in whitespace.

    python3 tests/interop/html_same.py OLD NEW

OLD and NEW are two files or two folders (every *.html in them, by name,
must be in both). Each pair is said to be:

- "same bytes";
- "whitespace only": equal once the whitespace between tags is removed and
  every run of whitespace in text is one space;
- "same document": equal as parsed (entities decoded, attribute quoting
  ignored), which is what a browser sees; the text of the difference is shown;
- "DIFFERENT", with the first place where they part.

Exit status 0 when no pair is DIFFERENT, 1 otherwise.
"""

import html.parser
import pathlib
import re
import sys


def squeeze(text):
    """The page with whitespace between tags removed, other runs made one space."""
    text = re.sub(r">\s+<", "><", text)
    return re.sub(r"\s+", " ", text).strip()


class Tokens(html.parser.HTMLParser):
    """The page as a browser reads it: tags with their attributes, and text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tokens = []

    def handle_starttag(self, tag, attrs):
        self.tokens.append(("start", tag, tuple(attrs)))

    def handle_startendtag(self, tag, attrs):
        self.tokens.append(("start", tag, tuple(attrs)))

    def handle_endtag(self, tag):
        self.tokens.append(("end", tag))

    def handle_data(self, data):
        data = re.sub(r"\s+", " ", data)
        if data.strip():
            self.tokens.append(("text", data))

    def handle_decl(self, decl):
        self.tokens.append(("decl", decl))


def tokens(text):
    parser = Tokens()
    parser.feed(text)
    parser.close()
    return parser.tokens


def first_difference(a, b):
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return i
    return min(len(a), len(b))


def compare(old, new):
    a, b = old.read_text(encoding="utf-8"), new.read_text(encoding="utf-8")
    if a == b:
        return "same bytes", None
    sa, sb = squeeze(a), squeeze(b)
    if sa == sb:
        return "whitespace only", None
    i = first_difference(sa, sb)
    where = f"at {i}: {sa[max(0, i - 60):i + 60]!r}\n    vs {sb[max(0, i - 60):i + 60]!r}"
    if tokens(a) == tokens(b):
        return "same document", where
    return "DIFFERENT", where


def pairs(old, new):
    if old.is_file():
        return [(old, new)]
    names = sorted(p.name for p in old.glob("*.html"))
    others = sorted(p.name for p in new.glob("*.html"))
    if names != others:
        sys.exit(f"not the same pages: {sorted(set(names) ^ set(others))}")
    return [(old / n, new / n) for n in names]


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    old, new = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    bad = 0
    for a, b in pairs(old, new):
        verdict, where = compare(a, b)
        print(f"{verdict}: {a} {b} ({b.stat().st_size} bytes)")
        if where:
            print("    " + where)
        bad += verdict == "DIFFERENT"
    print(f"{bad} different of {len(pairs(old, new))}")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
