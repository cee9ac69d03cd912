"""The occurrence JSON that the other interop tests compare against."""
from datetime import date, datetime


def test_every_occurrence_has_the_contract_fields(occurrences):
    fields = {"uid", "plan", "activity", "title", "kind", "role", "outlet", "start",
              "end", "all_day", "status", "holiday", "premiere_uid", "moved_from"}
    assert occurrences
    for o in occurrences:
        assert set(o) == fields
        parse = date.fromisoformat if o["all_day"] else datetime.fromisoformat
        assert parse(o["start"]) < parse(o["end"])
