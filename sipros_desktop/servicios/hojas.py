"""Spreadsheets users hand over (.xlsx/.xlsm, .xls, .ods), read so that no file can take the
application down.

python-calamine is fast, but a file can make it ask for any amount of memory: a 2 KB .xlsx
with one value in A1 and one in XFD1048576 makes it allocate 512 GiB for the grid between
them, and a failed allocation in Rust aborts the whole process (it cannot be caught). Checking
the sheet's declared dimension is not enough — calamine sizes the grid from the cells it
finds, whatever ``<dimension>`` says — and an .xls (OLE2/BIFF) or an .ods has such traps of
its own (declared record sizes, repeated rows and columns). So two layers:

1. Before anything decodes, here, with the standard library: what the bytes are (a ZIP for
   .xlsx/.ods, OLE2 for .xls, nothing else); for a ZIP its parts — how many, their declared
   and their real uncompressed sizes (each one inflated here, stopping at the limit: a part
   may lie about its size), the compression ratio of each — and each sheet's declared
   dimension. Each limit passed is a Spanish message that says which and what to do.
2. The decoding itself in a child process (``multiprocessing``, spawn: the same on Windows,
   Linux and macOS, and inside the PyInstaller bundle, whose launcher calls freeze_support)
   with its memory capped (RLIMIT_AS on Linux; a Job Object on Windows) and a deadline. It
   reads a private temporary copy named by what the content is (so calamine reads that
   format and says why it cannot), which this process deletes whatever happens. The child
   measures each sheet's used range before turning it into Python objects and sends the rows
   back in batches, which are unpickled admitting only plain values and dates. If calamine
   aborts, runs out of memory or never ends, only the child dies; the user gets a Spanish
   message. (Like any spawned child it imports the program's main module first: a script
   that reads rolls keeps its work under ``if __name__ == "__main__":``.)

A child costs time: the rows are built twice and pickled between the two (bench/archivos.py:
about 0.5 to 0.7 s more on a 100,000-row roll); the rolls it protects take seconds to validate
anyway, and a .csv is read here, with the same limits, without one.
"""

from __future__ import annotations

import contextlib
import io
import multiprocessing
import os
import pickle
import re
import struct
import sys
import tempfile
import time
import zipfile
import zlib
from collections.abc import Iterator
from typing import Any

from sipros_desktop.errores import ErrorDatos

# A roll: up to Excel's own number of rows, the columns of any .xls, and a used range (rows ×
# columns, counted from A1) that fits in memory: a whole-state roll of 1,048,576 rows × 19
# columns, or 100,000 rows × 200.
MAX_FILAS = 1_048_576
MAX_COLUMNAS = 256
MAX_CELDAS = 20_000_000
# The ZIP of an .xlsx / .ods: its parts, and what they expand to (a 1,000,000-row .xlsx
# written without shared strings is about 530 MB of XML; an .ods of the same, about 1.3 GB)
MAX_PARTES = 1_000
MAX_DESCOMPRIMIDO = 1_536 * 1_048_576
MAX_RAZON = 100  # uncompressed ÷ compressed of one part; real sheets are 5 to 30
MIN_PARA_RAZON = 1_048_576  # smaller parts may compress as they like
# The child that decodes
MEMORIA_LECTOR = 3 * 1_073_741_824
SEGUNDOS_LECTOR = 300
LOTE = 2_000  # rows per message from the child

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_DIMENSION = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?dimension\b[^>]*?\bref\s*=\s*[\"']([^\"']+)")
_CELDA = re.compile(r"^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$")


def _gb(n: int) -> str:
    return f"{n / 1_073_741_824:,.1f} GB"


def _ilegible(nombre: str) -> str:
    return (
        f"«{nombre}» no se pudo leer como hoja de cálculo. Ábralo en Excel o LibreOffice y "
        "guárdelo de nuevo como .xlsx o .csv."
    )


def _con_contrasena(nombre: str) -> str:
    return (
        f"«{nombre}» está protegido con contraseña: guárdelo sin contraseña e inténtelo de nuevo."
    )


def _demasiado(nombre: str, hoja: str, filas: int, columnas: int, que: str) -> str:
    return (
        f"La hoja «{hoja}» de «{nombre}» {que} {filas:,} filas × {columnas:,} columnas; un "
        f"padrón se lee hasta {MAX_FILAS:,} filas, {MAX_COLUMNAS} columnas y {MAX_CELDAS:,} "
        "celdas (contadas desde A1). Copie solo las filas y columnas del padrón a un libro "
        "nuevo: a veces hay un dato suelto muy lejos, como en la celda XFD1048576."
    )


def _excede(filas: int, columnas: int) -> bool:
    return filas > MAX_FILAS or columnas > MAX_COLUMNAS or filas * columnas > MAX_CELDAS


# --------------------------------------------------------------------------- 1. checks


def _columna(letras: str) -> int:
    n = 0
    for ch in letras.upper():
        n = n * 26 + ord(ch) - 64
    return n


def _dimension(texto: bytes) -> tuple[int, int] | None:
    """(rows, columns) from A1 that a sheet's ``<dimension ref="A1:L100001"/>`` declares."""
    m = _DIMENSION.search(texto)
    if m is None:
        return None
    fin = m.group(1).decode("ascii", "replace").split(":")[-1]
    c = _CELDA.match(fin)
    return (int(c.group(2)), _columna(c.group(1))) if c else None


def _datos_de(datos: bytes, parte: zipfile.ZipInfo) -> memoryview:
    """The compressed bytes of a part, found as the reader finds them (its local header)."""
    inicio = parte.header_offset
    cabecera = datos[inicio : inicio + 30]
    if len(cabecera) < 30 or cabecera[:4] != _ZIP:
        raise ValueError("local header")
    largo_nombre, largo_extra = struct.unpack("<HH", cabecera[26:30])
    inicio += 30 + largo_nombre + largo_extra
    fin = inicio + parte.compress_size
    if fin > len(datos):
        raise ValueError("truncated")
    return memoryview(datos)[inicio:fin]


def _inflar(datos: bytes, parte: zipfile.ZipInfo, principio: int = 0) -> bytes:
    """Inflate one part to measure it, never past its declared size (one byte more proves
    the size a lie): ValueError when it is not what it declares. Returns its first
    ``principio`` bytes."""
    comprimido = _datos_de(datos, parte)
    if parte.compress_type == zipfile.ZIP_STORED:
        if len(comprimido) != parte.file_size:
            raise ValueError("size")
        return bytes(comprimido[:principio])
    d = zlib.decompressobj(-15)
    hecho, primeros = 0, b""
    paso = 1_048_576
    for i in range(0, len(comprimido), paso):
        pendiente = comprimido[i : i + paso]
        while pendiente:
            salida = d.decompress(pendiente, min(parte.file_size - hecho + 1, 4 * paso))
            hecho += len(salida)
            if len(primeros) < principio:
                primeros += salida[: principio - len(primeros)]
            if hecho > parte.file_size:
                raise ValueError("size")
            pendiente = d.unconsumed_tail
            if d.eof:
                break
        if d.eof:
            break
    if not d.eof or hecho != parte.file_size:
        raise ValueError("size")
    return primeros


def _revisar_zip(nombre: str, datos: bytes) -> str:
    try:
        partes = zipfile.ZipFile(io.BytesIO(datos)).infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as e:
        raise ErrorDatos(_ilegible(nombre)) from e
    if len(partes) > MAX_PARTES:
        raise ErrorDatos(
            f"«{nombre}» tiene {len(partes):,} partes dentro; una hoja de cálculo tiene unas "
            f"decenas (se aceptan hasta {MAX_PARTES:,}). Guárdelo de nuevo desde Excel o "
            "LibreOffice."
        )
    nombres = {p.filename for p in partes}
    if "xl/workbook.bin" in nombres:
        raise ErrorDatos(
            f"«{nombre}» es un libro binario de Excel (.xlsb). Guárdelo como .xlsx o .csv."
        )
    if "xl/workbook.xml" not in nombres and "content.xml" not in nombres:
        raise ErrorDatos(_ilegible(nombre))
    total = 0
    for p in partes:  # first what the file declares: the usual bombs stop here at once
        if p.flag_bits & 0x1:
            raise ErrorDatos(_con_contrasena(nombre))
        if p.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise ErrorDatos(_ilegible(nombre))
        total += p.file_size
        if total > MAX_DESCOMPRIMIDO:
            raise ErrorDatos(
                f"«{nombre}» se expande a más de {_gb(MAX_DESCOMPRIMIDO)} al abrirlo; un "
                f"padrón se lee hasta ese tamaño (unas {MAX_FILAS:,} filas). Divídalo en "
                "varios archivos o guárdelo como .csv."
            )
        if p.file_size > MIN_PARA_RAZON and p.file_size > MAX_RAZON * max(p.compress_size, 1):
            raise ErrorDatos(
                f"«{nombre}» está comprimido de más: una de sus partes ocupa "
                f"{p.compress_size / 1_048_576:,.1f} MB y se expande a "
                f"{p.file_size / 1_048_576:,.0f} MB (más de {MAX_RAZON} veces). Una hoja de "
                "cálculo real no se comprime así; no se abre."
            )
    for p in partes:  # then what each part really is: inflated here, within its size
        hoja = p.filename.startswith("xl/worksheets/") and p.filename.endswith(".xml")
        try:
            principio = _inflar(datos, p, 65_536 if hoja else 0)
        except (ValueError, zlib.error) as e:
            raise ErrorDatos(
                f"«{nombre}» está dañado: su parte «{p.filename[:60]}» no es lo que dice ser "
                "(su tamaño real no es el declarado). Guárdelo de nuevo desde Excel."
            ) from e
        dimension = _dimension(principio) if hoja else None
        if dimension is not None and _excede(*dimension):
            raise ErrorDatos(_demasiado(nombre, p.filename[14:-4], *dimension, "declara"))
    return "xlsx" if "xl/workbook.xml" in nombres else "ods"


def revisar(nombre: str, datos: bytes) -> str:
    """The checks before anything decodes a spreadsheet (ErrorDatos in Spanish); what it is by
    its content, whatever its name says: "xlsx", "ods" or "xls"."""
    if datos.startswith(_ZIP):
        return _revisar_zip(nombre, datos)
    if not datos.startswith(_OLE):  # what calamine could read is one of the two
        raise ErrorDatos(_ilegible(nombre))
    if "EncryptedPackage".encode("utf-16-le") in datos:  # an .xlsx saved with a password
        raise ErrorDatos(_con_contrasena(nombre))
    return "xls"


# --------------------------------------------------------------------------- 2. the child


def _limitar_memoria(maximo: int) -> None:
    """Cap this process's memory: a larger allocation fails here and ends this process only."""
    if sys.platform == "win32":
        _limitar_memoria_windows(maximo)
        return
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (maximo, maximo))
    except (ImportError, ValueError, OSError):  # (macOS does not enforce RLIMIT_AS)
        pass


def _limitar_memoria_windows(maximo: int) -> None:
    """A Job Object with a per-process memory limit, joined by this very process."""
    import ctypes
    from ctypes import wintypes

    class Basico(ctypes.Structure):
        _fields_ = [
            ("PerProcessUserTimeLimit", ctypes.c_int64),
            ("PerJobUserTimeLimit", ctypes.c_int64),
            ("LimitFlags", wintypes.DWORD),
            ("MinimumWorkingSetSize", ctypes.c_size_t),
            ("MaximumWorkingSetSize", ctypes.c_size_t),
            ("ActiveProcessLimit", wintypes.DWORD),
            ("Affinity", ctypes.c_size_t),
            ("PriorityClass", wintypes.DWORD),
            ("SchedulingClass", wintypes.DWORD),
        ]

    class Extendido(ctypes.Structure):
        _fields_ = [
            ("BasicLimitInformation", Basico),
            ("IoInfo", ctypes.c_uint64 * 6),
            ("ProcessMemoryLimit", ctypes.c_size_t),
            ("JobMemoryLimit", ctypes.c_size_t),
            ("PeakProcessMemoryUsed", ctypes.c_size_t),
            ("PeakJobMemoryUsed", ctypes.c_size_t),
        ]

    try:
        k32 = ctypes.WinDLL("kernel32", use_last_error=True)
        k32.CreateJobObjectW.restype = wintypes.HANDLE
        k32.GetCurrentProcess.restype = wintypes.HANDLE
        trabajo = k32.CreateJobObjectW(None, None)
        info = Extendido()
        info.BasicLimitInformation.LimitFlags = 0x100  # JOB_OBJECT_LIMIT_PROCESS_MEMORY
        info.ProcessMemoryLimit = maximo
        k32.SetInformationJobObject(trabajo, 9, ctypes.byref(info), ctypes.sizeof(info))
        k32.AssignProcessToJobObject(trabajo, k32.GetCurrentProcess())
    except (OSError, AttributeError):  # without it the deadline still holds
        pass


def _enviar(conexion, *mensaje: Any) -> None:
    conexion.send_bytes(pickle.dumps(mensaje, protocol=pickle.HIGHEST_PROTOCOL))


def _hijo(conexion, ruta: str, maximo: int) -> None:
    """The child: read the workbook at ``ruta`` (the parent's private copy, named by what its
    content is: calamine then reads it as that format and says why it cannot), then send each
    sheet's rows in batches (padded from A1, as the spreadsheet numbers them), or the reason it
    could not."""
    _limitar_memoria(maximo)
    try:
        from python_calamine import CalamineWorkbook

        libro = CalamineWorkbook.from_path(ruta)
        for nombre in libro.sheet_names:
            hoja = libro.get_sheet_by_name(nombre)
            fin, inicio = hoja.end, hoja.start
            filas, columnas = (fin[0] + 1, fin[1] + 1) if fin else (0, 0)
            if _excede(filas, columnas):
                _enviar(conexion, "grande", nombre, filas, columnas)
                return
            _enviar(conexion, "hoja", nombre)
            margen = [""] * inicio[1] if inicio and inicio[1] else None
            lote: list[list[Any]] = []
            for fila in hoja.iter_rows():
                lote.append(margen + fila if margen else fila)
                if len(lote) == LOTE:
                    _enviar(conexion, "filas", lote)
                    lote = []
            if lote:
                _enviar(conexion, "filas", lote)
            del hoja
        _enviar(conexion, "fin")
    except BaseException as e:  # calamine's errors, and its panics (not an Exception)
        _enviar(conexion, "error", type(e).__name__, str(e)[:300])


_PERMITIDAS = frozenset(
    ("datetime", n) for n in ("datetime", "date", "time", "timedelta", "timezone")
)


class _Solo(pickle.Unpickler):
    """What the child may send: plain values and the date types, nothing else."""

    def find_class(self, modulo: str, nombre: str):
        if (modulo, nombre) in _PERMITIDAS:
            return super().find_class(modulo, nombre)
        raise pickle.UnpicklingError(f"{modulo}.{nombre}")


def _mensajes(nombre: str, datos: bytes, formato: str) -> Iterator[tuple]:
    """The child's messages about ``datos``; a dead or late child is ErrorDatos. Closing the
    iterator ends the child. The bytes go to the child as a private temporary file (only this
    user can read it) that this process deletes whatever happens to the child: a roll holds
    personal data."""
    fd, copia = tempfile.mkstemp(prefix="sipros-", suffix=f".{formato}")
    ctx = multiprocessing.get_context("spawn")
    propio, del_hijo = ctx.Pipe(duplex=False)
    proceso = ctx.Process(
        target=_hijo, args=(del_hijo, copia, MEMORIA_LECTOR), name="sipros-lector", daemon=True
    )
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(datos)
        proceso.start()
        del_hijo.close()
        limite = time.monotonic() + SEGUNDOS_LECTOR
        try:
            while True:
                if not propio.poll(max(0.0, limite - time.monotonic())):
                    raise ErrorDatos(
                        f"«{nombre}» tardó más de {SEGUNDOS_LECTOR // 60} minutos en leerse y "
                        "se dejó de leer. Divídalo en varios archivos o guárdelo como .csv."
                    )
                yield _Solo(io.BytesIO(propio.recv_bytes())).load()
        except (EOFError, OSError, pickle.UnpicklingError) as e:  # died: aborted, no memory
            raise ErrorDatos(
                f"«{nombre}» no se pudo leer: abrirlo necesitaría más de "
                f"{_gb(MEMORIA_LECTOR)} de memoria, o el archivo está dañado. Si es un padrón "
                "real, copie solo sus filas y columnas a un libro nuevo, o guárdelo como .csv."
            ) from e
    finally:
        propio.close()
        if proceso.is_alive():
            proceso.kill()
        if proceso.pid is not None:
            proceso.join(5)
        with contextlib.suppress(OSError):
            os.unlink(copia)


def hojas(nombre: str, datos: bytes) -> Iterator[tuple[str, list[list[Any]]]]:
    """Each sheet of the workbook ``datos`` (named ``nombre`` in messages) as (name, rows), one
    after the other, after ``revisar``; read in a child process with capped memory and a
    deadline. Stopping early (closing the iterator) ends the child."""
    formato = revisar(nombre, datos)
    hoja: str | None = None
    filas: list[list[Any]] = []
    with contextlib.closing(_mensajes(nombre, datos, formato)) as mensajes:
        for mensaje in mensajes:
            tipo = mensaje[0]
            if tipo == "filas":
                filas.extend(mensaje[1])
                continue
            if hoja is not None:
                yield hoja, filas
                hoja, filas = None, []
            if tipo == "hoja":
                hoja = mensaje[1]
            elif tipo == "fin":
                return
            elif tipo == "grande":
                raise ErrorDatos(_demasiado(nombre, *mensaje[1:], "usa"))
            else:  # "error": what calamine said
                texto = mensaje[2].lower()
                if "password" in texto or "encrypt" in texto:
                    raise ErrorDatos(_con_contrasena(nombre))
                if "cell limit" in texto:  # rows and columns repeated (.ods) past its own cap
                    raise ErrorDatos(
                        f"«{nombre}» repite filas o columnas hasta pasar de lo que un padrón "
                        f"puede tener: se leen hasta {MAX_FILAS:,} filas, {MAX_COLUMNAS} "
                        f"columnas y {MAX_CELDAS:,} celdas. Copie solo las filas y columnas "
                        "del padrón a un libro nuevo."
                    )
                raise ErrorDatos(_ilegible(nombre))
