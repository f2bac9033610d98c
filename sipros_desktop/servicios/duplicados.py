"""The review of possible duplicates: the queue, the registry-wide search, and the decisions.

The queue (``duplicado_revision``) holds pairs of files — captures the front desk saved although
the clerk saw a possible duplicate, pairs found by ``buscar`` — and roll rows a load held
because their person is registered under another CURP. An administrator compares both sides
and decides: different people (the pair never comes back) or the same person (the files are
merged in one database transaction; the other CURP stays as an alias of the surviving file).

``buscar`` compares every citizen with the others born the same day with the same sex: an upper
bound of the name similarity, computed with numpy on letter counts for every pair, keeps only
the pairs that can reach the threshold; those are scored with the same measure as the front
desk (``ventanilla.similitud``: accents and case ignored, typos tolerated, surnames swapped),
and their given names must be alike too (twins share surnames and a birth date). A pair with
the same given name and first surname where one lacks the second surname is always kept.
"""

from __future__ import annotations

import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from difflib import SequenceMatcher
from typing import Any

from sqlalchemy import text

from sipros_desktop import bd
from sipros_desktop.errores import ErrorDatos
from sipros_desktop.servicios import ciudadanos, ventanilla

Progreso = Callable[[str, int, int], None]
UMBRAL = ventanilla.UMBRAL_SIMILITUD
UMBRAL_NOMBRE = 0.8  # the given names of a pair found by the registry-wide search
DECISIONES = ("Personas distintas", "Misma persona")
ORIGENES = ("Carga masiva", "Ventanilla", "Búsqueda")

# ---------------------------------------------------------------------------- the search

_ANCHO_NOMBRE = 32
_ANCHO_APELLIDOS = 48
_SIMBOLOS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ "


def _tabla_normal() -> dict[int, str]:
    """str.translate table: accented letters to their base, anything not a letter to space
    (as ``ventanilla._norm`` after upper case)."""
    tabla: dict[int, str] = {}
    for codigo in range(0x250):
        ch = chr(codigo)
        base = unicodedata.normalize("NFD", ch.upper())
        base = "".join(c for c in base if unicodedata.category(c) != "Mn")
        tabla[codigo] = base if len(base) == 1 and "A" <= base <= "Z" else " "
    return tabla


_TABLA = _tabla_normal()


def normalizar(t: str | None) -> str:
    return " ".join((t or "").upper().translate(_TABLA).split())


@dataclass
class Busqueda:
    ciudadanos: int
    comparados: int
    pares: int  # similar pairs found
    nuevos: int  # of them, added to the review (the rest were there or decided)
    segundos: float
    encontrados: list[tuple[int, int, float]] = field(default_factory=list)


def _conteos(textos: list[str], ancho: int):
    """(n × 27) symbol counts (26 letters and the space) of each text, and its length."""
    import numpy as np

    datos = np.array([t[:ancho].encode("ascii") for t in textos], dtype=f"S{ancho}")
    matriz = datos.view(np.uint8).reshape(len(textos), ancho)
    conteos = np.empty((len(textos), len(_SIMBOLOS)), dtype=np.uint8)
    for k, s in enumerate(_SIMBOLOS):
        conteos[:, k] = (matriz == s).sum(axis=1)
    return conteos, conteos.sum(axis=1, dtype=np.int32)


def _pares_de_bloques(inicios, tamanos):
    """Every pair (i < j) inside each block [inicio, inicio + tamaño)."""
    import numpy as np

    a_total = []
    b_total = []
    for k in np.unique(tamanos):
        if k < 2:
            continue
        ii, jj = np.triu_indices(int(k), 1)
        base = inicios[tamanos == k]
        a_total.append((base[:, None] + ii[None, :]).ravel())
        b_total.append((base[:, None] + jj[None, :]).ravel())
    if not a_total:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    return np.concatenate(a_total), np.concatenate(b_total)


def buscar(progreso: Progreso | None = None, *, registrar: bool = True) -> Busqueda:
    """Compare every citizen against the others with the same birth date and sex; add the
    similar pairs to the review (``registrar``). Only administrators who see the whole
    registry may run it (the database refuses the others)."""
    import numpy as np

    inicio = time.perf_counter()
    with bd.sesion() as s:
        bd.cambio(s, "duplicados")
        s.execute(text("SELECT sipros_es_revisor()"))
        conexion = s.connection().connection.driver_connection
        ids: list[int] = []
        claves: list[tuple[date, str]] = []
        nombres: list[str] = []
        paternos: list[str] = []
        sin_materno: list[bool] = []
        apellidos: list[str] = []
        crudos: list[tuple[str, str, str | None]] = []
        cache: dict[str, str] = {}

        def norm(t: str | None) -> str:
            if t is None:
                return ""
            v = cache.get(t)
            if v is None:
                v = cache[t] = normalizar(t)
            return v

        with (
            conexion.cursor() as cur,
            cur.copy(
                "COPY (SELECT id, fecha_nacimiento, sexo, nombre, apellido_paterno, "
                "apellido_materno FROM ciudadano ORDER BY fecha_nacimiento, sexo, id) TO STDOUT"
            ) as cp,
        ):
            cp.set_types(["int8", "date", "bpchar", "text", "text", "text"])
            for i, (cid, nac, sexo, nom, pat, mat) in enumerate(cp.rows()):
                ids.append(cid)
                claves.append((nac, sexo))
                nombres.append(norm(nom))
                paternos.append(norm(pat))
                sin_materno.append(not norm(mat))
                apellidos.append(norm(pat) + " " + norm(mat))
                crudos.append((nom, pat, mat))
                if progreso and i % 100_000 == 0:
                    progreso("Leyendo el registro", i, 0)
    n = len(ids)
    if progreso:
        progreso("Comparando nombres", 0, n)
    encontrados: list[tuple[int, int, float]] = []
    comparados = 0
    if n > 1:
        # blocks of the same birth date and sex (the rows come sorted by them)
        cambia = np.ones(n, dtype=bool)
        cambia[1:] = [claves[i] != claves[i - 1] for i in range(1, n)]
        inicios = np.flatnonzero(cambia)
        tamanos = np.diff(np.append(inicios, n))
        cn, ln = _conteos(nombres, _ANCHO_NOMBRE)
        ca, la = _conteos(apellidos, _ANCHO_APELLIDOS)
        a, b = _pares_de_bloques(inicios, tamanos)
        comparados = len(a)
        # the same given name and first surname, one of the two without a second surname
        numeros: dict[str, int] = {}
        nom_id = np.array([numeros.setdefault(t, len(numeros)) for t in nombres], dtype=np.int64)
        pat_id = np.array([numeros.setdefault(t, len(numeros)) for t in paternos], dtype=np.int64)
        falta = np.array(sin_materno, dtype=bool)
        paso = 1_000_000
        for desde in range(0, comparados, paso):
            x = a[desde : desde + paso]
            y = b[desde : desde + paso]
            # twice the shared symbols over the total length bounds each SequenceMatcher
            # ratio from above (swapped surnames share the same symbols)
            comun_n = np.minimum(cn[x], cn[y]).sum(axis=1, dtype=np.int32)
            comun_a = np.minimum(ca[x], ca[y]).sum(axis=1, dtype=np.int32)
            cota = 0.4 * 2 * comun_n / np.maximum(ln[x] + ln[y], 1) + 0.6 * 2 * comun_a / (
                np.maximum(la[x] + la[y], 1)
            )
            recortado = (nom_id[x] == nom_id[y]) & (pat_id[x] == pat_id[y]) & (falta[x] | falta[y])
            elegidos = (cota >= UMBRAL) | recortado
            for i, j, r in zip(x[elegidos].tolist(), y[elegidos].tolist(),
                               recortado[elegidos].tolist(), strict=True):  # fmt: skip
                parecido = ventanilla.similitud(crudos[i], crudos[j])
                # as the front desk's measure, and the given names alike too: twins and
                # siblings share surnames and a birth date, not a name
                if r or (
                    parecido >= UMBRAL
                    and SequenceMatcher(None, nombres[i], nombres[j]).ratio() >= UMBRAL_NOMBRE
                ):
                    encontrados.append((ids[i], ids[j], round(parecido, 3)))
            if progreso:
                progreso("Comparando nombres", min(desde + paso, comparados), comparados)
    nuevos = 0
    if registrar and encontrados:
        with bd.sesion() as s:
            for desde in range(0, len(encontrados), 10_000):
                lote = encontrados[desde : desde + 10_000]
                nuevos += s.execute(
                    text(
                        "SELECT sipros_duplicados_registrar(CAST(:a AS bigint[]), "
                        "CAST(:b AS bigint[]), CAST(:s AS numeric[]))"
                    ),
                    {"a": [p[0] for p in lote], "b": [p[1] for p in lote],
                     "s": [p[2] for p in lote]},
                ).scalar_one()  # fmt: skip
    return Busqueda(n, comparados, len(encontrados), nuevos, time.perf_counter() - inicio,
                    encontrados)  # fmt: skip


# ---------------------------------------------------------------------------- the queue


@dataclass(frozen=True)
class Par:
    id: int
    origen: str
    estado: str
    creado: datetime
    similitud: Decimal | None
    ciudadano_id: int | None
    curp_a: str | None
    nombre_a: str | None
    nacimiento: date | None
    candidato_id: int | None
    curp_b: str | None
    nombre_b: str | None
    carga_masiva_id: int | None
    decidido: datetime | None
    decidido_por: str | None

    @property
    def es_fila_de_carga(self) -> bool:
        return self.carga_masiva_id is not None and self.origen == "Carga masiva"


_SELECT_PAR = """
SELECT r.id, r.origen, r.estado, r.creado, r.similitud, r.ciudadano_id,
       a.curp AS curp_a,
       concat_ws(' ', a.nombre, a.apellido_paterno, a.apellido_materno) AS nombre_a,
       coalesce(a.fecha_nacimiento, (r.fila ->> 'fecha_nacimiento')::date) AS nacimiento,
       r.candidato_id,
       coalesce(b.curp, r.fila ->> 'curp') AS curp_b,
       coalesce(concat_ws(' ', b.nombre, b.apellido_paterno, b.apellido_materno),
                concat_ws(' ', r.fila ->> 'nombre', r.fila ->> 'apellido_paterno',
                          r.fila ->> 'apellido_materno')) AS nombre_b,
       r.carga_masiva_id, r.decidido, r.decidido_por
FROM duplicado_revision r
LEFT JOIN ciudadano a ON a.id = r.ciudadano_id
LEFT JOIN ciudadano b ON b.id = r.candidato_id
"""


def pares(
    estado: str = "Pendiente", origen: str | None = None, limite: int = 500, despues: int = 0
) -> list[Par]:
    """Pairs of the review in ``estado``, oldest first (keyset after id ``despues``)."""
    with bd.sesion() as s:
        filas = s.execute(
            text(
                _SELECT_PAR + "WHERE r.estado = :e AND (CAST(:o AS text) IS NULL OR r.origen = :o) "
                "AND r.id > :d ORDER BY r.id LIMIT :n"
            ),
            {"e": estado, "o": origen, "d": despues, "n": limite},
        ).all()
    return [Par(**f._mapping) for f in filas]


def contar_pendientes() -> dict[str, int]:
    with bd.sesion() as s:
        filas = s.execute(
            text(
                "SELECT origen, count(*) FROM duplicado_revision WHERE estado = 'Pendiente' "
                "GROUP BY origen"
            )
        ).all()
    return {o: n for o, n in filas}


@dataclass(frozen=True)
class FilaCarga:
    """The roll row a load held: what the agency sent."""

    carga_id: int
    archivo: str
    fila: int
    programa: str
    curp: str
    nombre: str
    apellido_paterno: str
    apellido_materno: str | None
    fecha_nacimiento: date
    sexo: str
    telefono: str | None
    municipio: str | None
    tipo_apoyo: str | None
    monto: Decimal
    fecha_entrega: date

    @property
    def nombre_completo(self) -> str:
        return " ".join(p for p in (self.nombre, self.apellido_paterno, self.apellido_materno) if p)


@dataclass(frozen=True)
class Comparacion:
    par: Par
    a: ciudadanos.FichaCiudadano | None
    b: ciudadanos.FichaCiudadano | None
    fila: FilaCarga | None
    similitud: float


def comparar(revision_id: int) -> Comparacion:
    """Both sides of a pair, side by side: data, address, applications, benefits, Registro
    Civil; for a held roll row, what the roll brought."""
    with bd.sesion() as s:
        f = s.execute(text(_SELECT_PAR + "WHERE r.id = :i"), {"i": revision_id}).first()
        if f is None:
            raise ErrorDatos("Ese par ya no está en la revisión.")
        par = Par(**f._mapping)
        datos = s.execute(
            text(
                "SELECT r.fila, k.archivo_nombre, p.clave AS programa, m.nombre AS municipio, "
                "t.nombre AS tipo FROM duplicado_revision r "
                "LEFT JOIN carga_masiva k ON k.id = r.carga_masiva_id "
                "LEFT JOIN programa p ON p.id = k.programa_id "
                "LEFT JOIN municipio m ON m.id = (r.fila ->> 'municipio_id')::integer "
                "LEFT JOIN tipo_apoyo t ON t.id = (r.fila ->> 'tipo_apoyo_id')::integer "
                "WHERE r.id = :i"
            ),
            {"i": revision_id},
        ).one()
    fila = None
    if datos.fila is not None:
        j: dict[str, Any] = datos.fila
        fila = FilaCarga(
            par.carga_masiva_id or 0, datos.archivo_nombre or "", int(j["fila"]),
            datos.programa or "", j["curp"], j["nombre"], j["apellido_paterno"],
            j.get("apellido_materno"), date.fromisoformat(j["fecha_nacimiento"]), j["sexo"],
            j.get("telefono"), datos.municipio, datos.tipo, Decimal(str(j["monto"])),
            date.fromisoformat(j["fecha_entrega"]),
        )  # fmt: skip
    a = ciudadanos.ficha(par.ciudadano_id) if par.ciudadano_id else None
    b = ciudadanos.ficha(par.candidato_id) if par.candidato_id and fila is None else None
    if a is not None and (b is not None or fila is not None):
        otro = b or fila
        assert otro is not None
        parecido = ventanilla.similitud(
            (a.nombre, a.apellido_paterno, a.apellido_materno),
            (otro.nombre, otro.apellido_paterno, otro.apellido_materno),
        )
    else:
        parecido = 0.0
    return Comparacion(par, a, b, fila, round(parecido, 3))


@dataclass(frozen=True)
class Decision:
    revision_id: int
    decision: str
    ciudadano_id: int | None  # the file that stays, or the one opened for a held row
    detalle: dict[str, Any]


def decidir(
    revision_id: int, decision: str, conserva: int | None = None, comentario: str = ""
) -> Decision:
    """Decide a pair (one transaction). For two files, «Misma persona» merges the other file
    into ``conserva``."""
    if decision not in DECISIONES:
        raise ErrorDatos(f"Decisión desconocida: {decision}.")
    comentario = " ".join((comentario or "").split())
    if len(comentario) > 500:
        raise ErrorDatos(f"El comentario tiene {len(comentario)} caracteres; hasta 500.")
    with bd.sesion() as s:
        bd.cambio(s, "duplicados", "ciudadanos", "solicitudes", "padron")
        r = s.execute(
            text("SELECT sipros_duplicado_decidir(:r, :d, :c, :m)"),
            {"r": revision_id, "d": decision, "c": conserva, "m": comentario or None},
        ).scalar_one()
    detalle = dict(r or {})
    return Decision(revision_id, decision, detalle.get("ciudadano_id") or conserva, detalle)


# ---------------------------------------------------------------------------- merges undone


@dataclass(frozen=True)
class Fusion:
    """A merge made from the review, and whether it was undone."""

    id: int
    revision_id: int
    conservado_id: int
    curp_conservada: str | None
    curp_absorbida: str
    nombre_absorbido: str
    fusionado: datetime
    fusionado_por: str
    separado: datetime | None
    separado_por: str | None
    motivo: str | None


def fusiones(limite: int = 200, vigentes: bool = False) -> list[Fusion]:
    """The merges, newest first (``vigentes``: only those not undone). A state-wide
    administrator's list (the reviewer's)."""
    with bd.sesion() as s:
        filas = s.execute(
            text(
                "SELECT f.id, f.revision_id, f.conservado_id, c.curp AS curp_conservada, "
                "f.absorbido ->> 'curp' AS curp_absorbida, "
                "concat_ws(' ', f.absorbido ->> 'nombre', f.absorbido ->> 'apellido_paterno', "
                "          f.absorbido ->> 'apellido_materno') AS nombre_absorbido, "
                "f.fusionado, f.fusionado_por, f.separado, f.separado_por, f.motivo "
                "FROM fusion f LEFT JOIN ciudadano c ON c.id = f.conservado_id "
                "WHERE NOT :v OR f.separado IS NULL ORDER BY f.id DESC LIMIT :n"
            ),
            {"v": vigentes, "n": limite},
        ).all()
    return [Fusion(**f._mapping) for f in filas]


@dataclass(frozen=True)
class Separacion:
    curp: str
    ciudadano_id: int
    solicitudes: int
    beneficios: int
    documentos: int


def separar(revision_id: int, motivo: str) -> Separacion:
    """Undo the merge of a pair (one transaction): both files as they were, the pair pending
    again. Only a state-wide administrator; the reason goes to the record."""
    motivo = " ".join((motivo or "").split())
    if not motivo:
        raise ErrorDatos("Escriba por qué se deshace la fusión.")
    if len(motivo) > 500:
        raise ErrorDatos(f"El motivo tiene {len(motivo)} caracteres; hasta 500.")
    with bd.sesion() as s:
        bd.cambio(s, "duplicados", "ciudadanos", "solicitudes", "padron")
        r = dict(
            s.execute(
                text("SELECT sipros_separar(:r, :m)"), {"r": revision_id, "m": motivo}
            ).scalar_one()
        )
    return Separacion(r["curp"], r["ciudadano_id"], r["solicitudes"], r["beneficios"],
                      r["documentos"])  # fmt: skip
