from datetime import date

import pytest

from sipros_desktop.servicios import curp
from sipros_desktop.servicios.curp import analizar, construir


@pytest.mark.parametrize(
    "curp",
    ["COCE070622HDFRRTA3", "RACK070815MQTMSRA5", "AARA070528MQTRNSA0", "GUAJ070604MQTLGMA7"],
)
def test_curps_del_seed_son_validas(curp):
    info = analizar(curp)
    assert info.valida, info.errores
    assert info.errores == []


def test_deriva_fecha_sexo_y_entidad():
    info = analizar(" coce070622hdfrrta3 ")
    assert info.curp == "COCE070622HDFRRTA3"
    assert info.fecha_nacimiento == date(2007, 6, 22)
    assert info.sexo == "H"
    assert info.entidad == "DF"
    assert info.entidad_nombre == "Ciudad de México"


def test_explica_digito_verificador_incorrecto():
    info = analizar("RACK070815MQTMSRA4")
    assert not info.valida
    assert any("dígito verificador" in e and "debería ser 5" in e for e in info.errores)


def test_explica_longitud_y_entidad_y_fecha():
    corta = analizar("RACK0708")
    assert not corta.valida and "tiene 8" in corta.errores[0]
    entidad = analizar("RATI070217MQZFRVA7")  # the seed's own typo: QZ is no state
    assert any("QZ" in e for e in entidad.errores)
    fecha = analizar("RACK071315MQTMSRA5")
    assert any("no existe" in e for e in fecha.errores)


def test_construir_reproduce_curps_reales_del_seed():
    assert construir("Ethan", "Corral", "Cervantes", date(2007, 6, 22), "H", "DF", "A") == (
        "COCE070622HDFRRTA3"
    )
    assert construir("Karla", "Ramírez", "Castillo", date(2007, 8, 15), "M", "QT", "A") == (
        "RACK070815MQTMSRA5"
    )


def test_construir_aplica_particulas_nombres_compuestos_y_enie():
    curp = construir("María de Lourdes", "de la Peña", "Núñez", date(1987, 11, 8), "M", "QT")
    # PEÑA -> P E, NUÑEZ -> N, LOURDES (MARIA skipped) -> L; Ñ as internal consonant -> X
    assert curp.startswith("PENL871108MQTXXR0")
    assert analizar(curp).valida


def test_construir_sin_apellido_materno_usa_x():
    curp = construir("Juan", "Pérez", None, date(1990, 1, 1), "H", "QT")
    assert curp[2] == "X" and curp[14] == "X"
    assert analizar(curp).valida


# ----------------------------------------------------------------- CURP against captured data
from sipros_desktop.servicios.curp import comparar  # noqa: E402


@pytest.mark.parametrize(
    ("nombre", "paterno", "materno", "nacimiento", "sexo", "esperada"),
    [
        # particles are skipped; MARÍA of a compound name is skipped; Ñ counts as X
        ("María de los Ángeles", "de la Peña", "Núñez", date(1990, 5, 3), "M", "PENA900503MQTXXN0"),
        ("José Luis", "Del Río", None, date(2003, 1, 9), "H", "RIXL030109HQTXXSA"),
        ("Ximena", "Ñeco", "Ortiz", date(1985, 12, 1), "M", "XEOX851201MQTCRM0"),
    ],
)
def test_curp_construida_con_las_reglas_de_renapo(
    nombre, paterno, materno, nacimiento, sexo, esperada
):
    c = construir(nombre, paterno, materno, nacimiento, sexo, "QT")
    assert c[:17] == esperada
    assert analizar(c).valida
    assert comparar(c, nombre, paterno, materno, nacimiento, sexo, "QT") == []


def test_palabra_inconveniente_se_sustituye_y_no_es_discrepancia():
    # BUEI would be an inconvenient word: RENAPO writes BXEI
    c = construir("Ignacio", "Buendía", "Estrada", date(1970, 2, 2), "H", "QT")
    assert c.startswith("BXEI")
    assert comparar(c, "Ignacio", "Buendía", "Estrada", date(1970, 2, 2), "H") == []


def test_cada_discrepancia_se_explica():
    c = construir("Karla", "Ramírez", "Castillo", date(2007, 8, 15), "M", "QT")
    errores = comparar(c, "Carla", "Ramírez", "Castillo", date(2007, 8, 16), "H", "GT")
    texto = "\n".join(errores)
    assert "Posición 4" in texto and "«C»" in texto  # initial of the given name
    assert "fecha de la CURP (15/08/07)" in texto
    assert "Posición 11" in texto and "Hombre" in texto
    assert "Posiciones 12-13" in texto
    assert len(errores) == 4


def test_siglo_de_la_posicion_17():
    c = construir("Ana", "Soto", "Vega", date(1999, 1, 1), "M", "QT")
    otra = c[:16] + "A" + c[17]
    errores = comparar(otra, "Ana", "Soto", "Vega", date(1999, 1, 1), "M")
    assert any("Posición 17" in e and "a partir del año 2000" in e for e in errores)


def test_cli_curp_json(capsys):
    import json

    from sipros_desktop.cli import main

    assert main(["curp", "RACK070815MQTMSRA5", "--json"]) == 0
    datos = json.loads(capsys.readouterr().out)
    assert datos == {
        "curp": "RACK070815MQTMSRA5",
        "valida": True,
        "errores": [],
        "fecha_nacimiento": "2007-08-15",
        "sexo": "M",
        "entidad": "QT",
    }
    assert main(["curp", "RACK070815MQTMSRA4", "--json"]) == 1
    datos = json.loads(capsys.readouterr().out)
    assert not datos["valida"] and "dígito verificador" in datos["errores"][0]


def test_curp_leida_por_escaner():
    # the QR of the CURP certificate brings the CURP and the rest of the record
    leida = "GAHA471130HQTRRN04|GARCIA|HERNANDEZ|JOSE ANTONIO|HOMBRE|30/11/1947|QUERETARO|22"
    assert curp.de_lectura(leida) == "GAHA471130HQTRRN04"
    assert curp.de_lectura(" gaha-471130 hqtrrn04 ") == "GAHA471130HQTRRN04"
    assert curp.de_lectura("GAHA471130HQTRRN0") == "GAHA471130HQTRRN0"  # too short: as typed
