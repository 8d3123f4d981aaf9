"""Progress of long work (import, OCR, binder, backup), reported to a callback the CLI or the app provides."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Progress:
    done: int
    total: int
    current: str  # what is being done now, in words
    phase: str = "import"  # import | ocr | binder | backup | check | restore | export


ProgressFn = Callable[[Progress], None]
