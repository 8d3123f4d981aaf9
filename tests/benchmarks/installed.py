"""IEPDesk as a parent's copy runs it, for the benchmarks that time whole programs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def compile_iepdesk() -> None:
    """Compile IEPDesk's modules once, as pip and the bundle do: an environment that sets
    PYTHONDONTWRITEBYTECODE (this one does) otherwise compiles them again in every program the benchmark starts."""
    import iepdesk

    subprocess.run([sys.executable, "-m", "compileall", "-q", str(Path(iepdesk.__file__).parent)], check=True)
