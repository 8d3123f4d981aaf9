#!/usr/bin/env bash
# Build the Linux app: dist/IEPDesk (one folder) and dist/IEPDesk-<version>-linux-<arch>.tar.gz holding it,
# a .desktop file, icons and an install script. Run through ./dev.sh package (which sets up .venv first).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
version=$($PY -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')
arch=$(uname -m)
rm -rf build/pyinstaller dist/IEPDesk
$PY -m PyInstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build/pyinstaller \
    packaging/iepdesk.spec
# icons for the desktop, drawn from the SVG by Qt itself
QT_QPA_PLATFORM=offscreen $PY - <<'PYCODE'
from pathlib import Path
from PySide6.QtGui import QGuiApplication, QIcon
app = QGuiApplication([])
icon = QIcon("resources/icons/iepdesk.svg")
out = Path("build/icons")
out.mkdir(parents=True, exist_ok=True)
for size in (48, 128, 256):
    icon.pixmap(size, size).save(str(out / f"iepdesk-{size}.png"))
PYCODE
stage="build/IEPDesk-$version"
rm -rf "$stage"
mkdir -p "$stage"
cp -a dist/IEPDesk "$stage/IEPDesk"
cp packaging/iepdesk.desktop "$stage/"
cp build/icons/iepdesk-*.png resources/icons/iepdesk.svg "$stage/"
cat > "$stage/install.sh" <<'INSTALL'
#!/bin/sh
# Install IEPDesk for this user: the app in ~/.local/opt, a launcher and icons in ~/.local/share.
set -e
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p ~/.local/opt ~/.local/bin ~/.local/share/applications ~/.local/share/icons/hicolor/256x256/apps
rm -rf ~/.local/opt/IEPDesk && cp -a "$here/IEPDesk" ~/.local/opt/IEPDesk
ln -sf ~/.local/opt/IEPDesk/iepdesk ~/.local/bin/iepdesk
cp "$here/iepdesk-256.png" ~/.local/share/icons/hicolor/256x256/apps/iepdesk.png
sed "s#^Exec=.*#Exec=$HOME/.local/opt/IEPDesk/iepdesk#" "$here/iepdesk.desktop" > ~/.local/share/applications/iepdesk.desktop
echo "IEPDesk is installed: find it in your applications menu, or run ~/.local/bin/iepdesk"
INSTALL
chmod +x "$stage/install.sh"
tar -C build -czf "dist/IEPDesk-$version-linux-$arch.tar.gz" "IEPDesk-$version"
echo "Built dist/IEPDesk ($(du -sh dist/IEPDesk | cut -f1)) and dist/IEPDesk-$version-linux-$arch.tar.gz ($(du -h "dist/IEPDesk-$version-linux-$arch.tar.gz" | cut -f1))"
