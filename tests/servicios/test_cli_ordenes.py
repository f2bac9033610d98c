"""The command line as the README documents it: every command listed there exists, says its
help in Spanish and runs a function; every command the program has is listed there; and
``sipros-desktop --help`` lists the groups of commands in Spanish."""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from sipros_desktop import cli

RAIZ = Path(__file__).parents[2]


def _subordenes(p: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for a in p._actions:
        if isinstance(a, argparse._SubParsersAction):
            return dict(a.choices)
    return {}


def _hojas(p: argparse.ArgumentParser, ruta: tuple[str, ...] = ()):
    """Every command that runs something: (path, its parser)."""
    hijas = _subordenes(p)
    if not hijas:
        yield ruta, p
    for nombre, hija in hijas.items():
        yield from _hojas(hija, (*ruta, nombre))


def _ruta(palabras: list[str]) -> tuple[str, ...]:
    """The command a README example names: the words the parser knows as commands."""
    p, ruta = cli.analizador(), []
    for palabra in palabras:
        hijas = _subordenes(p)
        if palabra not in hijas:
            break
        p = hijas[palabra]
        ruta.append(palabra)
    return tuple(ruta)


def _ordenes_del_readme() -> list[tuple[str, ...]]:
    """The commands of the README's «Línea de órdenes» table, as its first column writes them:
    «`usuario desactivar USUARIO` / `activar` / `lista`» names three."""
    texto = (RAIZ / "README.md").read_text(encoding="utf-8")
    seccion = texto.split("## Línea de órdenes", 1)[1].split("\n## ", 1)[0]
    ordenes = []
    for renglon in seccion.splitlines():
        if not renglon.startswith("| `sipros-desktop"):
            continue
        grupo: tuple[str, ...] = ()
        for codigo in re.findall(r"`([^`]+)`", renglon.split(" | ")[0]):
            palabras = codigo.removeprefix("sipros-desktop").split()
            if not palabras or palabras[0].startswith("-"):
                continue  # the application itself, the general options
            ruta = _ruta(palabras) or _ruta([*grupo[:1], *palabras])
            assert ruta, f"el README nombra una orden que no existe: «{codigo}»"
            grupo = ruta
            if ruta not in ordenes:
                ordenes.append(ruta)
    return ordenes


ORDENES_DEL_README = _ordenes_del_readme()


def test_el_readme_documenta_cada_orden_y_ninguna_de_mas():
    hojas = {ruta for ruta, _ in _hojas(cli.analizador())}
    assert len(ORDENES_DEL_README) >= 45
    assert set(ORDENES_DEL_README) == hojas, (
        "sin documentar: "
        + ", ".join(" ".join(r) for r in sorted(hojas - set(ORDENES_DEL_README)))
        + "; documentadas sin existir: "
        + ", ".join(" ".join(r) for r in sorted(set(ORDENES_DEL_README) - hojas))
    )
    for ruta, p in _hojas(cli.analizador()):
        assert callable(p.get_default("func")), f"«{' '.join(ruta)}» no ejecuta nada"


@pytest.mark.parametrize("ruta", ORDENES_DEL_README, ids=" ".join)
def test_cada_orden_del_readme_tiene_su_ayuda_en_espanol(ruta, capsys):
    with pytest.raises(SystemExit) as fin:
        cli.main([*ruta, "--help"])
    assert fin.value.code == 0
    texto = capsys.readouterr().out
    assert texto.startswith(f"uso: sipros-desktop {' '.join(ruta)}"), texto
    assert "muestra esta ayuda y termina" in texto
    assert "usage:" not in texto and "options:" not in texto and "positional" not in texto


def test_la_ayuda_general_lista_los_grupos_en_espanol():
    r = subprocess.run([sys.executable, "-m", "sipros_desktop", "--help"], capture_output=True,
                       text=True, timeout=60, cwd=RAIZ)  # fmt: skip
    assert r.returncode == 0 and r.stderr == ""
    assert r.stdout.startswith("uso: sipros-desktop [-h] [--version] [--usuario NOMBRE] ORDEN")
    assert "Sin argumentos abre la aplicación." in r.stdout and "\nopciones:\n" in r.stdout
    grupos = re.findall(r"^    (\S+) +(\S.*)$", r.stdout, re.M)
    assert [g for g, _ in grupos] == [
        "db", "demo", "capturas", "curp", "registro-civil", "geografia", "formulario",
        "usuario", "organizacion", "comprobantes", "entregas", "brigada", "carga", "duplicados",
        "sms",
        "ciudadano", "consulta", "pobreza", "reporte", "respaldo", "servidor",
    ]  # fmt: skip
    ayudas = dict(grupos)
    assert ayudas["carga"] == "padrones de beneficiarios de otras dependencias"
    assert ayudas["consulta"] == "atención ciudadana por CURP (o folio, para ver)"
    assert "usage" not in r.stdout and "positional arguments" not in r.stdout


def test_la_orden_instalada_es_la_linea_de_ordenes():
    """``sipros-desktop`` (pyproject's entry point) and the packaged app's launcher start the
    same function as ``python -m sipros_desktop``."""
    proyecto = tomllib.loads((RAIZ / "pyproject.toml").read_text(encoding="utf-8"))
    assert proyecto["project"]["scripts"]["sipros-desktop"] == "sipros_desktop.cli:main"
    assert "sipros_desktop.cli" in proyecto["tool"]["setuptools"]["packages"]
    lanzador = (RAIZ / "instaladores" / "lanzador.py").read_text(encoding="utf-8")
    assert "from sipros_desktop.cli import main" in lanzador
