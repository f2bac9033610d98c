"""The database protects its data by itself: raw SQL, going around the application."""

from datetime import date

import psycopg
import pytest
from alembic import command

from sipros_desktop import bd
from sipros_desktop.bd import esquema
from sipros_desktop.errores import ErrorEsquema
from sipros_desktop.servicios.curp import construir
from tests.datos import ELEGIBLE, presentar
from tests.reloj import HOY


def _un_id(sql, consulta):
    return sql.execute(consulta).fetchone()[0]


def _insertar_ciudadano(sql, curp, fecha="1990-01-01", sexo="H", entidad="QT"):
    sql.execute(
        "INSERT INTO ciudadano (curp, nombre, apellido_paterno, apellido_materno, "
        "fecha_nacimiento, sexo, entidad_nacimiento) "
        "VALUES (%s, 'JUAN', 'PEREZ', 'LOPEZ', %s, %s, %s)",
        (curp, fecha, sexo, entidad),
    )


def test_migracion_crea_el_modelo_completo(bd_vacia):
    with psycopg.connect(bd_vacia.set(drivername="postgresql").render_as_string(False)) as c:
        tablas = {
            r[0] for r in c.execute("SELECT tablename FROM pg_tables WHERE schemaname='public'")
        }
        municipios = c.execute("SELECT count(*) FROM municipio WHERE entidad = '22'").fetchone()[0]
    for t in (
        "dependencia", "area", "funcionario", "programa", "tipo_apoyo", "convocatoria",
        "ciudadano", "domicilio", "solicitud", "solicitud_historial", "documento", "beneficio",
        "comprobante", "carga_masiva", "bitacora", "municipio", "localidad", "colonia",
    ):  # fmt: skip
        assert t in tablas
    assert municipios == 18


def test_curp_con_digito_incorrecto_rechazada_por_la_base(sql):
    with pytest.raises(psycopg.errors.CheckViolation, match="ciudadano_curp_valida"):
        _insertar_ciudadano(sql, "PELJ900101HQTRPN01")  # right digit is 9


def test_curp_debe_coincidir_con_fecha_sexo_y_siglo(sql):
    curp = construir("Juan", "Perez", "Lopez", date(1990, 1, 1), "H", "QT")
    with pytest.raises(psycopg.errors.CheckViolation, match="ciudadano_curp_fecha"):
        _insertar_ciudadano(sql, curp, fecha="1991-01-01")
    with pytest.raises(psycopg.errors.CheckViolation, match="ciudadano_curp_sexo"):
        _insertar_ciudadano(sql, curp, sexo="M")
    _insertar_ciudadano(sql, curp)
    with pytest.raises(psycopg.errors.UniqueViolation, match="ciudadano_curp_key"):
        _insertar_ciudadano(sql, curp)


def test_solicitud_reglas_en_la_base(sql):
    sol = sql.execute(
        "SELECT s.id, s.folio, s.ciudadano_id, s.convocatoria_id, s.tipo_apoyo_id "
        "FROM solicitud s JOIN convocatoria c ON c.id = s.convocatoria_id "
        f"JOIN ciudadano x ON x.id = s.ciudadano_id WHERE {ELEGIBLE} "
        "AND s.estado = 'En proceso' AND c.abierta LIMIT 1"
    ).fetchone()
    sid, folio, cid, conv, tipo = sol
    otro = sql.execute("SELECT folio FROM solicitud WHERE id <> %s LIMIT 1", (sid,)).fetchone()[0]
    # folio unique
    with pytest.raises(psycopg.errors.UniqueViolation):
        sql.execute("UPDATE solicitud SET folio = %s WHERE id = %s", (otro, sid))
    # one live application per citizen per call
    with pytest.raises(psycopg.errors.UniqueViolation, match="solicitud_viva_unica"):
        sql.execute(
            "INSERT INTO solicitud (folio, ciudadano_id, convocatoria_id, tipo_apoyo_id) "
            "VALUES ('X-NUEVO-1', %s, %s, %s)",
            (cid, conv, tipo),
        )
    # unknown state
    with pytest.raises((psycopg.errors.CheckViolation, psycopg.errors.RaiseException)):
        sql.execute("UPDATE solicitud SET estado = 'Aprobadísima' WHERE id = %s", (sid,))
    # once the live one is rejected, a new application to the same call is allowed; the
    # folio the client sent is ignored: the database gives the next one of the programme
    with sql.transaction():
        sql.execute(
            "INSERT INTO solicitud_historial (solicitud_id, estado, comentario) "
            "VALUES (%s, 'Rechazada', 'No cumple')",
            (sid,),
        )
        sql.execute("UPDATE solicitud SET estado = 'Rechazada' WHERE id = %s", (sid,))
    nuevo = presentar(sql, cid, conv, tipo)
    clave = folio.split("-")[1]
    ultimo = sql.execute(
        "SELECT max(split_part(folio, '-', 3)::int) FROM solicitud "
        "WHERE split_part(folio, '-', 2) = %s AND folio <> %s",
        (clave, nuevo),
    ).fetchone()[0]
    # (the refused insert above used up a number: folios may skip, never repeat)
    assert nuevo.startswith(f"{HOY:%d/%m/%Y}-{clave}-")
    assert int(nuevo.rsplit("-", 1)[1]) > ultimo
    historial = sql.execute(
        "SELECT h.estado FROM solicitud_historial h JOIN solicitud s ON s.id = h.solicitud_id "
        "WHERE s.folio = %s",
        (nuevo,),
    ).fetchall()
    assert historial == [("En proceso",)]


def test_solicitud_a_convocatoria_cerrada_se_rechaza(sql):
    cid, conv, tipo = sql.execute(
        "SELECT s.ciudadano_id, c.id, t.id FROM convocatoria c "
        "JOIN tipo_apoyo t ON t.programa_id = c.programa_id "
        "CROSS JOIN LATERAL (SELECT ciudadano_id FROM solicitud LIMIT 1) s "
        "WHERE NOT c.abierta LIMIT 1"
    ).fetchone()
    with pytest.raises(psycopg.errors.RaiseException, match="no está abierta hoy"):
        sql.execute(
            "INSERT INTO solicitud (folio, ciudadano_id, convocatoria_id, tipo_apoyo_id) "
            "VALUES ('X', %s, %s, %s)",
            (cid, conv, tipo),
        )


def test_montos_no_negativos_y_origen_del_beneficio_coherente(sql):
    with pytest.raises(psycopg.errors.CheckViolation):
        sql.execute(
            "INSERT INTO tipo_apoyo (programa_id, clave, nombre, monto) "
            "SELECT min(id), 'NEGATIVO', 'Negativo', -1 FROM programa"
        )
    b = sql.execute("SELECT id FROM beneficio WHERE origen = 'Solicitud' LIMIT 1").fetchone()[0]
    with pytest.raises(psycopg.errors.CheckViolation):
        sql.execute("UPDATE beneficio SET solicitud_id = NULL WHERE id = %s", (b,))
    with pytest.raises(psycopg.errors.CheckViolation):
        sql.execute(
            "UPDATE convocatoria SET fecha_cierre = fecha_apertura - 1 "
            "WHERE id = (SELECT min(id) FROM convocatoria)"
        )


def test_indices_que_usan_las_pantallas(sql):
    nombres = {
        r[0] for r in sql.execute("SELECT indexname FROM pg_indexes WHERE schemaname='public'")
    }
    for ix in (
        "ciudadano_curp_key", "ciudadano_nombre_orden_idx", "ciudadano_nombre_busqueda_idx",
        "solicitud_convocatoria_idx", "solicitud_estado_fecha_idx", "solicitud_ciudadano_idx",
        "beneficio_ciudadano_idx", "beneficio_programa_idx", "solicitud_folio_key",
    ):  # fmt: skip
        assert ix in nombres


def test_base_vacia_se_migra_al_verificar(bases):
    url = bases.nueva()
    motor = bd.crear_motor(url)
    assert esquema.estado(motor).vacia
    esquema.verificar(motor)
    assert esquema.estado(motor).al_dia
    motor.dispose()


def test_base_con_esquema_anterior_da_mensaje_claro(bases):
    url = bases.nueva()
    motor = bd.crear_motor(url)
    cfg = esquema._config()
    with motor.begin() as c:
        cfg.attributes["connection"] = c
        command.upgrade(cfg, "0001")
    with pytest.raises(ErrorEsquema, match=r"versión anterior del esquema.*db upgrade"):
        esquema.verificar(motor)
    esquema.verificar(motor, migrar_si_antigua=True)
    assert esquema.estado(motor).al_dia
    motor.dispose()


def test_base_mas_nueva_que_el_programa_da_mensaje_claro(bases, plantilla_vacia):
    url = bases.nueva(plantilla_vacia)
    with psycopg.connect(url.set(drivername="postgresql").render_as_string(False)) as c:
        c.execute("UPDATE alembic_version SET version_num = '9999'")
    motor = bd.crear_motor(url)
    with pytest.raises(ErrorEsquema, match=r"más nueva.*Actualice SIPROS"):
        esquema.verificar(motor)
    motor.dispose()


def test_base_ajena_no_se_toca(bases):
    url = bases.nueva()
    with psycopg.connect(url.set(drivername="postgresql").render_as_string(False)) as c:
        c.execute("CREATE TABLE clientes (id int)")
    motor = bd.crear_motor(url)
    with pytest.raises(ErrorEsquema, match="no es una base de SIPROS"):
        esquema.verificar(motor)
    motor.dispose()


def test_folio_de_mas_de_cinco_cifras_no_se_corta(sql):
    cid, conv, tipo, programa = sql.execute(
        "SELECT s.ciudadano_id, c.id, t.id, c.programa_id FROM convocatoria c "
        "JOIN tipo_apoyo t ON t.programa_id = c.programa_id "
        "CROSS JOIN LATERAL (SELECT id AS ciudadano_id FROM ciudadano x WHERE NOT EXISTS "
        "(SELECT 1 FROM solicitud y WHERE y.ciudadano_id = x.id AND y.convocatoria_id = c.id) "
        f"AND {ELEGIBLE} LIMIT 1) s WHERE c.abierta LIMIT 1"
    ).fetchone()
    sql.execute(f"SELECT setval('sipros_folio_{programa}', 123455)")
    folio = presentar(sql, cid, conv, tipo)
    assert folio.endswith("-123456")


def test_formulario_publicado_no_se_modifica(sql):
    with pytest.raises(psycopg.errors.RaiseException, match="cree una versión nueva"):
        sql.execute("UPDATE formulario SET definicion = '{\"secciones\": []}' WHERE clave = 'CUIS'")
    # a new version is the way to change it; answers keep pointing at theirs
    antes = sql.execute("SELECT count(*) FROM formulario WHERE clave = 'CUIS'").fetchone()[0]
    sql.execute(
        "INSERT INTO formulario (clave, version, nombre, definicion) "
        "SELECT clave, version + 1, nombre, definicion FROM formulario WHERE clave = 'CUIS' "
        "ORDER BY version DESC LIMIT 1"
    )
    assert sql.execute("SELECT count(*) FROM formulario WHERE clave = 'CUIS'").fetchone() == (
        antes + 1,
    )


def test_documento_mas_grande_que_el_limite_se_rechaza(sql):
    import hashlib

    sql.execute("UPDATE ajuste SET valor = '1' WHERE clave = 'documento_max_mb'")
    grande = b"%PDF-1.4\n" + b" " * (1024 * 1024 + 1)
    with pytest.raises(psycopg.errors.RaiseException, match="máximo permitido es 1 MB"):
        sql.execute(
            "INSERT INTO archivo (sha256, mime, tamano, contenido) "
            "VALUES (%s, 'application/pdf', %s, %s)",
            (hashlib.sha256(grande).hexdigest(), len(grande), grande),
        )
    with pytest.raises(psycopg.errors.CheckViolation):
        sql.execute("UPDATE ajuste SET valor = '500' WHERE clave = 'documento_max_mb'")
