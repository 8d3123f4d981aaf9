"""The window with 10,000 documents (./dev.sh bench): first paint of the page a parent sees first (Today) within
3x a bare PySide6 window showing an empty table (both timed from launching the program to its first paint, in
fresh processes, alternately), and the list updating within 100 ms for the median search query as the parent
types."""

from __future__ import annotations

import select
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.benchmarks.installed import compile_iepdesk
from tests.benchmarks.test_search_speed import QUERIES, big_vault  # noqa: F401  (a fixture)

BARE = """
import time
start = time.perf_counter()
import json, sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QApplication, QTableView
app = QApplication([])
view = QTableView()
view.setModel(QStandardItemModel(0, 7))
class Painted(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            print(json.dumps(time.perf_counter() - start)); sys.stdout.flush(); QTimer.singleShot(0, app.quit)
        return False
watch = Painted()
view.viewport().installEventFilter(watch)
view.resize(1200, 800)
view.show()
app.exec()
"""

OURS = """
import time
start = time.perf_counter()
import json, sys
from pathlib import Path
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication([])
from iepdesk.gui.main_window import MainWindow
from iepdesk.gui.tasks import TaskRunner
from iepdesk.vault import Vault
vault = Vault.open(Path(sys.argv[1]))
window = MainWindow(vault, TaskRunner(synchronous=True))
page = window.stack.currentWidget()  # what the parent sees first: Today, for a vault with documents
assert window.model.rowCount(), "the list holds the documents"
class Painted(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and isinstance(obj, QWidget) and (obj is page or page.isAncestorOf(obj)):
            print(json.dumps(time.perf_counter() - start)); sys.stdout.flush(); QTimer.singleShot(0, app.quit)
        return False
watch = Painted()
app.installEventFilter(watch)
window.show()
app.exec()
vault.close()
"""


def _first_paint(code: str, *args: str) -> float:
    """Seconds from launching the program to its first paint, as the person waiting sees it."""
    import os

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE, text=True, env=env)
    assert process.stdout is not None
    if not select.select([process.stdout], [], [], 120)[0]:  # a window that never paints fails, it does not hang
        process.kill()
        process.wait()
        pytest.fail("the window did not paint within 120 s")
    process.stdout.readline()  # printed at the first paint
    painted = time.perf_counter() - start
    process.wait(timeout=120)
    return painted


def test_first_paint_with_ten_thousand_documents(big_vault) -> None:  # noqa: F811
    path = str(big_vault.path)
    big_vault.close()  # the window takes the writer's lock
    compile_iepdesk()
    bare, ours = [], []
    for _ in range(3):
        bare.append(_first_paint(BARE))
        ours.append(_first_paint(OURS, path))
    ratio = min(ours) / min(bare)
    print(f"\nfirst paint: bare table {min(bare):.2f} s, IEPDesk with 10,000 documents {min(ours):.2f} s; "
          f"ratio {ratio:.2f} (limit 3)")
    assert ratio <= 3


def test_search_as_you_type_updates_the_list_quickly(big_vault, qtbot) -> None:  # noqa: F811
    from iepdesk.gui.main_window import MainWindow
    from iepdesk.gui.tasks import TaskRunner
    from iepdesk.vault import Vault

    path = big_vault.path
    big_vault.close()
    with Vault.open(Path(path)) as vault:
        window = MainWindow(vault, TaskRunner(synchronous=True))
        qtbot.addWidget(window)
        window.show()
        window.focus_search()  # Ctrl+F: the list and its search box, where a parent types a search
        times = []
        for query in QUERIES:
            window.search_edit.blockSignals(True)
            window.search_edit.setText(query)
            window.search_edit.blockSignals(False)
            start = time.perf_counter()
            window.refresh()
            times.append((time.perf_counter() - start) * 1000)
        window.close()
    median = statistics.median(times)
    print(f"\nlist update while typing a search, 10,000 documents: median {median:.0f} ms, "
          f"worst {max(times):.0f} ms (limit: median 100 ms)")
    assert median < 100


pytestmark = pytest.mark.filterwarnings("ignore")
