"""Smoke test of the embedded default (pgserver, PostgreSQL 16 without contrib)."""

import pytest

from sipros_desktop import bd
from sipros_desktop.bd import integrada
from sipros_desktop.servicios import ciudadanos, demo, sesion


@pytest.fixture
def base_integrada(datos_locales):
    yield
    bd.desactivar()
    if integrada._servidor is not None:
        integrada._servidor.cleanup()
        integrada._servidor = None


def test_base_integrada_migra_llena_y_busca(base_integrada):
    destino = sesion.destino_configurado()
    assert destino.integrada
    info = sesion.iniciar_sesion(destino, "postgres", "")
    assert info.integrada and info.version_esquema
    r = demo.generar(300, 11)
    assert r.filas["ciudadano"] == 300
    assert ciudadanos.contar(ciudadanos.Consulta()) == 300
    primera = ciudadanos.pagina(ciudadanos.Consulta()).filas[0]
    encontrada = ciudadanos.pagina(ciudadanos.Consulta(primera.curp)).filas
    assert [f.id for f in encontrada] == [primera.id]
    assert ciudadanos.contar(ciudadanos.Consulta(primera.apellido_paterno)) >= 1
