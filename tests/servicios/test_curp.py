from datetime import date

import pytest

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
