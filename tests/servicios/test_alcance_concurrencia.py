"""ciudadano_alcance (0024) with two transactions at once: what one writes for a citizen is
never lost by what another rebuilds, and two writers that change nothing of a citizen's row do
not wait for each other (before 0024 two deliveries or loads for the same person never did)."""

from __future__ import annotations

import threading
import time

import psycopg
import pytest
from psycopg import errors

from tests.conftest import _dsn

# a loaded benefit copied to another citizen (and date): what a load or a delivery writes
_COPIA = (
    "INSERT INTO beneficio (ciudadano_id, programa_id, tipo_apoyo_id, dependencia_id, origen, "
    "carga_masiva_id, fecha_entrega, monto) SELECT %s, programa_id, tipo_apoyo_id, "
    "dependencia_id, origen, carga_masiva_id, fecha_entrega + %s, monto FROM beneficio "
    "WHERE id = %s"
)


def _calculado(sql, cid: int):
    return sql.execute(
        "SELECT array_agg(DISTINCT x.p ORDER BY x.p) FROM (SELECT c.programa_id AS p "
        "FROM solicitud s JOIN convocatoria c ON c.id = s.convocatoria_id "
        "WHERE s.ciudadano_id = %s UNION ALL SELECT b.programa_id FROM beneficio b "
        "WHERE b.ciudadano_id = %s) x",
        (cid, cid),
    ).fetchone()[0]


def _guardado(sql, cid: int):
    fila = sql.execute(
        "SELECT programas FROM ciudadano_alcance WHERE ciudadano_id = %s", (cid,)
    ).fetchone()
    return fila and fila[0]


def _esperar_bloqueo(sql, pid: int) -> None:
    for _ in range(100):
        if sql.execute("SELECT cardinality(pg_blocking_pids(%s)) > 0", (pid,)).fetchone()[0]:
            return
        time.sleep(0.05)
    pytest.fail("la segunda transacción nunca esperó a la primera")


def test_un_programa_no_se_pierde_si_el_ciudadano_aun_no_tenia_fila(sql, bd_demo):
    """sipros_ciudadano_alcance_rehacer locks the rows of the citizens it rebuilds before
    reading their applications and benefits; a citizen with no row yet has none to lock. An
    application moved to such a citizen (as a merge does) while another transaction gives it its
    first benefit waits on that one's new row, then overwrites it with programmes read before
    the benefit committed: the benefit's programme is lost."""
    y = sql.execute(
        "SELECT x.id FROM ciudadano x WHERE NOT EXISTS (SELECT 1 FROM ciudadano_alcance a "
        "WHERE a.ciudadano_id = x.id) ORDER BY x.id LIMIT 1"
    ).fetchone()[0]
    sid, de_solicitud = sql.execute(
        "SELECT s.id, c.programa_id FROM solicitud s JOIN convocatoria c "
        "ON c.id = s.convocatoria_id WHERE NOT EXISTS (SELECT 1 FROM beneficio b "
        "WHERE b.solicitud_id = s.id) ORDER BY s.id LIMIT 1"
    ).fetchone()
    plantilla, de_beneficio = sql.execute(
        "SELECT id, programa_id FROM beneficio WHERE origen = 'Carga masiva' "
        "AND programa_id <> %s ORDER BY id LIMIT 1",
        (de_solicitud,),
    ).fetchone()
    with psycopg.connect(_dsn(bd_demo)) as carga, psycopg.connect(_dsn(bd_demo)) as fusion:
        carga.execute(_COPIA, (y, 1, plantilla))  # its first benefit, not committed yet
        errores = []

        def mover():
            try:
                with fusion.transaction():
                    fusion.execute("SELECT set_config('sipros.motivo', 'Prueba', true)")
                    fusion.execute("UPDATE solicitud SET ciudadano_id = %s WHERE id = %s", (y, sid))
            except psycopg.Error as e:  # pragma: no cover - reported below
                errores.append(e)

        hilo = threading.Thread(target=mover)
        hilo.start()
        _esperar_bloqueo(sql, fusion.info.backend_pid)
        carga.commit()
        hilo.join(30)
        assert not errores
    assert _calculado(sql, y) == sorted({de_solicitud, de_beneficio})
    assert _guardado(sql, y) == _calculado(sql, y)


def test_dos_escrituras_que_no_cambian_la_fila_no_se_esperan(sql, bd_demo):
    """A benefit of a programme the citizen already has changes nothing of its row, yet the
    trigger's upsert (ON CONFLICT DO UPDATE … WHERE false) locks it until commit: two
    deliveries or loads for the same person wait for each other, and in opposite order they
    deadlock (the delivery sync applies up to 200 in one transaction). Before 0024 they did not."""
    cid, plantilla = sql.execute(
        "SELECT ciudadano_id, id FROM beneficio WHERE origen = 'Carga masiva' ORDER BY id LIMIT 1"
    ).fetchone()
    antes = _guardado(sql, cid)
    with psycopg.connect(_dsn(bd_demo)) as uno, psycopg.connect(_dsn(bd_demo)) as otro:
        uno.execute(_COPIA, (cid, 1, plantilla))
        otro.execute("SET lock_timeout = '2s'")
        try:
            otro.execute(_COPIA, (cid, 2, plantilla))
        except errors.LockNotAvailable:
            pytest.fail("la segunda escritura esperó a la primera sin cambiar nada de la fila")
        finally:
            uno.rollback()
            otro.rollback()
    assert _guardado(sql, cid) == antes
