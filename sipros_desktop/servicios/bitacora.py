"""Reading the audit log: filtered keyset pages (newest first) and export to Excel.

The log itself is written by triggers in the database; only administrators can read it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import text

from sipros_desktop import bd
from sipros_desktop.errores import ErrorDatos
from sipros_desktop.servicios import excel, horario

TAM_PAGINA = 200
OPERACIONES = {"INSERT": "Alta", "UPDATE": "Cambio", "DELETE": "Baja", "CONSULTA": "Consulta"}


@dataclass(frozen=True)
class Filtro:
    usuario: str = ""
    tabla: str = ""
    desde: date | None = None
    hasta: date | None = None  # inclusive

    def errores(self) -> list[str]:
        if self.desde and self.hasta and self.desde > self.hasta:
            return ["La fecha inicial es posterior a la final."]
        return []


@dataclass(frozen=True)
class Registro:
    id: int
    fecha: datetime
    usuario: str
    tabla: str
    operacion: str
    clave: str | None
    antes: dict[str, Any] | None
    despues: dict[str, Any] | None

    def cambios(self) -> list[tuple[str, Any, Any]]:
        """(field, before, after) for what changed; every field for an INSERT or DELETE."""
        antes, despues = self.antes or {}, self.despues or {}
        campos = list(dict.fromkeys([*antes, *despues]))
        return [
            (c, antes.get(c), despues.get(c))
            for c in campos
            if c not in ("actualizado",) and antes.get(c) != despues.get(c)
        ]

    def resumen(self, maximo: int = 4) -> str:
        if self.operacion == "CONSULTA":
            if self.tabla == "consulta_limite":  # the desk's look-up refused by the limit
                d = self.despues or {}
                return (
                    f"Consulta por CURP {self.clave} rechazada: límite de {d.get('limite')} "
                    f"consultas en {d.get('minutos')} minutos"
                )
            return f"Consulta por CURP {self.clave}"
        cambios = self.cambios()
        if self.operacion == "UPDATE":
            partes = [f"{c}: {_corto(a)} → {_corto(d)}" for c, a, d in cambios[:maximo]]
        else:
            partes = [f"{c}: {_corto(d if d is not None else a)}" for c, a, d in cambios[:maximo]]
        if len(cambios) > maximo:
            partes.append(f"… ({len(cambios) - maximo} más)")
        return "; ".join(partes)


# the tables as the offices call them
TABLAS_LEGIBLES = {
    "ajuste": "Ajuste", "archivo": "Archivo de documento", "area": "Área",
    "atencion": "Atención en ventanilla", "beneficio": "Beneficio", "bitacora": "Bitácora",
    "carga_masiva": "Carga masiva", "ciudadano": "Ciudadano", "colonia": "Colonia",
    "comprobante": "Comprobante", "consulta_limite": "Consulta rechazada (límite)",
    "contacto_cambio": "Cambio de contacto", "convocatoria": "Convocatoria",
    "cuestionario": "Cuestionario",
    "dependencia": "Dependencia", "documento": "Documento", "domicilio": "Domicilio",
    "entrega_directa": "Entrega sin evento",
    "duplicado_decision": "Decisión de duplicado", "formulario": "Formulario",
    "fusion": "Fusión de expedientes", "duplicado_revision": "Revisión de duplicados",
    "funcionario": "Funcionario", "localidad": "Localidad", "municipio": "Municipio",
    "programa": "Programa", "registro_civil": "Registro Civil", "solicitud": "Solicitud",
    "solicitud_historial": "Historial de solicitud", "tipo_apoyo": "Tipo de apoyo",
}  # fmt: skip


def tabla_legible(tabla: str) -> str:
    return TABLAS_LEGIBLES.get(tabla, tabla)


_FECHA_HORA = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2}|Z)$")
_FECHA = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _legible(valor: Any) -> str:
    """A logged value as the offices read it: Sí/No, local dates, text as text."""
    if valor is None:
        return "∅"
    if isinstance(valor, bool):
        return "Sí" if valor else "No"
    if isinstance(valor, str):
        if _FECHA_HORA.match(valor):
            return horario.fecha_hora(datetime.fromisoformat(valor))
        if _FECHA.match(valor):
            return date.fromisoformat(valor).strftime("%d/%m/%Y")
        return valor
    return json.dumps(valor, ensure_ascii=False)


def _corto(valor: Any, largo: int = 40) -> str:
    texto = _legible(valor)
    return texto if len(texto) <= largo else texto[: largo - 1] + "…"


def _condiciones(f: Filtro) -> tuple[str, dict[str, Any]]:
    errores = f.errores()
    if errores:
        raise ErrorDatos("\n".join(errores))
    partes, p = [], {}
    if f.usuario:
        partes.append("usuario = :usuario")
        p["usuario"] = f.usuario
    if f.tabla:
        partes.append("tabla = :tabla")
        p["tabla"] = f.tabla
    if f.desde:
        partes.append("fecha >= :desde")
        p["desde"] = horario.inicio_del_dia(f.desde)
    if f.hasta:
        partes.append("fecha < :hasta")
        p["hasta"] = horario.fin_del_dia(f.hasta)
    return (" AND ".join(partes) or "true"), p


_COLUMNAS = "id, fecha, usuario, tabla, operacion, clave, antes, despues"


def pagina(
    f: Filtro, despues_de: tuple[datetime, int] | None = None, limite: int = TAM_PAGINA
) -> list[Registro]:
    """Newest first; ``despues_de`` is the (fecha, id) of the last row already shown."""
    donde, p = _condiciones(f)
    if despues_de is not None:
        donde += " AND (fecha, id) < (:fecha_k, :id_k)"
        p["fecha_k"], p["id_k"] = despues_de
    p["limite"] = limite
    with bd.sesion() as s:
        filas = s.execute(
            text(
                f"SELECT {_COLUMNAS} FROM bitacora WHERE {donde} "
                "ORDER BY fecha DESC, id DESC LIMIT :limite"
            ),
            p,
        ).all()
    return [Registro(*fila) for fila in filas]


def contar(f: Filtro) -> int:
    donde, p = _condiciones(f)
    with bd.sesion() as s:
        return s.scalar(text(f"SELECT count(*) FROM bitacora WHERE {donde}"), p) or 0


def opciones() -> tuple[list[str], list[str]]:
    """Users and tables that appear in the log, for the filters (a skip scan over the
    indexes, so it stays quick on a long log)."""
    sql = """
        WITH RECURSIVE u(v) AS (
            (SELECT usuario FROM bitacora ORDER BY usuario LIMIT 1)
            UNION ALL
            SELECT (SELECT usuario FROM bitacora WHERE usuario > u.v ORDER BY usuario LIMIT 1)
            FROM u WHERE u.v IS NOT NULL)
        SELECT v FROM u WHERE v IS NOT NULL
    """
    with bd.sesion() as s:
        usuarios = list(s.scalars(text(sql)))
        tablas = list(s.scalars(text(sql.replace("usuario", "tabla"))))
    return usuarios, tablas


Progreso = Callable[[int, int], None]


COLUMNAS_EXCEL = (
    excel.Columna("Fecha", 20, "fecha_hora"), excel.Columna("Usuario", 18),
    excel.Columna("Tabla", 22), excel.Columna("Operación", 11), excel.Columna("Clave", 16),
    excel.Columna("Cambios", 90),
)  # fmt: skip


def exportar(
    f: Filtro,
    ruta: str | Path,
    progreso: Progreso | None = None,
    cancelado: Callable[[], bool] | None = None,
) -> int:
    """Write the filtered log to an .xlsx file, streamed by pages. Returns the number of rows,
    or -1 if cancelled (a cancelled export leaves no file behind)."""

    def filas():
        ultimo = None
        while True:
            lote = pagina(f, ultimo, limite=2000)
            if not lote:
                return
            for r in lote:
                yield (
                    r.fecha, r.usuario, tabla_legible(r.tabla),
                    OPERACIONES.get(r.operacion, r.operacion),
                    r.clave, r.resumen(maximo=50),
                )  # fmt: skip
            ultimo = (lote[-1].fecha, lote[-1].id)

    try:
        return excel.escribir(
            ruta, "Bitácora", COLUMNAS_EXCEL, filas(), total=contar(f), progreso=progreso,
            cancelado=cancelado,
        )  # fmt: skip
    except excel.Cancelado:
        return -1
