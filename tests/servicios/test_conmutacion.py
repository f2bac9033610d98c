"""Failover for real: a primary PostgreSQL and a streaming standby made with pg_basebackup
(the binaries of the pgserver wheel, in a temporary folder, on free ports). The app connects
with both hosts and `target_session_attrs=read-write`; reads for reports go to the standby;
the primary dies, the standby is promoted while the app is connected, and a capture retried
with its idempotency key lands exactly once on the new primary."""

from __future__ import annotations

import os
import shutil
import socket
import stat
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.engine import URL

from sipros_desktop import bd
from sipros_desktop.bd import esquema
from sipros_desktop.bd import servidor as preparacion
from sipros_desktop.errores import ErrorSipros
from sipros_desktop.servicios import indicadores, padron, reportes, respaldo, ventanilla
from tests.servicios.test_ventanilla import datos_nuevos

PROPIETARIO = "sipros_propietario"


def _puerto() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# PostgreSQL refuses to run as root: as root (CI, containers) the clusters belong to the user
# pgserver itself uses for the embedded database
USUARIO_SO = "pgserver" if os.name == "posix" and os.geteuid() == 0 else None


class Cluster:
    def __init__(self, carpeta: Path, puerto: int) -> None:
        self.carpeta, self.puerto = carpeta, puerto
        self.bin = respaldo.binarios()

    def pg(self, *args: str, comprobar: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run([str(self.bin / args[0]), *args[1:]], check=comprobar,
                              capture_output=True, user=USUARIO_SO)  # fmt: skip

    def iniciar(self) -> None:
        self.pg("pg_ctl", "-D", str(self.carpeta), "-l", str(self.carpeta / "log"), "-w",
                "-o", f"-p {self.puerto} -k {self.carpeta}", "start")  # fmt: skip

    def detener(self, modo: str = "fast") -> None:
        self.pg("pg_ctl", "-D", str(self.carpeta), "-m", modo, "-w", "stop", comprobar=False)

    def url(self, usuario: str = "postgres", base: str = "postgres") -> str:
        return f"postgresql://{usuario}@127.0.0.1:{self.puerto}/{base}"


@pytest.fixture
def primario_y_replica(tmp_path, monkeypatch):
    monkeypatch.setenv("SIPROS_DATOS", str(tmp_path / "datos"))
    if not (respaldo.binarios() / "pg_basebackup").exists():
        pytest.skip("sin los binarios de PostgreSQL de pgserver")
    raiz = Path(tempfile.mkdtemp(prefix="sipros_conmutacion_"))
    if USUARIO_SO:
        from pgserver.utils import ensure_folder_permissions, ensure_user_exists

        entrada = ensure_user_exists(USUARIO_SO)
        os.chown(raiz, entrada.pw_uid, entrada.pw_gid)
        bin_ = respaldo.binarios()
        ensure_folder_permissions(bin_, stat.S_IRGRP | stat.S_IROTH | stat.S_IXGRP | stat.S_IXOTH)
        ensure_folder_permissions(bin_.parent / "lib", stat.S_IRGRP | stat.S_IROTH)
    primario = Cluster(raiz / "primario", _puerto())
    primario.pg("initdb", "-D", str(primario.carpeta), "-U", "postgres", "--auth=trust",
                "-E", "UTF8", "--locale=C")  # fmt: skip
    with (primario.carpeta / "postgresql.conf").open("a") as f:
        f.write("listen_addresses = '127.0.0.1'\nwal_level = replica\nmax_wal_senders = 4\n"
                "hot_standby = on\nfsync = off\n")  # fmt: skip
    with (primario.carpeta / "pg_hba.conf").open("w") as f:  # (keeps the owner of the file)
        f.write("local all all trust\nhost all all 127.0.0.1/32 trust\n"
                "host replication all 127.0.0.1/32 trust\n")  # fmt: skip
    primario.iniciar()
    replica = Cluster(raiz / "replica", _puerto())
    try:
        with psycopg.connect(primario.url(), autocommit=True) as c:
            preparacion.preparar(c, PROPIETARIO, "sipros")
        motor = bd.crear_motor(primario.url(PROPIETARIO, "sipros"), pool_size=1)
        esquema.actualizar(motor)
        motor.dispose()
        primario.pg("pg_basebackup", "-h", "127.0.0.1", "-p", str(primario.puerto), "-U",
                    "postgres", "-D", str(replica.carpeta), "-R", "-X", "stream",
                    "--checkpoint=fast")  # fmt: skip
        replica.iniciar()
        yield primario, replica
    finally:
        bd.desactivar()
        replica.detener("immediate")
        primario.detener("immediate")
        shutil.rmtree(raiz, ignore_errors=True)


def _ambos(primario: Cluster, replica: Cluster, atributos: str) -> URL:
    return bd.normalizar_url(
        f"postgresql://{PROPIETARIO}@/sipros?host=127.0.0.1:{primario.puerto}"
        f"&host=127.0.0.1:{replica.puerto}&target_session_attrs={atributos}"
    )


def _en_recuperacion(url: URL) -> bool:
    with psycopg.connect(bd.dsn(url)) as c:
        return c.execute("SELECT pg_is_in_recovery()").fetchone()[0]


def _esperar_replica(primario: Cluster, replica: Cluster, segundos: float = 30) -> None:
    """Wait until the standby has replayed everything the primary wrote until now (its replay
    LSN reaches the primary's current one), with a deadline."""
    with psycopg.connect(primario.url(), autocommit=True) as c:
        lsn = c.execute("SELECT pg_current_wal_lsn()::text").fetchone()[0]
    fin = time.monotonic() + segundos
    with psycopg.connect(replica.url(), autocommit=True) as c:
        while not c.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", (lsn,)).fetchone()[0]:
            if time.monotonic() > fin:
                aplicada = c.execute("SELECT pg_last_wal_replay_lsn()::text").fetchone()[0]
                raise AssertionError(f"la réplica va en {aplicada}; el primario, en {lsn}")
            time.sleep(0.02)


def test_conmutacion_por_error_sin_perder_ni_duplicar(primario_y_replica):
    primario, replica = primario_y_replica
    escritura = _ambos(primario, replica, "read-write")
    lectura = _ambos(primario, replica, "prefer-standby")
    assert not _en_recuperacion(escritura) and _en_recuperacion(lectura)

    bd.activar(escritura)
    antes = datos_nuevos()
    assert not ventanilla.registrar(antes).repetido  # written on the primary…
    _esperar_replica(primario, replica)  # …and streamed to the standby, where reports read
    with psycopg.connect(bd.dsn(lectura)) as c:
        assert c.execute("SELECT count(*) FROM ciudadano WHERE curp = %s",
                         (antes.curp,)).fetchone() == (1,)  # fmt: skip

    # reports read the standby, and say how fresh its data is; the front desk writes the primary
    bd.activar_lectura(lectura)
    previa = reportes.vista_previa("solicitudes_por_estado", reportes.Filtros())
    assert previa.datos_al is not None
    assert padron.totales(padron.Filtro()).datos_al is not None
    assert indicadores.datos_al() is not None
    with bd.sesion() as s:
        assert bd.datos_al(s) is None
    with bd.sesion_lectura() as s:
        assert s.scalar(text("SELECT pg_is_in_recovery()")) is True
    bd.desactivar_lectura()

    # the primary dies; the standby is promoted while the app is still connected
    primario.detener("immediate")
    replica.pg("pg_ctl", "-D", str(replica.carpeta), "-w", "promote")
    promovida = time.monotonic()
    despues = datos_nuevos(nombre="Rocío", paterno="Ugalde", materno="Ríos")
    despues.clave_captura = uuid.uuid4()
    intentos = 0
    while True:  # what the front desk's saving does: retry with the same capture key
        intentos += 1
        try:
            r = ventanilla.registrar(despues)
            break
        except ErrorSipros:
            assert time.monotonic() - promovida < 30, "no se reconectó"
            time.sleep(0.2)
    reconexion = time.monotonic() - promovida
    assert not r.repetido
    # the same capture again (a retry whose answer was lost) and the one before the failover:
    # each exactly once on the new primary
    assert ventanilla.registrar(despues).repetido and ventanilla.registrar(antes).repetido
    with bd.sesion() as s:
        assert s.scalar(text("SELECT inet_server_port()")) == replica.puerto
        cuentas = s.execute(
            text("SELECT curp, count(*) FROM ciudadano WHERE curp IN (:a, :b) GROUP BY curp"),
            {"a": antes.curp, "b": despues.curp},
        ).all()
    assert sorted(n for _c, n in cuentas) == [1, 1]
    print(f"reconexión tras la promoción: {reconexion:.2f} s, {intentos} intentos")


def test_inicio_de_sesion_con_replica_de_lectura(primario_y_replica, monkeypatch):
    from sipros_desktop.servicios import sesion

    primario, replica = primario_y_replica
    with psycopg.connect(primario.url(PROPIETARIO, "sipros"), autocommit=True) as c:
        verificador = c.pgconn.encrypt_password(b"Clave2026Larga", b"ana_reportes",
                                                b"scram-sha-256").decode()  # fmt: skip
        c.execute(
            "SELECT sipros_usuario_crear('ana_reportes', %s, 'Ana', NULL, "
            "ARRAY['funcionario'], NULL, NULL, 'estatal', false)",
            (verificador,),
        )
    _esperar_replica(primario, replica)  # (the account is on the standby too)
    monkeypatch.setenv("SIPROS_DB_URL", str(_ambos(primario, replica, "read-write")
                                            .set(username="ana_reportes")
                                            .render_as_string(hide_password=False)))  # fmt: skip
    monkeypatch.setenv("SIPROS_DB_URL_LECTURA", f"postgresql://127.0.0.1:{replica.puerto}/sipros")
    destino = sesion.destino_configurado()
    info = sesion.iniciar_sesion(destino, "ana_reportes", "no se usa con trust")
    assert "réplica" not in info.advertencia
    assert reportes.vista_previa("solicitudes_por_estado", reportes.Filtros()).datos_al
    replica.detener("immediate")  # a standby that does not answer: the login still works
    bd.desactivar()
    info = sesion.iniciar_sesion(destino, "ana_reportes", "x")
    assert "La réplica de lectura no responde" in info.advertencia
    assert reportes.vista_previa("solicitudes_por_estado", reportes.Filtros()).datos_al is None
