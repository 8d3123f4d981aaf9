from __future__ import annotations

import pytest

from iepdesk.binder.options import Bates, BinderOptions, bates_prefix_for, exhibit_label
from iepdesk.binder.plan import plan_binder
from iepdesk.errors import UsageError

BATES = Bates("RIVERA-", 1, 6)


def test_labels_numbers_and_letters() -> None:
    assert [exhibit_label(i, BinderOptions()) for i in range(3)] == ["P-1", "P-2", "P-3"]
    lettered = BinderOptions(letters=True, exhibit_prefix="Ex. ")
    labels = [exhibit_label(i, lettered) for i in (0, 25, 26, 27, 701)]
    assert labels == ["Ex. A", "Ex. Z", "Ex. AA", "Ex. AB", "Ex. ZZ"]
    assert exhibit_label(0, BinderOptions(first_exhibit=12)) == "P-12"
    assert bates_prefix_for("Sam Rivera") == "RIVERA-" and bates_prefix_for("Zoë O'Neil") == "ONEIL-"
    assert BATES.number(122) == "RIVERA-000123"


def test_simplex_pages_run_on_with_a_slipsheet_before_each_exhibit() -> None:
    plan = plan_binder([(10, 3, ()), (11, 1, ()), (12, 2, ())], BinderOptions(), BATES)
    assert [(e.label, e.slipsheet, e.first_page, e.last_page) for e in plan.exhibits] == [
        ("P-1", 1, 2, 4), ("P-2", 5, 6, 6), ("P-3", 7, 8, 9)]
    assert plan.blanks == () and plan.body_pages == 9
    assert [plan.bates_of(e, 1) for e in plan.exhibits] == ["RIVERA-000001", "RIVERA-000004", "RIVERA-000005"]
    last = plan.exhibits[-1]
    assert plan.bates_of(last, last.pages) == "RIVERA-000006"  # no gap, slipsheets are not numbered


def test_duplex_starts_every_slipsheet_and_exhibit_on_a_right_hand_page() -> None:
    plan = plan_binder([(10, 3, ()), (11, 2, ()), (12, 1, ())], BinderOptions(duplex=True), BATES)
    for exhibit in plan.exhibits:
        assert exhibit.slipsheet % 2 == 1 and exhibit.first_page % 2 == 1
    assert [(e.slipsheet, e.first_page, e.last_page) for e in plan.exhibits] == [(1, 3, 5), (7, 9, 10), (11, 13, 13)]
    assert plan.blanks == (2, 6, 8, 12)
    no_tabs = plan_binder([(10, 3, ()), (11, 2, ())], BinderOptions(duplex=True, slipsheets=False), BATES)
    assert [(e.first_page, e.last_page) for e in no_tabs.exhibits] == [(1, 3), (5, 6)] and no_tabs.blanks == (4,)


@pytest.mark.parametrize(("options", "sentence"), [
    (BinderOptions(order="alphabetical"), "The order 'alphabetical' is not one of"),
    (BinderOptions(paper="legal"), "The paper size is letter or a4."),
    (BinderOptions(exhibit_prefix="Pièce "), "must be up to 20 plain letters"),
    (BinderOptions(bates_digits=2), "Bates numbers need 3 to 10 digits"),
    (BinderOptions(order="manual"), "A manual order needs the documents listed"),
    (BinderOptions(gutter_mm=90), "The hole-punch gutter is between 0 and 40 mm."),
    (BinderOptions(sections=("cover", "appendix")), "Unknown section(s): appendix;"),
])
def test_options_are_checked_with_a_sentence(options: BinderOptions, sentence: str) -> None:
    with pytest.raises(UsageError) as refused:
        options.check()
    assert sentence in str(refused.value) and str(refused.value).endswith(".")


def test_pin_cites_follow_a_typeset_document_that_ran_over() -> None:
    # an email whose one page became two, then a note: document page 2 of item 11 starts on exhibit page 3
    plan = plan_binder([(10, 2, (1, 2)), (11, 3, (1, 3))], BinderOptions(), BATES)
    second = plan.exhibits[1]
    assert (second.first_page, second.body_page(1), second.body_page(2)) == (5, 5, 7)
