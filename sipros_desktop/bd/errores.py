"""Turn driver errors into ErrorSipros with a Spanish message (no Qt here)."""

from __future__ import annotations

import psycopg
from sqlalchemy import exc as sa_exc

from sipros_desktop.errores import ErrorConexion, ErrorDatos, ErrorSipros

# what a clerk should read when a unique rule of the database stops a save
_UNICOS = {
    "ciudadano_curp_key": "Esa CURP ya tiene expediente: búsquela y abra el existente.",
    "solicitud_viva_unica": (
        "El ciudadano ya tiene una solicitud vigente en esa convocatoria; no se puede presentar "
        "otra mientras no sea rechazada o dada de baja."
    ),
}


def _original(error: BaseException) -> BaseException:
    if isinstance(error, sa_exc.DBAPIError) and error.orig is not None:
        return error.orig
    return error


def traducir(error: BaseException, *, destino: str = "") -> ErrorSipros:
    """Best Spanish explanation of a database error. ``destino`` names the server for messages."""
    if isinstance(error, ErrorSipros):
        return error
    orig = _original(error)
    texto = str(orig).strip()
    sqlstate = getattr(orig, "sqlstate", None)
    lugar = f" ({destino})" if destino else ""
    if "no password supplied" in texto:
        return ErrorConexion("Escriba su contraseña.", detalle=texto)
    if "not permitted to log in" in texto:
        return ErrorConexion(
            "Su usuario está desactivado. Si cree que es un error, consulte al administrador.",
            detalle=texto,
        )
    diag = getattr(orig, "diag", None)
    contexto = getattr(diag, "context", None) or ""
    if sqlstate == "P0001" or (sqlstate and (" at RAISE" in contexto or " en RAISE" in contexto)):
        # raised by SIPROS's own database functions, already in Spanish (with any SQLSTATE:
        # check_violation, insufficient_privilege, the deliveries' own codes…)
        mensaje = getattr(diag, "message_primary", None) or texto
        return ErrorDatos(mensaje, detalle=texto)
    if sqlstate in ("57P01", "57P02") or "terminating connection due to administrator" in texto:
        return ErrorConexion(
            "La sesión fue cerrada por el administrador del sistema. Vuelva a iniciar sesión.",
            detalle=texto,
        )
    if "no pg_hba.conf entry" in texto:
        return ErrorConexion(
            f"El servidor{lugar} no acepta conexiones de este equipo o de este usuario. "
            "Pida al administrador de la base de datos que lo autorice (pg_hba.conf).",
            detalle=texto,
        )
    if sqlstate in ("28P01", "28000") or "password authentication failed" in texto:
        return ErrorConexion("Usuario o contraseña incorrectos.", detalle=texto)
    if sqlstate == "3D000" or ("database" in texto and "does not exist" in texto):
        return ErrorConexion(
            f"La base de datos indicada no existe en el servidor{lugar}. "
            "Revise el nombre de la base en la configuración de conexión.",
            detalle=texto,
        )
    if "role" in texto and "does not exist" in texto:
        return ErrorConexion("Usuario o contraseña incorrectos.", detalle=texto)
    if sqlstate == "42501":
        return ErrorDatos("Su usuario no tiene permiso para esta operación.", detalle=texto)
    if sqlstate == "23505":
        restriccion = getattr(getattr(orig, "diag", None), "constraint_name", None) or ""
        return ErrorDatos(
            _UNICOS.get(restriccion, "Ya existe un registro con esos datos (dato duplicado)."),
            detalle=texto,
        )
    if sqlstate and sqlstate.startswith("23"):
        return ErrorDatos("Los datos no cumplen las reglas del sistema.", detalle=texto)
    if sqlstate == "57014":
        return ErrorSipros("La consulta tardó demasiado y se canceló.", detalle=texto)
    if isinstance(orig, psycopg.OperationalError) or isinstance(error, sa_exc.OperationalError):
        if "timeout" in texto or "timed out" in texto:
            return ErrorConexion(
                f"El servidor de base de datos no respondió a tiempo{lugar}. "
                "Verifique la dirección, la red y que el servidor esté encendido.",
                detalle=texto,
            )
        if "SSL" in texto or "ssl" in texto:
            return ErrorConexion(
                f"No se pudo establecer la conexión cifrada (SSL){lugar}. "
                "Revise el modo SSL en la configuración de conexión.",
                detalle=texto,
            )
        return ErrorConexion(
            f"No se pudo conectar con el servidor de base de datos{lugar}. "
            "Verifique la dirección, el puerto y que el servidor esté encendido.",
            detalle=texto,
        )
    return ErrorSipros(
        "Ocurrió un error inesperado con la base de datos. Intente de nuevo; si se repite, "
        "avise al administrador.",
        detalle=texto,
    )
