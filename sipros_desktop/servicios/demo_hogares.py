"""Households of the demo: plausible answers to the CUIS with its list of members, so that the
poverty measure, the screens and the indicators have something to show. Not a statistical
model: the shares of floors of earth, wood for cooking, jobs without social security, incomes
and food insecurity go up from the metropolitan municipalities to the Sierra Gorda and the
semi-desert (three strata), and each household is consistent (one head, ages, schooling by
age, the count of minors) so that the database's capture checks accept it."""

from __future__ import annotations

import random
from typing import Any

# municipalities by stratum (0: metropolitan, 1: middle, 2: Sierra Gorda and semi-desert)
ESTRATO = {
    "22006": 0, "22011": 0, "22014": 0, "22016": 1, "22017": 1, "22005": 1, "22007": 1,
    "22008": 1, "22012": 1, "22001": 2, "22002": 2, "22003": 2, "22004": 2, "22009": 2,
    "22010": 2, "22013": 2, "22015": 2, "22018": 2,
}  # fmt: skip
# the applicant's age groups: 0–11, 12–17, 18–29, 30–44, 45–64, 65 and more
GRUPOS = ((0, 11), (12, 17), (18, 29), (30, 44), (45, 64), (65, 95))
POR_GRUPO = 16  # households drawn per age group and stratum

EMPLEADO = "Trabaja para un patrón, empresa o gobierno"
CUENTA_PROPIA = "Trabaja por su cuenta o es patrón"
SALUD_PUBLICA = "IMSS-Bienestar (antes INSABI o Seguro Popular)"
NIVELES_ADULTO = (
    "Ninguno", "Primaria", "Secundaria", "Preparatoria o bachillerato",
    "Normal o carrera técnica después de la secundaria", "Licenciatura, maestría o doctorado",
)  # fmt: skip


def escolaridad_por_edad(edad: int, rng: random.Random) -> tuple[str, int | None, bool]:
    """(level, grade, attends) of a child or young person going through school on time."""
    if edad < 3:
        return "Ninguno", None, False
    if edad < 6:
        return "Preescolar", min(edad - 3, 3), True
    if edad < 12:
        return "Primaria", edad - 6, True
    if edad < 15:
        return "Secundaria", edad - 12, rng.random() < 0.95
    if edad < 18:
        return "Preparatoria o bachillerato", edad - 15, rng.random() < 0.8
    return "Preparatoria o bachillerato", 3, False


def _adulto(rng: random.Random, parentesco: str, sexo: str, edad: int, estrato: int,
            trabaja: float) -> dict[str, Any]:  # fmt: skip
    pobreza = (0.15, 0.35, 0.6)[estrato]
    # older generations, and the poorer strata, studied less
    pesos = [pobreza * (1 + max(0, 60 - (2026 - edad - 1940)) / 40), 2 + 3 * pobreza, 3, 2.5,
             1, 2.5 * (1 - pobreza)]  # fmt: skip
    if edad >= 60:
        pesos = [p * f for p, f in zip(pesos, (3, 3, 1.2, 0.6, 0.5, 0.5), strict=True)]
    nivel = rng.choices(NIVELES_ADULTO, weights=pesos)[0]
    grado = {"Ninguno": None, "Primaria": rng.choice((3, 5, 6, 6, 6))}.get(nivel, 3)
    m: dict[str, Any] = {
        "parentesco": parentesco, "sexo": sexo, "edad": edad, "asiste_escuela": False,
        "nivel": nivel, "grado": grado, "discapacidad": rng.random() < 0.05,
        "lengua_indigena": rng.random() < (0.01, 0.03, 0.12)[estrato],
        "servicio_medico_otro": rng.random() < 0.03, "pension_adultos": 0,
    }  # fmt: skip
    if edad >= 65 and rng.random() < 0.35:
        m.update(trabajo="Jubilada(o) o pensionada(o)", servicio_medico_trabajo=False,
                 afore=False, salud=[rng.choice(("IMSS", "ISSSTE o ISSSTE estatal"))],
                 ingreso=rng.randint(5, 18) * 1000)  # fmt: skip
    elif rng.random() < trabaja:
        formal = rng.random() < (0.65, 0.4, 0.2)[estrato]
        if rng.random() < 0.7:
            m.update(trabajo=EMPLEADO, servicio_medico_trabajo=formal, afore=formal,
                     ingreso=int(rng.lognormvariate(9.1 + (0.25 if formal else 0) - 0.3 * estrato,
                                                    0.45)))  # fmt: skip
        else:
            m.update(trabajo=CUENTA_PROPIA, servicio_medico_trabajo=False,
                     afore=rng.random() < 0.1,
                     ingreso=int(rng.lognormvariate(8.7 - 0.3 * estrato, 0.6)))  # fmt: skip
        m["salud"] = (
            ["IMSS"]
            if m["servicio_medico_trabajo"]
            else ([SALUD_PUBLICA] if rng.random() < 0.6 else ["Ninguna"])
        )
    else:
        m.update(trabajo=rng.choice(("Se dedica a los quehaceres del hogar",
                                     "No trabaja y busca trabajo", "Otra situación (no trabaja)")),
                 servicio_medico_trabajo=False, afore=False, ingreso=0,
                 salud=[SALUD_PUBLICA] if rng.random() < 0.6 else ["Ninguna"])  # fmt: skip
    if edad >= 65:
        # Pensión para el Bienestar de las Personas Adultas Mayores: 6,200 pesos a bimester
        pam = 3100 if rng.random() < 0.85 else 0
        m["pension_adultos"] = pam
        m["ingreso"] += pam
    return m


def _menor(rng: random.Random, parentesco: str, edad: int, salud: list[str]) -> dict[str, Any]:
    nivel, grado, asiste = escolaridad_por_edad(edad, rng)
    return {
        "parentesco": parentesco, "sexo": rng.choice(("Mujer", "Hombre")), "edad": edad,
        "asiste_escuela": asiste, "nivel": nivel, "grado": grado, "salud": list(salud),
        "trabajo": "Estudia y no trabaja" if edad >= 12 and asiste else None,
        "servicio_medico_trabajo": False, "afore": False, "servicio_medico_otro": False,
        "pension_adultos": 0, "discapacidad": rng.random() < 0.03, "lengua_indigena": False,
        "ingreso": 0,
    }  # fmt: skip


def hogar(rng: random.Random, grupo: int, estrato: int) -> dict[str, Any]:
    """The answers of one household; its first member (the applicant) is of age ``grupo``
    (the demo puts the citizen's own age and sex on it)."""
    desde, hasta = GRUPOS[grupo]
    edad = rng.randint(desde, hasta)
    sexo = rng.choice(("Mujer", "Hombre"))
    otro = "Hombre" if sexo == "Mujer" else "Mujer"
    trabaja = (0.75, 0.65, 0.55)[estrato]
    miembros: list[dict[str, Any]] = []
    if edad < 18:  # a child of the household: the applicant, then the head and the spouse
        padre = 25 + edad + rng.randint(0, 12)
        jefe = _adulto(rng, "Jefa o jefe del hogar", "Hombre", padre, estrato, 0.9)
        pareja = _adulto(rng, "Esposa(o) o pareja", "Mujer", padre - rng.randint(0, 5), estrato,
                         trabaja * 0.6)  # fmt: skip
        salud = jefe["salud"] if jefe["servicio_medico_trabajo"] else pareja["salud"]
        miembros = [_menor(rng, "Hija(o)", edad, salud), jefe, pareja]
        for _ in range(rng.choice((0, 1, 1, 2, 3))):
            miembros.append(_menor(rng, "Hija(o)", rng.randint(0, 17), salud))
    else:
        propio = (
            "Jefa o jefe del hogar" if rng.random() < 0.7 or edad < 20 else ("Esposa(o) o pareja")
        )
        miembros = [_adulto(rng, propio, sexo, edad, estrato, trabaja)]
        if propio == "Esposa(o) o pareja" or rng.random() < 0.65:
            miembros.append(_adulto(
                rng, "Jefa o jefe del hogar" if propio != "Jefa o jefe del hogar"
                else "Esposa(o) o pareja", otro, max(18, edad + rng.randint(-4, 6)), estrato,
                trabaja))  # fmt: skip
        if 20 <= edad <= 55:
            for _ in range(rng.choice((0, 1, 1, 2, 2, 3, 4) if estrato else (0, 1, 1, 2, 2))):
                hija = rng.randint(0, max(0, min(25, edad - 18)))
                miembros.append(_menor(rng, "Hija(o)", hija, miembros[0]["salud"]) if hija < 18
                                else _adulto(rng, "Hija(o)", rng.choice(("Mujer", "Hombre")),
                                             hija, estrato, 0.5))  # fmt: skip
        elif edad > 55 and rng.random() < 0.3:
            miembros.append(_adulto(rng, "Hija(o)", rng.choice(("Mujer", "Hombre")),
                                    edad - rng.randint(20, 30), estrato, trabaja))  # fmt: skip
        if edad < 45 and rng.random() < 0.15:
            miembros.append(_adulto(rng, "Madre o padre", rng.choice(("Mujer", "Hombre")),
                                    min(95, edad + rng.randint(22, 30)), estrato, 0.3))  # fmt: skip
    n = len(miembros)
    leña = rng.random() < (0.02, 0.1, 0.3)[estrato]
    inseguridad = rng.random() < (0.12, 0.22, 0.35)[estrato]
    menores = sum(1 for m in miembros if m["edad"] < 18)
    r: dict[str, Any] = {
        "hogar": miembros,
        "menores_18": menores,
        "tenencia": rng.choice(
            ("Propia", "Propia", "Propia, se está pagando", "Rentada", "Prestada")
        ),
        "piso": "Tierra"
        if rng.random() < (0.01, 0.04, 0.1)[estrato]
        else rng.choice(
            ("Cemento o firme", "Cemento o firme", "Mosaico, madera u otro recubrimiento")
        ),
        "techo": "Lámina de cartón o desecho"
        if rng.random() < (0.01, 0.03, 0.06)[estrato]
        else rng.choice(
            ("Losa de concreto", "Losa de concreto", "Lámina metálica o de asbesto", "Teja")
        ),
        "muros": rng.choices(
            (
                "Tabique, ladrillo, block, piedra, cantera, cemento o concreto",
                "Adobe",
                "Madera",
                "Lámina metálica o de asbesto",
                "Embarro o bajareque",
            ),
            weights=(
                90 - 25 * estrato,
                4 + 6 * estrato,
                2 + 4 * estrato,
                2 + 3 * estrato,
                1 + 3 * estrato,
            ),
        )[0],
        "cuartos_total": max(1, min(30, round(n / rng.uniform(0.9, 2.2)) + rng.randint(0, 2))),
        "agua": rng.choices(
            (
                "Entubada dentro de la vivienda",
                "Entubada fuera de la vivienda, en el terreno",
                "De llave pública o pipa",
                "Por acarreo de otra vivienda",
                "De pozo, río o lago",
            ),
            weights=(
                80 - 20 * estrato,
                15 + 5 * estrato,
                3 + 6 * estrato,
                1 + 3 * estrato,
                1 + 4 * estrato,
            ),
        )[0],
        "desague": rng.choices(
            (
                "A la red pública",
                "A una fosa o tanque séptico (biodigestor)",
                "A una tubería que va a dar a una barranca o grieta",
                "No tiene drenaje",
            ),
            weights=(90 - 30 * estrato, 8 + 20 * estrato, 1 + 3 * estrato, 1 + 5 * estrato),
        )[0],
        "electricidad": rng.random() > (0.002, 0.01, 0.03)[estrato],
        "combustible": "Leña o carbón"
        if leña
        else rng.choice(("Gas", "Gas", "Gas", "Electricidad")),
        "internet": rng.random() < (0.8, 0.55, 0.3)[estrato],
        "otros_ingresos": rng.choice((0, 0, 0, 0, 500, 1500, 3000)),
        "programas": rng.random() < 0.45,
    }
    if leña:
        r["chimenea"] = rng.random() < 0.4
    if r["programas"]:
        r["programas_cuales"] = "Pensión para el Bienestar, becas Benito Juárez"
    # food insecurity: how many of the scale's answers are «yes», the most serious last
    preguntas = ["alimentacion_poca", "comio_menos", "sin_comida", "dejo_comida", "hambre",
                 "sin_comer"]  # fmt: skip
    si = rng.randint(1, 6) if inseguridad else 0
    r.update({p: i < si for i, p in enumerate(preguntas)})
    if menores:
        de_menores = ["menores_poca", "menores_sin_comer", "menores_menos_servida",
                      "menores_hambre", "menores_acosto_hambre", "menores_una_vez"]  # fmt: skip
        si_m = rng.randint(0, si) if si else 0
        r.update({p: i < si_m for i, p in enumerate(de_menores)})
    pobre = inseguridad or rng.random() < (0.05, 0.1, 0.2)[estrato]
    dias = {
        "dias_cereales": 7, "dias_tuberculos": rng.randint(0, 4),
        "dias_verduras": rng.randint(1 if pobre else 3, 7), "dias_frutas": rng.randint(0, 6),
        "dias_carne": rng.randint(0, 2) if pobre else rng.randint(2, 6),
        "dias_huevo": rng.randint(1, 5), "dias_pescado": rng.randint(0, 1),
        "dias_leguminosas": rng.randint(2, 7), "dias_lacteos": rng.randint(0, 2) if pobre
        else rng.randint(3, 7), "dias_aceites": rng.randint(4, 7), "dias_azucar": 7,
        "dias_condimentos": 7,
    }  # fmt: skip
    r.update(dias)
    return r


def pool(semilla: int | str) -> list[dict[str, Any]]:
    """The households the demo draws from: ``POR_GRUPO`` for each age group of the applicant
    and each stratum, in the order (grupo, estrato, n) — index ``(grupo * 3 + estrato) *
    POR_GRUPO + n``. Deterministic for a seed."""
    rng = random.Random(f"{semilla}-hogares")
    hogares = [
        hogar(rng, g, e) for g in range(len(GRUPOS)) for e in range(3) for _ in range(POR_GRUPO)
    ]
    # as a capture stores them: no unanswered keys
    for h in hogares:
        h["hogar"] = [{k: v for k, v in m.items() if v is not None} for m in h["hogar"]]
    return hogares


# the applicant's own age and sex on the drawn household (and, under 18, schooling by age)
SOLICITANTE_SQL = """
jsonb_set(p.r, '{hogar,0}',
    CASE WHEN x.edad < 18
         THEN (p.r -> 'hogar' -> 0) - 'nivel' - 'grado' - 'asiste_escuela' || jsonb_strip_nulls(
             jsonb_build_object(
                 'nivel', CASE WHEN x.edad < 3 THEN 'Ninguno' WHEN x.edad < 6 THEN 'Preescolar'
                               WHEN x.edad < 12 THEN 'Primaria' WHEN x.edad < 15 THEN 'Secundaria'
                               ELSE 'Preparatoria o bachillerato' END,
                 'grado', CASE WHEN x.edad < 3 THEN NULL WHEN x.edad < 6 THEN x.edad - 3
                               WHEN x.edad < 12 THEN x.edad - 6 WHEN x.edad < 15 THEN x.edad - 12
                               ELSE x.edad - 15 END,
                 'asiste_escuela', x.edad >= 3))
         ELSE p.r -> 'hogar' -> 0 END
    || jsonb_build_object('edad', x.edad, 'sexo', CASE x.sexo WHEN 'H' THEN 'Hombre'
                                                             WHEN 'M' THEN 'Mujer' ELSE 'Otro' END))
"""
GRUPO_SQL = (
    "CASE WHEN x.edad < 12 THEN 0 WHEN x.edad < 18 THEN 1 WHEN x.edad < 30 THEN 2 "
    "WHEN x.edad < 45 THEN 3 WHEN x.edad < 65 THEN 4 ELSE 5 END"
)
