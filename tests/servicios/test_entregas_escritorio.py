"""The delivery desk in real use, below the screen: the voucher's pending SMS is cancelled by
the delivery itself (any client, in its transaction); only administrators plan events (raw SQL
as a delivery clerk, and the same statements as an administrator); the offline kit says when,
by whom and of which other event, as the server does; and an online scan on a PC whose
journal still holds an offline delivery of that voucher does not deliver it again."""

from __future__ import annotations

import json
from datetime import date, time

import psycopg
import pytest
from psycopg import errors

from sipros_desktop import bd
from sipros_desktop.cli import main
from sipros_desktop.errores import ErrorDatos, ErrorSipros
from sipros_desktop.servicios import comprobantes, entregas, horario
from tests.datos import codigos_del_pdf, evento_con_aprobadas
from tests.seguridad import Personal


@pytest.fixture
def emisor(personal: Personal):
    """Who issues the vouchers (whoever issues a voucher does not deliver it)."""
    return personal.crear(["entrega"], alcance="estatal")


@pytest.fixture
def entrega(personal: Personal, datos_locales, emisor):
    cuenta = personal.crear(["entrega"], alcance="estatal")
    personal.activar_como(cuenta)
    return cuenta


def _emitir(personal: Personal, emisor, cuenta, evento: int) -> list[str]:
    personal.activar_como(emisor)
    try:
        return codigos_del_pdf(comprobantes.emitir(evento).pdf)
    finally:
        personal.activar_como(cuenta)


def _otro_evento(sql, evento: int, n: int, nombre: str, dias: int = 0) -> int:
    """An event of the same call as ``evento`` (in Corregidora, ``dias`` later) with ``n``
    approved applications of the call without an event."""
    otro = sql.execute(
        "INSERT INTO evento_entrega (convocatoria_id, nombre, municipio_id, domicilio, fecha, "
        "hora_inicio, hora_fin, responsable) SELECT e.convocatoria_id, %s, m.id, 'Auditorio', "
        "e.fecha + %s, e.hora_inicio, e.hora_fin, e.responsable FROM evento_entrega e, "
        "municipio m WHERE e.id = %s AND m.clave = '22006' RETURNING id",
        (nombre, dias, evento),
    ).fetchone()[0]
    ids = [r[0] for r in sql.execute(
        "SELECT s.id FROM solicitud s JOIN evento_entrega e ON e.convocatoria_id = "
        "s.convocatoria_id WHERE e.id = %s AND s.estado = 'Aprobada' AND NOT EXISTS (SELECT 1 "
        "FROM evento_solicitud a WHERE a.solicitud_id = s.id) ORDER BY s.id LIMIT %s",
        (otro, n))]  # fmt: skip
    assert len(ids) == n, "la demostración no tiene bastantes solicitudes aprobadas libres"
    sql.execute("SELECT sipros_asignar_evento(%s, %s)", (otro, ids))
    return otro


# --------------------------------------------------------------------------- the SMS notice


def test_la_entrega_cancela_el_aviso_del_comprobante_que_no_ha_salido(
    personal: Personal, sql, emisor
):
    """«Comprobante emitido… se entrega el 12/12» still in the outbox when the beneficiary
    collects: the delivery, from psql, cancels it in the same transaction (the delivery's own
    «entregada» notice stays). A notice already sent, or of a voucher not delivered, is left
    as it was; a delivery rolled back cancels nothing."""
    evento, ids = evento_con_aprobadas(sql, 3)
    sql.execute(
        "UPDATE ciudadano SET telefono = '4421112233', acepta_sms = true WHERE id IN "
        "(SELECT ciudadano_id FROM solicitud WHERE id = ANY(%s))",
        (ids,),
    )
    codigos = _emitir(personal, emisor, emisor, evento)
    por_solicitud = {
        sql.execute(
            "SELECT solicitud_id FROM comprobante WHERE codigo_hash = %s",
            (comprobantes.hash_de(c),),
        ).fetchone()[0]: c
        for c in codigos
    }

    def aviso(solicitud: int) -> tuple:
        return sql.execute(
            "SELECT estado, cancelado_por, respuesta FROM mensaje WHERE solicitud_id = %s "
            "AND evento = 'comprobante'",
            (solicitud,),
        ).fetchone()

    assert all(aviso(s)[0] == "Pendiente" for s in ids)
    # the first notice went out before the delivery; the dispatcher sent it
    sql.execute(
        "UPDATE mensaje SET estado = 'Enviado', enviado = now() WHERE solicitud_id = %s "
        "AND evento = 'comprobante'",
        (ids[0],),
    )
    entrega = personal.crear(["entrega"], alcance="estatal")
    with entrega.conectar() as c:
        # a delivery rolled back: the notice is still to be sent
        with pytest.raises(RuntimeError), c.transaction():
            c.execute("SELECT * FROM sipros_entregar(%s, 'INE', %s)", (por_solicitud[ids[1]],
                                                                      evento))  # fmt: skip
            assert aviso(ids[1])[0] == "Pendiente"  # (another connection: not committed yet)
            raise RuntimeError("se cancela la transacción")
        assert aviso(ids[1])[0] == "Pendiente"
        for s in ids[:2]:
            c.execute("SELECT * FROM sipros_entregar(%s, 'INE', %s)", (por_solicitud[s], evento))
    assert aviso(ids[0])[0] == "Enviado"  # already sent: left alone
    estado, quien, respuesta = aviso(ids[1])
    assert (estado, quien) == ("Cancelado", entrega.usuario)
    assert respuesta.startswith("No se envió: el apoyo se entregó el ")
    assert aviso(ids[2])[0] == "Pendiente"  # not delivered: its notice still goes
    assert sql.execute(
        "SELECT estado FROM mensaje WHERE solicitud_id = %s AND evento = 'entregada'", (ids[1],)
    ).fetchone() == ("Pendiente",)


# --------------------------------------------------------------------------- who plans events


def test_solo_los_administradores_planean_eventos(personal: Personal, sql):
    """A delivery clerk with psql creates, changes and deletes no event and assigns nothing;
    an administrator of the same área does each of those statements; the application says
    it in Spanish and for whom."""
    evento, ids = evento_con_aprobadas(sql, 2)
    area = sql.execute(
        "SELECT a.clave FROM evento_entrega e JOIN convocatoria c ON c.id = e.convocatoria_id "
        "JOIN programa p ON p.id = c.programa_id JOIN area a ON a.id = p.area_id WHERE e.id = %s",
        (evento,),
    ).fetchone()[0]
    clerk = personal.crear(["entrega"], area=area)
    admin = personal.crear(["administrador"], area=area)
    alta = (
        "INSERT INTO evento_entrega (convocatoria_id, nombre, municipio_id, domicilio, fecha, "
        "hora_inicio, hora_fin, responsable) SELECT convocatoria_id, 'Otra sede', municipio_id, "
        "'Plaza', fecha, hora_inicio, hora_fin, 'Nadie' FROM evento_entrega WHERE id = %s "
        "RETURNING id"
    )
    antes = sql.execute("SELECT count(*) FROM evento_entrega").fetchone()
    with clerk.conectar() as c:
        # it reads the event, and changes nothing of it
        leido = c.execute("SELECT count(*) FROM evento_entrega WHERE id = %s", (evento,))
        assert leido.fetchone() == (1,)
        for orden, params in (
            (alta, (evento,)),
            ("UPDATE evento_entrega SET domicilio = 'Otro lugar' WHERE id = %s", (evento,)),
            ("DELETE FROM evento_entrega WHERE id = %s", (evento,)),
            ("SELECT sipros_quitar_de_evento(%s, %s)", (evento, [ids[0]])),
            ("SELECT sipros_asignar_evento(%s, %s)", (evento, [ids[0]])),
        ):
            with pytest.raises(errors.InsufficientPrivilege):
                c.execute(orden, params)
    assert sql.execute("SELECT count(*) FROM evento_entrega").fetchone() == antes
    assert sql.execute("SELECT domicilio FROM evento_entrega WHERE id = %s",
                       (evento,)).fetchone() == ("Jardín principal",)  # fmt: skip
    # the same statements as the área's administrator
    with admin.conectar() as c:
        nuevo = c.execute(alta, (evento,)).fetchone()[0]
        c.execute("UPDATE evento_entrega SET domicilio = 'Otro lugar' WHERE id = %s", (nuevo,))
        assert c.execute("SELECT sipros_quitar_de_evento(%s, %s)",
                         (evento, [ids[0]])).fetchone() == (1,)  # fmt: skip
        assert c.execute("SELECT sipros_asignar_evento(%s, %s)",
                         (nuevo, [ids[0]])).fetchone() == (1,)  # fmt: skip
        assert c.execute("SELECT sipros_quitar_de_evento(%s, %s)",
                         (nuevo, [ids[0]])).fetchone() == (1,)  # fmt: skip
        assert c.execute("DELETE FROM evento_entrega WHERE id = %s", (nuevo,)).rowcount == 1
    # the application, as the clerk: said in Spanish, nothing saved
    personal.activar_como(clerk)
    fila = entregas.evento(evento)
    datos = entregas.DatosEvento(
        fila.convocatoria_id, "Evento del día", fila.municipio_id, "Plaza", date(2026, 12, 1),
        time(9), time(10), "Nadie",
    )  # fmt: skip
    for accion in (
        lambda: entregas.guardar_evento(datos),
        lambda: entregas.borrar_evento(evento),
        lambda: entregas.asignar(evento, [ids[1]]),
        lambda: entregas.quitar(evento, [ids[1]]),
    ):
        with pytest.raises(ErrorDatos, match="Solo los administradores planean los eventos"):
            accion()
    assert sql.execute("SELECT count(*) FROM evento_entrega").fetchone() == antes


# --------------------------------------------------------------------------- the kit


def test_el_paquete_dice_cuando_quien_y_de_que_otro_evento(
    personal: Personal, sql, emisor, entrega, monkeypatch, capsys
):
    """Offline, a voucher delivered online before the kit was downloaded says when and by
    whom; a genuine voucher of another event of the call says which event, as online; the kit
    holds only the hash and the event of those, nothing about their people."""
    evento, _ids = evento_con_aprobadas(sql, 2)
    otro = _otro_evento(sql, evento, 1, "Entrega en Corregidora")
    codigos = _emitir(personal, emisor, entrega, evento)
    (ajeno,) = _emitir(personal, emisor, entrega, otro)
    colega = personal.crear(["entrega"], alcance="estatal")
    with colega.conectar() as c:
        entregado = c.execute(
            "SELECT entregado FROM sipros_entregar(%s, 'INE', %s)", (codigos[0], evento)
        ).fetchone()[0]
    en_linea = entregas.ver(ajeno, evento)
    # the command line downloads it and says what it holds
    monkeypatch.setenv("SIPROS_DB_URL", entrega.url.render_as_string(hide_password=False))
    assert main(["entregas", "paquete", "--evento", str(evento)]) == 0
    dicho = capsys.readouterr().out
    assert "2 comprobantes, y " in dicho and "de otros eventos (solo su código cifrado" in dicho
    personal.activar_como(entrega)
    kit = entregas.descargar_kit(evento)
    guardado = json.loads(kit.ruta.read_text(encoding="utf-8"))
    assert guardado["version"] == 2
    # of another event: its hash and which event, nothing else
    assert guardado["eventos"][guardado["otros"][comprobantes.hash_de(ajeno).hex()]] == {
        "nombre": "Entrega en Corregidora", "fecha": kit.fecha.isoformat(),
        "municipio": "Corregidora"}  # fmt: skip
    assert all(set(e) == {"nombre", "fecha", "municipio"} for e in guardado["eventos"].values())
    assert set(guardado["otros"].values()) <= set(guardado["eventos"])
    nombre_ajeno = sql.execute(
        "SELECT c.nombre FROM comprobante k JOIN solicitud s ON s.id = k.solicitud_id "
        "JOIN ciudadano c ON c.id = s.ciudadano_id WHERE k.codigo_hash = %s",
        (comprobantes.hash_de(ajeno),),
    ).fetchone()[0]
    assert nombre_ajeno not in kit.ruta.read_text(encoding="utf-8")
    # at the point, without connection
    bd.activar(entrega.url.set(port=1), probar=False)
    lectura = entregas.ver_sin_conexion(kit, ajeno)
    assert lectura.estado == en_linea.estado == "Otro evento"
    esperado = (
        f"Es de otro evento: «Entrega en Corregidora» del {kit.fecha:%d/%m/%Y} en Corregidora."
    )
    assert lectura.motivo == en_linea.motivo == esperado
    ya = entregas.ver_sin_conexion(kit, codigos[0])
    assert ya.estado == "Entregado"
    assert (
        f"Ya se entregó el {horario.local(entregado):%d/%m/%Y} a las {horario.hora(entregado)} "
        f"por {colega.usuario} en «Entrega de prueba»" in ya.motivo
    )
    with pytest.raises(entregas.ErrorEntrega, match="Es de otro evento"):
        entregas.entregar_sin_conexion(kit, ajeno, "INE")
    assert entregas.ver_sin_conexion(kit, codigos[1]).estado == "Por entregar"


# --------------------------------------------------------------------------- the journal online


def test_en_linea_no_se_entrega_lo_que_este_equipo_entrego_sin_conexion(
    personal: Personal, sql, emisor, entrega
):
    """Three offline deliveries; the sync cannot reach the server, and the next scans are
    online: each of the three reads «Entregado» (delivered here, not synchronised) and is not
    delivered again, while a voucher not in the journal is. Once synchronised, the server
    answers; a conflict not reviewed still says it was handed over here."""
    evento, _ids = evento_con_aprobadas(sql, 4)
    codigos = _emitir(personal, emisor, entrega, evento)
    kit = entregas.descargar_kit(evento)
    for codigo in codigos[:3]:
        entregas.entregar_sin_conexion(kit, codigo, "INE")
    bd.activar(entrega.url.set(port=1), probar=False)
    with pytest.raises(ErrorSipros):
        entregas.sincronizar()
    personal.activar_como(entrega)  # the connection is back, the journal not synchronised
    for codigo in codigos[:3]:
        lectura = entregas.ver(codigo, evento)
        assert lectura.estado == "Entregado" and lectura.folio
        assert "sin conexión en este equipo" in lectura.motivo
        assert "falta sincronizarlo" in lectura.motivo
        with pytest.raises(entregas.ErrorEntrega, match="No se entrega de nuevo") as e:
            entregas.entregar(codigo, "INE", evento)
        assert e.value.estado == "Entregado"
    assert sql.execute(
        "SELECT count(*) FROM comprobante WHERE evento_id = %s AND estado = 'Entregado'", (evento,)
    ).fetchone() == (0,)
    assert entregas.ver(codigos[3], evento).estado == "Por entregar"  # positive control
    assert entregas.entregar(codigos[3], "INE", evento).resultado == "Entregado"
    # a conflict (the voucher was cancelled meanwhile) still reads as handed over here
    k = sql.execute("SELECT id FROM comprobante WHERE codigo_hash = %s",
                    (comprobantes.hash_de(codigos[2]),)).fetchone()[0]  # fmt: skip
    with emisor.conectar() as c:
        c.execute("SELECT sipros_cancelar_comprobante(%s, 'Beneficiario finado')", (k,))
    r = entregas.sincronizar()
    assert (r.aplicadas, len(r.conflictos)) == (2, 1)
    assert "Ya se entregó el" in entregas.ver(codigos[0], evento).motivo  # the server's answer
    tercera = entregas.ver(codigos[2], evento)
    assert tercera.estado == "Entregado" and "conflicto por revisar" in tercera.motivo
    (conflicto,) = entregas.conflictos_por_revisar()
    assert conflicto.folio == tercera.folio and "Beneficiario finado" in conflicto.motivo
    assert conflicto.nombre == kit.comprobantes[comprobantes.hash_de(codigos[2]).hex()]["nombre"]
    # reviewed: the server answers again (cancelled)
    entregas.revisar_conflicto(conflicto.clave, "Cancelado antes de la entrega; visto.")
    assert entregas.ver(codigos[2], evento).estado == "Cancelado"


def test_un_diario_con_una_hora_alterada_no_rompe_la_lectura(personal, sql, emisor, entrega):
    """The journal's time is read as the journal wrote it (an instant with its offset); an
    entry edited into nonsense still blocks the voucher, without a time."""
    evento, _ids = evento_con_aprobadas(sql, 1)
    (codigo,) = _emitir(personal, emisor, entrega, evento)
    kit = entregas.descargar_kit(evento)
    entregas.entregar_sin_conexion(kit, codigo, "INE")
    diario = entregas.Diario()
    (linea,) = diario.ruta.read_text(encoding="utf-8").splitlines()
    registro = json.loads(linea)
    assert registro["cuando"][-6] in "+-"  # with its offset
    registro["cuando"] = "ayer"
    diario.ruta.write_text(json.dumps(registro) + "\n", encoding="utf-8")
    lectura = entregas.ver(codigo, evento)
    assert lectura.estado == "Entregado" and lectura.motivo.startswith(
        "Ya se entregó sin conexión en este equipo y falta"
    )
    with psycopg.connect(bd.dsn(entrega.url)) as c:  # nothing reached the server
        assert c.execute("SELECT estado FROM comprobante WHERE codigo_hash = %s",
                         (comprobantes.hash_de(codigo),)).fetchone() == ("Vigente",)  # fmt: skip
