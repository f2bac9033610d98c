#!/usr/bin/env bash
# Builds dist/sipros-desktop/sipros-desktop: one folder with Python, Qt, the embedded
# PostgreSQL (pgserver) and every resource. Run from a clone: bash instaladores/construir.sh
# (it uses its own virtualenv in build/venv, so the development one is left alone).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv build/venv
. build/venv/bin/activate
python -m pip install --quiet --upgrade pip
python -m pip install --quiet . "pyinstaller>=6.10"
pyinstaller --noconfirm --clean --log-level WARN \
    --distpath dist --workpath build/pyinstaller instaladores/sipros-desktop.spec
echo "Listo: dist/sipros-desktop/sipros-desktop ($(du -sh dist/sipros-desktop | cut -f1))"
