"""Ciudadanos: search over a million citizens with keyset paging, and the citizen file.

The search box accepts an exact CURP, the beginning of a CURP, or words of the name (each word
matches the beginning of a word of the name, in any order, without accents). Whatever the user
types becomes bound parameters or a sanitised tsquery; it never becomes SQL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from sqlalchemy import select, text

from sipros_desktop import bd
from sipros_desktop.errores import ErrorDatos
from sipros_desktop.modelos import (
    Beneficio,
    CargaMasiva,
    Ciudadano,
    Colonia,
    Convocatoria,
    Dependencia,
    Domicilio,
    Localidad,
    Municipio,
    Programa,
    RegistroCivil,
    Solicitud,
    SolicitudHistorial,
    TipoApoyo,
)
from sipros_desktop.servicios import formularios, pobreza, registro_civil
from sipros_desktop.servicios.curp import ENTIDADES, SEXOS

Orden = Literal["nombre", "curp", "fecha_nacimiento"]
ORDENES: tuple[Orden, ...] = ("nombre", "curp", "fecha_nacimiento")
TAM_PAGINA = 100

_CURP_COMPLETA = re.compile(r"^[A-Z]{4}[0-9]{6}[HMX][A-Z]{5}[0-9A-Z][0-9]$")
_CURP_PREFIJO = re.compile(r"^[A-Z]{4}[0-9]{1,6}([HMX][A-Z]{0,5}[0-9A-Z]?)?$")
_ACENTOS = str.maketrans("ÁÉÍÓÚÜÀÈÌÒÙÂÊÎÔÛÄËÏÖ", "AEIOUUAEIOUAEIOUAEIO")


@dataclass(frozen=True)
class Criterio:
    """How the search text was understood."""

    tipo: Literal["todos", "curp", "prefijo_curp", "nombre"]
    valor: str = ""
    palabras: tuple[str, ...] = ()

    def describir(self) -> str:
        return {
            "todos": "Todos los ciudadanos",
            "curp": f"CURP {self.valor}",
            "prefijo_curp": f"CURP que empieza con {self.valor}",
            "nombre": "Nombre con: " + " ".join(self.palabras),
        }[self.tipo]


def interpretar(texto: str) -> Criterio:
    """Classify the search text. Anything that is not a letter or digit separates words."""
    limpio = (texto or "").upper().translate(_ACENTOS)
    # a word typed twice (HERNANDEZ HERNANDEZ) asks nothing more of a word-prefix search
    palabras = tuple(dict.fromkeys(p for p in re.split(r"[^A-Z0-9Ñ]+", limpio) if p))
    if not palabras:
        return Criterio("todos")
    if len(palabras) == 1:
        p = palabras[0]
        if _CURP_COMPLETA.match(p):
            return Criterio("curp", p)
        if _CURP_PREFIJO.match(p):
            return Criterio("prefijo_curp", p)
    return Criterio("nombre", palabras=palabras[:8])


@dataclass(frozen=True)
class Consulta:
    texto: str = ""
    orden: Orden = "nombre"
    descendente: bool = False

    @property
    def criterio(self) -> Criterio:
        return interpretar(self.texto)


@dataclass(frozen=True)
class FilaCiudadano:
    id: int
    curp: str
    nombre: str
    apellido_paterno: str
    apellido_materno: str | None
    fecha_nacimiento: date
    sexo: str
    municipio: str | None
    solicitudes: int
    clave_orden: tuple[Any, ...]


@dataclass(frozen=True)
class Pagina:
    filas: list[FilaCiudadano]
    hay_mas: bool
    fusionada: str | None = None  # the CURP searched was merged into the file shown

    @property
    def cursor(self) -> tuple[Any, ...] | None:
        return self.filas[-1].clave_orden if self.filas else None


def _columna_orden(orden: Orden):
    if orden not in ORDENES:
        raise ErrorDatos(f"No se puede ordenar por «{orden}».")
    return {
        "nombre": Ciudadano.nombre_orden,
        "curp": Ciudadano.curp,
        "fecha_nacimiento": Ciudadano.fecha_nacimiento,
    }[orden]


def pagina(
    consulta: Consulta, despues: tuple[Any, ...] | None = None, limite: int = TAM_PAGINA
) -> Pagina:
    """One page of citizens in the requested order, after the keyset cursor ``despues``,
    within the user's scope (the database function ``sipros_ciudadanos_pagina`` applies it)."""
    if consulta.orden not in ORDENES:
        raise ErrorDatos(f"No se puede ordenar por «{consulta.orden}».")
    criterio = consulta.criterio
    if consulta.orden == "nombre":
        umbral = UMBRAL_UNA_PALABRA if len(criterio.palabras) == 1 else UMBRAL_VARIAS_PALABRAS
    else:
        umbral = UMBRAL_OTRO_ORDEN_UNA if len(criterio.palabras) == 1 else UMBRAL_OTRO_ORDEN_VARIAS
    fusionada = None
    with bd.sesion() as s:
        if criterio.tipo == "curp" and despues is None:
            # a CURP merged into another file finds the surviving file
            vigente = s.execute(
                text("SELECT sipros_curp_vigente(:c)"), {"c": criterio.valor}
            ).scalar_one()
            if vigente != criterio.valor:
                fusionada, criterio = criterio.valor, Criterio("curp", vigente)
        filas = s.execute(
            _SQL_PAGINA,
            {
                "tipo": criterio.tipo,
                "valor": _valor(criterio),
                "orden": consulta.orden,
                "desc": consulta.descendente,
                "despues": None if despues is None else str(despues[0]),
                "despues_id": None if despues is None else despues[1],
                "limite": limite + 1,
                "umbral": umbral,
            },
        ).all()
    hay_mas = len(filas) > limite
    return Pagina(
        filas=[
            FilaCiudadano(
                id=f.id,
                curp=f.curp,
                nombre=f.nombre,
                apellido_paterno=f.apellido_paterno,
                apellido_materno=f.apellido_materno,
                fecha_nacimiento=f.fecha_nacimiento,
                sexo=f.sexo,
                municipio=f.municipio,
                solicitudes=f.solicitudes,
                clave_orden=(f.orden, f.id),
            )
            for f in filas[:limite]
        ],
        hay_mas=hay_mas,
        fusionada=fusionada,
    )


_SQL_PAGINA = text(
    "SELECT * FROM sipros_ciudadanos_pagina(:tipo, :valor, :orden, :desc, :despues, "
    "CAST(:despues_id AS bigint), :limite, :umbral)"
)

# A name search in name order takes the entries of its rarest word from the words table
# (index only) and sorts those that hold the other words too, up to this many entries of that
# word; above it (one very common word, whose matches are dense all along the order) it walks
# the sort index instead. Several words always go by words: their matches sit together in the
# order (two surnames), where the walk may read half the table before a page is full.
UMBRAL_UNA_PALABRA = 50_000
UMBRAL_VARIAS_PALABRAS = 2_000_000_000
# Other orders: up to this many estimated matches, take them through the text index and sort
# them; above it, walk that order's index. Measured on 1 M citizens (README, bench/).
UMBRAL_OTRO_ORDEN_UNA = 10_000
UMBRAL_OTRO_ORDEN_VARIAS = 60_000


def _valor(criterio: Criterio) -> str:
    """The value the database function compares with: a CURP, a prefix, or a tsquery."""
    return tsquery(criterio) if criterio.tipo == "nombre" else criterio.valor


def tsquery(criterio: Criterio) -> str:
    # words hold only [A-Z0-9Ñ] (see interpretar): nothing here can change the query's syntax
    return " & ".join(f"{p}:*" for p in criterio.palabras)


def contar(consulta: Consulta) -> int:
    """How many citizens match the search (exact), within the user's scope."""
    criterio = consulta.criterio
    with bd.sesion() as s:
        if criterio.tipo == "curp":  # (a merged CURP counts its surviving file, as pagina)
            criterio = Criterio(
                "curp",
                s.execute(
                    text("SELECT sipros_curp_vigente(:c)"), {"c": criterio.valor}
                ).scalar_one(),
            )
        return int(
            s.scalar(
                text("SELECT sipros_ciudadanos_contar(:tipo, :valor)"),
                {"tipo": criterio.tipo, "valor": _valor(criterio)},
            )
            or 0
        )


# --------------------------------------------------------------------------- citizen file


@dataclass(frozen=True)
class MovimientoHistorial:
    estado: str
    fecha: datetime
    comentario: str | None
    usuario: str


@dataclass(frozen=True)
class SolicitudFicha:
    id: int
    folio: str
    programa: str
    tipo_apoyo: str
    convocatoria: str
    proceso: int
    fecha_solicitud: date
    estado: str
    historial: list[MovimientoHistorial] = field(default_factory=list)


@dataclass(frozen=True)
class BeneficioFicha:
    programa: str
    dependencia: str
    tipo_apoyo: str | None
    fecha_entrega: date
    monto: Decimal
    origen: str
    referencia: str


@dataclass(frozen=True)
class FichaCiudadano:
    id: int
    curp: str
    nombre: str
    apellido_paterno: str
    apellido_materno: str | None
    fecha_nacimiento: date
    sexo: str
    entidad_nacimiento: str
    telefono: str | None
    correo: str | None
    creado: datetime
    domicilio: dict[str, str | None] | None
    solicitudes: list[SolicitudFicha]
    beneficios: list[BeneficioFicha]
    verificacion: Any = None  # servicios.registro_civil.Verificacion
    origen: str | None = None  # "Carga masiva 7 «padron.xlsx» (BECES)" for a file a load opened
    alias: tuple[str, ...] = ()  # CURPs of files merged into this one
    cuestionario: Any = None  # servicios.formularios.CuestionarioLeido: the socio-economic form
    pobreza: Any = None  # servicios.pobreza.Medicion: the household's poverty measure

    @property
    def nombre_completo(self) -> str:
        return " ".join(p for p in (self.nombre, self.apellido_paterno, self.apellido_materno) if p)

    @property
    def sexo_texto(self) -> str:
        return SEXOS.get(self.sexo, self.sexo)

    @property
    def entidad_texto(self) -> str:
        return ENTIDADES.get(self.entidad_nacimiento, self.entidad_nacimiento)


def domicilio_de(s, ciudadano_id: int) -> dict[str, str | None] | None:
    """The citizen's address as (label → value) for a read-only form; None without one."""
    dom = s.execute(
        select(
            Domicilio.calle,
            Domicilio.numero_exterior,
            Domicilio.numero_interior,
            Domicilio.codigo_postal,
            Municipio.nombre.label("municipio"),
            Localidad.nombre.label("localidad"),
            Colonia.nombre.label("colonia"),
            Domicilio.latitud,
            Domicilio.longitud,
        )
        .join(Municipio, Municipio.id == Domicilio.municipio_id)
        .outerjoin(Localidad, Localidad.id == Domicilio.localidad_id)
        .outerjoin(Colonia, Colonia.id == Domicilio.colonia_id)
        .where(Domicilio.ciudadano_id == ciudadano_id)
    ).first()
    domicilio = None
    if dom is not None:
        domicilio = {
            "Calle": dom.calle,
            "Número exterior": dom.numero_exterior,
            "Número interior": dom.numero_interior,
            "Colonia": dom.colonia,
            "Localidad": dom.localidad,
            "Municipio": dom.municipio,
            "Código postal": dom.codigo_postal,
            "Coordenadas": (f"{dom.latitud}, {dom.longitud}" if dom.latitud is not None else None),
        }
    return domicilio


def ficha(ciudadano_id: int) -> FichaCiudadano:
    """Everything the office knows about one citizen, read in one transaction."""
    with bd.sesion() as s:
        c = s.get(Ciudadano, ciudadano_id)
        if c is None:
            raise ErrorDatos("El ciudadano ya no existe en la base de datos.")
        domicilio = domicilio_de(s, ciudadano_id)
        sols = s.execute(
            select(
                Solicitud.id,
                Solicitud.folio,
                Programa.nombre.label("programa"),
                TipoApoyo.nombre.label("tipo"),
                Convocatoria.nombre.label("convocatoria"),
                Convocatoria.proceso,
                Solicitud.fecha_solicitud,
                Solicitud.estado,
            )
            .join(Convocatoria, Convocatoria.id == Solicitud.convocatoria_id)
            .join(Programa, Programa.id == Convocatoria.programa_id)
            .join(TipoApoyo, TipoApoyo.id == Solicitud.tipo_apoyo_id)
            .where(Solicitud.ciudadano_id == ciudadano_id)
            .order_by(Solicitud.fecha_solicitud.desc(), Solicitud.id.desc())
        ).all()
        historiales: dict[int, list[MovimientoHistorial]] = {r.id: [] for r in sols}
        if sols:
            for h in s.execute(
                select(SolicitudHistorial)
                .where(SolicitudHistorial.solicitud_id.in_(list(historiales)))
                .order_by(SolicitudHistorial.id)  # the order in which they were written
            ).scalars():
                historiales[h.solicitud_id].append(
                    MovimientoHistorial(h.estado, h.fecha, h.comentario, h.usuario)
                )
        bens = s.execute(
            select(
                Programa.nombre.label("programa"),
                Dependencia.nombre.label("dependencia"),
                TipoApoyo.nombre.label("tipo"),
                Beneficio.fecha_entrega,
                Beneficio.monto,
                Beneficio.origen,
                Solicitud.folio,
                CargaMasiva.archivo_nombre,
            )
            .join(Programa, Programa.id == Beneficio.programa_id)
            .join(Dependencia, Dependencia.id == Beneficio.dependencia_id)
            .outerjoin(TipoApoyo, TipoApoyo.id == Beneficio.tipo_apoyo_id)
            .outerjoin(Solicitud, Solicitud.id == Beneficio.solicitud_id)
            .outerjoin(CargaMasiva, CargaMasiva.id == Beneficio.carga_masiva_id)
            .where(Beneficio.ciudadano_id == ciudadano_id)
            .order_by(Beneficio.fecha_entrega.desc())
        ).all()
        rc = s.get(RegistroCivil, c.curp)
        origen = None
        if c.carga_masiva_id is not None:
            k = s.execute(
                text(
                    "SELECT k.id, k.archivo_nombre, p.clave FROM carga_masiva k "
                    "LEFT JOIN programa p ON p.id = k.programa_id WHERE k.id = :k"
                ),
                {"k": c.carga_masiva_id},
            ).first()
            origen = (f"Carga masiva {k.id} «{k.archivo_nombre}» ({k.clave or ''})" if k
                      else "Carga masiva")  # fmt: skip
        alias = tuple(
            s.scalars(
                text("SELECT curp FROM ciudadano_alias WHERE ciudadano_id = :c ORDER BY curp"),
                {"c": c.id},
            )
        )
        return FichaCiudadano(
            cuestionario=formularios.cuestionario_de(s, c.id),
            pobreza=pobreza.medicion(c.id, s),
            origen=origen,
            alias=alias,
            verificacion=registro_civil.comparar(c, rc),
            id=c.id,
            curp=c.curp,
            nombre=c.nombre,
            apellido_paterno=c.apellido_paterno,
            apellido_materno=c.apellido_materno,
            fecha_nacimiento=c.fecha_nacimiento,
            sexo=c.sexo,
            entidad_nacimiento=c.entidad_nacimiento,
            telefono=c.telefono,
            correo=c.correo,
            creado=c.creado,
            domicilio=domicilio,
            solicitudes=[
                SolicitudFicha(
                    id=r.id,
                    folio=r.folio,
                    programa=r.programa,
                    tipo_apoyo=r.tipo,
                    convocatoria=r.convocatoria,
                    proceso=r.proceso,
                    fecha_solicitud=r.fecha_solicitud,
                    estado=r.estado,
                    historial=historiales[r.id],
                )
                for r in sols
            ],
            beneficios=[
                BeneficioFicha(
                    programa=b.programa,
                    dependencia=b.dependencia,
                    tipo_apoyo=b.tipo,
                    fecha_entrega=b.fecha_entrega,
                    monto=b.monto,
                    origen=b.origen,
                    referencia=b.folio or b.archivo_nombre or "",
                )
                for b in bens
            ],
        )
