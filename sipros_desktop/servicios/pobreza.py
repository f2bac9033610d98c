"""CONEVAL's multidimensional poverty measure of each household, as the database keeps it
(``pobreza_medicion``, migraciones/funciones/pobreza/): the poverty lines catalogue, a
citizen's household with its deprivations and classification explained, the rules of a call
that ask for a classification or deprivations, the figures by municipality and the report.

Every read is under the user's row-level security (the measure follows the questionnaire's
scope). Qt-free.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from sqlalchemy import text
from sqlalchemy.orm import Session

from sipros_desktop import bd
from sipros_desktop.errores import ErrorDatos
from sipros_desktop.servicios import indicadores

# (key, name) of the six social deprivations, in CONEVAL's order
CARENCIAS: tuple[tuple[str, str], ...] = (
    ("rezago_educativo", "Rezago educativo"),
    ("salud", "Acceso a los servicios de salud"),
    ("seguridad_social", "Acceso a la seguridad social"),
    ("vivienda", "Calidad y espacios de la vivienda"),
    ("servicios", "Servicios básicos en la vivienda"),
    ("alimentacion", "Acceso a la alimentación nutritiva y de calidad"),
)
NOMBRE_CARENCIA = dict(CARENCIAS)
# short names, where the full ones do not fit (table headers, lists of check boxes)
NOMBRE_CORTO = {
    "rezago_educativo": "Rezago educativo", "salud": "Salud",
    "seguridad_social": "Seguridad social", "vivienda": "Calidad de la vivienda",
    "servicios": "Servicios básicos", "alimentacion": "Alimentación",
}  # fmt: skip
PERSONALES = ("rezago_educativo", "salud", "seguridad_social")
DEL_HOGAR = ("vivienda", "servicios", "alimentacion")
CLASIFICACIONES: dict[str, str] = {
    "pobreza_extrema": "Pobreza extrema",
    "pobreza_moderada": "Pobreza moderada",
    "vulnerable_carencias": "Vulnerable por carencias sociales",
    "vulnerable_ingresos": "Vulnerable por ingresos",
    "no_pobre_no_vulnerable": "No pobre y no vulnerable",
    "sin_datos": "Sin datos suficientes",
}
SIN_DATOS = "Sin datos suficientes"
MESES = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
         "septiembre", "octubre", "noviembre", "diciembre")  # fmt: skip


def _pesos(v: Decimal | float | None) -> str:
    return "—" if v is None else f"${Decimal(v):,.2f}"


def nombre_mes(mes: date) -> str:
    return f"{MESES[mes.month - 1]} de {mes.year}"


# --------------------------------------------------------------------------- lines


@dataclass(frozen=True)
class Linea:
    """The poverty lines of a month (pesos per person per month)."""

    mes: date
    extrema_urbana: Decimal  # línea de pobreza extrema por ingresos: the food basket
    pobreza_urbana: Decimal  # línea de pobreza por ingresos: food and non-food baskets
    extrema_rural: Decimal
    pobreza_rural: Decimal
    fuente: str
    registrado: datetime | None = None
    registrado_por: str = ""

    @property
    def umbral_pam(self) -> Decimal:
        """The older-adults pension that counts as social security: the average of the urban
        and rural extreme-poverty lines."""
        return (self.extrema_urbana + self.extrema_rural) / 2


_LINEA = (
    "SELECT mes, extrema_urbana, pobreza_urbana, extrema_rural, pobreza_rural, fuente, "
    "registrado, registrado_por FROM linea_pobreza "
)


def lineas(s: Session | None = None) -> list[Linea]:
    """Every month of the catalogue, the newest (the one the measure uses) first."""
    if s is None:
        with bd.sesion() as s:
            return lineas(s)
    return [Linea(*f) for f in s.execute(text(_LINEA + "ORDER BY mes DESC"))]


def _decimal(v: Any, que: str) -> Decimal:
    try:
        d = Decimal(str(v).replace("$", "").replace(",", "").strip())
    except InvalidOperation:
        raise ErrorDatos(f"{que}: «{v}» no es una cantidad en pesos.") from None
    if not d.is_finite() or d <= 0:
        raise ErrorDatos(f"{que} debe ser mayor que cero.")
    if d >= Decimal("100000000"):
        raise ErrorDatos(f"{que} es demasiado grande.")
    return d.quantize(Decimal("0.01"))


def revisar_linea(
    mes: date, extrema_urbana: Any, pobreza_urbana: Any, extrema_rural: Any, pobreza_rural: Any,
    fuente: str,
) -> Linea:  # fmt: skip
    """The lines of a month as the catalogue accepts them, or an ErrorDatos that says every
    problem (the database checks the same)."""
    errores = []
    valores = {}
    for clave, v, que in (
        ("extrema_urbana", extrema_urbana, "La línea de pobreza extrema urbana"),
        ("pobreza_urbana", pobreza_urbana, "La línea de pobreza urbana"),
        ("extrema_rural", extrema_rural, "La línea de pobreza extrema rural"),
        ("pobreza_rural", pobreza_rural, "La línea de pobreza rural"),
    ):
        try:
            valores[clave] = _decimal(v, que)
        except ErrorDatos as e:
            errores.append(e.mensaje)
    if not errores:
        for ambito in ("urbana", "rural"):
            if valores[f"pobreza_{ambito}"] <= valores[f"extrema_{ambito}"]:
                errores.append(
                    f"La línea de pobreza {ambito} (canasta alimentaria y no alimentaria) debe "
                    f"ser mayor que la de pobreza extrema {ambito} (solo la alimentaria)."
                )
    if not (fuente or "").strip():
        errores.append("Escriba la fuente: quién publicó estos valores y cuándo.")
    if errores:
        raise ErrorDatos("\n".join(errores))
    return Linea(mes.replace(day=1), fuente=fuente.strip(), **valores)


@dataclass(frozen=True)
class LineasFijadas:
    linea: Linea
    nueva: bool  # a month that was not in the catalogue
    vigente: bool  # the newest month: the one the measure uses now
    hogares: int  # households measured against it


def fijar_linea(
    mes: date, extrema_urbana: Any, pobreza_urbana: Any, extrema_rural: Any, pobreza_rural: Any,
    fuente: str,
) -> LineasFijadas:  # fmt: skip
    """Add (or correct) the poverty lines of a month. State-wide administrators only (the
    database refuses anyone else); every household is classified again against the newest
    month in the same transaction."""
    linea = revisar_linea(mes, extrema_urbana, pobreza_urbana, extrema_rural, pobreza_rural,
                          fuente)  # fmt: skip
    with bd.sesion() as s:
        bd.cambio(s, "pobreza", "padron")
        nueva = s.execute(
            text(
                "INSERT INTO linea_pobreza (mes, extrema_urbana, pobreza_urbana, extrema_rural, "
                "pobreza_rural, fuente) VALUES (:mes, :eu, :pu, :er, :pr, :fuente) "
                "ON CONFLICT (mes) DO UPDATE SET extrema_urbana = EXCLUDED.extrema_urbana, "
                "pobreza_urbana = EXCLUDED.pobreza_urbana, extrema_rural = EXCLUDED.extrema_rural, "
                "pobreza_rural = EXCLUDED.pobreza_rural, fuente = EXCLUDED.fuente "
                "RETURNING xmax = 0"
            ),
            {"mes": linea.mes, "eu": linea.extrema_urbana, "pu": linea.pobreza_urbana,
             "er": linea.extrema_rural, "pr": linea.pobreza_rural, "fuente": linea.fuente},
        ).scalar_one()  # fmt: skip
        vigente = s.scalar(text("SELECT max(mes) FROM linea_pobreza")) == linea.mes
        hogares = s.scalar(
            text(
                "SELECT count(*) FROM pobreza_medicion p JOIN linea_pobreza l ON l.id = p.linea_id "
                "WHERE l.mes = :mes"
            ),
            {"mes": linea.mes},
        )
        guardada = s.execute(text(_LINEA + "WHERE mes = :m"), {"m": linea.mes}).one()
    return LineasFijadas(Linea(*guardada), bool(nueva), vigente, hogares or 0)


TANDA_RECALCULO = 25_000


def recalcular(
    progreso: Callable[[int, int], None] | None = None, tanda: int = TANDA_RECALCULO
) -> int:
    """Every household measured again from its answers (after the method changed); state-wide
    administrators only. In batches of ``tanda`` households, each in its own transaction (a
    million take minutes: one statement would be cut by the staff accounts' limit), each
    household measured whole in its batch; ``progreso(medidos, total)`` after each. Returns
    how many."""
    with bd.sesion_lectura() as s:
        total = s.scalar(text("SELECT count(DISTINCT ciudadano_id) FROM cuestionario")) or 0
    despues, medidos = 0, 0
    while True:
        with bd.sesion() as s:
            hasta, n = s.execute(
                text("SELECT hasta, medidos FROM sipros_pobreza_recalcular(:despues, :tanda)"),
                {"despues": despues, "tanda": tanda},
            ).one()
            if n:
                bd.cambio(s, "pobreza", "padron")
        medidos += n
        if progreso is not None:
            progreso(medidos, max(total, medidos))
        if hasta is None:
            return medidos
        despues = hasta


# --------------------------------------------------------------------------- a household


@dataclass(frozen=True)
class Carencia:
    clave: str
    nombre: str
    carencia: bool | None  # None: «sin datos suficientes»
    motivo: str

    @property
    def estado(self) -> str:
        return {True: "Con carencia", False: "Sin carencia", None: SIN_DATOS}[self.carencia]


@dataclass(frozen=True)
class Integrante:
    n: int
    nombre: str
    parentesco: str
    sexo: str
    edad: int | None
    carencias: tuple[Carencia, ...]  # the three personal ones
    clasificacion: str  # the key (CLASIFICACIONES)

    @property
    def etiqueta(self) -> str:
        return CLASIFICACIONES.get(self.clasificacion, self.clasificacion)


@dataclass(frozen=True)
class Medicion:
    """The measure of a citizen's household, for the citizen (the first member)."""

    ciudadano_id: int
    clasificacion: str
    carencias: tuple[Carencia, ...]  # the citizen's six, in CONEVAL's order
    integrantes: tuple[Integrante, ...]
    ingreso_hogar: Decimal | None
    ingreso_pc_min: Decimal | None
    ingreso_pc_max: Decimal | None
    bajo_lpei: bool | None
    bajo_lpi: bool | None
    ambito: str | None
    linea: Linea | None
    version: int  # of the questionnaire the measure comes from
    fecha_cuestionario: date | None
    calculado: datetime
    municipio: str = ""
    por_que: tuple[str, ...] = field(default_factory=tuple)  # the classification, explained

    @property
    def etiqueta(self) -> str:
        return CLASIFICACIONES.get(self.clasificacion, self.clasificacion)

    @property
    def con_carencia(self) -> tuple[Carencia, ...]:
        return tuple(c for c in self.carencias if c.carencia)

    @property
    def sin_decidir(self) -> tuple[Carencia, ...]:
        return tuple(c for c in self.carencias if c.carencia is None)

    def ingreso_texto(self) -> str:
        if self.ingreso_pc_min is None:
            return SIN_DATOS
        if self.ingreso_pc_min == self.ingreso_pc_max:
            return f"{_pesos(self.ingreso_pc_min)} al mes por persona"
        return (f"entre {_pesos(self.ingreso_pc_min)} y {_pesos(self.ingreso_pc_max)} al mes por "
                "persona (edades sin responder)")  # fmt: skip


def _ambito(a: str | None) -> str:
    return {"U": "urbana", "R": "rural"}.get(a or "", "")


def explicar(m: Medicion) -> tuple[str, ...]:
    """Why the classification: the income against the lines, the deprivations counted, and
    what is missing when the answers cannot decide."""
    renglones = []
    l = m.linea  # noqa: E741
    if l is None:
        renglones.append("No hay líneas de pobreza en el catálogo: el ingreso no se compara.")
    elif m.ingreso_pc_min is None:
        renglones.append("Ingreso: sin datos suficientes (falta el ingreso de algún integrante "
                         "o del hogar).")  # fmt: skip
    else:
        cuando = nombre_mes(l.mes)
        if m.ambito in ("U", "R"):
            lpei = l.extrema_urbana if m.ambito == "U" else l.extrema_rural
            lpi = l.pobreza_urbana if m.ambito == "U" else l.pobreza_rural
            lineas_txt = (f"líneas {_ambito(m.ambito)}s de {cuando}: pobreza extrema "
                          f"{_pesos(lpei)}, pobreza {_pesos(lpi)}")  # fmt: skip
        else:
            lineas_txt = (f"la localidad no dice si es urbana o rural; líneas de {cuando}: "
                          f"pobreza extrema {_pesos(l.extrema_rural)} rural y "
                          f"{_pesos(l.extrema_urbana)} urbana, pobreza {_pesos(l.pobreza_rural)} "
                          f"rural y {_pesos(l.pobreza_urbana)} urbana")  # fmt: skip
        if m.bajo_lpei:
            lado = "menor que la línea de pobreza extrema por ingresos"
        elif m.bajo_lpi:
            lado = "menor que la línea de pobreza por ingresos (no que la extrema)" + (
                "" if m.bajo_lpei is False else ", sin saber si menor que la extrema"
            )
        elif m.bajo_lpi is False:
            lado = "igual o mayor que la línea de pobreza por ingresos"
        else:
            lado = "sin datos suficientes para compararlo con la línea de pobreza por ingresos"
        renglones.append(f"Ingreso: {m.ingreso_texto()}, {lado} ({lineas_txt}).")
    con = [c.nombre.lower() for c in m.con_carencia]
    renglones.append(
        f"Carencias sociales: {len(con)}" + (f" ({', '.join(con)})" if con else "") + "."
    )
    if m.sin_decidir:
        renglones.append("Sin datos suficientes para decidir: "
                         + ", ".join(c.nombre.lower() for c in m.sin_decidir) + ".")  # fmt: skip
    reglas = {
        "pobreza_extrema": "ingreso menor que la línea de pobreza extrema y 3 o más carencias",
        "pobreza_moderada": "ingreso menor que la línea de pobreza y al menos una carencia, "
        "sin llegar a pobreza extrema",
        "vulnerable_carencias": "ingreso igual o mayor que la línea de pobreza y al menos una "
        "carencia",
        "vulnerable_ingresos": "ingreso menor que la línea de pobreza y ninguna carencia",
        "no_pobre_no_vulnerable": "ingreso igual o mayor que la línea de pobreza y ninguna "
        "carencia",
        "sin_datos": "con los datos que faltan, podría quedar en más de una clasificación; no "
        "se adivina",
    }
    renglones.append(f"{m.etiqueta}: {reglas[m.clasificacion]}.")
    return tuple(renglones)


_MEDICION = """
SELECT p.ciudadano_id, p.clasificacion, p.rezago_educativo, p.salud, p.seguridad_social,
       p.vivienda, p.servicios, p.alimentacion, h.hogar, p.ingreso_hogar, p.ingreso_pc_min,
       p.ingreso_pc_max, p.bajo_lpei, p.bajo_lpi, p.ambito, l.mes, l.extrema_urbana,
       l.pobreza_urbana, l.extrema_rural, l.pobreza_rural, l.fuente, f.version,
       coalesce(q.fecha, (q.creado AT TIME ZONE 'America/Mexico_City')::date), p.calculado,
       coalesce(m.nombre, ''),
       (SELECT coalesce(jsonb_agg(sipros_pobreza_clasificar(
                   p.bajo_lpei, p.bajo_lpi,
                   (SELECT count(*) FILTER (WHERE c)::integer FROM unnest(x.c) c),
                   (SELECT count(*) FILTER (WHERE c IS NULL)::integer FROM unnest(x.c) c))
               ORDER BY x.n), '[]')
        FROM (SELECT (i ->> 'n')::integer AS n, ARRAY[
                  (i -> 'rezago_educativo' ->> 'carencia')::boolean,
                  (i -> 'salud' ->> 'carencia')::boolean,
                  (i -> 'seguridad_social' ->> 'carencia')::boolean,
                  p.vivienda, p.servicios, p.alimentacion] AS c
              FROM jsonb_array_elements(h.hogar -> 'integrantes') i) x)
FROM pobreza_medicion p
JOIN pobreza_hogar h ON h.ciudadano_id = p.ciudadano_id
JOIN cuestionario q ON q.id = p.cuestionario_id
JOIN formulario f ON f.id = p.formulario_id
LEFT JOIN linea_pobreza l ON l.id = p.linea_id
LEFT JOIN municipio m ON m.id = p.municipio_id
WHERE p.ciudadano_id = :c
"""


def _carencia(clave: str, d: dict | None) -> Carencia:
    d = d or {}
    return Carencia(clave, NOMBRE_CARENCIA[clave], d.get("carencia"),
                    d.get("motivo") or "Sin datos suficientes.")  # fmt: skip


def medicion(ciudadano_id: int, s: Session | None = None) -> Medicion | None:
    """The measure of the citizen's household (in ``s``, the caller's session, if given);
    None when the citizen has no questionnaire, or the user may not see it."""
    if s is None:
        with bd.sesion() as s:
            return medicion(ciudadano_id, s)
    f = s.execute(text(_MEDICION), {"c": ciudadano_id}).one_or_none()
    if f is None:
        return None
    hogar: dict = f[8] or {}
    clases = f[25] or []
    integrantes = []
    for i, d in enumerate(hogar.get("integrantes") or []):
        integrantes.append(Integrante(
            int(d.get("n") or i + 1), d.get("nombre") or "", d.get("parentesco") or "",
            d.get("sexo") or "", d.get("edad"),
            tuple(_carencia(c, d.get(c)) for c in PERSONALES),
            clases[i] if i < len(clases) else "sin_datos",
        ))  # fmt: skip
    yo = {c.clave: c for c in integrantes[0].carencias} if integrantes else {}
    sin_lista = Carencia("", "", None, "Sin datos suficientes: el cuestionario no tiene la lista "
                         "de integrantes del hogar (versión anterior del CUIS).")  # fmt: skip
    carencias = tuple(
        yo.get(c) or (Carencia(c, NOMBRE_CARENCIA[c], None, sin_lista.motivo) if c in PERSONALES
                      else _carencia(c, hogar.get(c)))
        for c, _n in CARENCIAS
    )  # fmt: skip
    linea = Linea(f[15], f[16], f[17], f[18], f[19], f[20]) if f[15] else None
    m = Medicion(
        f[0], f[1], carencias, tuple(integrantes), f[9], f[10], f[11], f[12], f[13], f[14],
        linea, f[21], f[22], f[23], f[24],
    )  # fmt: skip
    return _con_por_que(m)


def _con_por_que(m: Medicion) -> Medicion:
    from dataclasses import replace

    return replace(m, por_que=explicar(m))


# --------------------------------------------------------------------------- calls' rules


def describir_reglas(reglas: dict[str, Any]) -> list[str]:
    """The poverty rules of a call, as the catalogue shows them."""
    partes = []
    if reglas.get("pobreza"):
        partes.append("Solo " + " o ".join(CLASIFICACIONES.get(c, c).lower()
                                            for c in reglas["pobreza"]))  # fmt: skip
    for c in reglas.get("carencias") or []:
        partes.append(f"Con carencia por {NOMBRE_CARENCIA.get(c, c).lower()}")
    return partes


def motivo_no_elegible(reglas: dict[str, Any], m: Medicion | None) -> str:
    """Empty when the citizen's household meets the call's poverty rules (``pobreza``: the
    classifications it takes; ``carencias``: deprivations it requires, all of them); else why
    not, in Spanish — including when the measure is missing or cannot decide."""
    clases = reglas.get("pobreza") or []
    pedidas = reglas.get("carencias") or []
    if not clases and not pedidas:
        return ""
    if m is None:
        return ("La convocatoria pide la medición de pobreza del hogar: capture el cuestionario "
                "socioeconómico (CUIS) con los integrantes del hogar.")  # fmt: skip
    if clases and m.clasificacion not in clases:
        pide = " o ".join(CLASIFICACIONES.get(c, c).lower() for c in clases)
        if m.clasificacion == "sin_datos":
            return (
                f"Pide {pide}; la medición de su hogar no alcanza a decidir (sin datos "
                "suficientes): complete el cuestionario socioeconómico."
            )
        return f"Pide {pide}; su hogar está en {m.etiqueta.lower()}."
    por_clave = {c.clave: c for c in m.carencias}
    for c in pedidas:
        car = por_clave.get(c)
        nombre = NOMBRE_CARENCIA.get(c, c).lower()
        motivo = f": {car.motivo}" if car is not None and car.motivo else "."
        if car is None or car.carencia is None:
            falta = (car.motivo if car is not None else "").removeprefix(f"{SIN_DATOS}: ")
            falta = falta.rstrip(".") if falta != (car.motivo if car else "") else ""
            return f"Pide carencia por {nombre}; sin datos suficientes para saberlo" + (
                f" ({falta})." if falta else "."
            )
        if not car.carencia:
            return f"Pide carencia por {nombre}; no la tiene{motivo}"
    return ""


# --------------------------------------------------------------------------- figures

Poblacion = Literal["beneficiarios", "registrados"]


@dataclass(frozen=True)
class FilaMunicipio:
    clave: str
    municipio: str
    personas: int  # with a measure
    por_clase: dict[str, int]  # classification key -> people
    por_carencia: dict[str, int]  # deprivation key -> people with it

    def porcentaje(self, n: int) -> float | None:
        return 100 * n / self.personas if self.personas else None


def _clave_municipio(m: str) -> str:
    m = m.strip()
    return "22" + m.zfill(3) if m.isdigit() and len(m) <= 3 else m


def _filtro(f: indicadores.Filtro, poblacion: Poblacion) -> dict[str, Any]:
    """The filter as sipros_pobreza_por_municipio takes it: for ``registrados`` only the
    municipality (of the home) counts."""
    if poblacion not in ("beneficiarios", "registrados"):
        raise ErrorDatos(f"No hay población «{poblacion}».")
    salida: dict[str, Any] = {}
    if f.municipio:
        salida["municipio"] = _clave_municipio(f.municipio)
    if poblacion == "registrados":
        return salida
    indicadores.donde_filtro(f)  # the same checks as every indicator (dates in order)
    if f.dependencia:
        salida["dependencia"] = f.dependencia.strip().upper()
    if f.programa:
        salida["programa"] = f.programa.strip().upper()
    if f.desde:
        salida["desde"] = f.desde.isoformat()
    if f.hasta:
        salida["hasta"] = f.hasta.isoformat()
    return salida


SIN_FILTRO = indicadores.Filtro()


def por_municipio(
    f: indicadores.Filtro = SIN_FILTRO, poblacion: Poblacion = "beneficiarios"
) -> list[FilaMunicipio]:
    """People by classification and by deprivation in each municipality, in the user's
    scope: the beneficiaries of the filter (are the programmes reaching the poorest?), each
    once, in the municipality of the latest benefit, or the registered citizens with a
    measured household. The database counts (sipros_pobreza_por_municipio: counts only,
    within the scope its policies give the user)."""
    filtro = _filtro(f, poblacion)
    with bd.sesion_lectura() as s:
        filas = s.execute(
            text(
                "SELECT clave, nombre, clasificacion, personas, "
                + ", ".join(c for c, _n in CARENCIAS)
                + " FROM sipros_pobreza_por_municipio(:beneficiarios, CAST(:filtro AS jsonb)) "
                "WHERE clasificacion IS NOT NULL ORDER BY nombre, clave"
            ),
            {"beneficiarios": poblacion == "beneficiarios", "filtro": json.dumps(filtro)},
        ).all()
    salida: dict[tuple[str, str], FilaMunicipio] = {}
    for clave, nombre, clase, personas, *carencias in filas:
        r = salida.get((clave, nombre))
        if r is None:
            r = salida[(clave, nombre)] = FilaMunicipio(
                clave, nombre, 0, dict.fromkeys(CLASIFICACIONES, 0),
                {c: 0 for c, _n in CARENCIAS},
            )  # fmt: skip
        r.por_clase[clase] += personas
        for (c, _n), n in zip(CARENCIAS, carencias, strict=True):
            r.por_carencia[c] += n
    # (personas: the sum of the classes; FilaMunicipio is frozen)
    return [
        FilaMunicipio(r.clave, r.municipio, sum(r.por_clase.values()), r.por_clase,
                      r.por_carencia)
        for r in salida.values()
    ]  # fmt: skip


def total(filas: list[FilaMunicipio]) -> FilaMunicipio:
    """The sum of the municipalities' rows."""
    return FilaMunicipio(
        "", "Total", sum(r.personas for r in filas),
        {c: sum(r.por_clase[c] for r in filas) for c in CLASIFICACIONES},
        {c: sum(r.por_carencia[c] for r in filas) for c, _n in CARENCIAS},
    )  # fmt: skip


Medida = str  # a classification key, or «carencia:<clave>»


def medidas() -> list[tuple[str, str]]:
    """What the map can show: the share of people in each classification or with each
    deprivation."""
    return [(c, e) for c, e in CLASIFICACIONES.items() if c != "sin_datos"] + [
        (f"carencia:{c}", f"Con carencia: {NOMBRE_CORTO[c].lower()}") for c, _n in CARENCIAS
    ]


def valores_mapa(
    f: indicadores.Filtro, medida: Medida, poblacion: Poblacion = "beneficiarios"
) -> dict[str, float]:
    """The percentage of the measured people of each municipality (by INEGI key) in the
    classification or with the deprivation ``medida``."""
    filas = por_municipio(f, poblacion)
    salida = {}
    for r in filas:
        if not r.clave or not r.personas:
            continue
        n = (r.por_carencia[medida.split(":", 1)[1]] if medida.startswith("carencia:")
             else r.por_clase[medida])  # fmt: skip
        salida[r.clave] = round(100 * n / r.personas, 1)
    return salida


SEXOS_CUIS = {"H": "Hombre", "M": "Mujer", "X": "Otro"}


def respuestas_iniciales(
    definicion: Any, nacimiento: date | None, sexo: str | None, hoy: date | None
) -> dict[str, Any]:
    """The answers a new CUIS starts with: when it lists the household, its first member is
    the applicant, with the sex and the age (on the business date) the CURP says."""
    if nacimiento is None or not any(
        p.clave == "hogar" and p.tipo == "grupo" for p in definicion.preguntas()
    ):
        return {}
    hoy = hoy or date.today()
    edad = hoy.year - nacimiento.year - ((hoy.month, hoy.day) < (nacimiento.month, nacimiento.day))
    yo: dict[str, Any] = {"edad": max(0, edad)}
    if sexo in SEXOS_CUIS:
        yo["sexo"] = SEXOS_CUIS[sexo]
    return {"hogar": [yo]}


def ciudadano_de(curp: str) -> int:
    """The file of a CURP among those the user may see (the front desk opens it as at the
    counter: logged, and the citizen joins the clerk's citizens of today)."""
    from sipros_desktop.servicios import correcciones

    try:
        return correcciones.ciudadano_de(curp)
    except ErrorDatos:
        raise ErrorDatos(
            f"No hay un expediente con la CURP {''.join(curp.split()).upper()} en su alcance."
        ) from None
