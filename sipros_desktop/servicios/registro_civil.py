"""Registro Civil: import an extract of the civil registry and verify each citizen file.

The extract is a CSV with the columns curp, nombre, apellido_paterno, apellido_materno,
fecha_nacimiento (AAAA-MM-DD or DD/MM/AAAA) and sexo (H/M/X). A citizen file is
*verificada* when its CURP is in the extract with the same data, *con discrepancias* (naming
the fields) when it is there with other data, and *no encontrada* when it is not there.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import text

from sipros_desktop import bd
from sipros_desktop.errores import ErrorDatos
from sipros_desktop.modelos import RegistroCivil
from sipros_desktop.servicios import archivos
from sipros_desktop.servicios import curp as scurp

COLUMNAS = ("curp", "nombre", "apellido_paterno", "apellido_materno", "fecha_nacimiento", "sexo")


@dataclass(frozen=True)
class ResultadoImportacion:
    leidas: int
    guardadas: int
    errores: list[str]  # "línea N: motivo" for rows not imported


def _fecha(texto: str) -> date:
    texto = texto.strip()
    for formato in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(texto, formato).date()
        except ValueError:
            continue
    raise ValueError(f"fecha «{texto}» no válida (use AAAA-MM-DD o DD/MM/AAAA)")


SOLO_ESTATAL = (
    "El extracto del Registro Civil vale para todo el estado: solo un administrador estatal lo "
    "importa."
)


def importar(ruta: str | Path) -> ResultadoImportacion:
    """Load (or refresh) the extract in one transaction. Bad rows are reported, not loaded.
    Only a state-wide administrator may (asked before the file is read, as the database
    refuses the others whatever the client: the command line and the screen alike)."""
    p = Path(ruta)
    with bd.sesion() as s:
        if not s.execute(text("SELECT sipros_admin_estatal()")).scalar():
            raise ErrorDatos(SOLO_ESTATAL)
    texto, sha = archivos.leer_texto_csv(p, "un extracto del Registro Civil")
    lector = csv.DictReader(io.StringIO(texto), delimiter=archivos.separador(texto))
    with archivos.errores_csv(p.name, lector):
        return _importar(p, sha, lector)


def _importar(p: Path, sha: str, lector: csv.DictReader) -> ResultadoImportacion:
    encabezados = [c.strip().lower() for c in lector.fieldnames or []]
    faltan = [c for c in COLUMNAS if c not in encabezados and c != "apellido_materno"]
    if faltan:
        raise ErrorDatos(
            f"Al archivo «{p.name}» le faltan las columnas: {', '.join(faltan)}. "
            f"Se esperan: {', '.join(COLUMNAS)}."
        )
    lector.fieldnames = encabezados
    filas: dict[str, dict] = {}
    errores: list[str] = []
    leidas = 0
    for n, r in enumerate(lector, start=2):
        leidas += 1
        c = scurp.limpiar(r.get("curp") or "")
        info = scurp.analizar(c)
        try:
            if not info.valida:
                raise ValueError(info.errores[0])
            sexo = (r.get("sexo") or "").strip().upper()[:1]
            if sexo not in scurp.SEXOS:
                raise ValueError(f"sexo «{r.get('sexo')}» no válido (H, M o X)")
            if not (r.get("nombre") or "").strip() or not (r.get("apellido_paterno") or "").strip():
                raise ValueError("faltan el nombre o el primer apellido")
            filas[c] = {
                "curp": c,
                "nombre": " ".join(r["nombre"].upper().split()),
                "apellido_paterno": " ".join(r["apellido_paterno"].upper().split()),
                "apellido_materno": " ".join((r.get("apellido_materno") or "").upper().split())
                or None,
                "fecha_nacimiento": _fecha(r.get("fecha_nacimiento") or ""),
                "sexo": sexo,
            }
        except ValueError as e:
            errores.append(f"línea {n}: {e}")
    if filas:
        with bd.sesion() as s:
            bd.insertar_o_actualizar(
                s, RegistroCivil, list(filas.values()), "curp", (*COLUMNAS[1:], "importado")
            )
            # the bitácora keeps one row per import statement and this one with the file
            s.execute(
                text("SELECT sipros_bitacora_importacion('registro_civil', :a, :h, :n)"),
                {"a": p.name, "h": sha, "n": len(filas)},
            )
    return ResultadoImportacion(leidas, len(filas), errores)


@dataclass(frozen=True)
class Verificacion:
    estado: str  # "verificada" | "no encontrada" | "con discrepancias"
    campos: tuple[str, ...] = ()  # which fields differ

    @property
    def texto(self) -> str:
        if self.estado == "con discrepancias":
            return "con discrepancias en " + ", ".join(self.campos)
        return self.estado

    def describir(self) -> str:
        return f"Registro Civil: {self.texto}"


def _n(t: str | None) -> str:
    t = unicodedata.normalize("NFD", (t or "").upper())
    return re.sub(r"\s+", " ", "".join(c for c in t if unicodedata.category(c) != "Mn")).strip()


def verificar(
    curp: str,
    nombre: str,
    apellido_paterno: str,
    apellido_materno: str | None,
    fecha_nacimiento: date,
    sexo: str,
) -> Verificacion:
    from types import SimpleNamespace

    with bd.sesion() as s:
        r = s.get(RegistroCivil, curp)
    capturado = SimpleNamespace(
        nombre=nombre, apellido_paterno=apellido_paterno, apellido_materno=apellido_materno,
        fecha_nacimiento=fecha_nacimiento, sexo=sexo,
    )  # fmt: skip
    return comparar(capturado, r)


def diferencias(ciudadano, registro: RegistroCivil | None) -> list[tuple[str, str, str]]:
    """(field, as captured, as in the Registro Civil) of every field that differs, as text
    (accents, case and spaces ignored when comparing); empty without a registry row."""
    if registro is None:
        return []
    c, r = ciudadano, registro

    def texto(v) -> str:
        if isinstance(v, date):
            return f"{v:%d/%m/%Y}"
        return v or "—"

    filas = []
    for etiqueta, a, b, igual in (
        ("nombre", c.nombre, r.nombre, _n(c.nombre) == _n(r.nombre)),
        ("primer apellido", c.apellido_paterno, r.apellido_paterno,
         _n(c.apellido_paterno) == _n(r.apellido_paterno)),
        ("segundo apellido", c.apellido_materno, r.apellido_materno,
         _n(c.apellido_materno) == _n(r.apellido_materno)),
        ("fecha de nacimiento", c.fecha_nacimiento, r.fecha_nacimiento,
         c.fecha_nacimiento == r.fecha_nacimiento),
        ("sexo", scurp.SEXOS.get(c.sexo, c.sexo), scurp.SEXOS.get(r.sexo, r.sexo),
         c.sexo == r.sexo),
    ):  # fmt: skip
        if not igual:
            filas.append((etiqueta, texto(a), texto(b)))
    return filas


def comparar(ciudadano, registro: RegistroCivil | None) -> Verificacion:
    """``ciudadano`` (anything with the name, birth date and sex) against its registry row."""
    if registro is None:
        return Verificacion("no encontrada")
    campos = [campo for campo, _a, _b in diferencias(ciudadano, registro)]
    return (
        Verificacion("con discrepancias", tuple(campos)) if campos else Verificacion("verificada")
    )


@dataclass(frozen=True)
class Resumen:
    """The citizen files the user may see against the extract in the database."""

    extracto: int  # CURPs in the extract
    importado: datetime | None  # the last import
    verificadas: int
    con_discrepancias: int
    no_encontradas: int
    puede_importar: bool  # a state-wide administrator (as the database checks)


def resumen() -> Resumen:
    """How many citizen files are verified, have discrepancies or are not in the extract (the
    same comparison as ``comparar``: names without accents, case or extra spaces), counted in
    one pass in the database."""
    with bd.sesion_lectura() as s:
        r = s.execute(
            text(
                """
                WITH x AS (
                    SELECT r.curp IS NULL AS falta,
                           r.curp IS NOT NULL AND (
                               sipros_normaliza(c.nombre)
                                  IS DISTINCT FROM sipros_normaliza(r.nombre)
                               OR sipros_normaliza(c.apellido_paterno)
                                  IS DISTINCT FROM sipros_normaliza(r.apellido_paterno)
                               OR coalesce(sipros_normaliza(c.apellido_materno), '')
                                  <> coalesce(sipros_normaliza(r.apellido_materno), '')
                               OR c.fecha_nacimiento <> r.fecha_nacimiento
                               OR c.sexo <> r.sexo) AS distinta
                    FROM ciudadano c LEFT JOIN registro_civil r ON r.curp = c.curp)
                SELECT count(*) FILTER (WHERE NOT falta AND NOT distinta) AS verificadas,
                       count(*) FILTER (WHERE distinta) AS con_discrepancias,
                       count(*) FILTER (WHERE falta) AS no_encontradas,
                       (SELECT count(*) FROM registro_civil) AS extracto,
                       (SELECT max(importado) FROM registro_civil) AS importado,
                       sipros_admin_estatal() AS puede_importar
                FROM x
                """
            )
        ).one()
    return Resumen(**r._mapping)
