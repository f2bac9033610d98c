"""``sipros-desktop demo``: fill an empty database with realistic synthetic data, fast.

The catalogue (a few dozen rows) goes through the ORM; citizens, addresses, applications (with
the answers of their call's form), their histories, vouchers and benefits are generated in
Python and streamed with COPY; each application's required documents are a few generated
samples stored once (``archivo`` by SHA-256) and linked in one set-based INSERT; all in one
transaction: either the whole demo is there or nothing is.
Deterministic for a seed and a date (the open calls are those of the database's business
date, ``sipros_hoy()``, which a test or training database freezes).
"""

from __future__ import annotations

import json
import random
import time
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session, load_only

from sipros_desktop import bd
from sipros_desktop.errores import ErrorDatos
from sipros_desktop.modelos import (
    Area,
    CargaMasiva,
    Ciudadano,
    Colonia,
    Convocatoria,
    Dependencia,
    Localidad,
    Municipio,
    Programa,
    TipoApoyo,
)
from sipros_desktop.servicios import demo_catalogo as cat
from sipros_desktop.servicios import demo_documentos, demo_hogares, formularios
from sipros_desktop.servicios.curp import ENTIDADES, componer, partes_apellido, partes_nombre

Progreso = Callable[[str, int, int], None]


@dataclass
class ResultadoDemo:
    filas: dict[str, int] = field(default_factory=dict)
    segundos: float = 0.0

    @property
    def total(self) -> int:
        return sum(self.filas.values())


# --------------------------------------------------------------------------- catalogue


def _columnas(s: Session, tabla: str) -> set[str]:
    """The columns ``tabla`` has in the schema at hand (the demo also fills the older schemas
    that tests of a migration start from)."""
    return set(
        s.scalars(
            text(
                "SELECT attname FROM pg_attribute WHERE attrelid = to_regclass(:t) "
                "AND attnum > 0 AND NOT attisdropped"
            ),
            {"t": tabla},
        )
    )


def _catalogo(s: Session, hoy: date) -> list[dict]:
    """Create agencies, areas, programmes, support types and three calls per programme
    (two past rounds and the one open this year) unless they exist. Returns call facts."""
    areas: dict[str, Area] = {}
    for clave, nombre, lista in cat.DEPENDENCIAS:
        dep = s.scalar(select(Dependencia).where(Dependencia.clave == clave))
        if dep is None:
            # (by SQL: the older schemas that tests of a migration start from lack the notice)
            dep_id = s.scalar(
                text("INSERT INTO dependencia (clave, nombre) VALUES (:c, :n) RETURNING id"),
                {"c": clave, "n": nombre},
            )
            if clave in cat.AVISOS_PRIVACIDAD and "aviso_privacidad" in _columnas(s, "dependencia"):
                s.execute(
                    text("UPDATE dependencia SET aviso_privacidad = :a WHERE id = :i"),
                    {"a": cat.AVISOS_PRIVACIDAD[clave], "i": dep_id},
                )
            dep = s.get(Dependencia, dep_id)
        for clave_a, nombre_a, tipo in lista:
            area = s.scalar(select(Area).where(Area.clave == clave_a))
            if area is None:
                area = Area(dependencia_id=dep.id, clave=clave_a, nombre=nombre_a, tipo=tipo)
                s.add(area)
                s.flush()
            areas[clave_a] = area
    convocatorias = []
    for clave, nombre, clave_area, tipos, edad_min, edad_max, sexo in cat.PROGRAMAS:
        prog = s.scalar(select(Programa).where(Programa.clave == clave))
        if prog is None:
            prog = Programa(
                area_id=areas[clave_area].id,
                clave=clave,
                nombre=nombre,
                descripcion=f"Programa {nombre} del Gobierno del Estado de Querétaro.",
                reglas_operacion="Reglas de operación publicadas en La Sombra de Arteaga.",
            )
            s.add(prog)
            s.flush()
        ids_tipo = []
        for clave_t, nombre_t, monto, modalidad in tipos:
            t = s.scalar(select(TipoApoyo).where(TipoApoyo.clave == clave_t))
            if t is None:
                t = TipoApoyo(
                    programa_id=prog.id, clave=clave_t, nombre=nombre_t, monto=monto,
                    modalidad=modalidad,
                )  # fmt: skip
                s.add(t)
                s.flush()
            ids_tipo.append((t.id, monto))
        for proceso, anio in enumerate((hoy.year - 2, hoy.year - 1, hoy.year), start=1):
            clave_c = f"{clave}-{anio}"
            # (only what the demo uses: the older schemas that tests of a migration fill lack
            # the newer columns)
            conv = s.scalar(
                select(Convocatoria)
                .options(
                    load_only(
                        Convocatoria.id,
                        Convocatoria.fecha_apertura,
                        Convocatoria.fecha_cierre,
                        Convocatoria.abierta,
                        Convocatoria.formulario_id,
                        Convocatoria.documentos_requeridos,
                    )
                )
                .where(Convocatoria.clave == clave_c)
            )
            if conv is None:
                reglas = {"edad_min": edad_min, "edad_max": edad_max}
                if sexo:
                    reglas["sexo"] = sexo
                conv = Convocatoria(
                    programa_id=prog.id,
                    clave=clave_c,
                    proceso=proceso,
                    nombre=f"{nombre} {anio}",
                    fecha_apertura=min(date(anio, 1, 15), hoy - timedelta(days=60)),
                    # the open round stays open a while after any day the demo is loaded
                    fecha_cierre=max(date(anio, 12, 15), hoy + timedelta(days=45))
                    if anio == hoy.year
                    else date(anio, 12, 15),
                    cupo=None,
                    presupuesto=None,
                    reglas=reglas,
                    documentos_requeridos=[
                        "CURP",
                        "Identificación oficial",
                        "Comprobante de domicilio",
                    ],
                    abierta=anio == hoy.year,
                    formulario_id=s.scalar(
                        text(
                            "SELECT id FROM formulario WHERE clave = :c "
                            "ORDER BY version DESC LIMIT 1"
                        ),
                        {"c": clave},
                    ),
                )
                s.add(conv)
                s.flush()
            convocatorias.append(
                {
                    "id": conv.id,
                    "programa_id": prog.id,
                    "programa_clave": clave,
                    "dependencia_id": areas[clave_area].dependencia_id,
                    "tipos": ids_tipo,
                    "apertura": conv.fecha_apertura,
                    "cierre": min(conv.fecha_cierre, hoy),
                    "abierta": conv.abierta,
                    "edad_min": edad_min,
                    "edad_max": edad_max,
                    "sexo": sexo,
                    "formulario_id": conv.formulario_id,
                    "documentos": list(conv.documentos_requeridos or []),
                }
            )
    return convocatorias


# --------------------------------------------------------------------------- COPY helpers


def _copiar(s: Session, tabla: str, columnas: str, filas: Iterator[str], lote: int = 20000) -> int:
    """Stream tab-separated lines into ``tabla`` with COPY. Returns the row count."""
    cur = s.connection().connection.driver_connection.cursor()
    n = 0
    buf: list[str] = []
    with cur.copy(f"COPY {tabla} ({columnas}) FROM STDIN") as cp:
        for linea in filas:
            buf.append(linea)
            if len(buf) >= lote:
                cp.write("".join(buf))
                n += len(buf)
                buf.clear()
        if buf:
            cp.write("".join(buf))
            n += len(buf)
    return n


def _indices_secundarios(s: Session, tabla: str) -> list[tuple[str, str]]:
    """Non-constraint indexes of ``tabla`` (name, definition)."""
    filas = s.execute(
        text(
            "SELECT i.relname, pg_get_indexdef(x.indexrelid) FROM pg_index x "
            "JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid "
            "WHERE t.relname = :t AND t.relnamespace = 'public'::regnamespace "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)"
        ),
        {"t": tabla},
    )
    return [(r[0], r[1]) for r in filas]


def _llaves_foraneas(s: Session, tabla: str) -> list[tuple[str, str, str]]:
    """Foreign keys declared on ``tabla`` (table, name, definition)."""
    filas = s.execute(
        text(
            "SELECT c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c "
            "JOIN pg_class t ON t.oid = c.conrelid "
            "WHERE t.relname = :t AND t.relnamespace = 'public'::regnamespace AND c.contype = 'f'"
        ),
        {"t": tabla},
    )
    return [(tabla, r[0], r[1]) for r in filas]


# --------------------------------------------------------------------------- generator


_ALTAS = (
    ("ciudadano", "ciudadano_alta"),
    ("solicitud", "solicitud_alta"),
    ("solicitud", "solicitud_primer_historial"),
    ("solicitud", "solicitud_municipio"),
    ("solicitud", "solicitud_documentos"),
    ("solicitud_historial", "solicitud_historial_quien_cuando"),
    ("solicitud_historial", "solicitud_historial_mensaje"),  # (history is not news by SMS)
    ("comprobante", "comprobante_mensaje"),
    ("beneficio", "beneficio_lugar"),  # (the place of every benefit is set in one pass)
    ("beneficio", "beneficio_persona"),  # (the person's sex and birth date come in the COPY)
    ("documento", "documento_quien_cuando"),  # (attached when the application was filed)
)


def generar(
    ciudadanos: int = 1000,
    semilla: int = 2022,
    *,
    progreso: Progreso | None = None,
    hoy: date | None = None,
) -> ResultadoDemo:
    """Load the demo into the active database (which must have no citizens yet)."""
    if ciudadanos < 1:
        raise ErrorDatos("El número de ciudadanos debe ser al menos 1.")
    rng = random.Random(semilla)
    avisar = progreso or (lambda _etapa, _hecho, _total: None)
    inicio = time.perf_counter()
    res = ResultadoDemo()
    with bd.sesion() as s:
        existentes = s.scalar(select(func.count()).select_from(Ciudadano))
        if existentes:
            raise ErrorDatos(
                f"La base ya tiene {existentes:,} ciudadanos; la demostración solo se carga en "
                "una base sin ciudadanos."
            )
        # the database's business date (sipros_hoy): the open calls are those of its year
        hoy = hoy or s.scalar(select(func.sipros_hoy()))
        s.execute(text("SET LOCAL synchronous_commit = off"))
        s.execute(text("SET LOCAL maintenance_work_mem = '256MB'"))
        convocatorias = _catalogo(s, hoy)
        municipios = {clave: id_ for clave, id_ in s.execute(select(Municipio.clave, Municipio.id))}
        colonias = _geografia(s, municipios)
        # Bulk load into empty tables as pg_restore does: drop their secondary indexes and
        # foreign keys, COPY, then rebuild the indexes and re-add the foreign keys (which
        # validates every row in one pass instead of one lookup per row). Primary keys, unique
        # keys and CHECK constraints stay and check every row as it arrives.
        tablas = ("ciudadano", "domicilio", "solicitud", "solicitud_historial", "comprobante",
                  "beneficio", "documento")  # fmt: skip
        indices = [ix for t in tablas for ix in _indices_secundarios(s, t)]
        foraneas = [fk for t in tablas for fk in _llaves_foraneas(s, t)]
        for tabla, nombre, _ in foraneas:
            s.execute(text(f'ALTER TABLE {tabla} DROP CONSTRAINT "{nombre}"'))
        for nombre, _ in indices:
            s.execute(text(f'DROP INDEX "{nombre}"'))
        # Synthetic rows are not audited one by one: the log gets one row for the whole load.
        auditadas = (*tablas, "carga_masiva", "evento_entrega", "evento_solicitud",
                     "cuestionario", "registro_civil")  # fmt: skip
        for tabla in auditadas:
            for op in ("ins", "upd", "del"):
                s.execute(text(f"ALTER TABLE {tabla} DISABLE TRIGGER {tabla}_bitacora_{op}"))
        # historical applications (closed calls, earlier folios, their own histories) are not
        # filed today at the front desk: the filing triggers stay out of the load
        for tabla, disparador in _ALTAS:
            s.execute(text(f"ALTER TABLE {tabla} DISABLE TRIGGER {disparador}"))
        # the poverty measure follows each questionnaire and home, and each citizen's
        # programmes follow the applications and benefits: both built once, set-based, after
        # the load; the questionnaires' own checks stay out of it too (a schema before 0017 /
        # 0021 / 0024 has no such trigger)
        derivados = [(t, d) for t, d in (*_MEDICION, *_ALCANCE, *_CUESTIONARIO)
                     if s.scalar(text("SELECT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = :d)"),
                                 {"d": d})]  # fmt: skip
        for tabla, disparador in derivados:
            s.execute(text(f"ALTER TABLE {tabla} DISABLE TRIGGER {disparador}"))

        avisar("ciudadanos", 0, ciudadanos)
        personas = _personas(rng, ciudadanos, hoy)
        res.filas["ciudadano"] = _copiar(
            s,
            "ciudadano",
            "id, curp, nombre, apellido_paterno, apellido_materno, fecha_nacimiento, sexo, "
            "entidad_nacimiento, telefono, correo, acepta_sms",
            (p.linea for p in personas),
        )
        avisar("ciudadanos", ciudadanos, ciudadanos)
        res.filas["domicilio"] = _copiar(
            s,
            "domicilio",
            "id, ciudadano_id, municipio_id, localidad_id, colonia_id, calle, numero_exterior, "
            "codigo_postal",
            _domicilios(rng, personas, municipios, colonias),
        )
        avisar("solicitudes", 0, 1)
        # the calls' own forms, answered from their definitions with a generator of their own
        # (the rest of the demo draws the same numbers whether or not a call has a form)
        definiciones = {
            c["id"]: formularios.cargar_en(s, c["formulario_id"])
            for c in convocatorias
            if c["formulario_id"] is not None
        }
        solicitudes, historial, comprobantes, beneficios, eventos = _solicitudes(
            rng, personas, convocatorias, hoy, definiciones, random.Random(f"{semilla}-respuestas")
        )
        res.filas["solicitud"] = _copiar(
            s,
            "solicitud",
            "id, folio, ciudadano_id, convocatoria_id, tipo_apoyo_id, fecha_solicitud, estado, "
            "creado, actualizado, municipio_id, dictaminada, formulario_id, respuestas",
            solicitudes,
        )
        res.filas["solicitud_historial"] = _copiar(
            s, "solicitud_historial", "solicitud_id, estado, fecha, comentario, usuario", historial
        )
        res.filas["evento_entrega"] = _copiar(
            s,
            "evento_entrega",
            "id, convocatoria_id, nombre, municipio_id, domicilio, fecha, hora_inicio, hora_fin, "
            "responsable",
            eventos,
        )
        res.filas["comprobante"] = _copiar(
            s,
            "comprobante",
            "solicitud_id, evento_id, codigo_hash, estado, emitido, entregado, entregado_por, "
            "entrega_registrada, identificacion",
            comprobantes,
        )
        res.filas["beneficio"] = _copiar(
            s,
            "beneficio",
            "ciudadano_id, programa_id, tipo_apoyo_id, dependencia_id, solicitud_id, origen, "
            "fecha_entrega, monto, sexo, nacimiento",
            beneficios,
        )
        avisar("documentos", 0, 1)
        res.filas["archivo"], res.filas["documento"] = _documentos(s, convocatorias)
        res.filas["evento_solicitud"] = _entregas_pasadas(s)
        avisar("padrones", 0, 1)
        res.filas["beneficio"] += _padrones_externos(s, rng, personas, convocatorias, hoy)
        # where each benefit was given, in one pass: its application's municipality, else the
        # home's; the locality and colonia of the home when it is in that municipality (as the
        # database does at a delivery; the demo's rolls are taken to carry the same address)
        # (a schema before 0017, which tests of old migrations fill, has no colonia yet)
        colonia = "colonia_id" in _columnas(s, "beneficio")
        s.execute(
            text(
                "UPDATE beneficio b SET (municipio_id, localidad_id"
                + (", colonia_id" if colonia else "")
                + ") = (SELECT x.m, CASE WHEN x.m = d.municipio_id THEN d.localidad_id END"
                + (", CASE WHEN x.m = d.municipio_id THEN d.colonia_id END " if colonia else " ")
                + "FROM (SELECT coalesce((SELECT s.municipio_id FROM solicitud s "
                "WHERE s.id = b.solicitud_id), d.municipio_id) AS m) x) "
                "FROM domicilio d WHERE d.ciudadano_id = b.ciudadano_id"
            )
        )
        res.filas["cuestionario"], res.filas["registro_civil"] = evidencia(s, semilla, hoy)
        avisar("índices", 0, 1)
        for _, definicion in indices:
            s.execute(text(definicion))
        for tabla, nombre, definicion in foraneas:
            s.execute(text(f'ALTER TABLE {tabla} ADD CONSTRAINT "{nombre}" {definicion}'))
        for tabla in auditadas:
            for op in ("ins", "upd", "del"):
                s.execute(text(f"ALTER TABLE {tabla} ENABLE TRIGGER {tabla}_bitacora_{op}"))
        for tabla, disparador in _ALTAS:
            s.execute(text(f"ALTER TABLE {tabla} ENABLE TRIGGER {disparador}"))
        for tabla, disparador in derivados:
            s.execute(text(f"ALTER TABLE {tabla} ENABLE TRIGGER {disparador}"))
        if set(_ALCANCE) & set(derivados):
            s.execute(text("SELECT sipros_ciudadano_alcance_rehacer(NULL)"))
        if set(_MEDICION) & set(derivados):
            avisar("pobreza", 0, 1)
            res.filas["pobreza_medicion"] = s.scalar(text("SELECT sipros_pobreza_medir_de(NULL)"))
        # the next folio of each programme follows the last one loaded
        s.execute(
            text(
                "SELECT setval(format('sipros_folio_%s', c.programa_id)::regclass, "
                "max(split_part(s.folio, '-', 3)::bigint)) "
                "FROM solicitud s JOIN convocatoria c ON c.id = s.convocatoria_id "
                "GROUP BY c.programa_id"
            )
        )
        res.filas["evento_solicitud"] += _proximas_entregas(s, hoy)
        res.filas["mensaje"] = _avisos_recientes(s, hoy)
        s.execute(
            text(
                "INSERT INTO bitacora (usuario, tabla, operacion, clave, despues) "
                "VALUES (session_user, 'ciudadano', 'INSERT', 'demostración', :resumen)"
            ),
            {"resumen": json.dumps({**res.filas, "semilla": semilla})},
        )
        for tabla in ("ciudadano", "domicilio", "solicitud", "beneficio", "evento_entrega"):
            s.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{tabla}', 'id'), "
                    f"(SELECT coalesce(max(id), 0) + 1 FROM {tabla}), false)"
                )
            )
    avisar("vacuum", 0, 1)
    vacunar()
    res.segundos = time.perf_counter() - inicio
    avisar("listo", 1, 1)
    return res


def vacunar() -> None:
    """VACUUM (ANALYZE) the database after the load, outside its transaction.

    Rows just loaded are not yet all-visible: until a vacuum marks their pages in the
    visibility map, every index-only scan (the name search over ``ciudadano_palabra``, the
    counters over ``solicitud``) visits the table for each row, and autovacuum's insert
    threshold is far away. ANALYZE alone gives the planner its statistics but leaves the map
    empty. Only the owner may vacuum a table: PostgreSQL skips the others with a warning (the
    shared catalogues, unless a superuser runs the demo)."""
    with bd.motor().connect() as c:
        c.execution_options(isolation_level="AUTOCOMMIT").execute(text("VACUUM (ANALYZE)"))


# the triggers that keep the poverty measure with its sources (migration 0021)
_MEDICION = (("domicilio", "domicilio_pobreza"), ("cuestionario", "cuestionario_pobreza"))
# the programmes of each citizen (ciudadano_alcance, 0024): rebuilt once after the load too
_ALCANCE = (("solicitud", "solicitud_alcance_ins"), ("beneficio", "beneficio_alcance_ins"))
# a questionnaire as captured at a desk: its household checked against the citizen (0021),
# a later one recorded as a correction (0017). The demo's are each citizen's first, dated by
# the column's default (the business date, as the trigger would) and consistent by
# construction (a test checks every one): 1 M of them load in ~20 s instead of ~75 s
_CUESTIONARIO = (("cuestionario", "cuestionario_hogar"),
                 ("cuestionario", "cuestionario_correccion_exigir"),
                 ("cuestionario", "cuestionario_corregido"))  # fmt: skip

# how many different answer sets of the CUIS the demo draws (citizens share them by id)
RESPUESTAS_CUIS = 64


def _con_hogar(definicion: formularios.DefinicionFormulario) -> bool:
    """Whether the CUIS in force lists the household's members (its version of 0019 on)."""
    return any(p.clave == "hogar" and p.tipo == "grupo" for p in definicion.preguntas())


def evidencia(s: Session, semilla: int, hoy: date) -> tuple[int, int]:
    """What an official weighs besides the application: the socio-economic questionnaire (the
    CUIS in force, answered at registration) of every citizen the front desk registered, and a
    Registro Civil extract — most citizens as captured, one in 37 with another second surname,
    one in 53 with another birth date, one in 20 not in the extract. Set-based (a few answer
    sets drawn from the form's definition, shared by id), deterministic for a seed. Returns
    (questionnaires, registry rows); also completes a demo loaded before it existed."""
    if s.scalar(text("SELECT EXISTS (SELECT 1 FROM cuestionario)")):
        return 0, 0
    cuis = s.scalar(
        text("SELECT id FROM formulario WHERE clave = :c ORDER BY version DESC LIMIT 1"),
        {"c": formularios.CUESTIONARIO_BASE},
    )
    n_cue = 0
    if cuis is not None and _con_hogar(formularios.cargar_en(s, cuis)):
        # households drawn by the applicant's age group and the municipality's stratum
        pool = demo_hogares.pool(semilla)
        claves = list(demo_hogares.ESTRATO)
        n_cue = s.execute(
            text(
                "INSERT INTO cuestionario (ciudadano_id, formulario_id, respuestas) "
                f"SELECT x.id, :f, {demo_hogares.SOLICITANTE_SQL} FROM ("
                "SELECT c.id, c.sexo, extract(year FROM age(sipros_hoy(), c.fecha_nacimiento))"
                "::integer AS edad, coalesce(e.estrato, 1) AS estrato FROM ciudadano c "
                "LEFT JOIN domicilio d ON d.ciudadano_id = c.id "
                "LEFT JOIN municipio m ON m.id = d.municipio_id "
                "LEFT JOIN unnest(CAST(:claves AS text[]), CAST(:estratos AS integer[])) "
                "e (clave, estrato) ON e.clave = m.clave "
                "WHERE c.carga_masiva_id IS NULL) x, "
                "LATERAL (SELECT (CAST(:pool AS jsonb[]))[1 + ("
                + demo_hogares.GRUPO_SQL
                + " * 3 + x.estrato) * :k + x.id % :k] AS r) p"
            ),
            {
                "f": cuis,
                "pool": [json.dumps(h, ensure_ascii=False) for h in pool],
                "k": demo_hogares.POR_GRUPO,
                "claves": claves,
                "estratos": [demo_hogares.ESTRATO[c] for c in claves],
            },
        ).rowcount
    elif cuis is not None:
        definicion = formularios.cargar_en(s, cuis)
        rng = random.Random(f"{semilla}-cuis")
        pool = [
            json.dumps(demo_documentos.respuestas(definicion, rng, hoy), ensure_ascii=False)
            for _ in range(RESPUESTAS_CUIS)
        ]
        n_cue = s.execute(
            text(
                "INSERT INTO cuestionario (ciudadano_id, formulario_id, respuestas) "
                "SELECT c.id, :f, (CAST(:pool AS jsonb[]))[1 + c.id % :n] FROM ciudadano c "
                "WHERE c.carga_masiva_id IS NULL"
            ),
            {"f": cuis, "pool": pool, "n": len(pool)},
        ).rowcount
    n_rc = s.execute(
        text(
            "INSERT INTO registro_civil (curp, nombre, apellido_paterno, apellido_materno, "
            "fecha_nacimiento, sexo) "
            "SELECT c.curp, c.nombre, c.apellido_paterno, "
            "CASE WHEN c.id % 37 = 0 THEN CASE WHEN c.apellido_materno = 'GARCIA' "
            "     THEN 'GARZA' ELSE 'GARCIA' END ELSE c.apellido_materno END, "
            "CASE WHEN c.id % 53 = 0 THEN c.fecha_nacimiento + 1 ELSE c.fecha_nacimiento END, "
            "c.sexo FROM ciudadano c WHERE c.id % 20 <> 0 "
            "ON CONFLICT (curp) DO NOTHING"
        )
    ).rowcount
    return n_cue, n_rc


def _documentos(s: Session, convocatorias: list[dict]) -> tuple[int, int]:
    """Every application gets the documents its call requires, as the front desk attaches
    them: a few generated samples of each type, each content stored once (``archivo`` by
    SHA-256, through the table's own checks), a citizen always with the same sample, attached
    when the application was filed by the front desk. Returns (files, documents)."""
    tipos = [t for c in convocatorias for t in c["documentos"]]
    muestras = demo_documentos.muestras(tipos)
    for m in muestras:
        s.execute(
            text(
                "INSERT INTO archivo (sha256, mime, tamano, contenido) VALUES (:h, :m, :t, :c) "
                "ON CONFLICT (sha256) DO NOTHING"
            ),
            {"h": m.sha256, "m": m.mime, "t": len(m.contenido), "c": m.contenido},
        )
    s.execute(
        text(
            "CREATE TEMPORARY TABLE demo_muestra (tipo text, variante integer, nombre text, "
            "sha256 char(64)) ON COMMIT DROP"
        )
    )
    s.execute(
        text("INSERT INTO demo_muestra VALUES (:t, :v, :n, :h)"),
        [{"t": m.tipo, "v": m.variante, "n": m.nombre_archivo, "h": m.sha256} for m in muestras],
    )
    # (scanned the day the first application with that content was filed: the date a later
    # call looks at, the same for every link of that content; a schema before 0017, which
    # tests of older migrations fill, has no such date)
    escaneo = "fecha_escaneo" in _columnas(s, "documento")
    n = s.execute(
        text(
            "INSERT INTO documento (ciudadano_id, solicitud_id, tipo, nombre_archivo, sha256, "
            "creado, usuario"
            + (", fecha_escaneo) " if escaneo else ") ")
            + "SELECT s.ciudadano_id, s.id, r.tipo, m.nombre, m.sha256, s.creado, 'ventanilla'"
            + (
                ", min(s.fecha_solicitud) OVER (PARTITION BY s.ciudadano_id, m.sha256) "
                if escaneo
                else " "
            )
            + "FROM solicitud s JOIN convocatoria c ON c.id = s.convocatoria_id "
            "CROSS JOIN LATERAL jsonb_array_elements_text(c.documentos_requeridos) "
            "WITH ORDINALITY AS r(tipo, n) "
            "JOIN pg_temp.demo_muestra m ON m.tipo = r.tipo "
            f"AND m.variante = s.ciudadano_id % {demo_documentos.MUESTRAS} "
            "ORDER BY s.id, r.n"  # (in the order the call lists them, as the desk attaches them)
        )
    ).rowcount
    return len({m.sha256 for m in muestras}), n


def _entregas_pasadas(s: Session) -> int:
    """The delivered applications stay assigned to the event where they were delivered, as
    the desk leaves them: each past event's relación and acta list its beneficiaries."""
    return s.execute(
        text(
            "INSERT INTO evento_solicitud (solicitud_id, evento_id, asignado, asignado_por) "
            "SELECT k.solicitud_id, k.evento_id, k.emitido, 'demostración' FROM comprobante k "
            "WHERE k.estado = 'Entregado' AND k.evento_id IS NOT NULL"
        )
    ).rowcount


def _proximas_entregas(s: Session, hoy: date) -> int:
    """Each open call gets an event next week in the state's capital, with the approved
    applications of that municipality assigned to it: its vouchers are still to be issued."""
    s.execute(
        text(
            "INSERT INTO evento_entrega (id, convocatoria_id, nombre, municipio_id, domicilio, "
            "fecha, hora_inicio, hora_fin, responsable) "
            "SELECT (SELECT coalesce(max(id), 0) FROM evento_entrega) + row_number() OVER "
            "(ORDER BY c.id), c.id, 'Entrega ' || c.clave || ' Querétaro', m.id, "
            "'Auditorio Josefa Ortiz de Domínguez, Av. Pasteur 2', "
            "CAST(:hoy AS date) + 7, '09:00', '15:00', 'Coordinación de entregas' "
            "FROM convocatoria c, municipio m WHERE c.abierta AND m.clave = '22014'"
        ),
        {"hoy": hoy},
    )
    return s.execute(
        text(
            "INSERT INTO evento_solicitud (solicitud_id, evento_id) "
            "SELECT s.id, e.id FROM evento_entrega e JOIN solicitud s "
            "ON s.convocatoria_id = e.convocatoria_id AND s.municipio_id = e.municipio_id "
            "WHERE e.fecha > :hoy AND s.estado = 'Aprobada'"
        ),
        {"hoy": hoy},
    ).rowcount


def _avisos_recientes(s: Session, hoy: date) -> int:
    """The SMS notices of the last 60 days' filings of citizens who accepted SMS, as a
    dispatcher would have left them (sent; one in fifty refused by the provider)."""
    for disparador in ("mensaje_alta", "mensaje_bitacora_ins"):
        s.execute(text(f"ALTER TABLE mensaje DISABLE TRIGGER {disparador}"))
    n = s.execute(
        text(
            "INSERT INTO mensaje (evento, ciudadano_id, solicitud_id, telefono, texto, estado, "
            "intentos, creado, creado_por, tomado, tomado_por, enviado, proveedor, respuesta) "
            "SELECT 'solicitud_registrada', c.id, x.id, '+52' || c.telefono, "
            "sipros_plantilla_aplicar(p.texto, jsonb_build_object('nombre', "
            "initcap(split_part(c.nombre, ' ', 1)), 'folio', x.folio, 'programa', pr.nombre, "
            "'tipo_apoyo', coalesce(t.nombre, '')), p.sin_acentos), "
            "CASE WHEN x.id % 50 = 0 THEN 'Fallido' ELSE 'Enviado' END, 1, x.creado, "
            "'demostración', x.creado, 'demostración', "
            "CASE WHEN x.id % 50 <> 0 THEN x.creado + interval '40 seconds' END, 'http', "
            "CASE WHEN x.id % 50 = 0 THEN 'HTTP 400 número fuera de servicio' "
            "ELSE 'HTTP 200' END "
            "FROM solicitud x JOIN ciudadano c ON c.id = x.ciudadano_id "
            "JOIN convocatoria cv ON cv.id = x.convocatoria_id "
            "JOIN programa pr ON pr.id = cv.programa_id "
            "LEFT JOIN tipo_apoyo t ON t.id = x.tipo_apoyo_id "
            "JOIN plantilla_mensaje p ON p.evento = 'solicitud_registrada' "
            "WHERE c.acepta_sms AND c.telefono IS NOT NULL "
            "AND x.creado > CAST(:hoy AS date) - 60 ORDER BY x.creado"
        ),
        {"hoy": hoy},
    ).rowcount
    for disparador in ("mensaje_alta", "mensaje_bitacora_ins"):
        s.execute(text(f"ALTER TABLE mensaje ENABLE TRIGGER {disparador}"))
    return n


@dataclass(slots=True)
class _Persona:
    id: int
    nacimiento: date
    sexo: str
    linea: str
    municipio: int = 0  # id, chosen with the address


def _personas(rng: random.Random, n: int, hoy: date) -> list[_Persona]:
    apellidos = list(dict.fromkeys(cat.APELLIDOS))
    partes_ap = {a: partes_apellido(a) for a in apellidos}
    partes_nom = {x: partes_nombre(x) for x in cat.NOMBRES_H + cat.NOMBRES_M}
    sin_materno = partes_apellido(None)
    otras = [e for e in ENTIDADES if e != "QT"]
    # skewed weights: a few surnames are very common, as in real rolls
    cum_ap = _acumular([1.0 / (i + 3) for i in range(len(apellidos))])
    vistas: set[str] = set()
    personas: list[_Persona] = []
    dias_max = 90 * 365
    for i in range(1, n + 1):
        sexo = "M" if rng.random() < 0.52 else "H"
        nombre = rng.choice(cat.NOMBRES_M if sexo == "M" else cat.NOMBRES_H)
        ap = rng.choices(apellidos, cum_weights=cum_ap)[0]
        am = rng.choices(apellidos, cum_weights=cum_ap)[0] if rng.random() < 0.97 else ""
        nac = hoy - timedelta(days=rng.randint(200, dias_max))
        ent = "QT" if rng.random() < 0.82 else rng.choice(otras)
        siglo = _DIGITOS if nac.year < 2000 else _LETRAS
        partes = (partes_ap[ap], partes_ap[am] if am else sin_materno, partes_nom[nombre])
        curp = ""
        for diferenciador in siglo:  # homonyms born the same day get the next differentiator
            curp = componer(*partes, nac, sexo, ent, diferenciador)
            if curp not in vistas:
                break
        else:
            continue  # every differentiator taken: leave this synthetic person out
        vistas.add(curp)
        tel = f"442{rng.randint(1000000, 9999999)}" if rng.random() < 0.8 else r"\N"
        correo = (
            f"{nombre.split()[0].lower()}.{ap.split()[-1].lower()}{i % 997}@correo.mx".replace(
                "ñ", "n"
            )
            if rng.random() < 0.45
            else r"\N"
        )
        materno = am or r"\N"
        # seven in ten of those with a phone accepted SMS (no draw: the demo stays the same)
        acepta = "t" if tel != r"\N" and i % 10 < 7 else "f"
        linea = (
            f"{i}\t{curp}\t{nombre}\t{ap}\t{materno}\t{nac.isoformat()}\t{sexo}\t"
            f"{ent}\t{tel}\t{correo}\t{acepta}\n"
        )
        personas.append(_Persona(i, nac, sexo, linea))
    return personas


_DIGITOS = "0123456789"
_LETRAS = "ABCDEFGHIJKLMNPQRSTUVWXYZ"


def _acumular(pesos: list[float]) -> list[float]:
    total, cum = 0.0, []
    for p in pesos:
        total += p
        cum.append(total)
    return cum


# municipal seats of fewer than 2,500 inhabitants (rural localities for INEGI)
_CABECERAS_RURALES = {"22002", "22003", "22010", "22013", "22015"}


def _geografia(s: Session, municipios: dict[str, int]) -> dict[str, list[tuple[int, int, str]]]:
    """Each municipal seat and a few settlements with their postal codes, as the official
    catalogues (INEGI's AGEEML, SEPOMEX) would bring them; the real ones replace them with
    ``sipros-desktop geografia importar``. Returns, per municipality, (localidad, colonia, CP)."""
    bd.insertar_o_actualizar(
        s, Localidad,
        [{"municipio_id": municipios[m], "clave": f"{m}0001", "nombre": n,
          "ambito": "R" if m in _CABECERAS_RURALES else "U",
          "latitud": lat, "longitud": lon} for m, (n, lat, lon) in cat.CABECERAS.items()],
        "clave", ("nombre",),
    )  # fmt: skip
    locs = {c: i for c, i in s.execute(text("SELECT clave, id FROM localidad"))}
    filas = []
    for m, (_peso, cp_base) in cat.MUNICIPIOS.items():
        for i, (nombre, tipo) in enumerate(cat.COLONIAS):
            cp = f"{cp_base + i * 10:05d}"
            filas.append(
                {"municipio_id": municipios[m], "localidad_id": locs[f"{m}0001"],
                 "clave": f"{m}-{i + 1:04d}-{cp}", "nombre": nombre,
                 "tipo_asentamiento": tipo, "codigo_postal": cp}
            )  # fmt: skip
    bd.insertar_o_actualizar(s, Colonia, filas, "clave", ("nombre",))
    por_municipio: dict[str, list[tuple[int, int, str]]] = {}
    for m, loc, col, cp in s.execute(
        text(
            "SELECT m.clave, c.localidad_id, c.id, c.codigo_postal FROM colonia c "
            "JOIN municipio m ON m.id = c.municipio_id ORDER BY c.id"
        )
    ):
        por_municipio.setdefault(m, []).append((loc, col, cp))
    return por_municipio


def _domicilios(
    rng: random.Random,
    personas: list[_Persona],
    municipios: dict[str, int],
    colonias: dict[str, list[tuple[int, int, str]]],
) -> Iterator[str]:
    claves = list(cat.MUNICIPIOS)
    cum = _acumular([cat.MUNICIPIOS[c][0] for c in claves])
    for p in personas:
        clave = rng.choices(claves, cum_weights=cum)[0]
        p.municipio = municipios[clave]
        localidad, colonia, cp = rng.choice(colonias[clave])
        yield (
            f"{p.id}\t{p.id}\t{municipios[clave]}\t{localidad}\t{colonia}\t"
            f"{rng.choice(cat.CALLES)}\t{rng.randint(1, 480)}\t{cp}\n"
        )


# state -> weight, for closed calls and for the call open this year
_ESTADOS_CERRADA = {
    "Entregado": 45, "Aprobada": 8, "Rechazada": 20, "Baja": 5, "Corrección": 4, "En proceso": 18,
}  # fmt: skip
_ESTADOS_ABIERTA = {
    "En proceso": 38, "Corrección": 10, "Aprobada": 25, "Rechazada": 10, "Entregado": 14, "Baja": 3,
}  # fmt: skip
_USUARIOS = ["marvizu", "jresendiz", "lugalde", "ctrejo", "dolvera", "mcamacho"]


def _solicitudes(
    rng: random.Random,
    personas: list[_Persona],
    convocatorias: list[dict],
    hoy: date,
    definiciones: dict[int, formularios.DefinicionFormulario] | None = None,
    rng_respuestas: random.Random | None = None,
) -> tuple[Iterator[str], Iterator[str], Iterator[str], Iterator[str], Iterator[str]]:
    """About two applications per citizen, spread over the calls, folios consecutive per
    programme in date order, with the answers of their call's form (``definiciones``, by call),
    plausible histories, delivery events, vouchers (only the SHA-256 of a random code, as the
    app issues them) and benefits."""
    definiciones = definiciones or {}
    rng_respuestas = rng_respuestas or random.Random(0)
    n = len(personas)
    objetivo = 2 * n
    pesos = [rng.uniform(0.5, 1.5) for _ in convocatorias]
    total_p = sum(pesos)
    sol: list[str] = []
    his: list[str] = []
    com: list[str] = []
    ben: list[str] = []
    consecutivo: dict[str, int] = {}
    eventos: dict[tuple[int, int], list] = {}  # (call, municipality) -> [id, first day, clave]
    sid = 0
    orden = sorted(range(n), key=lambda i: personas[i].nacimiento)
    nacimientos = [personas[i].nacimiento for i in orden]
    for conv, peso in zip(convocatorias, pesos, strict=True):
        # eligible by the call's rules: age at opening (a contiguous range of birth dates) and sex
        ap = conv["apertura"]
        lo = bisect_left(nacimientos, _restar_anios(ap, conv["edad_max"] + 1) + timedelta(days=1))
        hi = bisect_right(nacimientos, _restar_anios(ap, conv["edad_min"]))
        k = min(hi - lo, round(objetivo * peso / total_p))
        elegidos = [orden[j] for j in rng.sample(range(lo, hi), k)]
        if conv["sexo"]:
            elegidos = [i for i in elegidos if personas[i].sexo == conv["sexo"]]
            k = len(elegidos)
        dias = (conv["cierre"] - conv["apertura"]).days
        fechas = sorted(conv["apertura"] + timedelta(days=rng.randint(0, dias)) for _ in range(k))
        tabla = _ESTADOS_ABIERTA if conv["abierta"] else _ESTADOS_CERRADA
        estados = rng.choices(list(tabla), weights=list(tabla.values()), k=k)
        clave = conv["programa_clave"]
        definicion = definiciones.get(conv["id"])
        for idx, fecha, sorteado in zip(elegidos, fechas, estados, strict=True):
            estado = _estado_posible(sorteado, (hoy - fecha).days)
            p = personas[idx]
            sid += 1
            consecutivo[clave] = consecutivo.get(clave, 0) + 1
            folio = f"{fecha:%d/%m/%Y}-{clave}-{consecutivo[clave]:05d}"
            tipo_id, monto = rng.choice(conv["tipos"])
            pasos = _historia(rng, estado, fecha, hoy)
            ultimo = pasos[-1][1]
            dictamen = next((c for e, c, _, _ in pasos if e in ("Aprobada", "Rechazada")), r"\N")
            formulario, respuestas = r"\N", r"\N"
            if definicion is not None:
                formulario = definicion.id
                dadas = demo_documentos.respuestas(definicion, rng_respuestas, fecha)
                # (COPY's text format: a backslash inside the JSON is written twice)
                respuestas = json.dumps(dadas, ensure_ascii=False).replace("\\", "\\\\")
            sol.append(
                f"{sid}\t{folio}\t{p.id}\t{conv['id']}\t{tipo_id}\t{fecha.isoformat()}\t{estado}\t"
                f"{fecha.isoformat()} 09:00:00-06\t{ultimo}\t{p.municipio}\t{dictamen}\t"
                f"{formulario}\t{respuestas}\n"
            )
            for est, cuando, comentario, usuario in pasos:
                his.append(f"{sid}\t{est}\t{cuando}\t{comentario}\t{usuario}\n")
            if estado == "Entregado":
                # delivered at an event of the call in the beneficiary's municipality, with a
                # voucher whose code nobody knows any more (only its hash is kept)
                aprobada = next(c for e, c, _, _ in pasos if e == "Aprobada")
                ev = eventos.setdefault(
                    (conv["id"], p.municipio), [len(eventos) + 1, ultimo, clave]
                )
                ev[1] = min(ev[1], ultimo)
                codigo = f"{rng.getrandbits(256):064x}"
                com.append(
                    f"{sid}\t{ev[0]}\t\\\\x{codigo}\tEntregado\t{aprobada}\t{ultimo}\t"
                    f"{pasos[-1][3]}\t{ultimo}\tINE\n"
                )
                ben.append(
                    f"{p.id}\t{conv['programa_id']}\t{tipo_id}\t{conv['dependencia_id']}\t"
                    f"{sid}\tSolicitud\t{ultimo[:10]}\t{monto}\t{p.sexo}\t{p.nacimiento}\n"
                )
    evs = (
        f"{i}\t{conv_id}\tEntrega {clave} {dia[:10]}\t{municipio}\tPresidencia municipal, "
        f"plaza principal\t{dia[:10]}\t09:00\t14:00\tCoordinación de entregas\n"
        for (conv_id, municipio), (i, dia, clave) in eventos.items()
    )
    return iter(sol), iter(his), iter(com), iter(ben), evs


def _estado_posible(estado: str, dias: int) -> str:
    """A state an application filed ``dias`` ago can have reached: a decision takes a few days,
    a delivery (approval, voucher, event) about two weeks; one filed today is still «En
    proceso»."""
    if estado == "Entregado" and dias < 14:
        estado = "Aprobada"
    if estado in ("Aprobada", "Rechazada", "Baja", "Corrección") and dias < 3:
        estado = "En proceso"
    return estado


def _restar_anios(d: date, anios: int) -> date:
    try:
        return d.replace(year=d.year - anios)
    except ValueError:  # 29 February
        return d.replace(year=d.year - anios, day=28)


def _historia(
    rng: random.Random, estado: str, fecha: date, hoy: date
) -> list[tuple[str, str, str, str]]:
    """Plausible history rows (estado, timestamp, comentario, usuario) ending in ``estado``."""
    t = fecha
    pasos = [("En proceso", t, "\\N", "ventanilla")]

    def avanzar(est: str, comentario: str = "\\N") -> None:
        nonlocal t
        t = min(t + timedelta(days=rng.randint(1, 20)), hoy)
        pasos.append((est, t, comentario, rng.choice(_USUARIOS)))

    correcciones = rng.choices((0, 1, 2), weights=(75, 20, 5))[0]
    if estado == "Corrección":
        correcciones = max(correcciones, 1)
    for j in range(correcciones):
        avanzar("Corrección", rng.choice(cat.COMENTARIOS_CORRECCION))
        if estado == "Corrección" and j == correcciones - 1:
            break
        avanzar("En proceso")
    if estado in ("Aprobada", "Entregado", "Baja"):
        avanzar("Aprobada", "Cumple con los requisitos")
    if estado == "Entregado":
        avanzar("Entregado", "Entrega verificada con código QR")
    elif estado == "Rechazada":
        avanzar("Rechazada", rng.choice(cat.COMENTARIOS_RECHAZO))
    elif estado == "Baja":
        avanzar("Baja", rng.choice(cat.COMENTARIOS_BAJA))
    hora = 9
    salida = []
    for est, dia, com, usr in pasos:
        hora = hora + 1 if hora < 17 else 9
        salida.append(
            (est, f"{dia.isoformat()} {hora:02d}:{rng.randint(0, 59):02d}:00-06", com, usr)
        )
    return salida


def _padrones_externos(
    s: Session,
    rng: random.Random,
    personas: list[_Persona],
    convocatorias: list[dict],
    hoy: date,
) -> int:
    """Benefits that other agencies reported in bulk loads (no application behind them)."""
    externos = [
        c
        for c in convocatorias
        if c["programa_clave"] in ("DESES", "APDIS", "APROD", "UTESC", "MEJVI")
    ]
    por_programa: dict[int, dict] = {c["programa_id"]: c for c in externos}
    total = 0
    for conv in por_programa.values():
        carga = CargaMasiva(
            dependencia_id=conv["dependencia_id"],
            programa_id=conv["programa_id"],
            archivo_nombre=f"padron_{conv['programa_clave'].lower()}_{hoy.year - 1}.xlsx",
            sha256=f"{rng.getrandbits(256):064x}",
            estado="Aplicada",
        )
        s.add(carga)
        s.flush()
        k = max(1, len(personas) // 40)
        filas = []
        for idx in rng.sample(range(len(personas)), k):
            tipo_id, monto = conv["tipos"][0]
            entrega = date(hoy.year - 1, rng.randint(1, 12), rng.randint(1, 28))
            filas.append(
                f"{personas[idx].id}\t{conv['programa_id']}\t{tipo_id}\t{conv['dependencia_id']}\t"
                f"{carga.id}\tCarga masiva\t{entrega.isoformat()}\t{monto}\t"
                f"{personas[idx].sexo}\t{personas[idx].nacimiento}\n"
            )
        n = _copiar(
            s,
            "beneficio",
            "ciudadano_id, programa_id, tipo_apoyo_id, dependencia_id, carga_masiva_id, origen, "
            "fecha_entrega, monto, sexo, nacimiento",
            iter(filas),
        )
        carga.filas_total = carga.filas_validas = carga.beneficios = n
        carga.monto_total = sum(Decimal(f.split("\t")[7]) for f in filas)
        carga.aplicada = datetime.now(UTC)
        total += n
    return total
