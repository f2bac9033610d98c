"""The poverty measure where it lives: captured with the household at the front desk (and
refused when the household is inconsistent), kept by the database with its sources, classified
again when the poverty lines change, and read only within each user's scope — from the
application and from psql."""

from __future__ import annotations

import itertools
import json
from datetime import date

import psycopg
import pytest

from sipros_desktop import bd
from sipros_desktop.errores import ErrorDatos, ErrorSipros
from sipros_desktop.servicios import pobreza, ventanilla
from tests.datos import hogar_cuis, miembro
from tests.reloj import HOY
from tests.servicios.test_ventanilla import datos_nuevos


def edad(nacimiento: date) -> int:
    return HOY.year - nacimiento.year - ((HOY.month, HOY.day) < (nacimiento.month, nacimiento.day))


NACIMIENTO = date(1994, 3, 17)  # the applicant of datos_nuevos(): a woman


@pytest.fixture
def ventanilla_activa(personal):
    cuenta = personal.crear(["ventanilla"], alcance="estatal")
    personal.activar_como(cuenta)
    return cuenta


def registrar(respuestas: dict, **datos) -> int:
    d = datos_nuevos(**datos)
    d.respuestas = respuestas
    return ventanilla.registrar(d).ciudadano_id


def test_la_captura_mide_el_hogar_y_lo_explica(ventanilla_activa, sql):
    """Three deprivations and 1,500 pesos a month for two: pobreza extrema, with why."""
    cid = registrar(hogar_cuis(
        miembro(sexo="Mujer", edad=edad(NACIMIENTO), ingreso=1500, salud=["Ninguna"],
                trabajo="Trabaja por su cuenta o es patrón", servicio_medico_trabajo=False,
                afore=False),
        miembro("Hija(o)", "Hombre", 8, asiste_escuela=True, nivel="Primaria", grado=2,
                trabajo=None, ingreso=0, salud=["Ninguna"]),
        piso="Tierra",
    ))  # fmt: skip
    m = pobreza.medicion(cid)
    assert m.clasificacion == "pobreza_extrema" and m.etiqueta == "Pobreza extrema"
    assert [c.clave for c in m.con_carencia] == ["salud", "seguridad_social", "vivienda"]
    assert m.carencias[3].motivo == "Piso de tierra."
    assert m.version == 2 and m.linea.mes == date(2026, 1, 1)
    # 1,500 / (0.9945 + 0.7382) = 865.70 a person: under both extreme lines, so it does not
    # matter that the address has no locality (urban or rural unknown)
    assert m.ingreso_pc_min == m.ingreso_pc_max and float(m.ingreso_pc_min) == 865.70
    assert m.ambito is None
    assert m.por_que[0].startswith("Ingreso: $865.70 al mes por persona, menor que la línea de "
                                   "pobreza extrema por ingresos (la localidad no dice si es "
                                   "urbana o rural; líneas de enero de 2026")  # fmt: skip
    assert m.por_que[1] == ("Carencias sociales: 3 (acceso a los servicios de salud, acceso a la "
                            "seguridad social, calidad y espacios de la vivienda).")  # fmt: skip
    assert m.por_que[-1].startswith("Pobreza extrema: ingreso menor que la línea de pobreza "
                                    "extrema y 3 o más carencias")  # fmt: skip
    # each member with their own classification: the son attends school, has no medical
    # services and no social security through anybody (his mother has none)
    hijo = m.integrantes[1]
    assert (hijo.parentesco, hijo.edad) == ("Hija(o)", 8)
    assert [c.carencia for c in hijo.carencias] == [False, True, True]
    assert hijo.clasificacion == "pobreza_extrema"
    # kept with its sources
    assert sql.execute(
        "SELECT f.version, l.mes, q.fecha FROM pobreza_medicion p JOIN formulario f ON "
        "f.id = p.formulario_id JOIN linea_pobreza l ON l.id = p.linea_id JOIN cuestionario q "
        "ON q.id = p.cuestionario_id WHERE p.ciudadano_id = %s",
        (cid,),
    ).fetchone() == (2, date(2026, 1, 1), HOY)


@pytest.mark.parametrize(
    ("cambio", "mensaje"),
    [
        (lambda r: r["hogar"].append(miembro("Jefa o jefe del hogar", "Hombre", 3)),
         "Integrante 2: la jefa o el jefe del hogar no puede tener 3 años"),
        (lambda r: r["hogar"][0].update(edad=edad(NACIMIENTO) + 1),
         f"El integrante 1 es la persona solicitante: según su CURP tiene {edad(NACIMIENTO)} "
         f"años, no {edad(NACIMIENTO) + 1}."),
        (lambda r: r["hogar"][0].update(sexo="Hombre"),
         "según su CURP su sexo es «Mujer»"),
        (lambda r: r["hogar"][0].update(parentesco="Esposa(o) o pareja"),
         "Indique quién es la jefa o el jefe del hogar"),
        (lambda r: r["hogar"].append(miembro("Hija(o)", edad=9, nivel="Primaria", grado=3)),
         "Dice que en el hogar hay 0 menores de 18 años, pero la lista de integrantes tiene 1."),
        (lambda r: r["hogar"][0].update(nivel="Secundaria", grado=5),
         "Integrante 1: en secundaria el último grado aprobado es a lo más 3, no 5."),
        (lambda r: r["hogar"][0].update(salud=["Ninguna", "IMSS"]),
         "Integrante 1: «Ninguna» no va con otra institución de servicios médicos."),
        (lambda r: r["hogar"][0].update(nacimiento="1995-03-17"),
         f"Integrante 1: tiene {edad(date(1995, 3, 17))} años según su fecha de nacimiento "
         f"(17/03/1995), no {edad(NACIMIENTO)}."),
    ],
)  # fmt: skip
def test_un_hogar_inconsistente_se_rechaza_al_capturar(ventanilla_activa, sql, cambio, mensaje):
    respuestas = hogar_cuis(miembro(sexo="Mujer", edad=edad(NACIMIENTO)))
    cambio(respuestas)
    d = datos_nuevos()
    d.respuestas = respuestas
    with pytest.raises(ErrorDatos) as e:
        ventanilla.registrar(d)
    assert mensaje in e.value.mensaje
    assert e.value.mensaje.startswith("El hogar del cuestionario no es consistente:")
    assert ventanilla.buscar_curp(d.curp) is None  # nothing half written


def test_negativos_y_de_mas_se_rechazan_en_el_formulario(ventanilla_activa):
    """An income below zero and more members than the group allows never reach the
    database: the form says what to fix."""
    r = hogar_cuis(miembro(sexo="Mujer", edad=edad(NACIMIENTO), ingreso=-10))
    d = datos_nuevos()
    d.respuestas = r
    with pytest.raises(ErrorDatos, match="«Integrantes del hogar»: en el número 1, «Ingreso "
                                         "mensual"):  # fmt: skip
        ventanilla.registrar(d)
    d.respuestas = hogar_cuis(miembro(sexo="Mujer", edad=edad(NACIMIENTO)),
                              *[miembro("Hija(o)", edad=20) for _ in range(20)])  # fmt: skip
    with pytest.raises(ErrorDatos, match="agregue a lo más 20"):
        ventanilla.registrar(d)


def test_la_base_rechaza_el_hogar_inconsistente_desde_psql(personal):
    """The same rules for any client: a clerk's INSERT from psql."""
    clerk = personal.crear(["ventanilla"], alcance="estatal")
    curp = personal.curps(1)[0]
    with clerk.conectar() as c:
        cid = personal.abrir(c, curp)
        c.execute("SELECT set_config('sipros.motivo', 'Prueba', false)")
        nacimiento, sexo = c.execute(
            "SELECT fecha_nacimiento, sexo FROM ciudadano WHERE id = %s", (cid,)
        ).fetchone()
        r = hogar_cuis(miembro(sexo={"H": "Hombre", "M": "Mujer"}.get(sexo, "Otro"),
                               edad=edad(nacimiento)),
                       miembro("Jefa o jefe del hogar", "Hombre", 3))  # fmt: skip
        with pytest.raises(psycopg.errors.CheckViolation, match="no puede tener 3 años"):
            c.execute(
                "INSERT INTO cuestionario (ciudadano_id, formulario_id, respuestas) "
                "SELECT %s, max(id), %s FROM formulario WHERE clave = 'CUIS'",
                (cid, json.dumps(r)),
            )


def test_nuevas_lineas_clasifican_otra_vez_a_todos(personal, sql):
    """A household right over the urban poverty line is «no pobre y no vulnerable»; with a
    month whose line is higher than its income, it becomes «vulnerable por ingresos» in the
    same transaction — and only a state-wide administrator may add the month."""
    cid = sql.execute(
        "SELECT p.ciudadano_id FROM pobreza_medicion p WHERE p.clasificacion = "
        "'no_pobre_no_vulnerable' AND p.ambito = 'U' AND p.ingreso_pc_min = p.ingreso_pc_max "
        "AND NOT p.pam_depende ORDER BY p.ingreso_pc_min LIMIT 1"
    ).fetchone()[0]
    ingreso = sql.execute(
        "SELECT ingreso_pc_min FROM pobreza_medicion WHERE ciudadano_id = %s", (cid,)
    ).fetchone()[0]
    de_area = personal.crear(["administrador"], area="SSDS")
    personal.activar_como(de_area)
    mes = date(HOY.year, HOY.month, 1)
    with pytest.raises(ErrorDatos, match="solo un administrador estatal las cambia"):
        pobreza.fijar_linea(mes, 2600, ingreso + 1, 1900, 3500, "Prueba")
    estatal = personal.crear(["administrador"], alcance="estatal")
    personal.activar_como(estatal)
    f = pobreza.fijar_linea(mes, 2600, ingreso + 1, 1900, 3500, "INEGI, prueba")
    assert f.nueva and f.vigente and f.hogares > 100
    assert sql.execute(
        "SELECT p.clasificacion, l.mes FROM pobreza_medicion p JOIN linea_pobreza l "
        "ON l.id = p.linea_id WHERE p.ciudadano_id = %s",
        (cid,),
    ).fetchone() == ("vulnerable_ingresos", mes)
    assert pobreza.lineas()[0].registrado_por == estatal.usuario
    # a correction of that month, back under its income: back to where it was
    pobreza.fijar_linea(mes, 2600, ingreso, 1900, 3500, "INEGI, prueba corregida")
    assert sql.execute(
        "SELECT clasificacion FROM pobreza_medicion WHERE ciudadano_id = %s", (cid,)
    ).fetchone() == ("no_pobre_no_vulnerable",)
    # a month that has not begun, or lines out of order: refused
    with pytest.raises(ErrorDatos, match="el mes no ha empezado"):
        pobreza.fijar_linea(date(HOY.year + 1, 1, 1), 2600, 5000, 1900, 3500, "Prueba")
    with pytest.raises(ErrorDatos, match="debe ser mayor que la de pobreza extrema urbana"):
        pobreza.fijar_linea(mes, 5000, 4000, 1900, 3500, "Prueba")


def test_la_pension_de_adultos_mayores_se_vuelve_a_medir_con_las_lineas(sql, personal):
    """A woman of 70 whose only social security is a 2,200-peso older-adults pension: over
    the average extreme line of January 2026 (2,174.79), under one of 2,300."""
    cid = sql.execute(
        "SELECT c.id FROM ciudadano c WHERE c.sexo = 'M' AND "
        "extract(year FROM age(sipros_hoy(), c.fecha_nacimiento)) BETWEEN 66 AND 80 "
        "AND EXISTS (SELECT 1 FROM domicilio d WHERE d.ciudadano_id = c.id) LIMIT 1"
    ).fetchone()[0]
    e = sql.execute(
        "SELECT extract(year FROM age(sipros_hoy(), fecha_nacimiento))::int FROM ciudadano "
        "WHERE id = %s", (cid,)
    ).fetchone()[0]  # fmt: skip
    publica = "IMSS-Bienestar (antes INSABI o Seguro Popular)"
    r = hogar_cuis(miembro(sexo="Mujer", edad=e, trabajo="Se dedica a los quehaceres del hogar",
                           servicio_medico_trabajo=False, afore=False, pension_adultos=2200,
                           ingreso=2200, salud=[publica], nivel="Primaria", grado=6))  # fmt: skip
    with sql.transaction():
        sql.execute("SELECT set_config('sipros.motivo', 'Prueba', true)")
        sql.execute(
            "INSERT INTO cuestionario (ciudadano_id, formulario_id, respuestas) "
            "SELECT %s, max(id), %s FROM formulario WHERE clave = 'CUIS'",
            (cid, json.dumps(r)),
        )
    fila = "SELECT seguridad_social, pam_depende FROM pobreza_medicion WHERE ciudadano_id = %s"
    assert sql.execute(fila, (cid,)).fetchone() == (False, True)
    personal.activar_como(personal.crear(["administrador"], alcance="estatal"))
    pobreza.fijar_linea(date(HOY.year, HOY.month, 1), 2500, 4900, 2100, 3500, "Prueba")
    assert sql.execute(fila, (cid,)).fetchone() == (True, True)  # 2,200 < (2,500 + 2,100) / 2
    motivo = pobreza.medicion(cid).carencias[2].motivo
    assert "no recibe una pensión para adultos mayores de al menos $2,300.00" in motivo


def test_la_medicion_sigue_a_la_localidad_del_domicilio(sql):
    """The same household, urban or rural: the line it is compared with follows the home's
    locality."""
    cid = sql.execute(
        "SELECT p.ciudadano_id FROM pobreza_medicion p WHERE p.ambito = 'U' LIMIT 1"
    ).fetchone()[0]
    with sql.transaction():
        sql.execute("SELECT set_config('sipros.motivo', 'Prueba', true)")
        sql.execute(
            "UPDATE domicilio d SET municipio_id = l.municipio_id, localidad_id = l.id, "
            "colonia_id = NULL FROM localidad l WHERE l.ambito = 'R' AND d.ciudadano_id = %s",
            (cid,),
        )
    assert sql.execute(
        "SELECT p.ambito, p.municipio_id = d.municipio_id FROM pobreza_medicion p "
        "JOIN domicilio d ON d.ciudadano_id = p.ciudadano_id WHERE p.ciudadano_id = %s",
        (cid,),
    ).fetchone() == ("R", True)


def test_solo_dentro_del_alcance_y_nadie_la_escribe(personal, sql):
    """From psql: an official of an área reads the measure of the citizens of its
    programmes (positive control) and no other; no staff role writes it or recomputes the
    whole state; a state-wide administrator does."""
    dentro = sql.execute(
        "SELECT s.ciudadano_id FROM solicitud s JOIN convocatoria c ON c.id = s.convocatoria_id "
        "JOIN programa p ON p.id = c.programa_id JOIN area a ON a.id = p.area_id "
        "WHERE a.clave = 'SSDS' AND EXISTS (SELECT 1 FROM pobreza_medicion m "
        "WHERE m.ciudadano_id = s.ciudadano_id) LIMIT 1"
    ).fetchone()[0]
    fuera = sql.execute(
        "SELECT m.ciudadano_id FROM pobreza_medicion m WHERE NOT EXISTS (SELECT 1 FROM "
        "solicitud s JOIN convocatoria c ON c.id = s.convocatoria_id JOIN programa p ON "
        "p.id = c.programa_id JOIN area a ON a.id = p.area_id WHERE s.ciudadano_id = "
        "m.ciudadano_id AND a.clave = 'SSDS') AND NOT EXISTS (SELECT 1 FROM beneficio b "
        "JOIN programa p ON p.id = b.programa_id JOIN area a ON a.id = p.area_id WHERE "
        "b.ciudadano_id = m.ciudadano_id AND a.clave = 'SSDS') LIMIT 1"
    ).fetchone()[0]
    funcionario = personal.crear(["funcionario"], area="SSDS")
    with funcionario.conectar() as c:
        leer = "SELECT clasificacion FROM pobreza_medicion WHERE ciudadano_id = %s"
        assert c.execute(leer, (dentro,)).fetchone() is not None
        assert c.execute(leer, (fuera,)).fetchone() is None
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            c.execute("UPDATE pobreza_medicion SET clasificacion = 'sin_datos'")
    admin_area = personal.crear(["administrador"], area="SSDS")
    with admin_area.conectar() as c:
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="administrador estatal"):
            c.execute("SELECT * FROM sipros_pobreza_recalcular(0, 1000)")
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="administrador estatal"):
            c.execute(
                "INSERT INTO linea_pobreza (mes, extrema_urbana, pobreza_urbana, extrema_rural, "
                "pobreza_rural, fuente) VALUES ('2026-02-01', 1, 2, 1, 2, 'x')"
            )
        # a change of rows out of its scope changes none
        assert c.execute("UPDATE linea_pobreza SET fuente = 'x'").rowcount == 0
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            c.execute("SELECT sipros_pobreza_medir_de(%s)", ([dentro],))
    estatal = personal.crear(["administrador"], alcance="estatal")
    with estatal.conectar() as c:
        hasta, n = c.execute("SELECT * FROM sipros_pobreza_recalcular(0, 200000)").fetchone()
    assert n == sql.execute("SELECT count(DISTINCT ciudadano_id) FROM cuestionario").fetchone()[0]
    assert hasta == sql.execute("SELECT max(ciudadano_id) FROM cuestionario").fetchone()[0]


def test_recalcular_por_tandas_mide_cada_hogar_una_vez(personal, sql):
    """The whole state measured again in batches (each its own transaction): every household
    once, the same measure as before; the measure of a citizen whose questionnaires were
    removed behind the application's back goes; a batch size out of range is refused."""
    # (the demo measured the whole state at once — households with the same answers once —
    # and the batches measure each household by itself: the same measures and reasons)
    medidas = (
        "SELECT p.ciudadano_id, p.clasificacion, p.carencias, p.carencias_sin_datos, "
        "p.ingreso_pc_min, p.ingreso_pc_max, p.rezago_educativo, p.alimentacion, p.ambito, "
        "p.cuestionario_id, h.hogar FROM pobreza_medicion p JOIN pobreza_hogar h "
        "ON h.ciudadano_id = p.ciudadano_id ORDER BY 1"
    )
    antes = sql.execute(medidas).fetchall()
    # a questionnaire removed by the owner with the triggers off: its measure is left over
    sobra = antes[len(antes) // 2][0]
    with sql.transaction():
        sql.execute("SET LOCAL session_replication_role = replica")
        sql.execute("DELETE FROM cuestionario WHERE ciudadano_id = %s", (sobra,))
    sql.execute("UPDATE pobreza_medicion SET calculado = '2000-01-01'")
    personal.activar_como(personal.crear(["administrador"], alcance="estatal"))
    avances: list[tuple[int, int]] = []
    n = pobreza.recalcular(lambda hechos, total: avances.append((hechos, total)), tanda=7)
    despues = sql.execute(medidas).fetchall()
    assert n == len(antes) - 1 == len(despues)
    assert despues == [fila for fila in antes if fila[0] != sobra]
    assert (
        sql.execute(
            "SELECT count(*) FROM pobreza_medicion WHERE calculado = '2000-01-01'"
        ).fetchone()[0]
        == 0
    )
    assert len(avances) == -(-n // 7) + 1  # one per batch, and the empty one that ends it
    assert avances[-1] == (n, n) and all(a[0] <= b[0] for a, b in itertools.pairwise(avances))
    with pytest.raises(ErrorSipros, match="de 1 a 200,000 hogares"):
        pobreza.recalcular(tanda=0)


def test_reglas_de_pobreza_de_una_convocatoria():
    base = pobreza.Medicion(
        1, "pobreza_moderada",
        tuple(pobreza.Carencia(c, n, c == "alimentacion", "Motivo de prueba.")
              for c, n in pobreza.CARENCIAS),
        (), None, None, None, None, None, "U", None, 2, None, None,
    )  # fmt: skip
    assert pobreza.motivo_no_elegible({}, None) == ""
    assert pobreza.motivo_no_elegible({"pobreza": ["pobreza_moderada"]}, base) == ""
    assert pobreza.motivo_no_elegible({"pobreza": ["pobreza_extrema"]}, base) == (
        "Pide pobreza extrema; su hogar está en pobreza moderada."
    )
    assert pobreza.motivo_no_elegible({"carencias": ["alimentacion"]}, base) == ""
    assert pobreza.motivo_no_elegible({"carencias": ["salud"]}, base) == (
        "Pide carencia por acceso a los servicios de salud; no la tiene: Motivo de prueba."
    )
    assert "capture el cuestionario socioeconómico" in pobreza.motivo_no_elegible(
        {"carencias": ["salud"]}, None
    )


def test_por_municipio_dentro_del_alcance(personal, sql):
    estatal = personal.crear(["funcionario"], alcance="estatal")
    personal.activar_como(estatal)
    todos = pobreza.por_municipio(poblacion="registrados")
    assert (
        sum(r.personas for r in todos)
        == sql.execute("SELECT count(*) FROM pobreza_medicion").fetchone()[0]
    )
    t = pobreza.total(todos)
    assert sum(t.por_clase.values()) == t.personas
    de_area = personal.crear(["funcionario"], area="SSDS")
    bd.activar(de_area.url)
    benef = pobreza.por_municipio(poblacion="beneficiarios")
    esperados = sql.execute(
        "SELECT count(DISTINCT b.ciudadano_id) FROM beneficio b JOIN programa p ON "
        "p.id = b.programa_id JOIN area a ON a.id = p.area_id JOIN pobreza_medicion m ON "
        "m.ciudadano_id = b.ciudadano_id WHERE a.clave = 'SSDS'"
    ).fetchone()[0]
    assert 0 < sum(r.personas for r in benef) == esperados


# the figures as row-level security gives them, one row at a time (what the services read
# before 0023), against what the database counts in one pass
_POR_POLITICA = {
    "registrados": (
        "SELECT coalesce(m.clave, ''), pm.clasificacion, count(*), "
        "count(*) FILTER (WHERE pm.alimentacion), count(*) FILTER (WHERE pm.salud) "
        "FROM pobreza_medicion pm LEFT JOIN municipio m ON m.id = pm.municipio_id "
        "GROUP BY 1, 2"
    ),
    "beneficiarios": (
        "SELECT coalesce(m.clave, ''), x.clasificacion, count(*), "
        "count(*) FILTER (WHERE x.alimentacion), count(*) FILTER (WHERE x.salud) "
        "FROM (SELECT DISTINCT ON (b.ciudadano_id) b.municipio_id, pm.clasificacion, "
        "pm.alimentacion, pm.salud FROM beneficio b JOIN pobreza_medicion pm "
        "ON pm.ciudadano_id = b.ciudadano_id WHERE b.fecha_entrega >= %s "
        "ORDER BY b.ciudadano_id, b.fecha_entrega DESC, b.id DESC) x "
        "LEFT JOIN municipio m ON m.id = x.municipio_id GROUP BY 1, 2"
    ),
    "padron": (
        "SELECT pm.clasificacion, count(DISTINCT b.ciudadano_id), count(*), sum(b.monto) "
        "FROM beneficio b LEFT JOIN pobreza_medicion pm ON pm.ciudadano_id = b.ciudadano_id "
        "WHERE b.fecha_entrega >= %s GROUP BY 1"
    ),
}
_EN_LA_BASE = {
    "registrados": (
        "SELECT clave, clasificacion, personas, alimentacion, salud "
        "FROM sipros_pobreza_por_municipio(false, '{}')"
    ),
    "beneficiarios": (
        "SELECT clave, clasificacion, personas, alimentacion, salud "
        "FROM sipros_pobreza_por_municipio(true, jsonb_build_object('desde', %s::date)) "
        "WHERE clasificacion IS NOT NULL"
    ),
    "padron": (
        "SELECT clasificacion, beneficiarios, beneficios, monto "
        "FROM sipros_pobreza_padron(jsonb_build_object('desde', %s::date))"
    ),
}


def test_las_cifras_de_la_base_son_las_de_las_politicas(personal, sql):
    """sipros_pobreza_por_municipio and sipros_pobreza_padron count as the owner, in one pass:
    for each kind of account, exactly what row-level security lets it read — the database's
    owner (the embedded database's user), state-wide, an área's official and administrator, a
    clerk with the two citizens it opened — and a role that reads no benefit may not call
    them."""
    desde = sql.execute("SELECT min(fecha_entrega) + 200 FROM beneficio").fetchone()[0]
    ventanilla = personal.crear(["ventanilla"], alcance="estatal")
    cuentas = [
        personal.crear(["funcionario"], alcance="estatal"),
        personal.crear(["funcionario"], area="SSDS"),
        personal.crear(["administrador"], area="SSDS"),
        ventanilla,
    ]
    curps = [r[0] for r in sql.execute(
        "SELECT c.curp FROM ciudadano c WHERE EXISTS (SELECT 1 FROM beneficio b "
        "WHERE b.ciudadano_id = c.id) AND EXISTS (SELECT 1 FROM pobreza_medicion p "
        "WHERE p.ciudadano_id = c.id) ORDER BY c.id LIMIT 2"
    )]  # fmt: skip
    for cuenta in [None, *cuentas]:
        with personal.como_propietario() if cuenta is None else cuenta.conectar() as c:
            if cuenta is ventanilla:
                for curp in curps:
                    personal.abrir(c, curp)
            for que, politica in _POR_POLITICA.items():
                args = () if que == "registrados" else (desde,)
                esperado = sorted(c.execute(politica, args).fetchall(), key=str)
                obtenido = sorted(c.execute(_EN_LA_BASE[que], args).fetchall(), key=str)
                assert obtenido == esperado, (cuenta, que)
                assert esperado, (cuenta, que)
            # with those whose household it does not see (not measured, or not of its
            # scope): every beneficiary the benefits' policy shows it, each once
            assert (
                c.execute(
                    "SELECT sum(personas) FROM sipros_pobreza_por_municipio(true, "
                    "jsonb_build_object('desde', %s::date))",
                    (desde,),
                ).fetchone()[0]
                == c.execute(
                    "SELECT count(DISTINCT ciudadano_id) FROM beneficio WHERE fecha_entrega >= %s",
                    (desde,),
                ).fetchone()[0]
            ), cuenta
    consulta = personal.crear(["consulta"], alcance="estatal")
    with consulta.conectar() as c:
        for que in ("beneficiarios", "padron"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                c.execute(_EN_LA_BASE[que], (desde,))


def test_la_linea_de_ordenes(bd_demo, personal, sql, datos_locales, monkeypatch, capsys):
    """``pobreza lineas``, ``fijar``, ``hogar`` and ``recalcular`` as a state-wide
    administrator; an área administrator is told it may not change the lines (exit 1)."""
    from sipros_desktop.cli import main

    def como(cuenta) -> None:
        url = bd_demo.set(username=cuenta.usuario, password=cuenta.password)
        monkeypatch.setenv("SIPROS_DB_URL", url.render_as_string(hide_password=False))

    como(personal.crear(["administrador"], area="SSDS"))
    assert main(["pobreza", "fijar", "2026-02", "--extrema-urbana", "2500",
                 "--pobreza-urbana", "4850", "--extrema-rural", "1870", "--pobreza-rural",
                 "3470", "--fuente", "INEGI"]) == 1  # fmt: skip
    assert "solo un administrador estatal las cambia" in capsys.readouterr().err
    como(personal.crear(["administrador"], alcance="estatal"))
    assert main(["pobreza", "fijar", "02/2026", "--extrema-urbana", "$2,500.10",
                 "--pobreza-urbana", "4850", "--extrema-rural", "1870", "--pobreza-rural",
                 "3470", "--fuente", "INEGI, febrero de 2026", "--json"]) == 0  # fmt: skip
    r = json.loads(capsys.readouterr().out)
    assert r["mes"] == "2026-02" and r["extrema_urbana"] == "2500.10" and r["vigente"]
    assert r["hogares"] == sql.execute("SELECT count(*) FROM pobreza_medicion").fetchone()[0]
    assert main(["pobreza", "lineas"]) == 0
    salida = capsys.readouterr().out
    assert salida.startswith("febrero de 2026  (vigente)\n  urbana: extrema $2,500.10")
    assert "agosto de 2022" in salida
    curp, clase = sql.execute(
        "SELECT c.curp, p.clasificacion FROM pobreza_medicion p JOIN ciudadano c ON "
        "c.id = p.ciudadano_id WHERE p.carencias > 0 ORDER BY c.id LIMIT 1"
    ).fetchone()
    assert main(["pobreza", "hogar", curp.lower(), "--json"]) == 0
    h = json.loads(capsys.readouterr().out)
    assert h["clasificacion"] == clase and h["lineas"] == "2026-02"
    assert h["integrantes"][0]["n"] == 1 and len(h["carencias"]) == 6
    assert main(["pobreza", "hogar", curp]) == 0
    assert "Carencias:\n  Rezago educativo: " in capsys.readouterr().out
    assert main(["pobreza", "recalcular"]) == 0
    assert "hogares medidos otra vez desde sus respuestas" in capsys.readouterr().out


def test_una_convocatoria_pide_carencia_por_alimentacion(personal, sql):
    """A call for households with carencia por acceso a la alimentación: the front desk and the
    citizen-service desk explain why a citizen without it may not apply, as they do for age;
    the database refuses the filing from any client, and takes the one who has it."""
    from sipros_desktop.servicios import consulta
    from tests.datos import ELEGIBLE, presentar

    conv, tipo = sql.execute(
        "SELECT c.id, (SELECT t.id FROM tipo_apoyo t WHERE t.programa_id = c.programa_id "
        "LIMIT 1) FROM convocatoria c WHERE c.abierta AND c.fecha_apertura <= sipros_hoy() "
        "AND c.fecha_cierre >= sipros_hoy() AND c.formulario_id IS NULL "
        "AND c.cupo IS NULL ORDER BY c.id LIMIT 1"
    ).fetchone()
    sql.execute(
        'UPDATE convocatoria SET reglas = \'{"carencias": ["alimentacion"]}\' WHERE id = %s',
        (conv,),
    )
    elegibles = (
        "SELECT x.id, x.curp FROM ciudadano x JOIN convocatoria c ON c.id = %s "
        "JOIN pobreza_medicion p ON p.ciudadano_id = x.id WHERE p.alimentacion IS {} "
        f"AND {ELEGIBLE} AND NOT EXISTS (SELECT 1 FROM solicitud s WHERE s.ciudadano_id = x.id "
        "AND s.convocatoria_id = c.id) ORDER BY x.id LIMIT 1"
    )
    sin, curp_sin = sql.execute(elegibles.format("false"), (conv,)).fetchone()
    con, curp_con = sql.execute(elegibles.format("true"), (conv,)).fetchone()
    clerk = personal.crear(["ventanilla"], alcance="estatal")
    personal.activar_como(clerk)
    with clerk.conectar() as c:
        for curp in (curp_sin, curp_con):
            c.execute("SELECT sipros_abrir_expediente(%s)", (curp,))
    no = next(c for c in ventanilla.convocatorias_disponibles(sin) if c.id == conv)
    assert not no.elegible
    assert no.motivo.startswith(
        "Pide carencia por acceso a la alimentación nutritiva y de calidad; no la tiene: "
    )
    assert next(c for c in ventanilla.convocatorias_disponibles(con) if c.id == conv).elegible
    # the citizen-service desk: the same decision, without the household's reasons
    desk = personal.crear(["consulta"], alcance="estatal")
    personal.activar_como(desk)
    e = consulta.buscar(curp_sin)
    assert next(c for c in e.convocatorias if c.id == conv).motivo == (
        "Pide carencia por acceso a la alimentación nutritiva y de calidad; no la tiene."
    )
    # the database: from psql, whatever the client
    rechazo = "pide carencia por acceso a la alimentación nutritiva y de calidad; el ciudadano "
    with pytest.raises(psycopg.errors.CheckViolation, match=rechazo + "no la tiene"):
        presentar(sql, sin, conv, tipo)
    assert presentar(sql, con, conv, tipo)
    sql.execute(
        'UPDATE convocatoria SET reglas = \'{"pobreza": ["pobreza_extrema"]}\' WHERE id = %s',
        (conv,),
    )
    clase = sql.execute(
        "SELECT clasificacion FROM pobreza_medicion WHERE ciudadano_id = %s", (sin,)
    ).fetchone()[0]
    if clase != "pobreza_extrema":
        with pytest.raises(psycopg.errors.CheckViolation, match="es para hogares en pobreza "
                           "extrema; el hogar del ciudadano está en"):  # fmt: skip
            presentar(sql, sin, conv, tipo)


def test_reporte_de_pobreza_por_municipio_en_excel_y_pdf(personal, sql, tmp_path):
    """The report's totals are the beneficiaries of the filter, measured and by class; to Excel
    and to a PDF (the usual header, filters and pages)."""
    import openpyxl

    from sipros_desktop.servicios import pdf, reportes

    personal.activar_como(personal.crear(["funcionario"], area="SSDS"))
    n = reportes.exportar_excel("pobreza_por_municipio", reportes.Filtros(), tmp_path / "p.xlsx")
    filas = list(openpyxl.load_workbook(tmp_path / "p.xlsx", read_only=True).active.values)
    assert filas[0][:4] == ("Municipio", "Beneficiarios", "Hogar medido", "Pobreza extrema")
    assert len(filas) == n + 2 and filas[-1][0] == "Total"
    # each person once (the totals are people, as in Indicadores → Pobreza)
    personas, extrema = sql.execute(
        "SELECT count(DISTINCT b.ciudadano_id), count(DISTINCT b.ciudadano_id) FILTER (WHERE "
        "m.clasificacion = 'pobreza_extrema') FROM beneficio b "
        "JOIN programa p ON p.id = b.programa_id JOIN area a ON a.id = p.area_id "
        "LEFT JOIN pobreza_medicion m ON m.ciudadano_id = b.ciudadano_id WHERE a.clave = 'SSDS'"
    ).fetchone()
    assert (filas[-1][1], filas[-1][3]) == (personas, extrema)
    # its filters: the origin of the benefit; one it does not take is named
    por_origen = dict(sql.execute(
        "SELECT b.origen, count(DISTINCT b.ciudadano_id) FROM beneficio b JOIN programa p ON "
        "p.id = b.programa_id JOIN area a ON a.id = p.area_id WHERE a.clave = 'SSDS' GROUP BY 1"
    ).fetchall())  # fmt: skip
    r = reportes.vista_previa("pobreza_por_municipio", reportes.Filtros(origen="Solicitud"))
    assert r.totales[1] == por_origen["Solicitud"] > 0
    with pytest.raises(ErrorDatos, match="no se filtra por estado"):
        reportes.vista_previa("pobreza_por_municipio", reportes.Filtros(estado="Aprobada"))
    contenido = reportes.exportar_pdf(
        "pobreza_por_municipio", reportes.Filtros(), tmp_path / "p.pdf"
    )
    texto = pdf.texto(contenido)
    assert "Beneficiarios por pobreza del hogar y carencias, por municipio" in texto
    assert "página 1 de" in texto


def test_padron_por_pobreza_y_su_filtro(personal, sql):
    from sipros_desktop.servicios import padron

    personal.activar_como(personal.crear(["funcionario"], alcance="estatal"))
    filas = padron.por_pobreza(padron.Filtro())
    assert [f.clasificacion for f in filas][-1] == "sin_medicion"
    assert (
        sum(f.beneficiarios for f in filas)
        == sql.execute("SELECT count(DISTINCT ciudadano_id) FROM beneficio").fetchone()[0]
    )
    moderada = next(f for f in filas if f.clasificacion == "pobreza_moderada")
    t = padron.totales(padron.Filtro(clasificacion="pobreza_moderada"))
    assert (t.beneficiarios, t.beneficios) == (moderada.beneficiarios, moderada.beneficios)
    with pytest.raises(ErrorDatos, match="Clasificación de pobreza desconocida"):
        padron.totales(padron.Filtro(clasificacion="rica"))
