"""A password verifier kept on this PC, so that a field brigade can unlock its window and log in
to the brigade without the server (``servicios.brigada``, ``sesion.entrar``).

``acceso.json`` in the user's private folder, 0600: scrypt (n = 2**14, r = 8, p = 1, 16 random
bytes of salt, 32-byte key) of the password, with whose it is, when it was made, the name the
locked window greets and the idle minutes before it locks. Never the password itself: what is
on the disk only says whether a password typed later is the same one. It is made when the kit
is downloaded and at every online login while the kit is valid, and goes with the kit.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import secrets
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

ARCHIVO = "acceso.json"
N, R, P = 2**14, 8, 1
BYTES_SAL = 16
BYTES_CLAVE = 32


@dataclass(frozen=True)
class Verificador:
    usuario: str
    creado: datetime
    nombre: str
    bloqueo_minutos: int
    n: int
    r: int
    p: int
    sal: bytes = field(repr=False)
    clave: bytes = field(repr=False)


def _derivar(password: str, sal: bytes, n: int, r: int, p: int, largo: int) -> bytes:
    memoria = 128 * n * r + 32 * 1024 * 1024  # what scrypt needs (16 MiB today), and room
    return hashlib.scrypt(
        password.encode("utf-8"), salt=sal, n=n, r=r, p=p, dklen=largo, maxmem=memoria
    )


def ruta(carpeta: Path) -> Path:
    return carpeta / ARCHIVO


def guardar(
    carpeta: Path, usuario: str, password: str, *, nombre: str = "", bloqueo_minutos: int = 0
) -> Path:
    """Write the verifier of ``password`` for ``usuario`` (replacing the previous one)."""
    from sipros_desktop.servicios import archivos

    if not password:
        raise ValueError("sin contraseña no hay verificador")
    sal = secrets.token_bytes(BYTES_SAL)
    contenido = {
        "version": 1,
        "usuario": usuario.lower(),
        "creado": datetime.now().astimezone().isoformat(timespec="seconds"),
        "nombre": nombre,
        "bloqueo_minutos": int(bloqueo_minutos),
        "scrypt": {"n": N, "r": R, "p": P, "sal": sal.hex()},
        "clave": _derivar(password, sal, N, R, P, BYTES_CLAVE).hex(),
    }
    return archivos.guardar_json_privado(ruta(carpeta), contenido, durable=True)


def leer(carpeta: Path) -> Verificador | None:
    """The verifier in ``carpeta``; None when there is none or it cannot be read (a damaged
    or hand-made file opens nothing)."""
    try:
        d = json.loads(ruta(carpeta).read_text(encoding="utf-8"))
        k = d["scrypt"]
        v = Verificador(
            usuario=str(d["usuario"]).lower(),
            creado=datetime.fromisoformat(d["creado"]),
            nombre=str(d.get("nombre") or ""),
            bloqueo_minutos=int(d.get("bloqueo_minutos") or 0),
            n=int(k["n"]),
            r=int(k["r"]),
            p=int(k["p"]),
            sal=bytes.fromhex(k["sal"]),
            clave=bytes.fromhex(d["clave"]),
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    # the costs are the file's: within what this PC can pay, never weaker than today's
    if not (N <= v.n <= 2**16 and v.n & (v.n - 1) == 0 and R <= v.r <= 16 and P <= v.p <= 4):
        return None
    if len(v.sal) < BYTES_SAL or len(v.clave) < BYTES_CLAVE:
        return None
    return v


def comprobar(carpeta: Path, usuario: str, password: str) -> bool:
    """Whether ``password`` is the one this PC's verifier of ``usuario`` was made with."""
    v = leer(carpeta)
    if v is None or not password or v.usuario != (usuario or "").strip().lower():
        return False
    calculada = _derivar(password, v.sal, v.n, v.r, v.p, len(v.clave))
    return secrets.compare_digest(calculada, v.clave)


def borrar(carpeta: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        ruta(carpeta).unlink()
