"""Is a backup's schema the one SIPROS's migrations create? Checked twice against a scratch
database migrated to the backup's own schema version (the reference):

1. before anything of the backup runs: the list of objects of the dump (``pg_restore -l``:
   kind, schema, name, owner) must be the reference's; only the folio sequences that SIPROS
   creates per programme (``sipros_folio_N``) and the data of known tables may be added;
2. after it is restored aside (by a role without privileges): the catalogue of the restored
   database — every function's full definition, owner and grants, tables, columns, defaults,
   constraints, indexes, triggers, policies, row-level security, views, types, extensions,
   event triggers, publications, casts, operators … — must be the reference's.

Differences are listed by object; nothing of the backup is trusted beyond its data.
"""

from __future__ import annotations

import re
import subprocess
from collections import Counter
from pathlib import Path

import psycopg
from psycopg import sql

_FOLIO = r"sipros_folio_\d+"
_DATOS = ("TABLE DATA ", "SEQUENCE SET ", "MATERIALIZED VIEW DATA ")
_ID_TOC = re.compile(r"^\d+; \d+ \d+ ")
_OBJETOS_GRANDES = "ACL pg_catalog FUNCTION lo_"


def revision(pg_restore: Path, ruta: Path) -> str | None:
    """The schema version written in the backup (its ``alembic_version`` row), read without
    restoring anything."""
    p = subprocess.run(
        [str(pg_restore), "--data-only", "--table=alembic_version", "--file=-", str(ruta)],
        capture_output=True, text=True, errors="replace",
    )  # fmt: skip
    if p.returncode != 0:
        return None
    lineas = p.stdout.splitlines()
    for i, linea in enumerate(lineas):
        if linea.startswith("COPY public.alembic_version ") and i + 1 < len(lineas):
            valor = lineas[i + 1].strip()
            return valor if re.fullmatch(r"[0-9A-Za-z_]{1,32}", valor) else None
    return None


def lista(pg_restore: Path, ruta: Path) -> list[str]:
    """The dump's table of contents: «KIND schema name owner», one per object."""
    p = subprocess.run([str(pg_restore), "--list", str(ruta)], capture_output=True, text=True,
                       errors="replace", check=True)  # fmt: skip
    return [_ID_TOC.sub("", x) for x in p.stdout.splitlines() if x and not x.startswith(";")]


def comparar_listas(respaldo: list[str], referencia: list[str], propietario: str) -> list[str]:
    """What the backup's list has that the reference's lacks, and the other way round."""
    ref = Counter(referencia)
    tablas = {x[len("TABLE ") :] for x in ref if x.startswith("TABLE ")}
    vistas = {x[len("MATERIALIZED VIEW ") :] for x in ref if x.startswith("MATERIALIZED VIEW ")}
    secuencias = {x[len("SEQUENCE ") :] for x in ref if x.startswith("SEQUENCE ")}
    folio = re.compile(rf"^SEQUENCE (SET )?public {_FOLIO} {re.escape(propietario)}$")
    esquema, diferencias = Counter(), []
    for x in respaldo:
        if folio.match(x):
            continue
        if x.startswith(_DATOS):
            cuerpo = x.split(" ", 2)[2] if x.startswith(("TABLE", "SEQUENCE")) else x[23:]
            if not (
                (x.startswith("TABLE DATA ") and cuerpo in tablas)
                or (x.startswith("SEQUENCE SET ") and cuerpo in secuencias)
                or (x.startswith("MATERIALIZED VIEW DATA ") and cuerpo in vistas)
            ):
                diferencias.append(f"de más: {x}")
            continue
        esquema[x] += 1
    diferencias += [f"de más: {x}" for x in sorted((esquema - ref).elements())]
    # (the large-object functions' revocations are the server's setup, applied again after
    # every restore: a backup of a database set up by hand may lack them)
    faltan = [x for x in (ref - esquema).elements() if not x.startswith(_OBJETOS_GRANDES)]
    diferencias += [f"falta: {x}" for x in sorted(faltan)]
    return diferencias


# ---------------------------------------------------------------------------
# The catalogue of a database, as text: one row per object, «identity | what it is»
# ---------------------------------------------------------------------------
_TIPO_RELACION = "(CASE WHEN c.relkind = 'S' THEN 's' ELSE 'r' END)::\"char\""


def _acl(columna: str, tipo: str, dueno: str) -> str:
    """An ACL as sorted «grantor>grantee:privilege» (NULL = the default for its owner;
    ``tipo`` is the SQL of acldefault's object kind)."""
    return (
        f"(SELECT coalesce(string_agg(format('%s>%s:%s%s', coalesce(g.n, '?'), "
        f"coalesce(e.n, 'PUBLIC'), a.privilege_type, CASE WHEN a.is_grantable THEN '*' "
        f"ELSE '' END), ',' ORDER BY 1), '') FROM aclexplode(coalesce({columna}, "
        f"acldefault({tipo}, {dueno}))) a LEFT JOIN rol g ON g.oid = a.grantor "
        f"LEFT JOIN rol e ON e.oid = a.grantee)"
    )


_HUELLA = f"""
WITH rol AS (
    SELECT oid, CASE WHEN rolname = :propietario THEN '<propietario>' ELSE rolname END AS n
    FROM pg_roles
), ns AS (
    SELECT oid FROM pg_namespace
    WHERE nspname NOT IN ('pg_catalog', 'information_schema') AND nspname !~ '^pg_(toast|temp_)'
), ext AS (
    SELECT classid, objid FROM pg_depend WHERE deptype = 'e'
), folio AS (  -- the per-programme folio sequences, exactly as sipros_crear_secuencia_folio
    SELECT c.oid FROM pg_class c JOIN pg_sequence s ON s.seqrelid = c.oid
    WHERE c.relnamespace = 'public'::regnamespace AND c.relname ~ '^{_FOLIO}$'
      AND c.relkind = 'S' AND c.relacl IS NULL AND c.relowner = (
          SELECT datdba FROM pg_database WHERE datname = current_database())
      AND s.seqtypid = 'bigint'::regtype AND s.seqstart = 1 AND s.seqmin = 1
      AND s.seqincrement = 1 AND s.seqmax = 9223372036854775807 AND NOT s.seqcycle
      AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                      AND d.objid = c.oid AND d.deptype IN ('a', 'i'))
)
SELECT format('relación %s (%s) | dueño=%s acl=%s rls=%s/%s opciones=%s persistencia=%s '
              'am=%s espacio=%s def=%s', c.oid::regclass, c.relkind, o.n,
              {_acl("c.relacl", _TIPO_RELACION, "c.relowner")}, c.relrowsecurity,
              c.relforcerowsecurity, c.reloptions, c.relpersistence, c.relam, c.reltablespace,
              CASE WHEN c.relkind IN ('v', 'm') THEN md5(pg_get_viewdef(c.oid))
                   WHEN c.relkind IN ('i', 'I') THEN pg_get_indexdef(c.oid)
                   WHEN c.relkind = 'S' THEN (SELECT format('%s %s %s %s %s %s', seqtypid,
                        seqstart, seqincrement, seqmax, seqmin, seqcycle)
                        FROM pg_sequence WHERE seqrelid = c.oid) END)
FROM pg_class c JOIN rol o ON o.oid = c.relowner
WHERE c.relnamespace IN (SELECT oid FROM ns) AND c.relkind <> 't'
  AND c.oid NOT IN (SELECT oid FROM folio)
  AND (c.oid NOT IN (SELECT objid FROM ext WHERE classid = 'pg_class'::regclass))
UNION ALL
SELECT format('columna %s.%s | %s nulo=%s def=%s id=%s gen=%s acl=%s', a.attrelid::regclass,
              quote_ident(a.attname), format_type(a.atttypid, a.atttypmod), NOT a.attnotnull,
              pg_get_expr(d.adbin, d.adrelid), a.attidentity, a.attgenerated,
              {_acl("a.attacl", "'c'", "c.relowner")})
FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE c.relnamespace IN (SELECT oid FROM ns) AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'c')
  AND a.attnum > 0 AND NOT a.attisdropped
  AND c.oid NOT IN (SELECT objid FROM ext WHERE classid = 'pg_class'::regclass)
UNION ALL
SELECT format('restricción %s en %s | %s', quote_ident(conname),
              coalesce(conrelid::regclass::text, contypid::regtype::text),
              pg_get_constraintdef(oid))
FROM pg_constraint WHERE connamespace IN (SELECT oid FROM ns)
UNION ALL
SELECT format('función %s | dueño=%s acl=%s def=%s', p.oid::regprocedure, o.n,
              {_acl("p.proacl", "'f'", "p.proowner")},
              CASE WHEN p.proname = 'sipros_hoy' AND p.pronargs = 0 AND NOT p.prosecdef
                        AND p.proconfig IS NULL AND p.provolatile = 's'
                        AND p.prorettype = 'date'::regtype
                        AND p.prolang = (SELECT oid FROM pg_language WHERE lanname = 'sql')
                        AND btrim(p.prosrc)
                            ~ '^SELECT (current_date|DATE ''[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}'')$'
                   THEN 'fecha de operación: la del servidor o una fija'
                   WHEN p.prokind IN ('f', 'p') THEN md5(pg_get_functiondef(p.oid))
                   ELSE p.prokind::text END)
FROM pg_proc p JOIN rol o ON o.oid = p.proowner
WHERE p.pronamespace IN (SELECT oid FROM ns)
  AND p.oid NOT IN (SELECT objid FROM ext WHERE classid = 'pg_proc'::regclass)
UNION ALL
SELECT format('disparador %s en %s | %s activo=%s', quote_ident(tgname), tgrelid::regclass,
              pg_get_triggerdef(oid), tgenabled)
FROM pg_trigger WHERE NOT tgisinternal
UNION ALL
SELECT format('política %s en %s | %s permisiva=%s roles=%s usando=%s revisa=%s',
              quote_ident(p.polname), p.polrelid::regclass, p.polcmd, p.polpermissive,
              (SELECT string_agg(coalesce(r.n, 'PUBLIC'), ',' ORDER BY 1)
               FROM unnest(p.polroles) x LEFT JOIN rol r ON r.oid = x),
              pg_get_expr(p.polqual, p.polrelid), pg_get_expr(p.polwithcheck, p.polrelid))
FROM pg_policy p
UNION ALL
SELECT format('regla %s en %s | %s', quote_ident(rulename), ev_class::regclass,
              pg_get_ruledef(oid))
FROM pg_rewrite WHERE rulename <> '_RETURN'
UNION ALL
SELECT format('tipo %s | %s dueño=%s acl=%s base=%s nulo=%s def=%s valores=%s', t.oid::regtype,
              t.typtype, o.n, {_acl("t.typacl", "'T'", "t.typowner")},
              format_type(t.typbasetype, t.typtypmod), NOT t.typnotnull, t.typdefault,
              (SELECT string_agg(enumlabel, ',' ORDER BY enumsortorder) FROM pg_enum
               WHERE enumtypid = t.oid))
FROM pg_type t JOIN rol o ON o.oid = t.typowner
WHERE t.typnamespace IN (SELECT oid FROM ns) AND t.typrelid = 0
  AND NOT EXISTS (SELECT 1 FROM pg_type e WHERE e.typarray = t.oid)
  AND t.oid NOT IN (SELECT objid FROM ext WHERE classid = 'pg_type'::regclass)
UNION ALL
SELECT format('esquema %s | dueño=%s acl=%s', quote_ident(n.nspname), o.n,
              {_acl("n.nspacl", "'n'", "n.nspowner")})
FROM pg_namespace n JOIN rol o ON o.oid = n.nspowner WHERE n.oid IN (SELECT oid FROM ns)
UNION ALL
SELECT format('extensión %s | %s en %s', extname, extversion, extnamespace::regnamespace)
FROM pg_extension
UNION ALL
SELECT format('disparador de eventos %s | %s %s %s', evtname, evtevent, evtfoid::regprocedure,
              evtenabled)
FROM pg_event_trigger
UNION ALL
SELECT format('lenguaje %s | confiable=%s acl=%s', l.lanname, l.lanpltrusted,
              {_acl("l.lanacl", "'l'", "l.lanowner")})
FROM pg_language l
UNION ALL
SELECT format('conversión de tipos %s -> %s | %s', castsource::regtype, casttarget::regtype,
              castfunc::regprocedure)
FROM pg_cast WHERE oid >= 16384
  AND oid NOT IN (SELECT objid FROM ext WHERE classid = 'pg_cast'::regclass)
UNION ALL
SELECT format('hereda %s | de %s', inhrelid::regclass, inhparent::regclass) FROM pg_inherits
UNION ALL
SELECT format('privilegios por omisión de %s en %s (%s) | %s', coalesce(r.n, '?'),
              d.defaclnamespace, d.defaclobjtype, d.defaclacl)
FROM pg_default_acl d LEFT JOIN rol r ON r.oid = d.defaclrole
UNION ALL
SELECT format('publicación %s |', pubname) FROM pg_publication
UNION ALL
SELECT format('contenedor externo %s |', fdwname) FROM pg_foreign_data_wrapper
UNION ALL
SELECT format('servidor externo %s |', srvname) FROM pg_foreign_server
UNION ALL
SELECT format('método de acceso %s |', amname) FROM pg_am WHERE oid >= 16384
UNION ALL
SELECT format('transformación %s |', oid) FROM pg_transform
UNION ALL
SELECT format('objetos grandes | %s', count(*)) FROM pg_largeobject_metadata
UNION ALL
SELECT format('%s %s |', k, x) FROM (
    SELECT 'operador' AS k, oid::regoperator::text AS x, oprnamespace AS s, oid,
           'pg_operator'::regclass AS cat FROM pg_operator
    UNION ALL SELECT 'clase de operadores', opcname, opcnamespace, oid, 'pg_opclass'::regclass
    FROM pg_opclass
    UNION ALL SELECT 'familia de operadores', opfname, opfnamespace, oid,
                     'pg_opfamily'::regclass FROM pg_opfamily
    UNION ALL SELECT 'intercalación', collname, collnamespace, oid, 'pg_collation'::regclass
    FROM pg_collation
    UNION ALL SELECT 'conversión', conname, connamespace, oid, 'pg_conversion'::regclass
    FROM pg_conversion
    UNION ALL SELECT 'configuración de búsqueda', cfgname, cfgnamespace, oid,
                     'pg_ts_config'::regclass FROM pg_ts_config
    UNION ALL SELECT 'diccionario de búsqueda', dictname, dictnamespace, oid,
                     'pg_ts_dict'::regclass FROM pg_ts_dict
    UNION ALL SELECT 'analizador de búsqueda', prsname, prsnamespace, oid,
                     'pg_ts_parser'::regclass FROM pg_ts_parser
    UNION ALL SELECT 'plantilla de búsqueda', tmplname, tmplnamespace, oid,
                     'pg_ts_template'::regclass FROM pg_ts_template
    UNION ALL SELECT 'estadística', stxname, stxnamespace, oid, 'pg_statistic_ext'::regclass
    FROM pg_statistic_ext
) otros
WHERE s IN (SELECT oid FROM ns)
  AND NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = otros.cat AND ext.objid = otros.oid)
"""


def huella(c: psycopg.Connection, propietario: str) -> set[str]:
    """The catalogue of the database of ``c`` (a superuser connection), as text rows."""
    c.execute("SET search_path = pg_catalog")  # names come out schema-qualified
    consulta = _HUELLA.replace(":propietario", sql.Literal(propietario).as_string(c))
    filas = {x for (x,) in c.execute(consulta.encode())}  # (no parameters: % is format's)
    base = c.execute(
        "SELECT d.oid FROM pg_database d WHERE d.datname = current_database()"
    ).fetchone()[0]
    # a subscription lives in one database; only a superuser reads the catalogue
    for (nombre,) in c.execute("SELECT subname FROM pg_subscription WHERE subdbid = %s", (base,)):
        filas.add(f"suscripción {nombre} |")
    return filas


def comparar_huellas(restaurada: set[str], referencia: set[str]) -> list[str]:
    """Objects added, missing or different, by identity (the text before «|»)."""

    def por_identidad(filas: set[str]) -> dict[str, list[str]]:
        d: dict[str, list[str]] = {}
        for f in filas:
            d.setdefault(f.split(" | ", 1)[0], []).append(f)
        return d

    a, b = por_identidad(restaurada), por_identidad(referencia)
    diferencias = []
    for identidad in sorted(a.keys() | b.keys()):
        if identidad not in b:
            diferencias.append(f"de más: {identidad}")
        elif identidad not in a:
            diferencias.append(f"falta: {identidad}")
        elif sorted(a[identidad]) != sorted(b[identidad]):
            diferencias.append(f"distinto: {identidad}")
    return diferencias
