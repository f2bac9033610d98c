"""The embedded default: a private PostgreSQL (``pgserver`` wheel) in the user data folder."""

from __future__ import annotations

import logging
import threading
import warnings

from sqlalchemy.engine import URL, make_url

from sipros_desktop.config import carpeta_datos
from sipros_desktop.errores import ErrorConexion

BASE = "sipros"
_servidor = None
_candado = threading.Lock()


def iniciar() -> URL:
    """Start (or reuse) the embedded server and return the URL of the SIPROS database."""
    global _servidor
    with _candado:
        if _servidor is None:
            logging.getLogger("pgserver").setLevel(logging.WARNING)
            try:
                with warnings.catch_warnings():
                    # pgserver asks platformdirs for a runtime folder at import; where
                    # XDG_RUNTIME_DIR is unset it warns and uses /tmp, which is fine here
                    warnings.simplefilter("ignore")
                    import pgserver

                _servidor = pgserver.get_server(carpeta_datos() / "pgdata", cleanup_mode="stop")
            except Exception as e:  # pragma: no cover - depends on the PC
                raise ErrorConexion(
                    "No se pudo iniciar la base de datos integrada en este equipo. "
                    f"Revise que la carpeta {carpeta_datos()} se pueda escribir.",
                    detalle=str(e),
                ) from e
        uri = make_url(_servidor.get_uri())
        existe = _servidor.psql(f"SELECT 1 FROM pg_database WHERE datname = '{BASE}';")
        if "(1 row)" not in existe:
            _servidor.psql(f"CREATE DATABASE {BASE};")
    return uri.set(drivername="postgresql+psycopg", database=BASE)
