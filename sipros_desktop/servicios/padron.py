"""The Padrón Estatal de Beneficiarios: every benefit, from applications and from loads, that the
user may see (row-level security decides), keyset-paged newest first; unique beneficiaries vs
benefits; and concurrence — people who received benefits from several programmes or agencies
in a period, the cross-check the offices could not do with Excel."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import text

from sipros_desktop import bd
from sipros_desktop.errores import ErrorDatos
from sipros_desktop.servicios import archivos, excel, pobreza

TAM_PAGINA = 200
ORIGENES = ("Solicitud", "Carga masiva")
# the household's classification (servicios.pobreza), and people whose household is not measured
SIN_MEDICION = "sin_medicion"
CLASES = (*pobreza.CLASIFICACIONES, SIN_MEDICION)


@dataclass(frozen=True)
class Filtro:
    dependencia_id: int | None = None
    programa_id: int | None = None
    desde: date | None = None
    hasta: date | None = None
    municipio_id: int | None = None
    localidad_id: int | None = None
    colonia_id: int | None = None
    origen: str | None = None
    # the beneficiary household's poverty (servicios.pobreza), or «sin_medicion»: no measure
    clasificacion: str | None = None

    def validar(self) -> None:
        if self.desde and self.hasta and self.desde > self.hasta:
            raise ErrorDatos("La fecha «desde» es posterior a la fecha «hasta».")
        if self.origen is not None and self.origen not in ORIGENES:
            raise ErrorDatos(f"Origen desconocido: {self.origen}.")
        if self.clasificacion is not None and self.clasificacion not in CLASES:
            raise ErrorDatos(f"Clasificación de pobreza desconocida: {self.clasificacion}.")


def _condiciones(f: Filtro) -> tuple[str, dict[str, Any]]:
    f.validar()
    partes = ["true"]
    p: dict[str, Any] = {}
    for campo, col in (("dependencia_id", "b.dependencia_id"), ("programa_id", "b.programa_id"),
                       ("municipio_id", "b.municipio_id"), ("localidad_id", "b.localidad_id"),
                       ("colonia_id", "b.colonia_id"), ("origen", "b.origen")):  # fmt: skip
        v = getattr(f, campo)
        if v is not None:
            partes.append(f"{col} = :{campo}")
            p[campo] = v
    if f.desde:
        partes.append("b.fecha_entrega >= :desde")
        p["desde"] = f.desde
    if f.hasta:
        partes.append("b.fecha_entrega <= :hasta")
        p["hasta"] = f.hasta
    if f.clasificacion == SIN_MEDICION:
        partes.append(
            "NOT EXISTS (SELECT 1 FROM pobreza_medicion pm WHERE pm.ciudadano_id = b.ciudadano_id)"
        )
    elif f.clasificacion:
        partes.append(
            "EXISTS (SELECT 1 FROM pobreza_medicion pm WHERE pm.ciudadano_id = b.ciudadano_id "
            "AND pm.clasificacion = :clasificacion)"
        )
        p["clasificacion"] = f.clasificacion
    return " AND ".join(partes), p


@dataclass(frozen=True)
class FilaPadron:
    id: int
    fecha_entrega: date
    curp: str
    nombre: str
    dependencia: str
    programa: str
    tipo_apoyo: str | None
    municipio: str | None
    localidad: str | None
    colonia: str | None
    monto: Decimal
    cantidad: int
    origen: str
    referencia: str  # the application's folio or the load's file

    @property
    def clave_orden(self) -> tuple[Any, ...]:
        return (self.fecha_entrega, self.id)


@dataclass(frozen=True)
class Pagina:
    filas: list[FilaPadron]
    hay_mas: bool


_SELECT = """
SELECT b.id, b.fecha_entrega, c.curp,
       concat_ws(' ', c.nombre, c.apellido_paterno, c.apellido_materno) AS nombre,
       d.clave AS dependencia, p.clave AS programa, t.nombre AS tipo_apoyo, m.nombre AS municipio,
       l.nombre AS localidad, co.nombre AS colonia, b.monto, b.cantidad, b.origen,
       coalesce(s.folio, 'Carga ' || k.id || ': ' || k.archivo_nombre, '') AS referencia
FROM beneficio b
JOIN ciudadano c ON c.id = b.ciudadano_id
JOIN dependencia d ON d.id = b.dependencia_id
JOIN programa p ON p.id = b.programa_id
LEFT JOIN tipo_apoyo t ON t.id = b.tipo_apoyo_id
LEFT JOIN municipio m ON m.id = b.municipio_id
LEFT JOIN localidad l ON l.id = b.localidad_id
LEFT JOIN colonia co ON co.id = b.colonia_id
LEFT JOIN solicitud s ON s.id = b.solicitud_id
LEFT JOIN carga_masiva k ON k.id = b.carga_masiva_id
"""


def pagina(f: Filtro, despues: tuple[Any, ...] | None = None, tam: int = TAM_PAGINA) -> Pagina:
    """One page of benefits, newest delivery first, after the keyset cursor ``despues``."""
    donde, p = _condiciones(f)
    if despues is not None:
        donde += " AND (b.fecha_entrega, b.id) < (:f0, :i0)"
        p.update(f0=despues[0], i0=despues[1])
    with bd.sesion_lectura() as s:
        filas = s.execute(
            text(f"{_SELECT} WHERE {donde} ORDER BY b.fecha_entrega DESC, b.id DESC LIMIT :n"),
            {**p, "n": tam + 1},
        ).all()
    return Pagina([FilaPadron(**r._mapping) for r in filas[:tam]], len(filas) > tam)


@dataclass(frozen=True)
class Totales:
    beneficios: int
    beneficiarios: int  # unique people
    monto: Decimal
    programas: int
    dependencias: int
    datos_al: datetime | None = None  # read from a standby: the last change it has


def totales(f: Filtro) -> Totales:
    donde, p = _condiciones(f)
    with bd.sesion_lectura() as s:
        r = s.execute(
            text(
                "SELECT count(*) AS beneficios, count(DISTINCT b.ciudadano_id) AS beneficiarios, "
                "coalesce(sum(b.monto), 0) AS monto, count(DISTINCT b.programa_id) AS programas, "
                f"count(DISTINCT b.dependencia_id) AS dependencias FROM beneficio b WHERE {donde}"
            ),
            p,
        ).one()
        return Totales(**r._mapping, datos_al=bd.datos_al(s))


@dataclass(frozen=True)
class Concurrencia:
    ciudadano_id: int
    curp: str
    nombre: str
    programas: int
    dependencias: int
    beneficios: int
    monto: Decimal
    detalle: str  # "SEDESOQ/APTEC, DIF/DESES"


def concurrencia(
    f: Filtro, minimo: int = 2, por: str = "programa", limite: int = 5000
) -> list[Concurrencia]:
    """People with benefits from at least ``minimo`` programmes (or dependencias) in the
    filter, most programmes first."""
    if por not in ("programa", "dependencia"):
        raise ErrorDatos("La concurrencia se cuenta por programa o por dependencia.")
    if minimo < 2:
        raise ErrorDatos("La concurrencia es de dos programas o más.")
    donde, p = _condiciones(f)
    cuenta = (
        "count(DISTINCT b.programa_id)" if por == "programa" else "count(DISTINCT b.dependencia_id)"
    )
    with bd.sesion_lectura() as s:
        filas = s.execute(
            text(
                f"""
                WITH varios AS (
                    SELECT b.ciudadano_id, count(DISTINCT b.programa_id) AS programas,
                           count(DISTINCT b.dependencia_id) AS dependencias,
                           count(*) AS beneficios, sum(b.monto) AS monto
                    FROM beneficio b WHERE {donde}
                    GROUP BY b.ciudadano_id HAVING {cuenta} >= :minimo
                    ORDER BY {cuenta} DESC, sum(b.monto) DESC, b.ciudadano_id LIMIT :limite)
                SELECT v.ciudadano_id, c.curp,
                       concat_ws(' ', c.nombre, c.apellido_paterno, c.apellido_materno) AS nombre,
                       v.programas, v.dependencias, v.beneficios, v.monto,
                       (SELECT string_agg(DISTINCT d.clave || '/' || pr.clave, ', ')
                        FROM beneficio b JOIN programa pr ON pr.id = b.programa_id
                        JOIN dependencia d ON d.id = b.dependencia_id
                        WHERE b.ciudadano_id = v.ciudadano_id AND {donde}) AS detalle
                FROM varios v JOIN ciudadano c ON c.id = v.ciudadano_id
                ORDER BY v.{por}s DESC, v.monto DESC, v.ciudadano_id
                """
            ),
            {**p, "minimo": minimo, "limite": limite},
        ).all()
    return [Concurrencia(**r._mapping) for r in filas]


@dataclass(frozen=True)
class PorPobreza:
    clasificacion: str  # a key of CLASES
    beneficiarios: int  # unique people
    beneficios: int
    monto: Decimal

    @property
    def etiqueta(self) -> str:
        return ETIQUETAS_CLASES[self.clasificacion]


ETIQUETAS_CLASES = {**pobreza.CLASIFICACIONES, SIN_MEDICION: "Hogar sin medir (sin cuestionario)"}


def por_pobreza(f: Filtro) -> list[PorPobreza]:
    """The filter's beneficiaries by the poverty of their household — are the programmes
    reaching the poorest? — each class with its people, benefits and amount, poorest first.
    The database counts (sipros_pobreza_padron: counts only, within the user's scope)."""
    f.validar()
    filtro = {
        campo: v.isoformat() if isinstance(v, date) else v
        for campo, v in vars(f).items()
        if v is not None
    }
    with bd.sesion_lectura() as s:
        filas = {
            r[0] or SIN_MEDICION: r
            for r in s.execute(
                text(
                    "SELECT clasificacion, beneficiarios, beneficios, monto "
                    "FROM sipros_pobreza_padron(CAST(:filtro AS jsonb))"
                ),
                {"filtro": json.dumps(filtro)},
            )
        }
    return [
        PorPobreza(c, filas[c][1], filas[c][2], Decimal(filas[c][3])) if c in filas
        else PorPobreza(c, 0, 0, Decimal(0))
        for c in CLASES
    ]  # fmt: skip


def _todas(f: Filtro) -> Iterator[FilaPadron]:
    despues = None
    while True:
        pag = pagina(f, despues, 5000)
        yield from pag.filas
        if not pag.hay_mas or not pag.filas:
            return
        despues = pag.filas[-1].clave_orden


COLUMNAS = [
    excel.Columna("Fecha de entrega", 13, "fecha"), excel.Columna("CURP", 21),
    excel.Columna("Nombre", 34), excel.Columna("Dependencia", 12), excel.Columna("Programa", 10),
    excel.Columna("Tipo de apoyo", 24), excel.Columna("Municipio", 20),
    excel.Columna("Localidad", 22), excel.Columna("Colonia", 24),
    excel.Columna("Monto", 12, "numero"), excel.Columna("Cantidad", 9, "numero"),
    excel.Columna("Origen", 13), excel.Columna("Referencia", 34),
]  # fmt: skip


def exportar(
    f: Filtro, ruta: str | Path, progreso: Callable[[str, int, int], None] | None = None
) -> int:
    """The filter's benefits to a formatted .xlsx (written whole or not at all)."""
    ruta = archivos.archivo_de_salida(Path(ruta), ".xlsx")
    total = totales(f).beneficios

    def filas():
        for r in _todas(f):
            yield [r.fecha_entrega, r.curp, r.nombre, r.dependencia, r.programa, r.tipo_apoyo,
                   r.municipio, r.localidad, r.colonia, float(r.monto), r.cantidad, r.origen,
                   r.referencia]  # fmt: skip

    def avisar(hecho: int, tot: int) -> None:
        if progreso:
            progreso("Exportando el Padrón", hecho, tot)

    return excel.escribir(ruta, "Padrón", COLUMNAS, filas(), total=total, progreso=avisar)


def opciones() -> dict[str, list[tuple[int, str]]]:
    """The filter's choices the user may see: dependencias, programmes, municipalities (the
    localities and colonias of one come from ``lugares``)."""
    with bd.sesion_lectura() as s:
        deps = s.execute(
            text(
                "SELECT id, clave || ' — ' || nombre FROM dependencia "
                "WHERE id = ANY (sipros_dependencias_visibles()) "
                "OR (SELECT sipros_alcance_estatal()) "
                "ORDER BY clave"
            )
        ).all()
        progs = s.execute(
            text(
                "SELECT p.id, p.clave || ' — ' || p.nombre FROM programa p "
                "WHERE p.id = ANY (sipros_programas_visibles()) "
                "OR (SELECT sipros_alcance_estatal()) "
                "ORDER BY p.clave"
            )
        ).all()
        muns = s.execute(text("SELECT id, nombre FROM municipio ORDER BY nombre")).all()
    return {
        "dependencias": [(r[0], r[1]) for r in deps],
        "programas": [(r[0], r[1]) for r in progs],
        "municipios": [(r[0], r[1]) for r in muns],
    }


def lugares(municipio_id: int) -> dict[str, list[tuple]]:
    """The localities and colonias of a municipality, for the filter (the catalogue is
    public): (id, text), and for a colonia (id, text, its locality's id). A colonia's text
    carries its postal code and, when the municipality has several localities, its locality:
    «Centro (76000) — Santiago de Querétaro»."""
    with bd.sesion_lectura() as s:
        locs = s.execute(
            text("SELECT id, nombre FROM localidad WHERE municipio_id = :m ORDER BY nombre, id"),
            {"m": municipio_id},
        ).all()
        cols = s.execute(
            text(
                "SELECT c.id, c.nombre || ' (' || c.codigo_postal || ')' "
                "|| CASE WHEN :varias THEN coalesce(' — ' || l.nombre, '') ELSE '' END, "
                "c.localidad_id "
                "FROM colonia c LEFT JOIN localidad l ON l.id = c.localidad_id "
                "WHERE c.municipio_id = :m ORDER BY c.nombre, c.codigo_postal, c.id"
            ),
            {"m": municipio_id, "varias": len(locs) > 1},
        ).all()
    return {"localidades": [tuple(r) for r in locs], "colonias": [tuple(r) for r in cols]}
