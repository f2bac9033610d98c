"""The SMS dispatcher against a fake gateway on 127.0.0.1 that answers 200, 500, 429, 400,
slowly, or drops the connection: every queued message reaches it exactly once; a dispatcher
killed between «marked» and «answered» neither loses nor duplicates; two dispatchers never
send the same message. The dispatcher runs as its own account (sipros_despacho)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import replace

import pytest

from sipros_desktop.errores import ErrorDatos
from sipros_desktop.servicios import despachador as dsp
from sipros_desktop.servicios import sms
from tests.pasarela import Pasarela
from tests.seguridad import Personal

RAPIDA = dsp.Configuracion(
    proveedor="http", url="", por_segundo=0, intentos=4, tiempo=0.6, plazo=300, base=0.05,
    tope=0.2, espera=0.05,
)  # fmt: skip


def _encolar(sql, textos: list[str]) -> list[int]:
    """Queue test messages as the owner (what an administrator's «sms enviar» does)."""
    return [
        sql.execute(
            "SELECT sipros_sms_a_telefono(%s, %s, true)", (f"442{1000000 + i:07d}", t)
        ).fetchone()[0]
        for i, t in enumerate(textos)
    ]


def _estados(sql, ids: list[int]) -> dict[int, tuple]:
    return {
        r[0]: r[1:]
        for r in sql.execute(
            "SELECT id, estado, intentos, clave::text, respuesta FROM mensaje WHERE id = ANY(%s)",
            (ids,),
        )
    }


def _hasta_vaciar(c: dsp.Configuracion, limite: float = 20.0) -> dsp.Totales:
    """Run «--una-vez» until nothing is pending (retries fall due a moment later)."""
    total = dsp.Totales()
    fin = time.monotonic() + limite
    while time.monotonic() < fin:
        t = dsp.Despachador(dsp.crear_proveedor(c), c).ejecutar(una_vez=True)
        for campo in ("enviados", "reintentos", "fallidos", "inciertos", "reconciliados"):
            setattr(total, campo, getattr(total, campo) + getattr(t, campo))
        por_estado = sms.resumen().por_estado  # (the dispatcher may not read the outbox itself)
        if not por_estado.get("Pendiente") and not por_estado.get("Enviando"):
            return total
        time.sleep(0.1)
    raise AssertionError("la bandeja no se vació")


@pytest.fixture
def despacho(personal: Personal):
    cuenta = personal.crear_despachador()
    personal.activar_como(cuenta)
    return cuenta


def test_cada_mensaje_llega_una_vez_aunque_la_pasarela_falle(despacho, sql):
    textos = (
        [f"Aviso {i}" for i in range(20)]
        + [f"Aviso #500# {i}" for i in range(3)]
        + [f"Aviso #429# {i}" for i in range(3)]
        + [f"Aviso #lento# {i}" for i in range(2)]
        + [f"Aviso #corta# {i}" for i in range(3)]
        + [f"Aviso #corta_despues# {i}" for i in range(3)]
        + ["Aviso #400# número dado de baja", "Aviso #500x9# caído"]
    )
    ids = _encolar(sql, textos)
    with Pasarela(lento=1.2) as gw:
        t = _hasta_vaciar(replace(RAPIDA, url=gw.url))
    estados = _estados(sql, ids)
    por_texto = dict(zip(textos, ids, strict=True))
    # the permanent refusal: one attempt, never retried, the provider's reason kept
    estado, intentos, clave, respuesta = estados[por_texto["Aviso #400# número dado de baja"]]
    assert (estado, intentos, gw.intentos[clave]) == ("Fallido", 1, 1)
    assert "HTTP 400" in respuesta
    # a provider down for good: the limit of attempts, then «Fallido» with why
    estado, intentos, clave, respuesta = estados[por_texto["Aviso #500x9# caído"]]
    assert (estado, intentos, gw.intentos[clave]) == ("Fallido", 4, 4)
    assert respuesta.startswith("Se agotaron los 4 intentos")
    # everything else: sent, and taken by the gateway exactly once
    enviados = {i: e for i, e in estados.items() if "#400#" not in textos[ids.index(i)]
                and "#500x9#" not in textos[ids.index(i)]}  # fmt: skip
    assert {e[0] for e in enviados.values()} == {"Enviado"}
    assert set(gw.entregados) == {e[2] for e in enviados.values()}
    for i, e in enviados.items():
        assert gw.entregados[e[2]]["texto"] == textos[ids.index(i)]
        assert gw.entregados[e[2]]["telefono"].startswith("+52442")
    # slow answers and drops after taking it were retried under the same key: the gateway
    # recognised the repeat instead of sending a second text
    assert gw.repetidos == 2 + 3
    assert t.enviados == len(enviados)
    # transient failures came back quickly (backoff) and were retried once
    for marca in ("#500#", "#429#", "#corta#"):
        for i in (por_texto[x] for x in textos if marca in x):
            assert estados[i][1] == 2, (marca, estados[i])


def test_dos_despachadores_nunca_envian_el_mismo(despacho, sql):
    ids = _encolar(sql, [f"Convocatoria abierta {i}" for i in range(300)])
    with Pasarela() as gw:
        c = replace(RAPIDA, url=gw.url)
        hechos: list[dsp.Totales] = []
        barrera = threading.Barrier(2)

        def correr() -> None:
            d = dsp.Despachador(dsp.crear_proveedor(c), replace(c, por_segundo=400))
            barrera.wait()
            hechos.append(d.ejecutar(una_vez=True))

        hilos = [threading.Thread(target=correr) for _ in range(2)]
        for h in hilos:
            h.start()
        for h in hilos:
            h.join()
    claves = [m["id"] for m in gw.recibidos]
    assert len(claves) == 300 and len(set(claves)) == 300  # no request twice, none lost
    assert sum(h.enviados for h in hechos) == 300
    assert all(h.enviados > 0 for h in hechos)  # both worked
    assert {e[0] for e in _estados(sql, ids).values()} == {"Enviado"}


def test_despachador_que_muere_entre_marcar_y_responder(despacho, sql, bd_demo, tmp_path):
    ids = _encolar(sql, ["Entrega mañana #lento#", "Aviso dos", "Aviso tres"])
    with Pasarela(lento=60) as gw:
        entorno = {
            **os.environ,
            "SIPROS_DB_URL": despacho.url.render_as_string(hide_password=False).replace(
                "postgresql+psycopg", "postgresql"
            ),
            "SIPROS_DATOS": str(tmp_path / "datos"),
            "SIPROS_SMS_PROVEEDOR": "http",
            "SIPROS_SMS_URL": gw.url,
            "SIPROS_SMS_TIEMPO": "90",
            "SIPROS_SMS_POR_SEGUNDO": "0",
        }
        proceso = subprocess.Popen(
            [sys.executable, "-m", "sipros_desktop", "sms", "despachar"],
            env=entorno, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )  # fmt: skip
        try:
            fin = time.monotonic() + 30
            while not gw.entregados and time.monotonic() < fin:
                time.sleep(0.05)
            assert gw.entregados, proceso.stderr.read1().decode() if proceso.poll() else "nada"
            # the gateway took the first message and has not answered: kill the dispatcher
            proceso.send_signal(signal.SIGKILL)
            proceso.wait(10)
        finally:
            if proceso.poll() is None:
                proceso.kill()
        estados = _estados(sql, ids)
        marcados = [i for i, e in estados.items() if e[0] == "Enviando"]
        assert marcados  # the mark outlived the process: the first message, maybe more
        # a second dispatcher reconciles after the lease (0 here) and resends under the key
        _hasta_vaciar(replace(RAPIDA, url=gw.url, plazo=0, tiempo=5))
    estados = _estados(sql, ids)
    assert {e[0] for e in estados.values()} == {"Enviado"}
    assert set(gw.entregados) == {e[2] for e in estados.values()}  # none lost
    assert gw.repetidos == 1  # the one taken before the crash was recognised, not resent
    assert len(gw.entregados) == 3


def test_marcado_sin_proveedor_idempotente_queda_incierto(despacho, personal, sql):
    (ident,) = _encolar(sql, ["Aviso importante"])
    with despacho.conectar() as c:  # a dispatcher that marks the message and dies
        assert c.execute("SELECT id FROM sipros_sms_tomar(5, 'equipo-caido:1')").fetchall() == [
            (ident,)
        ]
        c.execute("SELECT sipros_sms_reconciliar('0 seconds', false)")
    estado, _, _, respuesta = _estados(sql, [ident])[ident]
    assert estado == "Incierto" and "decida si se reintenta" in respuesta
    # its late answer still counts (it is the same dispatcher's message)
    with despacho.conectar() as c:
        assert c.execute(
            "SELECT sipros_sms_resultado(%s, 'otro:2', 'enviado', 0, 3, 'x', NULL, '')", (ident,)
        ).fetchone() == (None,)
    # an administrator decides to retry it
    admin = personal.crear(["administrador"], alcance="estatal")
    personal.activar_como(admin)
    assert sms.reintentar([ident]) == 1
    assert _estados(sql, [ident])[ident][0] == "Pendiente"


def test_twilio(despacho, sql):
    ids = _encolar(sql, ["Su apoyo está listo", "Aviso #400#", "Aviso #lento#"])
    with Pasarela(lento=2) as gw:
        c = replace(
            RAPIDA, proveedor="twilio", twilio_sid="AC123", twilio_token="secreto",
            twilio_de="+15005550006", twilio_url=gw.base, tiempo=0.5,
        )  # fmt: skip
        dsp.validar(c)
        _hasta_vaciar(c)
    estados = _estados(sql, ids)
    assert [estados[i][0] for i in ids] == ["Enviado", "Fallido", "Incierto"]
    assert "código 21211" in estados[ids[1]][3]
    assert estados[ids[2]][3].startswith("Twilio no respondió")
    # the slow one was taken by Twilio once and not sent again blindly
    assert [m["texto"] for m in gw.textos_twilio] == ["Su apoyo está listo", "Aviso #lento#"]
    assert gw.textos_twilio[0]["de"] == "+15005550006"
    assert set(gw.autorizaciones) == {"Basic QUMxMjM6c2VjcmV0bw=="}  # AC123:secreto
    sid = sql.execute("SELECT id_proveedor FROM mensaje WHERE id = %s", (ids[0],)).fetchone()[0]
    assert sid.startswith("SM")


def test_consentimiento_y_telefono_se_revisan_al_enviar(despacho, sql):
    x, y = [r[0] for r in sql.execute("SELECT id FROM ciudadano ORDER BY id LIMIT 2")]
    sql.execute("UPDATE ciudadano SET telefono = '4421110000', acepta_sms = true "
                "WHERE id = ANY(%s)", ([x, y],))  # fmt: skip
    uno = sql.execute("SELECT sipros_sms_a_telefono('4421110000', 'hola', false)").fetchone()[0]
    sql.execute("UPDATE mensaje SET ciudadano_id = %s WHERE id = %s", (x, uno))  # (as the owner)
    dos = sql.execute(
        "SELECT sipros_sms_a_ciudadano((SELECT curp FROM ciudadano WHERE id = %s), 'aviso')",
        (y,),
    ).fetchone()[0]
    # x withdraws consent, y changes phone, both before the dispatcher runs
    sql.execute("UPDATE ciudadano SET acepta_sms = false WHERE id = %s", (x,))
    sql.execute("UPDATE ciudadano SET telefono = '4423334444' WHERE id = %s", (y,))
    with Pasarela() as gw:
        _hasta_vaciar(replace(RAPIDA, url=gw.url))
    estados = _estados(sql, [uno, dos])
    assert estados[uno][0] == "Cancelado" and "consentimiento" in estados[uno][3]
    assert estados[dos][0] == "Enviado"
    assert [m["telefono"] for m in gw.recibidos] == ["+524423334444"]


def test_limite_de_ritmo(despacho, sql):
    _encolar(sql, [f"Aviso {i}" for i in range(21)])
    with Pasarela() as gw:
        inicio = time.monotonic()
        c = replace(RAPIDA, url=gw.url, por_segundo=20)
        dsp.Despachador(dsp.crear_proveedor(c), c).ejecutar(una_vez=True)
        transcurrido = time.monotonic() - inicio
    assert len(gw.entregados) == 21
    assert transcurrido >= 20 / 20 * 0.95  # 21 calls at 20 per second: at least a second


def test_configuracion_del_despachador(tmp_path, monkeypatch):
    monkeypatch.setenv("SIPROS_DATOS", str(tmp_path))
    for v in list(os.environ):
        if v.startswith(("SIPROS_SMS_", "SIPROS_TWILIO_")):
            monkeypatch.delenv(v)
    with pytest.raises(ErrorDatos, match="SIPROS_SMS_URL"):
        dsp.cargar_configuracion()
    monkeypatch.setenv("SIPROS_SMS_PROVEEDOR", "palomas")
    with pytest.raises(ErrorDatos, match="«http» o «twilio»"):
        dsp.cargar_configuracion()
    monkeypatch.setenv("SIPROS_SMS_PROVEEDOR", "twilio")
    with pytest.raises(ErrorDatos, match="SIPROS_TWILIO_SID, SIPROS_TWILIO_TOKEN"):
        dsp.cargar_configuracion()
    archivo = tmp_path / "sms.conf"
    archivo.write_text("[sms]\ntwilio_sid = AC1\ntwilio_token = t0k3n\ntwilio_de = +1500\n"
                       "por_segundo = 5\n")  # fmt: skip
    archivo.chmod(0o644)
    with pytest.raises(ErrorDatos, match="chmod 600"):
        dsp.cargar_configuracion()
    archivo.chmod(0o600)
    c = dsp.cargar_configuracion()
    assert (c.proveedor, c.twilio_sid, c.por_segundo) == ("twilio", "AC1", 5.0)
    monkeypatch.setenv("SIPROS_SMS_POR_SEGUNDO", "12")  # the environment wins over the file
    assert dsp.cargar_configuracion().por_segundo == 12.0
    archivo.write_text("[sms]\nclave_rara = 1\n")
    with pytest.raises(ErrorDatos, match="clave_rara"):
        dsp.cargar_configuracion()


def test_espera_entre_reintentos():
    c = dsp.Configuracion(url="http://x")
    primeras = [dsp.espera_de_reintento(c, 1) for _ in range(200)]
    assert all(2.5 <= x <= 5.0 for x in primeras)  # the first retry: due within 5 s
    assert len({round(x, 3) for x in primeras}) > 50  # jitter: dispatchers do not stampede
    assert all(c.tope / 2 <= dsp.espera_de_reintento(c, 30) <= c.tope for _ in range(20))
    assert dsp.espera_de_reintento(c, 1, sugerida=60) == 60  # the provider's Retry-After


def test_detenido_a_media_tanda_devuelve_lo_que_no_envio(despacho, sql):
    ids = _encolar(sql, [f"Aviso {i}" for i in range(5)])
    with Pasarela() as gw:
        c = replace(RAPIDA, url=gw.url)
        detener = threading.Event()
        proveedor = dsp.crear_proveedor(c)
        enviar = proveedor.enviar

        def enviar_y_detener(*a):  # SIGTERM arrives while the first message is out
            r = enviar(*a)
            detener.set()
            return r

        proveedor.enviar = enviar_y_detener
        dsp.Despachador(proveedor, c, detener=detener).ejecutar()
    estados = _estados(sql, ids)
    assert sorted(e[0] for e in estados.values()) == ["Enviado"] + ["Pendiente"] * 4
    # the four never offered to the provider keep their attempts untouched
    assert {e[1] for e in estados.values() if e[0] == "Pendiente"} == {0}
    assert len(gw.recibidos) == 1


def test_proveedor_inalcanzable_detiene_la_ronda_y_lo_dice(despacho, sql, capsys, monkeypatch):
    """«sms despachar --una-vez» with the provider unreachable: after three connection
    failures in a row the round stops, the rest go back untouched, and the command says the
    provider did not answer (non-zero) — instead of a failed connection per due message."""
    import socket

    from sipros_desktop import cli

    ids = _encolar(sql, [f"Aviso {i}" for i in range(40)])
    with socket.socket() as s:  # a port where nothing listens
        s.bind(("127.0.0.1", 0))
        puerto = s.getsockname()[1]
    c = replace(RAPIDA, url=f"http://127.0.0.1:{puerto}/sms")
    t = dsp.Despachador(dsp.crear_proveedor(c), c).ejecutar(una_vez=True)
    assert t.sin_proveedor and "sin conexión" in t.sin_proveedor
    assert t.reintentos == dsp.SIN_CONEXION_MAX and t.devueltos >= 1
    assert "El proveedor no respondió" in t.texto()
    estados = _estados(sql, ids)
    assert {e[0] for e in estados.values()} == {"Pendiente"}
    assert sum(1 for e in estados.values() if e[1] > 0) == dsp.SIN_CONEXION_MAX
    # the command: Spanish only, exit 3
    monkeypatch.setenv("SIPROS_DB_URL", despacho.url.render_as_string(hide_password=False))
    monkeypatch.setenv("SIPROS_SMS_PROVEEDOR", "http")
    monkeypatch.setenv("SIPROS_SMS_URL", c.url)
    sql.execute("UPDATE mensaje SET proximo_intento = now() WHERE id = ANY(%s)", (ids,))
    assert cli.main(["sms", "despachar", "--una-vez"]) == 3
    salida = capsys.readouterr()
    assert "El proveedor no respondió" in salida.out
    assert "INFO" not in salida.err and "Context impl" not in salida.err
