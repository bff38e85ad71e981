"""One pattern for reading and passage ids, used wherever they are made and parsed."""

from __future__ import annotations

import pytest

from bot.corpus.ids import check_source_id, is_passage_id, parse_passage_id, passage_id
from bot.errors import BadInput


@pytest.mark.parametrize("good", ["liu", "soviet-blog-2", "a", "x1"])
def test_good_source_ids(good):
    assert check_source_id(good) == good


@pytest.mark.parametrize("bad", ["my reading", "-x", "x-", "Liu", "", "a" * 33, "é"])
def test_bad_source_ids(bad):
    with pytest.raises(BadInput):
        check_source_id(bad)


def test_passage_ids_round_trip():
    assert passage_id("soviet-blog-2", 14) == "soviet-blog-2-014"
    assert parse_passage_id("soviet-blog-2-014") == ("soviet-blog-2", 14)
    assert parse_passage_id(" LIU-003 ") == ("liu", 3)
    assert is_passage_id("liu-001") and not is_passage_id("liu 001")
    with pytest.raises(BadInput, match="not a passage id"):
        parse_passage_id("liu-1")
