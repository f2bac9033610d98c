"""Entregas in the database, going around the application with raw psycopg as each kind of
user: vouchers that cannot be forged, a delivery that happens once even when 50 clerks scan the
same code at the same moment, what is printed scans back into a delivery, a voucher outside the
caller's scope reads like one that does not exist, whoever issues or re-keys a voucher does not
deliver it, and the time of an offline delivery is checked. Vouchers are issued by one account
and delivered by another (separation of duties)."""

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


@pytest.fixture
def emisor(personal: Personal):
    """Who issues and reprints the vouchers the tests deliver (it may not deliver them)."""
    return personal.crear(["entrega"], alcance="estatal")


def test_lo_impreso_se_escanea_y_entrega_una_vez(personal: Personal, sql, entrega, emisor):
    evento, ids = evento_con_aprobadas(sql, 3)
    emision = _emitir(personal, emisor, evento)
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


def test_cincuenta_escaneos_simultaneos_entregan_una_sola_vez(
    personal: Personal, sql, entrega, emisor
):
    evento, ids = evento_con_aprobadas(sql, 1)
    codigo = codigos_del_pdf(_emitir(personal, emisor, evento).pdf)[0]
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


def test_codigo_alterado_o_hecho_de_un_folio_se_rechaza(personal: Personal, sql, entrega, emisor):
    evento, ids = evento_con_aprobadas(sql, 1)
    codigo = codigos_del_pdf(_emitir(personal, emisor, evento).pdf)[0]
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
    personal: Personal, sql, entrega, emisor
):
    evento, ids = evento_con_aprobadas(sql, 2)
    viejo = codigos_del_pdf(_emitir(personal, emisor, evento).pdf)
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


def test_otro_evento_fuera_de_alcance_y_perfiles_sin_permiso(
    personal: Personal, sql, entrega, emisor
):
    evento, ids = evento_con_aprobadas(sql, 1)
    codigo = codigos_del_pdf(_emitir(personal, emisor, evento).pdf)[0]
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


def test_entrega_sin_conexion_se_aplica_una_vez_con_su_clave(
    personal: Personal, sql, entrega, emisor
):
    evento, ids = evento_con_aprobadas(sql, 1)
    codigo = codigos_del_pdf(_emitir(personal, emisor, evento).pdf)[0]
    # issued yesterday, delivered this morning at a point without connection
    sql.execute(
        "UPDATE comprobante SET emitido = now() - interval '1 day' WHERE solicitud_id = %s",
        (ids[0],),
    )
    clave = uuid.uuid4()
    cuando = datetime.now().astimezone() - timedelta(hours=3)
    # the event was on that day (in Mexico City)
    sql.execute(
        "UPDATE evento_entrega SET fecha = (%s AT TIME ZONE 'America/Mexico_City')::date "
        "WHERE id = %s",
        (cuando, evento),
    )
    with entrega.conectar() as c:
        # a time in the future, or before the voucher existed, is refused
        for hora, motivo in ((timedelta(hours=-1), "es futura"), (timedelta(days=2), "anterior")):
            with pytest.raises(psycopg.Error, match=motivo) as e:
                c.execute(
                    "SELECT * FROM sipros_entregar(%s, 'INE', %s, %s, %s)",
                    (codigo, evento, datetime.now().astimezone() - hora, clave),
                )
            assert e.value.sqlstate == "SE006"
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


# --------------------------------------------------------------------------- two áreas

AREA_A, AREA_B = "SSPEV", "SSDS"  # two áreas of the same dependencia (SEDESOQ) in the demo


def _emitir_sql(cuenta, evento: int, solicitudes: list[int]) -> dict[int, tuple[int, str]]:
    """Issue by raw SQL as ``cuenta``, with codes made here: solicitud -> (voucher, code)."""
    codigos = [comprobantes.nuevo_codigo() for _ in solicitudes]
    with cuenta.conectar() as c:
        filas = c.execute(
            "SELECT solicitud_id, comprobante_id FROM sipros_emitir_comprobantes(%s, %s, %s)",
            (evento, solicitudes, [comprobantes.hash_de(x) for x in codigos]),
        ).fetchall()
    por_solicitud = dict(zip(solicitudes, codigos, strict=True))
    return {s: (k, por_solicitud[s]) for s, k in filas}


def _rechazo(c: psycopg.Connection, orden: str, params) -> tuple[str, str]:
    with pytest.raises(psycopg.Error) as e:
        c.execute(orden, params)
    return e.value.sqlstate, e.value.diag.message_primary


def test_fuera_de_su_alcance_se_lee_como_inexistente(personal: Personal, sql):
    """A delivery clerk of área B (and, for planning, an administrator of área B), from psql,
    against the vouchers and events of área A: every function answers exactly as for an id or
    code that does not exist — no folio, no state, no name — and changes nothing; the same
    statements work on área B's own."""
    ev_a, (sa1, sa2) = evento_con_aprobadas(sql, 2, area=AREA_A)
    ev_b, (sb1, sb2, sb3) = evento_con_aprobadas(sql, 3, area=AREA_B)
    emisor_a = personal.crear(["entrega"], area=AREA_A)
    emisor_b = personal.crear(["administrador"], area=AREA_B)
    ajeno = personal.crear(["entrega"], area=AREA_B)  # the one with psql
    vales_a = _emitir_sql(emisor_a, ev_a, [sa1, sa2])
    vales_b = _emitir_sql(emisor_b, ev_b, [sb1, sb2])
    (ka1, ca1), (kb1, _cb1), (_kb2, cb2) = vales_a[sa1], vales_b[sb1], vales_b[sb2]
    folios_a = [r[0] for r in sql.execute(
        "SELECT folio FROM solicitud WHERE id = ANY(%s)", ([sa1, sa2],))]  # fmt: skip
    nombres_a = [r[0] for r in sql.execute(
        "SELECT c.nombre || ' ' || c.apellido_paterno FROM solicitud s JOIN ciudadano c "
        "ON c.id = s.ciudadano_id WHERE s.id = ANY(%s)", ([sa1, sa2],))]  # fmt: skip
    antes_a = sql.execute(
        "SELECT id, codigo_hash, estado, impresiones FROM comprobante WHERE evento_id = %s "
        "ORDER BY id",
        (ev_a,),
    ).fetchall()
    nadie = 2_000_000_000  # an id nobody has
    h = comprobantes.hash_de(comprobantes.nuevo_codigo())

    def igual_que_inexistente(orden: str, ajeno_id: int, params) -> str:
        """The refusal for área A's id, compared with the one for an id that does not exist
        (on the connection ``c`` of the block that calls it)."""
        estado, mensaje = _rechazo(c, orden, params(ajeno_id))
        estado_nadie, mensaje_nadie = _rechazo(c, orden, params(nadie))
        assert estado == estado_nadie
        assert mensaje.replace(str(ajeno_id), "N") == mensaje_nadie.replace(str(nadie), "N")
        assert not any(x in mensaje for x in folios_a + nombres_a)
        return mensaje

    # planning is the administrators': área B's administrator against área A's event and
    # application, then on its own (before its clerk issues a voucher for sb3)
    with emisor_b.conectar() as c:
        igual_que_inexistente("SELECT sipros_asignar_evento(%s, %s)", sa2, lambda i: (ev_b, [i]))
        for orden, params in (
            ("SELECT sipros_asignar_evento(%s, %s)", lambda i: (i, [sa2])),
            ("SELECT sipros_quitar_de_evento(%s, %s)", lambda i: (i, [sa2])),
        ):
            assert "no existe o no está en su alcance" in igual_que_inexistente(orden, ev_a, params)
        assert c.execute("SELECT sipros_quitar_de_evento(%s, %s)", (ev_b, [sb3])).fetchone() == (1,)
        assert c.execute("SELECT sipros_asignar_evento(%s, %s)", (ev_b, [sb3])).fetchone() == (1,)
    with ajeno.conectar() as c:
        # reprint: before, it answered «18/11/2026-APTEC-00012: está «Vigente»»
        m = igual_que_inexistente(
            "SELECT sipros_reimprimir_comprobantes(%s, %s)", ka1, lambda i: ([i], [h])
        )
        esperado = f"comprobante {ka1}: no existe o no está en su alcance"
        assert m == f"No se reimprimió ningún comprobante: {esperado}."
        igual_que_inexistente(
            "SELECT sipros_cancelar_comprobante(%s, 'Extravío del papel')", ka1, lambda i: (i,)
        )
        # área A's application into área B's own event, and área A's event
        igual_que_inexistente(
            "SELECT * FROM sipros_emitir_comprobantes(%s, %s, %s)", sa2,
            lambda i: (ev_b, [i], [h]),
        )  # fmt: skip
        for orden, params in (
            ("SELECT * FROM sipros_emitir_comprobantes(%s, %s, %s)", lambda i: (i, [sa2], [h])),
            ("SELECT * FROM sipros_kit_evento(%s)", lambda i: (i,)),
            ("SELECT * FROM sipros_kit_otros_eventos(%s)", lambda i: (i,)),
        ):
            assert "no existe o no está en su alcance" in igual_que_inexistente(orden, ev_a, params)
        # área A's code: read and delivered exactly like a code that was never printed
        inventado = comprobantes.nuevo_codigo()
        ver = "SELECT * FROM sipros_comprobante_ver(%s)"
        assert c.execute(ver, (ca1,)).fetchall() == c.execute(ver, (inventado,)).fetchall()
        assert c.execute(ver, (ca1,)).fetchone()[0] == "Desconocido"
        entregar = "SELECT * FROM sipros_entregar(%s, 'INE')"
        assert _rechazo(c, entregar, (ca1,)) == _rechazo(c, entregar, (inventado,))
        assert _rechazo(c, entregar, (ca1,))[0] == "SE001"

        # positive controls: the same statements on área B's own vouchers and events
        assert len(c.execute("SELECT * FROM sipros_emitir_comprobantes(%s, %s, %s)",
                             (ev_b, [sb3], [h])).fetchall()) == 1  # fmt: skip
        assert c.execute(
            "SELECT sipros_reimprimir_comprobantes(%s, %s)",
            ([kb1], [comprobantes.hash_de(comprobantes.nuevo_codigo())]),
        ).fetchone() == (1,)
        c.execute("SELECT sipros_cancelar_comprobante(%s, 'Extravío del papel')", (kb1,))
        kit = {r[2]: r[1] for r in c.execute("SELECT * FROM sipros_kit_evento(%s)", (ev_b,))}
        assert kit[vales_b[sb2][0]] == "Vigente" and kb1 not in kit  # (cancelled)
        lectura = c.execute(ver, (cb2,)).fetchone()
        assert lectura[0] == "Por entregar" and lectura[3] is not None  # its folio
        assert c.execute(entregar, (cb2,)).fetchone()[0] == "Entregado"
    # área A's vouchers are as they were
    assert (
        sql.execute(
            "SELECT id, codigo_hash, estado, impresiones FROM comprobante WHERE evento_id = %s "
            "ORDER BY id",
            (ev_a,),
        ).fetchall()
        == antes_a
    )
    assert sql.execute(
        "SELECT count(*) FROM evento_solicitud WHERE evento_id = %s", (ev_a,)
    ).fetchone() == (2,)


def test_quien_emite_o_reimprime_no_entrega(personal: Personal, sql):
    """The attack: a delivery clerk re-keys a live voucher of its área with a code it chose and
    delivers it alone, without the citizen's paper. Now the database refuses the delivery to
    whoever issued or re-keyed the voucher; another clerk of the área, with the paper, delivers."""
    evento, (s1, s2) = evento_con_aprobadas(sql, 2, area=AREA_B)
    emisor = personal.crear(["entrega"], area=AREA_B)  # a clerk who also issues
    clerk = personal.crear(["entrega"], area=AREA_B)
    otra = personal.crear(["entrega"], area=AREA_B)
    vales = _emitir_sql(emisor, evento, [s1, s2])
    (k1, papel1), (k2, papel2) = vales[s1], vales[s2]
    elegido = comprobantes.nuevo_codigo()  # the code the clerk chose
    with clerk.conectar() as c:
        assert c.execute(
            "SELECT sipros_reimprimir_comprobantes(%s, %s)", ([k1], [comprobantes.hash_de(elegido)])
        ).fetchone() == (1,)
        assert c.execute("SELECT estado_lectura, motivo FROM sipros_comprobante_ver(%s)",
                         (elegido,)).fetchone()[0] == "Separación de funciones"  # fmt: skip
        estado, mensaje = _rechazo(c, "SELECT * FROM sipros_entregar(%s, 'INE')", (elegido,))
        assert estado == "SE007"
        assert "Usted emitió o reimprimió" in mensaje and "separación de funciones" in mensaje
        # offline, with its kit and a time: the same
        assert _rechazo(
            c, "SELECT * FROM sipros_entregar(%s, 'INE', %s, now() - interval '1 minute', %s)",
            (elegido, evento, uuid.uuid4()),
        )[0] == "SE007"  # fmt: skip
        # the citizen's paper no longer matches anything (that is what a reprint does)
        assert _rechazo(c, "SELECT * FROM sipros_entregar(%s)", (papel1,))[0] == "SE001"
        # positive control beside it: a voucher it did not issue nor re-key, it delivers
        assert c.execute("SELECT resultado FROM sipros_entregar(%s, 'INE')",
                         (papel2,)).fetchone() == ("Entregado",)  # fmt: skip
    # nothing changed on the refused voucher
    assert sql.execute(
        "SELECT k.estado, s.estado, k.emitido_por, k.reimpreso_por, k.reimpreso IS NOT NULL, "
        "(SELECT count(*) FROM beneficio b WHERE b.solicitud_id = s.id) "
        "FROM comprobante k JOIN solicitud s ON s.id = k.solicitud_id WHERE k.id = %s",
        (k1,),
    ).fetchone() == ("Vigente", "Aprobada", emisor.usuario, [clerk.usuario], True, 0)
    # whoever issued it does not deliver it either; another clerk with the paper does
    with emisor.conectar() as c:
        assert _rechazo(c, "SELECT * FROM sipros_entregar(%s)", (elegido,))[0] == "SE007"
        kit = {r[2]: r[1] for r in c.execute("SELECT * FROM sipros_kit_evento(%s)", (evento,))}
        assert kit == {k1: "Separación de funciones", k2: "Entregado"}
    with otra.conectar() as c:
        assert c.execute("SELECT resultado FROM sipros_entregar(%s, 'INE')",
                         (elegido,)).fetchone() == ("Entregado",)  # fmt: skip
    # the rule is a constraint of the table too: not even the owner records it the other way
    s3 = evento_con_aprobadas(sql, 1, area=AREA_B)
    k3, _ = _emitir_sql(emisor, s3[0], s3[1])[s3[1][0]]
    with pytest.raises(errors.CheckViolation):
        sql.execute(
            "UPDATE comprobante SET estado = 'Entregado', entregado = now(), "
            "entrega_registrada = now(), entregado_por = emitido_por WHERE id = %s",
            (k3,),
        )


def test_hora_de_una_entrega_sin_conexion(personal: Personal, sql):
    """The time a client writes (offline) is refused when it is in the future, before the
    voucher's code was made, on another day than the event's or outside its hours (with the
    sync's two hours of tolerance); inside, it is applied as written. Nothing is written when
    refused."""
    evento, (s1, s2) = evento_con_aprobadas(sql, 2, area=AREA_B)
    emisor = personal.crear(["entrega"], area=AREA_B)
    clerk = personal.crear(["entrega"], area=AREA_B)
    vales = _emitir_sql(emisor, evento, [s1, s2])
    # the event was yesterday (Mexico City), 09:00 to 14:00; vouchers issued three days before
    # and the second one reprinted yesterday at 11:00
    ayer = sql.execute(
        "UPDATE evento_entrega SET fecha = fecha - 1, hora_inicio = '09:00', hora_fin = '14:00' "
        "WHERE id = %s RETURNING fecha",
        (evento,),
    ).fetchone()[0]
    sql.execute(
        "UPDATE comprobante SET emitido = (%s::date - 3 + time '08:00') AT TIME ZONE "
        "'America/Mexico_City' WHERE evento_id = %s",
        (ayer, evento),
    )
    sql.execute(
        "UPDATE comprobante SET reimpreso = (%s::date + time '11:00') AT TIME ZONE "
        "'America/Mexico_City' WHERE id = %s",
        (ayer, vales[s2][0]),
    )

    def hora(dias: int, hh: int, mm: int = 0) -> str:
        return f"{(ayer + timedelta(days=dias)).isoformat()} {hh:02d}:{mm:02d} America/Mexico_City"

    entregar = (
        "SELECT resultado, entregado FROM sipros_entregar(%s, 'INE', %s, %s::timestamptz, %s)"
    )
    (_k1, c1), (_k2, c2) = vales[s1], vales[s2]
    with clerk.conectar() as c:
        casos = [
            (c1, "now() + interval '1 hour'", "es futura"),
            (c1, hora(-2, 10), "no es del día del evento"),
            (c1, hora(-4, 10), "anterior a la impresión"),
            (c2, hora(0, 10, 30), "anterior a la impresión"),  # before it was reprinted
            (c1, hora(0, 6, 30), "fuera del horario del evento"),  # the day, hours before
            (c1, hora(0, 16, 5), "fuera del horario del evento"),  # past 14:00 + 2 h
        ]
        for codigo, cuando, motivo in casos:
            if cuando.startswith("now()"):
                cuando = c.execute(f"SELECT {cuando}").fetchone()[0].isoformat()
            estado, mensaje = _rechazo(c, entregar, (codigo, evento, cuando, uuid.uuid4()))
            assert estado == "SE006" and motivo in mensaje and "No se registró" in mensaje
        # positive controls: yesterday inside the event, and after the reprint
        for codigo, cuando in ((c1, hora(0, 10)), (c2, hora(0, 11, 30))):
            r = c.execute(entregar, (codigo, evento, cuando, uuid.uuid4())).fetchone()
            assert r[0] == "Entregado"
    assert sql.execute(
        "SELECT to_char(k.entregado AT TIME ZONE 'America/Mexico_City', 'HH24:MI'), "
        "b.fecha_entrega = %s FROM comprobante k JOIN beneficio b ON b.solicitud_id = "
        "k.solicitud_id WHERE k.evento_id = %s ORDER BY k.entregado",
        (ayer, evento),
    ).fetchall() == [("10:00", True), ("11:30", True)]


def test_al_migrar_el_comprobante_guarda_quien_lo_reimprimio_antes(bases, servidor):
    """A voucher re-keyed by a clerk before migration 0015 (schema 0014): the migration finds
    who did it in the audit log and keeps it on the voucher, so that clerk cannot deliver it."""
    from alembic import command

    from sipros_desktop import bd
    from sipros_desktop.bd import esquema
    from sipros_desktop.servicios import demo
    from tests.conftest import PROPIETARIO, ROL_PREFIJO

    url = bases.nueva()
    with psycopg.connect(bd.dsn(servidor), autocommit=True) as c:
        c.execute(f'ALTER DATABASE "{url.database}" OWNER TO "{PROPIETARIO}"')
    dueno = url.set(username=PROPIETARIO)
    motor = bd.crear_motor(dueno, pool_size=1)
    cfg = esquema._config()
    with motor.begin() as c:
        cfg.attributes["connection"] = c
        command.upgrade(cfg, "0014")
    bd.activar(dueno)
    try:
        demo.generar(120, 3)
    finally:
        bd.desactivar()
    personal = Personal(url, PROPIETARIO, ROL_PREFIJO)
    emisor, clerk, otra = (personal.crear(["entrega"], alcance="estatal") for _ in range(3))
    with personal.como_propietario() as c:
        evento, ids = evento_con_aprobadas(c, 1)
    (k, papel) = _emitir_sql(emisor, evento, ids)[ids[0]]
    nuevo = comprobantes.nuevo_codigo()
    with clerk.conectar() as c:
        c.execute("SELECT sipros_reimprimir_comprobantes(%s, %s)",
                  ([k], [comprobantes.hash_de(nuevo)]))  # fmt: skip
    with motor.begin() as c:
        cfg.attributes["connection"] = c
        command.upgrade(cfg, "head")
    motor.dispose()
    with personal.como_propietario() as c:
        assert c.execute(
            "SELECT emitido_por, reimpreso_por, reimpreso IS NOT NULL FROM comprobante "
            "WHERE id = %s",
            (k,),
        ).fetchone() == (emisor.usuario, [clerk.usuario], True)
    with clerk.conectar() as c:
        assert _rechazo(c, "SELECT * FROM sipros_entregar(%s)", (nuevo,))[0] == "SE007"
        assert _rechazo(c, "SELECT * FROM sipros_entregar(%s)", (papel,))[0] == "SE001"
    with otra.conectar() as c:
        assert c.execute("SELECT resultado FROM sipros_entregar(%s)", (nuevo,)).fetchone() == (
            "Entregado",
        )
