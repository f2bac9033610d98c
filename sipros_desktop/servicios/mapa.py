"""The map of the indicators: municipal boundaries (imported from INEGI's Marco
Geoestadístico), a value per municipality from the user's scope, and the beneficiaries'
captured coordinates as points."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import text

from sipros_desktop import bd
from sipros_desktop.servicios import indicadores

Medida = Literal["beneficiarios", "beneficios", "monto"]
Anillo = list[tuple[float, float]]


@dataclass(frozen=True)
class Limite:
    municipio_id: int
    clave: str
    nombre: str
    poligonos: list[list[Anillo]]  # each polygon: outer ring, then holes
    geografica: bool


def limites() -> list[Limite]:
    """Every municipality with a boundary imported."""
    with bd.sesion_lectura() as s:
        filas = s.execute(
            text(
                "SELECT m.id, m.clave, m.nombre, l.geometria, l.geografica FROM municipio_limite l "
                "JOIN municipio m ON m.id = l.municipio_id ORDER BY m.clave"
            )
        ).all()
    salida = []
    for mid, clave, nombre, g, geo in filas:
        coords: Any = g["coordinates"]
        poligonos = [coords] if g["type"] == "Polygon" else coords
        salida.append(Limite(mid, clave, nombre,
                             [[[(float(x), float(y)) for x, y, *_ in anillo] for anillo in pol]
                              for pol in poligonos], geo))  # fmt: skip
    return salida


def nombres() -> dict[str, str]:
    """Every municipality's name by its INEGI key (boundaries imported or not)."""
    with bd.sesion_lectura() as s:
        return {c: n for c, n in s.execute(text("SELECT clave, nombre FROM municipio"))}


def valores(f: indicadores.Filtro, medida: Medida = "beneficiarios") -> dict[str, float]:
    """The indicator of each municipality (by INEGI key) in the user's scope."""
    expr = {"beneficiarios": "count(DISTINCT b.ciudadano_id)", "beneficios": "count(*)",
            "monto": "coalesce(sum(b.monto), 0)"}[medida]  # fmt: skip
    donde, p = indicadores.donde_filtro(f)
    with bd.sesion_lectura() as s:
        filas = s.execute(
            text(
                f"SELECT m.clave, {expr} {indicadores.BENEFICIOS} WHERE {donde} "
                "AND m.clave IS NOT NULL GROUP BY m.clave"
            ),
            p,
        ).all()
    return {c: float(v) for c, v in filas}


def puntos(f: indicadores.Filtro, limite: int = 5000) -> list[tuple[float, float]]:
    """Where the beneficiaries of the filter live, as captured (longitude, latitude); only
    homes with coordinates, at most ``limite``."""
    donde, p = indicadores.donde_filtro(f)
    with bd.sesion_lectura() as s:
        filas = s.execute(
            text(
                "SELECT DISTINCT ON (dom.ciudadano_id) dom.longitud, dom.latitud "
                f"{indicadores.BENEFICIOS} "
                "JOIN domicilio dom ON dom.ciudadano_id = b.ciudadano_id "
                f"WHERE {donde} AND dom.latitud IS NOT NULL LIMIT :n"
            ),
            {**p, "n": limite},
        ).all()
    return [(float(x), float(y)) for x, y in filas]
