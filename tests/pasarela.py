"""A fake SMS gateway on 127.0.0.1 for the tests and the bench.

It speaks both the generic provider (POST JSON {"id", "telefono", "texto"}; a repeated id is
accepted and not sent again, as a provider that honours idempotency keys does) and Twilio's
Messages API (form POST with basic auth; no idempotency: every accepted request is a text).

What it answers is written in the message itself: ``#500#``, ``#429#``, ``#400#``, ``#lento#``
(takes the message, answers ``lento`` seconds later), ``#corta#`` (drops the connection
before taking the message), ``#corta_despues#`` (takes it, then drops the connection) apply to
the first attempt of that message; ``#500x3#`` to its first three. Anything else: 200.
"""

from __future__ import annotations

import contextlib
import json
import re
import socket
import threading
import time
import urllib.parse
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

_MARCA = re.compile(r"#(500|429|400|lento|corta_despues|corta)(?:x(\d+))?#")


class Pasarela:
    def __init__(self, lento: float = 3.0) -> None:
        self.lento = lento
        self.cerrojo = threading.Lock()
        self.recibidos: list[dict] = []  # every request read whole, in order
        self.entregados: dict[str, dict] = {}  # key → message, the first time it was taken
        self.textos_twilio: list[dict] = []  # Twilio: every accepted request is a text
        self.repetidos = 0  # accepted again under a key already taken (not sent twice)
        self.intentos: Counter[str] = Counter()
        self.autorizaciones: list[str] = []
        pasarela = self

        class Manejador(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body are two writes

            def log_message(self, *a) -> None:  # quiet
                pass

            def do_POST(self) -> None:
                largo = int(self.headers.get("Content-Length") or 0)
                cuerpo = self.rfile.read(largo)
                pasarela._atender(self, cuerpo)

        self.servidor = ThreadingHTTPServer(("127.0.0.1", 0), Manejador)
        self.servidor.daemon_threads = True
        self.hilo = threading.Thread(target=self.servidor.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.servidor.server_address[1]}/enviar"

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.servidor.server_address[1]}"

    def __enter__(self) -> Pasarela:
        self.hilo.start()
        return self

    def __exit__(self, *exc) -> None:
        self.servidor.shutdown()
        self.servidor.server_close()

    # -- behaviour -----------------------------------------------------------
    def _conducta(self, clave: str, texto: str) -> str:
        with self.cerrojo:
            self.intentos[clave] += 1
            n = self.intentos[clave]
        m = _MARCA.search(texto)
        if m is None:
            return "200"
        veces = int(m.group(2) or 1)
        if m.group(1) == "400" or n <= veces:
            return m.group(1)
        return "200"

    def _atender(self, h: BaseHTTPRequestHandler, cuerpo: bytes) -> None:
        twilio = "/Messages.json" in h.path
        if twilio:
            campos = dict(urllib.parse.parse_qsl(cuerpo.decode()))
            mensaje = {
                "telefono": campos.get("To", ""),
                "texto": campos.get("Body", ""),
                "de": campos.get("From") or campos.get("MessagingServiceSid", ""),
            }
            clave = f"twilio-{len(self.recibidos)}"
        else:
            mensaje = json.loads(cuerpo)
            clave = str(mensaje["id"])
        with self.cerrojo:
            self.recibidos.append(mensaje)
            self.autorizaciones.append(h.headers.get("Authorization", ""))
        conducta = self._conducta(clave, mensaje["texto"])
        if conducta == "corta":
            self._cortar(h)
            return
        dormir = conducta == "lento"
        if conducta in ("500", "429", "400"):
            extra = {"Retry-After": "1"} if conducta == "429" else {}
            error = {"code": 21211, "message": "The 'To' number is not a valid phone number."}
            self._responder(h, int(conducta), error if twilio else {"error": conducta}, extra)
            return
        # taken
        with self.cerrojo:
            if twilio:
                self.textos_twilio.append(mensaje)
                respuesta = {"sid": f"SM{len(self.textos_twilio):032d}", "status": "queued"}
            elif clave in self.entregados:
                self.repetidos += 1
                respuesta = {"id_proveedor": f"P-{clave[:8]}", "duplicado": True}
            else:
                self.entregados[clave] = mensaje
                respuesta = {"id_proveedor": f"P-{clave[:8]}"}
        if conducta == "corta_despues":
            self._cortar(h)
            return
        if dormir:  # taken, but the answer comes late (or never, for a dispatcher that died)
            time.sleep(self.lento)
        self._responder(h, 201 if twilio else 200, respuesta)

    @staticmethod
    def _responder(h, status: int, datos: dict, extra: dict | None = None) -> None:
        cuerpo = json.dumps(datos).encode()
        h.send_response(status)
        h.send_header("Content-Type", "application/json")
        h.send_header("Content-Length", str(len(cuerpo)))
        for k, v in (extra or {}).items():
            h.send_header(k, v)
        h.end_headers()
        h.wfile.write(cuerpo)

    @staticmethod
    def _cortar(h) -> None:
        h.close_connection = True
        with contextlib.suppress(OSError):
            h.connection.shutdown(socket.SHUT_RDWR)
