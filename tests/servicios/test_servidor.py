"""The central server's one-time setup (``sipros-desktop servidor preparar / sql``), run against
this real server as its superuser."""

from __future__ import annotations

import pytest

from sipros_desktop.errores import ErrorDatos
from sipros_desktop.servicios import servidor
from tests.conftest import PREFIJO, ROL_PREFIJO


def test_preparar_crea_el_propietario_con_su_clave_y_la_base(bases):
    propietario, base = f"{ROL_PREFIJO}central", f"{PREFIJO}_central"
    url = bases.servidor.set(drivername="postgresql").render_as_string(hide_password=False)
    bases.creadas.append(base)  # (dropped with this run's databases if the test stops)
    try:
        creada = servidor.preparar(url, propietario, base, leer_clave=lambda: "Clave2026Segura")
        assert creada
        with bases.admin() as c:
            rol = c.execute(
                "SELECT rolcanlogin, rolcreaterole, starts_with(rolpassword, 'SCRAM-SHA-256$') "
                "FROM pg_authid WHERE rolname = %s", (propietario,)
            ).fetchone()  # fmt: skip
            assert rol == (True, True, True)  # only a SCRAM verifier reached the server
            dueno = c.execute(
                "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = %s", (base,)
            ).fetchone()
            assert dueno == (propietario,)
        # again: only what is missing is added; the database is not created twice
        assert servidor.preparar(url, propietario, base) is False
    finally:
        bases.borrar(base)
        with bases.admin() as c:
            c.execute(f'DROP ROLE IF EXISTS "{propietario}"')


def test_una_direccion_o_un_nombre_malos_se_dicen_antes_de_pedir_la_clave():
    pedidas = []

    def clave() -> str:
        pedidas.append(1)
        return "Clave2026Segura"

    with pytest.raises(ErrorDatos, match="«nada» no es una dirección de PostgreSQL"):
        servidor.preparar("nada", leer_clave=clave)
    with pytest.raises(ErrorDatos, match="«Mal-Nombre» no es un nombre válido"):
        servidor.preparar("postgresql://postgres@127.0.0.1/postgres", "Mal-Nombre",
                          leer_clave=clave)  # fmt: skip
    assert pedidas == []
    with pytest.raises(ErrorDatos, match="no es un nombre válido"):
        servidor.guion("sipros_propietario", "base con espacios")
    assert servidor.guion().startswith("-- SIPROS Escritorio: preparación del servidor central")
