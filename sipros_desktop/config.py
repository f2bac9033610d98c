"""Dónde está la base de datos y dónde guarda la aplicación sus datos.

Orden de preferencia para la base de datos:
1. ``SIPROS_DB_URL`` (p. ej. ``postgresql://servidor:5432/sipros?sslmode=verify-full&...``);
2. el perfil de conexión guardado por el diálogo «Conexión» (sin contraseñas);
3. la base integrada: un PostgreSQL privado (``pgserver``) en la carpeta de datos.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

import platformdirs

APP = "sipros-desktop"


def carpeta_datos() -> Path:
    """Carpeta de datos del usuario (``SIPROS_DATOS`` la reemplaza)."""
    elegida = os.environ.get("SIPROS_DATOS")
    ruta = Path(elegida) if elegida else platformdirs.user_data_path(APP, appauthor=False)
    try:
        ruta.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        from sipros_desktop.errores import ErrorDatos

        que = "SIPROS_DATOS" if elegida else "La carpeta de datos"
        raise ErrorDatos(
            f"{que} apunta a «{ruta}», que no es una carpeta que se pueda usar "
            f"(error {e.errno}): indique una carpeta."
        ) from e
    return ruta


_USUARIO = re.compile(r"^[a-z][a-z0-9_]{0,62}$")


def carpeta_de_usuario(que: str, usuario: str) -> Path:
    """``<data folder>/<que>/<usuario>``, that only the operating-system user can open, for
    what one staff member keeps on this PC (drafts, window places)."""
    if not _USUARIO.match(usuario or ""):
        raise ValueError(f"Nombre de usuario no válido para una carpeta: {usuario!r}")
    ruta = carpeta_datos() / que / usuario
    for p in (ruta.parent, ruta):
        p.mkdir(parents=True, exist_ok=True)
        os.chmod(p, 0o700)
    return ruta


def archivo_perfil() -> Path:
    return carpeta_datos() / "conexion.json"


@dataclass
class PerfilConexion:
    """Un servidor central. Nunca guarda contraseñas: las pide el inicio de sesión.

    La conexión va cifrada con TLS y verifica el certificado del servidor contra el de la
    autoridad que lo firmó (``sslrootcert``): ``sslmode=verify-full`` y
    ``channel_binding=require`` (nadie en la red puede hacerse pasar por el servidor ni
    reenviar el inicio de sesión). Solo una elección explícita, ``sin_verificar``, cifra sin
    verificar; la ventana lo advierte mientras dure la sesión."""

    servidor: str = ""
    puerto: int = 5432
    base: str = "sipros"
    sslrootcert: str = ""
    sin_verificar: bool = False
    usuario: str = ""
    opciones: dict[str, str] = field(default_factory=dict)
    replica: str = ""  # a read-only standby for reports, the Padrón and downloads (optional)

    @property
    def integrada(self) -> bool:
        return not self.servidor

    def servidores(self, texto: str | None = None) -> list[tuple[str, int]]:
        """«srv1, srv2:5433»: the primary and its standbys, in the order to try them."""
        lista = []
        for parte in (self.servidor if texto is None else texto).split(","):
            parte = parte.strip()
            if not parte:
                continue
            host, _, puerto = parte.rpartition(":") if parte.count(":") == 1 else (parte, "", "")
            lista.append((host or parte, int(puerto) if puerto.isdigit() else self.puerto))
        return lista

    @property
    def sslmode(self) -> str:
        return "require" if self.sin_verificar else "verify-full"

    def parametros_tls(self) -> dict[str, str]:
        parametros = {"sslmode": self.sslmode, "channel_binding": "require"}
        if not self.sin_verificar:
            parametros["sslrootcert"] = self.sslrootcert
        return parametros

    def descripcion(self) -> str:
        if self.integrada:
            return "Base de datos integrada en este equipo"
        tls = "TLS SIN VERIFICAR" if self.sin_verificar else "TLS verificado"
        servidores = self.servidores()
        if len(servidores) > 1:
            lista = ", ".join(f"{h}:{p}" for h, p in servidores)
            return f"{lista}/{self.base} (el que acepte escrituras; {tls})"
        return f"{self.servidor}:{self.puerto}/{self.base} ({tls})"


def cargar_perfil() -> PerfilConexion:
    ruta = archivo_perfil()
    if not ruta.exists():
        return PerfilConexion()
    try:
        datos = json.loads(ruta.read_text(encoding="utf-8"))
        datos.pop("password", None)
        # profiles of earlier versions chose any sslmode; from now on the server's
        # certificate is verified unless the user chooses otherwise in «Conexión»
        datos.pop("sslmode", None)
        return PerfilConexion(**datos)
    except (ValueError, TypeError):
        return PerfilConexion()


def guardar_perfil(perfil: PerfilConexion) -> None:
    datos = asdict(perfil)
    archivo_perfil().write_text(json.dumps(datos, indent=2, ensure_ascii=False), encoding="utf-8")


def url_configurada() -> str | None:
    """La URL de ``SIPROS_DB_URL`` si está definida."""
    return os.environ.get("SIPROS_DB_URL") or None
