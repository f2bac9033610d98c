"""An append-only local journal on this PC: one JSON object per line, written with fsync before
the screen says it was saved, read back incrementally. Delivery points without connection and
field brigades both write one (``entregas.Diario``, ``brigada.Diario``).

A line still being written (no newline at the end) waits; a whole line that is not a record
(cut by a power loss, edited by hand) is copied to ``cuarentena.jsonl`` beside the journal and
comes back as a conflict to review — never skipped silently. Every record has a ``clave``;
``confirmada`` records carry the server's answer, ``revisado`` records a reviewer's note.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import threading
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

# the longest raw text of an unreadable line kept in the quarantine (the rest is cut, said)
MAXIMO_ILEGIBLE = 4000

_CANDADO = threading.Lock()


def anotar_en(ruta: Path, registros: list[dict[str, Any]]) -> None:
    """Append JSON lines with fsync (0600); a line cut by a power loss stays on its own."""
    nuevo = not ruta.exists()
    datos = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in registros)
    if not nuevo and ruta.stat().st_size:
        with open(ruta, "rb") as f:
            f.seek(-1, os.SEEK_END)
            if f.read(1) != b"\n":
                datos = "\n" + datos
    fd = os.open(ruta, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, datos.encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)
    if nuevo and hasattr(os, "O_DIRECTORY"):  # the new file's name is durable too
        dfd = os.open(ruta.parent, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)


@dataclass
class Leido:
    """What was read of one journal file: up to which byte, how many lines, the records, the
    records by the subclass's index (``DiarioLocal._indice``) and the unreadable lines."""

    inodo: int
    desde: int = 0
    renglones: int = 0
    registros: list[dict[str, Any]] = field(default_factory=list)
    indice: dict[str, dict[str, Any]] = field(default_factory=dict)
    ilegibles: list[dict[str, Any]] = field(default_factory=list)


# per file, for every journal object of this process: only new lines are parsed
LEIDOS: dict[str, Leido] = {}


class DiarioLocal:
    """The journal file ``ruta``. Subclasses say what a readable record is (``_valido``), what
    to index (``_indice``) and the message of an unreadable line (``MOTIVO_ILEGIBLE``)."""

    MOTIVO_ILEGIBLE = (
        "no es una anotación que se pueda leer — cortada por un apagón o editada a mano —, así "
        "que no se aplicó. Su texto se guardó en cuarentena.jsonl; revíselo."
    )

    def __init__(self, ruta: Path) -> None:
        self.ruta = ruta
        self.usuario = ruta.parent.name

    @property
    def cuarentena(self) -> Path:
        return self.ruta.with_name("cuarentena.jsonl")

    def _anotar(self, registros: list[dict[str, Any]]) -> None:
        anotar_en(self.ruta, registros)

    def _valido(self, r: Any) -> bool:
        return isinstance(r, dict) and isinstance(r.get("clave"), str)

    def _indice(self, r: dict[str, Any]) -> str | None:
        """The key under which a record is indexed (first one wins), or None."""
        return None

    def _leido(self) -> Leido:
        """Every whole line: the records, the index, the unreadable lines. The file only
        grows, so what was read before is kept and only the new lines are parsed."""
        clave = str(self.ruta)
        with _CANDADO:
            try:
                st = self.ruta.stat()
            except FileNotFoundError:
                LEIDOS.pop(clave, None)
                return Leido(0)
            leido = LEIDOS.get(clave) or Leido(st.st_ino)
            if leido.inodo != st.st_ino or st.st_size < leido.desde:  # archived, started again
                leido = Leido(st.st_ino)
            if st.st_size > leido.desde:
                with open(self.ruta, "rb") as f:
                    f.seek(leido.desde)
                    nuevo = f.read()
                fin = nuevo.rfind(b"\n") + 1  # after it: a line still being written, or cut
                posicion = leido.desde
                malas: list[dict[str, Any]] = []
                for linea in nuevo[:fin].split(b"\n")[:-1]:
                    leido.renglones += 1
                    try:
                        r = json.loads(linea.decode("utf-8"))
                    except ValueError:
                        r = None
                    if self._valido(r):
                        leido.registros.append(r)
                        llave = self._indice(r)
                        if llave is not None:
                            leido.indice.setdefault(llave, r)
                    elif linea.strip():
                        malas.append(self._ilegible(leido, posicion, linea))
                    posicion += len(linea) + 1
                leido.desde += fin
                if malas:
                    self._a_cuarentena(malas)
                    leido.ilegibles += malas
            LEIDOS[clave] = leido
            return leido

    def _ilegible(self, leido: Leido, posicion: int, linea: bytes) -> dict[str, Any]:
        """The conflict of an unreadable line: its key comes from the file, the place and the
        text, so reading the journal again (another process) finds the same one."""
        huella = hashlib.sha256(f"{leido.inodo}:{posicion}:".encode() + linea).hexdigest()
        texto = linea.decode("utf-8", errors="replace")
        if len(texto) > MAXIMO_ILEGIBLE:
            texto = texto[:MAXIMO_ILEGIBLE] + f" … ({len(linea)} bytes en total)"
        return {
            "tipo": "ilegible",
            "clave": str(uuid.UUID(huella[:32])),
            "renglon": leido.renglones,
            "texto": texto,
            "resultado": "Conflicto",
            "motivo": (
                f"Renglón ilegible del diario (renglón {leido.renglones} de {self.ruta.name}): "
                + self.MOTIVO_ILEGIBLE
            ),
        }

    def _a_cuarentena(self, malas: list[dict[str, Any]]) -> None:
        """Copy the unreadable lines to the quarantine file beside the journal (once each)."""
        ya: set[str] = set()
        with contextlib.suppress(FileNotFoundError):
            for linea in self.cuarentena.read_text(encoding="utf-8").splitlines():
                with contextlib.suppress(ValueError, AttributeError, TypeError):
                    ya.add(json.loads(linea)["clave"])
        nuevas = [
            {"clave": m["clave"], "renglon": m["renglon"], "texto": m["texto"],
             "apartado": datetime.now().astimezone().isoformat(timespec="seconds")}
            for m in malas
            if m["clave"] not in ya
        ]  # fmt: skip
        if nuevas:
            anotar_en(self.cuarentena, nuevas)

    def ilegibles(self) -> list[dict[str, Any]]:
        """The journal's lines that could not be read, as conflicts (reviewed ones too)."""
        return list(self._leido().ilegibles)

    def registros(self) -> list[dict[str, Any]]:
        return list(self._leido().registros)

    def revisiones(self) -> list[dict[str, Any]]:
        """The reviews written in this journal (who, when, note), in order."""
        return [r for r in self.registros() if r.get("tipo") == "revisado"]

    def marcar_revisado(
        self, clave: str, nota: str, por: str | None = None, **mas: Any
    ) -> dict[str, Any]:
        """Write the review of a conflict (who, when, the note) to the journal, with fsync."""
        registro = {
            "tipo": "revisado",
            "clave": clave,
            "nota": nota,
            "por": por or self.usuario,
            "cuando": datetime.now().astimezone().isoformat(timespec="seconds"),
            **mas,
        }
        self._anotar([registro])
        return registro

    def archivar(self) -> None:
        """Move the journal (and its quarantine) aside with a time stamp, 0600."""
        sello = f"{datetime.now():%Y%m%d%H%M%S}_{uuid.uuid4().hex[:6]}"
        for ruta, nombre in ((self.ruta, "diario"), (self.cuarentena, "cuarentena")):
            if ruta.exists():
                archivo = ruta.with_name(f"{nombre}_{sello}.jsonl")
                os.replace(ruta, archivo)
                os.chmod(archivo, 0o600)
