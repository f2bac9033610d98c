"""Every function of the database in one file (``migraciones/funciones``): the files define
exactly the functions the migrations left, no function lives in two places, migrations after
0019 define none, and a changed file reaches the database at the next ``db upgrade`` (staff
are told, and cannot apply it themselves)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import psycopg
import pytest
from alembic import command

from sipros_desktop import bd
from sipros_desktop.bd import esquema, funciones
from sipros_desktop.cli import main
from sipros_desktop.errores import ErrorEsquema
from tests.conftest import PROPIETARIO

VERSIONES = Path(esquema.CARPETA) / "versions"
PRIMERA_SIN_FUNCIONES = 19  # migrations from this one on hold tables and data only

# what a function is, as PostgreSQL keeps it: the whole definition, owner, grants, comment
_CATALOGO = """
SELECT p.oid::regprocedure::text, pg_get_functiondef(p.oid), pg_get_userbyid(p.proowner),
       p.proacl::text, p.prosecdef, p.proconfig::text, obj_description(p.oid, 'pg_proc')
FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace ORDER BY 1
"""


def _catalogo(c: psycopg.Connection) -> dict[str, tuple]:
    return {r[0]: r[1:] for r in c.execute(_CATALOGO)}


def _sin_comentarios(texto: str) -> str:
    texto = re.sub(r"/\*.*?\*/", "", texto, flags=re.S)
    return re.sub(r"(--|#)[^\n]*", "", texto)


def _definen_funciones(carpeta: Path) -> list[str]:
    """The migrations from PRIMERA_SIN_FUNCIONES on (SQL or Python) that define a function."""
    crea = re.compile(r"\bCREATE\s+(OR\s+REPLACE\s+)?(FUNCTION|PROCEDURE)\b", re.I)
    return sorted(
        ruta.name
        for ruta in carpeta.iterdir()
        if re.match(r"\d{4}_", ruta.name)
        and int(ruta.name[:4]) >= PRIMERA_SIN_FUNCIONES
        and ruta.suffix in (".sql", ".py")
        and crea.search(_sin_comentarios(ruta.read_text(encoding="utf-8")))
    )


def test_las_migraciones_nuevas_no_definen_funciones(tmp_path):
    assert _definen_funciones(VERSIONES) == [], (
        "una migración desde la 0019 define una función: su cuerpo va en "
        "sipros_desktop/migraciones/funciones/<tema>/<función>.sql (vea el README)"
    )
    # the check itself: a later migration that defines one is named, a comment is not
    for ruta in VERSIONES.glob("00*"):
        shutil.copy(ruta, tmp_path / ruta.name)
    (tmp_path / "0020_prueba.sql").write_text(
        "-- CREATE FUNCTION in a comment is fine\nALTER TABLE x ADD COLUMN y int;\n"
        "create or replace function sipros_z() returns int language sql return 1;\n"
    )
    (tmp_path / "0021_prueba.py").write_text(
        'op.execute("CREATE FUNCTION sipros_w() RETURNS int LANGUAGE sql RETURN 1")\n'
    )
    (tmp_path / "0022_prueba.sql").write_text("-- CREATE FUNCTION sipros_v()\nSELECT 1;\n")
    assert _definen_funciones(tmp_path) == ["0020_prueba.sql", "0021_prueba.py"]


def test_cada_funcion_de_la_base_tiene_un_solo_archivo(bd_vacia):
    """Each function in ``public`` owned by the schema's owner is defined by exactly one file,
    each file defines what its CREATE lines name (as the database sees it, file by file), and
    no file defines a function twice."""
    archivos = funciones.archivos()
    assert len(archivos) > 150
    with psycopg.connect(bd.dsn(bd_vacia.set(username=PROPIETARIO))) as c:
        de_la_base = {
            firma: nombre
            for firma, nombre in c.execute(
                "SELECT p.oid::regprocedure::text, p.proname FROM pg_proc p "
                "WHERE p.pronamespace = 'public'::regnamespace AND p.proowner = "
                "(SELECT datdba FROM pg_database WHERE datname = current_database())"
            )
        }
        ajenas = c.execute(
            "SELECT count(*) FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace "
            "AND p.proowner <> (SELECT datdba FROM pg_database WHERE datname = "
            "current_database())"
        ).fetchone()[0]
        version = "SELECT oid::regprocedure::text, ctid::text FROM pg_proc " \
                  "WHERE pronamespace = 'public'::regnamespace"  # fmt: skip
        definida_en: dict[str, list[str]] = {}
        antes = dict(c.execute(version).fetchall())
        for a in archivos:
            c.execute(a.texto)
            despues = dict(c.execute(version).fetchall())
            tocadas = {f for f, v in despues.items() if antes.get(f) != v}
            antes = despues
            for f in tocadas:
                definida_en.setdefault(f, []).append(a.nombre)
            # what the file names is what it defines, each function once
            assert {f.split("(")[0] for f in tocadas} == set(a.funciones), a.nombre
            creates = re.findall(r"^CREATE\s+(?:OR\s+REPLACE\s+)?FUNCTION", a.texto, re.M)
            assert len(creates) == len(tocadas), f"{a.nombre} define una función dos veces"
        c.rollback()
    assert ajenas == 0
    sin_archivo = sorted(set(de_la_base) - set(definida_en))
    assert sin_archivo == [], f"funciones sin archivo en migraciones/funciones: {sin_archivo}"
    repetidas = {f: v for f, v in definida_en.items() if len(v) > 1}
    assert repetidas == {}, f"funciones definidas en más de un archivo: {repetidas}"
    assert set(definida_en) == set(de_la_base)  # and no file defines one the schema lacks
    # one name, one file: the folder says where to look
    nombres = [f for a in archivos for f in a.funciones]
    assert len(nombres) == len(set(nombres))


def test_las_funciones_son_las_mismas_que_dejaban_las_migraciones(bases, servidor):
    """A database migrated the old way (0001-0018, each function from its migrations) and
    then brought to this version (0019 + the function files) has every function exactly as
    before: definition, owner, grants, SECURITY DEFINER, settings and comment."""
    url = bases.nueva()
    with psycopg.connect(bd.dsn(servidor), autocommit=True) as c:
        c.execute(f'ALTER DATABASE "{url.database}" OWNER TO "{PROPIETARIO}"')
    motor = bd.crear_motor(url.set(username=PROPIETARIO), pool_size=1)
    try:
        cfg = esquema._config()
        with motor.begin() as c:
            cfg.attributes["connection"] = c
            command.upgrade(cfg, "0018")
        with psycopg.connect(bd.dsn(url)) as c:
            antes = _catalogo(c)
        assert len(antes) > 150
        esquema.actualizar(motor)
        assert esquema.estado(motor).al_dia
        with psycopg.connect(bd.dsn(url)) as c:
            despues = _catalogo(c)
            aplicados = c.execute("SELECT count(*) FROM funcion_archivo").fetchone()[0]
    finally:
        motor.dispose()
    assert aplicados == len(funciones.archivos())
    # the functions of 0018 are all there; the new ones are those of the files that later
    # migrations brought (0020: the poverty measure)
    assert set(antes) <= set(despues)
    nuevas = {f.split("(")[0] for f in set(despues) - set(antes)}
    assert nuevas == {f for a in funciones.archivos() for f in a.funciones
                      if a.nombre.split("/")[0] in NUEVAS_DESDE_0018} | NUEVAS_SUELTAS  # fmt: skip
    distintas = {f for f in antes if antes[f] != despues[f]}
    # what changed on purpose since the bodies moved to their files (nothing else may differ)
    assert distintas == set(CAMBIADAS_DESDE_0018)


# folders of functions that did not exist at 0018 (brought by a later migration)
NUEVAS_DESDE_0018 = {"pobreza", "brigadas"}
# and functions a later migration added to an older folder (0024: the programmes of each
# citizen, and the benefits' policy as SQL text, alcance/)
NUEVAS_SUELTAS = {
    "sipros_ciudadano_alcance_rehacer", "sipros_ciudadano_alcance_seguir",
    "sipros_alcance_beneficio_sql",
}  # fmt: skip

# function (as _catalogo names it) -> why its file differs from what 0018 left
CAMBIADAS_DESDE_0018 = {
    "sipros_consulta_anotar_folio(text)": (
        "el folio provisional de una brigada (o el QR de su acuse) encuentra la solicitud que "
        "llegó al sincronizar"
    ),
    "sipros_solicitud_alta()": (
        "una convocatoria puede pedir una clasificación de pobreza o carencias sociales del hogar "
        "(la medición de la 0021)"
    ),
    "sipros_consulta(text)": (
        "la consulta lleva la clasificación y las carencias del hogar, para explicar las reglas "
        "de pobreza de las convocatorias"
    ),
    "sipros_alcance_ciudadano_ids_sql()": (
        "los ciudadanos que se ven por programa salen de ciudadano_alcance (0024), no de "
        "separar ~1 M solicitudes y beneficios en cada consulta"
    ),
    "sipros_convocatorias_visibles()": (
        "los programas visibles se piden una vez por consulta, no por convocatoria"
    ),
    "sipros_entregas_por_evento()": (
        "las convocatorias visibles se piden una vez por consulta, no por evento (10.4 → 3.4 s "
        "con 300 personas)"
    ),
    "sipros_catalogo_en_alcance()": (
        "el rechazo dice «Solo administra los programas / las convocatorias de los programas de "
        "su alcance», no «programas de los programas»"
    ),
    "sipros_entregar(text,text,integer,timestamp with time zone,uuid)": (
        "una hora anotada sin conexión fuera del horario del evento (2 h de tolerancia) se "
        "rechaza en la base, no solo al sincronizar"
    ),
    "sipros_entregar_sin_evento(bigint,text,text,date)": (
        "quien emitió o reimprimió el comprobante vigente no registra la entrega sin evento"
    ),
    "sipros_usuario_crear(text,text,text,text,text[],text,text,text,boolean)": (
        "solo el dueño de la base crea una cuenta que no cambia al entrar la contraseña dada"
    ),
    "sipros_duplicados_registrar(bigint[],bigint[],numeric[])": (
        "solo entran a revisión pares nacidos el mismo día, del mismo sexo y con nombre o un "
        "apellido en común"
    ),
}


@pytest.fixture
def carpeta(tmp_path, monkeypatch) -> Path:
    """A copy of the function files that a test may edit, used instead of the package's."""
    copia = tmp_path / "funciones"
    shutil.copytree(funciones.CARPETA, copia)
    monkeypatch.setattr(funciones, "CARPETA", copia)
    return copia


def _editar(ruta: Path, antes: str, despues: str) -> None:
    texto = ruta.read_text(encoding="utf-8")
    assert antes in texto
    ruta.write_text(texto.replace(antes, despues), encoding="utf-8")


def test_un_archivo_cambiado_llega_a_la_base_con_db_upgrade(
    bd_demo, personal, carpeta, datos_locales, monkeypatch, capsys
):
    """A developer changes how vouchers mask a CURP and takes a grant away: no migration.
    Until the owner runs «db upgrade» the schema is not up to date — staff are told what to do
    and cannot apply it; then the database has the new body and the grant is gone."""
    mascara = "base/sipros_curp_enmascarada.sql"
    identificaciones = "consulta/sipros_identificaciones.sql"
    _editar(carpeta / mascara, "repeat('*', 12)", "repeat('•', 12)")
    _editar(
        carpeta / identificaciones,
        "GRANT EXECUTE ON FUNCTION sipros_identificaciones() TO sipros_personal;\n",
        "",
    )
    # a new account (first password unchanged: it holds sipros_acceso only) and a clerk
    nueva = personal.crear(["consulta"], alcance="estatal", cambiar_password=True)
    escritorio = personal.crear(["consulta"], alcance="estatal")
    curp = "PELJ900101HQTRPN09"

    dueno = bd.crear_motor(bd_demo.set(username=PROPIETARIO), pool_size=1)
    try:
        e = esquema.estado(dueno)
        assert (e.actual, e.al_dia, e.antigua) == (esquema.revision_esperada(), False, True)
        assert set(e.funciones) == {mascara, identificaciones}
        for cuenta in (nueva, escritorio):
            motor = bd.crear_motor(cuenta.url, pool_size=1)
            try:
                with pytest.raises(ErrorEsquema, match="no son las de este programa") as error:
                    esquema.verificar(motor, migrar_si_vacia=False)
                assert "sipros-desktop db upgrade" in error.value.mensaje
                assert "«base/sipros_curp_enmascarada.sql»" in error.value.mensaje
                with pytest.raises((ErrorEsquema, psycopg.Error)):  # staff cannot apply it
                    esquema.actualizar(motor)
            finally:
                motor.dispose()
        with escritorio.conectar() as c:  # nothing changed
            assert c.execute("SELECT sipros_curp_enmascarada(%s)", (curp,)).fetchone() == (
                "PELJ************09",
            )
            assert len(c.execute("SELECT sipros_identificaciones()").fetchone()[0]) == 7

        # the administrator sees it and applies it from the command line
        monkeypatch.setenv(
            "SIPROS_DB_URL", bd_demo.set(username=PROPIETARIO).render_as_string(False)
        )
        assert main(["db", "estado"]) == 0
        salida = capsys.readouterr().out
        assert "Archivos de funciones por aplicar:" in salida and mascara in salida
        assert main(["db", "upgrade"]) == 0
        salida = capsys.readouterr().out
        assert salida.startswith("Funciones actualizadas:") and identificaciones in salida
        assert main(["db", "upgrade"]) == 0
        assert "ya está al día" in capsys.readouterr().out
        bd.desactivar()
        assert esquema.estado(dueno).al_dia
    finally:
        dueno.dispose()

    with escritorio.conectar() as c:
        assert c.execute("SELECT sipros_curp_enmascarada(%s)", (curp,)).fetchone() == (
            "PELJ••••••••••••09",
        )
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            c.execute("SELECT sipros_identificaciones()")
    motor = bd.crear_motor(escritorio.url, pool_size=1)
    try:
        esquema.verificar(motor, migrar_si_vacia=False)  # staff log in again
    finally:
        motor.dispose()


def test_la_base_integrada_aplica_el_archivo_cambiado_al_arrancar(bd_vacia, carpeta):
    """What the embedded database and a restore run as the owner (``migrar_si_antigua``): the
    changed file is applied with no question, its checksum recorded, the rest untouched."""
    _editar(carpeta / "base/sipros_curp_enmascarada.sql", "repeat('*', 12)", "repeat('#', 12)")
    motor = bd.crear_motor(bd_vacia.set(username=PROPIETARIO), pool_size=1)
    try:
        with psycopg.connect(bd.dsn(bd_vacia)) as c:
            antes = dict(c.execute("SELECT archivo, aplicado FROM funcion_archivo").fetchall())
        esquema.verificar(motor, migrar_si_vacia=False, migrar_si_antigua=True)
        assert esquema.estado(motor).al_dia
    finally:
        motor.dispose()
    with psycopg.connect(bd.dsn(bd_vacia)) as c:
        assert c.execute("SELECT sipros_curp_enmascarada('PELJ900101HQTRPN09')").fetchone() == (
            "PELJ############09",
        )
        despues = dict(c.execute("SELECT archivo, aplicado FROM funcion_archivo").fetchall())
    cambiados = {a for a in despues if despues[a] != antes[a]}
    assert cambiados == {"base/sipros_curp_enmascarada.sql"}


def test_un_archivo_con_error_no_cambia_nada_y_dice_cual(bd_vacia, carpeta):
    """A SQL function that names a column that does not exist is refused when it is applied
    (not at its first call, though the files run with check_function_bodies off), the message
    names its file, and nothing of that upgrade stays: not the other changed file either."""
    _editar(carpeta / "base/sipros_curp_enmascarada.sql", "repeat('*', 12)", "repeat('#', 12)")
    _editar(
        carpeta / "reportes/sipros_registrados_por_municipio.sql",
        "SELECT d.municipio_id, count(*)",
        "SELECT d.municipio_clave, count(*)",
    )
    motor = bd.crear_motor(bd_vacia.set(username=PROPIETARIO), pool_size=1)
    try:
        with pytest.raises(ErrorEsquema) as error:
            esquema.actualizar(motor)
        assert "sipros_registrados_por_municipio()" in error.value.mensaje
        assert "«reportes/sipros_registrados_por_municipio.sql»" in error.value.mensaje
        assert "municipio_clave" in error.value.mensaje
        assert set(esquema.estado(motor).funciones) == {
            "base/sipros_curp_enmascarada.sql",
            "reportes/sipros_registrados_por_municipio.sql",
        }
    finally:
        motor.dispose()
    with psycopg.connect(bd.dsn(bd_vacia)) as c:
        assert c.execute("SELECT sipros_curp_enmascarada('PELJ900101HQTRPN09')").fetchone() == (
            "PELJ************09",
        )
        assert c.execute("SELECT count(*) FROM sipros_registrados_por_municipio()").fetchone()


def test_el_orden_de_los_archivos_no_importa(bd_vacia, carpeta):
    """Two new functions in two new files, the first (by name) calling the second from a
    SQL-standard body, which PostgreSQL parses when it is created: both are applied, the
    first once the second exists."""
    (carpeta / "base/a_prueba_doble.sql").write_text(
        "CREATE OR REPLACE FUNCTION sipros_prueba_doble(p integer) RETURNS integer\n"
        "    LANGUAGE sql IMMUTABLE\n    RETURN 2 * sipros_prueba_uno(p);\n"
    )
    (carpeta / "base/z_prueba_uno.sql").write_text(
        "CREATE OR REPLACE FUNCTION sipros_prueba_uno(p integer) RETURNS integer\n"
        "    LANGUAGE sql IMMUTABLE\n    RETURN p;\n"
        "REVOKE EXECUTE ON FUNCTION sipros_prueba_uno(integer) FROM PUBLIC;\n"
    )
    motor = bd.crear_motor(bd_vacia.set(username=PROPIETARIO), pool_size=1)
    try:
        assert set(esquema.estado(motor).funciones) == {
            "base/a_prueba_doble.sql",
            "base/z_prueba_uno.sql",
        }
        esquema.actualizar(motor)
        assert esquema.estado(motor).al_dia
    finally:
        motor.dispose()
    with psycopg.connect(bd.dsn(bd_vacia)) as c:
        assert c.execute("SELECT sipros_prueba_doble(21)").fetchone() == (42,)
        assert c.execute(
            "SELECT has_function_privilege('sipros_personal', 'sipros_prueba_uno(integer)', "
            "'EXECUTE'), has_function_privilege('sipros_personal', "
            "'sipros_prueba_doble(integer)', 'EXECUTE')"
        ).fetchone() == (False, True)
