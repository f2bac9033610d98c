"""Hardening: each attack tried by a staff member with raw SQL (their own password, psql or
psycopg), and the refusal or the corrected value the database gives."""

from __future__ import annotations

import pytest
from psycopg import errors

from sipros_desktop.bd import servidor
from sipros_desktop.servicios import registro_civil
from tests.datos import ELEGIBLE, presentar
from tests.seguridad import Personal


def _en_proceso_de(sql, area: str) -> tuple[int, int, str]:
    """(solicitud, convocatoria, CURP) of an application in process of an open call of ``area``."""
    return sql.execute(
        "SELECT s.id, s.convocatoria_id, x.curp FROM solicitud s "
        "JOIN convocatoria c ON c.id = s.convocatoria_id JOIN programa p ON p.id = c.programa_id "
        "JOIN area a ON a.id = p.area_id JOIN ciudadano x ON x.id = s.ciudadano_id "
        "WHERE a.clave = %s AND s.estado = 'En proceso' AND c.abierta ORDER BY s.id LIMIT 1",
        (area,),
    ).fetchone()


def test_quien_y_cuando_los_pone_la_base(personal: Personal, sql):
    sid, _conv, curp = _en_proceso_de(sql, "SSDS")
    clerk = personal.crear(["ventanilla"], alcance="estatal")
    with clerk.conectar() as c:
        cid = personal.abrir(c, curp)
        h = c.execute(
            "INSERT INTO solicitud_historial (solicitud_id, estado, comentario, fecha, usuario) "
            "VALUES (%s, 'En proceso', 'nota', '2024-01-20', 'otra_persona') "
            "RETURNING usuario, fecha::date = current_date",
            (sid,),
        ).fetchone()
        assert h == (clerk.usuario, True)
        c.execute(
            "SELECT sipros_archivo_guardar(encode(sha256(%s), 'hex'), 'application/pdf', %s, %s)",
            (b"%PDF-1.4 nota", 13, b"%PDF-1.4 nota"),
        )
        d = c.execute(
            "INSERT INTO documento (ciudadano_id, tipo, nombre_archivo, sha256, usuario, creado) "
            "VALUES (%s, 'Nota', 'n.pdf', encode(sha256(%s), 'hex'), 'otra_persona', "
            "'2020-01-01') RETURNING usuario, creado::date = current_date",
            (cid, b"%PDF-1.4 nota"),
        ).fetchone()
        assert d == (clerk.usuario, True)


def test_respuestas_de_solicitudes_dictaminadas_no_cambian(personal: Personal, sql):
    clerk = personal.crear(["ventanilla"], alcance="estatal")
    curp = sql.execute(
        "SELECT x.curp FROM solicitud s JOIN ciudadano x ON x.id = s.ciudadano_id "
        "WHERE s.estado = 'Aprobada' LIMIT 1"
    ).fetchone()[0]
    antes = sql.execute(
        "SELECT count(*) FROM solicitud WHERE respuestas IS NOT DISTINCT FROM '{\"x\": 1}'"
    ).fetchone()[0]
    with clerk.conectar() as c:
        personal.abrir(c, curp)
        with pytest.raises(errors.CheckViolation, match="ya no cambian"):
            c.execute(
                "UPDATE solicitud SET respuestas = '{\"x\": 1}' "
                "WHERE estado IN ('Aprobada', 'Rechazada', 'Entregado')"
            )
    despues = sql.execute(
        "SELECT count(*) FROM solicitud WHERE respuestas IS NOT DISTINCT FROM '{\"x\": 1}'"
    ).fetchone()[0]
    assert despues == antes


def test_presentar_revisa_las_reglas_de_la_convocatoria(personal: Personal, sql):
    # APTEC takes 12 to 29 year olds; somebody of 60 is refused, even by raw SQL
    conv, tipo = sql.execute(
        "SELECT c.id, t.id FROM convocatoria c JOIN programa p ON p.id = c.programa_id "
        "JOIN tipo_apoyo t ON t.programa_id = p.id WHERE p.clave = 'APTEC' AND c.abierta"
    ).fetchone()
    mayor = sql.execute(
        "SELECT curp FROM ciudadano WHERE fecha_nacimiento < sipros_hoy() - 60 * 366 "
        "ORDER BY id LIMIT 1"
    ).fetchone()[0]
    clerk = personal.crear(["ventanilla"], alcance="estatal")
    with clerk.conectar() as c:
        cid = personal.abrir(c, mayor)
        with pytest.raises(errors.CheckViolation, match="edad máxima de 29"):
            c.execute(
                "INSERT INTO solicitud (folio, ciudadano_id, convocatoria_id, tipo_apoyo_id) "
                "VALUES ('x', %s, %s, %s)",
                (cid, conv, tipo),
            )
        # and nobody files for a citizen the clerk is not serving
        ajeno = sql.execute(
            f"SELECT x.id FROM ciudadano x, convocatoria c WHERE c.id = %s AND {ELEGIBLE} "
            "AND NOT EXISTS (SELECT 1 FROM solicitud s WHERE s.ciudadano_id = x.id "
            "AND s.convocatoria_id = c.id) LIMIT 1",
            (conv,),
        ).fetchone()[0]
        with pytest.raises(errors.InsufficientPrivilege):
            c.execute(
                "INSERT INTO solicitud (folio, ciudadano_id, convocatoria_id, tipo_apoyo_id) "
                "VALUES ('x', %s, %s, %s)",
                (ajeno, conv, tipo),
            )


def test_un_funcionario_no_congela_las_convocatorias_de_otros(personal: Personal, sql):
    otra_area = personal.crear(["funcionario"], area="SSPEV")
    propia = personal.crear(["funcionario"], area="SSDS")
    sid, _conv, _curp = _en_proceso_de(sql, "SSDS")
    todas = [r[0] for r in sql.execute("SELECT id FROM convocatoria")]
    with otra_area.conectar() as a:
        a.autocommit = False
        a.execute("SELECT * FROM sipros_cupo_restante(%s, true)", (todas,)).fetchall()
        # …and leaves its transaction open: the other área approves all the same
        with propia.conectar() as b:
            b.execute("SET lock_timeout = '2s'")
            with b.transaction():
                b.execute(
                    "INSERT INTO solicitud_historial (solicitud_id, estado, comentario) "
                    "VALUES (%s, 'Aprobada', 'Cumple')",
                    (sid,),
                )
                b.execute("UPDATE solicitud SET estado = 'Aprobada' WHERE id = %s", (sid,))
        a.rollback()
    assert sql.execute("SELECT estado FROM solicitud WHERE id = %s", (sid,)).fetchone() == (
        "Aprobada",
    )


def test_cada_sesion_de_personal_tiene_limites(personal: Personal):
    for perfiles in (["funcionario"], ["ventanilla"], ["consulta"]):
        cuenta = personal.crear(perfiles, alcance="estatal")
        with cuenta.conectar() as c:
            valores = {
                n: c.execute(f"SHOW {n}").fetchone()[0]
                for n in (
                    "lock_timeout",
                    "statement_timeout",
                    "idle_in_transaction_session_timeout",
                )
            }
        assert valores == {
            "lock_timeout": "10s",
            "statement_timeout": "2min",
            "idle_in_transaction_session_timeout": "2min",
        }


def test_administrador_no_da_mas_alcance_del_que_tiene(personal: Personal):
    admin_area = personal.crear(["administrador"], area="SSDS")
    verificador = "SCRAM-SHA-256$4096:c2FsdA==$c3RvcmVk:c2VydmVy"
    with admin_area.conectar() as c:
        # itself to state-wide: refused
        with pytest.raises(errors.InsufficientPrivilege, match="no otorga más"):
            c.execute(
                "SELECT sipros_usuario_editar(%s, 'Yo', NULL, ARRAY['administrador'], NULL, NULL, "
                "'estatal')",
                (admin_area.usuario,),
            )
        # a user of another área: refused; one of its own: fine
        with pytest.raises(errors.InsufficientPrivilege):
            c.execute(
                "SELECT sipros_usuario_crear(%s, %s, 'Otro', NULL, ARRAY['funcionario'], NULL, "
                "'SSPEV', 'area')",
                (personal.nombre("otro"), verificador),
            )
        c.execute(
            "SELECT sipros_usuario_crear(%s, %s, 'Propio', NULL, ARRAY['funcionario'], NULL, "
            "'SSDS', 'area')",
            (personal.nombre("propio"), verificador),
        )
    # and it cannot deactivate or reset somebody outside its área
    ajeno = personal.crear(["funcionario"], area="SSPEV")
    with admin_area.conectar() as c:
        for orden in (
            "SELECT sipros_usuario_activar(%s, false)",
            "SELECT sipros_usuario_restablecer(%s, '" + verificador + "')",
        ):
            with pytest.raises(errors.InsufficientPrivilege, match="fuera de su alcance"):
                c.execute(orden, (ajeno.usuario,))
    estatal = personal.crear(["administrador"], alcance="estatal")
    with estatal.conectar() as c:
        c.execute("SELECT sipros_usuario_activar(%s, false)", (ajeno.usuario,))


def test_nadie_guarda_datos_fuera_de_las_tablas(personal: Personal):
    for perfiles in (["consulta"], ["ventanilla"], ["funcionario"], ["administrador"]):
        cuenta = personal.crear(perfiles, alcance="estatal")
        with cuenta.conectar() as c:
            for orden in (
                "SELECT lo_from_bytea(0, 'datos')",
                "SELECT lo_create(0)",
                "CREATE TABLE public.mia (x text)",
                "CREATE TEMP TABLE mia (x text)",
                "CREATE SCHEMA mio",
            ):
                with pytest.raises(errors.InsufficientPrivilege):
                    c.execute(orden)
    assert any("lo_from_bytea" in s for s in servidor.sentencias_base())


def test_bytes_de_documentos_solo_por_documentos_visibles(personal: Personal, sql):
    sid, _conv, curp = _en_proceso_de(sql, "SSDS")
    clerk = personal.crear(["ventanilla"], alcance="estatal")
    ine = b"%PDF-1.4 INE de la solicitante"
    with clerk.conectar() as c:
        cid = personal.abrir(c, curp)
        c.execute(
            "SELECT sipros_archivo_guardar(encode(sha256(%s), 'hex'), 'application/pdf', %s, %s)",
            (ine, len(ine), ine),
        )
        c.execute(
            "INSERT INTO documento (ciudadano_id, solicitud_id, tipo, nombre_archivo, sha256) "
            "VALUES (%s, %s, 'INE', 'ine.pdf', encode(sha256(%s), 'hex'))",
            (cid, sid, ine),
        )
    de_su_area = personal.crear(["funcionario"], area="SSDS")
    otra_area = personal.crear(["funcionario"], area="SSPEV")
    otro_clerk = personal.crear(["ventanilla"], alcance="estatal")
    consulta = "SELECT count(*) FROM archivo WHERE contenido = %s"
    with de_su_area.conectar() as c:
        assert c.execute(consulta, (ine,)).fetchone()[0] == 1
    for cuenta in (otra_area, otro_clerk):
        with cuenta.conectar() as c:
            assert c.execute(consulta, (ine,)).fetchone()[0] == 0
    # the store is audited, without the bytes
    fila = sql.execute(
        "SELECT usuario, despues ? 'contenido', despues->>'mime' FROM bitacora "
        "WHERE tabla = 'archivo' ORDER BY id DESC LIMIT 1"
    ).fetchone()
    assert fila == (clerk.usuario, False, "application/pdf")


def test_importacion_del_registro_civil_en_bitacora(bd_demo, tmp_path, sql):
    csv = tmp_path / "rc.csv"
    filas = sql.execute(
        "SELECT curp, nombre, apellido_paterno, apellido_materno, fecha_nacimiento, sexo "
        "FROM ciudadano ORDER BY id LIMIT 30"
    ).fetchall()
    csv.write_text(
        "curp,nombre,apellido_paterno,apellido_materno,fecha_nacimiento,sexo\n"
        + "".join(f"{c},{n},{p},{m or ''},{f:%Y-%m-%d},{s}\n" for c, n, p, m, f, s in filas),
        encoding="utf-8",
    )
    antes = sql.execute("SELECT coalesce(max(id), 0) FROM bitacora").fetchone()[0]
    r = registro_civil.importar(csv)
    assert r.guardadas == 30
    filas_bitacora = sql.execute(
        "SELECT clave, despues FROM bitacora WHERE tabla = 'registro_civil' AND id > %s "
        "ORDER BY id",
        (antes,),
    ).fetchall()
    # a summary of the statement (rows added, rows updated: the demo's extract has some of
    # them) and one of the file, not thirty rows
    claves = [f[0] for f in filas_bitacora]
    assert claves[-1] == "importación" and set(claves[:-1]) == {"resumen"} and len(claves) <= 3
    assert sum(f[1]["filas"] for f in filas_bitacora[:-1]) == 30
    assert filas_bitacora[-1][1]["archivo"] == "rc.csv"
    assert len(filas_bitacora[-1][1]["sha256"]) == 64


# Every table in the schema, by what it holds. A new table must be added to one of these lists:
# personal data needs row-level security (or no grant at all) and the bitácora.
PERSONALES = {
    "ciudadano", "domicilio", "cuestionario", "registro_civil", "duplicado_decision", "documento",
    "archivo", "solicitud", "solicitud_historial", "beneficio", "comprobante", "carga_masiva",
    "atencion", "evento_solicitud", "ciudadano_alias", "duplicado_revision", "mensaje",
    "fusion", "contacto_cambio", "entrega_directa", "correccion", "brigada_captura",
}  # fmt: skip
# audited by the function that writes it (sipros_abrir_expediente logs each look-up); the
# history of corrections is itself a record written only by the triggers of the corrected
# tables (which are in the bitácora), and no one may change it
AUDITADAS_POR_FUNCION = {"atencion", "correccion"}
# derived from personal data by triggers, read only by the owner's functions: no staff role
# may hold any privilege on them (their source table is audited)
DERIVADAS = {"ciudadano_palabra", "carga_valor", "ciudadano_alcance"}
# derived from personal data by the database's triggers (their sources are audited) and read
# by staff under row-level security; no staff role may write them
DERIVADAS_LEGIBLES = {"pobreza_medicion", "pobreza_hogar"}
# a load's cells, only for the length of its transaction (COPY cannot run under row-level
# security): staff may only INSERT into it, never read, change or delete it
DE_PASO = {"carga_fila"}
OTRAS = {
    "alembic_version", "dependencia", "area", "programa", "tipo_apoyo", "convocatoria",
    "municipio", "localidad", "colonia", "ajuste", "formulario", "solicitud_transicion",
    "funcionario", "bitacora", "evento_entrega", "carga_mapeo", "municipio_limite",
    "plantilla_mensaje", "formulario_borrador",
    "consulta_cuota",  # one row per staff member who looks citizens up: their turn, no grant
    "funcion_archivo",  # the function files applied (path, SHA-256): read like alembic_version
    "linea_pobreza",
    # whose brigade kits (municipalities, calls, until when): written and logged by
    # sipros_brigada_kit, read by their owner under row-level security
    "brigada_kit",
}  # fmt: skip


def test_toda_tabla_con_datos_personales_tiene_rls_y_bitacora(sql):
    tablas = {
        r[0]: r[1]
        for r in sql.execute(
            "SELECT relname, relrowsecurity FROM pg_class "
            "WHERE relnamespace = 'public'::regnamespace AND relkind = 'r'"
        )
    }
    sin_clasificar = set(tablas) - PERSONALES - OTRAS - DERIVADAS - DE_PASO - DERIVADAS_LEGIBLES
    assert not sin_clasificar, f"clasifique estas tablas: {sin_clasificar}"
    auditadas = {
        r[0]
        for r in sql.execute(
            "SELECT DISTINCT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "JOIN pg_proc p ON p.oid = t.tgfoid WHERE p.proname LIKE 'sipros_bitacora_%%' "
            "AND NOT t.tgisinternal"
        )
    }
    for tabla in PERSONALES:
        assert tablas[tabla], f"{tabla} sin seguridad por renglón"
        assert tabla in auditadas or tabla in AUDITADAS_POR_FUNCION, f"{tabla} sin bitácora"
    for tabla in DERIVADAS:
        con_permiso = sql.execute(
            "SELECT r.rolname FROM pg_roles r WHERE r.rolname LIKE 'sipros%%' AND "
            "has_table_privilege(r.oid, %s, 'SELECT,INSERT,UPDATE,DELETE,TRUNCATE,REFERENCES')",
            (tabla,),
        ).fetchall()
        assert con_permiso == [], f"{tabla}: el personal no debe tener permisos ({con_permiso})"
    for tabla in DERIVADAS_LEGIBLES:
        assert tablas[tabla], f"{tabla} sin seguridad por renglón"
        escritores = sql.execute(
            "SELECT r.rolname FROM pg_roles r WHERE r.rolname LIKE 'sipros%%' AND "
            "has_table_privilege(r.oid, %s, 'INSERT,UPDATE,DELETE,TRUNCATE')",
            (tabla,),
        ).fetchall()
        assert escritores == [], f"{tabla}: el personal solo puede leer ({escritores})"
    for tabla in DE_PASO:
        lectores = sql.execute(
            "SELECT r.rolname FROM pg_roles r WHERE r.rolname LIKE 'sipros%%' AND "
            "has_table_privilege(r.oid, %s, 'SELECT,UPDATE,DELETE,TRUNCATE,REFERENCES')",
            (tabla,),
        ).fetchall()
        assert lectores == [], f"{tabla}: el personal solo puede insertar ({lectores})"


def test_solo_el_personal_con_permiso_usa_las_funciones_de_ventanilla(personal: Personal):
    f = personal.crear(["funcionario"], alcance="estatal")
    with f.conectar() as c, pytest.raises(errors.InsufficientPrivilege):
        c.execute("SELECT sipros_archivo_guardar('x', 'application/pdf', 1, 'x')")


def test_solicitud_sin_sus_documentos_no_se_guarda(personal: Personal, sql):
    conv, tipo = sql.execute(
        "SELECT c.id, t.id FROM convocatoria c JOIN programa p ON p.id = c.programa_id "
        "JOIN tipo_apoyo t ON t.programa_id = p.id WHERE p.clave = 'TARUN' AND c.abierta"
    ).fetchone()
    cid, curp = sql.execute(
        f"SELECT x.id, x.curp FROM ciudadano x, convocatoria c WHERE c.id = %s AND {ELEGIBLE} "
        "AND NOT EXISTS (SELECT 1 FROM solicitud s WHERE s.ciudadano_id = x.id "
        "AND s.convocatoria_id = c.id) LIMIT 1",
        (conv,),
    ).fetchone()
    clerk = personal.crear(["ventanilla"], alcance="estatal")
    with clerk.conectar() as c:
        personal.abrir(c, curp)
        # refused when the transaction ends, naming what is missing
        with pytest.raises(errors.CheckViolation, match="le faltan documentos: CURP, "):
            c.execute(
                "INSERT INTO solicitud (folio, ciudadano_id, convocatoria_id, tipo_apoyo_id) "
                "VALUES ('x', %s, %s, %s)",
                (cid, conv, tipo),
            )
        assert c.execute(
            "SELECT count(*) FROM solicitud WHERE ciudadano_id = %s AND convocatoria_id = %s",
            (cid, conv),
        ).fetchone() == (0,)
        assert presentar(c, cid, conv, tipo).split("-")[1] == "TARUN"  # with them: filed
