"""Backups of the embedded database with the binaries the app ships (pgserver's pg_dump,
pg_dumpall and pg_restore): back up, damage (a table dropped, rows deleted), restore, and the
data is back — restored aside first, so a failed restore leaves the database as it was.

And what an attacker tried: any profile backing up the whole database, backups readable by
every user of the PC, and crafted backups (accounts that become superuser, a planted SECURITY
DEFINER function, an event trigger, another owner, a changed function) — refused or skipped
and reported, with nothing changed."""

from __future__ import annotations

import os
import stat
import tempfile
import uuid
from pathlib import Path

import psycopg
import pytest

from sipros_desktop import bd
from sipros_desktop.bd import esquema
from sipros_desktop.errores import ErrorDatos
from sipros_desktop.servicios import respaldo
from sipros_desktop.servicios.respaldo import cuentas
from tests import respaldos
from tests.conftest import PROPIETARIO, ROL_PREFIJO
from tests.seguridad import Personal


def _cifras(url) -> tuple[int, int, int]:
    with psycopg.connect(bd.dsn(url)) as c:
        return c.execute(
            "SELECT (SELECT count(*) FROM ciudadano), (SELECT count(*) FROM solicitud_historial), "
            "(SELECT count(*) FROM bitacora)"
        ).fetchone()


def _modo(ruta) -> int:
    return stat.S_IMODE(ruta.stat().st_mode)


def test_respaldar_danar_restaurar(bd_demo, servidor, tmp_path, monkeypatch):
    monkeypatch.setenv("SIPROS_DATOS", str(tmp_path / "datos"))
    base = bd_demo.database
    superusuario = servidor  # the test server's superuser (on a PC: the data folder's owner)
    bd.desactivar()
    antes = _cifras(bd_demo)
    etapas: list[tuple[str, int, int]] = []
    r = respaldo.respaldar(superusuario, base, tmp_path, lambda *a: etapas.append(a))
    assert r.ruta.exists() and r.roles.exists() and r.tamano > 10_000
    assert etapas and etapas[-1][1] == etapas[-1][2]  # the progress reached the end
    assert PROPIETARIO in r.roles.read_text(encoding="utf-8")
    assert [x.ruta for x in respaldo.respaldos(tmp_path)] == [r.ruta]

    # damage: a table dropped, citizens deleted
    with psycopg.connect(bd.dsn(superusuario.set(database=base)), autocommit=True) as c:
        c.execute("DROP TABLE solicitud_historial CASCADE")
        c.execute("ALTER TABLE ciudadano DISABLE TRIGGER USER")
        c.execute("DELETE FROM ciudadano WHERE id IN (SELECT ciudadano_id FROM domicilio "
                  "EXCEPT SELECT ciudadano_id FROM solicitud EXCEPT SELECT ciudadano_id "
                  "FROM beneficio EXCEPT SELECT ciudadano_id FROM cuestionario)")  # fmt: skip

    migradas = []
    hecha = respaldo.restaurar(superusuario, r, base, PROPIETARIO, migrar=migradas.append)
    assert _cifras(bd_demo) == antes
    assert hecha.version == esquema.revision_esperada() and hecha.cuentas_creadas == ()
    assert migradas and migradas[0].database == f"{base}_restaurando"  # migrated before swapping
    assert respaldos.sobrantes(superusuario, base) == []
    # staff can still connect to the restored database (the grant a dump does not carry)
    with psycopg.connect(bd.dsn(superusuario.set(database=base))) as c:
        assert c.execute(
            "SELECT has_database_privilege('sipros_personal', current_database(), 'CONNECT'), "
            "pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()"
        ).fetchone() == (True, PROPIETARIO)  # and everything belongs to the owner again
        assert c.execute(
            "SELECT count(*) FROM pg_proc WHERE pronamespace = 'public'::regnamespace "
            "AND proowner <> %s::regrole", (PROPIETARIO,)
        ).fetchone() == (0,)  # fmt: skip
    # the replaced database is kept aside until the next restore
    with psycopg.connect(bd.dsn(superusuario.set(database="postgres")), autocommit=True) as c:
        anterior = f"{base}_antes_de_restaurar"
        assert c.execute("SELECT 1 FROM pg_database WHERE datname = %s", (anterior,)).fetchone()
        c.execute(f'DROP DATABASE "{anterior}" WITH (FORCE)')


def test_el_avance_del_respaldo_no_depende_del_idioma_del_equipo(
    bd_demo, servidor, tmp_path, monkeypatch
):
    """On a PC whose PostgreSQL tools speak Spanish the progress still moves table by table
    (it reads their --verbose lines, which the tools are asked to write in English). The
    embedded server's tools carry no translations: this server's own, which do, stand in."""
    import shutil
    import subprocess

    propias = Path("/usr/lib/postgresql/15/bin")
    if not (propias / "pg_dump").exists() or not shutil.which("pg_dump"):
        pytest.skip("este equipo no tiene las herramientas de PostgreSQL 15 con traducciones")
    prueba = subprocess.run([str(propias / "pg_dump"), "--help"], capture_output=True, text=True,
                            env={**os.environ, "LANG": "C.UTF-8", "LANGUAGE": "es"})  # fmt: skip
    if "extrae una base de datos" not in prueba.stdout:
        pytest.skip("las herramientas de PostgreSQL de este equipo no están en español")
    monkeypatch.setattr(respaldo, "binarios", lambda: propias)
    monkeypatch.setenv("SIPROS_DATOS", str(tmp_path / "datos"))
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.setenv("LANGUAGE", "es")
    bd.desactivar()
    etapas: list[tuple[str, int, int]] = []
    respaldo.respaldar(servidor, bd_demo.database, tmp_path, lambda *a: etapas.append(a))
    assert etapas, "el avance no se movió: las líneas de pg_dump no se reconocieron"
    pasos = [e for e in etapas if e[0] == etapas[-1][0]]
    assert etapas[-1][1] == etapas[-1][2] and len(pasos) > 10  # one step per table


def test_restauracion_fallida_no_toca_la_base(bd_demo, servidor, tmp_path):
    base = bd_demo.database
    bd.desactivar()
    antes = _cifras(bd_demo)
    roto = tmp_path / "sipros_20260101_000000.dump"
    roto.write_bytes(b"PGDMP esto no es un respaldo")
    (r,) = respaldo.respaldos(tmp_path)
    with pytest.raises(ErrorDatos, match="no es un respaldo de SIPROS"):
        respaldo.restaurar(servidor, r, base, PROPIETARIO)
    assert _cifras(bd_demo) == antes  # untouched
    assert respaldos.sobrantes(servidor, base) == []


def test_conservar_los_ultimos(tmp_path):
    for marca in ("20261101_020000", "20261102_020000", "20261103_020000"):
        (tmp_path / f"sipros_{marca}.dump").write_bytes(b"x")
        (tmp_path / f"sipros_{marca}.roles.sql").write_text("--")
    borrados = respaldo.rotar(2, tmp_path)
    assert [b.name for b in borrados] == ["sipros_20261101_020000.dump"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "sipros_20261102_020000.dump", "sipros_20261102_020000.roles.sql",
        "sipros_20261103_020000.dump", "sipros_20261103_020000.roles.sql",
    ]  # fmt: skip


@pytest.mark.skipif(os.name == "nt", reason="permisos POSIX")
def test_respaldos_solo_para_el_usuario_del_equipo(bd_demo, servidor, datos_locales, tmp_path):
    """The backups folder is 0700 and each file 0600, whatever the umask and even where an
    earlier version left them 0755 / 0644; a chosen folder that others can enter is warned
    about (its files are still 0600)."""
    bd.desactivar()
    carpeta = datos_locales / "respaldos"
    carpeta.mkdir(parents=True, mode=0o755)
    os.chmod(carpeta, 0o755)
    viejo = carpeta / "sipros_20260101_000000.dump"
    viejo.write_bytes(b"de una version anterior")
    os.chmod(viejo, 0o644)
    mascara = os.umask(0o022)
    try:
        assert respaldo.carpeta_respaldos() == carpeta and _modo(carpeta) == 0o700
        r = respaldo.respaldar(servidor, bd_demo.database)
    finally:
        os.umask(mascara)
    assert r.ruta.parent == carpeta
    assert (_modo(r.ruta), _modo(r.roles), _modo(viejo)) == (0o600, 0o600, 0o600)
    assert respaldo.avisos_carpeta(carpeta) == []

    # a folder of the user's choice keeps its permissions, and the dialog says what they mean
    elegida = tmp_path / "usb"
    elegida.mkdir(mode=0o755)
    os.chmod(elegida, 0o755)
    respaldo.guardar_ajustes(True, 7, str(elegida))
    assert respaldo.carpeta_respaldos() == elegida
    (aviso,) = respaldo.avisos_carpeta(elegida)
    assert "Otros usuarios de este equipo pueden entrar" in aviso and "chmod 700" in aviso
    r2 = respaldo.respaldar(servidor, bd_demo.database, elegida)
    assert (_modo(elegida), _modo(r2.ruta), _modo(r2.roles)) == (0o755, 0o600, 0o600)
    os.chmod(elegida, 0o700)
    assert respaldo.avisos_carpeta(elegida) == []  # positive control: a private folder


def test_archivo_de_cuentas_solo_lo_que_sipros_crea(tmp_path):
    """The accounts file is never run: each line is understood and only a staff account, its
    sipros_* groups and its session limits are rebuilt; the rest is reported, the verifier
    never shown."""
    v = respaldos.VERIFICADOR
    texto = f"""--
-- PostgreSQL database cluster dump
--
SET default_transaction_read_only = off;
CREATE ROLE postgres;
ALTER ROLE postgres WITH SUPERUSER INHERIT CREATEROLE CREATEDB LOGIN REPLICATION BYPASSRLS;
CREATE ROLE sipros_propietario;
ALTER ROLE sipros_propietario WITH NOSUPERUSER INHERIT CREATEROLE NOCREATEDB LOGIN;
CREATE ROLE ana;
ALTER ROLE ana WITH NOSUPERUSER INHERIT NOCREATEROLE NOCREATEDB LOGIN NOBYPASSRLS PASSWORD '{v}';
ALTER ROLE ana SET lock_timeout TO '10s';
ALTER ROLE ana SET search_path TO 'publico, public';
ALTER ROLE ana IN DATABASE sipros SET work_mem TO '1GB';
GRANT sipros_ventanilla TO ana GRANTED BY postgres;
GRANT sipros_administrador TO ana WITH ADMIN OPTION GRANTED BY postgres;
GRANT pg_execute_server_program TO ana;
GRANT sipros_propietario TO ana;
CREATE ROLE "Intruso";
ALTER ROLE "Intruso" WITH SUPERUSER LOGIN PASSWORD '{v}';
GRANT sipros_ventanilla TO "Intruso";
CREATE ROLE beto;
ALTER ROLE beto WITH NOSUPERUSER LOGIN BYPASSRLS PASSWORD '{v}';
CREATE ROLE carla;
ALTER ROLE carla WITH LOGIN PASSWORD 'md5c0ffee';
CREATE ROLE otro_grupo;
ALTER ROLE otro_grupo WITH NOLOGIN;
CREATE ROLE inactivo;
ALTER ROLE inactivo WITH NOLOGIN PASSWORD '{v}';
ALTER ROLE vieja WITH NOSUPERUSER LOGIN;
ALTER ROLE vieja WITH SUPERUSER;
GRANT pg_read_server_files TO vieja;
GRANT sipros_funcionario TO vieja;
COMMENT ON ROLE ana IS 'x'; DROP ROLE vieja;
\\! sh -c 'id'
"""
    ruta = tmp_path / "sipros_20260101_000000.roles.sql"
    ruta.write_text(texto, encoding="utf-8")
    existentes = {"postgres": True, "sipros_propietario": True, "vieja": True,
                  "sipros_ventanilla": False, "sipros_administrador": False}  # fmt: skip
    plan = cuentas.planear(ruta, existentes, {"postgres", "sipros_propietario"},
                           {"sipros_ventanilla", "sipros_administrador"})  # fmt: skip
    assert plan.cuentas == ("ana", "inactivo")
    assert [(g.grupo, g.miembro) for g in plan.grants] == [("sipros_ventanilla", "ana")]
    (ana,) = [r for r in plan.crear if r.nombre == "ana"]
    assert [a[1] for a in ana.ajustes] == ["lock_timeout", "search_path"]  # the 2nd: skipped
    motivos = {o.texto: (o.motivo, o.no_permitida) for o in plan.omitidas}
    assert not any(v in o.texto for o in plan.omitidas)  # never a verifier on screen

    def motivo(inicio: str) -> tuple[str, bool]:
        (clave,) = [t for t in motivos if t.startswith(inicio)]
        return motivos[clave]

    assert motivo("ALTER ROLE postgres")[1] is False  # this PC's own maintenance accounts
    assert motivo("ALTER ROLE sipros_propietario")[1] is False
    assert motivo("ALTER ROLE ana SET search_path") == (
        "ajuste «search_path»: SIPROS solo pone los límites de sesión", True)  # fmt: skip
    assert "SIPROS no los pone" in motivo("ALTER ROLE ana IN DATABASE")[0]
    assert "WITH ADMIN OPTION" in motivo("GRANT sipros_administrador TO ana")[0]
    assert motivo("GRANT pg_execute_server_program")[0] == (
        "«pg_execute_server_program» no es un grupo de SIPROS (sipros_*)")  # fmt: skip
    assert "no es un grupo de SIPROS" in motivo("GRANT sipros_propietario TO ana")[0]
    assert motivo('CREATE ROLE "Intruso"') == ("la cuenta «Intruso» pide SUPERUSER", True)
    assert motivo('GRANT sipros_ventanilla TO "Intruso"')[0] == "la cuenta «Intruso» pide SUPERUSER"
    assert motivo("ALTER ROLE beto")[0] == "la cuenta «beto» pide BYPASSRLS"
    assert "no es un verificador SCRAM" in motivo("CREATE ROLE carla")[0]
    assert "grupo que SIPROS no crea" in motivo("CREATE ROLE otro_grupo")[0]
    # an existing account gains nothing, whatever the file says
    assert motivo("ALTER ROLE vieja WITH SUPERUSER")[0] == "la cuenta «vieja» pide SUPERUSER"
    assert motivo("GRANT pg_read_server_files TO vieja")[1] is True
    assert motivo("GRANT sipros_funcionario TO vieja")[1] is True
    assert motivo("COMMENT ON ROLE")[0].startswith("sentencia que SIPROS no escribe")
    assert motivo("\\! sh")[1] is True
    assert all(o.no_permitida for o in plan.omitidas if "ana" in o.texto)


def _restaurar_rechazado(su, r, dueno, antes, *esperadas: str) -> str:
    with pytest.raises(ErrorDatos, match="su esquema no es el que crean las migraciones") as e:
        respaldo.restaurar_integrada(r)
    assert bd.motor().url.username == dueno.username  # the session goes on
    for esperada in esperadas:
        assert esperada in e.value.detalle, e.value.detalle
    assert _cifras(dueno) == antes  # the current database: untouched
    assert respaldos.sobrantes(su, "sipros") == []
    return e.value.detalle


def test_base_integrada_respaldo_dano_y_restauracion(datos_locales):
    """On the embedded PostgreSQL itself, as the office's PC runs it: Archivo → Respaldo's
    service backs up, a table is dropped, the backup is restored and the data is back."""
    from sipros_desktop.bd import integrada
    from sipros_desktop.servicios import demo

    try:
        bd.activar(integrada.url_propietario())
        demo.generar(60, 3)
        dueno = integrada.url_propietario()
        antes = _cifras(dueno)
        assert respaldo.toca_automatico()  # no backup yet: the daily one is due
        r = respaldo.respaldar_integrada()
        assert not respaldo.toca_automatico()
        assert respaldo.respaldos() == [r]
        if os.name != "nt":
            assert (_modo(r.ruta.parent), _modo(r.ruta), _modo(r.roles)) == (0o700, 0o600, 0o600)
        with psycopg.connect(bd.dsn(dueno), autocommit=True) as c:
            c.execute("DROP TABLE solicitud_historial CASCADE")
        hecha = respaldo.restaurar_integrada(r)
        assert hecha.no_permitidas == () and hecha.cuentas_creadas == ()
        assert _cifras(dueno) == antes
        bd.activar(dueno)  # the app connects again after a restore
        from sipros_desktop.servicios import ciudadanos

        assert ciudadanos.contar(ciudadanos.Consulta()) == antes[0]
    finally:
        bd.desactivar()
        integrada.detener()


def test_base_integrada_solo_un_administrador_estatal_respalda(datos_locales, capsys):
    """A funcionario (or an área's administrator) who opens a session on the office's PC
    cannot back up or restore through the service; a state-wide administrator can, and so
    can the command line (the data folder's owner)."""
    from sipros_desktop.bd import integrada
    from sipros_desktop.cli import main
    from sipros_desktop.servicios import demo

    try:
        bd.activar(integrada.url_propietario())
        demo.generar(30, 3)
        personal = Personal(integrada.iniciar(), integrada.PROPIETARIO, "prueba_")
        funcionario = personal.crear(["funcionario"], area="SSDS", alcance="area")
        admin_area = personal.crear(["administrador"], area="SSDS", alcance="area")
        admin_estatal = personal.crear(["administrador"], alcance="estatal")
        assert main(["respaldo", "crear"]) == 0  # the owner: the command line
        (r,) = respaldo.respaldos()
        assert f"Respaldo guardado: {r.ruta}" in capsys.readouterr().out
        assert main(["respaldo", "lista"]) == 0
        assert r.nombre in capsys.readouterr().out
        for cuenta in (funcionario, admin_area):
            bd.activar(cuenta.url)
            with pytest.raises(ErrorDatos, match="Solo un administrador con alcance estatal"):
                respaldo.respaldar_integrada()
            with pytest.raises(ErrorDatos, match="Solo un administrador con alcance estatal"):
                respaldo.restaurar_integrada(r)
            assert bd.motor().url.username == cuenta.usuario  # (still in their session)
        assert respaldo.respaldos() == [r]  # nothing written
        bd.desactivar()
        with pytest.raises(ErrorDatos, match="Solo un administrador"):  # no session at all
            respaldo.respaldar_integrada()
        bd.activar(admin_estatal.url)
        assert respaldo.respaldar_integrada().ruta.exists()  # positive control
    finally:
        bd.desactivar()
        integrada.detener()


def test_base_integrada_respaldo_alterado_no_se_restaura(datos_locales, capsys):
    """Crafted backups on the embedded server: a dump with a planted SECURITY DEFINER function
    of the superuser, an event trigger and a table of another owner is refused before any
    of it runs; one with a changed function body, SECURITY DEFINER added, another grant and
    another column default is refused after being restored aside; SQL smuggled into the
    data part runs without privileges (COPY … TO PROGRAM fails) or is found in the
    catalogue; an accounts file that makes roles superuser is skipped line by line and
    reported. No role gains an attribute, nothing planted arrives, and the current database
    is untouched; the same dump with the accounts file's allowed lines restores."""
    from sipros_desktop.bd import integrada
    from sipros_desktop.cli import main
    from sipros_desktop.servicios import demo

    try:
        dueno = integrada.url_propietario()
        bd.activar(dueno)
        demo.generar(40, 3)
        personal = Personal(integrada.iniciar(), integrada.PROPIETARIO, "prueba_")
        clerk = personal.crear(["ventanilla"], area="SSDS", alcance="area")
        r = respaldo.respaldar_integrada()
        su = respaldo._superusuario_integrado()
        antes = _cifras(dueno)

        # 1. objects SIPROS never creates: refused from the dump's list, before it runs
        puerta = respaldos.alterado(su, r, [
            "CREATE FUNCTION public.sipros_puerta() RETURNS void LANGUAGE plpgsql "
            "SECURITY DEFINER AS $$ BEGIN COPY (SELECT 1) TO PROGRAM 'id'; END $$",
            "GRANT EXECUTE ON FUNCTION public.sipros_puerta() TO sipros_ventanilla",
            "CREATE FUNCTION public.sipros_et() RETURNS event_trigger LANGUAGE plpgsql "
            "AS $$ BEGIN END $$",
            "CREATE EVENT TRIGGER sipros_et ON ddl_command_start "
            "EXECUTE FUNCTION public.sipros_et()",
            "ALTER TABLE public.programa OWNER TO postgres",
        ], minutos=1)  # fmt: skip
        detalle = _restaurar_rechazado(
            su, puerta, dueno, antes,
            "de más: FUNCTION public sipros_puerta() postgres",
            "de más: EVENT TRIGGER - sipros_et postgres",
            "de más: TABLE public programa postgres",
            f"falta: TABLE public programa {integrada.PROPIETARIO}",
        )  # fmt: skip
        assert main(["respaldo", "restaurar", str(puerta.ruta), "--confirmar"]) == 1
        error = capsys.readouterr().err  # the command line prints the same list
        assert error.startswith("Error: No se restauró el respaldo") and detalle in error
        bd.activar(dueno)

        # 2. the same objects, changed: refused once restored aside (by a role that owns
        # nothing else), from the restored catalogue
        cambiado = respaldos.alterado(su, r, [
            "CREATE OR REPLACE FUNCTION public.sipros_verificador_valido(p_verificador text) "
            "RETURNS boolean LANGUAGE sql IMMUTABLE RETURN true",
            "ALTER FUNCTION public.sipros_curp_valida(text) SECURITY DEFINER",
            "GRANT EXECUTE ON FUNCTION public.sipros_limites_de_sesion(text) TO sipros_ventanilla",
            "ALTER TABLE public.solicitud ALTER COLUMN fecha_solicitud SET DEFAULT current_date",
        ], minutos=2)  # fmt: skip
        _restaurar_rechazado(
            su, cambiado, dueno, antes,
            "distinto: función public.sipros_verificador_valido(text)",
            "distinto: función public.sipros_curp_valida(text)",
            "distinto: función public.sipros_limites_de_sesion(text)",
            "distinto: columna public.solicitud.fecha_solicitud",
        )  # fmt: skip
        # 3. SQL smuggled into the data part (the COPY statement pg_restore sends): it runs
        # as a role without privileges, so the superuser's COPY … TO PROGRAM fails, and what
        # the owner could do is found in the catalogue
        marca = Path(tempfile.gettempdir()) / f"sipros_prueba_{uuid.uuid4().hex}"
        programa = respaldos.con_sql_en_datos(
            r, "ciudadano", f"COPY (SELECT 1) TO PROGRAM 'touch {marca}'", minutos=3
        )
        with pytest.raises(ErrorDatos, match="PostgreSQL no pudo cargarlo") as e:
            respaldo.restaurar_integrada(programa)
        assert "permission denied to COPY to or from an external program" in e.value.detalle
        assert not marca.exists()
        assert _cifras(dueno) == antes and respaldos.sobrantes(su, "sipros") == []
        escondida = respaldos.con_sql_en_datos(
            r, "ciudadano", "CREATE FUNCTION public.sipros_escondida() RETURNS int "
            "LANGUAGE sql SECURITY DEFINER RETURN 1", minutos=4,
        )  # fmt: skip
        _restaurar_rechazado(
            su, escondida, dueno, antes, "de más: función public.sipros_escondida()"
        )
        with psycopg.connect(bd.dsn(su), autocommit=True) as c:
            assert c.execute("SELECT count(*) FROM pg_proc WHERE proname IN "
                             "('sipros_puerta', 'sipros_et', 'sipros_escondida')"
                             ).fetchone() == (0,)  # fmt: skip
            assert c.execute("SELECT count(*) FROM pg_event_trigger").fetchone() == (0,)
            assert c.execute("SELECT prosecdef FROM pg_proc WHERE proname = "
                             "'sipros_curp_valida'").fetchone() == (False,)  # fmt: skip

        # 4. accounts that would become superuser: skipped and reported; the dump restores
        nueva = "prueba_nueva"
        with psycopg.connect(bd.dsn(su)) as c:
            verificador = c.pgconn.encrypt_password(
                b"Prueba2024Segura", nueva.encode(), b"scram-sha-256").decode()  # fmt: skip
        v = respaldos.VERIFICADOR
        ajenas = respaldos.con_cuentas(r, [
            "CREATE ROLE intruso;",
            f"ALTER ROLE intruso WITH SUPERUSER INHERIT LOGIN PASSWORD '{v}';",
            f"GRANT pg_execute_server_program TO {clerk.usuario};",
            f"ALTER ROLE {clerk.usuario} WITH SUPERUSER BYPASSRLS CREATEROLE;",
            f"GRANT sipros_administrador TO {clerk.usuario} GRANTED BY postgres;",
            f"CREATE ROLE {nueva};",
            f"ALTER ROLE {nueva} WITH NOSUPERUSER INHERIT NOCREATEROLE NOCREATEDB LOGIN "
            f"NOREPLICATION NOBYPASSRLS PASSWORD '{verificador}';",
            f"ALTER ROLE {nueva} SET lock_timeout TO '10s';",
            f"GRANT sipros_ventanilla TO {nueva} GRANTED BY postgres;",
            f"GRANT sipros_administrador TO {nueva} WITH ADMIN OPTION GRANTED BY postgres;",
            f"GRANT pg_read_server_files TO {nueva};",
            f"GRANT {integrada.PROPIETARIO} TO {nueva};",
        ], minutos=5)  # fmt: skip
        # (from the command line, which prints the report and exits with 3)
        assert main(["respaldo", "restaurar", str(ajenas.ruta)]) == 1  # without --confirmar
        assert "--confirmar" in capsys.readouterr().err
        assert main(["respaldo", "restaurar", str(ajenas.ruta), "--confirmar"]) == 3
        salida = capsys.readouterr().out
        bd.activar(dueno)
        assert _cifras(dueno) == antes
        assert f"Cuentas creadas: {nueva}." in salida
        no = salida.split("NO PERMITIDAS")[1].split("porque este equipo ya tiene")[0]
        assert nueva not in no.replace(f"TO {nueva}", "")  # its own lines were applied
        for texto in ("CREATE ROLE intruso; — la cuenta «intruso» pide SUPERUSER",
                      "GRANT pg_execute_server_program", f"ALTER ROLE {clerk.usuario} WITH "
                      "SUPERUSER", "WITH ADMIN OPTION: solo el propietario",
                      "pg_read_server_files", f"GRANT {integrada.PROPIETARIO} TO"):  # fmt: skip
            assert texto in no
        assert v not in salida and "PASSWORD '…'" in no
        with psycopg.connect(bd.dsn(su), autocommit=True) as c:
            assert c.execute("SELECT 1 FROM pg_roles WHERE rolname = 'intruso'").fetchone() is None
            assert c.execute(
                "SELECT rolname, rolsuper OR rolcreaterole OR rolcreatedb OR rolreplication "
                "OR rolbypassrls, rolcanlogin FROM pg_roles WHERE rolname IN (%s, %s) "
                "ORDER BY rolname", (nueva, clerk.usuario)).fetchall() == [
                (nueva, False, True), (clerk.usuario, False, True)]  # fmt: skip
            grupos = dict(c.execute(
                "SELECT m.rolname, array_agg(g.rolname::text || CASE WHEN a.admin_option "
                "THEN '+admin' ELSE '' END ORDER BY g.rolname) FROM pg_auth_members a "
                "JOIN pg_roles g ON g.oid = a.roleid JOIN pg_roles m ON m.oid = a.member "
                "WHERE m.rolname IN (%s, %s) GROUP BY m.rolname", (nueva, clerk.usuario)
            ).fetchall())  # fmt: skip
            # (the clerk, created by this version, holds sipros_acceso directly too)
            assert grupos == {nueva: ["sipros_ventanilla"],
                              clerk.usuario: ["sipros_acceso", "sipros_ventanilla"]}  # fmt: skip
            ajustes = c.execute("SELECT setconfig FROM pg_db_role_setting WHERE setrole = "
                                "%s::regrole", (nueva,)).fetchone()  # fmt: skip
            assert ajustes == (["lock_timeout=10s"],)
        # positive controls: the accepted account and the clerk log in; the clerk gained nothing
        with psycopg.connect(bd.dsn(dueno.set(username=nueva, password="Prueba2024Segura"))):
            pass
        with clerk.conectar() as c, pytest.raises(psycopg.errors.InsufficientPrivilege):
            c.execute("COPY (SELECT 1) TO PROGRAM 'true'")
        assert respaldos.sobrantes(su, "sipros") == []
    finally:
        bd.desactivar()
        integrada.detener()


def test_respaldo_de_una_version_anterior_se_migra_al_restaurar(bases, servidor, tmp_path):
    """A backup made by an earlier version of the app (schema 0013) is restored and brought up
    to this version's schema before it takes the database's place (it is checked against a
    database migrated to 0013, not to this version)."""
    from alembic import command

    from sipros_desktop.bd import esquema

    url = bases.nueva()
    with psycopg.connect(bd.dsn(servidor), autocommit=True) as c:
        c.execute(f'ALTER DATABASE "{url.database}" OWNER TO "{PROPIETARIO}"')
    motor = bd.crear_motor(url.set(username=PROPIETARIO), pool_size=1)
    cfg = esquema._config()
    with motor.begin() as c:
        cfg.attributes["connection"] = c
        command.upgrade(cfg, "0013")
    assert esquema.estado(motor).actual == "0013"
    motor.dispose()
    # an account that has not changed the password an administrator gave it: at 0013 it held
    # its profile; once migrated, only sipros_acceso until it changes it
    pendiente = f"{ROL_PREFIJO}pend{uuid.uuid4().hex[:6]}"
    with psycopg.connect(bd.dsn(url.set(username=PROPIETARIO)), autocommit=True) as c:
        verificador = c.pgconn.encrypt_password(
            b"Prueba2024Segura", pendiente.encode(), b"scram-sha-256"
        ).decode()
        c.execute(
            "SELECT sipros_usuario_crear(%s, %s, 'Pendiente', NULL, ARRAY['ventanilla'], "
            "NULL, NULL, 'estatal', true)",
            (pendiente, verificador),
        )
    r = respaldo.respaldar(servidor, url.database, tmp_path)

    def migrar(u) -> None:
        m = bd.crear_motor(u.set(username=PROPIETARIO), pool_size=1)
        try:
            esquema.verificar(m, migrar_si_vacia=False, migrar_si_antigua=True)
        finally:
            m.dispose()

    hecha = respaldo.restaurar(servidor, r, url.database, PROPIETARIO, migrar=migrar)
    assert hecha.version == "0013"
    motor = bd.crear_motor(url.set(username=PROPIETARIO), pool_size=1)
    try:
        assert esquema.estado(motor).actual == esquema.revision_esperada()
    finally:
        motor.dispose()
    with psycopg.connect(bd.dsn(servidor.set(database="postgres")), autocommit=True) as c:
        grupos = {g for (g,) in c.execute(
            "SELECT g.rolname FROM pg_auth_members a JOIN pg_roles g ON g.oid = a.roleid "
            "JOIN pg_roles m ON m.oid = a.member WHERE m.rolname = %s", (pendiente,))}  # fmt: skip
    assert grupos == {"sipros_acceso"}
    with psycopg.connect(bd.dsn(servidor.set(database="postgres")), autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{url.database}_antes_de_restaurar" WITH (FORCE)')


def test_respaldo_de_antes_de_cambiar_una_funcion_se_restaura(
    bd_demo, servidor, tmp_path, monkeypatch
):
    """A function file of this program changed after the backup was made (no migration: the
    same schema version): the backup restores, with the function as this program's file says
    — the reference it is compared with has this program's functions. A backup that changed a
    function behind a checksum it claims to be old gets the file's body, never its own; the
    same change behind the current checksum is refused, as before."""
    import shutil

    from sipros_desktop.bd import funciones

    base = bd_demo.database
    curp = "PELJ900101HQTRPN09"
    bd.desactivar()
    r = respaldo.respaldar(servidor, base, tmp_path)
    revelar = (  # what a crafted backup would like: vouchers that show the whole CURP
        "CREATE OR REPLACE FUNCTION public.sipros_curp_enmascarada(p_curp text) RETURNS text "
        "LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT p_curp $$"
    )
    archivo = "base/sipros_curp_enmascarada.sql"
    oculto = respaldos.alterado(servidor, r, [revelar], minutos=1)
    viejo = respaldos.alterado(servidor, r, [
        revelar, f"UPDATE public.funcion_archivo SET sha256 = repeat('0', 64) "
                 f"WHERE archivo = '{archivo}'",
    ], minutos=2)  # fmt: skip

    def migrar(u) -> None:
        m = bd.crear_motor(u.set(username=PROPIETARIO), pool_size=1)
        try:
            esquema.verificar(m, migrar_si_vacia=False, migrar_si_antigua=True)
        finally:
            m.dispose()

    def mascara() -> str:
        with psycopg.connect(bd.dsn(servidor.set(database=base))) as c:
            return c.execute("SELECT sipros_curp_enmascarada(%s)", (curp,)).fetchone()[0]

    # the body changed behind the checksum of this program's file: refused
    with pytest.raises(ErrorDatos, match="su esquema no es el que crean") as e:
        respaldo.restaurar(servidor, oculto, base, PROPIETARIO, migrar=migrar)
    assert "distinto: función public.sipros_curp_enmascarada(text)" in e.value.detalle

    # this program's file changes after the backup
    copia = tmp_path / "funciones"
    shutil.copytree(funciones.CARPETA, copia)
    monkeypatch.setattr(funciones, "CARPETA", copia)
    texto = (copia / archivo).read_text(encoding="utf-8")
    (copia / archivo).write_text(texto.replace("repeat('*', 12)", "repeat('#', 12)"), "utf-8")
    for cual in (r, viejo):
        hecha = respaldo.restaurar(servidor, cual, base, PROPIETARIO, migrar=migrar)
        assert hecha.version == esquema.revision_esperada()
        assert mascara() == "PELJ############09"
        motor = bd.crear_motor(bd_demo.set(username=PROPIETARIO), pool_size=1)
        try:
            assert esquema.estado(motor).al_dia  # the restore's migration recorded the file
        finally:
            motor.dispose()
    with psycopg.connect(bd.dsn(servidor.set(database="postgres")), autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{base}_antes_de_restaurar" WITH (FORCE)')
