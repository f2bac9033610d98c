"""Cargas: other agencies' beneficiary rolls into the Padrón Estatal de Beneficiarios.

A roll is read as it comes (.xlsx, .xls, .ods with python-calamine; .csv in UTF-8, UTF-8 with
BOM, Windows-1252 or Latin-1, comma, semicolon or tab), its header row found under any title
rows and its columns recognised by their usual names (or by what the user chose once for the
dependencia). Its cells go to the database as text with COPY; the database checks every row
(``sipros_carga_validar``: the rules and their Spanish messages live there, for every client)
and applies the valid ones in the same transaction (``sipros_carga_aplicar``). A preview is
that transaction rolled back; nothing is half-written, whatever happens in between.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import text

from sipros_desktop import bd
from sipros_desktop.errores import ErrorDatos
from sipros_desktop.servicios import archivos, excel, hojas, horario

Progreso = Callable[[str, int, int], None]

MAX_MB = 200
EXTENSIONES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".txt")
FILTRO_ARCHIVOS = "Padrones (*.xlsx *.xlsm *.xls *.ods *.csv *.txt)"
LOTE_COPY = 5_000


@dataclass(frozen=True)
class Campo:
    clave: str
    encabezado: str  # the canonical header of the template
    titulo: str
    obligatorio: bool
    explicacion: str
    sinonimos: tuple[str, ...] = ()


CAMPOS: tuple[Campo, ...] = (
    Campo("curp", "CURP", "CURP", True,
          "Clave Única de Registro de Población, 18 caracteres. Mayúsculas o minúsculas; los "
          "espacios se quitan.", ("CLAVE CURP", "CURP DEL BENEFICIARIO", "CURP BENEFICIARIO")),
    Campo("nombre", "NOMBRE", "Nombre(s)", True, "Nombre o nombres de pila.",
          ("NOMBRES", "NOMBRE S", "NOMBRE DE PILA", "NOMBRE BENEFICIARIO",
           "NOMBRE DEL BENEFICIARIO")),
    Campo("apellido_paterno", "APELLIDO_PATERNO", "Apellido paterno", True,
          "Primer apellido. Si la persona tiene un solo apellido, va aquí.",
          ("PATERNO", "PRIMER APELLIDO", "AP PATERNO", "A PATERNO", "APELLIDO 1", "APELLIDO1",
           "APE PATERNO", "APELLIDO P")),
    Campo("apellido_materno", "APELLIDO_MATERNO", "Apellido materno", False,
          "Segundo apellido; vacío si no tiene.",
          ("MATERNO", "SEGUNDO APELLIDO", "AP MATERNO", "A MATERNO", "APELLIDO 2", "APELLIDO2",
           "APE MATERNO", "APELLIDO M")),
    Campo("fecha_nacimiento", "FECHA_NACIMIENTO", "Fecha de nacimiento", True,
          "dd/mm/aaaa (15/03/1985), aaaa-mm-dd o una celda con formato de fecha. Debe "
          "coincidir con la CURP.",
          ("FECHA DE NACIMIENTO", "F NAC", "FEC NAC", "FECHA NAC", "F NACIMIENTO",
           "FECHA NACIMIENTO", "NACIMIENTO", "FEC NACIMIENTO", "FECHA DE NAC")),
    Campo("sexo", "SEXO", "Sexo", True,
          "H (hombre), M (mujer) o X. También Hombre/Mujer. Debe coincidir con la CURP.",
          ("GENERO", "SEXO H M", "H M")),
    Campo("municipio", "MUNICIPIO", "Municipio", True,
          "Clave INEGI (014 o 22014) o nombre del municipio, con o sin acentos.",
          ("MPIO", "CVE MUN", "CVE MUNICIPIO", "CLAVE MUNICIPIO", "CLAVE DEL MUNICIPIO",
           "MUNICIPIO INEGI", "NOMBRE MUNICIPIO", "NOM MUN")),
    Campo("localidad", "LOCALIDAD", "Localidad", False,
          "Opcional: clave INEGI de la localidad (9 dígitos, o 4 dentro del municipio) o su "
          "nombre.", ("LOC", "CVE LOC", "CLAVE LOCALIDAD", "COMUNIDAD", "NOMBRE LOCALIDAD")),
    Campo("colonia", "COLONIA", "Colonia", False,
          "Opcional: nombre de la colonia o asentamiento del municipio, o su clave del catálogo "
          "de SEPOMEX; si no se pone la localidad, se toma la de la colonia.",
          ("COL", "ASENTAMIENTO", "NOMBRE COLONIA", "COLONIA O ASENTAMIENTO", "FRACCIONAMIENTO",
           "BARRIO")),
    Campo("tipo_apoyo", "TIPO_APOYO", "Tipo de apoyo", True,
          "Clave o nombre de un tipo de apoyo del programa (vea la hoja Catálogos).",
          ("TIPO DE APOYO", "APOYO", "TIPO", "CLAVE APOYO", "CONCEPTO", "TIPO APOYO")),
    Campo("monto", "MONTO", "Monto", True,
          "Importe entregado en pesos: 1500, 1500.50 o $1,500.00. 0 si el apoyo es en especie.",
          ("IMPORTE", "MONTO APOYO", "MONTO DEL APOYO", "MONTO ENTREGADO", "IMPORTE ENTREGADO",
           "MONTO $", "MONTO PESOS")),
    Campo("cantidad", "CANTIDAD", "Cantidad", False,
          "Opcional: número de piezas o apoyos entregados (1 si se deja vacío).",
          ("PIEZAS", "UNIDADES", "NUMERO DE APOYOS", "NUM APOYOS")),
    Campo("fecha_entrega", "FECHA_ENTREGA", "Fecha de entrega", True,
          "Fecha en que se entregó el apoyo (no futura): dd/mm/aaaa o aaaa-mm-dd.",
          ("FECHA DE ENTREGA", "F ENTREGA", "FEC ENTREGA", "FECHA APOYO", "FECHA DEL APOYO",
           "FECHA ENTREGA APOYO")),
    Campo("telefono", "TELEFONO", "Teléfono", False,
          "Opcional: 10 dígitos; espacios y guiones se quitan.",
          ("TEL", "CELULAR", "TELEFONO CELULAR", "NUMERO TELEFONICO", "TELEFONO DE CONTACTO",
           "NUM TELEFONO")),
)  # fmt: skip
POR_CLAVE = {c.clave: c for c in CAMPOS}
CLAVES = tuple(c.clave for c in CAMPOS)
OBLIGATORIOS = tuple(c.clave for c in CAMPOS if c.obligatorio)
IGNORAR = "ignorar"


def normalizar_encabezado(t: Any) -> str:
    """Header text as compared: no accents, upper case, punctuation as spaces."""
    s = unicodedata.normalize("NFD", str(t or "")).upper()
    s = "".join(ch for ch in s if unicodedata.category(ch) != "Mn")
    return " ".join(re.sub(r"[^A-Z0-9$]+", " ", s).split())


_SINONIMOS: dict[str, str] = {}
for _c in CAMPOS:
    for _s in (_c.encabezado, _c.titulo, *_c.sinonimos):
        _SINONIMOS[normalizar_encabezado(_s)] = _c.clave


# --------------------------------------------------------------------------- reading


@dataclass
class Lectura:
    """A roll as read: its header, its rows (with the row number the spreadsheet shows) and
    which column holds which field."""

    ruta: Path
    sha256: str
    hoja: str | None
    fila_encabezado: int  # 1-based, as the spreadsheet shows it
    encabezados: list[str]
    filas: list[tuple[int, list[Any]]]
    columnas: dict[str, int] = field(default_factory=dict)  # campo -> column index

    @property
    def nombre(self) -> str:
        return self.ruta.name

    def faltantes(self) -> list[str]:
        """Required fields no column holds yet."""
        return [c for c in OBLIGATORIOS if c not in self.columnas]

    def no_reconocidos(self) -> list[str]:
        usados = set(self.columnas.values())
        return [h for i, h in enumerate(self.encabezados) if h.strip() and i not in usados]

    def encabezado_de(self, campo: str) -> str:
        i = self.columnas.get(campo)
        if i is None:
            return POR_CLAVE[campo].encabezado if campo in POR_CLAVE else campo
        return self.encabezados[i] or POR_CLAVE[campo].encabezado

    def columna_de_canonica(self, canonica: str) -> str:
        """The file's header for a canonical name the database reports (APELLIDO_PATERNO)."""
        campo = canonica.lower()
        return self.encabezado_de(campo) if campo in POR_CLAVE else canonica


def _celda(v: Any) -> str | None:
    """A cell as the text sent to the database (dates ISO, whole numbers without .0)."""
    if v is None:
        return None
    if isinstance(v, str):
        return v if v.strip() else None
    if isinstance(v, bool):
        return "SI" if v else "NO"
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() else repr(v)
    if isinstance(v, datetime):
        return v.date().isoformat() if v.time() == time(0) else v.isoformat(sep=" ")
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, timedelta):
        return str(v)
    return str(v)


def _vacia(fila: Sequence[Any]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in fila)


def _hojas(ruta: Path, datos: bytes) -> Iterator[tuple[str | None, list[list[Any]]]]:
    """The sheets of the roll, one after the other: a CSV is one; a workbook is read by
    servicios.hojas (checked first, then decoded in a child process with capped memory)."""
    if ruta.suffix.lower() in (".csv", ".txt"):
        yield None, _leer_csv(ruta, datos)
    else:
        yield from hojas.hojas(ruta.name, datos)


def _leer_csv(ruta: Path, datos: bytes) -> list[list[Any]]:
    """A CSV roll within the limits of a workbook's (rows, columns, cells) and of a line."""
    archivos.revisar_renglones(ruta.name, datos)
    contenido = archivos.decodificar(ruta, datos)
    lector = csv.reader(io.StringIO(contenido, newline=""),
                        delimiter=archivos.separador(contenido))  # fmt: skip
    filas: list[list[Any]] = []
    celdas = 0
    with archivos.errores_csv(ruta.name, lector):
        for f in lector:
            celdas += len(f)
            if (
                len(f) > hojas.MAX_COLUMNAS
                or len(filas) >= hojas.MAX_FILAS
                or (celdas > hojas.MAX_CELDAS)
            ):
                raise ErrorDatos(
                    f"«{ruta.name}» pasa de lo que un padrón puede tener en la línea "
                    f"{lector.line_num:,}: se leen hasta {hojas.MAX_FILAS:,} filas, "
                    f"{hojas.MAX_COLUMNAS} columnas y {hojas.MAX_CELDAS:,} celdas. Divídalo en "
                    "varios archivos."
                )
            filas.append(f)
    return filas


def _buscar_encabezado(
    filas: list[list[Any]], guardado: dict[str, str]
) -> tuple[int, dict[str, int]] | None:
    """The first row (of the first 30) where at least three cells name known fields."""
    for i, fila in enumerate(filas[:30]):
        columnas = mapear(fila, guardado)
        if len(columnas) >= 3:
            return i, columnas
    return None


def mapear(encabezados: Sequence[Any], guardado: dict[str, str] | None = None) -> dict[str, int]:
    """Which column holds each field: what the dependencia chose before, then the usual names.
    The first column a field is recognised in wins."""
    guardado = guardado or {}
    columnas: dict[str, int] = {}
    for i, h in enumerate(encabezados):
        n = normalizar_encabezado(h)
        if not n:
            continue
        campo = guardado.get(n) or _SINONIMOS.get(n)
        if campo and campo != IGNORAR and campo not in columnas:
            columnas[campo] = i
    return columnas


def leer(ruta: str | Path, guardado: dict[str, str] | None = None) -> Lectura:
    """Read a roll. The header is looked for in each sheet in order; rows with nothing are
    skipped. Raises ErrorDatos when the file cannot be read at all."""
    ruta = Path(ruta)
    if ruta.suffix.lower() not in EXTENSIONES:
        raise ErrorDatos(
            f"«{ruta.name}» no es un padrón que se pueda leer: use un archivo .xlsx, .xls, .ods "
            "o .csv."
        )
    datos = archivos.leer_bytes(ruta, MAX_MB * 1_048_576, "un padrón")
    sha = hashlib.sha256(datos).hexdigest()
    guardado = guardado or {}
    elegida = None
    leidas: list[tuple[str | None, list[list[Any]]]] = []
    with contextlib.closing(_hojas(ruta, datos)) as cada_hoja:  # the rest are never read
        for nombre, filas in cada_hoja:
            hallado = _buscar_encabezado(filas, guardado)
            if hallado is not None:
                elegida = (nombre, filas, *hallado)
                break
            leidas.append((nombre, filas))
    del datos
    if elegida is None:
        # no header recognised: the first sheet with something, its first row as the header
        for nombre, filas in leidas:
            primera = next((i for i, f in enumerate(filas) if not _vacia(f)), None)
            if primera is not None:
                elegida = (nombre, filas, primera, {})
                break
    if elegida is None:
        raise ErrorDatos(f"«{ruta.name}» no tiene datos.")
    nombre, filas, i, columnas = elegida
    ancho = max((len(f) for f in filas[i:]), default=0)
    encabezados = [str(_celda(v) or "").strip() for v in filas[i]] + [""] * (ancho - len(filas[i]))
    datos_filas = [(n + 1, f) for n, f in enumerate(filas) if n > i and not _vacia(f)]
    return Lectura(ruta, sha, nombre, i + 1, encabezados, datos_filas, columnas)


def _filas_copy(lectura: Lectura, carga_id: int) -> Iterable[tuple[Any, ...]]:
    indices = [lectura.columnas.get(c) for c in CLAVES]
    for n, fila in lectura.filas:
        ancho = len(fila)
        yield (
            carga_id,
            n,
            *(_celda(fila[i]) if i is not None and i < ancho else None for i in indices),
        )


# --------------------------------------------------------------------------- mappings


def mapeo_guardado(programa: str) -> dict[str, str]:
    """Header → field choices the programme's dependencia made before."""
    with bd.sesion() as s:
        filas = s.execute(
            text(
                "SELECT m.encabezado, m.campo FROM carga_mapeo m "
                "JOIN area a ON a.dependencia_id = m.dependencia_id "
                "JOIN programa p ON p.area_id = a.id WHERE p.clave = :p"
            ),
            {"p": programa.strip().upper()},
        ).all()
    return {f.encabezado: f.campo for f in filas}


def guardar_mapeo(programa: str, lectura: Lectura, columnas: dict[str, int]) -> None:
    """Remember, for the dependencia, the fields chosen for the headers the usual names did not
    give (and the columns marked to ignore)."""
    filas = []
    asignadas = {i: c for c, i in columnas.items()}
    for i, h in enumerate(lectura.encabezados):
        n = normalizar_encabezado(h)
        if not n:
            continue
        campo = asignadas.get(i, IGNORAR)
        if _SINONIMOS.get(n) == campo:
            continue  # the usual names already say it
        filas.append({"encabezado": n[:200], "campo": campo})
    if not filas:
        return
    with bd.sesion() as s:
        dep = s.execute(
            text(
                "SELECT a.dependencia_id FROM programa p JOIN area a ON a.id = p.area_id "
                "WHERE p.clave = :p"
            ),
            {"p": programa.strip().upper()},
        ).scalar()
        if dep is None:
            raise ErrorDatos(f"No existe el programa «{programa}».")
        for f in filas:
            s.execute(
                text(
                    "INSERT INTO carga_mapeo (dependencia_id, encabezado, campo) "
                    "VALUES (:d, :encabezado, :campo) ON CONFLICT (dependencia_id, encabezado) "
                    "DO UPDATE SET campo = EXCLUDED.campo"
                ),
                {"d": dep, **f},
            )


def fijar_columnas(lectura: Lectura, columnas: dict[str, int]) -> None:
    """The user's mapping: field → column index (each column at most once)."""
    vistas: dict[int, str] = {}
    for campo, i in columnas.items():
        if campo not in POR_CLAVE:
            raise ErrorDatos(f"Campo desconocido: {campo}.")
        if not 0 <= i < len(lectura.encabezados):
            raise ErrorDatos(f"La columna {i + 1} no existe en el archivo.")
        if i in vistas:
            raise ErrorDatos(
                f"La columna «{lectura.encabezados[i]}» está elegida para "
                f"{POR_CLAVE[vistas[i]].titulo} y para {POR_CLAVE[campo].titulo}: elija una."
            )
        vistas[i] = campo
    lectura.columnas = dict(columnas)


def asignar_encabezado(lectura: Lectura, campo: str, encabezado: str) -> None:
    """The user says which header holds a field (``SEXO=Género``): the field is read from that
    column, compared as headers are (accents, case and punctuation do not count; the first
    column with it), and whatever field that column held before is no longer read from it."""
    campo = campo.strip().lower()
    if campo not in POR_CLAVE:
        raise ErrorDatos(
            f"Campo desconocido: {campo}. Los campos: {', '.join(c.encabezado for c in CAMPOS)}."
        )
    buscado = normalizar_encabezado(encabezado)
    normal = [normalizar_encabezado(h) for h in lectura.encabezados]
    if not buscado or buscado not in normal:
        raise ErrorDatos(f"El archivo no tiene el encabezado «{encabezado.strip()}».")
    i = normal.index(buscado)
    columnas = {c: j for c, j in lectura.columnas.items() if j != i}
    columnas[campo] = i
    fijar_columnas(lectura, columnas)


# --------------------------------------------------------------------------- validate / apply


@dataclass(frozen=True)
class ErrorFila:
    fila: int
    columna: str  # the file's header
    valor: str  # as the user reads it (a date cell dd/mm/aaaa)
    mensaje: str
    campo: str | None = None  # the field (CAMPOS) the problem is in


@dataclass
class Resultado:
    archivo: str
    programa: str
    filas: int
    validas: int
    errores: list[ErrorFila]
    ciudadanos_nuevos: int
    vinculadas: int  # valid rows of citizens already registered
    beneficios: int
    a_revision: int
    monto: Decimal
    carga_id: int | None = None
    aplicada: bool = False
    ya_cargada: str | None = None  # the same file was applied before (when, by whom)

    @property
    def filas_con_error(self) -> int:
        return len({e.fila for e in self.errores})

    def como_dict(self) -> dict[str, Any]:
        return {
            "archivo": self.archivo,
            "programa": self.programa,
            "filas": self.filas,
            "validas": self.validas,
            "filas_con_error": self.filas_con_error,
            "errores": [
                {"fila": e.fila, "columna": e.columna, "valor": e.valor, "mensaje": e.mensaje}
                for e in self.errores
            ],
            "ciudadanos_nuevos": self.ciudadanos_nuevos,
            "vinculadas": self.vinculadas,
            "beneficios": self.beneficios,
            "a_revision": self.a_revision,
            "monto": str(self.monto),
            "carga_id": self.carga_id,
            "ya_cargada": self.ya_cargada,
        }


def _avisar(progreso: Progreso | None, etapa: str, hecho: int, total: int) -> None:
    if progreso is not None:
        progreso(etapa, hecho, total)


def _comprobar_columnas(lectura: Lectura) -> None:
    faltan = lectura.faltantes()
    if faltan:
        nombres = ", ".join(POR_CLAVE[c].encabezado for c in faltan)
        raise ErrorDatos(
            f"No se reconocieron las columnas {nombres} en «{lectura.nombre}» "
            f"(encabezados en la fila {lectura.fila_encabezado}). Indique qué columna es cada una."
        )
    if not lectura.filas:
        raise ErrorDatos(f"«{lectura.nombre}» no tiene filas de datos bajo los encabezados.")


def _ya_cargada(s, sha256: str, programa: str) -> str | None:
    f = s.execute(
        text(
            "SELECT k.id, k.aplicada, k.usuario FROM carga_masiva k JOIN programa p "
            "ON p.id = k.programa_id WHERE k.sha256 = :h AND p.clave = :p "
            "AND k.estado = 'Aplicada' ORDER BY k.id DESC LIMIT 1"
        ),
        {"h": sha256, "p": programa},
    ).first()
    if f is None:
        return None
    cuando = horario.fecha_hora(f.aplicada)
    return f"Este mismo archivo ya se aplicó en la carga {f.id} ({cuando}, {f.usuario})."


def _procesar(
    lectura: Lectura,
    programa: str,
    aplicar: bool,
    estricta: bool,
    progreso: Progreso | None,
) -> Resultado:
    _comprobar_columnas(lectura)
    programa = programa.strip().upper()
    total = len(lectura.filas)
    with bd.sesion() as s:
        ya = _ya_cargada(s, lectura.sha256, programa)
        carga_id = s.execute(
            text("SELECT sipros_carga_iniciar(:p, :a, :h, :hoja)"),
            {"p": programa, "a": lectura.nombre, "h": lectura.sha256, "hoja": lectura.hoja},
        ).scalar_one()
        conexion = s.connection().connection.driver_connection
        columnas = ", ".join(("carga_masiva_id", "fila", *CLAVES))
        _avisar(progreso, "Enviando filas", 0, total)
        with conexion.cursor() as cur, cur.copy(f"COPY carga_fila ({columnas}) FROM STDIN") as cp:
            for n, fila in enumerate(_filas_copy(lectura, carga_id), 1):
                cp.write_row(fila)
                if n % LOTE_COPY == 0:
                    _avisar(progreso, "Enviando filas", n, total)
        _avisar(progreso, "Validando en la base de datos", total, total)
        s.execute(text("SELECT sipros_carga_validar(:k)"), {"k": carga_id})
        errores = _errores_legibles(
            lectura, s.execute(text("SELECT * FROM sipros_carga_errores(:k)"), {"k": carga_id})
        )
        r = s.execute(text("SELECT * FROM sipros_carga_resumen(:k)"), {"k": carga_id}).one()
        resultado = Resultado(
            lectura.nombre, programa, r.filas, r.validas, errores, r.ciudadanos_nuevos,
            r.vinculadas, r.beneficios, r.a_revision, Decimal(r.monto), ya_cargada=ya,
        )  # fmt: skip
        if not aplicar or r.validas == 0 or (estricta and errores):
            s.rollback()  # a preview, or nothing to apply (strict: any problem): no trace
            return resultado
        _avisar(progreso, "Aplicando la carga", total, total)
        bd.cambio(s, "cargas", "padron", "duplicados")
        a = s.execute(
            text("SELECT * FROM sipros_carga_aplicar(:k, :e)"), {"k": carga_id, "e": estricta}
        ).one()
        resultado.carga_id = a.carga_id
        resultado.aplicada = True
        resultado.ciudadanos_nuevos = a.ciudadanos_nuevos
        resultado.beneficios = a.beneficios
        resultado.a_revision = a.a_revision
        resultado.monto = Decimal(a.monto)
    return resultado


def _errores_legibles(lectura: Lectura, filas: Iterable[Any]) -> list[ErrorFila]:
    """The database's problems with the file's headers, and each value as the file shows it:
    the database got a date cell as 2027-01-15 (and a number as 1500), the user reads
    15/01/2027 (the cell itself is used when the database quotes it as it was sent)."""
    crudos = [(f.fila, f.columna, f.valor, f.mensaje) for f in filas]
    con_error = {fila for fila, *_ in crudos}
    originales = {n: fila for n, fila in lectura.filas if n in con_error} if crudos else {}
    errores = []
    for n, canonica, valor, mensaje in crudos:
        campo = canonica.lower() if canonica.lower() in POR_CLAVE else None
        i = lectura.columnas.get(campo) if campo else None
        fila = originales.get(n)
        if i is not None and fila is not None and i < len(fila):
            celda = fila[i]
            if not isinstance(celda, str) and valor is not None and _celda(celda) == valor:
                valor = _texto_original(celda)
        errores.append(ErrorFila(n, lectura.columna_de_canonica(canonica), valor, mensaje, campo))
    return errores


def validar(lectura: Lectura, programa: str, progreso: Progreso | None = None) -> Resultado:
    """What applying would do, and every problem, without writing anything."""
    return _procesar(lectura, programa, False, False, progreso)


def aplicar(
    lectura: Lectura, programa: str, *, estricta: bool = False, progreso: Progreso | None = None
) -> Resultado:
    """Validate and apply the valid rows in one transaction (with ``estricta``, any problem
    cancels the whole load). ``carga_id`` is None when nothing was applied."""
    return _procesar(lectura, programa, True, estricta, progreso)


# --------------------------------------------------------------------------- files out


def escribir_errores(lectura: Lectura, resultado: Resultado, salida: str | Path) -> Path:
    """The rows with problems as the file had them — text as text, numbers as numbers, dates
    as dates — with each cell that has a problem highlighted and its message as the cell's
    note, plus an «Observaciones» column with every message of the row: to send back to the
    agency. Returns the file written."""
    salida = archivos.archivo_de_salida(Path(salida), ".xlsx")
    por_fila: dict[int, list[str]] = {}
    por_celda: dict[tuple[int, int], list[str]] = {}
    for e in resultado.errores:
        por_fila.setdefault(e.fila, []).append(f"{e.columna}: {e.mensaje}")
        i = lectura.columnas.get(e.campo) if e.campo else None
        if i is not None:
            por_celda.setdefault((e.fila, i), []).append(e.mensaje)
    ancho = len(lectura.encabezados)
    columnas = [excel.Columna("Fila", 7, "numero")]
    columnas += [
        excel.Columna(h or f"Columna {i + 1}", 16, "original")
        for i, h in enumerate(lectura.encabezados)
    ]
    columnas.append(excel.Columna("Observaciones", 80))

    def filas():
        for n, fila in lectura.filas:
            if n in por_fila:
                celdas: list[Any] = list(fila[:ancho]) + [None] * (ancho - len(fila))
                for i, v in enumerate(celdas):
                    mensajes = por_celda.get((n, i))
                    if mensajes:
                        celdas[i] = excel.Marcada(v, "\n".join(mensajes))
                yield [n, *celdas, " | ".join(por_fila[n])]

    excel.escribir(salida, "Observaciones", columnas, filas(), total=len(por_fila))
    return salida


def _texto_original(v: Any) -> str | None:
    if isinstance(v, datetime):
        return v.strftime("%d/%m/%Y") if v.time() == time(0) else v.strftime("%d/%m/%Y %H:%M")
    if isinstance(v, date):
        return v.strftime("%d/%m/%Y")
    return _celda(v)


# Values the template's instructions give as examples for each column (those of the catalogues
# are added from the database). Each one is accepted by the loader and, in a column with a
# drop-down list, by the list itself.
EJEMPLOS: dict[str, tuple[str, ...]] = {
    "fecha_nacimiento": ("15/03/1985", "1985-03-15"),
    "sexo": ("H", "M", "X", "Hombre", "Mujer"),
    "monto": ("1500", "1500.50", "$1,500.00", "0"),
    "cantidad": ("1", "3"),
    "fecha_entrega": ("15/01/2025", "2025-01-15"),
    "telefono": ("4421234567", "442 123 4567"),
}
SEPARADOR_EJEMPLOS = "; "


def plantilla(programa: str, salida: str | Path) -> Path:
    """An .xlsx template for ``programa``: the canonical columns, a sheet explaining each one
    with examples, and drop-down lists for sexo, municipio and tipo de apoyo.

    A list holds every value the instructions give (a municipality by name, 014 or 22014; a
    support type by key or name; H, M, X, Hombre, Mujer), so Excel takes them without a word.
    The loader accepts more than any list can hold (names without accents, «Femenino», a date
    typed as text), so a value outside a list or a date is a warning the user may accept, never
    a refusal: the loader is the one that checks, and says why."""
    import xlsxwriter
    from xlsxwriter.utility import xl_col_to_name

    programa = programa.strip().upper()
    with bd.sesion() as s:
        p = s.execute(
            text("SELECT id, clave, nombre FROM programa WHERE clave = :p"), {"p": programa}
        ).first()
        if p is None:
            raise ErrorDatos(f"No existe el programa «{programa}».")
        tipos = s.execute(
            text(
                "SELECT clave, nombre, monto FROM tipo_apoyo WHERE programa_id = :p ORDER BY clave"
            ),
            {"p": p.id},
        ).all()
        municipios = s.execute(text("SELECT clave, nombre FROM municipio ORDER BY clave")).all()
        colonia = s.execute(
            text(
                "SELECT c.nombre, c.clave FROM colonia c JOIN municipio m ON m.id = c.municipio_id "
                "ORDER BY m.clave <> '22014', c.id LIMIT 1"
            )
        ).first()
    ejemplos = dict(EJEMPLOS)
    if municipios:
        m = next((m for m in municipios if m.clave == "22014"), municipios[0])
        ejemplos["municipio"] = (m.nombre, m.clave[-3:], m.clave)
        ejemplos["localidad"] = ("0001", f"{m.clave}0001")
    if colonia:
        ejemplos["colonia"] = (colonia.nombre, colonia.clave)
    if tipos:
        ejemplos["tipo_apoyo"] = (tipos[0].clave, tipos[0].nombre)
    # the values of each drop-down list, in the order it shows them
    valores_lista = {
        "sexo": list(EJEMPLOS["sexo"]),
        "municipio": [m.nombre for m in municipios]
        + [m.clave for m in municipios]
        + [m.clave[-3:] for m in municipios],
        "tipo_apoyo": [t.clave for t in tipos] + [t.nombre for t in tipos],
    }
    salida = archivos.archivo_de_salida(Path(salida), ".xlsx")
    temporal = salida.with_name(salida.name + ".parcial")
    libro = xlsxwriter.Workbook(
        str(temporal), {"strings_to_formulas": False, "strings_to_urls": False,
                        "strings_to_numbers": False},
    )  # fmt: skip
    try:
        enc = libro.add_format(
            {"bold": True, "font_color": "#FFFFFF", "bg_color": f"#{excel.COLOR_ENCABEZADO}"}
        )
        opcional = libro.add_format({"bold": True, "bg_color": "#E8D5DC"})
        fecha = libro.add_format({"num_format": "dd/mm/yyyy"})
        textof = libro.add_format({"num_format": "@"})
        dinero = libro.add_format({"num_format": "#,##0.00"})
        h = libro.add_worksheet("Padrón")
        cat = libro.add_worksheet("Catálogos")
        ayuda = libro.add_worksheet("Instrucciones")
        filas = 100_000
        for i, c in enumerate(CAMPOS):
            formato = {"fecha_nacimiento": fecha, "fecha_entrega": fecha, "monto": dinero}.get(
                c.clave,
                textof
                if c.clave in ("curp", "municipio", "localidad", "colonia", "telefono")
                else None,
            )
            h.set_column(
                i, i, 20 if c.clave in ("curp", "tipo_apoyo", "municipio") else 16, formato
            )
            h.write_string(0, i, c.encabezado, enc if c.obligatorio else opcional)
            h.write_comment(0, i, c.explicacion)
        h.freeze_panes(1, 0)
        col = {c.clave: i for i, c in enumerate(CAMPOS)}
        # the catalogues as people read them, and each list's values in a column of its own
        cat.write_row(0, 0, ["SEXO", "MUNICIPIO", "CLAVE INEGI", "CLAVE EN EL ESTADO",
                             "TIPO_APOYO", "NOMBRE DEL APOYO", "MONTO"], enc)  # fmt: skip
        for i, v in enumerate(valores_lista["sexo"]):
            cat.write_string(i + 1, 0, v)
        for i, m in enumerate(municipios):
            cat.write_string(i + 1, 1, m.nombre)
            cat.write_string(i + 1, 2, m.clave)
            cat.write_string(i + 1, 3, m.clave[-3:])
        for i, t in enumerate(tipos):
            cat.write_string(i + 1, 4, t.clave)
            cat.write_string(i + 1, 5, t.nombre)
            cat.write_number(i + 1, 6, float(t.monto))
        cat.set_column(0, 0, 8)
        cat.set_column(1, 1, 28)
        cat.set_column(2, 4, 16)
        cat.set_column(5, 5, 40)
        cat.set_column(6, 6, 12)
        fuentes: dict[str, str] = {}
        for k, clave in enumerate(("municipio", "tipo_apoyo")):
            columna = 8 + k
            letra = xl_col_to_name(columna)
            cat.write_string(0, columna, f"LISTA {POR_CLAVE[clave].encabezado}", enc)
            for i, v in enumerate(valores_lista[clave]):
                cat.write_string(i + 1, columna, v)
            cat.set_column(columna, columna, 30)
            fuentes[clave] = (
                f"='Catálogos'!${letra}$2:${letra}${max(len(valores_lista[clave]), 1) + 1}"
            )
        fuentes["sexo"] = f"='Catálogos'!$A$2:$A${len(valores_lista['sexo']) + 1}"
        for clave in ("sexo", "municipio", "tipo_apoyo"):
            h.data_validation(1, col[clave], filas, col[clave], {
                "validate": "list", "source": fuentes[clave], "error_type": "warning",
                "error_title": POR_CLAVE[clave].titulo,
                "error_message": (POR_CLAVE[clave].explicacion
                                  + " El sistema revisa el valor al cargar.")[:255],
            })  # fmt: skip
        for clave in ("fecha_nacimiento", "fecha_entrega"):
            h.data_validation(1, col[clave], filas, col[clave], {
                "validate": "date", "criteria": "between", "error_type": "warning",
                "minimum": date(1900, 1, 1), "maximum": date(2100, 12, 31),
                "error_title": POR_CLAVE[clave].titulo,
                "error_message": ("Escriba una fecha: dd/mm/aaaa (15/03/1985) o aaaa-mm-dd. "
                                  "El sistema revisa el valor al cargar."),
            })  # fmt: skip
        ayuda.set_column(0, 0, 22)
        ayuda.set_column(1, 1, 12)
        ayuda.set_column(2, 2, 90)
        ayuda.set_column(3, 3, 40)
        ayuda.write_string(0, 0, f"Padrón del programa {p.clave} — {p.nombre}", enc)
        ayuda.write_row(2, 0, ["Columna", "Obligatoria", "Qué va en ella", "Ejemplos"], enc)
        for i, c in enumerate(CAMPOS):
            ayuda.write_string(3 + i, 0, c.encabezado)
            ayuda.write_string(3 + i, 1, "Sí" if c.obligatorio else "No")
            ayuda.write_string(3 + i, 2, c.explicacion)
            if ejemplos.get(c.clave):
                ayuda.write_string(3 + i, 3, SEPARADOR_EJEMPLOS.join(ejemplos[c.clave]))
        notas = (
            "Una fila por apoyo entregado. Puede haber filas de título arriba de los "
            "encabezados y columnas adicionales: se ignoran.",
            "Las listas de SEXO, MUNICIPIO y TIPO_APOYO ofrecen los valores usuales; Excel "
            "advierte de otro valor y usted puede dejarlo: el sistema lo revisa al cargar.",
            "Cargar el mismo archivo (o el mismo apoyo) otra vez no agrega nada: cada apoyo "
            "(persona, programa, tipo y fecha) queda una sola vez en el Padrón.",
            "Las filas con problemas no se cargan; el sistema da un libro con cada fila y su "
            "observación para corregirla.",
        )
        for i, n in enumerate(notas):
            ayuda.write_string(5 + len(CAMPOS) + i, 0, n)
        h.activate()
    except BaseException:
        libro.close()
        temporal.unlink(missing_ok=True)
        raise
    libro.close()
    temporal.replace(salida)
    return salida


# --------------------------------------------------------------------------- history, revert


@dataclass(frozen=True)
class Carga:
    id: int
    creado: datetime
    usuario: str
    dependencia: str
    programa: str
    archivo: str
    estado: str
    filas: int
    validas: int
    con_error: int
    ciudadanos_nuevos: int
    beneficios: int
    a_revision: int
    monto: Decimal
    revertida: datetime | None
    revertida_por: str | None
    motivo_reversion: str | None
    sha256: str


def cargas(limite: int = 500, programa: str | None = None) -> list[Carga]:
    """The applied and reverted loads the user may see, newest first."""
    with bd.sesion() as s:
        filas = s.execute(
            text(
                "SELECT k.id, k.creado, k.usuario, d.clave AS dependencia, p.clave AS programa, "
                "k.archivo_nombre AS archivo, k.estado, k.filas_total AS filas, "
                "k.filas_validas AS validas, k.filas_error AS con_error, k.ciudadanos_nuevos, "
                "k.beneficios, k.a_revision, k.monto_total AS monto, k.revertida, "
                "k.revertida_por, k.motivo_reversion, k.sha256 "
                "FROM carga_masiva k JOIN dependencia d ON d.id = k.dependencia_id "
                "LEFT JOIN programa p ON p.id = k.programa_id "
                "WHERE k.estado <> 'Validando' AND (CAST(:p AS text) IS NULL OR p.clave = :p) "
                "ORDER BY k.id DESC LIMIT :n"
            ),
            {"n": limite, "p": programa.strip().upper() if programa else None},
        ).all()
    return [Carga(**f._mapping) for f in filas]


@dataclass(frozen=True)
class Reversion:
    carga_id: int
    beneficios: int
    ciudadanos: int


def revertir(carga_id: int, motivo: str) -> Reversion:
    """Remove an applied load's benefits (one transaction); the load stays as «Revertida»."""
    motivo = " ".join((motivo or "").split())
    if not motivo:
        raise ErrorDatos("Escriba el motivo de la reversión (queda en la bitácora).")
    with bd.sesion() as s:
        bd.cambio(s, "cargas", "padron", "duplicados")
        r = s.execute(
            text("SELECT * FROM sipros_carga_revertir(:k, :m)"), {"k": carga_id, "m": motivo}
        ).one()
    return Reversion(carga_id, r.beneficios, r.ciudadanos)


def programas_para_cargar() -> list[tuple[str, str]]:
    """(clave, 'CLAVE — nombre') of the active programmes the user may load rolls for."""
    with bd.sesion() as s:
        filas = s.execute(
            text(
                "SELECT p.clave, p.nombre FROM programa p "
                "WHERE p.activo AND ((SELECT sipros_alcance_estatal()) "
                "OR p.id = ANY (sipros_programas_visibles())) ORDER BY p.clave"
            )
        ).all()
    return [(f.clave, f"{f.clave} — {f.nombre}") for f in filas]
