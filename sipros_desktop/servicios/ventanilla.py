"""Ventanilla: one citizen file per CURP, walk-in registration and applications.

Every save is one transaction and carries the capture's idempotency key (``clave_captura``):
repeating it after a dropped connection returns what the first attempt saved instead of
creating a second citizen or a second application.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from difflib import SequenceMatcher
from typing import Any

from sqlalchemy import case, func, select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from sipros_desktop import bd
from sipros_desktop.errores import ErrorDatos
from sipros_desktop.modelos import (
    Ciudadano,
    Convocatoria,
    Cuestionario,
    Domicilio,
    DuplicadoDecision,
    Municipio,
    Programa,
    Solicitud,
    SolicitudHistorial,
    TipoApoyo,
)
from sipros_desktop.servicios import curp as scurp
from sipros_desktop.servicios import documentos, formularios, seguridad, telefonos
from sipros_desktop.servicios.documentos import DocumentoNuevo

_CORREO = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_CP = re.compile(r"^[0-9]{5}$")
DECISIONES = ("Personas distintas", "Posible duplicado")
UMBRAL_SIMILITUD = 0.8


class ErrorCurpRegistrada(ErrorDatos):
    """The CURP already has a file: open it instead of creating a second one."""

    def __init__(self, curp: str, ciudadano_id: int) -> None:
        super().__init__(f"La CURP {curp} ya tiene expediente; se abre el existente.")
        self.ciudadano_id = ciudadano_id


def buscar_curp(texto: str) -> int | None:
    """The id of the citizen with this exact CURP, or None. The look-up is written to the
    bitácora and the citizen joins the clerk's citizens of today (whose file the clerk may then
    read and correct): the front desk reaches no citizen any other way."""
    c = scurp.limpiar(texto)
    with bd.sesion() as s:
        return _abrir(s, c)


def _abrir(s: Session, curp: str) -> int | None:
    if seguridad.es_propietario(s):  # maintenance: the owner is not scoped
        return s.scalar(select(Ciudadano.id).where(Ciudadano.curp == curp))
    return s.scalar(text("SELECT sipros_abrir_expediente(:c)"), {"c": curp})


# --------------------------------------------------------------------------- duplicates


def _norm(t: str | None) -> str:
    t = unicodedata.normalize("NFD", (t or "").upper())
    t = "".join(ch for ch in t if unicodedata.category(ch) != "Mn")
    return " ".join(re.sub(r"[^A-Z ]", " ", t).split())


def similitud(a: tuple[str, str, str | None], b: tuple[str, str, str | None]) -> float:
    """How alike two names (nombre, paterno, materno) are, 0..1: accents and case ignored,
    typos tolerated, surnames possibly swapped."""
    na, pa, ma = (_norm(x) for x in a)
    nb, pb, mb = (_norm(x) for x in b)
    nombre = SequenceMatcher(None, na, nb).ratio()
    directa = SequenceMatcher(None, f"{pa} {ma}", f"{pb} {mb}").ratio()
    cruzada = SequenceMatcher(None, f"{pa} {ma}", f"{mb} {pb}").ratio()
    return 0.4 * nombre + 0.6 * max(directa, cruzada)


@dataclass(frozen=True)
class Candidato:
    id: int
    curp: str
    nombre: str
    apellido_paterno: str
    apellido_materno: str | None
    fecha_nacimiento: date
    municipio: str | None
    similitud: float

    @property
    def nombre_completo(self) -> str:
        return " ".join(p for p in (self.nombre, self.apellido_paterno, self.apellido_materno) if p)


def candidatos_duplicados(
    curp: str,
    nombre: str,
    apellido_paterno: str,
    apellido_materno: str | None,
    fecha_nacimiento: date,
    sexo: str,
) -> list[Candidato]:
    """Citizens with the same birth date and sex and a similar name under another CURP."""
    if not (nombre.strip() and apellido_paterno.strip()):
        return []
    with bd.sesion() as s:
        # only the people with the same birth date and sex and a name close enough, through a
        # logged function: the front desk has no read on the registry
        filas = s.execute(
            text(
                "SELECT * FROM sipros_candidatos_duplicado(:curp, :nombre, :paterno, :materno, "
                ":nacimiento, :sexo)"
            ),
            {
                "curp": scurp.limpiar(curp),
                "nombre": nombre,
                "paterno": apellido_paterno,
                "materno": apellido_materno,
                "nacimiento": fecha_nacimiento,
                "sexo": sexo,
            },
        ).all()
    buscado = (nombre, apellido_paterno, apellido_materno)
    candidatos = []
    for f in filas:
        parecido = similitud(buscado, (f.nombre, f.apellido_paterno, f.apellido_materno))
        if parecido >= UMBRAL_SIMILITUD:
            candidatos.append(
                Candidato(
                    f.id,
                    f.curp,
                    f.nombre,
                    f.apellido_paterno,
                    f.apellido_materno,
                    f.fecha_nacimiento,
                    f.municipio,
                    round(parecido, 3),
                )
            )
    return sorted(candidatos, key=lambda c: -c.similitud)


# --------------------------------------------------------------------------- registration


@dataclass
class DatosDomicilio:
    municipio_id: int | None = None
    localidad_id: int | None = None
    colonia_id: int | None = None
    calle: str = ""
    numero_exterior: str = ""
    numero_interior: str = ""
    codigo_postal: str = ""
    latitud: Decimal | None = None
    longitud: Decimal | None = None


@dataclass
class DatosCiudadano:
    curp: str
    nombre: str = ""
    apellido_paterno: str = ""
    apellido_materno: str = ""
    fecha_nacimiento: date | None = None
    sexo: str = ""
    entidad_nacimiento: str = ""
    telefono: str = ""
    correo: str = ""
    acepta_sms: bool = False  # consent to text messages about their applications
    domicilio: DatosDomicilio = field(default_factory=DatosDomicilio)
    aviso_aceptado: bool = False
    cuestionario_id: int | None = None  # formulario.id of the socio-economic questionnaire
    respuestas: dict[str, Any] = field(default_factory=dict)
    decisiones: dict[int, str] = field(default_factory=dict)  # candidate id → decision
    clave_captura: uuid.UUID = field(default_factory=uuid.uuid4)

    def errores(self, cuestionario: formularios.DefinicionFormulario | None = None) -> list[str]:
        """Everything the clerk must fix before saving, in Spanish."""
        return [m for _c, m in self.errores_por_campo(cuestionario)]

    def errores_por_campo(
        self, cuestionario: formularios.DefinicionFormulario | None = None
    ) -> list[tuple[str, str]]:
        """(field, message) of everything the clerk must fix, in the order of the form; the
        screen shows each message next to its field."""
        e: list[tuple[str, str]] = []
        info = scurp.analizar(self.curp)
        e.extend(("curp", x) for x in info.errores)
        if not self.nombre.strip():
            e.append(("nombre", "Escriba el nombre o los nombres."))
        if not self.apellido_paterno.strip():
            e.append(("paterno", "Escriba el primer apellido."))
        if self.fecha_nacimiento is None:
            e.append(("curp", "Falta la fecha de nacimiento."))
        if self.sexo not in scurp.SEXOS:
            e.append(("curp", "Elija el sexo."))
        if info.valida:
            # what the database refuses: the CURP's date, sex and state must be the captured ones
            if self.fecha_nacimiento and info.fecha_nacimiento != self.fecha_nacimiento:
                e.append((
                    "curp",
                    f"La fecha de nacimiento debe ser la de la CURP "
                    f"({info.fecha_nacimiento:%d/%m/%Y}).",
                ))  # fmt: skip
            if self.sexo and info.sexo != self.sexo:
                e.append(
                    (
                        "curp",
                        f"El sexo debe ser el de la CURP ({scurp.SEXOS.get(info.sexo or '')}).",
                    )
                )
            if self.entidad_nacimiento and info.entidad != self.entidad_nacimiento:
                e.append(("curp", "La entidad de nacimiento debe ser la de la CURP."))
        d = self.domicilio
        if d.municipio_id is None:
            e.append(("municipio", "Elija el municipio del domicilio."))
        if not d.calle.strip():
            e.append(("calle", "Escriba la calle del domicilio."))
        if d.codigo_postal and not _CP.match(d.codigo_postal):
            e.append(("cp", "El código postal debe tener 5 dígitos."))
        if (d.latitud is None) != (d.longitud is None):
            e.append(("coordenadas", "Escriba latitud y longitud, o ninguna de las dos."))
        if d.latitud is not None and not (Decimal(-90) <= d.latitud <= Decimal(90)):
            e.append(("coordenadas", "La latitud debe estar entre -90 y 90."))
        if d.longitud is not None and not (Decimal(-180) <= d.longitud <= Decimal(180)):
            e.append(("coordenadas", "La longitud debe estar entre -180 y 180."))
        try:
            tiene_telefono = bool(telefonos.normalizar(self.telefono))
        except ErrorDatos as error:
            e.append(("telefono", error.mensaje))
            tiene_telefono = True
        if self.acepta_sms and not tiene_telefono:
            e.append(("telefono", "Para recibir avisos por SMS, escriba el teléfono celular."))
        if self.correo and not _CORREO.match(self.correo):
            e.append(("correo", f"El correo electrónico «{self.correo}» no es válido."))
        if cuestionario is not None:
            e.extend(
                (f"pregunta:{k}", m) for k, m in cuestionario.validar_por_clave(self.respuestas)
            )
        if not self.aviso_aceptado:
            e.append(("aviso", "Lea el aviso de privacidad al ciudadano y marque su aceptación."))
        return e

    def discrepancias(self) -> list[str]:
        """Where the CURP's letters do not follow from the captured name (RENAPO rules)."""
        return scurp.comparar(
            self.curp, self.nombre, self.apellido_paterno, self.apellido_materno or None,
            self.fecha_nacimiento, self.sexo or None, self.entidad_nacimiento or None,
        )  # fmt: skip


@dataclass(frozen=True)
class Registro:
    ciudadano_id: int
    repetido: bool  # the same capture had already been saved (a retry)


def registrar(
    datos: DatosCiudadano, despues: Callable[[Session, int], None] | None = None
) -> Registro:
    """Create the citizen's file: citizen, address, questionnaire and duplicate decisions, in one
    transaction. Saving the same capture again returns the first result. ``despues`` runs in
    the same transaction with the new file's id (a brigade's capture records where it came
    from: both are saved, or neither)."""
    cuestionario = formularios.cargar(datos.cuestionario_id) if datos.cuestionario_id else None
    errores = datos.errores(cuestionario)
    if errores:
        raise ErrorDatos("No se puede guardar todavía:\n• " + "\n• ".join(errores))
    c = scurp.limpiar(datos.curp)
    info = scurp.analizar(c)
    for candidato, decision in datos.decisiones.items():
        if decision not in DECISIONES:
            raise ErrorDatos(f"Decisión desconocida sobre el posible duplicado {candidato}.")
    with bd.sesion() as s:
        bd.cambio(s, "ciudadanos")
        previo = s.scalar(
            select(Ciudadano.id).where(Ciudadano.clave_captura == datos.clave_captura)
        )
        if previo is not None:
            return Registro(previo, repetido=True)
        existente = _abrir(s, c)
        if existente is not None:
            raise ErrorCurpRegistrada(c, existente)
        nuevo = s.scalar(
            insert(Ciudadano)
            .values(
                curp=c,
                nombre=" ".join(datos.nombre.upper().split()),
                apellido_paterno=" ".join(datos.apellido_paterno.upper().split()),
                apellido_materno=" ".join(datos.apellido_materno.upper().split()) or None,
                fecha_nacimiento=datos.fecha_nacimiento,
                sexo=datos.sexo,
                entidad_nacimiento=info.entidad,
                telefono=telefonos.normalizar(datos.telefono) or None,
                acepta_sms=datos.acepta_sms,
                correo=datos.correo.strip() or None,
                aviso_privacidad=func.now(),
                clave_captura=datos.clave_captura,
            )
            .on_conflict_do_nothing(index_elements=["clave_captura"])
            .returning(Ciudadano.id)
        )
        if nuevo is None:  # a concurrent retry of the same capture won
            return Registro(
                s.scalar(
                    select(Ciudadano.id).where(Ciudadano.clave_captura == datos.clave_captura)
                ),
                repetido=True,
            )
        d = datos.domicilio
        s.add(
            Domicilio(
                ciudadano_id=nuevo,
                municipio_id=d.municipio_id,
                localidad_id=d.localidad_id,
                colonia_id=d.colonia_id,
                calle=d.calle.strip(),
                numero_exterior=d.numero_exterior.strip() or None,
                numero_interior=d.numero_interior.strip() or None,
                codigo_postal=d.codigo_postal or None,
                latitud=d.latitud,
                longitud=d.longitud,
            )
        )
        if cuestionario is not None:
            s.add(
                Cuestionario(
                    ciudadano_id=nuevo,
                    formulario_id=cuestionario.id,
                    respuestas=cuestionario.limpiar(datos.respuestas),
                )
            )
        for candidato, decision in datos.decisiones.items():
            s.add(DuplicadoDecision(ciudadano_id=nuevo, candidato_id=candidato, decision=decision))
        s.flush()
        if despues is not None:
            despues(s, nuevo)
        return Registro(nuevo, repetido=False)


# --------------------------------------------------------------------------- applications


@dataclass(frozen=True)
class OpcionApoyo:
    id: int
    nombre: str
    monto: Decimal
    modalidad: str


@dataclass(frozen=True)
class ConvocatoriaDisponible:
    id: int
    clave: str
    nombre: str
    programa: str
    programa_clave: str
    proceso: int
    fecha_cierre: date
    tipos: tuple[OpcionApoyo, ...]
    documentos_requeridos: tuple[str, ...]
    formulario_id: int | None
    elegible: bool
    motivo: str = ""  # why not, when not eligible
    # required type -> maximum age in months of the document (the rest: any age)
    vigencias: dict[str, int] = field(default_factory=dict)


def _edad(nacimiento: date, hoy: date) -> int:
    return hoy.year - nacimiento.year - ((hoy.month, hoy.day) < (nacimiento.month, nacimiento.day))


def motivo_no_elegible(
    reglas: dict[str, Any], nacimiento: date, sexo: str, municipio_clave: str | None, hoy: date
) -> str:
    """Empty when the citizen meets the call's simple rules; else why not, in Spanish."""
    edad = _edad(nacimiento, hoy)
    if "edad_min" in reglas and edad < int(reglas["edad_min"]):
        return f"Edad mínima {reglas['edad_min']} años (tiene {edad})."
    if "edad_max" in reglas and edad > int(reglas["edad_max"]):
        return f"Edad máxima {reglas['edad_max']} años (tiene {edad})."
    if reglas.get("sexo") and sexo != reglas["sexo"]:
        quienes = {"H": "hombres", "M": "mujeres", "X": "personas no binarias"}
        return f"Solo para {quienes.get(reglas['sexo'], reglas['sexo'])}."
    municipios = reglas.get("municipios")
    if municipios and municipio_clave not in municipios:
        return "Su municipio no está en la cobertura de la convocatoria."
    return ""


@dataclass(frozen=True)
class ConvocatoriaAbierta:
    """A call open today, with what eligibility looks at."""

    id: int
    clave: str
    nombre: str
    programa: str
    programa_clave: str
    proceso: int
    fecha_cierre: date
    reglas: dict[str, Any]
    cupo: int | None
    otorgadas: int  # applications approved or delivered (they use the cupo)
    tipos: tuple[OpcionApoyo, ...]
    documentos_requeridos: tuple[str, ...]
    formulario_id: int | None
    # required type -> maximum age in months of the document (the rest: any age)
    vigencias: dict[str, int] = field(default_factory=dict)


def elegibilidad(
    abiertas: list[ConvocatoriaAbierta],
    nacimiento: date,
    sexo: str,
    municipio_clave: str | None,
    vivas: dict[int, str],
    hoy: date,
    medicion: Any = None,
) -> list[ConvocatoriaDisponible]:
    """Of the calls open today, those that still take applications (cupo), each with whether
    the citizen may file to it and, if not, why: the call's rules — age, sex, municipality,
    and the household's poverty (``medicion``: servicios.pobreza.Medicion, None when the
    household is not measured) —, or an application of theirs already alive in it
    (``vivas``: call id → folio). Eligible first. The front desk and the citizen-service desk
    both decide with this."""
    from sipros_desktop.servicios import pobreza

    resultado = []
    for conv in abiertas:
        if conv.cupo is not None and conv.otorgadas >= conv.cupo:
            continue  # cupo agotado: the call no longer takes applications
        motivo = motivo_no_elegible(conv.reglas or {}, nacimiento, sexo, municipio_clave, hoy)
        if not motivo:
            motivo = pobreza.motivo_no_elegible(conv.reglas or {}, medicion)
        if not motivo and conv.id in vivas:
            motivo = f"Ya tiene la solicitud {vivas[conv.id]} en esta convocatoria."
        resultado.append(
            ConvocatoriaDisponible(
                id=conv.id,
                clave=conv.clave,
                nombre=conv.nombre,
                programa=conv.programa,
                programa_clave=conv.programa_clave,
                proceso=conv.proceso,
                fecha_cierre=conv.fecha_cierre,
                tipos=conv.tipos,
                documentos_requeridos=conv.documentos_requeridos,
                formulario_id=conv.formulario_id,
                elegible=not motivo,
                motivo=motivo,
                vigencias=conv.vigencias,
            )
        )
    return sorted(resultado, key=lambda x: (not x.elegible, x.programa, x.proceso))


def convocatorias_abiertas_en(s: Session, hoy: date) -> list[ConvocatoriaAbierta]:
    """The calls open on ``hoy`` (dates, open flag) of the programmes the user sees, with what
    eligibility looks at (a brigade's kit carries these)."""
    # counted only for a call with a cupo (a count per open call, on each file opened, is
    # most of this query when hundreds of thousands are approved)
    otorgadas = case(
        (
            Convocatoria.cupo.is_not(None),
            select(func.count())
            .select_from(Solicitud)
            .where(
                Solicitud.convocatoria_id == Convocatoria.id,
                Solicitud.estado.in_(("Aprobada", "Entregado")),
            )
            .scalar_subquery(),
        ),
        else_=0,
    )
    visibles = s.scalar(text("SELECT sipros_convocatorias_visibles()"))
    q = (
        select(Convocatoria, Programa.nombre, Programa.clave, otorgadas.label("otorgadas"))
        .join(Programa, Programa.id == Convocatoria.programa_id)
        .where(
            Convocatoria.abierta,
            Convocatoria.fecha_apertura <= hoy,
            Convocatoria.fecha_cierre >= hoy,
            Programa.activo,
        )
        .order_by(Programa.nombre, Convocatoria.proceso)
    )
    if visibles is not None and not seguridad.es_propietario(s):
        q = q.where(Convocatoria.id.in_(visibles))
    filas = s.execute(q).all()
    tipos: dict[int, list[OpcionApoyo]] = {}
    for t in s.scalars(select(TipoApoyo).order_by(TipoApoyo.nombre)):
        tipos.setdefault(t.programa_id, []).append(
            OpcionApoyo(t.id, t.nombre, t.monto, t.modalidad)
        )
    return [
        ConvocatoriaAbierta(
            id=conv.id,
            clave=conv.clave,
            nombre=conv.nombre,
            programa=programa,
            programa_clave=programa_clave,
            proceso=conv.proceso,
            fecha_cierre=conv.fecha_cierre,
            reglas=conv.reglas or {},
            cupo=conv.cupo,
            otorgadas=otorgadas_n,
            tipos=tuple(tipos.get(conv.programa_id, ())),
            documentos_requeridos=tuple(conv.documentos_requeridos or ()),
            formulario_id=conv.formulario_id,
            vigencias={k: int(v) for k, v in (conv.documentos_vigencia or {}).items()},
        )
        for conv, programa, programa_clave, otorgadas_n in filas
    ]


def convocatorias_disponibles(
    ciudadano_id: int, hoy: date | None = None
) -> list[ConvocatoriaDisponible]:
    """The calls open today (dates, open flag, cupo) that the user may file to, each with
    whether this citizen is eligible by the call's rules and, if not, why."""
    with bd.sesion() as s:
        hoy = hoy or s.scalar(select(func.sipros_hoy()))
        c = s.get(Ciudadano, ciudadano_id)
        if c is None:
            raise ErrorDatos("El ciudadano ya no existe en la base de datos.")
        municipio = s.scalar(
            select(Municipio.clave)
            .join(Domicilio, Domicilio.municipio_id == Municipio.id)
            .where(Domicilio.ciudadano_id == ciudadano_id)
        )
        vivas = {
            conv: folio
            for conv, folio in s.execute(
                select(Solicitud.convocatoria_id, Solicitud.folio).where(
                    Solicitud.ciudadano_id == ciudadano_id,
                    Solicitud.estado.not_in(("Rechazada", "Baja")),
                )
            )
        }
        abiertas = convocatorias_abiertas_en(s, hoy)
        from sipros_desktop.servicios import pobreza

        medicion = pobreza.medicion(ciudadano_id, s)
    return elegibilidad(abiertas, c.fecha_nacimiento, c.sexo, municipio, vivas, hoy, medicion)


@dataclass
class DatosSolicitud:
    ciudadano_id: int
    convocatoria_id: int
    tipo_apoyo_id: int
    respuestas: dict[str, Any] = field(default_factory=dict)
    documentos: list[DocumentoNuevo] = field(default_factory=list)
    clave_captura: uuid.UUID = field(default_factory=uuid.uuid4)
    # required type -> id of a document already on the citizen's file, reused (not rescanned)
    reutilizados: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class SolicitudPresentada:
    id: int
    folio: str
    repetida: bool


def presentar(
    datos: DatosSolicitud, despues: Callable[[Session, int], None] | None = None
) -> SolicitudPresentada:
    """File an application with its form answers and documents, in one transaction. The
    database assigns the folio and writes the first history row. Repeating the same capture
    returns the application the first attempt created. ``despues`` runs in the same
    transaction with the new application's id."""
    disponibles = {c.id: c for c in convocatorias_disponibles(datos.ciudadano_id)}
    with bd.sesion() as s:
        bd.cambio(s, "solicitudes")
        previa = s.execute(
            select(Solicitud.id, Solicitud.folio).where(
                Solicitud.clave_captura == datos.clave_captura
            )
        ).first()
        if previa is not None:
            return SolicitudPresentada(previa.id, previa.folio, repetida=True)
        conv = disponibles.get(datos.convocatoria_id)
        if conv is None:
            raise ErrorDatos(
                "La convocatoria ya no recibe solicitudes hoy (cerró, agotó su cupo o no le "
                "corresponde a su área). Elija otra."
            )
        if not conv.elegible:
            raise ErrorDatos(f"El ciudadano no puede solicitar «{conv.nombre}»: {conv.motivo}")
        if datos.tipo_apoyo_id not in {t.id for t in conv.tipos}:
            raise ErrorDatos("Elija el tipo de apoyo.")
        errores: list[str] = []
        respuestas = None
        if conv.formulario_id is not None:
            definicion = formularios.cargar_en(s, conv.formulario_id)
            errores.extend(definicion.validar(datos.respuestas))
            respuestas = definicion.limpiar(datos.respuestas)
        adjuntos = {d.tipo for d in datos.documentos} | set(datos.reutilizados)
        for requerido in conv.documentos_requeridos:
            if requerido not in adjuntos:
                errores.append(f"Falta adjuntar: {requerido}.")
        if errores:
            raise ErrorDatos("No se puede presentar todavía:\n• " + "\n• ".join(errores))
        fila = s.execute(
            insert(Solicitud)
            .values(
                folio="pendiente",  # the database assigns it (sipros_solicitud_alta)
                ciudadano_id=datos.ciudadano_id,
                convocatoria_id=datos.convocatoria_id,
                tipo_apoyo_id=datos.tipo_apoyo_id,
                respuestas=respuestas,
                clave_captura=datos.clave_captura,
            )
            .on_conflict_do_nothing(index_elements=["clave_captura"])
            .returning(Solicitud.id, Solicitud.folio)
        ).first()
        if fila is None:
            previa = s.execute(
                select(Solicitud.id, Solicitud.folio).where(
                    Solicitud.clave_captura == datos.clave_captura
                )
            ).one()
            return SolicitudPresentada(previa.id, previa.folio, repetida=True)
        for doc in datos.documentos:
            documentos.guardar(s, datos.ciudadano_id, fila.id, doc)
        for tipo, documento_id in datos.reutilizados.items():
            if tipo not in {d.tipo for d in datos.documentos}:
                documentos.reutilizar(s, documento_id, fila.id, tipo)
        if despues is not None:
            despues(s, fila.id)
        return SolicitudPresentada(fila.id, fila.folio, repetida=False)


# --------------------------------------------------------------------------- what the window needs


@dataclass(frozen=True)
class CatalogoRegistro:
    """Everything the registration form needs, read once when the module opens."""

    municipios: list[Any]
    cuestionario: formularios.DefinicionFormulario
    aviso_privacidad: str
    hoy: date | None = None  # the business date (the applicant's age in the household)


def catalogo_registro() -> CatalogoRegistro:
    from sipros_desktop.servicios import geografia

    with bd.sesion() as s:
        aviso = s.scalar(text("SELECT valor #>> '{}' FROM ajuste WHERE clave = 'aviso_privacidad'"))
        hoy = s.scalar(select(func.sipros_hoy()))
    return CatalogoRegistro(
        municipios=geografia.municipios(),
        cuestionario=formularios.vigente(formularios.CUESTIONARIO_BASE),
        aviso_privacidad=aviso or "",
        hoy=hoy,
    )


@dataclass(frozen=True)
class ResumenCiudadano:
    """The citizen file as the front desk sees it: who, where, verification, applications and
    the calls open today."""

    ficha: Any  # servicios.ciudadanos.FichaCiudadano
    verificacion: Any  # servicios.registro_civil.Verificacion
    convocatorias: list[ConvocatoriaDisponible]
    formularios: dict[int, formularios.DefinicionFormulario]  # the calls' own forms, by id


def resumen(ciudadano_id: int) -> ResumenCiudadano:
    from sipros_desktop.servicios import ciudadanos

    f = ciudadanos.ficha(ciudadano_id)
    convs = convocatorias_disponibles(ciudadano_id)
    ids = {c.formulario_id for c in convs if c.formulario_id is not None}
    return ResumenCiudadano(f, f.verificacion, convs, {i: formularios.cargar(i) for i in ids})


# --------------------------------------------------------------------------- corrections


def atender_correccion(
    solicitud_id: int, version: int, documentos_nuevos: list[DocumentoNuevo], comentario: str
) -> int:
    """The citizen brought what the official asked for: the new documents are attached and the
    application goes back to review ("En proceso") with its history row, in one transaction.
    Returns the new version."""
    from sipros_desktop.servicios.solicitudes import ErrorConcurrencia

    with bd.sesion() as s:
        bd.cambio(s, "solicitudes", "ciudadanos")
        actual = s.execute(
            select(
                Solicitud.estado, Solicitud.version, Solicitud.folio, Solicitud.ciudadano_id
            ).where(Solicitud.id == solicitud_id)
        ).first()
        if actual is None:
            raise ErrorDatos("La solicitud ya no existe o no está en su área.")
        if actual.estado != "Corrección" or actual.version != version:
            raise ErrorConcurrencia(
                f"La solicitud {actual.folio} cambió mientras la atendía (ahora está "
                f"«{actual.estado}»). No se guardó nada: vuelva a abrir el expediente."
            )
        if not documentos_nuevos and not comentario.strip():
            raise ErrorDatos(
                "Adjunte los documentos corregidos o escriba qué se corrigió antes de regresar la "
                "solicitud a revisión."
            )
        for doc in documentos_nuevos:
            documentos.guardar(s, actual.ciudadano_id, solicitud_id, doc)
        nueva = s.scalar(
            text(
                "UPDATE solicitud SET estado = 'En proceso' WHERE id = :i AND version = :v "
                "RETURNING version"
            ),
            {"i": solicitud_id, "v": version},
        )
        if nueva is None:
            raise ErrorConcurrencia(f"La solicitud {actual.folio} cambió en este momento.")
        nombres = ", ".join(d.tipo for d in documentos_nuevos)
        nota = "Corrección atendida en ventanilla" + (f" ({nombres})" if nombres else "")
        if comentario.strip():
            nota += f": {comentario.strip()}"
        s.add(SolicitudHistorial(solicitud_id=solicitud_id, estado="En proceso", comentario=nota))
        return int(nueva)
