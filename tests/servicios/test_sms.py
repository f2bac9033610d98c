"""SMS outbox in the database: each event of an application leaves its message in the event's
own transaction (rolled back, nothing), only for citizens who accepted SMS; templates that
administrators edit, checked by the database; segment counting as the carriers count."""

from __future__ import annotations

import psycopg
import pytest

from sipros_desktop.errores import ErrorDatos
from sipros_desktop.servicios import comprobantes, sms, solicitudes
from tests.datos import ELEGIBLE, codigos_del_pdf, presentar
from tests.seguridad import Personal


def _convocatoria_y_ciudadanos(sql, n: int) -> tuple[int, int, list[int]]:
    """An open call and ``n`` eligible citizens without an application in it."""
    conv, tipo = sql.execute(
        "SELECT c.id, (SELECT min(t.id) FROM tipo_apoyo t WHERE t.programa_id = c.programa_id) "
        "FROM convocatoria c WHERE c.abierta AND sipros_hoy() BETWEEN c.fecha_apertura "
        "AND c.fecha_cierre AND coalesce(c.cupo, 1000) > 50 AND c.presupuesto IS NULL "
        "ORDER BY c.id LIMIT 1"
    ).fetchone()
    ciudadanos = [r[0] for r in sql.execute(
        f"SELECT x.id FROM ciudadano x, convocatoria c WHERE c.id = %s AND {ELEGIBLE} "
        "AND NOT EXISTS (SELECT 1 FROM solicitud v WHERE v.ciudadano_id = x.id "
        "AND v.convocatoria_id = c.id) ORDER BY x.id LIMIT %s", (conv, n))]  # fmt: skip
    assert len(ciudadanos) == n
    return conv, tipo, ciudadanos


def _mensajes(sql, ciudadano: int) -> list[tuple[str, str, str]]:
    return sql.execute(
        "SELECT evento, telefono, texto FROM mensaje WHERE ciudadano_id = %s ORDER BY id",
        (ciudadano,),
    ).fetchall()


def test_cada_evento_avisa_al_ciudadano_en_su_propia_transaccion(personal: Personal, sql):
    conv, tipo, (acepta, no_acepta, otro) = _convocatoria_y_ciudadanos(sql, 3)
    sql.execute("UPDATE ciudadano SET telefono = '4421112233', acepta_sms = true WHERE id = %s",
                (acepta,))  # fmt: skip
    sql.execute("UPDATE ciudadano SET telefono = '4429998877', acepta_sms = false WHERE id = %s",
                (no_acepta,))  # fmt: skip
    sql.execute("UPDATE ciudadano SET telefono = '4425556677', acepta_sms = true WHERE id = %s",
                (otro,))  # fmt: skip

    folio = presentar(sql, acepta, conv, tipo)
    (evento, telefono, texto), = _mensajes(sql, acepta)  # fmt: skip
    assert (evento, telefono) == ("solicitud_registrada", "+524421112233")
    assert folio in texto and "{" not in texto

    # a filing rolled back announces nothing
    with pytest.raises(RuntimeError), sql.transaction():
        presentar(sql, otro, conv, tipo)
        assert len(_mensajes(sql, otro)) == 1  # written inside the transaction…
        raise RuntimeError("la captura se cancela")
    assert _mensajes(sql, otro) == []  # …and gone with it
    assert sql.execute("SELECT count(*) FROM solicitud WHERE ciudadano_id = %s AND "
                       "convocatoria_id = %s", (otro, conv)).fetchone()[0] == 0  # fmt: skip

    # who did not accept SMS gets none
    presentar(sql, no_acepta, conv, tipo)
    assert _mensajes(sql, no_acepta) == []

    # the dictamen: correction (with what to fix), attended (no message), approval
    funcionario = personal.crear(["funcionario"], alcance="estatal")
    personal.activar_como(funcionario)
    sid, version = sql.execute("SELECT id, version FROM solicitud WHERE folio = %s",
                               (folio,)).fetchone()  # fmt: skip
    version = solicitudes.dictaminar(sid, version, "Corrección", "Falta la CURP impresa legible")
    version = solicitudes.dictaminar(sid, version, "En proceso")
    solicitudes.dictaminar(sid, version, "Aprobada")
    eventos = [m[0] for m in _mensajes(sql, acepta)]
    assert eventos == ["solicitud_registrada", "correccion", "aprobada"]
    assert "Falta la CURP impresa legible" in _mensajes(sql, acepta)[1][2]

    # the voucher says where and when; the delivery closes the story
    ev = sql.execute(
        "INSERT INTO evento_entrega (convocatoria_id, nombre, municipio_id, domicilio, fecha, "
        "hora_inicio, hora_fin, responsable) SELECT %s, 'Entrega de invierno', m.id, "
        "'Jardín Guerrero', sipros_hoy() + 3, '09:00', '13:30', 'Responsable' FROM municipio m "
        "WHERE m.clave = '22014' RETURNING id, to_char(fecha, 'DD/MM/YYYY')",
        (conv,),
    ).fetchone()
    sql.execute("SELECT sipros_asignar_evento(%s, %s)", (ev[0], [sid]))
    emisor = personal.crear(["entrega"], alcance="estatal")  # who issues does not deliver
    personal.activar_como(emisor)
    codigo, = codigos_del_pdf(comprobantes.emitir(ev[0], [sid]).pdf)  # fmt: skip
    entrega = personal.crear(["entrega"], alcance="estatal")
    aviso = _mensajes(sql, acepta)[-1]
    assert aviso[0] == "comprobante"
    # (the default templates strip the accents GSM-7 lacks: one «í» would make it UCS-2)
    assert ev[1] in aviso[2] and "Jardin Guerrero" in aviso[2] and "09:00 a 13:30" in aviso[2]
    with entrega.conectar() as c:
        c.execute("SELECT * FROM sipros_entregar(%s, 'INE', %s)", (codigo, ev[0]))
    eventos = [m[0] for m in _mensajes(sql, acepta)]
    assert eventos == ["solicitud_registrada", "correccion", "aprobada", "comprobante",
                       "entregada"]  # fmt: skip
    # queued: nothing has been sent yet, and who queued them is the database's answer; the
    # voucher's notice, still unsent when the support was delivered, is cancelled by it
    assert sql.execute(
        "SELECT evento, estado FROM mensaje WHERE ciudadano_id = %s ORDER BY id", (acepta,)
    ).fetchall() == [("solicitud_registrada", "Pendiente"), ("correccion", "Pendiente"),
                     ("aprobada", "Pendiente"), ("comprobante", "Cancelado"),
                     ("entregada", "Pendiente")]  # fmt: skip


def test_nadie_escribe_la_bandeja_por_fuera(personal: Personal, sql):
    for perfiles in (["administrador"], ["ventanilla"], ["consulta"], ["funcionario"]):
        cuenta = personal.crear(perfiles, alcance="estatal")
        with cuenta.conectar() as c:
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                c.execute("INSERT INTO mensaje (evento, telefono, texto) "
                          "VALUES ('manual', '+524421234567', 'hola')")  # fmt: skip
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                c.execute("SELECT * FROM sipros_sms_tomar(10, 'yo')")
    consulta = personal.crear(["consulta"], alcance="estatal")
    with consulta.conectar() as c, pytest.raises(psycopg.errors.InsufficientPrivilege):
        c.execute("SELECT count(*) FROM mensaje")


def test_plantillas_las_cambia_el_administrador_y_las_revisa_la_base(personal: Personal, sql):
    admin = personal.crear(["administrador"], alcance="estatal")
    personal.activar_como(admin)
    with pytest.raises(ErrorDatos, match=r"\{curp\}.*Puede usar: \{nombre\}"):
        sms.guardar_plantilla("aprobada", "Hola {nombre}, su CURP {curp} fue aprobada", True,
                              False)  # fmt: skip
    sms.guardar_plantilla("aprobada", "Aprobada la solicitud {folio} de {programa}.", True, True)
    previa = sms.vista_previa("Aprobada la solicitud {folio} de {programa}, {nombre}.", True)
    assert previa == "Aprobada la solicitud SEDESOQ-BIEN-000123 de Apoyo Alimentario, Maria."
    cambio = sql.execute(
        "SELECT usuario, antes ->> 'texto', despues ->> 'texto' FROM bitacora "
        "WHERE tabla = 'plantilla_mensaje' ORDER BY id DESC LIMIT 1"
    ).fetchone()
    assert cambio[0] == admin.usuario and cambio[2].startswith("Aprobada la solicitud")
    assert "APROBADA" in cambio[1]

    # the next approval uses the new text, accents removed (GSM-7, 160 per SMS)
    conv, tipo, (x,) = _convocatoria_y_ciudadanos(sql, 1)
    sql.execute("UPDATE ciudadano SET telefono = '4421112233', acepta_sms = true WHERE id = %s",
                (x,))  # fmt: skip
    folio = presentar(sql, x, conv, tipo)
    sql.execute("UPDATE plantilla_mensaje SET activa = false WHERE evento = 'correccion'")
    funcionario = personal.crear(["funcionario"], alcance="estatal")
    personal.activar_como(funcionario)
    sid, v = sql.execute("SELECT id, version FROM solicitud WHERE folio = %s", (folio,)).fetchone()
    v = solicitudes.dictaminar(sid, v, "Corrección", "Falta firma")
    v = solicitudes.dictaminar(sid, v, "En proceso")
    solicitudes.dictaminar(sid, v, "Aprobada")
    eventos = _mensajes(sql, x)
    assert [e[0] for e in eventos] == ["solicitud_registrada", "aprobada"]  # correction off
    assert eventos[-1][2].startswith(f"Aprobada la solicitud {folio} de ")
    assert sms.contar(eventos[-1][2]).codificacion == "GSM-7"

    # only administrators change templates
    with funcionario.conectar() as c, pytest.raises(psycopg.errors.InsufficientPrivilege):
        c.execute("UPDATE plantilla_mensaje SET texto = 'x' WHERE evento = 'aprobada'")


def test_segmentos_como_los_cuenta_el_operador():
    assert sms.contar("a" * 160) == sms.Segmentos("GSM-7", 160, 1, 160, ())
    assert sms.contar("a" * 161).partes == 2 and sms.contar("a" * 161).por_parte == 153
    assert sms.contar("a" * 306).partes == 2 and sms.contar("a" * 307).partes == 3
    assert sms.contar("€" * 80).unidades == 160  # the extension table takes two septets
    assert sms.contar("ñÑéü¿¡").codificacion == "GSM-7"  # Spanish letters GSM-7 has
    una = sms.contar("Corrección " + "a" * 59)
    assert (una.codificacion, una.partes, una.fuera_de_gsm) == ("UCS-2", 1, ("ó",))
    assert sms.contar("Corrección " + "a" * 60).partes == 2  # 71 > 70: 67 a part
    assert "70 caracteres por SMS" in una.descripcion
    limpio = sms.quitar_acentos("Corrección: acuda «mañana» — Querétaro, Sí")
    assert limpio == 'Correccion: acuda "mañana" - Querétaro, Si'
    assert sms.contar(limpio).codificacion == "GSM-7"


def test_mensaje_a_un_telefono_respeta_al_que_no_acepto(personal: Personal, sql):
    admin = personal.crear(["administrador"], alcance="estatal")
    personal.activar_como(admin)
    x = sql.execute("SELECT id FROM ciudadano ORDER BY id LIMIT 1").fetchone()[0]
    sql.execute("UPDATE ciudadano SET telefono = '4427776655', acepta_sms = false WHERE id = %s",
                (x,))  # fmt: skip
    with pytest.raises(ErrorDatos, match="no aceptó recibir mensajes"):
        sms.enviar_a_telefono("442 777 6655", "Aviso")
    with pytest.raises(ErrorDatos, match="dígitos"):
        sms.enviar_a_telefono("442 777", "Aviso")
    ident = sms.enviar_a_telefono("+52 1 (442) 300-1020", "Prueba del proveedor", prueba=True)
    fila = sql.execute("SELECT evento, telefono, creado_por, estado FROM mensaje WHERE id = %s",
                       (ident,)).fetchone()  # fmt: skip
    assert fila == ("prueba", "+524423001020", admin.usuario, "Pendiente")
    hoja = sms.mensajes(sms.FiltroMensajes(evento="prueba"))
    assert [m.id for m in hoja] == [ident] and hoja[0].partes == 1
    assert sms.contar_mensajes(sms.FiltroMensajes()).get("Pendiente", 0) >= 1
    assert sms.cancelar([ident]) == 1
    with pytest.raises(ErrorDatos, match="Solo se cancelan"):
        sms.cancelar([ident])
    assert sms.reintentar([ident]) == 1
    assert sql.execute("SELECT estado FROM mensaje WHERE id = %s", (ident,)).fetchone() == (
        "Pendiente",
    )


def test_el_aviso_del_comprobante_espera_el_lugar_y_sale_en_gsm(personal: Personal, sql):
    """A voucher of an event «Lugar por confirmar» tells the citizen nothing yet; when an
    administrator sets the place, its notice goes out with it. A place name written with a
    combining accent (as INEGI's files may bring it) is composed and its accents stripped:
    the notice stays GSM-7."""
    conv, tipo, (acepta,) = _convocatoria_y_ciudadanos(sql, 1)
    sql.execute("UPDATE ciudadano SET telefono = '4421112233', acepta_sms = true WHERE id = %s",
                (acepta,))  # fmt: skip
    folio = presentar(sql, acepta, conv, tipo)
    sid = sql.execute("SELECT id FROM solicitud WHERE folio = %s", (folio,)).fetchone()[0]
    with sql.transaction():  # (a change of state and its history row, as the dictamen does)
        sql.execute("UPDATE solicitud SET estado = 'Aprobada' WHERE id = %s", (sid,))
        sql.execute("INSERT INTO solicitud_historial (solicitud_id, estado) "
                    "VALUES (%s, 'Aprobada')", (sid,))  # fmt: skip
    ev = sql.execute(
        "INSERT INTO evento_entrega (convocatoria_id, nombre, municipio_id, domicilio, fecha, "
        "hora_inicio, hora_fin, responsable) SELECT %s, 'Entrega', m.id, 'Lugar por confirmar', "
        "sipros_hoy() + 7, '09:00', '15:00', 'Responsable' FROM municipio m "
        "WHERE m.clave = '22014' RETURNING id",
        (conv,),
    ).fetchone()[0]
    sql.execute("SELECT sipros_asignar_evento(%s, %s)", (ev, [sid]))
    personal.activar_como(personal.crear(["administrador"], alcance="estatal"))
    comprobantes.emitir(ev, [sid])
    assert "comprobante" not in [m[0] for m in _mensajes(sql, acepta)]
    # the place, written as a file might bring it: «e» + a combining acute accent
    sql.execute(
        "UPDATE evento_entrega SET domicilio = %s WHERE id = %s",
        ("Sala\u0301n eji\u0301dal de Quere\u0301taro", ev),
    )
    aviso = _mensajes(sql, acepta)[-1]
    assert aviso[0] == "comprobante"
    assert "Salan ejidal de Querétaro" in aviso[2] and "\u0301" not in aviso[2]
    assert sms.contar(aviso[2]).codificacion == "GSM-7"
    # setting the place again does not tell the citizen twice
    sql.execute("UPDATE evento_entrega SET domicilio = 'Otro salón' WHERE id = %s", (ev,))
    assert [m[0] for m in _mensajes(sql, acepta)].count("comprobante") == 1
