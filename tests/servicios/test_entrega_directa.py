"""Deliveries without an event (transfer, card, cheque): through the service as a delivery
clerk, and going around it with raw SQL — a clerk of another área cannot register one (beside
the same statement by a clerk of the right área), other profiles cannot at all, two clerks at
the same moment make one delivery, and whoever approved the application does not register it.
The delivery is the same as a voucher's: history, beneficio (the Padrón), SMS, audit."""

from __future__ import annotations

import threading
from datetime import date

import psycopg
import pytest
from psycopg import errors

from sipros_desktop.cli import main
from sipros_desktop.errores import ErrorDatos
from sipros_desktop.servicios import comprobantes, entrega_directa, padron, solicitudes
from sipros_desktop.servicios.entregas import ErrorEntrega
from tests.datos import codigos_del_pdf, evento_con_aprobadas
from tests.reloj import HOY
from tests.seguridad import Personal


def _aprobada(sql, n: int = 1) -> tuple[list[int], str]:
    """``n`` approved applications without a voucher, of one área; and that área's key."""
    area = sql.execute(
        "SELECT a.clave FROM solicitud s JOIN convocatoria c ON c.id = s.convocatoria_id "
        "JOIN programa p ON p.id = c.programa_id JOIN area a ON a.id = p.area_id "
        "WHERE s.estado = 'Aprobada' AND NOT EXISTS (SELECT 1 FROM comprobante k "
        "WHERE k.solicitud_id = s.id) GROUP BY a.clave HAVING count(*) >= %s "
        "ORDER BY count(*) DESC, 1 LIMIT 1",
        (n,),
    ).fetchone()[0]
    filas = sql.execute(
        "SELECT s.id FROM solicitud s JOIN convocatoria c ON c.id = s.convocatoria_id "
        "JOIN programa p ON p.id = c.programa_id JOIN area a ON a.id = p.area_id "
        "WHERE s.estado = 'Aprobada' AND a.clave = %s AND NOT EXISTS (SELECT 1 FROM "
        "comprobante k WHERE k.solicitud_id = s.id) ORDER BY s.id LIMIT %s",
        (area, n),
    )
    ids = [r[0] for r in filas]
    return ids, area


def _otra_area(sql, area: str) -> str:
    return sql.execute(
        "SELECT a.clave FROM area a WHERE a.clave <> %s AND EXISTS (SELECT 1 FROM programa p "
        "WHERE p.area_id = a.id) ORDER BY a.clave LIMIT 1",
        (area,),
    ).fetchone()[0]


def test_registrar_entrega_por_transferencia(personal: Personal, sql):
    (sid,), area = _aprobada(sql)
    sql.execute(
        "UPDATE ciudadano SET telefono = '4421112233', acepta_sms = true WHERE id = "
        "(SELECT ciudadano_id FROM solicitud WHERE id = %s)",
        (sid,),
    )
    clerk = personal.crear(["entrega"], area=area, alcance="area")
    personal.activar_como(clerk)
    r = entrega_directa.registrar(sid, "transferencia", "  SPEI 0071 2345 ", date(2026, 11, 20))
    assert r.fecha == date(2026, 11, 20) and r.folio
    fila = sql.execute(
        "SELECT s.estado, e.metodo, e.referencia, e.fecha, e.registrado_por, "
        "b.fecha_entrega, b.origen, b.monto = t.monto, "
        "(SELECT array_agg(h.usuario || ': ' || h.comentario) FROM solicitud_historial h "
        " WHERE h.solicitud_id = s.id AND h.estado = 'Entregado'), "
        "(SELECT estado FROM mensaje m WHERE m.solicitud_id = s.id AND m.evento = 'entregada'), "
        "(SELECT count(*) FROM bitacora x WHERE x.tabla = 'entrega_directa' "
        " AND x.clave = s.id::text AND x.usuario = %s) "
        "FROM solicitud s JOIN entrega_directa e ON e.solicitud_id = s.id "
        "JOIN beneficio b ON b.solicitud_id = s.id JOIN tipo_apoyo t ON t.id = s.tipo_apoyo_id "
        "WHERE s.id = %s",
        (clerk.usuario, sid),
    ).fetchone()
    assert fila == (
        "Entregado", "Transferencia", "SPEI 0071 2345", date(2026, 11, 20), clerk.usuario,
        date(2026, 11, 20), "Solicitud", True,
        [f"{clerk.usuario}: Entrega sin evento: transferencia, referencia SPEI 0071 2345, "
         "el 20/11/2026"],
        "Pendiente", 1,
    )  # fmt: skip
    # the Padrón shows it as any delivery
    curp = sql.execute(
        "SELECT c.curp FROM ciudadano c JOIN solicitud s ON s.ciudadano_id = c.id WHERE s.id = %s",
        (sid,),
    ).fetchone()[0]
    dia = date(2026, 11, 20)
    assert curp in {f.curp for f in padron.pagina(padron.Filtro(desde=dia, hasta=dia)).filas}
    # once: a second registration says when and how it was delivered
    with pytest.raises(ErrorEntrega) as e:
        entrega_directa.registrar(sid, "cheque", "123", HOY)
    assert e.value.estado == "Entregado"
    assert f"{r.folio} ya se entregó el 20/11/2026 (transferencia SPEI 0071 2345" in e.value.mensaje
    assert (
        entrega_directa.de_solicitud(sid)
        .texto()
        .startswith("Transferencia, referencia SPEI 0071 2345, el 20/11/2026")
    )
    # who registered it, by name (never a login)
    assert (
        entrega_directa.de_solicitud(sid)
        .texto()
        .endswith(f"(registró Funcionario {clerk.usuario})")
    )


def test_lo_mal_escrito_se_explica_y_no_se_escribe_nada(personal: Personal, sql):
    (sid,), area = _aprobada(sql)
    personal.activar_como(personal.crear(["entrega"], area=area, alcance="area"))
    with pytest.raises(ErrorDatos) as e:
        entrega_directa.registrar(sid, "efectivo", " ", date(2027, 1, 1))
    assert e.value.mensaje.splitlines() == [
        "«efectivo» no es una forma de entrega. Use: transferencia, tarjeta, cheque, "
        "orden de pago.",
        "Escriba la referencia: el número de la transferencia, del cheque o de la tarjeta.",
        "La fecha de la entrega (01/01/2027) es futura: anote el día en que se hizo.",
    ]
    # a date before the approval, from psql: the database says so
    with pytest.raises(ErrorEntrega) as e:
        entrega_directa.registrar(sid, "tarjeta", "****1234", date(2000, 1, 1))
    assert "anterior a la aprobación" in e.value.mensaje
    assert sql.execute("SELECT estado FROM solicitud WHERE id = %s", (sid,)).fetchone() == (
        "Aprobada",
    )
    assert sql.execute(
        "SELECT count(*) FROM beneficio WHERE solicitud_id = %s", (sid,)
    ).fetchone() == (0,)


def test_clerk_de_otra_area_no_la_registra(personal: Personal, sql):
    (sid,), area = _aprobada(sql)
    ajeno = personal.crear(["entrega"], area=_otra_area(sql, area), alcance="area")
    propio = personal.crear(["entrega"], area=area, alcance="area")
    registrar = "SELECT resultado FROM sipros_entregar_sin_evento(%s, 'Transferencia', 'R-1')"
    with ajeno.conectar() as c, pytest.raises(psycopg.Error) as e:
        c.execute(registrar, (sid,))
    assert e.value.sqlstate == "SE001" and "no está en su alcance" in str(e.value)
    # nor by writing the row itself
    with ajeno.conectar() as c, pytest.raises(errors.InsufficientPrivilege):
        c.execute(
            "INSERT INTO entrega_directa (solicitud_id, metodo, referencia, fecha) "
            "VALUES (%s, 'Transferencia', 'R-1', %s)",
            (sid, HOY),
        )
    # other profiles: not at all, whatever their alcance
    for perfil in ("funcionario", "ventanilla", "administrador"):
        otro = personal.crear([perfil], alcance="estatal")
        with otro.conectar() as c, pytest.raises(errors.InsufficientPrivilege):
            c.execute(registrar, (sid,))
    # positive control: the same statement by a delivery clerk of the application's área
    with propio.conectar() as c:
        assert c.execute(registrar, (sid,)).fetchone() == ("Entregado",)


def test_dos_clerks_a_la_vez_una_sola_entrega(personal: Personal, sql):
    (sid,), area = _aprobada(sql)
    clerks = [personal.crear(["entrega"], area=area, alcance="area") for _ in range(2)]
    barrera = threading.Barrier(2)
    resultados: list[str] = []
    candado = threading.Lock()

    def registrar(cuenta, referencia: str) -> None:
        with cuenta.conectar() as c:
            barrera.wait()
            try:
                r = c.execute(
                    "SELECT resultado FROM sipros_entregar_sin_evento(%s, 'Transferencia', %s)",
                    (sid, referencia),
                ).fetchone()[0]
            except psycopg.Error as e:
                r = e.sqlstate
            with candado:
                resultados.append(r)

    hilos = [threading.Thread(target=registrar, args=(c, f"R-{i}")) for i, c in enumerate(clerks)]
    for h in hilos:
        h.start()
    for h in hilos:
        h.join()
    assert sorted(resultados) == ["Entregado", "SE002"]
    assert sql.execute(
        "SELECT (SELECT count(*) FROM beneficio WHERE solicitud_id = %s), "
        "(SELECT count(*) FROM entrega_directa WHERE solicitud_id = %s), "
        "(SELECT count(*) FROM solicitud_historial WHERE solicitud_id = %s "
        " AND estado = 'Entregado')",
        (sid, sid, sid),
    ).fetchone() == (1, 1, 1)


def test_quien_aprobo_no_registra_la_entrega(personal: Personal, sql):
    sid, version, area = sql.execute(
        "SELECT s.id, s.version, a.clave FROM solicitud s "
        "JOIN convocatoria c ON c.id = s.convocatoria_id JOIN programa p ON p.id = c.programa_id "
        "JOIN area a ON a.id = p.area_id WHERE s.estado = 'En proceso' ORDER BY s.id LIMIT 1"
    ).fetchone()
    ambos = personal.crear(["funcionario", "entrega"], area=area, alcance="area")
    personal.activar_como(ambos)
    solicitudes.dictaminar(sid, version, "Aprobada")
    with ambos.conectar() as c, pytest.raises(psycopg.Error) as e:
        c.execute("SELECT * FROM sipros_entregar_sin_evento(%s, 'Cheque', '0001234')", (sid,))
    assert e.value.sqlstate == "SE007" and "separación de funciones" in str(e.value)
    # another clerk of the área registers it
    otro = personal.crear(["entrega"], area=area, alcance="area")
    with otro.conectar() as c:
        r = c.execute("SELECT resultado FROM sipros_entregar_sin_evento(%s, 'Cheque', '0001234')",
                      (sid,))  # fmt: skip
        assert r.fetchone() == ("Entregado",)


def test_quien_emitio_o_reimprimio_el_comprobante_no_registra_la_entrega_sin_evento(
    personal: Personal, sql
):
    """Separation of duties: whoever issues or re-keys a voucher does not deliver
    it. Without an event the same application could be delivered by that person alone — a
    transfer reference it writes, and the citizen's paper cancelled. The database must refuse
    it (SE007) as sipros_entregar does; another clerk of the área registers it."""
    evento, (s1, s2, s3) = evento_con_aprobadas(sql, 3)
    area = sql.execute(
        "SELECT a.clave FROM evento_entrega e JOIN convocatoria c ON c.id = e.convocatoria_id "
        "JOIN programa p ON p.id = c.programa_id JOIN area a ON a.id = p.area_id WHERE e.id = %s",
        (evento,),
    ).fetchone()[0]
    emisor = personal.crear(["entrega"], area=area)
    reimpresor = personal.crear(["entrega"], area=area)
    otro = personal.crear(["entrega"], area=area)
    personal.activar_como(emisor)
    comprobantes.emitir(evento)
    vale = dict(sql.execute("SELECT solicitud_id, id FROM comprobante WHERE evento_id = %s",
                            (evento,)).fetchall())  # fmt: skip
    with reimpresor.conectar() as c:
        c.execute("SELECT sipros_reimprimir_comprobantes(%s, %s)",
                  ([vale[s2]], [comprobantes.hash_de(comprobantes.nuevo_codigo())]))  # fmt: skip
    orden = "SELECT resultado FROM sipros_entregar_sin_evento(%s, 'Transferencia', 'SPEI 0001')"
    # positive control: a clerk who neither issued nor re-keyed it registers the third
    with otro.conectar() as c:
        assert c.execute(orden, (s3,)).fetchone() == ("Entregado",)
    respuestas = {}
    for cuenta, sid in ((emisor, s1), (reimpresor, s2)):
        with cuenta.conectar() as c:
            try:
                respuestas[sid] = c.execute(orden, (sid,)).fetchone()[0]
            except psycopg.Error as e:
                respuestas[sid] = e.sqlstate
    assert respuestas == {s1: "SE007", s2: "SE007"}
    assert sql.execute(
        "SELECT array_agg(k.estado || '/' || s.estado ORDER BY s.id) FROM comprobante k "
        "JOIN solicitud s ON s.id = k.solicitud_id WHERE s.id IN (%s, %s)",
        (s1, s2),
    ).fetchone() == (["Vigente/Aprobada", "Vigente/Aprobada"],)


def test_el_comprobante_vigente_deja_de_servir_y_su_aviso_no_sale(personal: Personal, sql):
    evento, ids = evento_con_aprobadas(sql, 1)
    sid = ids[0]
    sql.execute(
        "UPDATE ciudadano SET telefono = '4421112233', acepta_sms = true WHERE id = "
        "(SELECT ciudadano_id FROM solicitud WHERE id = %s)",
        (sid,),
    )
    emisor = personal.crear(["entrega"], alcance="estatal")
    personal.activar_como(emisor)
    codigo = codigos_del_pdf(comprobantes.emitir(evento).pdf)[0]
    clerk = personal.crear(["entrega"], alcance="estatal")
    personal.activar_como(clerk)
    entrega_directa.registrar(sid, "Tarjeta", "Tarjeta 5204 **** 1234")
    estado, motivo, aviso = sql.execute(
        "SELECT k.estado, k.motivo_cancelacion, (SELECT m.estado || ': ' || m.respuesta "
        "FROM mensaje m WHERE m.solicitud_id = k.solicitud_id AND m.evento = 'comprobante') "
        "FROM comprobante k WHERE k.solicitud_id = %s",
        (sid,),
    ).fetchone()
    assert estado == "Cancelado" and motivo.startswith("Entregado sin evento: tarjeta")
    assert (
        aviso
        == f"Cancelado: No se envió: el apoyo se entregó el {HOY:%d/%m/%Y}, antes que el aviso."
    )
    # the paper no longer delivers anything
    with clerk.conectar() as c, pytest.raises(psycopg.Error) as e:
        c.execute("SELECT * FROM sipros_entregar(%s, 'INE', %s)", (codigo, evento))
    assert e.value.sqlstate == "SE003"


def test_orden_entregas_registrar(personal: Personal, sql, capsys, datos_locales, monkeypatch):
    (sid,), area = _aprobada(sql)
    folio = sql.execute("SELECT folio FROM solicitud WHERE id = %s", (sid,)).fetchone()[0]
    clerk = personal.crear(["entrega"], area=area, alcance="area")
    monkeypatch.setenv("SIPROS_DB_URL", clerk.url.render_as_string(hide_password=False))
    assert main(["entregas", "registrar", folio, "--metodo", "cheque", "--referencia",
                 "0004567", "--fecha", "24/11/2026"]) == 0  # fmt: skip
    assert f"{folio}: entregado por cheque" in capsys.readouterr().out
    assert main(["entregas", "registrar", folio, "--metodo", "cheque", "--referencia", "1"]) == 1
    assert "ya se entregó el 24/11/2026" in capsys.readouterr().err
