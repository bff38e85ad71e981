"""Chrome is decided from the line itself and its neighbours, never from a site's name."""

from __future__ import annotations

import pytest

from bot.corpus.chrome import classify, looks_like_caption, strip_edit_markers


@pytest.mark.parametrize(
    "line",
    [
        "Accept and close",
        "Subscribe today",
        "Already a member? Log in",
        "Our site uses cookies. By continuing to use our site you agree to our cookies policy.",
        "For You For Only $13.90/page!",
        "This section contains 660 words (approx. 3 pages at 300 words per page) |",
        "Above is an image of Nikita Khrushchev, who denounced Stalin",
        "Kruschev and Kennedy, 1961. Image URL:,_Nikita_Khrushchev_1961.jpg",
        "Photo: a Gulag barrack",
        "From Wikipedia, the free encyclopedia",
        "Jump to: navigation, search",
        "[edit] External link",
        "This post was awarded a “red star” from the editorial team.",
        "This entry was posted in History. Bookmark the permalink.",
        "Tuesday, December 16, 2014",
        "Apr 02, 2015",
        "<http://example.org/page>.",
        "1.",
    ],
)
def test_chrome_lines(line):
    assert classify([line]) == [classify([line])[0]] and classify([line])[0]


@pytest.mark.parametrize(
    "line",
    [
        "Peasants had to register with the police in 1932.",
        "Khrushchev did not share Stalin's taste for terror.",
        "In 1956 Khrushchev denounced Stalin.",
        "Stalin Denounced by Nikita Khrushchev",
        "The account of the purges was read to a closed session.",
    ],
)
def test_reading_lines_stay(line):
    assert classify([line]) == [None]


def test_readers_comments_and_everything_after():
    lines = [
        "The speech shocked the delegates.",
        "2 Responses to The Secret Speech",
        "  1. Anna says:",
        "    I never knew this.",
        "Comments are closed.",
    ]
    reasons = classify(lines)
    assert reasons[0] is None
    assert all(reasons[1:])
    assert reasons[3] == "reader's comment"


def test_a_reference_list_after_end_matter_is_not_chrome():
    reasons = classify(["See also", "Thaw (novel)", "References [edit]", "Hunt, Michael. 2015."])
    assert reasons[:2] == [reasons[0], reasons[0]] and reasons[0]
    assert reasons[2:] == [None, None]


def test_continuation_and_button_rows():
    reasons = classify(["Above is an image of the statue", "that was pulled down in 1961."])
    assert reasons[0] and reasons[1] == reasons[0]
    assert all(classify(["Log in", "Your choice of two articles", "Register now"]))


def test_kept_back_lines_are_never_dropped():
    assert classify(["Register now"], keep=frozenset({"Register now"})) == [None]


def test_edit_markers_and_captions():
    assert strip_edit_markers("References[change | edit source]") == "References"
    assert looks_like_caption("Fence at the old Gulag")
    assert not looks_like_caption("The End of the Gulags")
    assert not looks_like_caption("Khrushchev spoke for four hours.")
