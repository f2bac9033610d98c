"""Entregas in the database, going around the application with raw psycopg as each kind of
user: vouchers that cannot be forged, a delivery that happens once even when 50 clerks scan the
same code at the same moment, and what is printed scans back into a delivery."""

from __future__ import annotations

import threading
import uuid
from datetime import datetime, timedelta

import psycopg
import pypdfium2 as pdfium
import pytest
from psycopg import errors

from sipros_desktop.servicios import comprobantes
from tests.datos import codigos_del_pdf, evento_con_aprobadas
from tests.seguridad import Personal


def _emitir(personal: Personal, cuenta, evento: int) -> comprobantes.Emision:
    personal.activar_como(cuenta)
    return comprobantes.emitir(evento)


@pytest.fixture
def entrega(personal: Personal):
    return personal.crear(["entrega"], alcance="estatal")


def test_lo_impreso_se_escanea_y_entrega_una_vez(personal: Personal, sql, entrega):
    evento, ids = evento_con_aprobadas(sql, 3)
    emision = _emitir(personal, entrega, evento)
    assert emision.cantidad == 3
    codigos = codigos_del_pdf(emision.pdf)
    assert len(codigos) == 3 and len(set(codigos)) == 3
    assert all(comprobantes.bien_formado(c) and c.isalnum() and c.isupper() for c in codigos)
    # the database holds no code in clear: only hashes
    for c in codigos:
        fila = sql.execute(
            "SELECT count(*) FROM comprobante k WHERE row_to_json(k)::text LIKE %s",
            (f"%{c}%",),
        ).fetchone()[0]
        assert fila == 0
    with entrega.conectar() as c:
        for codigo in codigos:
            r = c.execute("SELECT * FROM sipros_entregar(%s, 'INE', %s)", (codigo, evento))
            assert r.fetchone()[0] == "Entregado"
    estados = sql.execute(
        "SELECT s.estado, k.estado, k.entregado_por, k.identificacion, "
        "(SELECT count(*) FROM beneficio b WHERE b.solicitud_id = s.id), "
        "(SELECT count(*) FROM solicitud_historial h WHERE h.solicitud_id = s.id "
        " AND h.estado = 'Entregado' AND h.usuario = %s) "
        "FROM solicitud s JOIN comprobante k ON k.solicitud_id = s.id WHERE s.id = ANY(%s)",
        (entrega.usuario, ids),
    ).fetchall()
    assert estados == [("Entregado", "Entregado", entrega.usuario, "INE", 1, 1)] * 3


def test_cincuenta_escaneos_simultaneos_entregan_una_sola_vez(personal: Personal, sql, entrega):
    evento, ids = evento_con_aprobadas(sql, 1)
    codigo = codigos_del_pdf(_emitir(personal, entrega, evento).pdf)[0]
    barrera = threading.Barrier(50)
    resultados: list[str] = []
    candado = threading.Lock()

    def escanear() -> None:
        with entrega.conectar() as c:
            barrera.wait()
            try:
                r = c.execute("SELECT resultado FROM sipros_entregar(%s)", (codigo,)).fetchone()[0]
            except psycopg.Error as e:
                r = f"{e.sqlstate}: {e.diag.message_primary}"
        with candado:
            resultados.append(r)

    hilos = [threading.Thread(target=escanear) for _ in range(50)]
    for h in hilos:
        h.start()
    for h in hilos:
        h.join()
    assert resultados.count("Entregado") == 1
    rechazos = [r for r in resultados if r != "Entregado"]
    assert len(rechazos) == 49 and all(r.startswith("SE002: Ya se entregó") for r in rechazos)
    assert sql.execute(
        "SELECT (SELECT count(*) FROM beneficio WHERE solicitud_id = %(s)s), "
        "(SELECT count(*) FROM solicitud_historial WHERE solicitud_id = %(s)s "
        " AND estado = 'Entregado')",
        {"s": ids[0]},
    ).fetchone() == (1, 1)


def test_codigo_alterado_o_hecho_de_un_folio_se_rechaza(personal: Personal, sql, entrega):
    evento, ids = evento_con_aprobadas(sql, 1)
    codigo = codigos_del_pdf(_emitir(personal, entrega, evento).pdf)[0]
    folio = sql.execute("SELECT folio FROM solicitud WHERE id = %s", (ids[0],)).fetchone()[0]
    otro = comprobantes.ALFABETO[(comprobantes.ALFABETO.index(codigo[7]) + 1) % 32]
    falsos = [
        codigo[:7] + otro + codigo[8:],  # one character changed
        comprobantes.normalizar(folio),  # made from the folio
        codigo[:-1],  # incomplete
        "",
    ]
    with entrega.conectar() as c:
        for falso in falsos:
            with pytest.raises(psycopg.Error) as e:
                c.execute("SELECT * FROM sipros_entregar(%s)", (falso,))
            assert e.value.sqlstate == "SE001"
            assert "no corresponde a ningún comprobante" in e.value.diag.message_primary
        # what a person types: lower case, groups, O for 0 and I or L for 1
        escrito = comprobantes.legible(codigo).lower().replace("0", "o").replace("1", "l")
        assert c.execute("SELECT resultado FROM sipros_entregar(%s)", (escrito,)).fetchone() == (
            "Entregado",
        )
    assert sql.execute("SELECT estado FROM solicitud WHERE id = %s", (ids[0],)).fetchone() == (
        "Entregado",
    )


def test_reimpresion_anula_el_papel_anterior_y_cancelar_permite_otro(
    personal: Personal, sql, entrega
):
    evento, ids = evento_con_aprobadas(sql, 2)
    viejo = codigos_del_pdf(_emitir(personal, entrega, evento).pdf)
    k1, k2 = [r[0] for r in sql.execute(
        "SELECT id FROM comprobante WHERE solicitud_id = ANY(%s) ORDER BY solicitud_id", (ids,)
    )]  # fmt: skip
    pdf = comprobantes.reimprimir([k1])
    texto = pdfium.PdfDocument(pdf)[0].get_textpage().get_text_range()
    assert "REIMPRESIÓN 1" in texto
    nuevo = codigos_del_pdf(pdf)[0]
    assert nuevo not in viejo
    assert sql.execute("SELECT impresiones FROM comprobante WHERE id = %s", (k1,)).fetchone() == (
        2,
    )
    with entrega.conectar() as c:
        # the earlier paper of the reprinted voucher matches nothing any more
        resultados = []
        for v in viejo:
            try:
                resultados.append(
                    c.execute("SELECT resultado FROM sipros_entregar(%s)", (v,)).fetchone()[0]
                )
            except psycopg.Error as e:
                resultados.append(e.sqlstate)
        assert sorted(resultados) == ["Entregado", "SE001"]  # the other voucher was untouched
        # cancel the reprinted one: its new paper is refused, saying why
        c.execute("SELECT sipros_cancelar_comprobante(%s, 'Datos erróneos del domicilio')", (k1,))
        with pytest.raises(psycopg.Error) as e:
            c.execute("SELECT * FROM sipros_entregar(%s)", (nuevo,))
        assert e.value.sqlstate == "SE003" and "Datos erróneos" in e.value.diag.message_primary
        # a delivered voucher is not cancelled
        with pytest.raises(psycopg.Error, match="ya está «Entregado»"):
            c.execute("SELECT sipros_cancelar_comprobante(%s, 'Por error de captura')", (k2,))
    # a new voucher can be issued for the application of the cancelled one
    assert [d.solicitud_id for d in comprobantes.por_emitir(evento)] == [ids[0]]
    otra = comprobantes.emitir(evento)
    assert otra.cantidad == 1
    with entrega.conectar() as c:
        codigo = codigos_del_pdf(otra.pdf)[0]
        assert c.execute("SELECT resultado FROM sipros_entregar(%s)", (codigo,)).fetchone() == (
            "Entregado",
        )


def test_otro_evento_fuera_de_alcance_y_perfiles_sin_permiso(personal: Personal, sql, entrega):
    evento, ids = evento_con_aprobadas(sql, 1)
    codigo = codigos_del_pdf(_emitir(personal, entrega, evento).pdf)[0]
    otro_evento = sql.execute(
        "INSERT INTO evento_entrega (convocatoria_id, nombre, municipio_id, domicilio, fecha, "
        "hora_inicio, hora_fin, responsable) SELECT convocatoria_id, 'Otra sede', municipio_id, "
        "'Otra plaza', fecha, hora_inicio, hora_fin, responsable FROM evento_entrega "
        "WHERE id = %s RETURNING id",
        (evento,),
    ).fetchone()[0]
    with entrega.conectar() as c:
        with pytest.raises(psycopg.Error) as e:
            c.execute("SELECT * FROM sipros_entregar(%s, 'INE', %s)", (codigo, otro_evento))
        assert e.value.sqlstate == "SE004" and "Entrega de prueba" in e.value.diag.message_primary
    # delivery staff of an área whose programmes do not include this call: as if unknown
    area_ajena = sql.execute(
        "SELECT a.clave FROM area a WHERE NOT EXISTS (SELECT 1 FROM programa p JOIN convocatoria "
        "c ON c.programa_id = p.id JOIN solicitud s ON s.convocatoria_id = c.id "
        "WHERE p.area_id = a.id AND s.id = %s) ORDER BY a.id LIMIT 1",
        (ids[0],),
    ).fetchone()[0]
    ajena = personal.crear(["entrega"], area=area_ajena)
    with ajena.conectar() as c, pytest.raises(psycopg.Error) as e:
        c.execute("SELECT * FROM sipros_entregar(%s)", (codigo,))
    assert e.value.sqlstate == "SE001"
    for perfiles in (["funcionario"], ["ventanilla"], ["administrador"]):
        cuenta = personal.crear(perfiles, alcance="estatal")
        with cuenta.conectar() as c, pytest.raises(errors.InsufficientPrivilege):
            c.execute("SELECT * FROM sipros_entregar(%s)", (codigo,))
    # nobody writes vouchers, assignments or benefits around the functions
    for perfiles in (["entrega"], ["administrador"]):
        cuenta = personal.crear(perfiles, alcance="estatal")
        with cuenta.conectar() as c:
            for orden in (
                "UPDATE comprobante SET estado = 'Entregado', entregado = now(), "
                "entregado_por = 'x', entrega_registrada = now()",
                "INSERT INTO comprobante (solicitud_id, codigo_hash) "
                f"VALUES ({ids[0]}, sha256('x'))",
                "INSERT INTO evento_solicitud (solicitud_id, evento_id) "
                f"VALUES ({ids[0]}, {evento})",
                f"UPDATE solicitud SET estado = 'Entregado' WHERE id = {ids[0]}",
            ):
                with pytest.raises(errors.InsufficientPrivilege):
                    c.execute(orden)
    with entrega.conectar() as c:
        assert c.execute("SELECT resultado FROM sipros_entregar(%s, 'INE', %s)",
                         (codigo, evento)).fetchone() == ("Entregado",)  # fmt: skip


def test_entrega_sin_conexion_se_aplica_una_vez_con_su_clave(personal: Personal, sql, entrega):
    evento, ids = evento_con_aprobadas(sql, 1)
    codigo = codigos_del_pdf(_emitir(personal, entrega, evento).pdf)[0]
    # issued yesterday, delivered this morning at a point without connection
    sql.execute(
        "UPDATE comprobante SET emitido = now() - interval '1 day' WHERE solicitud_id = %s",
        (ids[0],),
    )
    clave = uuid.uuid4()
    cuando = datetime.now().astimezone() - timedelta(hours=3)
    with entrega.conectar() as c:
        # a time in the future, or before the voucher existed, is refused
        for hora, motivo in ((timedelta(hours=-1), "es futura"), (timedelta(days=2), "anterior")):
            with pytest.raises(errors.InvalidParameterValue, match=motivo):
                c.execute(
                    "SELECT * FROM sipros_entregar(%s, 'INE', %s, %s, %s)",
                    (codigo, evento, datetime.now().astimezone() - hora, clave),
                )
        r = c.execute(
            "SELECT resultado, entregado FROM sipros_entregar(%s, 'INE', %s, %s, %s)",
            (codigo, evento, cuando, clave),
        ).fetchone()
        assert r[0] == "Entregado" and abs((r[1] - cuando).total_seconds()) < 1
        # the same journal entry again (the sync was cut before it heard the answer)
        assert c.execute(
            "SELECT resultado FROM sipros_entregar(%s, 'INE', %s, %s, %s)",
            (codigo, evento, cuando, clave),
        ).fetchone() == ("Ya aplicada",)
        # another PC's entry for the same voucher is a conflict
        with pytest.raises(psycopg.Error) as e:
            c.execute(
                "SELECT * FROM sipros_entregar(%s, 'INE', %s, %s, %s)",
                (codigo, evento, cuando, uuid.uuid4()),
            )
        assert e.value.sqlstate == "SE002"
    fila = sql.execute(
        "SELECT k.entrega_sin_conexion, k.entrega_registrada > k.entregado, h.comentario "
        "FROM comprobante k JOIN solicitud_historial h ON h.solicitud_id = k.solicitud_id "
        "AND h.estado = 'Entregado' WHERE k.solicitud_id = %s",
        (ids[0],),
    ).fetchone()
    assert fila[0] and fila[1] and "sin conexión" in fila[2]
