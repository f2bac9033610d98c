"""Backups of the embedded database with the binaries the app ships (pgserver's pg_dump,
pg_dumpall and pg_restore): back up, damage (a table dropped, rows deleted), restore, and the
data is back — restored aside first, so a failed restore leaves the database as it was."""

from __future__ import annotations

import psycopg
import pytest

from sipros_desktop import bd
from sipros_desktop.errores import ErrorDatos
from sipros_desktop.servicios import respaldo
from tests.conftest import PROPIETARIO


def _cifras(url) -> tuple[int, int, int]:
    with psycopg.connect(bd.dsn(url)) as c:
        return c.execute(
            "SELECT (SELECT count(*) FROM ciudadano), (SELECT count(*) FROM solicitud_historial), "
            "(SELECT count(*) FROM bitacora)"
        ).fetchone()


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
    respaldo.restaurar(superusuario, r, base, PROPIETARIO, migrar=migradas.append)
    assert _cifras(bd_demo) == antes
    assert migradas and migradas[0].database == f"{base}_restaurando"  # migrated before swapping
    # staff can still connect to the restored database (the grant a dump does not carry)
    with psycopg.connect(bd.dsn(superusuario.set(database=base))) as c:
        assert c.execute(
            "SELECT has_database_privilege('sipros_personal', current_database(), 'CONNECT')"
        ).fetchone() == (True,)
    # the replaced database is kept aside until the next restore
    with psycopg.connect(bd.dsn(superusuario.set(database="postgres")), autocommit=True) as c:
        anterior = f"{base}_antes_de_restaurar"
        assert c.execute("SELECT 1 FROM pg_database WHERE datname = %s", (anterior,)).fetchone()
        c.execute(f'DROP DATABASE "{anterior}" WITH (FORCE)')


def test_restauracion_fallida_no_toca_la_base(bd_demo, servidor, tmp_path):
    base = bd_demo.database
    bd.desactivar()
    antes = _cifras(bd_demo)
    roto = tmp_path / "sipros_20260101_000000.dump"
    roto.write_bytes(b"PGDMP esto no es un respaldo")
    (r,) = respaldo.respaldos(tmp_path)
    with pytest.raises(ErrorDatos, match="Restauración: no se pudo completar"):
        respaldo.restaurar(servidor, r, base, PROPIETARIO)
    assert _cifras(bd_demo) == antes  # untouched
    with psycopg.connect(bd.dsn(servidor.set(database="postgres"))) as c:
        assert not c.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                             (f"{base}_restaurando",)).fetchone()  # fmt: skip


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
        with psycopg.connect(bd.dsn(dueno), autocommit=True) as c:
            c.execute("DROP TABLE solicitud_historial CASCADE")
        respaldo.restaurar_integrada(r)
        assert _cifras(dueno) == antes
        bd.activar(dueno)  # the app connects again after a restore
        from sipros_desktop.servicios import ciudadanos

        assert ciudadanos.contar(ciudadanos.Consulta()) == antes[0]
    finally:
        bd.desactivar()
        integrada.detener()


def test_respaldo_de_una_version_anterior_se_migra_al_restaurar(bases, servidor, tmp_path):
    """A backup made by an earlier version of the app (schema 0013) is restored and brought up
    to this version's schema before it takes the database's place."""
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
    r = respaldo.respaldar(servidor, url.database, tmp_path)

    def migrar(u) -> None:
        m = bd.crear_motor(u.set(username=PROPIETARIO), pool_size=1)
        try:
            esquema.verificar(m, migrar_si_vacia=False, migrar_si_antigua=True)
        finally:
            m.dispose()

    respaldo.restaurar(servidor, r, url.database, PROPIETARIO, migrar=migrar)
    motor = bd.crear_motor(url.set(username=PROPIETARIO), pool_size=1)
    try:
        assert esquema.estado(motor).actual == esquema.revision_esperada()
    finally:
        motor.dispose()
    with psycopg.connect(bd.dsn(servidor.set(database="postgres")), autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{url.database}_antes_de_restaurar" WITH (FORCE)')
