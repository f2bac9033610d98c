"""Settings that hold for every PC of the front desk, changed by administrators."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text

from sipros_desktop import bd
from sipros_desktop.errores import ErrorDatos

MAXIMO_DOCUMENTO = (1, 50)  # MB; the database refuses anything else too


SOLO_ESTATAL = "Los ajustes valen para todo el estado: solo un administrador estatal los cambia."


@dataclass(frozen=True)
class AjustesVentanilla:
    documento_max_mb: int
    aviso_privacidad: str
    puede_cambiar: bool = True  # a state-wide administrator (the database checks it again)


def leer() -> AjustesVentanilla:
    with bd.sesion() as s:
        valores = dict(
            s.execute(
                text(
                    "SELECT clave, valor #>> '{}' FROM ajuste "
                    "WHERE clave IN ('documento_max_mb', 'aviso_privacidad')"
                )
            ).all()
        )
        puede = bool(s.scalar(text("SELECT sipros_admin_estatal()")))
    return AjustesVentanilla(
        int(float(valores.get("documento_max_mb") or 5)),
        valores.get("aviso_privacidad") or "",
        puede,
    )


def guardar(a: AjustesVentanilla) -> None:
    """Both settings in one transaction."""
    errores = []
    if not MAXIMO_DOCUMENTO[0] <= a.documento_max_mb <= MAXIMO_DOCUMENTO[1]:
        errores.append(
            f"El tamaño máximo de documento va de {MAXIMO_DOCUMENTO[0]} a {MAXIMO_DOCUMENTO[1]} MB."
        )
    aviso = a.aviso_privacidad.strip()
    if len(aviso) < 80:
        errores.append(
            "El aviso de privacidad es muy corto: debe decir quién es el responsable, para qué se "
            "usan los datos y cómo ejercer los derechos ARCO."
        )
    if errores:
        raise ErrorDatos("\n".join(errores))
    with bd.sesion() as s:
        n = s.execute(
            text(
                "UPDATE ajuste SET valor = to_jsonb(CAST(:v AS integer)), actualizado = now() "
                "WHERE clave = 'documento_max_mb'"
            ),
            {"v": a.documento_max_mb},
        ).rowcount
        if n != 1:  # row-level security: not a state-wide administrator
            raise ErrorDatos(SOLO_ESTATAL)
        s.execute(
            text(
                "UPDATE ajuste SET valor = to_jsonb(CAST(:v AS text)), actualizado = now() "
                "WHERE clave = 'aviso_privacidad'"
            ),
            {"v": aviso},
        )
