"""Delivery points without connection: the event's kit, the local journal, and the sync —
with a conflict (the same voucher delivered by another PC meanwhile) and with the sync killed
half-way. Also the command line's «comprobantes imprimir»."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid
from datetime import datetime, timedelta
from datetime import time as hora_del_dia
from zoneinfo import ZoneInfo

import psycopg
import pytest

from sipros_desktop import bd
from sipros_desktop.cli import main
from sipros_desktop.errores import ErrorDatos
from sipros_desktop.servicios import comprobantes, diario_local, entregas
from tests import esperas
from tests.datos import codigos_del_pdf, evento_con_aprobadas
from tests.seguridad import Personal


def _url_texto(url) -> str:
    return url.render_as_string(hide_password=False)


@pytest.fixture
def emisor(personal: Personal):
    """Who issues the vouchers (whoever issues a voucher does not deliver it)."""
    return personal.crear(["entrega"], alcance="estatal")


@pytest.fixture
def entrega(personal: Personal, datos_locales, emisor):
    cuenta = personal.crear(["entrega"], alcance="estatal")
    personal.activar_como(cuenta)
    return cuenta


@pytest.fixture
def emitir(personal: Personal, emisor, entrega):
    """Issue as ``emisor``, then go on as the delivery clerk: event -> the codes printed."""

    def hacer(evento: int) -> list[str]:
        personal.activar_como(emisor)
        try:
            return codigos_del_pdf(comprobantes.emitir(evento).pdf)
        finally:
            personal.activar_como(entrega)

    return hacer


def _codigos(sql, emitir, eventos: int, por_evento: int) -> tuple[list[int], list[str]]:
    ids, codigos = [], []
    for _ in range(eventos):
        evento, _sol = evento_con_aprobadas(sql, por_evento)
        ids.append(evento)
        codigos += emitir(evento)
    return ids, codigos


def test_sin_conexion_ida_y_vuelta_con_un_conflicto(personal: Personal, sql, entrega, emitir):
    (evento,), codigos = _codigos(sql, emitir, 1, 3)
    kit = entregas.descargar_kit(evento)
    assert len(kit.comprobantes) == 3
    assert oct(kit.ruta.stat().st_mode & 0o777) == "0o600"
    assert not any(c in kit.ruta.read_text(encoding="utf-8") for c in codigos)  # only hashes
    # another PC, online, delivers the second voucher while this one is away
    otra = personal.crear(["entrega"], alcance="estatal")
    with otra.conectar() as c:
        c.execute("SELECT * FROM sipros_entregar(%s, 'INE')", (codigos[1],))
    # at the point: the server is unreachable (the engine points to a closed port)
    bd.activar(entrega.url.set(port=1), probar=False)
    assert entregas.kits()[0].evento_id == evento
    for codigo in codigos[:2]:
        assert entregas.ver_sin_conexion(kit, codigo).estado == "Por entregar"
        entregas.entregar_sin_conexion(kit, codigo, "INE")
    segunda = entregas.ver_sin_conexion(kit, codigos[0])
    assert segunda.estado == "Entregado" and "Ya se entregó aquí" in segunda.motivo
    with pytest.raises(entregas.ErrorEntrega):
        entregas.entregar_sin_conexion(kit, codigos[0], "INE")
    falso = codigos[2][:-1] + ("0" if codigos[2][-1] != "0" else "1")
    assert entregas.ver_sin_conexion(kit, falso).estado == "Desconocido"
    assert len(entregas.Diario().pendientes()) == 2
    # back online: one applied, one conflict to review, nothing pending
    personal.activar_como(entrega)
    r = entregas.sincronizar()
    assert (r.aplicadas, r.ya_aplicadas, r.pendientes) == (1, 0, 0)
    assert r.diario_de == entrega.usuario  # (whose journal: «entregas sincronizar» says it)
    assert len(r.conflictos) == 1 and otra.usuario in r.conflictos[0]["motivo"]
    diario = entregas.Diario()
    assert [c["folio"] for c in diario.conflictos()] == [r.conflictos[0]["folio"]]
    assert entregas.sincronizar().aplicadas == 0  # nothing twice
    por = dict(sql.execute(
        "SELECT k.entregado_por, count(*) FROM comprobante k WHERE k.evento_id = %s "
        "AND k.estado = 'Entregado' GROUP BY 1", (evento,)).fetchall())  # fmt: skip
    assert por == {entrega.usuario: 1, otra.usuario: 1}
    # reviewed: the journal is archived once nothing is pending or to review
    diario.marcar_revisado(diario.conflictos()[0]["clave"], "Revisado con el responsable.")
    diario.compactar()
    assert not diario.ruta.exists() and diario.conflictos() == []


def test_diario_ignora_una_linea_cortada_por_un_apagon(entrega, sql, emitir):
    (evento,), codigos = _codigos(sql, emitir, 1, 2)
    kit = entregas.descargar_kit(evento)
    entregas.entregar_sin_conexion(kit, codigos[0], "INE")
    diario = entregas.Diario()
    with open(diario.ruta, "ab") as f:
        f.write(b'{"tipo": "entrega", "clave": "a')  # power lost in the middle of a write
    assert len(diario.pendientes()) == 1
    assert diario.conflictos() == []  # still being written, perhaps: it waits
    # the app starts again and goes on: the next delivery is not glued to the cut line, and
    # the cut line — now a whole line — is quarantined and listed, never dropped
    entregas.entregar_sin_conexion(kit, codigos[1], "INE")
    assert len(diario.pendientes()) == 2
    assert entregas.sincronizar().aplicadas == 2
    (cortada,) = entregas.conflictos_por_revisar()
    assert cortada.ilegible and cortada.texto == '{"tipo": "entrega", "clave": "a'
    assert cortada.motivo.startswith("Renglón ilegible del diario (renglón 2 de diario.jsonl)")


@pytest.mark.skipif(os.name == "nt", reason="la escritura del diario se detiene con un FIFO")
def test_sincronizacion_interrumpida_se_completa_sin_duplicar(
    personal: Personal, sql, entrega, emitir, monkeypatch, bd_demo, capsys
):
    """The sync dies (kill -9) in the middle, at its worst moment: the server committed an
    entry and the journal has not written its confirmation yet. The process is held at each
    point instead of racing it: the voucher of the 4th entry is locked, so three entries
    (one transaction each) are applied and confirmed before it waits; then the journal is
    swapped for a FIFO, so the 4th is committed and its confirmation can never be written."""
    eventos, codigos = _codigos(sql, emitir, 3, 3)
    for evento in eventos:
        kit = entregas.descargar_kit(evento)
        for codigo in codigos:
            if comprobantes.hash_de(codigo).hex() in kit.comprobantes:
                entregas.entregar_sin_conexion(kit, codigo, "INE")
    diario = entregas.Diario()
    pendientes = diario.pendientes()
    assert len(pendientes) == 9

    def entregadas() -> int:
        return sql.execute(
            "SELECT count(*) FROM comprobante WHERE estado = 'Entregado' AND entregado_por = %s",
            (entrega.usuario,),
        ).fetchone()[0]

    candado = psycopg.connect(bd.dsn(bd_demo))  # (a transaction: holds the lock until rollback)
    candado.execute("SELECT id FROM comprobante WHERE codigo_hash = %s FOR UPDATE",
                    (comprobantes.hash_de(pendientes[3]["codigo"]),))  # fmt: skip
    proceso = subprocess.Popen(
        [sys.executable, "-m", "sipros_desktop", "entregas", "sincronizar", "--lote", "1"],
        env={**os.environ, "SIPROS_DB_URL": _url_texto(entrega.url)},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    with esperas.matado_al_escribir(proceso, diario.ruta, candado) as atascar:
        # 1. three entries applied and confirmed; the 4th waits for its voucher's lock
        esperas.hasta(
            lambda: esperas.bloqueados_por(sql, candado.info.backend_pid, entrega.usuario),
            "la sincronización no llegó a la 4.ª entrada", proceso=proceso,
        )  # fmt: skip
        assert entregadas() == 3
        assert len(diario.pendientes()) == 6
        # 2. the journal cannot be written: the 4th entry is committed, then the process waits
        # to write its confirmation and is killed there
        atascar()
        esperas.hasta(lambda: entregadas() == 4, "la 4.ª entrada no se aplicó", proceso=proceso)
    # at the kill: 4 of 9 on the server, 3 confirmed in the journal
    assert entregadas() == 4
    assert len(diario.pendientes()) == 6
    # run again: the 4th is «ya aplicada» (its key), the other five applied; each once
    monkeypatch.setenv("SIPROS_DB_URL", _url_texto(entrega.url))
    capsys.readouterr()
    assert main(["entregas", "sincronizar", "--json"]) == 0
    r = json.loads(capsys.readouterr().out)
    assert (r["aplicadas"], r["ya_aplicadas"], r["conflictos"], r["pendientes"]) == (5, 1, 0, 0)
    assert entregas.Diario().pendientes() == []
    assert sql.execute(
        "SELECT count(*), count(DISTINCT solicitud_id) FROM comprobante WHERE estado = "
        "'Entregado' AND entregado_por = %s",
        (entrega.usuario,),
    ).fetchone() == (9, 9)
    # one benefit and one «Entregado» in the history per application: nothing applied twice
    assert sql.execute(
        "SELECT count(DISTINCT k.solicitud_id), count(DISTINCT b.id), count(DISTINCT h.id) "
        "FROM comprobante k JOIN beneficio b ON b.solicitud_id = k.solicitud_id "
        "JOIN solicitud_historial h ON h.solicitud_id = k.solicitud_id AND h.estado = 'Entregado' "
        "WHERE k.entregado_por = %s",
        (entrega.usuario,),
    ).fetchone() == (9, 9, 9)


def test_cli_comprobantes_imprimir(personal: Personal, sql, monkeypatch, tmp_path, capsys):
    """As an administrator: the applications without an event go to a new event (planning is
    the administrators')."""
    admin = personal.crear(["administrador"], alcance="estatal")
    clave, aprobadas = sql.execute(
        "SELECT c.clave, count(*) FROM solicitud s JOIN convocatoria c ON c.id = s.convocatoria_id "
        "WHERE s.estado = 'Aprobada' GROUP BY 1 ORDER BY 2 DESC LIMIT 1"
    ).fetchone()
    monkeypatch.setenv("SIPROS_DB_URL", _url_texto(admin.url))
    salida = tmp_path / "vales.pdf"
    orden = ["comprobantes", "imprimir", "--convocatoria", clave.lower(), "--salida", str(salida)]
    assert main([*orden, "--json"]) == 0
    r = json.loads(capsys.readouterr().out)
    assert (r["comprobantes"], r["archivo"]) == (aprobadas, str(salida))
    assert len(set(codigos_del_pdf(salida.read_bytes()))) == aprobadas
    # the event's number, for «entregas paquete --evento»: in the JSON and in «entregas eventos»
    assert r["evento_nuevo"] in r["eventos"]
    assert main(["entregas", "eventos", "--convocatoria", clave, "--json"]) == 0
    eventos = json.loads(capsys.readouterr().out)
    nuevo = next(e for e in eventos if e["id"] == r["evento_nuevo"])
    assert nuevo["convocatoria"] == clave and nuevo["lugar"] == "Lugar por confirmar"
    assert main(["entregas", "eventos", "--convocatoria", clave]) == 0
    assert f"{r['evento_nuevo']:>6}" in capsys.readouterr().out
    # again: nothing left to issue, and it says so
    assert main(orden) == 1
    assert "no tiene solicitudes aprobadas sin comprobante" in capsys.readouterr().err
    assert main([*orden[:-1], str(tmp_path / "no_existe" / "x.pdf")]) == 1
    assert "no existe" in capsys.readouterr().err


def test_los_eventos_de_una_convocatoria(sql, entrega):
    """«entregas eventos --convocatoria CLAVE»: only the events of that call (its key in any
    case), newest first, each with the call's key alone."""
    evento, _ = evento_con_aprobadas(sql, 1)
    clave = sql.execute(
        "SELECT c.clave FROM evento_entrega e JOIN convocatoria c ON c.id = e.convocatoria_id "
        "WHERE e.id = %s", (evento,)
    ).fetchone()[0]  # fmt: skip
    (ajeno,) = sql.execute(
        "INSERT INTO evento_entrega (convocatoria_id, nombre, municipio_id, domicilio, fecha, "
        "hora_inicio, hora_fin, responsable) SELECT c.id, 'De otra convocatoria', m.id, "
        "'Plaza', (now() AT TIME ZONE 'America/Mexico_City')::date, '09:00', '14:00', 'R' "
        "FROM convocatoria c, municipio m WHERE c.clave <> %s AND m.clave = '22014' "
        "ORDER BY c.id LIMIT 1 RETURNING id", (clave,)
    ).fetchone()  # fmt: skip
    assert {evento, ajeno} <= {e.id for e in entregas.eventos()}
    de_ella = entregas.eventos(convocatoria=f" {clave.lower()} ")
    assert evento in {e.id for e in de_ella} and ajeno not in {e.id for e in de_ella}
    assert {e.clave_convocatoria for e in de_ella} == {clave}
    assert [e.fecha for e in de_ella] == sorted((e.fecha for e in de_ella), reverse=True)
    assert entregas.eventos(convocatoria="NO-EXISTE") == []


def test_paquetes_y_diarios_archivados_se_borran_a_los_30_dias(entrega, sql, emitir):
    """They hold beneficiaries' names: kept on the PC only while useful."""
    (evento,), codigos = _codigos(sql, emitir, 1, 2)
    kit = entregas.descargar_kit(evento)
    entregas.entregar_sin_conexion(kit, codigos[0], "INE")
    entregas.sincronizar()  # all confirmed: the journal is archived
    carpeta = kit.ruta.parent
    (archivado,) = carpeta.glob("diario_*.jsonl")
    entregas.entregar_sin_conexion(kit, codigos[1], "INE")  # a new live journal, pending
    hace = time.time() - 31 * 86400
    for p in (kit.ruta, archivado, entregas.Diario().ruta):
        os.utime(p, (hace, hace))
    assert entregas.kits() == []  # listing the kits clears the old ones
    assert not kit.ruta.exists() and not archivado.exists()
    assert len(entregas.Diario().pendientes()) == 1  # the live journal is never deleted


class _RelojDelEquipo(datetime):
    """The PC's clock, as the journal reads it: set by the test."""

    hora: datetime

    @classmethod
    def now(cls, tz=None):
        return cls.hora if tz is None else cls.hora.astimezone(tz)


def _editar_diario(diario: entregas.Diario, cambios: dict[str, str], extra: list[dict]) -> None:
    """What someone does with a text editor: change the time of some entries (by key) and add
    lines. Saved the way editors do it (a new file in its place)."""
    lineas = []
    for linea in diario.ruta.read_text(encoding="utf-8").splitlines():
        r = json.loads(linea)
        if r.get("clave") in cambios:
            r["cuando"] = cambios[r["clave"]]
        lineas.append(json.dumps(r, ensure_ascii=False))
        if r.get("clave") == extra[0]["despues_de"]:
            lineas += [json.dumps({k: v for k, v in e.items() if k != "despues_de"}) for e in extra]
    nuevo = diario.ruta.with_suffix(".tmp")
    nuevo.write_text("\n".join(lineas) + "\n", encoding="utf-8")
    os.replace(nuevo, diario.ruta)


def test_sincronizar_con_anotaciones_malas_aplica_las_demas(
    personal: Personal, sql, entrega, emisor, emitir, monkeypatch, capsys
):
    """Bad entries in the middle of good ones — a PC clock three days behind, an entry dated
    before its voucher was printed, times moved back by hand, a voucher cancelled meanwhile, a
    line edited into nonsense: «entregas sincronizar» applies the good ones as written, keeps
    each bad one as a conflict with its reason (nothing of it reaches the server), and a second
    run changes nothing."""
    # two events yesterday (Mexico City), 09:00 to 14:00, with 4 and 3 vouchers issued the day
    # before at 08:00 — except one, printed yesterday at 11:00
    eventos, codigos = _codigos(sql, emitir, 1, 4)
    otros, mas = _codigos(sql, emitir, 1, 3)
    eventos, codigos = eventos + otros, codigos + mas
    ayer = sql.execute(
        "UPDATE evento_entrega SET fecha = fecha - 1, hora_inicio = '09:00', hora_fin = '14:00' "
        "WHERE id = ANY(%s) RETURNING fecha",
        (eventos,),
    ).fetchone()[0]
    vale = {
        c: sql.execute(
            "SELECT id FROM comprobante WHERE codigo_hash = %s", (comprobantes.hash_de(c),)
        ).fetchone()[0]
        for c in codigos
    }
    sql.execute(
        "UPDATE comprobante SET emitido = (%s::date - 1 + time '08:00') AT TIME ZONE "
        "'America/Mexico_City' WHERE evento_id = ANY(%s)",
        (ayer, eventos),
    )
    sql.execute(
        "UPDATE comprobante SET emitido = (%s::date + time '11:00') AT TIME ZONE "
        "'America/Mexico_City' WHERE id = %s",
        (ayer, vale[codigos[1]]),
    )
    kits = [entregas.descargar_kit(e) for e in eventos]
    zona = ZoneInfo("America/Mexico_City")

    def a_las(hh: int, mm: int, dias: int = 0) -> datetime:
        return datetime.combine(ayer + timedelta(days=dias), hora_del_dia(hh, mm), tzinfo=zona)

    horas = [a_las(10, 0), a_las(10, 15), a_las(10, 20, dias=-3), a_las(10, 30), a_las(10, 40),
             a_las(10, 50), a_las(11, 0)]  # fmt: skip
    claves = []
    with monkeypatch.context() as m:
        m.setattr(entregas, "datetime", _RelojDelEquipo)
        for i, (codigo, hora) in enumerate(zip(codigos, horas, strict=True)):
            _RelojDelEquipo.hora = hora
            entregas.entregar_sin_conexion(kits[i // 4], codigo, "INE")
            claves.append(entregas.Diario().pendientes()[-1]["clave"])
    diario = entregas.Diario()
    # edited by hand: two times moved back, and a line that is no delivery at all
    _editar_diario(
        diario,
        {claves[3]: a_las(6, 30).isoformat(), claves[5]: a_las(10, 5).isoformat()},
        [{"despues_de": claves[5], "tipo": "entrega", "clave": str(uuid.uuid4()),
          "codigo": 12345, "evento": "uno", "cuando": "ayer a las diez", "folio": "—"}],
    )  # fmt: skip
    # meanwhile, the office cancelled one voucher
    with emisor.conectar() as c:
        c.execute("SELECT sipros_cancelar_comprobante(%s, 'Beneficiario finado')",
                  (vale[codigos[4]],))  # fmt: skip

    monkeypatch.setenv("SIPROS_DB_URL", _url_texto(entrega.url))
    capsys.readouterr()
    assert main(["entregas", "sincronizar", "--lote", "3", "--json"]) == 3  # conflicts to review
    assert json.loads(capsys.readouterr().out) == {
        "diario_de": entrega.usuario, "aplicadas": 2, "ya_aplicadas": 0, "conflictos": 6,
        "pendientes": 0, "otros_diarios": {},
    }  # fmt: skip
    motivos = {c["clave"]: c["motivo"] for c in entregas.Diario().conflictos()}
    assert len(motivos) == 6
    assert "anterior a la impresión del comprobante" in motivos[claves[1]]  # said by the server
    assert "fuera del horario del evento" in motivos[claves[2]]  # three days behind
    assert f"({ayer:%d/%m/%Y}, de 09:00 a 14:00, con 2 h de tolerancia)" in motivos[claves[2]]
    assert "fuera del horario del evento" in motivos[claves[3]]  # moved to 06:30
    assert "Beneficiario finado" in motivos[claves[4]]  # cancelled: said by the server
    assert "anterior a la de la entrega anotada antes" in motivos[claves[5]]  # 10:50 → 10:05
    assert any("incompleta o alterada" in m for m in motivos.values())
    # the good ones, as written; the others untouched
    entregados = dict(
        sql.execute(
            "SELECT id, to_char(entregado AT TIME ZONE 'America/Mexico_City', 'HH24:MI') FROM "
            "comprobante WHERE evento_id = ANY(%s) AND estado = 'Entregado'",
            (eventos,),
        ).fetchall()
    )
    assert entregados == {vale[codigos[0]]: "10:00", vale[codigos[6]]: "11:00"}
    assert sql.execute(
        "SELECT count(*) FROM comprobante WHERE evento_id = ANY(%s) AND estado = 'Vigente'",
        (eventos,),
    ).fetchone() == (4,)
    # again: nothing pending, nothing applied twice; the conflicts wait for their review
    assert main(["entregas", "sincronizar", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["aplicadas"] == 0
    assert len(entregas.Diario().conflictos()) == 6


def test_sin_conexion_quien_emitio_no_entrega(personal: Personal, sql, entrega, emisor, emitir):
    """The kit of whoever issued the vouchers marks them: at the point, without connection, the
    screen refuses them on the spot (nothing is written to the journal); the clerk's kit, not."""
    (evento,), codigos = _codigos(sql, emitir, 1, 2)
    personal.activar_como(emisor)
    kit = entregas.descargar_kit(evento)
    lectura = entregas.ver_sin_conexion(kit, codigos[0])
    assert lectura.estado == "Separación de funciones" and "separación" in lectura.motivo
    with pytest.raises(entregas.ErrorEntrega, match="Usted emitió o reimprimió"):
        entregas.entregar_sin_conexion(kit, codigos[0], "INE")
    assert entregas.Diario().pendientes() == []
    personal.activar_como(entrega)
    kit = entregas.descargar_kit(evento)
    assert entregas.ver_sin_conexion(kit, codigos[0]).estado == "Por entregar"


def test_sincronizar_dice_de_quien_es_el_diario_y_los_que_faltan(
    personal: Personal, entrega, sql, emitir, monkeypatch, capsys
):
    """On a PC two clerks used: the sync applies the journal of whoever runs it and names the
    other clerk's deliveries still waiting — never applies them under another name."""
    (evento,), codigos = _codigos(sql, emitir, 1, 2)
    kit = entregas.descargar_kit(evento)
    entregas.entregar_sin_conexion(kit, codigos[0], "INE")  # the first clerk, offline
    otra = personal.crear(["entrega"], alcance="estatal")
    personal.activar_como(otra)
    entregas.entregar_sin_conexion(entregas.descargar_kit(evento), codigos[1], "INE")
    monkeypatch.setenv("SIPROS_DB_URL", otra.url.render_as_string(hide_password=False))
    assert main(["entregas", "sincronizar", "--json"]) == 0
    r = json.loads(capsys.readouterr().out)
    assert (r["diario_de"], r["aplicadas"]) == (otra.usuario, 1)
    assert r["otros_diarios"] == {entrega.usuario: 1}
    assert main(["entregas", "sincronizar"]) == 0
    salida = capsys.readouterr().out
    assert f"Diario de {otra.usuario}" in salida
    assert f"Hay 1 entrega sin sincronizar de {entrega.usuario}" in salida
    assert f"--usuario {entrega.usuario} entregas sincronizar" in salida


# --------------------------------------------------------------------------- conflicts reviewed


def _un_conflicto(personal: Personal, sql, emitir):
    """Two offline deliveries; meanwhile another clerk delivered the second one online: after
    the sync, one conflict. -> (kit, codes, the other clerk)."""
    (evento,), codigos = _codigos(sql, emitir, 1, 2)
    kit = entregas.descargar_kit(evento)
    otra = personal.crear(["entrega"], alcance="estatal")
    with otra.conectar() as c:
        c.execute("SELECT * FROM sipros_entregar(%s, 'INE')", (codigos[1],))
    for codigo in codigos:
        entregas.entregar_sin_conexion(kit, codigo, "INE")
    r = entregas.sincronizar()
    assert (r.aplicadas, len(r.conflictos)) == (1, 1)
    return kit, codigos, otra


def test_revisar_un_conflicto_queda_anotado_y_el_diario_se_archiva_y_se_borra(
    personal: Personal, sql, entrega, emitir
):
    """The review is kept (who, when, note) in the journal and in the log; then nothing is
    left, the journal is archived, and the archive goes after 30 days unchanged (not before)."""
    kit, codigos, otra = _un_conflicto(personal, sql, emitir)
    (c,) = entregas.conflictos_por_revisar()
    assert otra.usuario in c.motivo and "Ya se entregó" in c.motivo  # by whom, when
    assert (c.diario_de, c.equipo) == (entrega.usuario, entregas.equipo())
    assert c.nombre and c.cuando is not None and not c.ilegible
    diario = entregas.Diario()
    antes = diario.ruta.read_bytes()
    with pytest.raises(ErrorDatos, match="Escriba una nota"):
        entregas.revisar_conflicto(c.clave, "   ")
    with pytest.raises(ErrorDatos, match="ya no está por revisar"):
        entregas.revisar_conflicto(str(uuid.uuid4()), "Nota")
    assert diario.ruta.read_bytes() == antes  # nothing half-written
    r = entregas.revisar_conflicto(c.clave[:8], "Confirmado con el responsable del evento.")
    assert (r["clave"], r["por"]) == (c.clave, entrega.usuario)
    assert entregas.conflictos_por_revisar() == []
    # archived at once: nothing pending, nothing to review
    assert not diario.ruta.exists()
    (archivado,) = kit.ruta.parent.glob("diario_*.jsonl")
    revision = [json.loads(x) for x in archivado.read_text(encoding="utf-8").splitlines()][-1]
    assert revision["tipo"] == "revisado" and revision["nota"].startswith("Confirmado")
    assert datetime.fromisoformat(revision["cuando"]).tzinfo is not None
    (fila,) = sql.execute(
        "SELECT usuario, clave, despues FROM bitacora WHERE tabla = 'revision_entrega_sin_conexion'"
    ).fetchall()
    k = sql.execute("SELECT id FROM comprobante WHERE codigo_hash = %s",
                    (comprobantes.hash_de(codigos[1]),)).fetchone()[0]  # fmt: skip
    assert fila[:2] == (entrega.usuario, str(k))
    assert fila[2]["nota"].startswith("Confirmado") and fila[2]["entregado_por"] == otra.usuario
    # the retention the README promises: 30 days without changes (the archive's own date)
    hace = time.time() - 29 * 86400
    os.utime(archivado, (hace, hace))
    entregas.depurar()
    assert archivado.exists()
    hace = time.time() - 31 * 86400
    os.utime(archivado, (hace, hace))
    entregas.depurar()
    assert not archivado.exists()


def test_la_revision_en_la_bitacora_solo_la_escribe_entregas(personal: Personal, sql, entrega):
    """Around the application: another profile cannot write a review; nobody inserts into the
    log directly; the delivery clerk can (positive control)."""
    otro = personal.crear(["ventanilla"], alcance="estatal")
    llamada = ("SELECT sipros_entrega_revisada(%s, NULL, 'Nota', 'Motivo', now(), 'PC')",
               ("0" * 26,))  # fmt: skip
    with otro.conectar() as c, pytest.raises(psycopg.errors.InsufficientPrivilege):
        c.execute(*llamada)
    with entrega.conectar() as c:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            c.execute("INSERT INTO bitacora (tabla, operacion) VALUES "
                      "('revision_entrega_sin_conexion', 'INSERT')")  # fmt: skip
        with pytest.raises(psycopg.DatabaseError, match="nota"):
            c.execute("SELECT sipros_entrega_revisada(%s, NULL, ' ', 'M', now(), 'PC')",
                      ("0" * 26,))  # fmt: skip
        assert c.execute(*llamada).fetchone()[0] > 0
    (usuario, clave) = sql.execute(
        "SELECT usuario, clave FROM bitacora WHERE tabla = 'revision_entrega_sin_conexion'"
    ).fetchone()
    assert (usuario, clave) == (entrega.usuario, None)  # an unknown code: not linked


def test_un_renglon_ilegible_va_a_cuarentena_y_se_revisa(entrega, sql, emitir):
    """Never skipped: each line that is not a record is copied to the quarantine beside the
    journal (once, whoever reads it), listed as a conflict with its raw text, and keeps the
    journal from being archived until it is reviewed."""
    (evento,), codigos = _codigos(sql, emitir, 1, 1)
    kit = entregas.descargar_kit(evento)
    entregas.entregar_sin_conexion(kit, codigos[0], "INE")
    diario = entregas.Diario()
    with open(diario.ruta, "ab") as f:
        f.write('esto no es una anotación\n[1, 2]\n{"sin": "clave"}\n'.encode())
    lista = entregas.conflictos_por_revisar()
    assert [c.texto for c in lista] == ['{"sin": "clave"}', "[1, 2]", "esto no es una anotación"]
    assert all(c.ilegible and "Renglón ilegible del diario" in c.motivo for c in lista)
    assert [c.renglon for c in lista] == [4, 3, 2]
    diario_local.LEIDOS.clear()  # another process reads the journal again
    assert [c.clave for c in entregas.conflictos_por_revisar()] == [c.clave for c in lista]
    cuarentena = diario.ruta.with_name("cuarentena.jsonl")
    guardadas = [json.loads(x) for x in cuarentena.read_text(encoding="utf-8").splitlines()]
    assert [g["texto"] for g in guardadas] == [c.texto for c in lista[::-1]]  # once each
    assert oct(cuarentena.stat().st_mode & 0o777) == "0o600"
    r = entregas.sincronizar()  # the good one is applied; the unreadable ones wait
    assert (r.aplicadas, r.pendientes) == (1, 0) and diario.ruta.exists()
    for c in lista:
        entregas.revisar_conflicto(c.clave, "Renglón de prueba, sin entrega.")
    assert not diario.ruta.exists() and not cuarentena.exists()
    assert len(list(cuarentena.parent.glob("cuarentena_*.jsonl"))) == 1


def test_un_paquete_ilegible_se_lista_con_su_motivo(entrega, sql, emitir):
    (evento,), _ = _codigos(sql, emitir, 1, 1)
    kit = entregas.descargar_kit(evento)
    carpeta = kit.ruta.parent
    (carpeta / "kit_900001.json").write_text('{"evento_id": 9', encoding="utf-8")
    (carpeta / "kit_900002.json").write_text('{"evento_id": 9}', encoding="utf-8")
    (carpeta / "kit_900003.json").write_bytes(b"\xff\xfe\x00")
    assert [k.evento_id for k in entregas.kits()] == [evento]
    malos = {k.archivo: k.motivo for k in entregas.kits_ilegibles()}
    assert malos == {
        "kit_900001.json": "no es JSON válido (renglón 1): está dañado.",
        "kit_900002.json": "le falta el dato «evento».",
        "kit_900003.json": "no es texto (el archivo está dañado).",
    }
    assert len(entregas.paquetes()) == 4


def test_cli_entregas_conflictos_lista_y_revisa(
    personal: Personal, sql, entrega, emitir, monkeypatch, capsys
):
    _kit, _c, otra = _un_conflicto(personal, sql, emitir)
    monkeypatch.setenv("SIPROS_DB_URL", _url_texto(entrega.url))
    capsys.readouterr()
    assert main(["entregas", "conflictos", "--json"]) == 0
    (c,) = json.loads(capsys.readouterr().out)
    assert otra.usuario in c["motivo"] and c["diario_de"] == entrega.usuario and c["folio"]
    assert main(["entregas", "conflictos"]) == 0
    salida = capsys.readouterr().out
    assert c["clave"][:8] in salida and c["folio"] in salida and "1 conflicto por revisar" in salida
    assert main(["entregas", "conflictos", "--revisar", c["clave"][:8]]) == 1
    assert "Escriba una nota" in capsys.readouterr().err
    assert main(["entregas", "conflictos", "--revisar", c["clave"][:8], "--nota", "Visto."]) == 0
    assert "Quedan 0 conflictos por revisar" in capsys.readouterr().out
    assert main(["entregas", "conflictos"]) == 0
    assert "No hay conflictos por revisar" in capsys.readouterr().out
