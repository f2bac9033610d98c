"""Smoke test and figures of the bundle built by instaladores/construir.sh.

On a fresh data folder the bundle must: print its version, create and migrate its embedded
database, load a small demo, and render every window offscreen (`capturas`). Prints the
bundle's size and its cold start to the login window (target < 3 s).

    bash instaladores/construir.sh && python bench/paquete.py

Skips (exit 0, says why) when the bundle has not been built.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RAIZ = Path(__file__).resolve().parents[1]
PAQUETE = RAIZ / "dist" / "sipros-desktop" / "sipros-desktop"


def correr(args: list[str], datos: Path, **entorno: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "SIPROS_DATOS": str(datos), "QT_QPA_PLATFORM": "offscreen", **entorno}
    env.pop("SIPROS_DB_URL", None)
    r = subprocess.run([str(PAQUETE), *args], env=env, capture_output=True, text=True,
                       timeout=600)  # fmt: skip
    if r.returncode != 0:
        print(r.stdout[-2000:], r.stderr[-2000:], sep="\n", file=sys.stderr)
        raise SystemExit(f"falló: sipros-desktop {' '.join(args)}")
    return r


def tamano(carpeta: Path) -> int:
    return sum(p.lstat().st_size for p in carpeta.rglob("*")
               if p.is_file() and not p.is_symlink())  # fmt: skip


def main() -> None:
    if not PAQUETE.exists():
        print("No hay paquete: construya antes con bash instaladores/construir.sh")
        return
    carpeta = PAQUETE.parent
    print(f"Paquete: {carpeta} — {tamano(carpeta) / 1_048_576:,.0f} MB, "
          f"{sum(1 for _ in carpeta.rglob('*')):,} archivos")  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="sipros_paquete_") as tmp:
        datos = Path(tmp) / "datos"
        print("  --version:", correr(["--version"], datos).stdout.strip())
        inicio = time.perf_counter()
        print("  db upgrade:", correr(["db", "upgrade"], datos).stdout.strip().splitlines()[-1],
              f"({time.perf_counter() - inicio:.1f} s, base integrada nueva)")  # fmt: skip
        inicio = time.perf_counter()
        correr(["demo", "--ciudadanos", "500"], datos)
        print(f"  demo de 500 ciudadanos: {time.perf_counter() - inicio:.1f} s")
        inicio = time.perf_counter()
        salida = Path(tmp) / "capturas"
        r = correr(["capturas", str(salida)], datos)
        pngs = [x for x in r.stdout.splitlines() if x.endswith(".png")]
        print(f"  capturas: {len(pngs)} ventanas en {time.perf_counter() - inicio:.1f} s")
        # cold start to the login window: a fresh data folder (first run) and warm runs
        frio = Path(tmp) / "frio"
        tiempos = []
        for i in range(4):
            r = correr([], frio if i == 0 else datos, SIPROS_MEDIR_ARRANQUE="1")
            tiempos.append(float(r.stdout.split()[-2]))
        print(f"  arranque hasta la ventana de acceso: primera vez {tiempos[0]:.2f} s, después "
              f"mediana {statistics.median(tiempos[1:]):.2f} s (meta < 3 s)")  # fmt: skip


if __name__ == "__main__":
    main()
