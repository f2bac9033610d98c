"""Files users hand to the app (catalogues, civil-registry extracts, forms): read with limits,
and every problem said in Spanish, never as a traceback."""

from __future__ import annotations

import csv
import errno
import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sipros_desktop.errores import ErrorDatos

MAX_MB_CSV = 512  # the whole country's locality catalogue is about 60 MB
# One line of a CSV: a row of a roll or a catalogue is a few hundred bytes. A longer one is
# refused before the csv module splits it (200 MB of commas would be 200 million fields).
MAX_KB_RENGLON = 64


def mensaje_os(ruta: Path, e: OSError) -> str:
    """What went wrong opening ``ruta``, in Spanish (the system's own text is English)."""
    if e.errno == errno.ENOENT:
        return f"No existe el archivo «{ruta}»."
    if e.errno == errno.EISDIR:
        return f"«{ruta}» es una carpeta; indique un archivo."
    if e.errno in (errno.EACCES, errno.EPERM):
        return f"No tiene permiso para leer «{ruta}»."
    return f"No se pudo leer «{ruta}» (error {e.errno})."


def leer_bytes(ruta: Path, max_bytes: int, que: str) -> bytes:
    """The file's bytes, refused above ``max_bytes`` before reading them (``que`` names the
    kind of file for the message)."""
    try:
        if ruta.is_dir():
            raise IsADirectoryError(errno.EISDIR, "", str(ruta))
        tamano = ruta.stat().st_size
        if tamano > max_bytes:
            raise ErrorDatos(
                f"«{ruta.name}» pesa {tamano / 1_048_576:,.1f} MB; {que} no pasa de "
                f"{max_bytes / 1_048_576:,.0f} MB."
            )
        return ruta.read_bytes()
    except OSError as e:
        raise ErrorDatos(mensaje_os(ruta, e)) from e


def leer_texto_csv(ruta: Path, que: str) -> tuple[str, str]:
    """A CSV-like text file in UTF-8 (with or without BOM), Windows-1252 or Latin-1, and the
    SHA-256 of its bytes (what the bitácora keeps of an import)."""
    datos = leer_bytes(ruta, MAX_MB_CSV * 1_048_576, que)
    revisar_renglones(ruta.name, datos)
    return decodificar(ruta, datos), hashlib.sha256(datos).hexdigest()


def revisar_renglones(nombre: str, datos: bytes) -> None:
    """Every line of a text file within MAX_KB_RENGLON (one bounded search per line)."""
    maximo = MAX_KB_RENGLON * 1024
    fin = b"\n" if b"\n" in datos else b"\r"
    pos, n, renglon = 0, len(datos), 1
    while pos < n:
        siguiente = datos.find(fin, pos, pos + maximo + 1)
        if siguiente < 0 and n - pos <= maximo:
            return
        if siguiente < 0:
            raise ErrorDatos(
                f"El renglón {renglon:,} de «{nombre}» pasa de {MAX_KB_RENGLON} KB; un renglón "
                "de un CSV ocupa unos cientos de bytes. Revise que sea el archivo correcto y "
                "que sus comillas cierren."
            )
        pos, renglon = siguiente + 1, renglon + 1


def decodificar(ruta: Path, datos: bytes) -> str:
    if b"\x00" in datos[:65536]:
        raise ErrorDatos(f"«{ruta.name}» no es un archivo de texto (CSV).")
    for codificacion in ("utf-8-sig", "cp1252"):
        try:
            return datos.decode(codificacion)
        except UnicodeDecodeError:
            continue
    return datos.decode("latin-1")


def separador(contenido: str) -> str:
    """The delimiter of a CSV-like text: the one of ; , tab | most used in its first lines
    (Excel in Spanish writes «;», other systems «,»)."""
    muestra = [ln for ln in contenido[:20000].splitlines() if ln.strip()][:20]
    return max((";", ",", "\t", "|"), key=lambda s: sum(ln.count(s) for ln in muestra))


@contextmanager
def errores_csv(nombre: str, lector: csv.DictReader | None = None) -> Iterator[None]:
    """A malformed CSV row (an enormous field, a stray quote) becomes a Spanish message that
    says the line."""
    try:
        yield
    except csv.Error as e:
        linea = f" en la línea {lector.line_num}" if lector is not None else ""
        raise ErrorDatos(
            f"«{nombre}» no es un CSV válido{linea}: revise comillas y separadores."
        ) from e


def _no_se_pudo(ruta: Path, que: str, e: OSError) -> ErrorDatos:
    if e.errno == errno.ENAMETOOLONG:
        return ErrorDatos(
            f"El nombre «{_corto(str(ruta))}» es demasiado largo para el sistema de archivos: "
            "elija uno más corto."
        )
    if e.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return ErrorDatos(f"No tiene permiso para escribir en «{_corto(str(ruta))}».")
    return ErrorDatos(f"No se pudo {que} «{_corto(str(ruta))}» (error {e.errno}).")


def _corto(texto: str, maximo: int = 80) -> str:
    return texto if len(texto) <= maximo else texto[: maximo // 2] + "…" + texto[-maximo // 2 :]


def carpeta_de_salida(ruta: Path) -> Path:
    """A folder to write into, created if missing; a Spanish message if it cannot be."""
    try:
        if ruta.exists() and not ruta.is_dir():
            raise ErrorDatos(f"«{ruta}» es un archivo; indique una carpeta.")
        ruta.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise _no_se_pudo(ruta, "crear la carpeta", e) from e
    return ruta


def archivo_de_salida(ruta: Path, extension: str) -> Path:
    """A file to write (its folder must exist and be writable), checked before any work is
    done; a Spanish message if it cannot be."""
    if ruta.suffix.lower() != extension:
        raise ErrorDatos(f"El archivo de salida «{ruta.name}» debe terminar en {extension}.")
    try:
        if ruta.is_dir():
            raise ErrorDatos(f"«{ruta}» es una carpeta; indique un archivo {extension}.")
        carpeta = ruta.parent if str(ruta.parent) else Path(".")
        if not carpeta.is_dir():
            raise ErrorDatos(f"La carpeta «{carpeta}» no existe.")
        if not os.access(carpeta, os.W_OK):
            raise ErrorDatos(f"No se puede escribir en la carpeta «{carpeta}».")
        if len(ruta.name.encode()) > 255:
            raise OSError(errno.ENAMETOOLONG, "")
    except OSError as e:
        raise _no_se_pudo(ruta, "escribir", e) from e
    return ruta


def guardar_json_privado(ruta: Path, datos: Any, *, durable: bool = False) -> Path:
    """Write ``datos`` as JSON next to ``ruta`` and rename it into place (a crash never leaves
    half a file); only this user can read it (0600). ``durable``: on disk (fsync) before the
    rename, for what must survive a power loss."""
    import json
    import tempfile

    fd, tmp = tempfile.mkstemp(dir=ruta.parent, suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(datos, f, ensure_ascii=False, default=str)
            if durable:
                f.flush()
                os.fsync(f.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, ruta)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return ruta
