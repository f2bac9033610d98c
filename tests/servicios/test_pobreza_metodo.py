"""CONEVAL's multidimensional poverty measure as the database computes it: each deprivation's
criteria at their age, birth-year and threshold boundaries, the income per person with the
equivalence scale, the classification, and a table of handmade households with the class
each one must get. «Sin datos suficientes» (NULL) only when the answers cannot decide."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import psycopg
import pytest

from tests.conftest import _dsn
from tests.datos import hogar_cuis, miembro

FECHA = date(2026, 11, 25)  # the questionnaire's date in these cases (ages read against it)
LINEAS = (2486.40, 4843.11, 1863.17, 3465.76)  # INEGI, January 2026 (seeded by 0019)
UMBRAL_PAM = (2486.40 + 1863.17) / 2  # 2,174.785


@pytest.fixture(scope="module")
def con(bases, plantilla_vacia):
    """One migrated database for the whole module: these functions read no table."""
    url = bases.nueva(plantilla_vacia)
    with psycopg.connect(_dsn(url), autocommit=True) as c:
        yield c
    bases.borrar(url.database)


def uno(con, sql, *params):
    return con.execute(sql, params).fetchone()


# --------------------------------------------------------------------------- rezago educativo


def rezago(con, edad, anio, asiste, nivel, grado):
    return uno(
        con, "SELECT carencia, motivo FROM sipros_carencia_rezago_educativo(%s, %s, %s, %s, %s)",
        edad, anio, asiste, nivel, grado,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("edad", "anio", "asiste", "nivel", "grado", "esperado"),
    [
        (2, 2024, False, "Ninguno", None, False),  # under 3: never
        (3, 2023, False, "Ninguno", None, True),  # 3: school age, does not attend
        (3, 2023, True, "Preescolar", 1, False),
        (3, 2023, None, "Ninguno", None, None),  # attendance unknown and it matters
        (21, 2005, False, "Preparatoria o bachillerato", 2, True),
        (21, 2005, False, "Preparatoria o bachillerato", 3, False),  # finished: compulsory done
        (22, 2004, False, "Secundaria", 3, True),  # 22, born since 1998: media superior
        (22, 2004, True, "Secundaria", 3, True),  # attending no longer counts from 22 on
        (28, 1998, False, "Secundaria", 3, True),  # born in 1998: media superior
        (29, 1997, False, "Secundaria", 3, False),  # born in 1997: secundaria is enough
        (29, 1997, False, "Secundaria", 2, True),
        (44, 1982, False, "Primaria", 6, True),  # born in 1982: secundaria
        (45, 1981, False, "Primaria", 6, False),  # born in 1981: primaria is enough
        (45, 1981, False, "Primaria", 5, True),
        (45, 1981, False, "Primaria", None, None),  # the grade would decide: unknown
        (45, 1981, False, "Secundaria", None, False),  # any grade of secundaria is enough
        (60, 1966, False, "Normal o carrera técnica después de la primaria", 1, False),
        (30, 1996, False, "Normal o carrera técnica después de la primaria", 2, True),
        (30, 1996, False, "Normal o carrera técnica después de la primaria", 3, False),
        (25, 2001, False, "Normal o carrera técnica después de la secundaria", 3, False),
        (25, 2001, False, "Licenciatura, maestría o doctorado", None, False),
        (40, 1986, False, None, None, None),  # level unknown
        (None, None, False, "Primaria", 6, None),  # age unknown
        (15, 1990, False, "Primaria", 6, None),  # age and birth year disagree
    ],
)
def test_rezago_educativo_por_edad_y_anio_de_nacimiento(
    con, edad, anio, asiste, nivel, grado, esperado
):
    carencia, motivo = rezago(con, edad, anio, asiste, nivel, grado)
    assert carencia is esperado, motivo
    if esperado is None:
        assert motivo.startswith("Sin datos suficientes: ")


def test_rezago_educativo_dice_el_nivel_obligatorio_de_su_generacion(con):
    assert rezago(con, 44, 1982, False, "Primaria", 6)[1] == (
        "Nació en 1982 (entre 1982 y 1997) y no terminó la secundaria, lo obligatorio para su "
        "generación."
    )
    assert rezago(con, 10, 2016, False, "Primaria", 3)[1] == (
        "Tiene 10 años, no asiste a la escuela y no ha terminado la educación obligatoria "
        "(media superior)."
    )
    assert rezago(con, 45, 1981, False, "Primaria", None)[1] == (
        "Sin datos suficientes: falta el último grado aprobado."
    )


def test_el_anio_de_nacimiento_sale_de_la_fecha_si_se_sabe(con):
    """28 years old on 25/11/2026 with secundaria: born on 20/12/1997 (a 1997 generation:
    secundaria is enough) or, without the date, taken as born in 2026 − 28 = 1998 (media
    superior is compulsory)."""
    fecha = date(2026, 11, 25)
    con_fecha = miembro(edad=28, nivel="Secundaria", grado=3, nacimiento="1997-12-20")
    sin_fecha = miembro(edad=28, nivel="Secundaria", grado=3)
    for m, esperado in ((con_fecha, False), (sin_fecha, True)):
        h = medir(con, hogar_cuis(m), fecha)
        assert h["integrantes"][0]["rezago_educativo"]["carencia"] is esperado


# --------------------------------------------------------------------------- salud


@pytest.mark.parametrize(
    ("afiliacion", "esperado"),
    [
        (["Ninguna"], True),
        (["IMSS"], False),
        (["IMSS-Bienestar (antes INSABI o Seguro Popular)"], False),
        (["Seguro médico privado", "ISSSTE o ISSSTE estatal"], False),
        ([], None),
        (None, None),
    ],
)
def test_salud(con, afiliacion, esperado):
    carencia, motivo = uno(
        con,
        "SELECT carencia, motivo FROM sipros_carencia_salud(%s::jsonb)",
        None if afiliacion is None else json.dumps(afiliacion),
    )
    assert carencia is esperado, motivo


# --------------------------------------------------------------------------- seguridad social

EMPLEADO = "Trabaja para un patrón, empresa o gobierno"
CUENTA_PROPIA = "Trabaja por su cuenta o es patrón"
JUBILADO = "Jubilada(o) o pensionada(o)"
HOGAR = "Se dedica a los quehaceres del hogar"


@pytest.mark.parametrize(
    ("edad", "trabajo", "medico", "afore", "otro", "esperado"),
    [
        (40, EMPLEADO, True, False, False, True),
        (40, EMPLEADO, False, True, False, False),
        (40, CUENTA_PROPIA, True, True, False, True),
        (40, CUENTA_PROPIA, True, False, False, False),  # self-employed: needs the Afore too
        (40, CUENTA_PROPIA, False, True, True, True),  # medical service by own contract
        (70, JUBILADO, None, None, None, True),
        (15, EMPLEADO, True, True, False, False),  # under 16: not by work
        (16, EMPLEADO, True, True, False, True),
        (40, HOGAR, None, None, None, False),
        (40, None, True, True, False, None),
        (10, None, None, None, None, False),  # a child's work is not asked: no direct access
        (40, EMPLEADO, None, None, False, None),
    ],
)
def test_seguridad_social_directa(con, edad, trabajo, medico, afore, otro, esperado):
    assert uno(
        con, "SELECT sipros_seguridad_social_directa(%s, %s, %s, %s, %s)",
        edad, trabajo, medico, afore, otro,
    )[0] is esperado  # fmt: skip


def seguridad_social(con, parentesco, edad, trabajo, directo=False, jefe=False, conyuge=False,
                     hijo=False, asiste=None, otro=False, pam=0, umbral=UMBRAL_PAM):  # fmt: skip
    return uno(
        con,
        "SELECT carencia, motivo FROM sipros_carencia_seguridad_social(%s, %s, %s, %s, %s, %s, "
        "%s, %s, %s, %s::numeric, %s::numeric)",
        parentesco, edad, asiste, trabajo, directo, jefe, conyuge, hijo, otro, pam, umbral,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("caso", "esperado"),
    [
        (dict(parentesco="Jefa o jefe del hogar", edad=40, trabajo=EMPLEADO, directo=True), False),
        (dict(parentesco="Jefa o jefe del hogar", edad=40, trabajo=EMPLEADO), True),
        # the head through the spouse; through a child only when not economically active
        (dict(parentesco="Jefa o jefe del hogar", edad=40, trabajo=HOGAR, conyuge=True), False),
        (dict(parentesco="Jefa o jefe del hogar", edad=60, trabajo=HOGAR, hijo=True), False),
        (dict(parentesco="Jefa o jefe del hogar", edad=60, trabajo=EMPLEADO, hijo=True), True),
        (dict(parentesco="Esposa(o) o pareja", edad=38, trabajo=HOGAR, jefe=True), False),
        # children: under 16 always; 16 to 25 only attending school
        (dict(parentesco="Hija(o)", edad=15, trabajo=None, jefe=True), False),
        (dict(parentesco="Hija(o)", edad=16, trabajo=HOGAR, jefe=True, asiste=False), True),
        (
            dict(
                parentesco="Hija(o)",
                edad=16,
                trabajo="Estudia y no trabaja",
                jefe=True,
                asiste=True,
            ),
            False,
        ),
        (
            dict(
                parentesco="Hija(o)",
                edad=25,
                trabajo="Estudia y no trabaja",
                conyuge=True,
                asiste=True,
            ),
            False,
        ),
        (
            dict(
                parentesco="Hija(o)",
                edad=26,
                trabajo="Estudia y no trabaja",
                jefe=True,
                asiste=True,
            ),
            True,
        ),
        (dict(parentesco="Hija(o)", edad=20, trabajo=None, jefe=True, asiste=None), None),
        # the head's parent through the head, the parent-in-law through the spouse
        (dict(parentesco="Madre o padre", edad=70, trabajo=HOGAR, jefe=True), False),
        (dict(parentesco="Madre o padre", edad=70, trabajo=CUENTA_PROPIA, jefe=True), True),
        (dict(parentesco="Suegra(o)", edad=70, trabajo=HOGAR, jefe=True), True),
        (dict(parentesco="Suegra(o)", edad=70, trabajo=HOGAR, conyuge=True), False),
        (dict(parentesco="Nieta(o)", edad=10, trabajo=None, jefe=True, conyuge=True), True),
        (dict(parentesco="Otro pariente", edad=30, trabajo=HOGAR, otro=True), False),
        # older adults' pension: 65 or more, at least the average extreme-poverty line
        (dict(parentesco="Jefa o jefe del hogar", edad=65, trabajo=HOGAR, pam=3100), False),
        (dict(parentesco="Jefa o jefe del hogar", edad=65, trabajo=HOGAR, pam=2174.79), False),
        (dict(parentesco="Jefa o jefe del hogar", edad=65, trabajo=HOGAR, pam=2174.78), True),
        (dict(parentesco="Jefa o jefe del hogar", edad=64, trabajo=HOGAR, pam=3100), True),
        (dict(parentesco="Jefa o jefe del hogar", edad=70, trabajo=HOGAR, pam=None), None),
        (
            dict(parentesco="Jefa o jefe del hogar", edad=70, trabajo=HOGAR, pam=3100, umbral=None),
            None,
        ),
        (dict(parentesco="Jefa o jefe del hogar", edad=40, trabajo=None, directo=None), None),
    ],
)
def test_seguridad_social(con, caso, esperado):
    carencia, motivo = seguridad_social(con, **caso)
    assert carencia is esperado, motivo


def test_seguridad_social_dice_por_que(con):
    assert seguridad_social(con, "Esposa(o) o pareja", 38, HOGAR, jefe=True)[1] == (
        "Tiene seguridad social por un familiar del hogar (su pareja)."
    )
    assert seguridad_social(con, "Jefa o jefe del hogar", 70, HOGAR, pam=3100)[1] == (
        "Tiene 70 años y recibe una pensión para adultos mayores de $3,100.00, igual o mayor que "
        "el promedio de las líneas de pobreza extrema urbana y rural ($2,174.79)."
    )


# --------------------------------------------------------------------------- vivienda, servicios

LADRILLO = "Tabique, ladrillo, block, piedra, cantera, cemento o concreto"


@pytest.mark.parametrize(
    ("piso", "techo", "muros", "personas", "cuartos", "esperado"),
    [
        ("Cemento o firme", "Losa de concreto", LADRILLO, 4, 2, False),
        ("Tierra", "Losa de concreto", LADRILLO, 4, 2, True),
        ("Cemento o firme", "Lámina de cartón o desecho", LADRILLO, 4, 2, True),
        ("Cemento o firme", "Lámina metálica o de asbesto", LADRILLO, 4, 2, False),
        ("Cemento o firme", "Losa de concreto", "Embarro o bajareque", 4, 2, True),
        ("Cemento o firme", "Losa de concreto", "Lámina metálica o de asbesto", 4, 2, True),
        ("Cemento o firme", "Losa de concreto", "Adobe", 4, 2, False),
        ("Cemento o firme", "Losa de concreto", LADRILLO, 5, 2, False),  # 2.5: not overcrowded
        ("Cemento o firme", "Losa de concreto", LADRILLO, 6, 2, True),  # 3 per room
        ("Cemento o firme", "Losa de concreto", None, 4, 2, None),
        ("Tierra", "Losa de concreto", None, 4, None, True),  # the floor decides alone
    ],
)
def test_calidad_y_espacios_de_la_vivienda(con, piso, techo, muros, personas, cuartos, esperado):
    carencia, motivo = uno(
        con, "SELECT carencia, motivo FROM sipros_carencia_vivienda(%s, %s, %s, %s, %s)",
        piso, techo, muros, personas, cuartos,
    )  # fmt: skip
    assert carencia is esperado, motivo


def test_hacinamiento_dice_cuantos_por_cuarto(con):
    assert (
        uno(
            con,
            "SELECT motivo FROM sipros_carencia_vivienda('Tierra', 'Losa de concreto', %s, 6, 2)",
            LADRILLO,
        )[0]
        == "Piso de tierra; hacinamiento: 6 personas en 2 cuartos (3.00 por cuarto, más de 2.5)."
    )


DENTRO = "Entubada dentro de la vivienda"
RED = "A la red pública"


@pytest.mark.parametrize(
    ("agua", "desague", "drenaje", "luz", "combustible", "chimenea", "esperado"),
    [
        (DENTRO, RED, None, True, "Gas", None, False),
        (
            "Entubada fuera de la vivienda, en el terreno",
            "A una fosa o tanque séptico (biodigestor)",
            None,
            True,
            "Electricidad",
            None,
            False,
        ),
        ("De llave pública o pipa", RED, None, True, "Gas", None, True),
        ("Por acarreo de otra vivienda", RED, None, True, "Gas", None, True),
        (DENTRO, "A una tubería que va a dar a un río, lago o mar", None, True, "Gas", None, True),
        (DENTRO, "No tiene drenaje", None, True, "Gas", None, True),
        (DENTRO, RED, None, False, "Gas", None, True),
        (DENTRO, RED, None, True, "Leña o carbón", False, True),
        (DENTRO, RED, None, True, "Leña o carbón", True, False),
        (DENTRO, RED, None, True, "Leña o carbón", None, None),
        (DENTRO, None, False, True, "Gas", None, True),  # first CUIS: «no drainage» decides
        (DENTRO, None, True, True, "Gas", None, None),  # «yes» does not say where it goes
    ],
)
def test_servicios_basicos(con, agua, desague, drenaje, luz, combustible, chimenea, esperado):
    carencia, motivo = uno(
        con, "SELECT carencia, motivo FROM sipros_carencia_servicios(%s, %s, %s, %s, %s, %s)",
        agua, desague, drenaje, luz, combustible, chimenea,
    )  # fmt: skip
    assert carencia is esperado, motivo


# --------------------------------------------------------------------------- alimentación

ACEPTABLE = [7, 3, 5, 4, 4, 3, 1, 5, 5, 7, 7, 7]
# 2×7 + 7 + 7 + 4×0 + 3×4 + 4×0 + 0.5×4 = 42: borderline diet, so limited consumption
LIMITE_42 = [7, 0, 7, 7, 0, 0, 0, 4, 0, 4, 0, 0]


def alimentacion(con, adultos, menores=None, hay_menores=False, dias=ACEPTABLE):
    return uno(
        con, "SELECT carencia, motivo FROM sipros_carencia_alimentacion(%s, %s, %s, %s)",
        adultos, menores, hay_menores, dias,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("adultos", "menores", "hay_menores", "dias", "esperado"),
    [
        ([False] * 6, None, False, ACEPTABLE, False),
        ([True, True] + [False] * 4, None, False, ACEPTABLE, False),  # 2 of 6: mild
        ([True] * 3 + [False] * 3, None, False, ACEPTABLE, True),  # 3 of 6: moderate
        ([True] * 3 + [False] * 3, [False] * 6, True, ACEPTABLE, False),  # 3 of 12: mild
        ([True] * 3 + [False] * 3, [True] + [False] * 5, True, ACEPTABLE, True),  # 4 of 12
        ([False] * 6, None, False, LIMITE_42, True),  # score 42: borderline
        ([False] * 6, None, False, [*LIMITE_42[:10], 1, 0], False),  # 42.5: acceptable
        ([True, True, True, None, None, None], None, False, None, True),  # 3 yes decide
        ([False, False, None, None, None, None], None, False, ACEPTABLE, None),
        ([False] * 6, None, False, ACEPTABLE[:9] + [None] * 3, False),  # over 42 anyway
        ([False] * 6, None, False, [None] * 12, None),
    ],
)
def test_alimentacion(con, adultos, menores, hay_menores, dias, esperado):
    carencia, motivo = alimentacion(con, adultos, menores, hay_menores, dias)
    assert carencia is esperado, motivo


def test_alimentacion_dice_el_grado_y_el_puntaje(con):
    assert alimentacion(con, [True] * 5 + [False])[1] == (
        "Inseguridad alimentaria severa (5 de 6 respuestas afirmativas en la escala de seguridad "
        "alimentaria)."
    )
    assert alimentacion(con, [False] * 6, dias=LIMITE_42)[1] == (
        "Consumo limitado de alimentos (puntaje 42 de 112: dieta limítrofe, de 28.5 a 42)."
    )


# --------------------------------------------------------------------------- ingreso, líneas


@pytest.mark.parametrize(
    ("ingreso", "edades", "integrantes", "minimo", "maximo"),
    [
        (5000, [40], None, 5000, 5000),  # one member weighs 1
        (9945, [40, 38], None, 5000, 5000),  # two adults: 2 × 0.9945
        (7031, [5, 30], None, 4141.73, 4141.73),  # 0.7031 + 0.9945
        (7382, [6, 30], None, 4260.40, 4260.40),  # 0.7382 from 6
        (7382, [12, 30], None, 4260.40, 4260.40),
        (7057, [13, 30], None, 4150.69, 4150.69),  # 0.7057 from 13
        (7057, [18, 30], None, 4150.69, 4150.69),
        (9945, [19, 30], None, 5000, 5000),  # 0.9945 from 19
        (10000, [], 3, 3351.77, 4740.91),  # the first CUIS: three people of unknown ages
        (10000, [40, None], None, 5027.65, 5890.67),
        (None, [40], None, None, None),
    ],
)
def test_ingreso_por_persona_con_escalas_de_equivalencia(
    con, ingreso, edades, integrantes, minimo, maximo
):
    r = uno(
        con,
        "SELECT * FROM sipros_pobreza_ingreso(%s::numeric, %s::integer[], %s)",
        ingreso,
        edades,
        integrantes,
    )
    assert r == (
        None if minimo is None else Decimal(str(minimo)).quantize(Decimal("0.01")),
        None if maximo is None else Decimal(str(maximo)).quantize(Decimal("0.01")),
    )


@pytest.mark.parametrize(
    ("minimo", "maximo", "ambito", "esperado"),
    [
        (4843.11, 4843.11, "U", False),  # at the urban line: not under it
        (4843.10, 4843.10, "U", True),
        (3465.76, 3465.76, "R", False),
        (3465.75, 3465.75, "R", True),
        (4000, 4000, None, None),  # between the rural and the urban line, ámbito unknown
        (3000, 3000, None, True),
        (5000, 5000, None, False),
        (3000, 5000, "U", None),  # an interval across the line
    ],
)
def test_bajo_la_linea(con, minimo, maximo, ambito, esperado):
    sql = "SELECT sipros_pobreza_bajo_linea(%s::numeric, %s::numeric, %s, 4843.11, 3465.76)"
    assert uno(con, sql, minimo, maximo, ambito)[0] is esperado


@pytest.mark.parametrize(
    ("lpei", "lpi", "carencias", "sin_datos", "esperado"),
    [
        (True, True, 3, 0, "pobreza_extrema"),
        (True, True, 2, 0, "pobreza_moderada"),  # under the extreme line, 2 deprivations
        (False, True, 3, 0, "pobreza_moderada"),
        (False, True, 0, 0, "vulnerable_ingresos"),
        (True, True, 0, 0, "vulnerable_ingresos"),
        (False, False, 1, 0, "vulnerable_carencias"),
        (False, False, 0, 0, "no_pobre_no_vulnerable"),
        (True, True, 3, 2, "pobreza_extrema"),  # unknowns that cannot change it
        (True, True, 2, 1, "sin_datos"),  # moderate or extreme
        (False, False, 0, 1, "sin_datos"),
        (False, None, 1, 0, "sin_datos"),  # moderate or vulnerable by deprivations
        (None, None, 0, 0, "sin_datos"),
        (None, True, 1, 0, "pobreza_moderada"),  # extreme needs 3: moderate either way
        (None, False, 4, 0, "vulnerable_carencias"),
    ],
)
def test_clasificacion(con, lpei, lpi, carencias, sin_datos, esperado):
    assert uno(con, "SELECT sipros_pobreza_clasificar(%s, %s, %s, %s)", lpei, lpi, carencias,
               sin_datos)[0] == esperado  # fmt: skip


# --------------------------------------------------------------------------- hogares hechos a mano


def medir(con, respuestas: dict, fecha: date = FECHA, ambito: str | None = "U") -> dict:
    r = uno(
        con,
        "SELECT sipros_hogar_medir(%s::jsonb, %s, %s, "
        "ROW(1, DATE '2026-01-01', %s::numeric, %s::numeric, %s::numeric, %s::numeric, "
        "'prueba', now(), 'prueba')::linea_pobreza)",
        json.dumps(respuestas), fecha, ambito, *LINEAS,
    )[0]  # fmt: skip
    return r


def clasificar_solicitante(con, respuestas: dict, ambito: str | None = "U") -> tuple[str, dict]:
    h = medir(con, respuestas, ambito=ambito)
    yo = h["integrantes"][0] if h["integrantes"] else {}
    carencias = [
        (yo.get(c) or {}).get("carencia") for c in ("rezago_educativo", "salud", "seguridad_social")
    ] + [h[c]["carencia"] for c in ("vivienda", "servicios", "alimentacion")]
    bajo = (
        "SELECT sipros_pobreza_bajo_linea(%s::numeric, %s::numeric, %s, %s::numeric, %s::numeric)"
    )
    # the urban and rural lines of January 2026, extreme and not
    pc = (h["ingreso_pc_min"], h["ingreso_pc_max"], ambito)
    lpei = uno(con, bajo, *pc, LINEAS[0], LINEAS[2])[0]
    lpi = uno(con, bajo, *pc, LINEAS[1], LINEAS[3])[0]
    clase = uno(
        con, "SELECT sipros_pobreza_clasificar(%s, %s, %s, %s)", lpei, lpi,
        sum(1 for c in carencias if c), sum(1 for c in carencias if c is None),
    )[0]  # fmt: skip
    return clase, h


POBRE = dict(ingreso=1500)  # 1,500 pesos a month: under the extreme line on its own
SIN_SEGURO = dict(salud=["Ninguna"], trabajo=CUENTA_PROPIA, servicio_medico_trabajo=False,
                  afore=False)  # fmt: skip
HOGARES = [
    # (what the household is, its answers, the ámbito, the applicant's expected class)
    ("sin carencias, ingreso suficiente", hogar_cuis(), "U", "no_pobre_no_vulnerable"),
    ("sin carencias, ingreso bajo", hogar_cuis(miembro(**POBRE)), "U", "vulnerable_ingresos"),
    (
        "una carencia (piso de tierra), ingreso suficiente",
        hogar_cuis(piso="Tierra"),
        "U",
        "vulnerable_carencias",
    ),
    (
        "tres carencias e ingreso bajo la línea de pobreza extrema",
        hogar_cuis(miembro(**POBRE, **SIN_SEGURO), piso="Tierra"),
        "U",
        "pobreza_extrema",
    ),
    (
        "dos carencias e ingreso bajo la línea extrema: moderada",
        hogar_cuis(miembro(**POBRE, **SIN_SEGURO)),
        "U",
        "pobreza_moderada",
    ),
    (
        "tres carencias, ingreso entre las líneas urbanas",
        hogar_cuis(miembro(ingreso=3000, **SIN_SEGURO), piso="Tierra"),
        "U",
        "pobreza_moderada",
    ),
    (
        "el mismo ingreso en una localidad rural: sobre la línea de pobreza",
        hogar_cuis(miembro(ingreso=3600, **SIN_SEGURO)),
        "R",
        "vulnerable_carencias",
    ),
    (
        "ámbito desconocido, ingreso entre la línea rural y la urbana",
        hogar_cuis(miembro(ingreso=4000)),
        None,
        "sin_datos",
    ),
    (
        "ámbito desconocido, ingreso sobre ambas líneas",
        hogar_cuis(miembro(ingreso=6000)),
        None,
        "no_pobre_no_vulnerable",
    ),
    (
        "familia: jefe asalariado, pareja en el hogar, dos hijos en la escuela",
        hogar_cuis(
            miembro(edad=40, ingreso=12000),
            miembro(
                "Esposa(o) o pareja",
                "Hombre",
                38,
                trabajo=HOGAR,
                ingreso=0,
                servicio_medico_trabajo=None,
                afore=None,
            ),
            miembro(
                "Hija(o)",
                "Mujer",
                14,
                asiste_escuela=True,
                nivel="Secundaria",
                grado=2,
                trabajo=None,
                ingreso=0,
            ),
            miembro(
                "Hija(o)",
                "Hombre",
                9,
                asiste_escuela=True,
                nivel="Primaria",
                grado=3,
                trabajo=None,
                ingreso=0,
            ),
        ),
        "U",
        "vulnerable_ingresos",
    ),  # 12,000 / (0.9945 × 2 + 0.7057 + 0.7382) = 3,495.59: under
    # the urban poverty line of 4,843.11, and no deprivation
    (
        "la solicitante es la pareja, sin trabajo: su seguridad social por el jefe",
        hogar_cuis(
            miembro(
                "Esposa(o) o pareja",
                "Mujer",
                35,
                trabajo=HOGAR,
                ingreso=0,
                servicio_medico_trabajo=None,
                afore=None,
                salud=["IMSS"],
            ),
            miembro("Jefa o jefe del hogar", "Hombre", 37, ingreso=20000),
        ),
        "U",
        "no_pobre_no_vulnerable",
    ),
    (
        "adulta mayor sola, sin seguro, pensión de adultos mayores de 3,100",
        hogar_cuis(
            miembro(
                edad=72,
                trabajo=HOGAR,
                salud=["IMSS-Bienestar (antes INSABI o Seguro Popular)"],
                servicio_medico_trabajo=None,
                afore=None,
                pension_adultos=3100,
                ingreso=3100,
                nivel="Primaria",
                grado=6,
            ),
            cuartos_total=2,
        ),
        "U",
        "vulnerable_ingresos",
    ),
    (
        "hogar con menores e inseguridad alimentaria moderada (4 de 12)",
        hogar_cuis(
            miembro(ingreso=30000),
            miembro(
                "Hija(o)",
                "Hombre",
                8,
                asiste_escuela=True,
                nivel="Primaria",
                grado=2,
                trabajo=None,
                ingreso=0,
            ),
            sin_comida=True,
            alimentacion_poca=True,
            comio_menos=True,
            menores_poca=True,
            menores_sin_comer=False,
            menores_menos_servida=False,
            menores_hambre=False,
            menores_acosto_hambre=False,
            menores_una_vez=False,
        ),
        "U",
        "vulnerable_carencias",
    ),
    (
        "falta el material de los muros: no se sabe si tiene una carencia",
        hogar_cuis(miembro(ingreso=2000), muros=None),
        "U",
        "sin_datos",
    ),
    ("falta el ingreso del hogar", hogar_cuis(otros_ingresos=None), "U", "sin_datos"),
]


@pytest.mark.parametrize(("nombre", "respuestas", "ambito", "esperada"), HOGARES,
                         ids=[h[0] for h in HOGARES])  # fmt: skip
def test_hogares_hechos_a_mano(con, nombre, respuestas, ambito, esperada):
    respuestas = {k: v for k, v in respuestas.items() if v is not None}
    clase, h = clasificar_solicitante(con, respuestas, ambito)
    assert clase == esperada, json.dumps(h, ensure_ascii=False, indent=1)


def test_un_cuestionario_de_la_primera_version_decide_lo_que_puede(con):
    """The first CUIS (no list of members): a floor of earth still decides the home's
    deprivation; the personal ones are «sin datos suficientes», never a guess."""
    v1 = {
        "integrantes": 3, "menores_18": 1, "piso": "Tierra", "techo": "Losa de concreto",
        "cuartos": 1, "agua": "Entubada dentro de la vivienda", "drenaje": True,
        "electricidad": True, "combustible": "Gas", "ingreso_mensual": 3000,
        "alimentacion_poca": True, "comio_menos": True, "sin_comer": True,
        "menores_sin_comer": True,
    }  # fmt: skip
    h = medir(con, v1)
    assert h["integrantes"] == []
    assert h["vivienda"]["carencia"] is True
    assert h["servicios"]["carencia"] is None  # where the drainage goes is unknown
    assert h["alimentacion"]["carencia"] is True  # 4 of 12 already: moderate
    # 3,000 among three people of unknown ages: 1,005–1,422 a person, under the extreme line
    assert h["ingreso_pc_max"] < LINEAS[0]
    # under the extreme line with 2 deprivations and 4 unknown: moderate or extreme
    clase, _ = clasificar_solicitante(con, v1)
    assert clase == "sin_datos"
