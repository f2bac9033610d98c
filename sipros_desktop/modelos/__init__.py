"""ORM models: one module per aggregate. No Qt, no I/O beyond the database."""

from .base import ESTADOS_SOLICITUD, Base
from .bitacora import Bitacora
from .ciudadano import Ciudadano, Correccion, Domicilio, DuplicadoDecision, RegistroCivil
from .geografia import Colonia, Localidad, Municipio
from .organizacion import Area, Convocatoria, Dependencia, Funcionario, Programa, TipoApoyo
from .padron import Beneficio, CargaMasiva, Comprobante, EntregaDirecta, EventoEntrega
from .solicitud import (
    Archivo,
    Cuestionario,
    Documento,
    Formulario,
    Solicitud,
    SolicitudHistorial,
)

__all__ = [
    "ESTADOS_SOLICITUD",
    "Archivo",
    "Area",
    "Base",
    "Beneficio",
    "Bitacora",
    "CargaMasiva",
    "Ciudadano",
    "Colonia",
    "Comprobante",
    "Convocatoria",
    "Correccion",
    "Cuestionario",
    "Dependencia",
    "Documento",
    "Domicilio",
    "DuplicadoDecision",
    "EntregaDirecta",
    "EventoEntrega",
    "Formulario",
    "Funcionario",
    "Localidad",
    "Municipio",
    "Programa",
    "RegistroCivil",
    "Solicitud",
    "SolicitudHistorial",
    "TipoApoyo",
]
