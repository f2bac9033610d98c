"""What is written in bulk is left ready to be read: the demo and a migration that rewrites a
table vacuum it (index-only scans then skip the table), and the tables that grow by rolls and
office work get an autovacuum that comes after a roll, not after 20 % of the registry."""

from __future__ import annotations

import psycopg
from alembic import command

from sipros_desktop import bd
from sipros_desktop.bd import esquema
from sipros_desktop.servicios import demo

# the tables that grow by rolls, office work and the demo (migration 0020)
POR_LOTES = ("ciudadano", "ciudadano_palabra", "domicilio", "cuestionario", "solicitud",
             "solicitud_historial", "documento", "beneficio", "comprobante", "mensaje",
             "bitacora")  # fmt: skip


def _visibles(c: psycopg.Connection, tablas: tuple[str, ...]) -> dict[str, tuple[int, int]]:
    """Pages and all-visible pages of each table, as the last VACUUM or ANALYZE counted them."""
    return {
        t: (p, v)
        for t, p, v in c.execute(
            "SELECT relname, relpages, relallvisible FROM pg_class "
            "WHERE relname = ANY(%s) AND relkind = 'r'",
            (list(tablas),),
        )
    }


def test_la_demostracion_deja_sus_tablas_listas_para_leer(sql):
    """After the demo, every page it wrote is all-visible: the name search reads
    ciudadano_palabra's index alone, without visiting the table row by row."""
    paginas = _visibles(sql, ("ciudadano", "ciudadano_palabra", "solicitud", "beneficio",
                              "solicitud_historial", "documento"))  # fmt: skip
    assert len(paginas) == 6
    for tabla, (p, v) in paginas.items():
        assert p > 0 and v == p, f"{tabla}: {v} de {p} páginas visibles para todos"
    plan = sql.execute(
        "EXPLAIN (ANALYZE, FORMAT JSON, COSTS OFF) SELECT palabra FROM ciudadano_palabra "
        "WHERE palabra >= 'A' ORDER BY palabra LIMIT 50"
    ).fetchone()[0][0]["Plan"]
    while plan.get("Node Type") != "Index Only Scan" and plan.get("Plans"):
        plan = plan["Plans"][0]
    sql.execute("SET enable_seqscan = off")
    assert plan["Node Type"] == "Index Only Scan" and plan["Heap Fetches"] == 0


def test_las_tablas_que_crecen_por_lotes_tienen_su_autovacuum(sql):
    """A roll of 100 k rows on a registry of 1 M citizens (or a month of office work) brings
    autovacuum: it comes after 1 % of the table plus 10,000 rows, not after 20 %."""
    opciones = {
        t: dict(o.split("=", 1) for o in (op or []))
        for t, op in sql.execute(
            "SELECT relname, reloptions FROM pg_class WHERE relname = ANY(%s) AND relkind = 'r'",
            (list(POR_LOTES),),
        )
    }
    assert set(opciones) == set(POR_LOTES)
    for tabla, o in opciones.items():
        umbral = float(o["autovacuum_vacuum_insert_threshold"]) + 1_000_000 * float(
            o["autovacuum_vacuum_insert_scale_factor"]
        )
        assert umbral <= 20_000, f"{tabla}: vacuum tras {umbral:,.0f} filas insertadas"
        assert float(o["autovacuum_analyze_scale_factor"]) <= 0.02, tabla
    for tabla in ("solicitud", "comprobante", "mensaje"):  # also updated in place
        assert float(opciones[tabla]["autovacuum_vacuum_scale_factor"]) <= 0.05, tabla


def test_una_migracion_que_reescribe_una_tabla_la_deja_limpia(bases, servidor, monkeypatch):
    """`db upgrade` over a database with data: the tables a migration rewrote (0017 fills the
    locality and colonia of every benefit) are vacuumed and analyzed right after it; the
    tables it did not touch are left alone."""
    from tests.conftest import PROPIETARIO

    url = bases.nueva()
    with psycopg.connect(bd.dsn(servidor), autocommit=True) as c:
        c.execute(f'ALTER DATABASE "{url.database}" OWNER TO "{PROPIETARIO}"')
    dueno = url.set(username=PROPIETARIO)
    motor = bd.crear_motor(dueno, pool_size=1)
    cfg = esquema._config()
    with motor.begin() as c:
        cfg.attributes["connection"] = c
        command.upgrade(cfg, "0016")
    bd.activar(dueno)
    try:
        demo.generar(200, 5)
    finally:
        bd.desactivar()
    # (a test database is small: every table counts as large here)
    monkeypatch.setattr(esquema, "MINIMO_REESCRITA_MB", 0)
    with psycopg.connect(bd.dsn(dueno), autocommit=True) as c:
        # benefits given before 0017 knew nothing finer than their municipality
        c.execute("UPDATE beneficio SET localidad_id = NULL WHERE solicitud_id IS NOT NULL")
        c.execute("VACUUM beneficio")
        vacuums = dict(c.execute("SELECT relname, vacuum_count FROM pg_stat_user_tables"))
        hechas = esquema.actualizar(motor)
        motor.dispose()
        assert esquema.estado(bd.crear_motor(dueno)).al_dia
        assert "beneficio" in hechas and "ciudadano" not in hechas, hechas
        despues = dict(c.execute("SELECT relname, vacuum_count FROM pg_stat_user_tables"))
        assert despues["beneficio"] == vacuums["beneficio"] + 1
        assert despues["ciudadano"] == vacuums["ciudadano"]
        # every page all-visible again: no dead row left from the rewrite
        ((p, v),) = _visibles(c, ("beneficio",)).values()
        assert v == p > 0


def test_inicio_cuenta_la_bandeja_sin_leer_la_tabla(personal):
    """«Solicitudes que esperan dictamen» (Inicio, at every login): the count and the oldest date
    within an área official's scope come from an index alone — row-level security filters by
    the call, which the index carries — so 300 people logging in do not read 0.5 M rows each."""
    oficial = personal.crear(["funcionario"], area="SSDS")
    with oficial.conectar() as c:
        c.execute("SET enable_seqscan = off")  # (a test database is small enough for a scan)
        c.execute("SET enable_bitmapscan = off")
        plan = c.execute(
            "EXPLAIN (ANALYZE, FORMAT JSON) SELECT count(*), min(fecha_solicitud) "
            "FROM solicitud WHERE estado = 'En proceso'"
        ).fetchone()[0][0]["Plan"]
    while plan.get("Relation Name") != "solicitud":
        plan = plan["Plans"][-1]
    assert plan["Node Type"] == "Index Only Scan", plan["Node Type"]
    assert plan["Index Name"] == "solicitud_estado_convocatoria_idx"
    assert plan["Heap Fetches"] == 0
