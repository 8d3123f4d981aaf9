"""The disclosure packet for the demo hearing: made, dated, its exhibit list matching the binder's labels, the
disclosure recorded (its clock stopped, the binder marked disclosed), read back with an independent reader."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from pathlib import Path

import pymupdf
import pypdf
import pytest
from sqlalchemy import select

from iepdesk.errors import IEPDeskError, UsageError
from iepdesk.hearing.packet import PacketRequest, disclosure_clock, find_hearing, make_packet
from iepdesk.letters.parent import set_parent
from iepdesk.timeline.events import list_events
from iepdesk.timeline.people import list_people
from iepdesk.vault import Vault
from iepdesk.vault.models import Binder

TODAY = dt.date(2026, 12, 7)
LABEL = re.compile(r"^P-\d+$", re.M)


@pytest.fixture
def demo(demo_path: Path) -> Vault:
    with Vault.open(demo_path) as vault:
        yield vault


def _person(vault: Vault, name: str) -> int:
    return next(p.id for p in list_people(vault) if p.name == name)


def test_the_demo_hearing_packet_is_dated_and_lists_the_binders_labels(demo: Vault, tmp_path: Path) -> None:
    set_parent(demo, "Dana Rivera", address="418 Linden Court; Maple Grove, CA 95999", phone="(555) 014-7731",
               email="dana.rivera@example.com")
    hearing = find_hearing(demo, today=TODAY)
    assert hearing.date == dt.date(2027, 1, 7)
    clock = disclosure_clock(demo, hearing, TODAY)
    assert clock is not None and clock.due == dt.date(2026, 12, 30)  # 5 business days back, past New Year's Day
    request = PacketRequest(witnesses=((_person(demo, "Elena Marsh"), "her evaluation and the ADHD diagnosis"),
                                       (_person(demo, "Karen Holloway"), "Sam's attention in class")),
                            served_how="email", served_date=dt.date(2026, 12, 7))
    result = make_packet(demo, tmp_path / "Disclosure.pdf", request, today=TODAY)

    assert result.path.exists() and result.binder.path == (tmp_path / "Disclosure - exhibits.pdf").resolve()
    assert result.due == dt.date(2026, 12, 30) and result.late_days == 0
    for path in (result.path, result.binder.path):  # an independent reader opens both
        reader = pypdf.PdfReader(io.BytesIO(path.read_bytes()), strict=True)
        assert all(page.extract_text() is not None for page in reader.pages)
    packet = pymupdf.open(result.path)
    assert [title for _level, title, _page in packet.get_toc()] == ["Cover letter", "Exhibit list", "Witness list",
                                                                    "Certificate of service"]
    pages = {title: page for _level, title, page in packet.get_toc()}
    letter = packet[0].get_text()
    assert "December 7, 2026" in letter and "Dear Rachel Dunmore:" in letter and "34 CFR 300.512(a)(3)" in letter
    binder_labels = [e["label"] for e in result.binder.exhibits]
    assert f"the exhibits P-1 to {binder_labels[-1]}" in " ".join(letter.split())
    listed = [label for n in range(pages["Exhibit list"] - 1, pages["Witness list"] - 1)
              for label in LABEL.findall(packet[n].get_text())]
    assert listed == binder_labels  # the exhibit list and the binder agree, label for label
    bates = " ".join(packet[pages["Exhibit list"] - 1].get_text().split())
    first = result.binder.exhibits[0]
    assert first["bates_first"] in bates and "Offered" in bates and "Witness" in bates
    witnesses = packet[pages["Witness list"] - 1].get_text()
    assert "Elena Marsh" in witnesses and "her evaluation and the ADHD diagnosis" in witnesses
    certificate = " ".join(packet[pages["Certificate of service"] - 1].get_text().split())
    assert "on December 7, 2026 I served this disclosure" in certificate and "by email" in certificate
    assert "Hon. Paul Ahn" in certificate and "Rachel Dunmore" in certificate
    # the exhibits file is the disclosure copy, stamped with the same labels
    exhibits = pymupdf.open(result.binder.path)
    stamped = {m for page in exhibits for m in re.findall(r"(P-\d+) p\. 1 of", page.get_text())}
    assert stamped == set(binder_labels)
    assert result.binder.copy == "disclosure"

    # recorded: the disclosure event (its clock stops, met), the letter filed, the binder marked disclosed
    disclosure = list_events(demo, kinds=["disclosure"])
    assert [(e.id, e.date, e.item_id) for e in disclosure] == [(result.event_id, dt.date(2026, 12, 7),
                                                                 result.letter_id)]
    after = disclosure_clock(demo, hearing, TODAY)
    assert after is not None and after.stopped_by is not None and after.status == "met"
    with demo.session() as session:
        row = session.scalars(select(Binder).where(Binder.id == result.binder.binder_id)).one()
        assert row.disclosed_on == dt.date(2026, 12, 7)


def test_a_packet_that_cannot_be_signed_writes_and_records_nothing(demo: Vault, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(UsageError, match=r"needs your name, your postal address.*iepdesk parent set"):
        make_packet(demo, out / "Disclosure.pdf", PacketRequest(), today=TODAY)
    assert list(out.iterdir()) == []
    assert list_events(demo, kinds=["disclosure"]) == []
    with demo.session() as session:
        assert session.scalars(select(Binder)).all() == []


def test_no_hearing_and_unknown_people_are_named(demo: Vault, tmp_path: Path) -> None:
    set_parent(demo, "Dana Rivera", address="418 Linden Court; Maple Grove, CA 95999")
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    with pytest.raises(UsageError, match="Event 1 is not a due-process hearing"):
        make_packet(demo, tmp_path / "p.pdf", PacketRequest(hearing_id=1), today=TODAY)
    with pytest.raises(UsageError, match="no person 999"):
        make_packet(demo, tmp_path / "p.pdf", PacketRequest(witnesses=((999, "x"),)), today=TODAY)
    with pytest.raises(IEPDeskError, match=r"ending in \.pdf"):
        make_packet(demo, tmp_path / "p.txt", PacketRequest(), today=TODAY)
    assert list(tmp_path.iterdir()) == []


def test_the_packet_command_names_what_is_missing_then_makes_it(demo_path: Path, tmp_path: Path) -> None:
    from tests.integration.test_cli import iepdesk

    out = tmp_path / "out"
    out.mkdir()
    refused = iepdesk("packet", str(out / "packet.pdf"), vault=demo_path)
    assert refused.returncode != 0 and "iepdesk parent set" in refused.stderr and "Traceback" not in refused.stderr
    assert list(out.iterdir()) == []
    iepdesk("parent", "set", "Dana Rivera", "--address", "418 Linden Court", vault=demo_path)
    made = iepdesk("packet", str(out / "packet.pdf"), "--witness", "Karen Holloway", "Sam's attention in class",
                   "--served-how", "hand delivered", "--json", vault=demo_path)
    assert made.returncode == 0, made.stderr

    data = json.loads(made.stdout)
    assert data["hearing_date"] == "2027-01-07" and data["due"] == "2026-12-30"
    assert sorted(p.name for p in out.iterdir()) == ["packet - exhibits.pdf", "packet.pdf"]
    listed = iepdesk("binders", vault=demo_path)
    assert f"(disclosed {data['served_date']})" in listed.stdout


def test_after_the_disclosure_exhibits_keep_their_labels_and_new_documents_follow(demo: Vault, tmp_path: Path,
                                                                                   inbox: Path) -> None:
    from iepdesk.binder.assemble import make_binder
    from iepdesk.binder.options import BinderOptions
    from iepdesk.ingest import import_paths
    from iepdesk.items import trash_items, update_item
    from tests.fixtures import docs

    set_parent(demo, "Dana Rivera", address="418 Linden Court; Maple Grove, CA 95999")
    packet = make_packet(demo, tmp_path / "Disclosure.pdf", PacketRequest(), today=TODAY)
    disclosed = packet.binder
    before = {e["item_id"]: e["label"] for e in disclosed.exhibits}
    # a document found later, dated before all the others (by date it would be P-1), and one taken out
    added = import_paths(demo, [docs.text_pdf(inbox / "Kindergarten screening.pdf", ["Screening of Sam"])])
    new_id = added.results[0].item_id
    update_item(demo, new_id, doc_date=dt.date(2021, 9, 1), title="Kindergarten screening")
    gone = next(i for i, label in before.items() if label == "P-5")
    trash_items(demo, [gone])

    later = make_binder(demo, tmp_path / "later.pdf", BinderOptions())
    after = {e["item_id"]: e["label"] for e in later.exhibits}
    new = (new_id, packet.letter_id)  # the cover letter, filed when it was sent, is a new document too
    assert {i: label for i, label in after.items() if i not in new} == {i: b for i, b in before.items() if i != gone}
    n = len(before)
    assert [after[i] for i in new] == [f"P-{n + 1}", f"P-{n + 2}"]  # after the disclosed ones, by date
    assert [e["label"] for e in later.exhibits][-2:] == [f"P-{n + 1}", f"P-{n + 2}"]
    assert "keep their numbers" in later.numbering and f"New since then: P-{n + 1}, P-{n + 2}" in later.numbering
    assert "Not in this binder: P-5" in later.numbering
    with pymupdf.open(later.path) as doc:  # the stamps and the bookmarks say the same
        assert f"P-{n + 1} p. 1 of 1" in "".join(page.get_text() for page in doc)

    fresh = make_binder(demo, tmp_path / "fresh.pdf", BinderOptions(keep_numbers=False))
    assert fresh.exhibits[0]["item_id"] == new_id and fresh.exhibits[0]["label"] == "P-1" and not fresh.numbering
