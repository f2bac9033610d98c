"""Documents once per citizen: a document on the citizen's file is linked to a new application
without scanning it again, keeps the date it was first scanned, and a call that asks for a
recent one refuses it when it is too old — through the service, and going around it with raw
SQL as the clerk (a fresh date cannot be forged) and as a clerk not serving the citizen."""

from __future__ import annotations

import hashlib
from datetime import date

import psycopg
import pytest

from sipros_desktop.errores import ErrorDatos
from sipros_desktop.servicios import catalogo, documentos, ventanilla
from sipros_desktop.servicios.ventanilla import DatosSolicitud
from tests import archivos
from tests.reloj import HOY
from tests.servicios.test_ventanilla import datos_nuevos

PDF = archivos.pdf("Comprobante de domicilio de prueba")


@pytest.fixture
def clerk(personal):
    cuenta = personal.crear(["ventanilla"], alcance="estatal")
    personal.activar_como(cuenta)
    return cuenta


def _sin_formulario(cid: int, excepto: set[int] = frozenset()):
    return [
        c
        for c in ventanilla.convocatorias_disponibles(cid)
        if c.elegible and c.formulario_id is None and c.id not in excepto
    ]


def _con_expediente(clerk) -> tuple[int, ventanilla.SolicitudPresentada]:
    """A citizen registered today with one application and its three documents scanned."""
    cid = ventanilla.registrar(datos_nuevos()).ciudadano_id
    conv = _sin_formulario(cid)[0]
    docs = [documentos.preparar(f"{t}.pdf", PDF, t) for t in conv.documentos_requeridos]
    return cid, ventanilla.presentar(
        DatosSolicitud(cid, conv.id, conv.tipos[0].id, documentos=docs)
    )


def _documento_antiguo(sql, cid: int, fecha: date) -> int:
    """A comprobante scanned long ago, on the citizen's file (written as the owner, who alone
    may say when an older paper was scanned)."""
    contenido = archivos.pdf(f"Comprobante antiguo {fecha}")
    sha = hashlib.sha256(contenido).hexdigest()
    sql.execute(
        "INSERT INTO archivo (sha256, mime, tamano, contenido) VALUES (%s, 'application/pdf', "
        "%s, %s)",
        (sha, len(contenido), contenido),
    )
    return sql.execute(
        "INSERT INTO documento (ciudadano_id, tipo, nombre_archivo, sha256, fecha_escaneo) "
        "VALUES (%s, 'Comprobante de domicilio', 'recibo_luz.pdf', %s, %s) RETURNING id",
        (cid, sha, fecha),
    ).fetchone()[0]


def test_documento_del_expediente_se_reutiliza_con_su_fecha(clerk, sql):
    cid, primera = _con_expediente(clerk)
    exp = documentos.del_expediente(cid)
    assert exp.hoy == HOY
    assert {d.tipo for d in exp.documentos} == {
        "CURP", "Identificación oficial", "Comprobante de domicilio"
    }  # fmt: skip
    assert all(d.fecha == HOY and d.mime == "application/pdf" for d in exp.documentos)
    otra = _sin_formulario(cid)[0]
    por_tipo = {d.tipo: d.id for d in exp.documentos}
    r = ventanilla.presentar(
        DatosSolicitud(cid, otra.id, otra.tipos[0].id,
                       reutilizados={t: por_tipo[t] for t in otra.documentos_requeridos})
    )  # fmt: skip
    assert not r.repetida and r.id != primera.id
    filas = sql.execute(
        "SELECT d.tipo, d.fecha_escaneo, d.usuario, d.sha256 = o.sha256 FROM documento d "
        "JOIN documento o ON o.solicitud_id = %s AND o.tipo = d.tipo "
        "WHERE d.solicitud_id = %s ORDER BY d.tipo",
        (primera.id, r.id),
    ).fetchall()
    assert filas == [(t, HOY, clerk.usuario, True) for t in sorted(otra.documentos_requeridos)]
    # not stored again: one file for the six links
    n = sql.execute(
        "SELECT count(DISTINCT sha256), count(*) FROM documento WHERE ciudadano_id = %s", (cid,)
    ).fetchone()
    assert n == (1, 6)


def test_convocatoria_que_pide_documento_reciente_rechaza_uno_antiguo(clerk, sql):
    cid, _ = _con_expediente(clerk)
    antiguo = _documento_antiguo(sql, cid, date(2026, 5, 10))
    otra = _sin_formulario(cid)[0]
    sql.execute(
        "UPDATE convocatoria SET documentos_vigencia = '{\"Comprobante de domicilio\": 3}' "
        "WHERE id = %s",
        (otra.id,),
    )
    otra = _sin_formulario(cid)[0]
    assert otra.vigencias == {"Comprobante de domicilio": 3}
    exp = documentos.del_expediente(cid)
    viejo = next(d for d in exp.documentos if d.id == antiguo)
    assert viejo.fecha == date(2026, 5, 10) and viejo.nombre_archivo == "recibo_luz.pdf"
    # the screen's check and the database's say the same: the date and the limit
    motivo = documentos.motivo_vencido(viejo.tipo, viejo.fecha, 3, exp.hoy)
    assert motivo == (
        "El documento «Comprobante de domicilio» es del 10/05/2026: esta convocatoria lo acepta "
        "con antigüedad máxima de 3 meses (del 25/08/2026 en adelante). Escanee uno reciente."
    )
    por_tipo = {d.tipo: d.id for d in exp.documentos if d.fecha == HOY}
    reutilizados = dict(por_tipo, **{"Comprobante de domicilio": antiguo})
    antes = sql.execute("SELECT count(*) FROM solicitud WHERE ciudadano_id = %s", (cid,)).fetchone()
    with pytest.raises(ErrorDatos) as e:
        ventanilla.presentar(
            DatosSolicitud(cid, otra.id, otra.tipos[0].id, reutilizados=reutilizados)
        )
    assert e.value.mensaje == motivo
    # nothing half-written: no application, no link
    despues = sql.execute("SELECT count(*) FROM solicitud WHERE ciudadano_id = %s", (cid,))
    assert despues.fetchone() == antes
    # the recent one of the same type is accepted
    r = ventanilla.presentar(DatosSolicitud(cid, otra.id, otra.tipos[0].id, reutilizados=por_tipo))
    assert r.folio
    # an old document of a type without limit is accepted by any call
    assert documentos.motivo_vencido("CURP", date(2020, 1, 1), None, HOY) == ""


def test_la_fecha_no_se_falsifica_adjuntando_el_mismo_archivo(clerk, personal, sql):
    """Going around the function: the clerk inserts a link to the same content itself, with a
    fresh date of its own; the database keeps the first scan's date and refuses it."""
    cid, _ = _con_expediente(clerk)
    antiguo = _documento_antiguo(sql, cid, date(2026, 1, 31))
    sha = sql.execute("SELECT sha256 FROM documento WHERE id = %s", (antiguo,)).fetchone()[0]
    otra = _sin_formulario(cid)[0]
    sql.execute(
        "UPDATE convocatoria SET documentos_vigencia = '{\"Comprobante de domicilio\": 6}' "
        "WHERE id = %s",
        (otra.id,),
    )
    with clerk.conectar() as c:
        # without a limit the link is made, dated as the first scan whatever the clerk says
        fecha = c.execute(
            "INSERT INTO documento (ciudadano_id, tipo, nombre_archivo, sha256, fecha_escaneo) "
            "VALUES (%s, 'Comprobante de domicilio', 'nuevo.pdf', %s, %s) "
            "RETURNING fecha_escaneo",
            (cid, sha, HOY),
        ).fetchone()[0]
        assert fecha == date(2026, 1, 31)
        with pytest.raises(psycopg.errors.CheckViolation) as e, c.transaction():
            sid = c.execute(
                "INSERT INTO solicitud (folio, ciudadano_id, convocatoria_id, tipo_apoyo_id) "
                "VALUES ('x', %s, %s, %s) RETURNING id",
                (cid, otra.id, otra.tipos[0].id),
            ).fetchone()[0]
            c.execute(
                "INSERT INTO documento (ciudadano_id, solicitud_id, tipo, nombre_archivo, "
                "sha256, fecha_escaneo) VALUES (%s, %s, 'Comprobante de domicilio', 'x.pdf', "
                "%s, %s)",
                (cid, sid, sha, HOY),
            )
        assert "es del 31/01/2026" in str(e.value) and "máxima de 6 meses" in str(e.value)
        # nor by changing a document's date afterwards
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            c.execute("UPDATE documento SET fecha_escaneo = %s WHERE id = %s", (HOY, antiguo))


def test_solo_quien_atiende_al_ciudadano_usa_su_expediente(clerk, personal, sql):
    cid, primera = _con_expediente(clerk)
    doc = sql.execute(
        "SELECT id FROM documento WHERE solicitud_id = %s ORDER BY id LIMIT 1", (primera.id,)
    ).fetchone()[0]
    otra = _sin_formulario(cid)[0]
    ajeno = personal.crear(["ventanilla"], alcance="estatal")
    with ajeno.conectar() as c:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            c.execute("SELECT * FROM sipros_documentos_expediente(%s)", (cid,))
        with pytest.raises(psycopg.errors.NoDataFound):
            c.execute("SELECT sipros_documento_reutilizar(%s, %s, 'CURP')", (doc, primera.id))
    # positive control: once it opens the file by CURP, the same calls work
    curp = sql.execute("SELECT curp FROM ciudadano WHERE id = %s", (cid,)).fetchone()[0]
    with ajeno.conectar() as c:
        personal.abrir(c, curp)
        n = c.execute("SELECT count(*) FROM sipros_documentos_expediente(%s)", (cid,))
        assert n.fetchone()[0] == 3
        with c.transaction():
            sid = c.execute(
                "INSERT INTO solicitud (folio, ciudadano_id, convocatoria_id, tipo_apoyo_id) "
                "VALUES ('x', %s, %s, %s) RETURNING id",
                (cid, otra.id, otra.tipos[0].id),
            ).fetchone()[0]
            for t in otra.documentos_requeridos:
                c.execute("SELECT sipros_documento_reutilizar(%s, %s, %s)", (doc, sid, t))
    # a clerk of another área serving the same citizen: not onto an application of a call
    # outside its alcance (positive control above: the same call by a state-wide clerk)
    area_conv = sql.execute(
        "SELECT a.clave FROM convocatoria c JOIN programa p ON p.id = c.programa_id "
        "JOIN area a ON a.id = p.area_id WHERE c.id = %s",
        (otra.id,),
    ).fetchone()[0]
    otra_area = sql.execute(
        "SELECT clave FROM area WHERE clave <> %s ORDER BY clave LIMIT 1", (area_conv,)
    ).fetchone()[0]
    de_area = personal.crear(["ventanilla"], area=otra_area, alcance="area")
    with de_area.conectar() as c:
        personal.abrir(c, curp)
        with pytest.raises(psycopg.errors.NoDataFound):
            c.execute("SELECT sipros_documento_reutilizar(%s, %s, 'CURP')", (doc, sid))
    # delivery staff do not attach documents at all
    entrega = personal.crear(["entrega"], alcance="estatal")
    with entrega.conectar() as c, pytest.raises(psycopg.errors.InsufficientPrivilege):
        c.execute("SELECT sipros_documento_reutilizar(%s, %s, 'CURP')", (doc, primera.id))


def test_la_antiguedad_maxima_se_configura_en_la_convocatoria(personal, sql):
    """Catálogo → convocatoria: «Comprobante de domicilio (máximo 3 meses)» in the list of
    required documents; what is wrong is said in Spanish and the database checks it too."""
    admin = personal.crear(["administrador"], alcance="estatal")
    personal.activar_como(admin)
    lineas = ["CURP", " Comprobante  de domicilio (máximo 3 meses)", "Acta (1 mes)", ""]
    tipos, vigencias = catalogo.leer_documentos(lineas)
    assert tipos == ["CURP", "Comprobante de domicilio", "Acta"]
    assert vigencias == {"Comprobante de domicilio": 3, "Acta": 1}
    assert catalogo.escribir_documentos(tipos, vigencias) == [
        "CURP", "Comprobante de domicilio (máximo 3 meses)", "Acta (máximo 1 mes)"
    ]  # fmt: skip
    conv_id = sql.execute(
        "SELECT id FROM convocatoria WHERE abierta ORDER BY id LIMIT 1"
    ).fetchone()[0]
    conv = catalogo.convocatoria(conv_id)

    def datos(documentos, vigencias):
        return catalogo.DatosConvocatoria(
            programa_id=conv.programa_id, clave=conv.clave, nombre=conv.nombre,
            proceso=conv.proceso, fecha_apertura=conv.fecha_apertura,
            fecha_cierre=conv.fecha_cierre, edad_min=conv.reglas.get("edad_min"),
            edad_max=conv.reglas.get("edad_max"), documentos_requeridos=documentos,
            documentos_vigencia=vigencias, formulario_id=conv.formulario_id, id=conv.id,
        )  # fmt: skip

    requeridos = list(conv.documentos_requeridos)
    catalogo.guardar_convocatoria(datos(requeridos, {"Comprobante de domicilio": 3}))
    assert catalogo.convocatoria(conv_id).documentos_vigencia == {"Comprobante de domicilio": 3}
    with pytest.raises(ErrorDatos) as e:
        catalogo.guardar_convocatoria(datos(requeridos, {"Comprobante de domicilio": 0,
                                                         "Recibo": 2}))  # fmt: skip
    assert e.value.mensaje.splitlines() == [
        "Revise:",
        "• La antigüedad máxima de «Comprobante de domicilio» va de 1 a 120 meses (tiene 0).",
        "• «Recibo» tiene antigüedad máxima pero no está entre los requeridos.",
    ]
    # the database refuses the same from psql
    with pytest.raises(psycopg.errors.CheckViolation):
        sql.execute(
            "UPDATE convocatoria SET documentos_vigencia = '{\"Recibo\": 2}' WHERE id = %s",
            (conv_id,),
        )


def test_documento_anterior_a_la_migracion_tiene_la_fecha_en_que_se_adjunto(clerk, sql):
    """Documents stored before 0017 have no fecha_escaneo (the migration does not rewrite every
    document): their date is the day they were attached, also when reused."""
    cid, primera = _con_expediente(clerk)
    sql.execute("ALTER TABLE documento DROP CONSTRAINT documento_fecha_escaneo_puesta")
    sql.execute("ALTER TABLE documento DISABLE TRIGGER USER")
    sql.execute(
        "UPDATE documento SET fecha_escaneo = NULL, creado = '2026-03-02 10:00-06' "
        "WHERE ciudadano_id = %s",
        (cid,),
    )
    sql.execute("ALTER TABLE documento ENABLE TRIGGER USER")
    sql.execute(
        "ALTER TABLE documento ADD CONSTRAINT documento_fecha_escaneo_puesta "
        "CHECK (fecha_escaneo IS NOT NULL) NOT VALID"
    )
    exp = documentos.del_expediente(cid)
    assert {d.fecha for d in exp.documentos} == {date(2026, 3, 2)}
    otra = _sin_formulario(cid)[0]
    por_tipo = {d.tipo: d.id for d in exp.documentos}
    r = ventanilla.presentar(
        DatosSolicitud(cid, otra.id, otra.tipos[0].id,
                       reutilizados={t: por_tipo[t] for t in otra.documentos_requeridos})
    )  # fmt: skip
    fechas = sql.execute(
        "SELECT DISTINCT fecha_escaneo FROM documento WHERE solicitud_id = %s", (r.id,)
    ).fetchall()
    assert fechas == [(date(2026, 3, 2),)]
    # a change of an old row (a merge moves it) writes its date
    sql.execute(
        "UPDATE documento SET nombre_archivo = nombre_archivo WHERE solicitud_id = %s",
        (primera.id,),
    )
    assert sql.execute(
        "SELECT DISTINCT fecha_escaneo FROM documento WHERE solicitud_id = %s", (primera.id,)
    ).fetchall() == [(date(2026, 3, 2),)]
