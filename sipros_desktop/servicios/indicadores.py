"""Indicadores: unique beneficiaries, benefits and amount by programme, municipality, sex, age
group and month; approval and delivery rates and the median days to dictamen; concurrence;
a baseline period compared with another, by municipality; and what a cohort received before and
after. Every figure is read under the user's row-level security (no pre-computed summary)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from sqlalchemy import text

from sipros_desktop import bd
from sipros_desktop.errores import ErrorDatos

Dimension = Literal["programa", "dependencia", "municipio", "sexo", "edad", "mes"]
DIMENSIONES: tuple[Dimension, ...] = ("programa", "dependencia", "municipio", "sexo", "edad", "mes")
GRUPOS_EDAD = ("0–17", "18–29", "30–59", "60+")

_ETIQUETA = {
    "programa": "p.clave",
    "dependencia": "d.clave",
    "municipio": "coalesce(m.nombre, '(sin municipio)')",
    "sexo": "CASE b.sexo WHEN 'H' THEN 'Hombres' WHEN 'M' THEN 'Mujeres' ELSE 'X' END",
    "edad": (
        "CASE WHEN x.edad < 18 THEN '0–17' WHEN x.edad < 30 THEN '18–29' "
        "WHEN x.edad < 60 THEN '30–59' ELSE '60+' END"
    ),
    "mes": "to_char(b.fecha_entrega, 'YYYY-MM')",
}


@dataclass(frozen=True)
class Filtro:
    dependencia: str | None = None
    programa: str | None = None
    municipio: str | None = None  # 014 or 22014
    desde: date | None = None
    hasta: date | None = None


def donde_filtro(f: Filtro, periodo: str = "b.fecha_entrega") -> tuple[str, dict[str, Any]]:
    partes, p = ["true"], {}
    if f.dependencia:
        partes.append("d.clave = :dependencia")
        p["dependencia"] = f.dependencia.strip().upper()
    if f.programa:
        partes.append("p.clave = :programa")
        p["programa"] = f.programa.strip().upper()
    if f.municipio:
        m = f.municipio.strip()
        partes.append("m.clave = :municipio")
        p["municipio"] = "22" + m.zfill(3) if m.isdigit() and len(m) <= 3 else m
    if f.desde and f.hasta and f.desde > f.hasta:
        raise ErrorDatos("La fecha «desde» es posterior a la fecha «hasta».")
    if f.desde:
        partes.append(f"{periodo} >= :desde")
        p["desde"] = f.desde
    if f.hasta:
        partes.append(f"{periodo} <= :hasta")
        p["hasta"] = f.hasta
    return " AND ".join(partes), p


BENEFICIOS = """
FROM beneficio b
JOIN programa p ON p.id = b.programa_id
JOIN dependencia d ON d.id = b.dependencia_id
LEFT JOIN municipio m ON m.id = b.municipio_id
"""


@dataclass(frozen=True)
class Fila:
    etiqueta: str
    beneficiarios: int
    beneficios: int
    monto: Decimal


def por_dimension(dimension: Dimension, f: Filtro = Filtro()) -> list[Fila]:
    """Unique beneficiaries, benefits and amount of each value of ``dimension``. Age is the age
    at the benefit's date."""
    if dimension not in DIMENSIONES:
        raise ErrorDatos(f"No hay indicadores por «{dimension}».")
    donde, p = donde_filtro(f)
    # (sex and birth date are kept on the benefit: no join with the registry)
    extra = ""
    edad = (", extract(year FROM age(b.fecha_entrega, b.nacimiento))::int AS edad"
            if dimension == "edad" else "")  # fmt: skip
    etiqueta = _ETIQUETA[dimension]
    if dimension == "edad":
        sql = (
            f"SELECT {etiqueta} AS etiqueta, count(DISTINCT x.ciudadano_id), count(*), "
            f"coalesce(sum(x.monto), 0) FROM (SELECT b.ciudadano_id, b.monto{edad} {BENEFICIOS} "
            f"{extra} WHERE {donde}) x GROUP BY 1 ORDER BY 1"
        )
    else:
        sql = (
            f"SELECT {etiqueta} AS etiqueta, count(DISTINCT b.ciudadano_id), count(*), "
            f"coalesce(sum(b.monto), 0) {BENEFICIOS} {extra} WHERE {donde} GROUP BY 1 "
            f"ORDER BY {'1' if dimension in ('mes', 'edad', 'sexo') else '3 DESC, 1'}"
        )
    with bd.sesion_lectura() as s:
        return [Fila(r[0], r[1], r[2], Decimal(r[3])) for r in s.execute(text(sql), p)]


@dataclass(frozen=True)
class Tasas:
    solicitudes: int
    dictaminadas: int
    aprobadas: int  # approved at some point: Aprobada or Entregado now
    tasa_aprobacion: float | None  # aprobadas / dictaminadas
    mediana_dias_dictamen: float | None
    entregadas: int
    tasa_entrega: float | None  # entregadas / aprobadas
    beneficiarios: int
    concurrentes: int  # people with benefits of two or more programmes


def tasas(f: Filtro = Filtro()) -> Tasas:
    """Approval and delivery rates of the applications filed in the period, the median days
    to their dictamen, and the concurrence among the period's beneficiaries."""
    donde_s, p = donde_filtro(f, "s.fecha_solicitud")
    donde_b, _ = donde_filtro(f)
    with bd.sesion_lectura() as s:
        r = s.execute(
            text(
                "SELECT count(*), count(s.dictaminada), "
                "count(*) FILTER (WHERE s.estado IN ('Aprobada', 'Entregado')), "
                "percentile_cont(0.5) WITHIN GROUP (ORDER BY "
                "(s.dictaminada AT TIME ZONE 'America/Mexico_City')::date - s.fecha_solicitud), "
                "count(*) FILTER (WHERE s.estado = 'Entregado') "
                "FROM solicitud s JOIN convocatoria cv ON cv.id = s.convocatoria_id "
                "JOIN programa p ON p.id = cv.programa_id JOIN area a ON a.id = p.area_id "
                "JOIN dependencia d ON d.id = a.dependencia_id "
                f"LEFT JOIN municipio m ON m.id = s.municipio_id WHERE {donde_s}"
            ),
            p,
        ).one()
        b = s.execute(
            text(
                "SELECT count(*), count(*) FILTER (WHERE n >= 2) FROM ("
                f"SELECT b.ciudadano_id, count(DISTINCT b.programa_id) AS n {BENEFICIOS} "
                f"WHERE {donde_b} GROUP BY 1) x"
            ),
            p,
        ).one()
    solicitudes, dictaminadas, aprobadas, mediana, entregadas = r
    return Tasas(
        solicitudes, dictaminadas, aprobadas,
        aprobadas / dictaminadas if dictaminadas else None,
        float(mediana) if mediana is not None else None,
        entregadas, entregadas / aprobadas if aprobadas else None, b[0], b[1],
    )  # fmt: skip


@dataclass(frozen=True)
class Comparacion:
    municipio: str
    base: int  # unique beneficiaries in the baseline period
    periodo: int
    cambio: float | None  # (periodo - base) / base
    # beneficiaries per 1,000 citizens of the registry living in the municipality (all of them,
    # whatever the user's scope: a count, not people)
    cobertura_base: float | None
    cobertura: float | None


def contra_linea_base(
    base: tuple[date, date],
    periodo: tuple[date, date],
    f: Filtro = Filtro(),
) -> list[Comparacion]:
    """Unique beneficiaries of each municipality in the baseline period and in another, the
    change, and the coverage (per 1,000 citizens of the registry living there)."""
    if base[0] > base[1] or periodo[0] > periodo[1]:
        raise ErrorDatos("Cada periodo empieza antes de terminar.")
    donde, p = donde_filtro(Filtro(f.dependencia, f.programa, f.municipio))
    with bd.sesion_lectura() as s:
        filas = s.execute(
            text(
                "WITH b AS (SELECT b.municipio_id, "
                "count(DISTINCT b.ciudadano_id) FILTER (WHERE b.fecha_entrega BETWEEN :b0 AND :b1) "
                "AS base, count(DISTINCT b.ciudadano_id) FILTER (WHERE b.fecha_entrega "
                f"BETWEEN :p0 AND :p1) AS periodo {BENEFICIOS} WHERE {donde} "
                "GROUP BY b.municipio_id), "
                "habitantes AS (SELECT municipio_id, ciudadanos AS n "
                "FROM sipros_registrados_por_municipio()) "
                "SELECT m.nombre, coalesce(b.base, 0), coalesce(b.periodo, 0), h.n "
                "FROM municipio m LEFT JOIN b ON b.municipio_id = m.id "
                "LEFT JOIN habitantes h ON h.municipio_id = m.id "
                "WHERE b.municipio_id IS NOT NULL OR :municipio_todos ORDER BY m.nombre"
            ),
            {
                **p,
                "b0": base[0],
                "b1": base[1],
                "p0": periodo[0],
                "p1": periodo[1],
                "municipio_todos": not f.municipio,
            },
        ).all()
    salida = []
    for nombre, b0, b1, habitantes in filas:
        salida.append(Comparacion(
            nombre, b0, b1, (b1 - b0) / b0 if b0 else None,
            1000 * b0 / habitantes if habitantes else None,
            1000 * b1 / habitantes if habitantes else None,
        ))  # fmt: skip
    return salida


@dataclass(frozen=True)
class Trayectoria:
    programa: str
    antes: int  # benefits of the cohort in this programme before the cohort's period
    durante: int
    despues: int


def trayectoria_cohorte(programa: str, desde: date, hasta: date) -> tuple[int, list[Trayectoria]]:
    """The cohort: people with a benefit of ``programa`` between ``desde`` and ``hasta``. For
    every programme, how many benefits the cohort received before, during and after. Returns
    the cohort's size and the rows."""
    if desde > hasta:
        raise ErrorDatos("El periodo de la cohorte empieza antes de terminar.")
    with bd.sesion_lectura() as s:
        n = s.execute(
            text(
                "SELECT count(DISTINCT b.ciudadano_id) FROM beneficio b JOIN programa p "
                "ON p.id = b.programa_id WHERE p.clave = :p AND b.fecha_entrega BETWEEN :d AND :h"
            ),
            {"p": programa.strip().upper(), "d": desde, "h": hasta},
        ).scalar_one()
        filas = s.execute(
            text(
                "WITH cohorte AS (SELECT DISTINCT b.ciudadano_id FROM beneficio b "
                "JOIN programa p ON p.id = b.programa_id WHERE p.clave = :p "
                "AND b.fecha_entrega BETWEEN :d AND :h) "
                "SELECT p.clave, count(*) FILTER (WHERE b.fecha_entrega < :d), "
                "count(*) FILTER (WHERE b.fecha_entrega BETWEEN :d AND :h), "
                "count(*) FILTER (WHERE b.fecha_entrega > :h) "
                "FROM beneficio b JOIN cohorte c ON c.ciudadano_id = b.ciudadano_id "
                "JOIN programa p ON p.id = b.programa_id GROUP BY p.clave ORDER BY 3 DESC, 1"
            ),
            {"p": programa.strip().upper(), "d": desde, "h": hasta},
        ).all()
    return n, [Trayectoria(*r) for r in filas]


@dataclass(frozen=True)
class Escalon:
    grupo: str
    hombres: int
    mujeres: int


def piramide(f: Filtro = Filtro()) -> list[Escalon]:
    """Unique beneficiaries by age group (at the benefit's date) and sex, youngest first."""
    donde, p = donde_filtro(f)
    with bd.sesion_lectura() as s:
        filas = s.execute(
            text(
                f"SELECT {_ETIQUETA['edad']} AS grupo, "
                "count(DISTINCT x.ciudadano_id) FILTER (WHERE x.sexo = 'H'), "
                "count(DISTINCT x.ciudadano_id) FILTER (WHERE x.sexo = 'M') "
                "FROM (SELECT b.ciudadano_id, b.sexo, "
                "extract(year FROM age(b.fecha_entrega, b.nacimiento))::int AS edad "
                f"{BENEFICIOS} WHERE {donde}) x "
                "GROUP BY 1"
            ),
            p,
        ).all()
    por_grupo = {g: (h, m) for g, h, m in filas}
    return [Escalon(g, *por_grupo.get(g, (0, 0))) for g in GRUPOS_EDAD]


def datos_al():
    """When the indicators read a standby: the time of its last replayed change (else None)."""
    with bd.sesion_lectura() as s:
        return bd.datos_al(s)
