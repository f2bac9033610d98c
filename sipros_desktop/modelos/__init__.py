"""ORM models: one module per aggregate. No Qt, no I/O beyond the database. Every table of the
migrated schema has its class here (see ``base.py``)."""

from .base import ESTADOS_SOLICITUD, Base
from .bitacora import Bitacora
from .brigada import BrigadaCaptura, BrigadaKit
from .ciudadano import (
    Atencion,
    Ciudadano,
    CiudadanoAlcance,
    CiudadanoAlias,
    CiudadanoPalabra,
    ConsultaCuota,
    ContactoCambio,
    Correccion,
    Domicilio,
    DuplicadoDecision,
    DuplicadoRevision,
    Fusion,
    RegistroCivil,
)
from .geografia import Colonia, Localidad, Municipio, MunicipioLimite
from .mensajes import Mensaje, PlantillaMensaje
from .organizacion import Area, Convocatoria, Dependencia, Funcionario, Programa, TipoApoyo
from .padron import (
    Beneficio,
    CargaFila,
    CargaMapeo,
    CargaMasiva,
    CargaValor,
    Comprobante,
    EntregaDirecta,
    EventoEntrega,
    EventoSolicitud,
)
from .pobreza import LineaPobreza, PobrezaHogar, PobrezaMedicion
from .sistema import Ajuste, FuncionArchivo
from .solicitud import (
    Archivo,
    Cuestionario,
    Documento,
    Formulario,
    FormularioBorrador,
    Solicitud,
    SolicitudHistorial,
    SolicitudTransicion,
)

__all__ = [
    "ESTADOS_SOLICITUD",
    "Ajuste",
    "Archivo",
    "Area",
    "Atencion",
    "Base",
    "Beneficio",
    "Bitacora",
    "BrigadaCaptura",
    "BrigadaKit",
    "CargaFila",
    "CargaMapeo",
    "CargaMasiva",
    "CargaValor",
    "Ciudadano",
    "CiudadanoAlcance",
    "CiudadanoAlias",
    "CiudadanoPalabra",
    "Colonia",
    "Comprobante",
    "ConsultaCuota",
    "ContactoCambio",
    "Convocatoria",
    "Correccion",
    "Cuestionario",
    "Dependencia",
    "Documento",
    "Domicilio",
    "DuplicadoDecision",
    "DuplicadoRevision",
    "EntregaDirecta",
    "EventoEntrega",
    "EventoSolicitud",
    "Formulario",
    "FormularioBorrador",
    "FuncionArchivo",
    "Funcionario",
    "Fusion",
    "LineaPobreza",
    "Localidad",
    "Mensaje",
    "Municipio",
    "MunicipioLimite",
    "PlantillaMensaje",
    "PobrezaHogar",
    "PobrezaMedicion",
    "Programa",
    "RegistroCivil",
    "Solicitud",
    "SolicitudHistorial",
    "SolicitudTransicion",
    "TipoApoyo",
]
