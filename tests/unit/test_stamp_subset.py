"""The stamp fonts' subsets are shipped (resources/fonts/stamp-*.pdf) so a binder needs no ReportLab to stamp:
they must be what ReportLab makes of today's fonts."""

from __future__ import annotations

import pytest

from iepdesk.stampfont import make_subset, shipped, stamp_font


@pytest.mark.parametrize("bold", [False, True])
def test_the_shipped_subset_is_what_reportlab_makes_now(bold: bool) -> None:
    assert shipped(bold).read_bytes() == make_subset(bold), (
        "the shipped stamp font is out of date: run 'python -m iepdesk.stampfont' and commit the files")


def test_every_printable_windows_1252_character_has_its_own_code() -> None:
    font = stamp_font(False)
    assert len(set(font.codes.values())) == len(font.codes) > 200
    assert font.encode("Sam’s P-4 p. 2 of 5 — RIVERA-000012") != font.encode("Sam's P-4 p. 2 of 5 - RIVERA-000012")
    assert font.encode("北") == font.encode("?")
