"""Reportes: a catalogue of parameterized queries, each with the filters it accepts, read under
the user's row-level security (no function that runs as the owner: every report covers exactly
what the user may see), previewed, and exported to a formatted Excel file or a PDF with the
agency, the title, the filters applied, date and user, page numbers and totals."""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields, replace
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import text

from sipros_desktop import bd
from sipros_desktop.errores import ErrorDatos
from sipros_desktop.servicios import archivos, excel, horario

Progreso = Callable[[str, int, int], None]
ESTADOS = ("En proceso", "Corrección", "Aprobada", "Rechazada", "Baja", "Entregado")
VISTA_PREVIA = 500


@dataclass(frozen=True)
class Filtros:
    dependencia: str | None = None  # claves, as the command line and the files use them
    programa: str | None = None
    convocatoria: str | None = None
    desde: date | None = None
    hasta: date | None = None
    municipio: str | None = None  # 014 or 22014
    localidad: str | None = None  # 9-digit INEGI key
    colonia: str | None = None  # the settlement's key (SEPOMEX)
    estado: str | None = None
    origen: str | None = None

    def describir(self) -> str:
        partes = []
        nombres = {"dependencia": "Dependencia", "programa": "Programa",
                   "convocatoria": "Convocatoria", "municipio": "Municipio",
                   "localidad": "Localidad", "colonia": "Colonia", "estado": "Estado",
                   "origen": "Origen"}  # fmt: skip
        for campo, nombre in nombres.items():
            v = getattr(self, campo)
            if v:
                partes.append(f"{nombre}: {v}")
        if self.desde or self.hasta:
            d = f"{self.desde:%d/%m/%Y}" if self.desde else "el inicio"
            h = f"{self.hasta:%d/%m/%Y}" if self.hasta else "hoy"
            partes.append(f"Periodo: de {d} a {h}")
        return "; ".join(partes) or "Sin filtros: todo lo que su alcance permite ver"


@dataclass(frozen=True)
class Reporte:
    clave: str
    titulo: str
    descripcion: str
    sql: str  # with {donde}
    columnas: tuple[excel.Columna, ...]
    condiciones: dict[str, str]  # filter → SQL condition with :valor
    periodo: str  # the date column the period filters
    totales: tuple[int, ...] = ()  # columns summed in the totals row
    orden: str = ""
    por_fila: bool = False  # one row per benefit (large): previewed by pages, counted apart
    cuenta: str = ""  # for por_fila: count and sums of the totals columns, with {donde}
    # the SQL takes the filter whole, as JSON in :filtro ({"programa": …, "desde": …}), and
    # has no {donde}: a report counted by a function of the database (condiciones: only
    # which filters it takes)
    filtro_json: bool = False

    @property
    def filtros(self) -> tuple[str, ...]:
        return (*self.condiciones, "desde", "hasta")


def _c(titulo: str, ancho: float = 14, tipo: str = "texto") -> excel.Columna:
    return excel.Columna(titulo, ancho, tipo)  # type: ignore[arg-type]


_ORG = {
    "dependencia": "d.clave = :dependencia",
    "programa": "p.clave = :programa",
}

REPORTES: dict[str, Reporte] = {}


def _registrar(r: Reporte) -> None:
    REPORTES[r.clave] = r


_registrar(Reporte(
    "solicitudes_por_estado",
    "Solicitudes por programa y estado",
    "Cuántas solicitudes tiene cada programa en cada estado del dictamen.",
    """
    SELECT d.clave AS dependencia, p.clave AS programa, p.nombre AS nombre,
           """ + ", ".join(f"count(*) FILTER (WHERE s.estado = '{e}')" for e in ESTADOS) + """,
           count(*) AS total
    FROM solicitud s
    JOIN convocatoria c ON c.id = s.convocatoria_id
    JOIN programa p ON p.id = c.programa_id
    JOIN area a ON a.id = p.area_id
    JOIN dependencia d ON d.id = a.dependencia_id
    LEFT JOIN municipio m ON m.id = s.municipio_id
    WHERE {donde}
    GROUP BY d.clave, p.clave, p.nombre
    """,
    (_c("Dependencia", 12), _c("Programa", 10), _c("Nombre del programa", 36),
     *(_c(e, 11, "numero") for e in ESTADOS), _c("Total", 11, "numero")),
    {**_ORG, "convocatoria": "c.clave = :convocatoria", "municipio": "m.clave = :municipio",
     "estado": "s.estado = :estado"},
    "s.fecha_solicitud",
    totales=tuple(range(3, 10)),
    orden="d.clave, p.clave",
))  # fmt: skip

_registrar(Reporte(
    "beneficiarios_por_territorio",
    "Beneficiarios y montos por programa, municipio y localidad",
    "Personas distintas, beneficios y monto entregado en cada municipio y localidad.",
    """
    SELECT p.clave AS programa, coalesce(m.nombre, '(sin municipio)') AS municipio,
           coalesce(l.nombre, '(sin localidad)') AS localidad,
           count(DISTINCT b.ciudadano_id) AS beneficiarios, count(*) AS beneficios,
           sum(b.monto) AS monto
    FROM beneficio b
    JOIN programa p ON p.id = b.programa_id
    JOIN dependencia d ON d.id = b.dependencia_id
    LEFT JOIN municipio m ON m.id = b.municipio_id
    LEFT JOIN localidad l ON l.id = b.localidad_id
    LEFT JOIN colonia co ON co.id = b.colonia_id
    WHERE {donde}
    GROUP BY p.clave, m.clave, m.nombre, l.clave, l.nombre
    """,
    (_c("Programa", 10), _c("Municipio", 24), _c("Localidad", 28),
     _c("Beneficiarios", 13, "numero"), _c("Beneficios", 12, "numero"), _c("Monto", 16, "numero")),
    {**_ORG, "municipio": "m.clave = :municipio", "localidad": "l.clave = :localidad",
     "colonia": "co.clave = :colonia", "origen": "b.origen = :origen"},
    "b.fecha_entrega",
    totales=(4, 5),
    orden="p.clave, m.nombre NULLS LAST, l.nombre NULLS FIRST, l.clave",
))  # fmt: skip

_registrar(Reporte(
    "beneficiarios_por_colonia",
    "Beneficiarios y montos por localidad y colonia",
    "Personas distintas, beneficios y monto entregado en cada colonia (con su código postal) "
    "de cada localidad, todos los programas juntos.",
    """
    SELECT coalesce(m.nombre, '(sin municipio)') AS municipio,
           coalesce(l.nombre, '(sin localidad)') AS localidad,
           coalesce(co.nombre, '(sin colonia)') AS colonia, co.codigo_postal AS cp,
           count(DISTINCT b.ciudadano_id) AS beneficiarios, count(*) AS beneficios,
           sum(b.monto) AS monto
    FROM beneficio b
    JOIN programa p ON p.id = b.programa_id
    JOIN dependencia d ON d.id = b.dependencia_id
    LEFT JOIN municipio m ON m.id = b.municipio_id
    LEFT JOIN localidad l ON l.id = b.localidad_id
    LEFT JOIN colonia co ON co.id = b.colonia_id
    WHERE {donde}
    GROUP BY m.clave, m.nombre, l.clave, l.nombre, co.clave, co.nombre, co.codigo_postal
    """,
    (_c("Municipio", 22), _c("Localidad", 26), _c("Colonia", 28), _c("C.P.", 8),
     _c("Beneficiarios", 13, "numero"), _c("Beneficios", 12, "numero"), _c("Monto", 16, "numero")),
    {**_ORG, "municipio": "m.clave = :municipio", "localidad": "l.clave = :localidad",
     "colonia": "co.clave = :colonia", "origen": "b.origen = :origen"},
    "b.fecha_entrega",
    totales=(5, 6),
    orden="m.nombre NULLS LAST, l.nombre NULLS FIRST, l.clave, co.nombre NULLS FIRST, co.clave",
))  # fmt: skip

_registrar(Reporte(
    "beneficios_por_mes",
    "Beneficios por dependencia y mes",
    "Beneficios, personas distintas y monto de cada dependencia, mes a mes.",
    """
    SELECT d.clave AS dependencia, date_trunc('month', b.fecha_entrega)::date AS mes,
           count(DISTINCT b.ciudadano_id) AS beneficiarios, count(*) AS beneficios,
           sum(b.monto) AS monto
    FROM beneficio b
    JOIN dependencia d ON d.id = b.dependencia_id
    JOIN programa p ON p.id = b.programa_id
    LEFT JOIN municipio m ON m.id = b.municipio_id
    WHERE {donde}
    GROUP BY d.clave, date_trunc('month', b.fecha_entrega)
    """,
    (_c("Dependencia", 14), _c("Mes", 10, "mes"), _c("Beneficiarios", 13, "numero"),
     _c("Beneficios", 12, "numero"), _c("Monto", 16, "numero")),
    {**_ORG, "municipio": "m.clave = :municipio", "origen": "b.origen = :origen"},
    "b.fecha_entrega",
    totales=(3, 4),
    orden="d.clave, 2",
))  # fmt: skip

_registrar(Reporte(
    "entregas_por_evento",
    "Estado de las entregas por evento",
    "Por evento: solicitudes asignadas, comprobantes emitidos, entregados y pendientes de "
    "entregar, y asignadas que aún no tienen comprobante.",
    """
    SELECT e.fecha, e.nombre AS evento, c.clave AS convocatoria, m.nombre AS municipio,
           x.asignadas, x.emitidos, x.entregados, x.pendientes, x.sin_comprobante
    FROM evento_entrega e
    JOIN sipros_entregas_por_evento() x ON x.evento_id = e.id
    JOIN convocatoria c ON c.id = e.convocatoria_id
    JOIN programa p ON p.id = c.programa_id
    JOIN area a ON a.id = p.area_id
    JOIN dependencia d ON d.id = a.dependencia_id
    JOIN municipio m ON m.id = e.municipio_id
    WHERE {donde}
    """,
    (_c("Fecha", 11, "fecha"), _c("Evento", 34), _c("Convocatoria", 16), _c("Municipio", 20),
     _c("Asignadas", 11, "numero"), _c("Emitidos", 11, "numero"),
     _c("Entregados", 11, "numero"), _c("Por entregar", 12, "numero"),
     _c("Sin comprobante", 14, "numero")),
    {**_ORG, "convocatoria": "c.clave = :convocatoria", "municipio": "m.clave = :municipio"},
    "e.fecha",
    totales=(4, 5, 6, 7, 8),
    orden="e.fecha DESC, e.nombre",
))  # fmt: skip

_registrar(Reporte(
    "padron_publicacion",
    "Publicación del Padrón de Beneficiarios",
    "La versión pública del padrón que pide la ley de transparencia: nombre, municipio, "
    "programa, apoyo, monto y fecha. Sin CURP, domicilio ni teléfono.",
    """
    SELECT concat_ws(' ', c.nombre, c.apellido_paterno, c.apellido_materno) AS beneficiario,
           coalesce(m.nombre, '') AS municipio, p.nombre AS programa,
           coalesce(t.nombre, '') AS apoyo, b.monto, b.fecha_entrega
    FROM beneficio b
    JOIN ciudadano c ON c.id = b.ciudadano_id
    JOIN programa p ON p.id = b.programa_id
    JOIN dependencia d ON d.id = b.dependencia_id
    LEFT JOIN tipo_apoyo t ON t.id = b.tipo_apoyo_id
    LEFT JOIN municipio m ON m.id = b.municipio_id
    WHERE {donde}
    """,
    (_c("Beneficiario", 36), _c("Municipio", 22), _c("Programa", 36), _c("Apoyo", 24),
     _c("Monto", 13, "numero"), _c("Fecha de entrega", 14, "fecha")),
    {**_ORG, "municipio": "m.clave = :municipio", "origen": "b.origen = :origen"},
    "b.fecha_entrega",
    totales=(4,),
    orden="b.fecha_entrega DESC, b.id DESC",
    por_fila=True,
    cuenta="""
    SELECT count(*), sum(b.monto) FROM beneficio b
    JOIN programa p ON p.id = b.programa_id
    JOIN dependencia d ON d.id = b.dependencia_id
    LEFT JOIN municipio m ON m.id = b.municipio_id
    WHERE {donde}
    """,
))  # fmt: skip

_registrar(Reporte(
    "tiempo_dictamen",
    "Tiempo al dictamen por programa",
    "Días desde la solicitud hasta su primer dictamen (aprobada o rechazada): mediana, "
    "percentil 90 y promedio.",
    """
    SELECT d.clave AS dependencia, p.clave AS programa, count(*) AS dictaminadas,
           round(percentile_cont(0.5) WITHIN GROUP (ORDER BY x.dias)::numeric, 1) AS mediana,
           round(percentile_cont(0.9) WITHIN GROUP (ORDER BY x.dias)::numeric, 1) AS p90,
           round(avg(x.dias), 1) AS promedio
    FROM (SELECT s.*, (s.dictaminada AT TIME ZONE 'America/Mexico_City')::date
                      - s.fecha_solicitud AS dias
          FROM solicitud s WHERE s.dictaminada IS NOT NULL) x
    JOIN convocatoria c ON c.id = x.convocatoria_id
    JOIN programa p ON p.id = c.programa_id
    JOIN area a ON a.id = p.area_id
    JOIN dependencia d ON d.id = a.dependencia_id
    LEFT JOIN municipio m ON m.id = x.municipio_id
    WHERE {donde}
    GROUP BY d.clave, p.clave
    """,
    (_c("Dependencia", 12), _c("Programa", 10), _c("Dictaminadas", 13, "numero"),
     _c("Mediana (días)", 14, "numero"), _c("Percentil 90 (días)", 18, "numero"),
     _c("Promedio (días)", 14, "numero")),
    {**_ORG, "convocatoria": "c.clave = :convocatoria", "municipio": "m.clave = :municipio"},
    "x.fecha_solicitud",
    totales=(2,),
    orden="d.clave, p.clave",
))  # fmt: skip

_registrar(Reporte(
    "respuestas_por_version",
    "Respuestas de los formularios a lo largo de sus versiones",
    "Cuántas veces se dio cada respuesta a cada pregunta, por versión del formulario; una "
    "pregunta cuya clave cambió y se marcó «igual a» la anterior se cuenta junto con ella.",
    """
    SELECT x.formulario, x.clave_comun, x.texto_comun, x.valor, x.version, count(*) AS veces
    FROM (SELECT e.clave_formulario AS formulario, e.clave_comun, e.texto_comun, e.version,
                 CASE jsonb_typeof(v.valor) WHEN 'boolean'
                      THEN CASE WHEN v.valor = 'true' THEN 'Sí' ELSE 'No' END
                      ELSE v.valor #>> '{}' END AS valor,
                 a.creado, a.programa
          FROM (SELECT q.formulario_id, q.respuestas, q.creado, NULL::text AS programa
                FROM cuestionario q
                UNION ALL
                SELECT s.formulario_id, s.respuestas, s.creado, p.clave
                FROM solicitud s
                JOIN convocatoria c ON c.id = s.convocatoria_id
                JOIN programa p ON p.id = c.programa_id
                WHERE s.formulario_id IS NOT NULL AND s.respuestas IS NOT NULL) a
          CROSS JOIN LATERAL jsonb_each(a.respuestas) r(clave, dato)
          CROSS JOIN LATERAL (
              SELECT d AS valor FROM jsonb_array_elements(
                  CASE WHEN jsonb_typeof(r.dato) = 'array' THEN r.dato
                       ELSE jsonb_build_array(r.dato) END) d
              WHERE jsonb_typeof(d) IN ('string', 'number', 'boolean')) v
          JOIN sipros_formulario_equivalencias() e
            ON e.formulario_id = a.formulario_id AND e.clave = r.clave) x
    WHERE {donde}
    GROUP BY x.formulario, x.clave_comun, x.texto_comun, x.valor, x.version
    """,
    (_c("Formulario", 12), _c("Pregunta", 20), _c("Texto de la pregunta", 40),
     _c("Respuesta", 24), _c("Versión", 9, "numero"), _c("Veces", 10, "numero")),
    {"programa": "x.programa = :programa"},
    "(x.creado AT TIME ZONE 'America/Mexico_City')::date",
    totales=(5,),
    orden="x.formulario, x.clave_comun, x.valor, x.version",
))  # fmt: skip


_CLASES_REPORTE = (
    ("pobreza_extrema", "Pobreza extrema"), ("pobreza_moderada", "Pobreza moderada"),
    ("vulnerable_carencias", "Vulnerables por carencias"),
    ("vulnerable_ingresos", "Vulnerables por ingresos"),
    ("no_pobre_no_vulnerable", "No pobres ni vulnerables"), ("sin_datos", "Sin datos suficientes"),
)  # fmt: skip
_CARENCIAS_REPORTE = (
    ("rezago_educativo", "Rezago educativo"), ("salud", "Salud"),
    ("seguridad_social", "Seguridad social"), ("vivienda", "Vivienda"),
    ("servicios", "Servicios básicos"), ("alimentacion", "Alimentación"),
)  # fmt: skip
_registrar(Reporte(
    "pobreza_por_municipio",
    "Beneficiarios por pobreza del hogar y carencias, por municipio",
    "Personas distintas con beneficios, cada una una vez, en el municipio de su beneficio más "
    "reciente, y la medición de pobreza de su hogar (CONEVAL): cuántas tienen el hogar medido, "
    "cuántas en cada clasificación y cuántas con cada carencia social (las mismas cifras que "
    "Indicadores → Pobreza). ¿Llegan los programas a quien más lo necesita?",
    # (counted by the database in one pass, within the user's scope:
    # sipros_pobreza_por_municipio; a household not measured comes with clasificacion NULL)
    """
    SELECT x.nombre AS municipio, sum(x.personas)::bigint AS beneficiarios,
           coalesce(sum(x.personas) FILTER (WHERE x.clasificacion IS NOT NULL), 0)::bigint, """
    + ", ".join(f"coalesce(sum(x.personas) FILTER (WHERE x.clasificacion = '{c}'), 0)::bigint"
                for c, _t in _CLASES_REPORTE) + ", "
    + ", ".join(f"coalesce(sum(x.{c}), 0)::bigint" for c, _t in _CARENCIAS_REPORTE) + """
    FROM sipros_pobreza_por_municipio(true, CAST(:filtro AS jsonb)) x
    GROUP BY x.clave, x.nombre
    """,
    (_c("Municipio", 20), _c("Beneficiarios", 10, "numero"), _c("Hogar medido", 9, "numero"),
     *(_c(t, 10, "numero") for _c_, t in _CLASES_REPORTE),
     *(_c(t, 9, "numero") for _c_, t in _CARENCIAS_REPORTE)),
    dict.fromkeys(("dependencia", "programa", "municipio", "origen"), ""),
    "",
    totales=tuple(range(1, 15)),
    orden="x.clave = '', x.nombre",  # («(sin municipio)», without a key, last)
    filtro_json=True,
))  # fmt: skip


def reporte(clave: str) -> Reporte:
    r = REPORTES.get((clave or "").strip().lower())
    if r is None:
        raise ErrorDatos(f"No existe el reporte «{clave}». Reportes: {', '.join(REPORTES)}.")
    return r


def _normalizar(f: Filtros) -> dict[str, Any]:
    valores: dict[str, Any] = {}
    for campo in fields(Filtros):
        v = getattr(f, campo.name)
        if isinstance(v, str):
            v = v.strip()
            if campo.name in ("dependencia", "programa", "convocatoria"):
                v = v.upper()
            if campo.name == "municipio" and v.isdigit() and len(v) <= 3:
                v = "22" + v.zfill(3)
            v = v or None
        valores[campo.name] = v
    if valores["estado"] and valores["estado"] not in ESTADOS:
        raise ErrorDatos(
            f"Estado desconocido: «{valores['estado']}». Use uno de: {', '.join(ESTADOS)}."
        )
    if valores["origen"] and valores["origen"] not in ("Solicitud", "Carga masiva"):
        raise ErrorDatos("El origen es «Solicitud» o «Carga masiva».")
    if valores["desde"] and valores["hasta"] and valores["desde"] > valores["hasta"]:
        raise ErrorDatos("La fecha «desde» es posterior a la fecha «hasta».")
    return valores


_CATALOGOS = {
    "dependencia": ("dependencia", "clave", "la dependencia"),
    "programa": ("programa", "clave", "el programa"),
    "convocatoria": ("convocatoria", "clave", "la convocatoria"),
    "municipio": ("municipio", "clave", "el municipio"),
    "localidad": ("localidad", "clave", "la localidad"),
    "colonia": ("colonia", "clave", "la colonia"),
}


def comprobar(f: Filtros) -> None:
    """Every key of the filter names something that exists (an unknown one would give an
    empty report that looks like «nothing happened»). The catalogue is public: saying that a
    key does not exist tells nothing about anybody."""
    valores = _normalizar(f)
    with bd.sesion_lectura() as s:
        for campo, (tabla, columna, nombre) in _CATALOGOS.items():
            v = valores.get(campo)
            if (
                v
                and s.scalar(text(f"SELECT 1 FROM {tabla} WHERE {columna} = :v"), {"v": v}) is None
            ):
                raise ErrorDatos(f"No existe {nombre} con clave «{v}».")


def _consulta(r: Reporte, f: Filtros) -> tuple[str, dict[str, Any]]:
    valores = _normalizar(f)
    if r.filtro_json:
        dados = {c: v for c, v in valores.items() if v is not None}
        for campo in dados:
            if campo not in r.filtros:
                raise ErrorDatos(f"El reporte «{r.titulo}» no se filtra por {campo}.")
        filtro = {c: v.isoformat() if isinstance(v, date) else v for c, v in dados.items()}
        return r.sql + (f" ORDER BY {r.orden}" if r.orden else ""), {"filtro": json.dumps(filtro)}
    partes = ["true"]
    p: dict[str, Any] = {}
    for campo, v in valores.items():
        if v is None or campo in ("desde", "hasta"):
            continue
        if campo not in r.condiciones:
            raise ErrorDatos(f"El reporte «{r.titulo}» no se filtra por {campo}.")
        partes.append(r.condiciones[campo])
        p[campo] = v
    if valores["desde"]:
        partes.append(f"{r.periodo} >= :desde")
        p["desde"] = valores["desde"]
    if valores["hasta"]:
        partes.append(f"{r.periodo} <= :hasta")
        p["hasta"] = valores["hasta"]
    sql = r.sql.replace("{donde}", " AND ".join(partes))
    if r.orden:
        sql += f" ORDER BY {r.orden}"
    return sql, p


@dataclass
class Resultado:
    reporte: Reporte
    filtros: Filtros
    filas: list[tuple[Any, ...]]
    total_filas: int
    totales: dict[int, Any]
    datos_al: datetime | None = None  # read from a standby: the last change it has

    @property
    def completo(self) -> bool:
        return len(self.filas) == self.total_filas


def _sumar(totales: dict[int, Any], fila: tuple[Any, ...], columnas: tuple[int, ...]) -> None:
    for i in columnas:
        v = fila[i]
        if v is not None:
            totales[i] = totales.get(i, 0) + v


def mas_filas(clave: str, f: Filtros, desde: int, limite: int = VISTA_PREVIA) -> list[tuple]:
    """The next page of a report's preview, after its first ``desde`` rows (in its order)."""
    r = reporte(clave)
    sql, p = _consulta(r, f)
    with bd.sesion_lectura() as s:
        return [tuple(x) for x in s.execute(text(f"{sql} LIMIT :lim OFFSET :des"),
                                            {**p, "lim": limite, "des": desde})]  # fmt: skip


def vista_previa(clave: str, f: Filtros, limite: int = VISTA_PREVIA) -> Resultado:
    """The first rows of the report, how many it has, and its totals (over every row). A
    summary report is read once (it has few rows); a row-per-benefit report reads its first
    rows and counts apart, without sorting what it counts."""
    r = reporte(clave)
    comprobar(f)
    sql, p = _consulta(r, f)
    with bd.sesion_lectura() as s:
        al = bd.datos_al(s)
        if not r.por_fila:
            todas = [tuple(x) for x in s.execute(text(sql), p)]
            totales: dict[int, Any] = {}
            for fila in todas:
                _sumar(totales, fila, r.totales)
            return Resultado(r, f, todas[:limite], len(todas), totales, al)
        filas = [tuple(x) for x in s.execute(text(f"{sql} LIMIT :lim"), {**p, "lim": limite})]
        cuenta = s.execute(text(_consulta(replace(r, sql=r.cuenta, orden=""), f)[0]), p).one()
    totales = {i: cuenta[j + 1] for j, i in enumerate(r.totales)}
    return Resultado(r, f, filas, int(cuenta[0]), totales, al)


def _todas(r: Reporte, f: Filtros) -> Iterator[tuple[Any, ...]]:
    sql, p = _consulta(r, f)
    with bd.sesion_lectura() as s:
        resultado = s.execute(text(sql).execution_options(yield_per=5000), p)
        for fila in resultado:
            yield tuple(fila)


def exportar_excel(
    clave: str, f: Filtros, ruta: str | Path, progreso: Progreso | None = None
) -> int:
    """The whole report to a formatted .xlsx (a totals row at the end). Returns the rows."""
    r = reporte(clave)
    ruta = archivos.archivo_de_salida(Path(ruta), ".xlsx")
    comprobar(f)
    totales: dict[int, Any] = {}

    def filas():
        for fila in _todas(r, f):
            _sumar(totales, fila, r.totales)
            yield [float(v) if isinstance(v, Decimal) else v for v in fila]
        if r.totales:
            yield [("Total" if i == 0 else (float(totales[i]) if i in totales else None))
                   for i in range(len(r.columnas))]  # fmt: skip

    def avisar(hecho: int, total: int) -> None:
        if progreso:
            progreso("Exportando", hecho, total)

    n = excel.escribir(ruta, r.titulo[:31], r.columnas, filas(), progreso=avisar)
    return n - (1 if r.totales else 0)


def texto_celda(v: Any, col: excel.Columna) -> str:
    if v is None:
        return ""
    if isinstance(v, datetime):
        return horario.fecha_hora(v)
    if isinstance(v, date):
        return f"{v:%m/%Y}" if col.tipo == "mes" else f"{v:%d/%m/%Y}"
    if col.titulo == "Monto" and isinstance(v, (int, float, Decimal)):
        return f"${v:,.2f}"
    if isinstance(v, Decimal):
        return f"{v:,}" if v == v.to_integral() else f"{v:,.1f}"
    if isinstance(v, int):
        return f"{v:,}"
    return str(v)


def _pie_pagina(lienzo, ancho_pag: float, margen: float, titulo: str, ahora: datetime,
                n: int, total: int) -> None:  # fmt: skip
    from reportlab.lib import colors
    from reportlab.lib.units import cm

    lienzo.setFont("Helvetica", 7)
    lienzo.setFillColor(colors.black)
    texto = f"{titulo} · página {n} de {total} · {horario.fecha_hora(ahora)}"
    lienzo.drawRightString(ancho_pag - margen, 0.7 * cm, texto)


def lienzo_numerado(salida, pie: Callable[[Any, int, int], None], **opciones):
    """A reportlab canvas that writes each page's footer with «página N de M» once it knows M
    (``pie(lienzo, n, total)``): the pages are kept until ``save``, reportlab's usual way."""
    from reportlab.pdfgen import canvas

    class Lienzo(canvas.Canvas):
        def __init__(self) -> None:
            super().__init__(salida, **opciones)
            self._paginas: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._paginas.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            self._paginas.append(dict(self.__dict__))
            total = len(self._paginas)
            for n, estado in enumerate(self._paginas, 1):
                self.__dict__.update(estado)
                pie(self, n, total)
                canvas.Canvas.showPage(self)
            canvas.Canvas.save(self)

    return Lienzo()


def exportar_pdf(clave: str, f: Filtros, ruta: str | Path | None = None, *, usuario: str = "",
                 agencia: str = "", progreso: Progreso | None = None) -> bytes:  # fmt: skip
    """The whole report as a PDF: agency, title, filters, date and user, page numbers, and a
    totals row. Written to ``ruta`` when given; returns the bytes. Rows are drawn straight on
    the page (a reportlab Table measures every cell: 4 ms per row on a long report)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import LETTER, landscape
    from reportlab.lib.units import cm
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfbase.pdfmetrics import stringWidth

    r = reporte(clave)
    comprobar(f)
    ahora = horario.ahora()
    ancho_pag, alto_pag = landscape(LETTER)
    margen = 1.2 * cm
    util = ancho_pag - 2 * margen
    total_anchos = sum(c.ancho for c in r.columnas)
    anchos = [util * c.ancho / total_anchos for c in r.columnas]
    xs = [margen + sum(anchos[:i]) for i in range(len(anchos))]
    numericas = {i for i, c in enumerate(r.columnas) if c.tipo == "numero"}
    letra, alto_fila = 7.0, 10.0
    salida = io.BytesIO()
    lienzo = lienzo_numerado(
        salida,
        lambda c, n, total: _pie_pagina(c, ancho_pag, margen, r.titulo, ahora, n, total),
        pagesize=(ancho_pag, alto_pag), pageCompression=1,
    )  # fmt: skip
    lienzo.setTitle(r.titulo)
    lienzo.setAuthor("SIPROS Escritorio")
    pagina = [0]
    y = [0.0]

    def cortar(t: str, ancho: float, fuente: str = "Helvetica") -> str:
        if stringWidth(t, fuente, letra) <= ancho - 4:
            return t
        while t and stringWidth(t + "…", fuente, letra) > ancho - 4:
            t = t[: max(0, int(len(t) * 0.9) - 1)] if len(t) > 12 else t[:-1]
        return t + "…"

    def fila(valores: list[str], fuente: str = "Helvetica", fondo=None) -> None:
        if y[0] - alto_fila < margen + 0.6 * cm:
            nueva_pagina()
        if fondo is not None:
            lienzo.setFillColor(fondo)
            lienzo.rect(margen, y[0] - alto_fila, util, alto_fila, stroke=0, fill=1)
            lienzo.setFillColor(colors.black)
        lienzo.setFont(fuente, letra)
        base = y[0] - alto_fila + 3
        for i, v in enumerate(valores):
            if not v:
                continue
            t = cortar(v, anchos[i], fuente)
            if i in numericas:
                lienzo.drawRightString(xs[i] + anchos[i] - 2, base, t)
            else:
                lienzo.drawString(xs[i] + 2, base, t)
        lienzo.setStrokeColor(colors.HexColor("#d0d0d0"))
        lienzo.setLineWidth(0.3)
        lienzo.line(margen, y[0] - alto_fila, margen + util, y[0] - alto_fila)
        y[0] -= alto_fila

    def encabezado_tabla() -> None:
        fila([c.titulo for c in r.columnas], "Helvetica-Bold", colors.HexColor("#e9dde3"))

    def nueva_pagina(primera: bool = False) -> None:
        if not primera:
            lienzo.showPage()
        pagina[0] += 1
        y[0] = alto_pag - margen
        if not primera:
            encabezado_tabla()

    nueva_pagina(primera=True)
    lienzo.setFont("Helvetica-Bold", 10)
    lienzo.drawString(margen, y[0] - 10, agencia or "Gobierno del Estado de Querétaro")
    lienzo.setFont("Helvetica-Bold", 15)
    lienzo.drawString(margen, y[0] - 30, r.titulo)
    y[0] -= 42
    for texto, fuente in ((r.descripcion, "Helvetica"), (f"Filtros: {f.describir()}", "Helvetica"),
                          (f"Generado el {horario.fecha_hora(ahora)}"
                           + (f" por {usuario}" if usuario else ""), "Helvetica")):  # fmt: skip
        for linea in simpleSplit(texto, fuente, 9, util):
            lienzo.setFont(fuente, 9)
            lienzo.drawString(margen, y[0] - 9, linea)
            y[0] -= 12
    y[0] -= 6
    encabezado_tabla()
    totales: dict[int, Any] = {}
    n = 0
    for n, valores in enumerate(_todas(r, f), 1):
        _sumar(totales, valores, r.totales)
        fila([texto_celda(v, r.columnas[i]) for i, v in enumerate(valores)])
        if progreso and n % 2000 == 0:
            progreso("Preparando el PDF", n, 0)
    if r.totales:
        suma = ["Total" if i == 0 else (texto_celda(totales.get(i, 0), c) if i in r.totales else "")
                for i, c in enumerate(r.columnas)]  # fmt: skip
        fila(suma, "Helvetica-Bold", colors.HexColor("#f0f0f0"))
    y[0] -= 8
    lienzo.setFont("Helvetica", 8)
    lienzo.drawString(margen, max(y[0] - 8, margen), f"{n:,} filas.")
    lienzo.save()
    contenido = salida.getvalue()
    if ruta is not None:
        destino = archivos.archivo_de_salida(Path(ruta), ".pdf")
        temporal = destino.with_name(destino.name + ".parcial")
        temporal.write_bytes(contenido)
        temporal.replace(destino)
    return contenido


def opciones() -> dict[str, list[tuple[str, str]]]:
    """(clave, text) of the dependencias, programmes, calls and municipalities the user may
    filter by (their scope)."""
    visibles = "(SELECT sipros_alcance_estatal()) OR p.id = ANY (sipros_programas_visibles())"
    with bd.sesion_lectura() as s:
        deps = s.execute(
            text(
                "SELECT DISTINCT d.clave, d.clave || ' — ' || d.nombre FROM dependencia d "
                "JOIN area a ON a.dependencia_id = d.id JOIN programa p ON p.area_id = a.id "
                f"WHERE {visibles} ORDER BY 1"
            )
        ).all()
        progs = s.execute(
            text(
                f"SELECT p.clave, p.clave || ' — ' || p.nombre FROM programa p WHERE {visibles} "
                "ORDER BY 1"
            )
        ).all()
        convs = s.execute(
            text(
                "SELECT c.clave, c.clave || ' — ' || c.nombre FROM convocatoria c "
                f"JOIN programa p ON p.id = c.programa_id WHERE {visibles} ORDER BY 1"
            )
        ).all()
        muns = s.execute(text("SELECT clave, nombre FROM municipio ORDER BY nombre")).all()
    return {
        "dependencia": [tuple(r) for r in deps],
        "programa": [tuple(r) for r in progs],
        "convocatoria": [tuple(r) for r in convs],
        "municipio": [tuple(r) for r in muns],
        "estado": [(e, e) for e in ESTADOS],
        "origen": [("Solicitud", "Solicitud"), ("Carga masiva", "Carga masiva")],
    }


def lugares(municipio: str) -> dict[str, list[tuple]]:
    """The localities and colonias of a municipality (by its key) as the report filters take
    them: (clave, text), and for a colonia (clave, text, its locality's clave)."""
    with bd.sesion_lectura() as s:
        m = s.scalar(text("SELECT id FROM municipio WHERE clave = :c"), {"c": municipio})
        if m is None:
            return {"localidades": [], "colonias": []}
        locs = s.execute(
            text("SELECT clave, nombre FROM localidad WHERE municipio_id = :m ORDER BY nombre, id"),
            {"m": m},
        ).all()
        cols = s.execute(
            text(
                "SELECT c.clave, c.nombre || ' (' || c.codigo_postal || ')', l.clave "
                "FROM colonia c LEFT JOIN localidad l ON l.id = c.localidad_id "
                "WHERE c.municipio_id = :m ORDER BY c.nombre, c.codigo_postal, c.id"
            ),
            {"m": m},
        ).all()
    return {"localidades": [tuple(r) for r in locs], "colonias": [tuple(r) for r in cols]}


def pdf_con_grafica(
    titulo: str,
    filtros: str,
    png: bytes,
    encabezados: list[str],
    filas: list[list[str]],
    *,
    usuario: str = "",
    agencia: str = "",
) -> bytes:
    """An indicator's PDF: agency, title, filters, date and user, its chart (a PNG drawn by the
    screen) and its table."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import LETTER, landscape
    from reportlab.lib.units import cm
    from reportlab.lib.utils import ImageReader

    ahora = horario.ahora()
    ancho, alto = landscape(LETTER)
    margen = 1.2 * cm
    salida = io.BytesIO()
    c = lienzo_numerado(
        salida, lambda lz, n, total: _pie_pagina(lz, ancho, margen, titulo, ahora, n, total),
        pagesize=(ancho, alto), pageCompression=1,
    )  # fmt: skip
    c.setTitle(titulo)
    c.setAuthor("SIPROS Escritorio")
    y = alto - margen
    c.setFont("Helvetica-Bold", 10)
    c.drawString(margen, y - 10, agencia or "Gobierno del Estado de Querétaro")
    c.setFont("Helvetica-Bold", 15)
    c.drawString(margen, y - 30, titulo)
    c.setFont("Helvetica", 9)
    c.drawString(margen, y - 46, f"Filtros: {filtros}")
    generado = f"Generado el {horario.fecha_hora(ahora)}" + (f" por {usuario}" if usuario else "")
    c.drawString(margen, y - 58, generado)
    imagen = ImageReader(io.BytesIO(png))
    iw, ih = imagen.getSize()
    w = ancho - 2 * margen
    h = min(w * ih / iw, alto - 2 * margen - 80)
    w = h * iw / ih
    c.drawImage(imagen, margen, y - 70 - h, w, h)
    c.showPage()
    # the table, on the pages after the chart
    anchos = [(ancho - 2 * margen) / max(len(encabezados), 1)] * len(encabezados)
    y = alto - margen

    def fila(valores: list[str], fuente: str, fondo=None) -> None:
        nonlocal y
        if y - 12 < margen + 0.6 * cm:
            c.showPage()
            y = alto - margen
        if fondo is not None:
            c.setFillColor(fondo)
            c.rect(margen, y - 12, ancho - 2 * margen, 12, stroke=0, fill=1)
            c.setFillColor(colors.black)
        c.setFont(fuente, 8)
        x = margen
        for a, v in zip(anchos, valores, strict=False):
            c.drawString(x + 2, y - 9, str(v)[: max(4, int(a / 4.2))])
            x += a
        y -= 12

    fila(encabezados, "Helvetica-Bold", colors.HexColor("#e9dde3"))
    for f in filas:
        fila(f, "Helvetica")
    c.save()
    return salida.getvalue()
