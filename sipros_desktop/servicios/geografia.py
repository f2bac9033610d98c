"""Geography: municipio → localidad → colonia, and the import of the official catalogues.

The repository ships Querétaro's 18 municipalities. Localities come from INEGI's AGEEML
catalogue (CSV with CVE_ENT, CVE_MUN, CVE_LOC, NOM_LOC, AMBITO, LAT_DECIMAL, LON_DECIMAL …)
and settlements from SEPOMEX's postal-code file (pipe-separated, d_codigo, d_asenta,
d_tipo_asenta, c_estado, c_mnpio, id_asenta_cpcons, d_ciudad …). Only rows of municipalities
in the catalogue are taken. Each import is one transaction, with its line in the bitácora (file,
SHA-256, rows); running it again updates names. Only a state-wide administrator imports (the
database refuses anyone else, whatever the client).
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

from sqlalchemy import or_, select, text

from sipros_desktop import bd
from sipros_desktop.errores import ErrorDatos
from sipros_desktop.modelos import Colonia, Localidad, Municipio
from sipros_desktop.servicios import archivos


@dataclass(frozen=True)
class Opcion:
    id: int
    clave: str
    nombre: str
    codigo_postal: str | None = None


def municipios() -> list[Opcion]:
    with bd.sesion() as s:
        return [
            Opcion(m.id, m.clave, m.nombre)
            for m in s.scalars(select(Municipio).order_by(Municipio.nombre))
        ]


def localidades(municipio_id: int) -> list[Opcion]:
    with bd.sesion() as s:
        return [
            Opcion(x.id, x.clave, x.nombre)
            for x in s.scalars(
                select(Localidad)
                .where(Localidad.municipio_id == municipio_id)
                .order_by(Localidad.nombre)
            )
        ]


def colonias(municipio_id: int, localidad_id: int | None = None) -> list[Opcion]:
    """Settlements of the municipality; with a locality, those of it (and the unassigned)."""
    q = select(Colonia).where(Colonia.municipio_id == municipio_id)
    if localidad_id is not None:
        q = q.where(or_(Colonia.localidad_id == localidad_id, Colonia.localidad_id.is_(None)))
    with bd.sesion() as s:
        return [
            Opcion(
                x.id, x.clave, f"{x.nombre} ({x.tipo_asentamiento or 'Colonia'})", x.codigo_postal
            )
            for x in s.scalars(q.order_by(Colonia.nombre))
        ]


@dataclass(frozen=True)
class MunicipioCatalogo:
    clave: str
    nombre: str
    localidades: int
    colonias: int
    limite: datetime | None  # when its boundary was imported (None: it has none)


@dataclass(frozen=True)
class Catalogos:
    """What the state's geography has, for Administración."""

    municipios: list[MunicipioCatalogo]
    puede_importar: bool  # a state-wide administrator

    @property
    def con_limite(self) -> int:
        return sum(1 for m in self.municipios if m.limite is not None)


SOLO_ESTATAL = (
    "Los catálogos de municipios, localidades y colonias y los límites municipales valen para "
    "todo el estado: solo un administrador estatal los importa."
)


def catalogos() -> Catalogos:
    """Each municipality with how many localities and settlements it has and whether its
    boundary was imported, and whether the user may import."""
    with bd.sesion() as s:
        filas = s.execute(
            text(
                "SELECT m.clave, m.nombre, "
                "(SELECT count(*) FROM localidad x WHERE x.municipio_id = m.id) AS localidades, "
                "(SELECT count(*) FROM colonia x WHERE x.municipio_id = m.id) AS colonias, "
                "l.actualizado AS limite FROM municipio m "
                "LEFT JOIN municipio_limite l ON l.municipio_id = m.id ORDER BY m.clave"
            )
        ).all()
        puede = bool(s.execute(text("SELECT sipros_admin_estatal()")).scalar())
    return Catalogos([MunicipioCatalogo(**f._mapping) for f in filas], puede)


# --------------------------------------------------------------------------- import


@dataclass(frozen=True)
class ResultadoImportacion:
    tipo: str  # "localidades" | "colonias"
    leidas: int
    guardadas: int
    omitidas: int  # rows of municipalities outside the catalogue


def _norm(t: str) -> str:
    t = unicodedata.normalize("NFD", t.upper())
    return " ".join("".join(c for c in t if unicodedata.category(c) != "Mn").split())


def _decimal(v: str | None) -> Decimal | None:
    try:
        return Decimal(v.strip()) if v and v.strip() else None
    except InvalidOperation:
        return None


def importar(ruta: str | Path) -> ResultadoImportacion:
    """Import an AGEEML (localities) or SEPOMEX (settlements) file, recognised by its header,
    or the municipal boundaries of the Marco Geoestadístico as GeoJSON. Only a state-wide
    administrator may (asked before the file is read; the database refuses the others)."""
    p = Path(ruta)
    with bd.sesion() as s:
        if not s.execute(text("SELECT sipros_admin_estatal()")).scalar():
            raise ErrorDatos(SOLO_ESTATAL)
    if p.suffix.lower() in (".geojson", ".json"):
        return _importar_limites(p)
    contenido, sha = archivos.leer_texto_csv(p, "un catálogo")
    cabecera = contenido[:4000].upper()
    with archivos.errores_csv(p.name):
        if "D_CODIGO" in cabecera and "D_ASENTA" in cabecera:
            return _importar_sepomex(contenido, p.name, sha)
        if "CVE_LOC" in cabecera and "NOM_LOC" in cabecera:
            return _importar_ageeml(contenido, p.name, sha)
    raise ErrorDatos(
        f"«{p.name}» no parece el catálogo AGEEML de INEGI (columnas CVE_ENT, CVE_MUN, CVE_LOC, "
        "NOM_LOC) ni el de códigos postales de SEPOMEX (d_codigo|d_asenta|…)."
    )


def en_orden(archivos: Sequence[str]) -> list[str]:
    """The order to import several files in: localities first, because each settlement is
    linked to the locality of its city — the SEPOMEX files (named «CP…» or «…sepomex…», as
    Correos de México names them) last; otherwise as given. Only the file's name counts, not
    its folder's."""

    def de_sepomex(archivo: str) -> bool:
        nombre = Path(archivo).name.lower()
        return "cp" in nombre or "sepomex" in nombre

    return sorted(archivos, key=de_sepomex)


def _bitacora(s, tabla: str, archivo: str, sha: str, filas: int) -> None:
    """The import's line in the bitácora, in its transaction."""
    s.execute(
        text("SELECT sipros_bitacora_importacion(:t, :a, :h, :n)"),
        {"t": tabla, "a": archivo, "h": sha, "n": filas},
    )


def _importar_ageeml(contenido: str, archivo: str, sha: str) -> ResultadoImportacion:
    lector = csv.DictReader(io.StringIO(contenido))
    lector.fieldnames = [c.strip().upper() for c in lector.fieldnames or []]
    filas = []
    leidas = omitidas = 0
    with bd.sesion() as s:
        mun = {m.clave: m.id for m in s.scalars(select(Municipio))}
        for r in lector:
            leidas += 1
            ent = r.get("CVE_ENT", "").strip().zfill(2)
            clave_mun = ent + r.get("CVE_MUN", "").strip().zfill(3)
            if clave_mun not in mun:
                omitidas += 1
                continue
            loc = r.get("CVE_LOC", "").strip().zfill(4)
            ambito = (r.get("AMBITO") or "").strip()[:1].upper() or None
            filas.append(
                {
                    "municipio_id": mun[clave_mun],
                    "clave": clave_mun + loc,
                    "nombre": (r.get("NOM_LOC") or "").strip(),
                    "ambito": ambito if ambito in ("U", "R") else None,
                    "latitud": _decimal(r.get("LAT_DECIMAL")),
                    "longitud": _decimal(r.get("LON_DECIMAL")),
                }
            )
        if filas:
            bd.insertar_o_actualizar(
                s, Localidad, filas, "clave", ("nombre", "ambito", "latitud", "longitud")
            )
            _bitacora(s, "localidad", archivo, sha, len(filas))
    return ResultadoImportacion("localidades", leidas, len(filas), omitidas)


def _importar_sepomex(contenido: str, archivo: str, sha: str) -> ResultadoImportacion:
    lineas = contenido.splitlines()
    inicio = next((i for i, x in enumerate(lineas) if x.lower().startswith("d_codigo")), None)
    if inicio is None:
        raise ErrorDatos("El archivo de SEPOMEX no tiene la fila de encabezados (d_codigo|…).")
    lector = csv.DictReader(lineas[inicio:], delimiter="|")
    lector.fieldnames = [c.strip().lower() for c in lector.fieldnames or []]
    filas = []
    leidas = omitidas = 0
    with bd.sesion() as s:
        mun = {m.clave: m.id for m in s.scalars(select(Municipio))}
        # settlements name their city; link them to the locality of that name when there is one
        locs = {
            (m, _norm(n)): i
            for i, m, n in s.execute(select(Localidad.id, Localidad.municipio_id, Localidad.nombre))
        }
        for r in lector:
            leidas += 1
            clave_mun = (r.get("c_estado") or "").strip().zfill(2) + (
                r.get("c_mnpio") or ""
            ).strip().zfill(3)
            cp = (r.get("d_codigo") or "").strip().zfill(5)
            if clave_mun not in mun or not re.fullmatch(r"[0-9]{5}", cp):
                omitidas += 1
                continue
            municipio_id = mun[clave_mun]
            asenta = (r.get("id_asenta_cpcons") or "").strip().zfill(4)
            ciudad = _norm(r.get("d_ciudad") or "")
            filas.append(
                {
                    "municipio_id": municipio_id,
                    "localidad_id": locs.get((municipio_id, ciudad)) if ciudad else None,
                    "clave": f"{clave_mun}-{asenta}-{cp}",
                    "nombre": (r.get("d_asenta") or "").strip(),
                    "tipo_asentamiento": (r.get("d_tipo_asenta") or "").strip() or None,
                    "codigo_postal": cp,
                }
            )
        if filas:
            bd.insertar_o_actualizar(
                s, Colonia, filas, "clave", ("nombre", "tipo_asentamiento", "localidad_id")
            )
            _bitacora(s, "colonia", archivo, sha, len(filas))
    return ResultadoImportacion("colonias", leidas, len(filas), omitidas)


MAX_MB_LIMITES = 200
# One municipality's boundary: INEGI's most detailed ones have tens of thousands of points;
# the map draws every point each time it is painted
MAX_PUNTOS_MUNICIPIO = 250_000


def _es_coordenada(v: object) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)


def _poligonos(geom: object) -> tuple[str, list, int] | None:
    """(type, coordinates, points) of a Polygon or MultiPolygon in the shape GeoJSON gives it
    — rings of at least four [x, y] positions of finite numbers — or None. Walked level by
    level (the nesting is fixed), never recursively."""
    if not isinstance(geom, dict) or geom.get("type") not in ("Polygon", "MultiPolygon"):
        return None
    coordenadas = geom.get("coordinates")
    poligonos = [coordenadas] if geom["type"] == "Polygon" else coordenadas
    if not isinstance(poligonos, list) or not poligonos:
        return None
    puntos = 0
    for pol in poligonos:
        if not isinstance(pol, list) or not pol:
            return None
        for anillo in pol:
            if not isinstance(anillo, list) or len(anillo) < 4:
                return None
            for punto in anillo:
                if not (isinstance(punto, list) and 2 <= len(punto) <= 4
                        and all(_es_coordenada(v) for v in punto)):  # fmt: skip
                    return None
            puntos += len(anillo)
    return geom["type"], coordenadas, puntos


def _clave_de(prop: dict) -> str:
    """The municipality's INEGI key from a feature's properties (CVEGEO, or CVE_ENT + CVE_MUN);
    anything but a short text or number is no key."""

    def texto(v: object) -> str:
        return str(v)[:10] if isinstance(v, str | int) and not isinstance(v, bool) else ""

    clave = texto(prop.get("CVEGEO"))
    if not clave and texto(prop.get("CVE_ENT")) and texto(prop.get("CVE_MUN")):
        clave = f"{texto(prop['CVE_ENT']).zfill(2)}{texto(prop['CVE_MUN']).zfill(3)}"
    return clave


def _importar_limites(p: Path) -> ResultadoImportacion:
    """INEGI's municipal boundaries as a GeoJSON FeatureCollection: each feature's CVEGEO
    (22014) or CVE_ENT + CVE_MUN names its municipality; only the catalogue's are kept. The
    file is checked as it is read: its size, its nesting (json refuses what passes Python's
    recursion limit), the shape of each geometry kept and its number of points."""
    import json

    datos = archivos.leer_bytes(p, MAX_MB_LIMITES * 1_048_576, "un archivo de límites")
    sha = hashlib.sha256(datos).hexdigest()
    try:
        doc = json.loads(datos.decode("utf-8-sig"))
    except RecursionError as e:
        raise ErrorDatos(
            f"«{p.name}» está anidado a miles de niveles: no es un GeoJSON de límites."
        ) from e
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise ErrorDatos(f"«{p.name}» no es un GeoJSON válido.") from e
    del datos
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        raise ErrorDatos(f"«{p.name}» no es una colección de límites (FeatureCollection).")
    features = doc.get("features")
    if not isinstance(features, list):
        raise ErrorDatos(f"«{p.name}» no trae la lista de límites («features»).")
    filas = []
    leidas = omitidas = 0
    with bd.sesion() as s:
        mun = {m.clave: m.id for m in s.scalars(select(Municipio))}
        for f in features:
            leidas += 1
            prop = f.get("properties") if isinstance(f, dict) else None
            prop = {str(k).upper(): v for k, v in prop.items()} if isinstance(prop, dict) else {}
            clave = _clave_de(prop)
            forma = _poligonos(f.get("geometry")) if clave in mun else None
            if forma is None:
                omitidas += 1
                continue
            tipo, coordenadas, puntos = forma
            if puntos > MAX_PUNTOS_MUNICIPIO:
                raise ErrorDatos(
                    f"El límite del municipio {clave} en «{p.name}» tiene {puntos:,} puntos; se "
                    f"aceptan hasta {MAX_PUNTOS_MUNICIPIO:,}. Simplifíquelo (p. ej. con QGIS) "
                    "antes de importarlo."
                )
            primero = coordenadas[0][0] if tipo == "Polygon" else coordenadas[0][0][0]
            geografica = abs(primero[0]) <= 180 and abs(primero[1]) <= 90
            geom = {"type": tipo, "coordinates": coordenadas}  # nothing else of the feature
            filas.append({"m": mun[clave], "g": json.dumps(geom), "geo": geografica})
        for fila in filas:
            s.execute(
                text(
                    "INSERT INTO municipio_limite (municipio_id, geometria, geografica) "
                    "VALUES (:m, CAST(:g AS jsonb), :geo) ON CONFLICT (municipio_id) DO UPDATE "
                    "SET geometria = EXCLUDED.geometria, geografica = EXCLUDED.geografica, "
                    "actualizado = now()"
                ),
                fila,
            )
        if filas:
            _bitacora(s, "municipio_limite", p.name, sha, len(filas))
    if not filas:
        raise ErrorDatos(
            f"«{p.name}» no trae límites de municipios del catálogo (propiedad CVEGEO, p. ej. "
            "22014, y geometría Polygon o MultiPolygon)."
        )
    return ResultadoImportacion("límites municipales", leidas, len(filas), omitidas)
