"""Issue 16: a folder of real messages (CPython's email test data) and one file of each type a parent has, all
imported in one go: every file is kept (imported, or a duplicate of one that was), none is refused for its type,
and the vault checks clean afterwards."""

from __future__ import annotations

import shutil
from pathlib import Path

from iepdesk.ingest import ImportOptions, import_paths
from iepdesk.items import list_items, page_texts
from iepdesk.vault import Vault
from iepdesk.vault.verify import verify
from tests.fixtures import docs

DATA = Path(__file__).parents[1] / "data"


def test_every_file_of_a_parents_folder_is_kept(vault: Vault, tmp_path: Path) -> None:
    folder = tmp_path / "from the school"
    shutil.copytree(DATA / "cpython-email", folder)
    (folder / "README.md").unlink()
    shutil.copy(DATA / "word" / "textract-raw_text.doc", folder / "old letter.doc")
    docs.spreadsheet(folder / "RTI scores.xlsx", {"Fall": [["Week", "WCPM"], [1, 38], [2, 41]]})
    (folder / "scores.csv").write_text("Week,WCPM\n1,38\n2,41\n", "utf-8")
    docs.odt(folder / "letter.odt", ["Dear Ms. Rivera,", "The team will meet on Monday."], title="Meeting")
    (folder / "note.rtf").write_text(r"{\rtf1\ansi Sam read aloud today.\par}", "utf-8")
    (folder / "portal page.html").write_text("<html><head><title>Portal</title><style>p{}</style></head><body>"
                                             "<p>Parent&amp;notice: grades posted</p><script>x()</script></body>"
                                             "</html>", "utf-8")
    docs.recorded_wav(folder / "IEP meeting.wav", 2.0, "IEP meeting", "2025-11-20")
    docs.recorded_mp3(folder / "voicemail.mp3", 400, "Voicemail", "2025-10-08")
    (folder / "signature.asc").write_text("-----BEGIN PGP SIGNATURE-----\nabc\n-----END PGP SIGNATURE-----\n",
                                          "utf-8")
    (folder / "firmware.bin").write_bytes(bytes(range(256)) * 4)
    report = import_paths(vault, [folder], ImportOptions(workers=0))
    statuses = {Path(r.path).name: r.status for r in report.results}
    assert set(statuses.values()) <= {"imported", "duplicate"}, {n: r.reason for n, r in
                                                                  ((Path(r.path).name, r) for r in report.results)
                                                                  if r.status not in ("imported", "duplicate")}
    on_disk = {p.name for p in folder.iterdir()}
    assert on_disk <= set(statuses), on_disk - set(statuses)  # every file has a result
    items = {i.original_name: i for i in list_items(vault)}
    html = " ".join(t for _n, _s, t in page_texts(vault, items["portal page.html"].id))
    assert "Parent&notice: grades posted" in html and "x()" not in html  # unescaped once, scripts dropped
    assert "signature.asc" in items and "firmware.bin" in items
    # text under a name IEPDesk has no reader for is read as text; only what is not text is kept with none
    assert "BEGIN PGP SIGNATURE" in page_texts(vault, items["signature.asc"].id)[0][2]
    assert items["signature.asc"].media_type == "text/plain"
    assert not any("kept, no text" in w for w in items["signature.asc"].warnings)
    assert any("kept, no text" in w for w in items["firmware.bin"].warnings)
    assert verify(vault).ok
