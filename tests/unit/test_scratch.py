"""Clean-up markers: what a dead process left is removed, even when its drive comes back later."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from iepdesk.vault import scratch


def _marker_for(path: Path) -> Path:
    folder = scratch.registry()
    folder.mkdir(parents=True, exist_ok=True)
    marker = folder / "dead-process.json"
    marker.write_text(json.dumps({"path": str(path), "pid": 1}))
    return marker


def test_a_marker_whose_folder_is_absent_is_kept_then_forgotten_after_a_year(tmp_path: Path) -> None:
    marker = _marker_for(tmp_path / "usb" / ".iepdesk-backup-0123.sqlite.part")
    assert scratch.sweep() == [] and marker.exists()
    long_ago = time.time() - (scratch.FORGET_AFTER_DAYS + 1) * 86400
    os.utime(marker, (long_ago, long_ago))
    assert scratch.sweep() == [] and not marker.exists()


def test_a_marker_whose_copy_is_gone_from_a_present_folder_is_dropped(tmp_path: Path) -> None:
    marker = _marker_for(tmp_path / ".iepdesk-backup-0123.part")
    assert scratch.sweep() == [] and not marker.exists()
