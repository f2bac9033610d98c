"""Staff accounts for tests: LOGIN roles with this run's prefix, created the way the
application creates them (``sipros_usuario_crear`` with a client-side SCRAM verifier)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import psycopg
from sqlalchemy.engine import URL

from sipros_desktop import bd

PASSWORD = "Prueba2024Segura"


@dataclass(frozen=True)
class Cuenta:
    usuario: str
    password: str
    url: URL

    def conectar(self) -> psycopg.Connection:
        return psycopg.connect(bd.dsn(self.url), autocommit=True)


class Personal:
    def __init__(self, url: URL, propietario: str, prefijo: str) -> None:
        self.url = url
        self.propietario = propietario
        self.prefijo = prefijo

    _n = itertools.count(1)  # roles outlive each test's database: unique in the whole run

    def nombre(self, base: str) -> str:
        return f"{self.prefijo}{base}{next(Personal._n)}"

    def como_propietario(self) -> psycopg.Connection:
        return psycopg.connect(bd.dsn(self.url.set(username=self.propietario)), autocommit=True)

    def crear(
        self,
        perfiles: list[str],
        *,
        area: str | None = None,
        dependencia: str | None = None,
        alcance: str = "area",
        cambiar_password: bool = False,
    ) -> Cuenta:
        usuario = self.nombre(perfiles[0][:4])
        with self.como_propietario() as c:
            verificador = c.pgconn.encrypt_password(
                PASSWORD.encode(), usuario.encode(), b"scram-sha-256"
            ).decode()
            c.execute(
                "SELECT sipros_usuario_crear(%s, %s, %s, %s, %s, %s, %s, %s, %s)",
                (
                    usuario,
                    verificador,
                    f"Funcionario {usuario}",
                    None,
                    perfiles,
                    dependencia,
                    area,
                    alcance,
                    cambiar_password,
                ),
            )
        return Cuenta(usuario, PASSWORD, self.url.set(username=usuario, password=PASSWORD))

    def crear_despachador(self) -> Cuenta:
        """The SMS dispatcher's account: a LOGIN role of sipros_despacho, as the server's
        operator creates it (it is not a staff profile)."""
        usuario = self.nombre("desp")
        with self.como_propietario() as c:
            c.execute(
                f'CREATE ROLE "{usuario}" LOGIN PASSWORD %s IN ROLE sipros_despacho'.replace(
                    "%s", "'" + PASSWORD + "'"
                )
            )
        return Cuenta(usuario, PASSWORD, self.url.set(username=usuario, password=PASSWORD))

    def curps(self, n: int, donde: str = "true") -> list[str]:
        """CURPs of ``n`` citizens (read as the owner), for a clerk to open one by one."""
        with self.como_propietario() as c:
            return [r[0] for r in c.execute(f"SELECT curp FROM ciudadano WHERE {donde} "
                                            "ORDER BY id LIMIT %s", (n,))]  # fmt: skip

    @staticmethod
    def abrir(conexion: psycopg.Connection, curp: str) -> int:
        """What the front desk does first: open a citizen's file by exact CURP."""
        return conexion.execute("SELECT sipros_abrir_expediente(%s)", (curp,)).fetchone()[0]

    def activar_como(self, cuenta: Cuenta) -> None:
        """Every ``bd.sesion()`` from now on runs as ``cuenta`` (as after logging in)."""
        bd.activar(cuenta.url)
