"""Catálogo (administrators): dependencias and áreas, programas, tipos de apoyo and convocatorias.

Each save is one transaction and says in Spanish what to fix. The database keeps what already
filed applications depend on (a call's programme, process and key; an approved support type's
amount) — see migration 0005 — and a form is never edited, only versioned.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm.exc import StaleDataError

from sipros_desktop import bd
from sipros_desktop.errores import ErrorDatos
from sipros_desktop.modelos import (
    Area,
    Convocatoria,
    Dependencia,
    Formulario,
    Municipio,
    Programa,
    Solicitud,
    TipoApoyo,
)
from sipros_desktop.servicios import archivos, pobreza
from sipros_desktop.servicios.curp import SEXOS

_CLAVE = re.compile(r"^[A-Z0-9_-]+$")
MODALIDADES = ("Económico", "En especie")
TIPOS_AREA = ("Subsecretaría", "Dirección", "Unidad responsable")


def _clave(texto: str, que: str, maximo: int, errores: list[str], solo_alnum: bool = False) -> str:
    c = (texto or "").strip().upper()
    patron = re.compile(r"^[A-Z0-9]+$") if solo_alnum else _CLAVE
    if not c:
        errores.append(f"Escriba la clave {que}.")
    elif len(c) > maximo or not patron.match(c):
        permitidos = "letras y números" if solo_alnum else "letras, números, guion o guion bajo"
        errores.append(f"La clave {que} admite {permitidos} sin espacios, hasta {maximo}.")
    return c


def _nombre(texto: str, que: str, errores: list[str]) -> str:
    n = " ".join((texto or "").split())
    if not n:
        errores.append(f"Escriba el nombre {que}.")
    return n


def _guardar(s, modelo, id_: int | None, valores: dict[str, Any]) -> int:
    if id_ is None:
        obj = modelo(**valores)
        s.add(obj)
    else:
        obj = s.get(modelo, id_)
        if obj is None:
            raise ErrorDatos("El registro ya no existe; recargue el catálogo.")
        for k, v in valores.items():
            setattr(obj, k, v)
    try:
        s.flush()
    except StaleDataError as e:
        # row-level security hid the row from the write: it is outside the user's scope
        raise ErrorDatos(
            "No puede cambiar ese registro: es de otra área o dependencia (o solo lo cambia un "
            "administrador estatal)."
        ) from e
    return obj.id


def _fallar(errores: list[str]) -> None:
    if errores:
        raise ErrorDatos("Revise:\n• " + "\n• ".join(errores))


# --------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class FilaPrograma:
    id: int
    clave: str
    nombre: str
    area_id: int
    area: str
    dependencia: str
    activo: bool


@dataclass(frozen=True)
class FilaConvocatoria:
    id: int
    clave: str
    nombre: str
    proceso: int
    fecha_apertura: date
    fecha_cierre: date
    cupo: int | None
    presupuesto: Decimal | None
    abierta: bool
    solicitudes: int
    formulario: str | None


@dataclass(frozen=True)
class Catalogo:
    dependencias: list[Any]  # Dependencia rows (detached)
    areas: list[Any]
    programas: list[FilaPrograma]
    formularios: list[tuple[int, str]]  # (id, "CLAVE v2 — nombre")
    municipios: list[tuple[str, str]]  # (clave, nombre)
    # what the user may change (the database decides it again on every write): dependencias
    # and áreas only state-wide; programmes, their support types and calls by área
    estatal: bool = False
    areas_propias: frozenset[int] = frozenset()


def cargar() -> Catalogo:
    with bd.sesion() as s:
        deps = list(s.scalars(select(Dependencia).order_by(Dependencia.nombre)))
        areas = list(s.scalars(select(Area).order_by(Area.nombre)))
        dep_de = {d.id: d.nombre for d in deps}
        area_de = {a.id: a for a in areas}
        programas = [
            FilaPrograma(
                p.id,
                p.clave,
                p.nombre,
                p.area_id,
                area_de[p.area_id].nombre,
                dep_de[area_de[p.area_id].dependencia_id],
                p.activo,
            )
            for p in s.scalars(select(Programa).order_by(Programa.nombre))
        ]
        formularios = [
            (f.id, f"{f.clave} v{f.version} — {f.nombre}")
            for f in s.scalars(select(Formulario).order_by(Formulario.clave, Formulario.version))
        ]
        municipios = [
            (m.clave, m.nombre) for m in s.scalars(select(Municipio).order_by(Municipio.nombre))
        ]
        estatal = bool(s.scalar(text("SELECT sipros_admin_estatal()")))
        propias = frozenset(
            s.scalars(text("SELECT id FROM area WHERE sipros_area_administrable(id)"))
        )
    return Catalogo(deps, areas, programas, formularios, municipios, estatal, propias)


def tipos_de(programa_id: int) -> list[Any]:
    with bd.sesion() as s:
        return list(
            s.scalars(
                select(TipoApoyo)
                .where(TipoApoyo.programa_id == programa_id)
                .order_by(TipoApoyo.nombre)
            )
        )


def convocatorias_de(programa_id: int) -> list[FilaConvocatoria]:
    n = (
        select(func.count())
        .select_from(Solicitud)
        .where(Solicitud.convocatoria_id == Convocatoria.id)
        .scalar_subquery()
    )
    with bd.sesion() as s:
        filas = s.execute(
            select(Convocatoria, n.label("n"), Formulario.clave, Formulario.version)
            .outerjoin(Formulario, Formulario.id == Convocatoria.formulario_id)
            .where(Convocatoria.programa_id == programa_id)
            .order_by(Convocatoria.proceso.desc())
        ).all()
    return [
        FilaConvocatoria(
            c.id,
            c.clave,
            c.nombre,
            c.proceso,
            c.fecha_apertura,
            c.fecha_cierre,
            c.cupo,
            c.presupuesto,
            c.abierta,
            n,
            f"{fc} v{fv}" if fc else None,
        )
        for c, n, fc, fv in filas
    ]


def programa(programa_id: int) -> Programa:
    with bd.sesion() as s:
        p = s.get(Programa, programa_id)
        if p is None:
            raise ErrorDatos("El programa ya no existe.")
        return p


def convocatoria(convocatoria_id: int) -> Convocatoria:
    with bd.sesion() as s:
        c = s.get(Convocatoria, convocatoria_id)
        if c is None:
            raise ErrorDatos("La convocatoria ya no existe.")
        return c


# --------------------------------------------------------------------------- saving


@dataclass
class DatosDependencia:
    clave: str
    nombre: str
    activa: bool = True
    id: int | None = None
    logo: bytes | None = None  # a new logo (None: leave it as it is)
    quitar_logo: bool = False
    # its own privacy notice ("": the state's general one; None: leave it as it is)
    aviso_privacidad: str | None = None


MAX_LOGO_KB = 512


def revisar_logo(nombre: str, contenido: bytes) -> bytes:
    """A logo a user picks: PNG or JPEG by content, at most 512 KB and 2,000 px a side."""
    from sipros_desktop.servicios import documentos

    if len(contenido) > MAX_LOGO_KB * 1024:
        raise ErrorDatos(
            f"El logo «{nombre}» pesa {len(contenido) / 1024:,.0f} KB; el máximo es "
            f"{MAX_LOGO_KB} KB."
        )
    if documentos.detectar_tipo(contenido, nombre) not in ("image/png", "image/jpeg"):
        raise ErrorDatos(f"El logo «{nombre}» debe ser una imagen PNG o JPEG.")
    import io

    from PIL import Image

    with Image.open(io.BytesIO(contenido)) as im:
        if max(im.size) > 2000:
            raise ErrorDatos(f"El logo «{nombre}» mide {im.width} × {im.height} px; hasta 2000.")
    return contenido


def leer_logo(ruta: Path) -> bytes:
    """A logo chosen on the PC: measured before it is read, then ``revisar_logo``."""
    try:
        if ruta.stat().st_size > MAX_LOGO_KB * 1024:
            raise ErrorDatos(
                f"El logo «{ruta.name}» pesa {ruta.stat().st_size / 1024:,.0f} KB; el máximo es "
                f"{MAX_LOGO_KB} KB."
            )
        contenido = ruta.read_bytes()
    except OSError as e:
        raise ErrorDatos(archivos.mensaje_os(ruta, e)) from e
    return revisar_logo(ruta.name, contenido)


def logo_de(dependencia_id: int) -> bytes | None:
    """The logo an agency has now (shown when its dialog opens again)."""
    with bd.sesion() as s:
        return s.scalar(select(Dependencia.logo).where(Dependencia.id == dependencia_id))


def aviso_de(dependencia_id: int) -> str:
    """The agency's own privacy notice ("" when its papers carry the state's general one)."""
    with bd.sesion() as s:
        aviso = s.scalar(
            select(Dependencia.aviso_privacidad).where(Dependencia.id == dependencia_id)
        )
        return aviso or ""


def guardar_dependencia(d: DatosDependencia) -> int:
    e: list[str] = []
    valores = {
        "clave": _clave(d.clave, "de la dependencia", 20, e),
        "nombre": _nombre(d.nombre, "de la dependencia", e),
        "activa": d.activa,
    }
    if d.logo is not None:
        valores["logo"] = revisar_logo("logo", d.logo)
    elif d.quitar_logo:
        valores["logo"] = None
    if d.aviso_privacidad is not None:
        # paragraphs kept, stray blanks at the ends of lines dropped
        aviso = "\n".join(r.strip() for r in d.aviso_privacidad.strip().splitlines())
        if aviso and not 80 <= len(aviso) <= 4000:
            e.append(
                f"El aviso de privacidad de la dependencia tiene {len(aviso):,} caracteres; va "
                "de 80 a 4,000: quién es el responsable, para qué se usan los datos y cómo "
                "ejercer los derechos ARCO (déjelo vacío para usar el aviso general del estado)."
            )
        valores["aviso_privacidad"] = aviso or None
    _fallar(e)
    with bd.sesion() as s:
        bd.cambio(s, "catalogo")
        return _guardar(s, Dependencia, d.id, valores)


@dataclass
class DatosArea:
    dependencia_id: int | None
    clave: str
    nombre: str
    tipo: str = "Dirección"
    id: int | None = None


def guardar_area(d: DatosArea) -> int:
    e: list[str] = []
    if d.dependencia_id is None:
        e.append("Elija la dependencia del área.")
    if d.tipo not in TIPOS_AREA:
        e.append("Elija el tipo de área.")
    valores = {
        "dependencia_id": d.dependencia_id, "clave": _clave(d.clave, "del área", 20, e),
        "nombre": _nombre(d.nombre, "del área", e), "tipo": d.tipo,
    }  # fmt: skip
    _fallar(e)
    with bd.sesion() as s:
        bd.cambio(s, "catalogo")
        return _guardar(s, Area, d.id, valores)


@dataclass
class DatosPrograma:
    area_id: int | None
    clave: str
    nombre: str
    descripcion: str = ""
    reglas_operacion: str = ""
    activo: bool = True
    id: int | None = None


def guardar_programa(d: DatosPrograma) -> int:
    e: list[str] = []
    if d.area_id is None:
        e.append("Elija el área responsable del programa.")
    valores = {
        "area_id": d.area_id, "clave": _clave(d.clave, "del programa (p. ej. APTEC)", 20, e, True),
        "nombre": _nombre(d.nombre, "del programa", e),
        "descripcion": d.descripcion.strip() or None,
        "reglas_operacion": d.reglas_operacion.strip() or None, "activo": d.activo,
    }  # fmt: skip
    _fallar(e)
    with bd.sesion() as s:
        bd.cambio(s, "catalogo")
        return _guardar(s, Programa, d.id, valores)


@dataclass
class DatosTipoApoyo:
    programa_id: int
    clave: str
    nombre: str
    monto: Decimal = Decimal(0)
    modalidad: str = "Económico"
    id: int | None = None


def guardar_tipo_apoyo(d: DatosTipoApoyo) -> int:
    e: list[str] = []
    if d.monto is None or d.monto < 0:
        e.append("El monto no puede ser negativo.")
    if d.modalidad not in MODALIDADES:
        e.append("La modalidad es «Económico» o «En especie».")
    valores = {
        "programa_id": d.programa_id, "clave": _clave(d.clave, "del tipo de apoyo", 30, e),
        "nombre": _nombre(d.nombre, "del tipo de apoyo", e), "monto": d.monto,
        "modalidad": d.modalidad,
    }  # fmt: skip
    _fallar(e)
    with bd.sesion() as s:
        bd.cambio(s, "catalogo")
        return _guardar(s, TipoApoyo, d.id, valores)


@dataclass
class DatosConvocatoria:
    programa_id: int
    clave: str
    nombre: str
    proceso: int
    fecha_apertura: date
    fecha_cierre: date
    cupo: int | None = None
    presupuesto: Decimal | None = None
    edad_min: int | None = None
    edad_max: int | None = None
    sexo: str | None = None
    municipios: list[str] = field(default_factory=list)  # INEGI keys; empty = all
    documentos_requeridos: list[str] = field(default_factory=list)
    formulario_id: int | None = None
    abierta: bool = True
    id: int | None = None
    # required type -> maximum age in months (a recent comprobante de domicilio)
    documentos_vigencia: dict[str, int] = field(default_factory=dict)
    # the household's poverty (CONEVAL's measure): the classifications the call takes (empty:
    # any) and the social deprivations it requires, all of them (servicios.pobreza's keys)
    pobreza: list[str] = field(default_factory=list)
    carencias: list[str] = field(default_factory=list)

    def reglas(self) -> dict[str, Any]:
        r: dict[str, Any] = {}
        if self.pobreza:
            r["pobreza"] = [c for c in pobreza.CLASIFICACIONES if c in self.pobreza]
        if self.carencias:
            r["carencias"] = [c for c, _n in pobreza.CARENCIAS if c in self.carencias]
        if self.edad_min is not None:
            r["edad_min"] = self.edad_min
        if self.edad_max is not None:
            r["edad_max"] = self.edad_max
        if self.sexo:
            r["sexo"] = self.sexo
        if self.municipios:
            r["municipios"] = sorted(self.municipios)
        return r


MAX_MESES_VIGENCIA = 120
# «Comprobante de domicilio (máximo 3 meses)»: a required document that must be recent
_CON_VIGENCIA = re.compile(r"^(.*?)\s*\(\s*(?:m[aá]x(?:imo|\.)?\s*)?(\d+)\s*mes(?:es)?\s*\)$", re.I)


def leer_documentos(lineas: list[str]) -> tuple[list[str], dict[str, int]]:
    """The required documents written one per line, each maybe ending in «(máximo N meses)»:
    (types, type -> maximum age in months)."""
    tipos: list[str] = []
    vigencias: dict[str, int] = {}
    for linea in lineas:
        limpia = " ".join(linea.split())
        if not limpia:
            continue
        m = _CON_VIGENCIA.match(limpia)
        if m and m.group(1):
            limpia = m.group(1)
            vigencias[limpia] = int(m.group(2))
        tipos.append(limpia)
    return tipos, vigencias


def escribir_documentos(tipos: list[str], vigencias: dict[str, int]) -> list[str]:
    """The lines ``leer_documentos`` reads back."""
    return [
        f"{t} (máximo {vigencias[t]} {'mes' if vigencias[t] == 1 else 'meses'})"
        if t in vigencias
        else t
        for t in tipos
    ]


def guardar_convocatoria(d: DatosConvocatoria) -> int:
    e: list[str] = []
    if d.proceso is None or d.proceso < 1:
        e.append("El proceso (ronda) es un número desde 1.")
    if d.fecha_cierre < d.fecha_apertura:
        e.append("La fecha de cierre no puede ser anterior a la de apertura.")
    if d.cupo is not None and d.cupo < 0:
        e.append("El cupo no puede ser negativo (déjelo vacío si no tiene).")
    if d.presupuesto is not None and d.presupuesto < 0:
        e.append("El presupuesto no puede ser negativo (déjelo vacío si no tiene).")
    if d.edad_min is not None and d.edad_max is not None and d.edad_min > d.edad_max:
        e.append("La edad mínima es mayor que la máxima.")
    if d.sexo and d.sexo not in SEXOS:
        e.append("El sexo de la regla es H, M o X.")
    if set(d.pobreza) - set(pobreza.CLASIFICACIONES) - {"sin_datos"} or "sin_datos" in d.pobreza:
        e.append("La regla de pobreza nombra una clasificación que no existe.")
    if set(d.carencias) - set(pobreza.NOMBRE_CARENCIA):
        e.append("La regla de carencias nombra una carencia que no existe.")
    documentos = [" ".join(x.split()) for x in d.documentos_requeridos if x.strip()]
    if len(set(documentos)) != len(documentos):
        e.append("Hay documentos requeridos repetidos.")
    vigencias = {" ".join(k.split()): v for k, v in d.documentos_vigencia.items()}
    for tipo, meses in vigencias.items():
        if tipo not in documentos:
            e.append(f"«{tipo}» tiene antigüedad máxima pero no está entre los requeridos.")
        elif not 1 <= meses <= MAX_MESES_VIGENCIA:
            e.append(
                f"La antigüedad máxima de «{tipo}» va de 1 a {MAX_MESES_VIGENCIA} meses "
                f"(tiene {meses})."
            )
    valores = {
        "programa_id": d.programa_id, "clave": _clave(d.clave, "de la convocatoria", 30, e),
        "nombre": _nombre(d.nombre, "de la convocatoria", e), "proceso": d.proceso,
        "fecha_apertura": d.fecha_apertura, "fecha_cierre": d.fecha_cierre, "cupo": d.cupo,
        "presupuesto": d.presupuesto, "reglas": d.reglas(),
        "documentos_requeridos": documentos, "documentos_vigencia": vigencias,
        "formulario_id": d.formulario_id,
        "abierta": d.abierta,
    }  # fmt: skip
    _fallar(e)
    with bd.sesion() as s:
        bd.cambio(s, "catalogo")
        return _guardar(s, Convocatoria, d.id, valores)
