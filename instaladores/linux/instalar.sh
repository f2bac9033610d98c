#!/usr/bin/env bash
# Installs the built bundle on a Linux PC: /opt/sipros-desktop, the menu entry and the icon.
# sudo bash instaladores/linux/instalar.sh   (after instaladores/construir.sh)
# The user's data (database, backups, drafts) stays in each user's data folder: uninstalling
# (sudo rm -rf /opt/sipros-desktop /usr/share/applications/sipros-desktop.desktop) keeps it.
set -euo pipefail
cd "$(dirname "$0")/../.."
test -x dist/sipros-desktop/sipros-desktop || { echo "Construya antes: bash instaladores/construir.sh" >&2; exit 1; }
rm -rf /opt/sipros-desktop
cp -a dist/sipros-desktop /opt/sipros-desktop
install -Dm644 instaladores/linux/sipros-desktop.desktop /usr/share/applications/sipros-desktop.desktop
install -Dm644 recursos/icono.png /usr/share/icons/hicolor/512x512/apps/sipros-desktop.png
command -v update-desktop-database >/dev/null && update-desktop-database -q || true
echo "SIPROS Escritorio instalado en /opt/sipros-desktop (menú: Oficina)."
