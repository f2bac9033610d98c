"""The whole state at once: N staff members working on one server, each as their own LOGIN role.

Each simulated person is a real account created for the run (``sipros_usuario_crear``, as an
administrator creates it) and removed at the end, with its own ``bd.Contexto`` used the way the
application uses it: one thread per person bound with ``bd.usar``, the same services the
screens call, a pause to think between actions (``--pensar``, 20 s on average). The people
are spread over several worker processes (one Python process cannot drive hundreds of them
with think time on two cores without its own lock distorting the figures).

The mix (of every 20 people: 8 ventanilla, 6 funcionarios, 3 entregas, 2 consulta, 1
administrador):
    ventanilla   CURP of whoever walks in (found: the file; not found: the registration with
                 the CUIS), an application to an open call with its documents, a name search
    funcionario  the queue's first page, counters, an application opened with its evidence,
                 its dictamen; now and then a bulk dictamen of 200 (to Aprobada or Corrección)
    entrega      scan and deliver at an event of today (a person every ~20 s per desk; now and
                 then a voucher another desk of the event just delivered: refused, once only)
    consulta     a citizen by CURP (each look-up in the bitácora, within the limit)
    administrador a report preview, the Padrón (first page and totals), a Padrón export
                 (one municipality) to Excel
Everybody opens Inicio at login. One SMS dispatcher drains the outbox to the fake gateway of the
tests, as the server's dispatcher would; ``--carga FILAS`` loads a roll of that many rows (as
an administrator, a third into the run) and reverts it after the checks. The clerks attach
scans of their own, and before the run the newest applications in process of each programme
get files of their own too (``--propios``; see ``documentos_propios``): the demo's documents
share 12 sample files, which no office would.

Printed (``--json``: one JSON document on stdout, the text on stderr): p50/p95/worst per
action, errors, deadlocks (pg_stat_database), lock waits (pg_locks sampled every 0.5 s), the
server's connections (pg_stat_activity), the server's CPU (its processes in /proc, when it runs
on this machine) and the checks of the end: folios unique and contiguous per programme (gaps
only for attempts that failed), every delivery once, every SMS once, every history row the
people were told about and no other.

    python bench/concurrencia.py --url postgresql://postgres@127.0.0.1:5433/sipros_bench \\
        --sesiones 300 --minutos 3 [--json] [--personal URL] [--lectura URL] [--carga 100000]

``--url`` is an owner's URL (default SIPROS_DB_URL): the accounts are created from it.
``--personal`` is where the people connect (e.g. PgBouncer in front of the same server);
``--lectura`` a read replica for reports and the Padrón. The bench says how many connections
the run needs and how to raise ``max_connections`` when the server has fewer; it runs anyway,
so that a full server can be watched (retries, then the Spanish message, nothing half-done).
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import multiprocessing as mp
import os
import random
import resource
import statistics
import sys
import tempfile
import threading
import time
import traceback
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import psycopg

from sipros_desktop import bd

PASSWORD = "ConcSipros2026"
# who works, of every 20 people (the order deals them out: 3 people are ventanilla,
# funcionario, entrega)
REPARTO = ("ventanilla", "funcionario", "entrega", "ventanilla", "funcionario", "consulta",
           "ventanilla", "funcionario", "administrador", "ventanilla", "entrega", "funcionario",
           "ventanilla", "consulta", "funcionario", "ventanilla", "entrega", "funcionario",
           "ventanilla", "ventanilla")  # fmt: skip
# action → (interactive: the person waits for it on screen; target p95 in ms or None)
ACCIONES = {
    "inicio": (False, 2000),  # the cards of Inicio load in the background
    "buscar_curp": (True, 300),
    "abrir_expediente": (True, 300),
    "registrar": (True, 300),
    "presentar": (True, 300),
    "buscar_nombre": (True, 300),
    "cola": (True, 300),
    "contadores": (False, 500),  # in the background beside the first page (README: < 500 ms)
    "abrir_solicitud": (True, 300),
    "dictamen": (True, 300),
    "escanear": (True, 300),
    "entregar": (True, 300),
    "consulta": (True, 300),
    "padron_pagina": (True, 300),
    "reporte": (False, 2000),
    "padron_totales": (False, 2000),
    "dictamen_masivo": (False, None),
    "padron_excel": (False, None),
}
# a report run now and then, not in the mix: it reads every answer of every questionnaire and
# application (24 M values on the 1 M demo, 18–38 s alone); see the README
RARO = ("respuestas_por_version",)
_log = logging.getLogger("concurrencia")


def decir(*partes: object) -> None:
    print(*partes, file=sys.stderr, flush=True)


# ====================================================================== plan (owner, before)


@dataclass
class Persona:
    usuario: str
    perfil: str
    area: str | None
    alcance: str
    evento: int | None = None


def _conectar(url) -> psycopg.Connection:
    return psycopg.connect(bd.dsn(url), autocommit=True)


def conexiones_necesarias(personas: list[Persona]) -> int:
    """What the run asks of the server at most: one connection per person, a second for each
    administrator (an export beside the screens), and five more (the dispatcher, this bench's
    watcher, the owner's connection, a margin). The superusers' reserve comes on top."""
    admins = sum(p.perfil == "administrador" for p in personas)
    return len(personas) + admins + 5


def revisar_servidor(c: psycopg.Connection, necesarias: int) -> dict:
    maximo = int(c.execute("SHOW max_connections").fetchone()[0])
    reserva = int(c.execute("SHOW superuser_reserved_connections").fetchone()[0])
    otras = c.execute(
        "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' "
        "OR backend_type IS NULL AND usename IS NOT NULL"
    ).fetchone()[0]
    libres = maximo - reserva - otras
    info = {"max_connections": maximo, "en_uso_antes": otras, "necesarias": necesarias}
    if libres < necesarias:
        sugerido = max(100, math.ceil((2 * (necesarias - 5) + 10 + otras) / 50) * 50)
        decir(
            f"AVISO: el servidor admite {maximo} conexiones ({reserva} reservadas al "
            f"superusuario, {otras} en uso) y esta corrida necesita hasta {necesarias}. "
            "Las sesiones que no quepan esperan y reintentan (0.25 … 4 s) y luego reciben "
            "el mensaje de servidor lleno. Para subirlo, como superusuario:\n"
            f"    ALTER SYSTEM SET max_connections = {sugerido};\n"
            "y reinicie PostgreSQL (pg_ctl restart -D … o systemctl restart postgresql); "
            "la memoria compartida crece con él (unos 10 MB por cada 100)."
        )
    return info


def preparar(a, dueno, personal_url) -> dict:
    """Accounts, events with vouchers of known codes, and the samples the people draw from."""
    rng = random.Random(a.semilla)
    corrida = uuid.uuid4().hex[:5]
    prefijo = f"conc{corrida}_"
    with _conectar(dueno) as c:
        hoy = c.execute("SELECT sipros_hoy()").fetchone()[0]
        areas = [r[0] for r in c.execute(
            "SELECT DISTINCT a.clave FROM area a JOIN programa p ON p.area_id = a.id "
            "JOIN convocatoria c ON c.programa_id = p.id WHERE c.abierta "
            "AND sipros_hoy() BETWEEN c.fecha_apertura AND c.fecha_cierre ORDER BY 1"
        )]  # fmt: skip
        personas: list[Persona] = []
        for i in range(a.sesiones):
            perfil = REPARTO[i % len(REPARTO)]
            # a quarter state-wide, the rest in the áreas with open calls; delivery staff and
            # administrators state-wide (they serve every programme's events and reports)
            estatal = perfil in ("entrega", "administrador") or not areas or i % 4 == 3
            area = None if estatal else areas[(i // len(REPARTO) + i) % len(areas)]
            personas.append(Persona(f"{prefijo}{perfil[:4]}{i:03d}", perfil, area,
                                    "estatal" if estatal else "area"))  # fmt: skip
        extra = [Persona(f"{prefijo}emisor", "administrador", None, "estatal"),
                 Persona(f"{prefijo}carga", "administrador", None, "estatal")]  # fmt: skip
        inicio = time.perf_counter()
        for p in personas + extra:
            verificador = c.pgconn.encrypt_password(
                PASSWORD.encode(), p.usuario.encode(), b"scram-sha-256"
            ).decode()
            c.execute(
                "SELECT sipros_usuario_crear(%s, %s, %s, NULL, %s, NULL, %s, %s, false)",
                (p.usuario, verificador, f"Medición {p.perfil} {p.usuario[-3:]}", [p.perfil],
                 p.area, p.alcance),
            )  # fmt: skip
        despacho = f"{prefijo}despacho"
        c.execute(f"CREATE ROLE \"{despacho}\" LOGIN PASSWORD '{PASSWORD}' IN ROLE sipros_despacho")
        decir(f"{len(personas) + 3} cuentas creadas en {time.perf_counter() - inicio:.1f} s")

        documentos_propios(c, a.propios)

        # the people's samples, read as the owner
        muestra = c.execute(
            "SELECT curp, nombre, apellido_paterno, coalesce(apellido_materno, '') "
            "FROM ciudadano TABLESAMPLE SYSTEM (2) LIMIT 20000"
        ).fetchall()
        if len(muestra) < 50:
            muestra = c.execute(
                "SELECT curp, nombre, apellido_paterno, coalesce(apellido_materno, '') "
                "FROM ciudadano ORDER BY random() LIMIT 20000"
            ).fetchall()
        municipios = [r[0] for r in c.execute("SELECT id FROM municipio ORDER BY clave")]
        programas = [r[0] for r in c.execute("SELECT id FROM programa ORDER BY id")]

        # events of today, a desk for every three delivery people, with vouchers of codes
        # this bench knows (issued by an administrator: whoever issues does not deliver)
        entregas = [p for p in personas if p.perfil == "entrega"]
        por_persona = math.ceil(a.minutos * 60 / max(a.pensar, 0.5) * 1.5) + 4
        eventos: dict[int, list[str]] = {}
        grupos = [entregas[i : i + 3] for i in range(0, len(entregas), 3)]
        libres = c.execute(
            "SELECT s.convocatoria_id, array_agg(s.id ORDER BY s.id) FROM solicitud s "
            "WHERE s.estado = 'Aprobada' AND NOT EXISTS (SELECT 1 FROM comprobante k "
            "WHERE k.solicitud_id = s.id AND k.estado <> 'Cancelado') AND NOT EXISTS "
            "(SELECT 1 FROM evento_solicitud e WHERE e.solicitud_id = s.id) "
            "GROUP BY 1 ORDER BY count(*) DESC"
        ).fetchall()
        reserva = [(conv, list(ids)) for conv, ids in libres]
        por_emitir: list[tuple[int, list[int], list[str]]] = []
        for grupo in grupos:
            quiero = por_persona * len(grupo)
            while reserva and not reserva[0][1]:
                reserva.pop(0)
            if not reserva:
                decir("AVISO: no quedan solicitudes aprobadas sin comprobante para más eventos")
                for p in grupo:
                    p.perfil = "consulta"
                continue
            conv, ids = reserva[0]
            tomadas, reserva[0] = ids[:quiero], (conv, ids[quiero:])
            (evento,) = c.execute(
                "INSERT INTO evento_entrega (convocatoria_id, nombre, municipio_id, domicilio, "
                "fecha, hora_inicio, hora_fin, responsable) SELECT %s, "
                "'Medición de concurrencia ' || %s, m.id, 'Auditorio municipal', sipros_hoy(), "
                "'00:00', '23:59:59', 'Medición' FROM municipio m ORDER BY m.clave LIMIT 1 "
                "RETURNING id",
                (conv, corrida),
            ).fetchone()
            c.execute("SELECT sipros_asignar_evento(%s, %s)", (evento, tomadas))
            codigos = [_nuevo_codigo() for _ in tomadas]
            por_emitir.append((evento, tomadas, codigos))
            eventos[evento] = codigos
            for p in grupo:
                p.evento = evento
    from sipros_desktop.servicios import comprobantes

    emisor = personal_url.set(username=extra[0].usuario, password=PASSWORD)
    with _conectar(emisor) as c:
        for evento, ids, codigos in por_emitir:
            c.execute(
                "SELECT count(*) FROM sipros_emitir_comprobantes(%s, %s, %s)",
                (evento, ids, [comprobantes.hash_de(k) for k in codigos]),
            )
    decir(f"{len(eventos)} eventos de hoy con {sum(map(len, eventos.values())):,} comprobantes")
    return {
        "corrida": corrida,
        "prefijo": prefijo,
        "hoy": hoy.isoformat(),
        "personas": [p.__dict__ for p in personas],
        "carga_usuario": extra[1].usuario,
        "despacho": despacho,
        "muestra": [list(f) for f in muestra],
        "municipios": municipios,
        "programas": programas,
        "eventos": {str(k): v for k, v in eventos.items()},
        "semilla": rng.randrange(1 << 30),
    }


def documentos_propios(c: psycopg.Connection, por_programa: int) -> None:
    """Each scan its own file, as in an office, for the applications the officials will open.

    The demo links its 5.8 M documents to 12 sample files (a file is stored once by content).
    Reading a document's file asks archivo's policy whether the reader may see *some* document
    with that content; with 480 k documents per sample, an official of a small área walks
    hundreds of thousands of others' documents first (1.6–4.4 s per application opened,
    against 12–15 ms when the file is the application's own). Real scans never repeat across
    citizens, so the newest ``por_programa`` applications in process of each programme (the
    first pages of the officials' queues) get files of their own: the sample with a few bytes
    of its own after its end (each still passes every check of a file)."""
    if por_programa <= 0:
        return
    inicio = time.perf_counter()
    with c.transaction():
        c.execute(
            "CREATE TEMP TABLE propios ON COMMIT DROP AS "
            "SELECT d.id, d.sha256, a.mime, a.contenido || convert_to(CASE a.mime "
            "WHEN 'application/pdf' THEN E'\\n%% escaneo ' || d.id || E'\\n' "
            "ELSE 'escaneo ' || d.id END, 'UTF8') AS contenido FROM documento d "
            "JOIN archivo a ON a.sha256 = d.sha256 WHERE d.solicitud_id IN ("
            "SELECT id FROM (SELECT s.id, row_number() OVER (PARTITION BY v.programa_id "
            "ORDER BY s.fecha_solicitud DESC, s.id DESC) AS n FROM solicitud s "
            "JOIN convocatoria v ON v.id = s.convocatoria_id WHERE s.estado = 'En proceso') x "
            "WHERE n <= %s) AND EXISTS (SELECT 1 FROM documento o WHERE o.sha256 = d.sha256 "
            "AND o.id <> d.id)",
            (por_programa,),
        )
        n = c.execute(
            "INSERT INTO archivo (sha256, mime, tamano, contenido) "
            "SELECT encode(sha256(contenido), 'hex'), mime, length(contenido), contenido "
            "FROM propios ON CONFLICT DO NOTHING"
        ).rowcount
        if n:
            c.execute("ALTER TABLE documento DISABLE TRIGGER USER")  # (the demo's own rows)
            c.execute(
                "UPDATE documento d SET sha256 = encode(sha256(p.contenido), 'hex') "
                "FROM propios p WHERE p.id = d.id"
            )
            c.execute("ALTER TABLE documento ENABLE TRIGGER USER")
    if n:
        c.execute("ANALYZE archivo")
        decir(f"{n:,} documentos con su propio archivo en {time.perf_counter() - inicio:.1f} s")


def _nuevo_codigo() -> str:
    from sipros_desktop.servicios import comprobantes

    return comprobantes.nuevo_codigo()


# ====================================================================== the people (workers)


class Registro:
    """What one worker measured: durations per action, refusals the screens expect, errors."""

    def __init__(self) -> None:
        self.cerrojo = threading.Lock()
        self.tiempos: dict[str, list[float]] = defaultdict(list)
        self.rechazos: Counter[str] = Counter()
        self.errores: Counter[str] = Counter()
        self.mensajes: Counter[str] = Counter()
        self.folios: list[tuple[str, str]] = []  # (folio, programme key) the clerks were given
        self.fallidas: Counter[str] = Counter()  # programme key → filings that failed
        self.entregados: list[str] = []  # codes delivered, as the desks were told
        self.historial = 0  # history rows the people were told were written
        self.dictamenes = 0
        self.masivas = 0

    def anotar(self, accion: str, ms: float, resultado: str, mensaje: str = "") -> None:
        with self.cerrojo:
            if resultado in ("ok", "rechazo"):
                self.tiempos[accion].append(ms)
            if resultado == "rechazo":
                self.rechazos[accion] += 1
            elif resultado == "error":
                self.errores[accion] += 1
                self.mensajes[mensaje[:300]] += 1

    def como_dict(self) -> dict:
        return {
            "tiempos": dict(self.tiempos),
            "rechazos": dict(self.rechazos),
            "errores": dict(self.errores),
            "mensajes": dict(self.mensajes),
            "folios": self.folios,
            "fallidas": dict(self.fallidas),
            "entregados": self.entregados,
            "historial": self.historial,
        }


class ContarReintentos(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.n = 0

    def emit(self, record: logging.LogRecord) -> None:
        if "sin conexiones libres" in record.getMessage():
            self.n += 1


class Puesto:
    """One person at work: their own session, their own pace."""

    def __init__(self, p: dict, plan: dict, reg: Registro, comun: dict, rng: random.Random):
        self.p = p
        self.plan = plan
        self.reg = reg
        self.comun = comun
        self.rng = rng
        self.estado: dict = {}

    # ------------------------------------------------------------------ measuring
    def medir(self, accion: str, funcion, *args, esperados=(), **kw):
        from sipros_desktop.errores import ErrorSipros

        inicio = time.perf_counter()
        try:
            r = funcion(*args, **kw)
        except esperados as e:
            self.reg.anotar(accion, (time.perf_counter() - inicio) * 1000, "rechazo")
            return e
        except ErrorSipros as e:
            causa = getattr(e.__cause__, "orig", e.__cause__)
            origen = f" [{getattr(causa, 'sqlstate', '')} {str(causa).splitlines()[0]}]"
            texto = f"{type(e).__name__}: {e.mensaje}{origen if causa else ''}"
            self.reg.anotar(accion, (time.perf_counter() - inicio) * 1000, "error", texto)
            return None
        except Exception as e:  # a bug: said, and the person goes on
            self.reg.anotar(accion, (time.perf_counter() - inicio) * 1000, "error",
                            f"{type(e).__name__}: {e}")  # fmt: skip
            _log.debug("%s", traceback.format_exc())
            return None
        self.reg.anotar(accion, (time.perf_counter() - inicio) * 1000, "ok")
        return r

    def ciudadano_al_azar(self) -> list:
        return self.rng.choice(self.plan["muestra"])

    # ------------------------------------------------------------------ every profile
    def inicio(self) -> None:
        from sipros_desktop.servicios import inicio, seguridad

        def entrar():
            perfil = seguridad.mi_perfil()
            if self.p["perfil"] == "funcionario" and "mis_programas" not in self.estado:
                from sipros_desktop.servicios import solicitudes

                # the filters of Solicitudes: the programmes this person may see
                opciones = solicitudes.opciones_filtro()
                self.estado["mis_programas"] = [i for i, _n in opciones.programas]
            return inicio.pendientes(perfil)

        self.medir("inicio", entrar)

    def actuar(self) -> None:
        getattr(self, self.p["perfil"])()

    # ------------------------------------------------------------------ ventanilla
    def ventanilla(self) -> None:
        from sipros_desktop.servicios import ciudadanos, ventanilla
        from sipros_desktop.servicios.ventanilla import ErrorCurpRegistrada

        e = self.estado
        if e.get("expediente") and self.rng.random() < 0.8:
            self.presentar(e.pop("expediente"))
            return
        e.pop("expediente", None)
        if self.rng.random() < 0.15:
            x = self.ciudadano_al_azar()
            texto = self.rng.choice((f"{x[1]} {x[2]} {x[3]}", f"{x[2]} {x[3]}", x[2]))
            self.medir("buscar_nombre", ciudadanos.pagina, ciudadanos.Consulta(texto.strip()))
            return
        if e.get("registro") is None and self.rng.random() < 0.7:  # someone registered before
            cid = self.medir("buscar_curp", ventanilla.buscar_curp, self.ciudadano_al_azar()[0])
        else:
            datos = e.get("registro") or self.nuevo_ciudadano()
            cid = self.medir("buscar_curp", ventanilla.buscar_curp, datos.curp)
            if cid is None and not isinstance(cid, Exception):
                r = self.medir("registrar", ventanilla.registrar, datos,
                               esperados=(ErrorCurpRegistrada,))  # fmt: skip
                if r is None:
                    e["registro"] = datos  # the clerk saves the same capture again later
                    return
                e.pop("registro", None)
                cid = r.ciudadano_id  # (also when another clerk registered them)
        if isinstance(cid, int):  # the file, with the calls open today
            r = self.medir("abrir_expediente", ventanilla.resumen, cid)
            if r is not None:
                e["expediente"] = r

    def nuevo_ciudadano(self):
        from sipros_desktop.servicios.curp import construir
        from sipros_desktop.servicios.ventanilla import DatosCiudadano, DatosDomicilio

        rng = self.rng
        nombre = rng.choice(("ZOILA", "XIMENA", "ZENON", "WENDY", "YOLOTZIN", "ZURIEL", "URIEL"))
        paterno = rng.choice(("QUIJANO", "ZAVALETA", "UGALDE", "OLVERA", "VILLEDA", "ZUZUNAGA"))
        materno = rng.choice(("TREJO", "IBARRA", "QUIROZ", "YAÑEZ", "OCAMPO", "RESENDIZ"))
        hoy = date.fromisoformat(self.plan["hoy"])
        nacimiento = hoy - timedelta(days=rng.randrange(18 * 366, 80 * 365))
        sexo = rng.choice("HM")
        cuis = self.comun["cuis"]
        return DatosCiudadano(
            curp=construir(nombre, paterno, materno, nacimiento, sexo, "QT",
                           rng.choice("0123456789") if nacimiento.year < 2000 else "A"),
            nombre=nombre, apellido_paterno=paterno, apellido_materno=materno,
            fecha_nacimiento=nacimiento, sexo=sexo, entidad_nacimiento="QT",
            telefono=f"442{rng.randrange(10**7):07d}", acepta_sms=rng.random() < 0.7,
            domicilio=DatosDomicilio(municipio_id=rng.choice(self.plan["municipios"]),
                                     calle="Av. Medición", numero_exterior=str(rng.randrange(999)),
                                     codigo_postal="76000"),
            aviso_aceptado=True, cuestionario_id=cuis.id,
            respuestas=self.cuestionario(cuis, nacimiento, sexo, hoy),
        )  # fmt: skip

    def cuestionario(self, cuis, nacimiento: date, sexo: str, hoy: date) -> dict:
        """The CUIS as a clerk captures it: with the household when this version lists it (a
        plausible household whose first member is the applicant, with the CURP's age and
        sex), else answers its own validation accepts."""
        from sipros_desktop.servicios import demo_documentos, demo_hogares

        if not any(p.clave == "hogar" and p.tipo == "grupo" for p in cuis.preguntas()):
            return demo_documentos.respuestas(cuis, self.rng, hoy)
        edad = (
            hoy.year - nacimiento.year - ((hoy.month, hoy.day) < (nacimiento.month, nacimiento.day))
        )
        grupo = next(i for i, (d, h) in enumerate(demo_hogares.GRUPOS) if d <= edad <= h)
        r = demo_hogares.hogar(self.rng, grupo, self.rng.randrange(3))
        r["hogar"][0]["edad"] = edad
        r["hogar"][0]["sexo"] = "Hombre" if sexo == "H" else "Mujer"
        return cuis.limpiar(r)

    def presentar(self, expediente) -> None:
        from sipros_desktop.errores import ErrorDatos
        from sipros_desktop.servicios import demo_documentos, ventanilla
        from sipros_desktop.servicios.ventanilla import DatosSolicitud

        elegibles = [c for c in expediente.convocatorias if c.elegible]
        if not elegibles:
            return
        conv = self.rng.choice(elegibles)
        cid = expediente.ficha.id
        respuestas = {}
        if conv.formulario_id is not None:
            respuestas = demo_documentos.respuestas(
                expediente.formularios[conv.formulario_id], self.rng,
                date.fromisoformat(self.plan["hoy"]),
            )  # fmt: skip
        documentos = [self.escaneo(t) for t in conv.documentos_requeridos]
        datos = DatosSolicitud(cid, conv.id, self.rng.choice(conv.tipos).id, respuestas, documentos)
        for _intento in range(2):  # a failed save is retried once with the same capture
            r = self.medir("presentar", ventanilla.presentar, datos, esperados=(ErrorDatos,))
            if r is not None and not isinstance(r, Exception):
                if not r.repetida:
                    with self.reg.cerrojo:
                        self.reg.folios.append((r.folio, conv.programa_clave))
                        self.reg.historial += 1
                return
            if isinstance(r, Exception):  # refused (the call closed, its cupo): said, no folio
                return
            with self.reg.cerrojo:
                self.reg.fallidas[conv.programa_clave] += 1

    def escaneo(self, tipo: str):
        """A document as the clerk attaches it: a scan of its own (the demo's sample with a
        few bytes of this scan after its end), checked as the screen checks it."""
        from sipros_desktop.servicios import demo_documentos, documentos

        m = self.comun["muestras"].get(tipo) or demo_documentos.muestras([tipo])[0]
        self.comun["muestras"][tipo] = m
        propio = uuid.uuid4().hex.encode()
        sufijo = b"\n% escaneo " + propio + b"\n" if m.mime == "application/pdf" else propio
        return documentos.preparar(m.nombre_archivo, m.contenido + sufijo, tipo, limite_mb=5)

    # ------------------------------------------------------------------ funcionario
    def funcionario(self) -> None:
        from sipros_desktop.servicios import ciudadanos, solicitudes
        from sipros_desktop.servicios.solicitudes import ErrorConcurrencia, Filtro

        e = self.estado
        rng = self.rng
        if "abierta" in e:  # the application read last time: decided now
            sid, version, estado = e.pop("abierta")
            if estado != "En proceso":
                return
            hacia, comentario = rng.choice((("Aprobada", ""), ("Aprobada", ""),
                                            ("Corrección", "Falta el comprobante de domicilio"),
                                            ("Rechazada", "No cumple los requisitos")))  # fmt: skip
            r = self.medir("dictamen", solicitudes.dictaminar, sid, version, hacia, comentario,
                           esperados=(ErrorConcurrencia,))  # fmt: skip
            if isinstance(r, int):
                with self.reg.cerrojo:
                    self.reg.historial += 1
            return
        if "cola" in e:
            fila = e.pop("cola")
            inicio = time.perf_counter()
            r = self.medir("abrir_solicitud", self.abrir_solicitud, fila.id)
            if r is not None:
                e["abierta"] = (fila.id, fila.version, fila.estado)
                with self.reg.cerrojo:  # by scope: the official's área, or state-wide
                    self.reg.tiempos[f"abrir_solicitud:{self.p['area'] or 'estatal'}"].append(
                        (time.perf_counter() - inicio) * 1000
                    )
            return
        x = rng.random()
        if x < 0.015:
            self.masivo()
        elif x < 0.15:
            self.medir("contadores", solicitudes.contadores, Filtro())
        elif x < 0.22:
            c = self.ciudadano_al_azar()
            self.medir("buscar_nombre", ciudadanos.pagina, ciudadanos.Consulta(f"{c[2]} {c[3]}"))
        else:
            f = Filtro(estado="En proceso")
            if rng.random() < 0.5 and e.get("mis_programas"):
                f = Filtro(estado="En proceso", programa_id=rng.choice(e["mis_programas"]))
            pagina = self.medir("cola", solicitudes.pagina, f)
            if pagina is not None and pagina.filas:
                e["cola"] = rng.choice(pagina.filas)

    @staticmethod
    def abrir_solicitud(sid: int):
        from sipros_desktop.servicios import evidencia, solicitudes

        return solicitudes.detalle(sid), evidencia.de_solicitud(sid)

    def masivo(self) -> None:
        from sipros_desktop.servicios import solicitudes
        from sipros_desktop.servicios.solicitudes import Filtro

        programas = self.estado.get("mis_programas") or self.plan["programas"]
        hacia = self.rng.choice(("Aprobada", "Corrección"))

        def dictaminar():
            ids = solicitudes.ids_del_filtro(
                Filtro(programa_id=self.rng.choice(programas), estado="En proceso")
            )[:200]
            if not ids:
                return None
            solicitudes.previa_masiva(ids, hacia)
            return solicitudes.dictaminar_masivo(ids, hacia, "Revisión por lote de la medición")

        r = self.medir("dictamen_masivo", dictaminar)
        if r is not None:
            with self.reg.cerrojo:
                self.reg.historial += r.cambiadas

    # ------------------------------------------------------------------ entrega
    def entrega(self) -> None:
        from sipros_desktop.servicios import entregas
        from sipros_desktop.servicios.entregas import ErrorEntrega

        evento = self.p["evento"]
        fila = self.comun["filas"][evento]
        with self.comun["cerrojo"]:
            otra_vez = fila["hechos"] and self.rng.random() < 0.05
            codigo = self.rng.choice(fila["hechos"][-3:]) if otra_vez else None
            if codigo is None:
                if not fila["codigos"]:
                    return
                codigo = fila["codigos"].pop()
        lectura = self.medir("escanear", entregas.ver, codigo, evento)
        if lectura is None:
            with self.comun["cerrojo"]:
                fila["codigos"].append(codigo)  # the person waits; scanned again later
            return
        time.sleep(self.rng.uniform(1.0, 3.0))  # the identification is checked
        r = self.medir("entregar", entregas.entregar, codigo, "INE", evento,
                       esperados=(ErrorEntrega,))  # fmt: skip
        if r is None:
            with self.comun["cerrojo"]:
                fila["codigos"].append(codigo)
            return
        if not isinstance(r, Exception):
            with self.comun["cerrojo"]:
                fila["hechos"].append(codigo)
            with self.reg.cerrojo:
                self.reg.entregados.append(codigo)
                self.reg.historial += 1

    # ------------------------------------------------------------------ consulta
    def consulta(self) -> None:
        from sipros_desktop.servicios import consulta
        from sipros_desktop.servicios.consulta import LimiteDeConsultas

        curp = self.ciudadano_al_azar()[0]
        self.medir("consulta", consulta.buscar, curp, esperados=(LimiteDeConsultas,))

    # ------------------------------------------------------------------ administrador
    def administrador(self) -> None:
        from sipros_desktop.servicios import padron, reportes

        rng = self.rng
        x = rng.random()
        if x < 0.5:
            clave = rng.choice([k for k in reportes.REPORTES if k not in RARO])
            programa = rng.choice([None, *self.plan["claves_programa"]])
            inicio = time.perf_counter()
            r = self.medir("reporte", reportes.vista_previa, clave,
                           reportes.Filtros(programa=programa))  # fmt: skip
            if r is not None:
                with self.reg.cerrojo:
                    self.reg.tiempos[f"reporte:{clave}"].append(
                        (time.perf_counter() - inicio) * 1000
                    )
        elif x < 0.95:
            f = padron.Filtro(programa_id=rng.choice([None, *self.plan["programas"]]))
            self.medir("padron_pagina", padron.pagina, f)
            self.medir("padron_totales", padron.totales, f)
        elif not self.estado.get("exportando"):
            # the export runs in the background on the same session (the second connection of
            # a desktop), as the screens' helper runs it; the person goes on meanwhile
            f = padron.Filtro(municipio_id=rng.choice(self.plan["municipios"]))
            ctx = bd.contexto()
            self.estado["exportando"] = True

            def exportar() -> None:
                ruta = Path(tempfile.mkdtemp(prefix="conc_padron_")) / "padron.xlsx"
                try:
                    with bd.usar(ctx):
                        self.medir("padron_excel", padron.exportar, f, ruta)
                finally:
                    ruta.unlink(missing_ok=True)
                    ruta.parent.rmdir()
                    self.estado["exportando"] = False

            threading.Thread(target=exportar, daemon=True).start()


def _preparar_comun(plan: dict) -> dict:
    """What every person of this worker shares: the sample documents a clerk's scans are
    made from, the CUIS, the events' voucher queues."""
    from sipros_desktop.servicios import formularios

    return {
        "muestras": {},
        "cuis": formularios.vigente(formularios.CUESTIONARIO_BASE),
        "cerrojo": threading.Lock(),
        "filas": {},
    }


def trabajador(indice: int, plan: dict, personas: list[dict], ajustes: dict, cola, salida,
               inicio) -> None:  # fmt: skip
    """A worker process: gets ready, says so, waits for the start (``salida``, at ``inicio``),
    runs one thread per person until the end of the run; then sends its figures."""
    os.environ["SIPROS_DATOS"] = tempfile.mkdtemp(prefix=f"conc_{indice}_")
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    contador = ContarReintentos()
    logging.getLogger("sipros_desktop.bd").addHandler(contador)
    reg = Registro()
    personal = bd.normalizar_url(ajustes["personal"])
    lectura = ajustes.get("lectura")
    rng0 = random.Random(plan["semilla"] + indice)
    comun: dict = {}
    contextos: list[bd.Contexto] = []
    fin = 0.0

    def una(p: dict, rng: random.Random) -> None:
        ctx = persona = None
        try:
            ctx = bd.Contexto(personal.set(username=p["usuario"], password=PASSWORD), probar=False)
            contextos.append(ctx)
            with bd.usar(ctx):
                if lectura and p["perfil"] in ("administrador", "funcionario"):
                    ctx.activar_lectura(bd.normalizar_url(lectura).set(
                        username=p["usuario"], password=PASSWORD))  # fmt: skip
                persona = Puesto(p, plan, reg, comun, rng)
                _dormir_hasta(inicio.value + rng.uniform(0, ajustes["pensar"]), fin)
                if time.time() < fin:
                    persona.inicio()
                while True:
                    _dormir_hasta(time.time() + rng.uniform(0.5, 1.5) * ajustes["pensar"], fin)
                    if time.time() >= fin:
                        break
                    if rng.random() < 0.03:
                        persona.inicio()  # back to Inicio now and then
                    else:
                        persona.actuar()
        except Exception as e:
            reg.anotar("inicio", 0.0, "error", f"{type(e).__name__}: {e}")
        finally:
            espera = time.monotonic() + 300
            while persona is not None and persona.estado.get("exportando"):
                if time.monotonic() > espera:
                    break
                time.sleep(0.2)  # an export still running ends before the session does
            if ctx is not None:
                ctx.cerrar()

    # the shared samples are read as the first person of this worker, as the app would
    dueno_comun = personas[0]
    ctx0 = bd.Contexto(personal.set(username=dueno_comun["usuario"], password=PASSWORD),
                       probar=False)  # fmt: skip
    with bd.usar(ctx0):
        try:
            comun.update(_preparar_comun(plan))
        finally:
            ctx0.cerrar()
    for evento, codigos in plan["eventos"].items():
        mios = [p for p in personas if str(p.get("evento")) == evento]
        if mios:
            comun["filas"][int(evento)] = {"codigos": list(codigos), "hechos": []}
    hilos = [
        threading.Thread(target=una, args=(p, random.Random(rng0.random())), daemon=True)
        for p in personas
    ]
    cola.put(("listo", indice))
    salida.wait()
    fin = inicio.value + ajustes["segundos"]
    for h in hilos:
        h.start()
    for h in hilos:
        h.join(timeout=max(1.0, fin - time.time()) + 180)
    for ctx in contextos:
        ctx.cerrar()
    d = reg.como_dict()
    d["reintentos"] = contador.n
    uso = resource.getrusage(resource.RUSAGE_SELF)
    d["cpu_s"] = uso.ru_utime + uso.ru_stime  # this worker's own CPU (the people's side)
    cola.put(("fin", d))


def _dormir_hasta(cuando: float, fin: float) -> None:
    while True:
        ahora = time.time()
        objetivo = min(cuando, fin)
        if ahora >= objetivo:
            return
        time.sleep(min(1.0, objetivo - ahora))


# ====================================================================== the server, watched


class Vigia:
    """Every 0.5 s: the server's connections (in all, and per person), lock waits, and the CPU
    of the server's processes (when it runs on this machine)."""

    def __init__(self, dueno, prefijo: str, lectura: str | None = None) -> None:
        self.c = _conectar(dueno)
        # the read replica's connections and CPU too, when the reports go there
        self.r = _conectar(bd.normalizar_url(lectura)) if lectura else None
        self.replica_max = 0
        self.cpu_replica = CpuServidor(self.r) if self.r is not None else None
        self.prefijo = prefijo
        self.alto = threading.Event()
        self.conexiones_max = 0  # to this database
        self.servidor_max = 0  # to the whole server
        self.por_persona_max = 0
        self.muestras = 0
        self.con_espera = 0
        self.esperas_max = 0
        self.espera_mas_larga = 0.0
        self.esperas: Counter[str] = Counter()
        self.cpu = CpuServidor(self.c)
        self.hilo = threading.Thread(target=self._mirar, daemon=True)

    def _mirar(self) -> None:
        while not self.alto.wait(0.5):
            try:
                self._muestra()
            except psycopg.Error as e:  # one sample lost: said, the next one goes on
                decir(f"(vigía: {e})")

    def _muestra(self) -> None:
        c = self.c
        # (without pg_read_all_stats the owner sees no backend_type of other roles: a session
        # is then a row with a user)
        servidor, base, propias = c.execute(
            "SELECT count(*), count(*) FILTER (WHERE datname = current_database()), "
            "coalesce(max(n) FILTER (WHERE starts_with(usename, %s)), 0) "
            "FROM pg_stat_activity LEFT JOIN (SELECT usename AS u, count(*) AS n "
            "FROM pg_stat_activity GROUP BY 1) x ON x.u = usename "
            "WHERE backend_type = 'client backend' OR backend_type IS NULL AND usename IS NOT NULL",
            (self.prefijo,),
        ).fetchone()
        # lock waits of this database's sessions (a shared server has others)
        esperan = c.execute(
            "SELECT l.locktype || coalesce(' ' || l.relation::regclass::text, '') || ' ' || "
            "l.mode FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
            "WHERE NOT l.granted AND a.datname = current_database()"
        ).fetchall()
        larga = c.execute(
            "SELECT coalesce(extract(epoch FROM max(now() - state_change)), 0) "
            "FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()"
        ).fetchone()[0]
        if self.r is not None:
            (en_replica,) = self.r.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND (backend_type = 'client backend' OR backend_type IS NULL "
                "AND usename IS NOT NULL)"
            ).fetchone()
            self.replica_max = max(self.replica_max, en_replica)
        self.muestras += 1
        self.conexiones_max = max(self.conexiones_max, base)
        self.servidor_max = max(self.servidor_max, servidor)
        self.por_persona_max = max(self.por_persona_max, propias)
        if esperan:
            self.con_espera += 1
            self.esperas_max = max(self.esperas_max, len(esperan))
            self.esperas.update(r[0] for r in esperan)
        self.espera_mas_larga = max(self.espera_mas_larga, float(larga))

    def empezar(self) -> None:
        self.cpu.empezar()
        if self.cpu_replica is not None:
            self.cpu_replica.empezar()
        self.hilo.start()

    def terminar(self) -> dict:
        self.alto.set()
        self.hilo.join()
        cpu = self.cpu.terminar()
        if self.cpu_replica is not None:
            r = self.cpu_replica.terminar()
            cpu["replica_nucleos"] = r.get("servidor_nucleos")
            self.r.close()
        self.c.close()
        return {
            "conexiones_replica_max": self.replica_max,
            "conexiones_max": self.conexiones_max,
            "conexiones_servidor_max": self.servidor_max,
            "conexiones_por_persona_max": self.por_persona_max,
            "esperas_bloqueo": {
                "muestras": self.muestras,
                "muestras_con_espera": self.con_espera,
                "simultaneas_max": self.esperas_max,
                "espera_mas_larga_s": round(self.espera_mas_larga, 2),
                "que": dict(self.esperas.most_common(8)),
            },
            "cpu": cpu,
        }


def _ticks(pid: int) -> tuple[int, int, int] | None:
    """(own CPU ticks, reaped children's ticks, parent pid) of a process, or None."""
    try:
        campos = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return int(campos[11]) + int(campos[12]), int(campos[13]) + int(campos[14]), int(campos[1])


class CpuServidor:
    """CPU seconds of the PostgreSQL server (the postmaster, its live children and the children
    it reaped), of PgBouncer if it runs here, and of the whole machine, over the run."""

    def __init__(self, c: psycopg.Connection) -> None:
        self.postmaster = None
        # this connection's own server process: its parent is the postmaster (a server on
        # another machine has no such process here)
        (pid,) = c.execute("SELECT pg_backend_pid()").fetchone()
        if (t := _ticks(pid)) is not None and Path(f"/proc/{t[2]}/comm").read_text().strip() in (
            "postgres",
            "postmaster",
        ):
            self.postmaster = t[2]
        self.hz = os.sysconf("SC_CLK_TCK")

    def _servidor(self) -> float:
        propio, hijos_idos, _ = _ticks(self.postmaster) or (0, 0, 0)
        vivos = 0
        for d in os.listdir("/proc"):
            if d.isdigit() and (t := _ticks(int(d))) is not None and t[2] == self.postmaster:
                vivos += t[0]
        return (propio + hijos_idos + vivos) / self.hz

    def _pgbouncer(self) -> float:
        total = 0
        for d in os.listdir("/proc"):
            if d.isdigit():
                try:
                    if Path(f"/proc/{d}/comm").read_text().strip() == "pgbouncer":
                        total += (_ticks(int(d)) or (0, 0, 0))[0]
                except OSError:
                    pass
        return total / self.hz

    @staticmethod
    def _equipo() -> tuple[float, float]:
        campos = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        inactivo = campos[3] + campos[4]
        return sum(campos) - inactivo, sum(campos)

    def empezar(self) -> None:
        self.t0 = time.monotonic()
        self.s0 = self._servidor() if self.postmaster else 0.0
        self.b0 = self._pgbouncer()
        self.e0 = self._equipo()
        self.carga0 = os.getloadavg()

    def terminar(self) -> dict:
        segundos = time.monotonic() - self.t0
        e1 = self._equipo()
        ocupado = (e1[0] - self.e0[0]) / max(1, e1[1] - self.e0[1])
        r = {
            "segundos": round(segundos, 1),
            "equipo_ocupado": round(ocupado, 3),  # of all cores, any process
            "nucleos": os.cpu_count(),
            "carga_promedio_antes": [round(x, 2) for x in self.carga0],
            "carga_promedio_despues": [round(x, 2) for x in os.getloadavg()],
        }
        if self.postmaster:
            s = self._servidor() - self.s0
            r["servidor_s"] = round(s, 1)
            r["servidor_nucleos"] = round(s / segundos, 2)  # cores busy on average
        b = self._pgbouncer() - self.b0
        if b:
            r["pgbouncer_nucleos"] = round(b / segundos, 3)
        return r


def _despachar(url, alto: threading.Event, listo: threading.Event, salida: dict) -> None:
    """The SMS dispatcher of the server, to the fake gateway, until told to stop."""
    from sipros_desktop.servicios import despachador as dsp
    from tests.pasarela import Pasarela

    ctx = bd.Contexto(url, probar=False)
    with bd.usar(ctx), Pasarela() as gw:
        salida["pasarela"] = gw
        c = dsp.Configuracion(url=gw.url, por_segundo=0, tiempo=5, base=0.2, tope=1, espera=0.2)
        d = dsp.Despachador(dsp.crear_proveedor(c), c)

        def ejecutar() -> None:
            with bd.usar(ctx):  # (a new thread starts without the caller's session)
                d.ejecutar()

        hilo = threading.Thread(target=ejecutar, daemon=True)
        hilo.start()
        listo.set()
        alto.wait()
        d.detener.set()
        hilo.join(timeout=30)
    ctx.cerrar()


def _cargar(a, url, plan: dict, salida: dict, inicio) -> None:
    """A roll of ``--carga`` rows, loaded by an administrator a third into the run."""
    import cargas as bench_cargas

    from sipros_desktop.servicios import cargas

    carpeta = Path(tempfile.mkdtemp(prefix="conc_carga_"))
    ruta = carpeta / "padron.xlsx"
    bench_cargas.escribir_padron(ruta, bd.dsn(bd.normalizar_url(a.url)), a.carga)
    while not inicio.value:
        time.sleep(0.1)
    _dormir_hasta(inicio.value + a.minutos * 60 / 3, inicio.value + a.minutos * 60)
    ctx = bd.Contexto(url.set(username=plan["carga_usuario"], password=PASSWORD), probar=False)
    etapas: dict[str, float] = {}
    try:
        with bd.usar(ctx):
            t0 = time.perf_counter()
            lectura = cargas.leer(ruta)
            t1 = time.perf_counter()
            r = cargas.aplicar(
                lectura,
                "BECES",
                progreso=lambda e, _h, _t: etapas.setdefault(e, time.perf_counter()),
            )
            t2 = time.perf_counter()  # fmt: skip
        salida.update(
            filas=r.filas, beneficios=r.beneficios, expedientes=r.ciudadanos_nuevos,
            carga_id=r.carga_id, lectura_s=round(t1 - t0, 2), total_s=round(t2 - t0, 2),
            validacion_s=round(etapas.get("Aplicando la carga", t2)
                               - etapas.get("Validando en la base de datos", t1), 2),
            aplicacion_s=round(t2 - etapas.get("Aplicando la carga", t2), 2),
        )  # fmt: skip
    except Exception as e:
        salida["error"] = f"{type(e).__name__}: {e}"
    finally:
        ctx.cerrar()
        ruta.unlink(missing_ok=True)
        carpeta.rmdir()


def _revertir_carga(url, plan: dict, carga: dict) -> None:
    from sipros_desktop.servicios import cargas

    ctx = bd.Contexto(url.set(username=plan["carga_usuario"], password=PASSWORD), probar=False)
    try:
        with bd.usar(ctx):
            t = time.perf_counter()
            cargas.revertir(carga["carga_id"], "Fin de la medición de concurrencia")
            carga["revertir_s"] = round(time.perf_counter() - t, 2)
    finally:
        ctx.cerrar()


# ====================================================================== after: the checks


def marcas(c: psycopg.Connection) -> dict:
    """Where each table ends before the run (what is new is above these ids)."""
    ids = {}
    for tabla in ("solicitud", "solicitud_historial", "mensaje", "beneficio"):
        ids[tabla] = c.execute(f"SELECT coalesce(max(id), 0) FROM {tabla}").fetchone()[0]
    folios = {}
    for pid, clave in c.execute("SELECT id, clave FROM programa"):
        seq = f"sipros_folio_{pid}"
        if c.execute("SELECT to_regclass(%s)", (seq,)).fetchone()[0]:
            ultimo, usado = c.execute(f"SELECT last_value, is_called FROM {seq}").fetchone()
            folios[clave] = (pid, ultimo if usado else ultimo - 1)
    return {"ids": ids, "folios": folios, "deadlocks": _deadlocks(c)}


def _deadlocks(c: psycopg.Connection) -> int:
    return c.execute(
        "SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()"
    ).fetchone()[0]


def revisar(c: psycopg.Connection, antes: dict, res: dict, pasarela) -> dict:
    """No lost or duplicated write: folios, deliveries, SMS and history rows against what the
    people were told."""
    from sipros_desktop.servicios import comprobantes

    ids = antes["ids"]
    # folios: unique, each one a clerk was given exists once, contiguous per programme
    folios: dict = {"nuevas": 0, "repetidos": 0, "perdidos": 0, "huecos": 0, "fallidas": 0}
    dados = Counter(f for f, _p in res["folios"])
    en_base = dict(c.execute(
        "SELECT folio, count(*) FROM solicitud WHERE id > %s GROUP BY 1",
        (ids["solicitud"],)).fetchall())  # fmt: skip
    folios["nuevas"] = sum(en_base.values())
    folios["repetidos"] = sum(n - 1 for n in en_base.values() if n > 1) + sum(
        n - 1 for n in dados.values() if n > 1
    )
    folios["perdidos"] = sum(1 for f in dados if f not in en_base)
    folios["sin_aviso"] = sum(1 for f in en_base if f not in dados)
    for clave, (pid, inicio) in antes["folios"].items():
        seq = f"sipros_folio_{pid}"
        ultimo, usado = c.execute(f"SELECT last_value, is_called FROM {seq}").fetchone()
        fin = ultimo if usado else ultimo - 1
        numeros = [int(r[0]) for r in c.execute(
            "SELECT split_part(s.folio, '-', 3) FROM solicitud s JOIN convocatoria v "
            "ON v.id = s.convocatoria_id WHERE s.id > %s AND v.programa_id = %s",
            (ids["solicitud"], pid))]  # fmt: skip
        fuera = [n for n in numeros if not inicio < n <= fin]
        huecos = (fin - inicio) - len(set(numeros))
        fallidas = res["fallidas"].get(clave, 0)
        folios["huecos"] += huecos
        folios["fallidas"] += fallidas
        if fuera or huecos > fallidas:
            folios.setdefault("programas_mal", []).append(clave)
    folios["ok"] = (folios["repetidos"] == folios["perdidos"] == folios["sin_aviso"] == 0
                    and not folios.get("programas_mal"))  # fmt: skip

    # deliveries: each code the desks delivered is delivered once (voucher, application,
    # history row, benefit), and nothing else of the run's events was
    hashes = [comprobantes.hash_de(k) for k in res["entregados"]]
    filas = c.execute(
        "SELECT k.estado, (SELECT count(*) FROM beneficio b WHERE b.solicitud_id = k.solicitud_id),"
        " (SELECT count(*) FROM solicitud_historial h WHERE h.solicitud_id = k.solicitud_id "
        "AND h.estado = 'Entregado'), s.estado FROM comprobante k JOIN solicitud s "
        "ON s.id = k.solicitud_id WHERE k.codigo_hash = ANY(%s)",
        (hashes,),
    ).fetchall()
    eventos = [int(e) for e in res["eventos"]]
    en_eventos = c.execute(
        "SELECT count(*) FROM comprobante WHERE evento_id = ANY(%s) AND estado = 'Entregado'",
        (eventos,),
    ).fetchone()[0]
    entregas = {
        "entregadas": len(res["entregados"]),
        "en_base": en_eventos,
        "repetidas": len(res["entregados"]) - len(set(res["entregados"])),
        "mal": sum(1 for f in filas if f != ("Entregado", 1, 1, "Entregado")),
    }
    entregas["ok"] = (entregas["repetidas"] == entregas["mal"] == 0 and len(filas) ==
                      len(hashes) and en_eventos == len(hashes))  # fmt: skip

    # SMS: one message per application and event at most, and each sent once
    sms: dict = {}
    sms["nuevos"], sms["dobles"] = c.execute(
        "SELECT count(*), count(*) - count(DISTINCT (solicitud_id, evento)) FROM mensaje "
        "WHERE id > %s AND solicitud_id IS NOT NULL AND evento IN ('solicitud_registrada', "
        "'aprobada', 'entregada', 'comprobante')",
        (ids["mensaje"],),
    ).fetchone()
    # (a correction may be asked twice of one application: it is not counted as a double)
    por_enviar = c.execute(
        "SELECT clave::text, estado FROM mensaje WHERE id > %s AND estado <> 'Cancelado'",
        (ids["mensaje"],),
    ).fetchall()
    if pasarela is not None:
        sms["sin_enviar"] = sum(1 for clave, e in por_enviar if clave not in pasarela.entregados)
        sms["enviados_dos_veces"] = pasarela.repetidos
        sms["ok"] = sms["dobles"] == sms["sin_enviar"] == sms["enviados_dos_veces"] == 0
    else:
        sms["ok"] = sms["dobles"] == 0

    # history rows: exactly those the people were told about
    historial = {
        "avisadas": res["historial"],
        "en_base": c.execute(
            "SELECT count(*) FROM solicitud_historial WHERE id > %s", (ids["solicitud_historial"],)
        ).fetchone()[0],
    }
    historial["ok"] = historial["avisadas"] == historial["en_base"]
    todo = folios["ok"] and entregas["ok"] and sms["ok"] and historial["ok"]
    return {"ok": todo, "folios": folios, "entregas": entregas, "sms": sms, "historial": historial}


def limpiar(dueno, plan: dict) -> None:
    """Remove the run's accounts (their history rows keep the name, as for anyone who left)."""
    with _conectar(dueno) as c:
        roles = [
            r[0]
            for r in c.execute(
                "SELECT rolname FROM pg_roles WHERE starts_with(rolname, %s)", (plan["prefijo"],)
            )
        ]
        c.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                  "WHERE usename = ANY(%s)", (roles,))  # fmt: skip
        c.execute("DELETE FROM funcionario WHERE usuario = ANY(%s)", (roles,))
        for r in roles:
            c.execute(f'DROP ROLE IF EXISTS "{r}"')


# ====================================================================== the run


def percentil(ms: list[float], p: float) -> float:
    ms = sorted(ms)
    return ms[max(0, math.ceil(len(ms) * p) - 1)]


def resumir(a, plan, resultados, vigia, servidor, integridad, carga, reintentos) -> dict:
    tiempos: dict[str, list[float]] = defaultdict(list)
    rechazos: Counter[str] = Counter()
    errores: Counter[str] = Counter()
    mensajes: Counter[str] = Counter()
    for r in resultados:
        for k, v in r["tiempos"].items():
            tiempos[k].extend(v)
        rechazos.update(r["rechazos"])
        errores.update(r["errores"])
        mensajes.update(r["mensajes"])
    acciones = {}
    for nombre, (interactiva, meta) in ACCIONES.items():
        ms = tiempos.get(nombre, [])
        if not ms and not errores.get(nombre):
            continue
        acciones[nombre] = {
            "n": len(ms),
            "p50_ms": round(statistics.median(ms), 1) if ms else None,
            "p95_ms": round(percentil(ms, 0.95), 1) if ms else None,
            "peor_ms": round(max(ms), 1) if ms else None,
            "interactiva": interactiva,
            "meta_ms": meta,
            "rechazos": rechazos.get(nombre, 0),
            "errores": errores.get(nombre, 0),
        }
    detalle: dict[str, dict] = defaultdict(dict)  # (action → what → figures)
    for n, v in sorted(tiempos.items()):
        if ":" in n:
            accion, que = n.split(":", 1)
            detalle[accion][que] = {"n": len(v), "p50_ms": round(statistics.median(v), 1),
                                    "p95_ms": round(percentil(v, 0.95), 1),
                                    "peor_ms": round(max(v), 1)}  # fmt: skip
    todas = [m for n, v in tiempos.items() if ACCIONES.get(n, (False,))[0] for m in v]
    previas = [m for n in ("reporte", "padron_totales") for m in tiempos.get(n, [])]
    metas = {
        "interactivas_p95_ms": round(percentil(todas, 0.95), 1) if todas else None,
        "interactivas_peor_p95_ms": max((v["p95_ms"] for v in acciones.values()
                                         if v["interactiva"] and v["p95_ms"]), default=None),
        "vistas_previas_p95_ms": round(percentil(previas, 0.95), 1) if previas else None,
    }  # fmt: skip
    metas["fuera_de_meta"] = [
        n
        for n, v in acciones.items()
        if v["meta_ms"] and v["p95_ms"] and v["p95_ms"] >= v["meta_ms"]
    ]
    metas["cumple"] = bool(
        not metas["fuera_de_meta"] and (metas["vistas_previas_p95_ms"] or 0) < 2000
        and not sum(errores.values()) and integridad["ok"] and vigia["deadlocks"] == 0
    )  # fmt: skip
    perfiles = Counter(p["perfil"] for p in plan["personas"])
    return {
        "sesiones": a.sesiones,
        "errores": sum(errores.values()),
        "conexiones_max": vigia["conexiones_max"],
        "acciones": acciones,
        "minutos": a.minutos,
        "pensar_s": a.pensar,
        "procesos": a.procesos,
        "perfiles": dict(perfiles),
        "acciones_por_segundo": round(sum(len(v) for v in tiempos.values()) / (a.minutos * 60), 1),
        "conexiones_por_persona_max": vigia["conexiones_por_persona_max"],
        "conexiones_servidor_max": vigia["conexiones_servidor_max"],
        "conexiones_replica_max": vigia["conexiones_replica_max"],
        "servidor": servidor,
        "deadlocks": vigia["deadlocks"],
        "esperas_bloqueo": vigia["esperas_bloqueo"],
        "cpu": vigia["cpu"],
        "reintentos_servidor_lleno": reintentos,
        "mensajes_de_error": dict(mensajes.most_common(10)),
        "metas": metas,
        "integridad": integridad,
        "detalle": detalle,
        "carga": carga or None,
        "personal": "pgbouncer" if a.personal != a.url else "directo",
        "lectura": bool(a.lectura),
    }


def imprimir(r: dict, salida) -> None:
    def p(*x):
        print(*x, file=salida)

    s = r["servidor"]
    p(f"\n{r['sesiones']} personas, {r['minutos']} min, pensando ~{r['pensar_s']} s, "
      f"{r['procesos']} procesos ({', '.join(f'{k} {v}' for k, v in r['perfiles'].items())}); "
      f"{r['acciones_por_segundo']} acciones/s")  # fmt: skip
    p(f"{'acción':18} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'peor ms':>9} {'meta':>6} "
      f"{'rechazos':>8} {'errores':>7}")  # fmt: skip
    for nombre, v in r["acciones"].items():
        p(f"{nombre:18} {v['n']:>6} {v['p50_ms'] or 0:>8.1f} {v['p95_ms'] or 0:>8.1f} "
          f"{v['peor_ms'] or 0:>9.1f} {v['meta_ms'] or '—':>6} {v['rechazos']:>8} "
          f"{v['errores']:>7}")  # fmt: skip
    m = r["metas"]
    p(f"interactivas: p95 de todas {m['interactivas_p95_ms']} ms, la peor acción "
      f"{m['interactivas_peor_p95_ms']} ms (meta 300); vistas previas p95 "
      f"{m['vistas_previas_p95_ms']} ms (meta 2,000); metas cumplidas: "
      f"{'sí' if m['cumple'] else 'NO'} {m['fuera_de_meta'] or ''}")  # fmt: skip
    for accion, partes in r["detalle"].items():
        for que, v in partes.items():
            p(f"   {accion} {que:30} n {v['n']:>4}  p50 {v['p50_ms']:>8.1f}  "
              f"p95 {v['p95_ms']:>8.1f}  peor {v['peor_ms']:>8.1f} ms")  # fmt: skip
    p(f"errores {r['errores']}; reintentos por servidor lleno {r['reintentos_servidor_lleno']}; "
      f"deadlocks {r['deadlocks']}")  # fmt: skip
    for msg, n in r["mensajes_de_error"].items():
        p(f"   {n} × {msg}")
    e = r["esperas_bloqueo"]
    p(f"esperas por bloqueos: {e['muestras_con_espera']} de {e['muestras']} muestras, hasta "
      f"{e['simultaneas_max']} a la vez, la más larga vista {e['espera_mas_larga_s']} s "
      f"{e['que'] or ''}")  # fmt: skip
    p(f"conexiones a la base: máx {r['conexiones_max']} (por persona máx "
      f"{r['conexiones_por_persona_max']}); al servidor máx {r['conexiones_servidor_max']}; "
      f"max_connections {s['max_connections']}, necesarias {s['necesarias']}")  # fmt: skip
    c = r["cpu"]
    if "servidor_nucleos" in c:
        p(f"CPU del servidor: {c['servidor_s']} s en {c['segundos']} s = "
          f"{c['servidor_nucleos']} núcleos en promedio de {c['nucleos']}")  # fmt: skip
    p(f"CPU de las personas simuladas (este programa): {c['clientes_s']} s = "
      f"{c['clientes_nucleos']} núcleos")  # fmt: skip
    if c.get("replica_nucleos") is not None:
        p(f"réplica de lectura: {c['replica_nucleos']} núcleos, conexiones máx "
          f"{r['conexiones_replica_max']}")  # fmt: skip
    if "pgbouncer_nucleos" in c:
        p(f"CPU de PgBouncer: {c['pgbouncer_nucleos']} núcleos")
    p(f"equipo ocupado {c['equipo_ocupado']:.0%}; carga promedio {c['carga_promedio_antes']} → "
      f"{c['carga_promedio_despues']}")  # fmt: skip
    i = r["integridad"]
    p(f"integridad: {'bien' if i['ok'] else 'MAL'} — folios {i['folios']}; entregas "
      f"{i['entregas']}; SMS {i['sms']}; historial {i['historial']}")  # fmt: skip
    if r["carga"]:
        p(f"padrón cargado durante la corrida: {r['carga']}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--url",
        default=os.environ.get("SIPROS_DB_URL"),
        help="URL de un propietario de la base (por omisión SIPROS_DB_URL)",
    )
    ap.add_argument(
        "--personal",
        help="por dónde se conectan las personas (p. ej. PgBouncer); "
        "por omisión el mismo servidor que --url",
    )
    ap.add_argument("--lectura", help="réplica de lectura para reportes y Padrón")
    ap.add_argument("--sesiones", type=int, default=50)
    ap.add_argument("--minutos", type=float, default=3.0)
    ap.add_argument("--pensar", type=float, default=20.0, help="segundos entre acciones (media)")
    ap.add_argument("--procesos", type=int, default=0, help="por omisión uno por cada 100")
    ap.add_argument("--carga", type=int, default=0, help="filas de un padrón cargado en la corrida")
    ap.add_argument("--sin-sms", action="store_true", help="sin despachador de SMS")
    ap.add_argument(
        "--propios",
        type=int,
        default=150,
        help="solicitudes en proceso de cada "
        "programa cuyos documentos reciben su propio archivo (0: ninguna)",
    )
    ap.add_argument("--semilla", type=int, default=30)
    ap.add_argument("--json", action="store_true", help="el resultado como JSON en la salida")
    a = ap.parse_args()
    if not a.url:
        ap.error("falta --url (o SIPROS_DB_URL): la URL de un propietario de la base")
    a.personal = a.personal or a.url
    a.procesos = a.procesos or max(1, math.ceil(a.sesiones / 100))
    dueno = bd.normalizar_url(a.url)
    personal = bd.normalizar_url(a.personal)
    sys.stdout.reconfigure(line_buffering=True)

    plan = preparar(a, dueno, personal)
    try:
        r = correr(a, dueno, personal, plan)
    finally:
        limpiar(dueno, plan)
    imprimir(r, sys.stderr if a.json else sys.stdout)
    if a.json:
        print(json.dumps(r, ensure_ascii=False, indent=1))
    sys.exit(0 if r["errores"] == 0 and r["integridad"]["ok"] else 1)


def correr(a, dueno, personal, plan: dict) -> dict:
    with _conectar(dueno) as c:
        plan["claves_programa"] = [r[0] for r in c.execute("SELECT clave FROM programa")]
        servidor = revisar_servidor(c, conexiones_necesarias(
            [Persona(**p) for p in plan["personas"]]))  # fmt: skip
    alto_sms, listo_sms, sms = threading.Event(), threading.Event(), {}
    if not a.sin_sms:
        hilo_sms = threading.Thread(
            target=_despachar,
            daemon=True,
            args=(
                personal.set(username=plan["despacho"], password=PASSWORD),
                alto_sms,
                listo_sms,
                sms,
            ),
        )
        hilo_sms.start()  # fmt: skip
        listo_sms.wait(30)
    with _conectar(dueno) as c:
        antes = marcas(c)
    ctx = mp.get_context("spawn")
    cola = ctx.Queue()
    salida, inicio = ctx.Event(), ctx.Value("d", 0.0)
    ajustes = {"personal": personal.render_as_string(hide_password=False),
               "lectura": a.lectura, "segundos": a.minutos * 60, "pensar": a.pensar}  # fmt: skip
    repartos = [plan["personas"][i :: a.procesos] for i in range(a.procesos)]
    procesos = [ctx.Process(target=trabajador, args=(i, plan, r, ajustes, cola, salida, inicio))
                for i, r in enumerate(repartos) if r]  # fmt: skip
    for pr in procesos:
        pr.start()
    carga: dict = {}
    hilo_carga = None
    if a.carga:  # the roll is written meanwhile, and loaded a third into the run
        hilo_carga = threading.Thread(target=_cargar, args=(a, personal, plan, carga, inicio))
        hilo_carga.start()
    for _ in procesos:  # every worker imported and ready
        cola.get(timeout=300)
    vigia = Vigia(dueno, plan["prefijo"], a.lectura)
    uso = resource.getrusage(resource.RUSAGE_SELF)
    cpu0 = uso.ru_utime + uso.ru_stime
    inicio.value = time.time() + 0.5
    salida.set()
    _dormir_hasta(inicio.value, inicio.value)
    vigia.empezar()
    decir(f"corriendo {a.sesiones} personas durante {a.minutos} min…")
    resultados = []
    for _ in procesos:
        resultados.append(cola.get(timeout=a.minutos * 60 + 600)[1])
    for pr in procesos:
        pr.join(timeout=60)
    if hilo_carga is not None:
        hilo_carga.join()
    v = vigia.terminar()
    with _conectar(dueno) as c:
        time.sleep(1.0)  # (each backend reports its counters when it ends)
        v["deadlocks"] = _deadlocks(c) - antes["deadlocks"]
        if not a.sin_sms:  # the outbox drained before the check
            fin = time.monotonic() + 60
            while time.monotonic() < fin and c.execute(
                "SELECT count(*) FROM mensaje WHERE id > %s AND estado IN ('Pendiente', "
                "'Enviando')", (antes["ids"]["mensaje"],)).fetchone()[0]:  # fmt: skip
                time.sleep(0.5)
        alto_sms.set()
        res = {"folios": [f for r in resultados for f in r["folios"]],
               "fallidas": sum((Counter(r["fallidas"]) for r in resultados), Counter()),
               "entregados": [k for r in resultados for k in r["entregados"]],
               "historial": sum(r["historial"] for r in resultados),
               "eventos": list(plan["eventos"])}  # fmt: skip
        integridad = revisar(c, antes, res, sms.get("pasarela"))
    if carga.get("carga_id"):
        _revertir_carga(personal, plan, carga)
    reintentos = sum(r["reintentos"] for r in resultados)
    # the people's side: the workers, and this process (the dispatcher, the watcher, the roll)
    propio = resource.getrusage(resource.RUSAGE_SELF)
    v["cpu"]["clientes_s"] = round(
        sum(r["cpu_s"] for r in resultados) + propio.ru_utime + propio.ru_stime - cpu0, 1
    )
    v["cpu"]["clientes_nucleos"] = round(v["cpu"]["clientes_s"] / v["cpu"]["segundos"], 2)
    return resumir(a, plan, resultados, v, servidor, integridad, carga, reintentos)


if __name__ == "__main__":
    main()
