"""Mexican phone numbers, validated and normalised with Google's libphonenumber (the
``phonenumbers`` package), not by hand: what a clerk types («442 123 4567», «(442) 123-45-67»,
«+52 1 442 123 4567», «044 442…») becomes the 10-digit national number the database keeps, and
E.164 (+52…) for the SMS provider."""

from __future__ import annotations

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberType

from sipros_desktop.errores import ErrorDatos

_MOVILES_O_NO_SE_SABE = {
    PhoneNumberType.MOBILE,
    PhoneNumberType.FIXED_LINE_OR_MOBILE,
}


def _analizar(texto: str) -> phonenumbers.PhoneNumber:
    limpio = (texto or "").strip()
    try:
        numero = phonenumbers.parse(limpio, "MX")
    except NumberParseException as e:
        raise ErrorDatos(
            f"«{limpio}» no es un número de teléfono: escriba los 10 dígitos, p. ej. 442 123 4567."
        ) from e
    if numero.country_code != 52:
        raise ErrorDatos(
            f"«{limpio}» no es un número de México (+52): escriba los 10 dígitos del número."
        )
    if not phonenumbers.is_valid_number(numero):
        nacional = str(numero.national_number)
        # the dialling prefixes retired in 2019 («+52 1» before a mobile, «044»/«045») are
        # still written on forms: the 10 digits after them are the number
        antiguo = _sin_prefijo_antiguo(limpio, nacional)
        if antiguo is not None:
            return antiguo
        digitos = sum(ch.isdigit() for ch in limpio.removeprefix("+52"))
        if digitos != 10:
            raise ErrorDatos(
                f"«{limpio}» tiene {digitos} dígitos; un teléfono de México tiene 10 "
                "(lada y número)."
            )
        raise ErrorDatos(f"«{limpio}» no es un número válido en México: revise la lada.")
    return numero


def _sin_prefijo_antiguo(limpio: str, nacional: str) -> phonenumbers.PhoneNumber | None:
    digitos = "".join(ch for ch in limpio if ch.isdigit())
    candidatos = []
    if len(nacional) == 11 and nacional.startswith("1"):
        candidatos.append(nacional[1:])
    if len(digitos) == 13 and digitos[:3] in ("044", "045"):
        candidatos.append(digitos[3:])
    for c in candidatos:
        numero = phonenumbers.parse(c, "MX")
        if phonenumbers.is_valid_number(numero):
            return numero
    return None


def normalizar(texto: str) -> str:
    """The 10 digits of a Mexican number, or ErrorDatos with what to fix. Empty stays empty."""
    if not (texto or "").strip():
        return ""
    return str(_analizar(texto).national_number)


def e164(texto: str) -> str:
    """+52 and the 10 digits (what SMS providers take)."""
    return phonenumbers.format_number(_analizar(texto), phonenumbers.PhoneNumberFormat.E164)


def legible(diez: str | None) -> str:
    """442 123 4567 for the screen; the text as is when it is not 10 digits."""
    if not diez or len(diez) != 10 or not diez.isdigit():
        return diez or ""
    numero = phonenumbers.parse(diez, "MX")
    return phonenumbers.format_number(numero, phonenumbers.PhoneNumberFormat.NATIONAL)


def puede_ser_celular(diez: str) -> bool:
    """False only when the plan says the number is a landline (Mexico's plan does not tell
    mobiles from landlines for most ladas since 2019, so most numbers answer True)."""
    tipo = phonenumbers.number_type(phonenumbers.parse(diez, "MX"))
    return tipo in _MOVILES_O_NO_SE_SABE or tipo == PhoneNumberType.UNKNOWN
