"""The embedded default (pgserver, PostgreSQL 16 without contrib): passwords are checked with
SCRAM, the first start creates the first administrator, and the app runs on it."""

import psycopg
import pytest

from sipros_desktop import bd
from sipros_desktop.bd import integrada
from sipros_desktop.errores import ErrorConexion, ErrorDatos
from sipros_desktop.servicios import ciudadanos, demo, seguridad, sesion


@pytest.fixture
def base_integrada(datos_locales):
    yield
    bd.desactivar()
    integrada.detener()


def test_primer_inicio_crea_administrador_y_pide_contrasena(base_integrada):
    destino = sesion.destino_configurado()
    assert destino.integrada
    assert sesion.preparar_integrada() is False  # first start: nobody can log in yet
    with pytest.raises(ErrorDatos, match="al menos 10"):
        sesion.crear_primer_administrador("lucia", "Lucía Pérez", "", "corta1", "corta1")
    with pytest.raises(ErrorDatos, match="no coincide"):
        sesion.crear_primer_administrador(
            "lucia", "Lucía Pérez", "", "Jacaranda2024", "Jacaranda2025"
        )
    sesion.crear_primer_administrador(
        "lucia", "Lucía Pérez", "lucia@correo.mx", "Jacaranda2024", "Jacaranda2024"
    )
    assert sesion.preparar_integrada() is True
    with pytest.raises(ErrorDatos, match="ya tiene administrador"):
        sesion.crear_primer_administrador("otro", "Otro", "", "Jacaranda2024", "Jacaranda2024")

    # SCRAM: a wrong password is refused, an unknown user too, with the same message
    for usuario, clave, mensaje in (
        ("lucia", "Jacaranda2023", "incorrectos"),
        ("nadie", "x", "incorrectos"),
        ("lucia", "", "Escriba su contraseña"),
    ):
        with pytest.raises(ErrorConexion, match=mensaje):
            sesion.iniciar_sesion(destino, usuario, clave)
    url = integrada.iniciar()
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        dsn = url.set(drivername="postgresql", username="lucia", password="mala")
        psycopg.connect(dsn.render_as_string(hide_password=False)).close()

    info = sesion.iniciar_sesion(destino, "lucia", "Jacaranda2024")
    assert info.integrada and info.perfil is not None
    assert info.perfil.perfiles == seguridad.PERFILES and info.perfil.alcance == "estatal"
    with pytest.raises(ErrorDatos, match="no es correcta"):
        seguridad.cambiar_mi_password("Jacaranda2023", "Ahuehuete2025", "Ahuehuete2025")
    seguridad.cambiar_mi_password("Jacaranda2024", "Ahuehuete2025", "Ahuehuete2025")
    assert seguridad.mi_perfil() is not None  # the pool reconnects with the new password
    sesion.cerrar_sesion()
    with pytest.raises(ErrorConexion, match="incorrectos"):
        sesion.iniciar_sesion(destino, "lucia", "Jacaranda2024")
    sesion.iniciar_sesion(destino, "lucia", "Ahuehuete2025")


def test_base_integrada_migra_llena_y_busca(base_integrada):
    sesion.conectar_configurada()  # the command line works as the owner, without a password
    assert bd.motor().url.username == integrada.PROPIETARIO
    r = demo.generar(300, 11)
    assert r.filas["ciudadano"] == 300
    assert ciudadanos.contar(ciudadanos.Consulta()) == 300
    primera = ciudadanos.pagina(ciudadanos.Consulta()).filas[0]
    encontrada = ciudadanos.pagina(ciudadanos.Consulta(primera.curp)).filas
    assert [f.id for f in encontrada] == [primera.id]
    assert ciudadanos.contar(ciudadanos.Consulta(primera.apellido_paterno)) >= 1


def test_intentos_fallidos_se_frenan(base_integrada, monkeypatch):
    ahora = [1000.0]
    monkeypatch.setattr(sesion, "freno", sesion.FrenoDeIntentos(reloj=lambda: ahora[0]))
    destino = sesion.destino_configurado()
    sesion.preparar_integrada()
    sesion.crear_primer_administrador("rosa", "Rosa", "", "Jacaranda2024", "Jacaranda2024")
    for _ in range(3):
        with pytest.raises(ErrorConexion, match="incorrectos"):
            sesion.iniciar_sesion(destino, "rosa", "Equivocada2024")
    # the fourth try waits, even with the right password: nothing reaches the server
    with pytest.raises(ErrorConexion, match="Espere 2 s"):
        sesion.iniciar_sesion(destino, "rosa", "Jacaranda2024")
    ahora[0] += 2.5
    with pytest.raises(ErrorConexion, match="incorrectos"):
        sesion.iniciar_sesion(destino, "rosa", "Equivocada2024")
    with pytest.raises(ErrorConexion, match="Espere 4 s"):  # each failure doubles the wait
        sesion.iniciar_sesion(destino, "rosa", "Jacaranda2024")
    ahora[0] += 4.5
    assert sesion.iniciar_sesion(destino, "rosa", "Jacaranda2024").perfil is not None
    sesion.cerrar_sesion()
    with pytest.raises(ErrorConexion, match="incorrectos"):  # a success starts over
        sesion.iniciar_sesion(destino, "rosa", "Equivocada2024")
    with pytest.raises(ErrorConexion, match="incorrectos"):
        sesion.iniciar_sesion(destino, "rosa", "Equivocada2024")


_PROCESO = """
import signal, sys, time
from sipros_desktop import app
from sipros_desktop.bd import integrada
signal.signal(signal.SIGTERM, app.terminar_con_senal)
integrada.iniciar()
print("listo", flush=True)
if sys.argv[1] == "esperar":
    time.sleep(120)
"""


def _servidor_vivo(pgdata) -> bool:
    import psutil

    pid_archivo = pgdata / "postmaster.pid"
    if not pid_archivo.exists():
        return False
    return psutil.pid_exists(int(pid_archivo.read_text().split()[0]))


def _lanzar(modo: str, entorno):
    import subprocess
    import sys

    return subprocess.Popen(
        [sys.executable, "-c", _PROCESO, modo], env=entorno,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def test_sigterm_y_procesos_muertos_no_dejan_el_servidor_corriendo(datos_locales):
    import json
    import os
    import signal

    entorno = {**os.environ, "SIPROS_DATOS": str(datos_locales)}
    pgdata = datos_locales / "pgdata"
    # ended by SIGTERM (a shutdown, a task manager): the server stops with it
    p = _lanzar("esperar", entorno)
    assert p.stdout.readline().strip() == "listo", p.stderr.read()
    assert _servidor_vivo(pgdata)
    p.send_signal(signal.SIGTERM)
    assert p.wait(60) == 128 + signal.SIGTERM
    assert not _servidor_vivo(pgdata)
    assert json.loads((pgdata / ".handle_pids.json").read_text()) == []
    # a process that died without its exit handlers left its pid: the next one ignores it and
    # its normal exit stops the server
    (pgdata / ".handle_pids.json").write_text(json.dumps([2**22 + 12345]))
    p = _lanzar("salir", entorno)
    assert p.wait(60) == 0, p.stderr.read()
    assert not _servidor_vivo(pgdata)


def test_la_linea_de_ordenes_actua_como_un_funcionario(base_integrada, monkeypatch, capsys):
    """On the embedded database the command line acts as the owner only when nobody is named:
    with --usuario (or PGUSER) it is that staff member, with its password — its kits,
    journals and papers are its own, and a wrong password or a pending first password stops
    it with a Spanish message."""
    import io

    from sipros_desktop.cli import main

    # (--usuario sets PGUSER and PGPASSWORD for the process: restored after this test)
    monkeypatch.setenv("PGUSER", "")
    monkeypatch.setenv("PGPASSWORD", "")
    sesion.crear_primer_administrador("lucia", "Lucía Pérez", "", "Jacaranda2024", "Jacaranda2024")
    monkeypatch.setattr("sys.stdin", io.StringIO("Ahuehuete2025\n"))
    assert main(["usuario", "crear", "pedro", "--nombre", "Pedro Ruiz", "--rol", "entrega",
                 "--alcance", "estatal", "--password-stdin"]) == 0  # fmt: skip
    bd.desactivar()
    capsys.readouterr()
    # named, with the right password: that staff member (an administrator's list is refused)
    monkeypatch.setenv("PGPASSWORD", "Jacaranda2024")
    assert main(["--usuario", "lucia", "usuario", "lista"]) == 0
    assert "pedro" in capsys.readouterr().out
    assert bd.motor().url.username == "lucia"
    bd.desactivar()
    monkeypatch.setenv("PGPASSWORD", "mala")
    assert main(["--usuario", "lucia", "usuario", "lista"]) == 1
    assert "incorrectos" in capsys.readouterr().err
    # an account that has not changed the password the administrator gave it
    monkeypatch.setenv("PGPASSWORD", "Ahuehuete2025")
    assert main(["--usuario", "pedro", "usuario", "lista"]) == 1
    assert "debe cambiar primero la contraseña" in capsys.readouterr().err
    # PGUSER alone is no longer ignored
    monkeypatch.setenv("PGUSER", "lucia")
    monkeypatch.setenv("PGPASSWORD", "Jacaranda2024")
    assert main(["usuario", "lista"]) == 0
    assert bd.motor().url.username == "lucia"
