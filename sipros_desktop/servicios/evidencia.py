"""The evidence an official weighs before a dictamen, beside the application itself: the
citizen's Registro Civil result with the fields that differ, address and contact, the
socio-economic questionnaire answered at registration, and the person's other applications and
benefits (concurrence).

Everything is read in one transaction as the user, so row-level security decides what is shown:
the same rule as the Padrón's concurrence — an official sees the other applications and benefits
of the programmes in their alcance, and nothing of the rest (not even how many there are); a
state-wide official sees them all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select, text

from sipros_desktop import bd
from sipros_desktop.errores import ErrorDatos
from sipros_desktop.modelos import (
    Area,
    Beneficio,
    CargaMasiva,
    Ciudadano,
    Convocatoria,
    Dependencia,
    Programa,
    RegistroCivil,
    Solicitud,
    TipoApoyo,
)
from sipros_desktop.servicios import ciudadanos, formularios, pobreza, registro_civil, seguridad
from sipros_desktop.servicios.curp import SEXOS


@dataclass(frozen=True)
class OtraSolicitud:
    id: int
    folio: str
    programa: str
    dependencia: str
    tipo_apoyo: str
    monto: Decimal
    estado: str
    fecha_solicitud: date
    fecha_estado: datetime  # when it reached its present state


@dataclass(frozen=True)
class BeneficioOtorgado:
    programa: str
    dependencia: str
    tipo_apoyo: str | None
    fecha_entrega: date
    monto: Decimal
    origen: str
    referencia: str  # the application's folio or the load's file


@dataclass(frozen=True)
class Evidencia:
    solicitud_id: int
    ciudadano_id: int
    verificacion: registro_civil.Verificacion
    discrepancias: list[tuple[str, str, str]]  # (field, as captured, as in the Registro Civil)
    registro_importado: datetime | None  # when the extract row was loaded
    nacimiento: date
    sexo: str
    telefono: str | None
    correo: str | None
    acepta_sms: bool
    domicilio: dict[str, str | None] | None
    cuestionario: formularios.CuestionarioLeido | None
    pobreza: pobreza.Medicion | None  # the household's poverty measure
    otras_solicitudes: list[OtraSolicitud]
    beneficios: list[BeneficioOtorgado]
    alcance_completo: bool  # the user sees every programme (else: only those of their alcance)

    @property
    def sexo_texto(self) -> str:
        return SEXOS.get(self.sexo, self.sexo)


def de_solicitud(solicitud_id: int) -> Evidencia:
    """The evidence around one application the user may see; ErrorDatos if there is none."""
    with bd.sesion() as s:
        c = s.scalar(
            select(Ciudadano)
            .join(Solicitud, Solicitud.ciudadano_id == Ciudadano.id)
            .where(Solicitud.id == solicitud_id)
        )
        if c is None:
            raise ErrorDatos("La solicitud ya no existe o no tiene permiso para verla.")
        rc = s.get(RegistroCivil, c.curp)
        otras = s.execute(
            select(
                Solicitud.id, Solicitud.folio, Programa.nombre.label("programa"),
                Dependencia.clave.label("dependencia"), TipoApoyo.nombre.label("tipo"),
                TipoApoyo.monto, Solicitud.estado, Solicitud.fecha_solicitud,
                Solicitud.actualizado,
            )
            .join(Convocatoria, Convocatoria.id == Solicitud.convocatoria_id)
            .join(Programa, Programa.id == Convocatoria.programa_id)
            .join(Area, Area.id == Programa.area_id)
            .join(Dependencia, Dependencia.id == Area.dependencia_id)
            .join(TipoApoyo, TipoApoyo.id == Solicitud.tipo_apoyo_id)
            .where(Solicitud.ciudadano_id == c.id, Solicitud.id != solicitud_id)
            .order_by(Solicitud.fecha_solicitud.desc(), Solicitud.id.desc())
        ).all()  # fmt: skip
        bens = s.execute(
            select(
                Programa.nombre.label("programa"), Dependencia.clave.label("dependencia"),
                TipoApoyo.nombre.label("tipo"), Beneficio.fecha_entrega, Beneficio.monto,
                Beneficio.origen, Solicitud.folio, CargaMasiva.archivo_nombre,
            )
            .join(Programa, Programa.id == Beneficio.programa_id)
            .join(Dependencia, Dependencia.id == Beneficio.dependencia_id)
            .outerjoin(TipoApoyo, TipoApoyo.id == Beneficio.tipo_apoyo_id)
            .outerjoin(Solicitud, Solicitud.id == Beneficio.solicitud_id)
            .outerjoin(CargaMasiva, CargaMasiva.id == Beneficio.carga_masiva_id)
            .where(Beneficio.ciudadano_id == c.id)
            .order_by(Beneficio.fecha_entrega.desc(), Beneficio.id.desc())
        ).all()  # fmt: skip
        completo = seguridad.es_propietario(s) or bool(
            s.scalar(text("SELECT sipros_alcance_estatal()"))
        )
        return Evidencia(
            solicitud_id=solicitud_id, ciudadano_id=c.id,
            verificacion=registro_civil.comparar(c, rc),
            discrepancias=registro_civil.diferencias(c, rc),
            registro_importado=rc.importado if rc is not None else None,
            nacimiento=c.fecha_nacimiento, sexo=c.sexo,
            telefono=c.telefono, correo=c.correo, acepta_sms=bool(c.acepta_sms),
            domicilio=ciudadanos.domicilio_de(s, c.id),
            cuestionario=formularios.cuestionario_de(s, c.id),
            pobreza=pobreza.medicion(c.id, s),
            otras_solicitudes=[
                OtraSolicitud(o.id, o.folio, o.programa, o.dependencia, o.tipo, o.monto,
                              o.estado, o.fecha_solicitud, o.actualizado)
                for o in otras
            ],
            beneficios=[
                BeneficioOtorgado(b.programa, b.dependencia, b.tipo, b.fecha_entrega, b.monto,
                                  b.origen, b.folio or b.archivo_nombre or "")
                for b in bens
            ],
            alcance_completo=completo,
        )  # fmt: skip
