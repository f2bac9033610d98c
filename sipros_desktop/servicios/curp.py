"""CURP: validation (python-stdnum) and the RENAPO rules to build one from a name.

Qt-free. ``analizar`` explains every problem in Spanish; ``construir`` gives the CURP that a
name, birth date, sex and state produce (used by the demo generator and, later, to check a
captured CURP against the captured name).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from stdnum.mx import curp as stdcurp

ENTIDADES: dict[str, str] = {
    "AS": "Aguascalientes",
    "BC": "Baja California",
    "BS": "Baja California Sur",
    "CC": "Campeche",
    "CL": "Coahuila",
    "CM": "Colima",
    "CS": "Chiapas",
    "CH": "Chihuahua",
    "DF": "Ciudad de México",
    "DG": "Durango",
    "GT": "Guanajuato",
    "GR": "Guerrero",
    "HG": "Hidalgo",
    "JC": "Jalisco",
    "MC": "Estado de México",
    "MN": "Michoacán",
    "MS": "Morelos",
    "NT": "Nayarit",
    "NL": "Nuevo León",
    "OC": "Oaxaca",
    "PL": "Puebla",
    "QT": "Querétaro",
    "QR": "Quintana Roo",
    "SP": "San Luis Potosí",
    "SL": "Sinaloa",
    "SR": "Sonora",
    "TC": "Tabasco",
    "TS": "Tamaulipas",
    "TL": "Tlaxcala",
    "VZ": "Veracruz",
    "YN": "Yucatán",
    "ZS": "Zacatecas",
    "NE": "Nacido en el extranjero",
}

SEXOS = {"H": "Hombre", "M": "Mujer", "X": "No binario"}

_PARTICULAS = {
    "DA", "DAS", "DE", "DEL", "DER", "DI", "DIE", "DD", "EL", "LA", "LOS", "LAS", "LE",
    "LES", "MAC", "MC", "VAN", "VON", "Y",
}  # fmt: skip
_NOMBRES_COMUNES = {"MARIA", "MA", "MA.", "JOSE", "J", "J."}
_VOCALES = "AEIOU"
_INCONVENIENTES = frozenset(getattr(stdcurp, "_name_blacklist", ()))
_FORMATO = re.compile(r"^[A-Z]{4}[0-9]{6}[HMX][A-Z]{5}[0-9A-Z][0-9]$")


def limpiar(texto: str) -> str:
    """Upper case, without spaces or hyphens (what a scanner or a clerk may add)."""
    return re.sub(r"[\s\-]", "", texto or "").upper()


_DENTRO = re.compile(r"(?<![A-Z0-9])[A-Z]{4}[0-9]{6}[HMX][A-Z]{5}[0-9A-Z][0-9](?![A-Z0-9])")


def de_lectura(texto: str) -> str:
    """The CURP in what a scanner typed: the CURP itself, or the QR of the CURP certificate
    («CURP|APELLIDO|…»); otherwise the text cleaned as typed."""
    arriba = (texto or "").upper()
    encontrada = _DENTRO.search(arriba)
    return encontrada.group(0) if encontrada else limpiar(texto)


@dataclass
class InfoCurp:
    curp: str
    valida: bool
    errores: list[str] = field(default_factory=list)
    fecha_nacimiento: date | None = None
    sexo: str | None = None
    entidad: str | None = None

    @property
    def entidad_nombre(self) -> str | None:
        return ENTIDADES.get(self.entidad or "")


def analizar(texto: str) -> InfoCurp:
    """Validate a CURP and derive what it says. Every problem found is listed in Spanish."""
    c = limpiar(texto)
    info = InfoCurp(curp=c, valida=False)
    if len(c) != 18:
        info.errores.append(f"La CURP debe tener 18 caracteres; tiene {len(c)}.")
        return info
    if not _FORMATO.match(c):
        info.errores.append(
            "El formato no es el de una CURP: 4 letras, 6 dígitos de la fecha, H/M/X, "
            "2 letras de la entidad, 3 consonantes, 1 carácter y 1 dígito verificador."
        )
        return info
    try:
        info.fecha_nacimiento = stdcurp.get_birth_date(c)
    except stdcurp.ValidationError:
        info.errores.append(f"La fecha de nacimiento {c[4:10]} (AAMMDD) no existe.")
    info.sexo = c[10]
    entidad = c[11:13]
    if entidad in ENTIDADES:
        info.entidad = entidad
    else:
        info.errores.append(f"«{entidad}» no es una clave de entidad federativa.")
    if c[:4] in _INCONVENIENTES:
        info.errores.append(
            f"«{c[:4]}» es una palabra altisonante; RENAPO la sustituye (segunda letra X)."
        )
    if re.search(r"[AEIOU]", c[13:16]):
        info.errores.append("Las posiciones 14 a 16 deben ser consonantes.")
    digito = stdcurp.calc_check_digit(c)
    if c[17] != digito:
        info.errores.append(
            f"El dígito verificador no corresponde: es {c[17]} y debería ser {digito}. "
            "Revise que la CURP esté bien escrita."
        )
    info.valida = not info.errores
    return info


def _normalizar(texto: str) -> str:
    sin_acentos = "".join(
        ch
        for ch in unicodedata.normalize("NFD", (texto or "").upper().replace("Ñ", "\x00"))
        if unicodedata.category(ch) != "Mn"
    ).replace("\x00", "Ñ")
    return re.sub(r"[^A-ZÑ ]", " ", sin_acentos).strip()


def _palabras(texto: str) -> list[str]:
    palabras = [p for p in _normalizar(texto).split() if p not in _PARTICULAS]
    return palabras or _normalizar(texto).split()


def _inicial(p: str) -> str:
    return "X" if not p or p[0] == "Ñ" else p[0]


def _consonante_interna(p: str) -> str:
    ch = next((ch for ch in p[1:] if ch.isalpha() and ch not in _VOCALES), "X")
    return "X" if ch == "Ñ" else ch


def partes_apellido(apellido: str | None) -> tuple[str, str, str]:
    """(initial, first internal vowel, first internal consonant) of a surname; XXX if none."""
    palabras = _palabras(apellido or "")
    if not palabras:
        return "X", "X", "X"
    p = palabras[0]
    vocal = next((ch for ch in p[1:] if ch in _VOCALES), "X")
    return _inicial(p), vocal, _consonante_interna(p)


def partes_nombre(nombre: str) -> tuple[str, str]:
    """(initial, first internal consonant) of the given name; MARIA / JOSE skipped if compound."""
    palabras = _palabras(nombre)
    if len(palabras) > 1 and palabras[0] in _NOMBRES_COMUNES:
        palabras = palabras[1:]
    p = palabras[0] if palabras else "X"
    return _inicial(p), _consonante_interna(p)


def componer(
    ap: tuple[str, str, str],
    am: tuple[str, str, str],
    nom: tuple[str, str],
    fecha_nacimiento: date,
    sexo: str,
    entidad: str,
    diferenciador: str,
) -> str:
    """Assemble a CURP from the name parts (see ``partes_*``) and compute its check digit."""
    cuatro = ap[0] + ap[1] + am[0] + nom[0]
    if cuatro in _INCONVENIENTES:
        cuatro = cuatro[0] + "X" + cuatro[2:]
    base = (
        cuatro + fecha_nacimiento.strftime("%y%m%d") + sexo + entidad
        + ap[2] + am[2] + nom[1] + diferenciador
    )  # fmt: skip
    return base + stdcurp.calc_check_digit(base)


def construir(
    nombre: str,
    apellido_paterno: str,
    apellido_materno: str | None,
    fecha_nacimiento: date,
    sexo: str,
    entidad: str,
    diferenciador: str | None = None,
) -> str:
    """The CURP these data produce (RENAPO rules). ``diferenciador`` is position 17."""
    if diferenciador is None:
        diferenciador = "0" if fecha_nacimiento.year < 2000 else "A"
    return componer(
        partes_apellido(apellido_paterno),
        partes_apellido(apellido_materno),
        partes_nombre(nombre),
        fecha_nacimiento,
        sexo,
        entidad,
        diferenciador,
    )


def comparar(
    curp: str,
    nombre: str,
    apellido_paterno: str,
    apellido_materno: str | None,
    fecha_nacimiento: date | None = None,
    sexo: str | None = None,
    entidad: str | None = None,
) -> list[str]:
    """Every way in which ``curp`` does not match the captured data, explained in Spanish.

    Follows RENAPO's rules: particles (DE, DEL, LA …) and a first MARIA / JOSE of a compound
    name are skipped, Ñ counts as X, a missing second surname gives X, and an inconvenient
    word in the first four letters has its second letter replaced by X."""
    c = limpiar(curp)
    if len(c) != 18:
        return []  # analizar() already explains the format
    errores: list[str] = []
    ap = partes_apellido(apellido_paterno)
    am = partes_apellido(apellido_materno)
    nom = partes_nombre(nombre)
    paterno = _normalizar(apellido_paterno) or "(vacío)"
    materno = _normalizar(apellido_materno or "")
    nombre_n = _normalizar(nombre) or "(vacío)"
    esperadas = ap[0] + ap[1] + am[0] + nom[0]
    sustituida = esperadas in _INCONVENIENTES and c[:4] == esperadas[0] + "X" + esperadas[2:]

    def revisar(pos: int, esperado: str, que: str) -> None:
        real = c[pos - 1]
        if real != esperado and not (pos == 2 and sustituida):
            errores.append(
                f"Posición {pos} de la CURP: dice «{real}» y debería ser «{esperado}» ({que})."
            )

    revisar(1, ap[0], f"inicial del primer apellido «{paterno}»")
    revisar(2, ap[1], f"primera vocal interna del primer apellido «{paterno}»")
    revisar(
        3,
        am[0],
        f"inicial del segundo apellido «{materno}»" if materno else "sin segundo apellido va X",
    )
    revisar(4, nom[0], f"inicial del nombre «{nombre_n}»; se omite MARÍA o JOSÉ si hay otro")
    if fecha_nacimiento is not None and c[4:10] != fecha_nacimiento.strftime("%y%m%d"):
        errores.append(
            f"La fecha de la CURP ({c[8:10]}/{c[6:8]}/{c[4:6]}) no coincide con la fecha de "
            f"nacimiento capturada ({fecha_nacimiento:%d/%m/%Y})."
        )
    if fecha_nacimiento is not None and c[16].isdigit() != (fecha_nacimiento.year < 2000):
        errores.append(
            f"Posición 17 de la CURP: «{c[16]}» indica nacimiento "
            f"{'antes' if c[16].isdigit() else 'a partir'} del año 2000, pero la fecha capturada "
            f"es {fecha_nacimiento:%d/%m/%Y}."
        )
    if sexo and c[10] != sexo:
        errores.append(
            f"Posición 11 de la CURP: dice «{c[10]}» ({SEXOS.get(c[10], '?')}) y el sexo "
            f"capturado es {SEXOS.get(sexo, sexo)}."
        )
    if entidad and c[11:13] != entidad:
        errores.append(
            f"Posiciones 12-13 de la CURP: la entidad es «{c[11:13]}» y la capturada es "
            f"«{entidad}» ({ENTIDADES.get(entidad, '?')})."
        )
    for pos, esperado, que in (
        (14, ap[2], f"primera consonante interna del primer apellido «{paterno}»"),
        (
            15,
            am[2],
            f"primera consonante interna del segundo apellido «{materno}»"
            if materno
            else "sin segundo apellido va X",
        ),
        (16, nom[1], f"primera consonante interna del nombre «{nombre_n}»"),
    ):
        if c[pos - 1] != esperado:
            errores.append(
                f"Posición {pos} de la CURP: dice «{c[pos - 1]}» y debería ser «{esperado}» "
                f"({que})."
            )
    return errores


def como_dict(info: InfoCurp) -> dict[str, object]:
    """The JSON form of an analysis (``sipros-desktop curp --json``)."""
    return {
        "curp": info.curp,
        "valida": info.valida,
        "errores": list(info.errores),
        "fecha_nacimiento": info.fecha_nacimiento.isoformat() if info.fecha_nacimiento else None,
        "sexo": info.sexo,
        "entidad": info.entidad,
    }
