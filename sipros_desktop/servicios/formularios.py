"""Forms are data: a definition with sections and questions, read from ``formulario``.

Question types: ``texto``, ``numero``, ``fecha``, ``opcion`` (single choice), ``multiple``
(several choices), ``si_no``, and ``grupo``: a repeatable group (household members) with its own
``preguntas`` of the simple types, ``min``/``max`` rows, answered as a list of objects. A
question may be ``requerida``, carry ``ayuda`` (help text) and a simple condition ``si``:
``{"pregunta": clave, "igual": valor}``, ``{"pregunta": clave, "en": [valores]}`` or
``{"pregunta": clave, "mayor": número}``; a question whose condition does not hold is neither
shown nor stored. ``equivale`` names the key the same question had in an earlier version, so
answers stay comparable across versions. Answers are a JSON object {clave: valor} kept with
the form's id (version). Qt-free: the one generic form widget renders these definitions.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from sipros_desktop import bd
from sipros_desktop.errores import ErrorDatos
from sipros_desktop.modelos import Formulario
from sipros_desktop.servicios import archivos

TIPOS = ("texto", "numero", "fecha", "opcion", "multiple", "si_no", "grupo")
# What a form may be (the database checks the same numbers: 0015_formularios.sql): the
# definition as JSON text, its nesting (the root object is level 1), and on publication each
# field a person reads on screen (a label of 100,000 characters took seconds per redraw)
MAX_BYTES_JSON = 1_048_576  # a form of hundreds of questions weighs a few dozen kB
MAX_NIVELES_JSON = 12  # form → sections → questions → options/condition: a handful of levels
MAX_NOMBRE = 200
MAX_TITULO = 200
MAX_TEXTO = 500
MAX_AYUDA = 1_000
MAX_OPCIONES = 500
MAX_OPCION = 200
TIPOS_SIMPLES = TIPOS[:-1]  # what a repeatable group may hold
NOMBRES_TIPO = {
    "texto": "Texto", "numero": "Número", "fecha": "Fecha", "opcion": "Una opción",
    "multiple": "Varias opciones", "si_no": "Sí / No", "grupo": "Grupo repetible",
}  # fmt: skip


@dataclass(frozen=True)
class Pregunta:
    clave: str
    texto: str
    tipo: str
    requerida: bool = False
    opciones: tuple[str, ...] = ()
    minimo: float | None = None
    maximo: float | None = None
    decimales: int = 0
    condicion: dict[str, Any] | None = None
    ayuda: str = ""
    preguntas: tuple[Pregunta, ...] = ()  # of a repeatable group
    equivale: str | None = None  # its key in an earlier version

    def aplica(self, respuestas: dict[str, Any]) -> bool:
        """Whether the question is asked, given the answers so far."""
        c = self.condicion
        if not c:
            return True
        valor = respuestas.get(c.get("pregunta", ""))
        if "igual" in c:
            return valor == c["igual"]
        if "en" in c:
            return valor in c["en"]
        if "mayor" in c:
            return isinstance(valor, int | float) and valor > c["mayor"]
        return True


@dataclass(frozen=True)
class Seccion:
    titulo: str
    preguntas: tuple[Pregunta, ...]


@dataclass(frozen=True)
class DefinicionFormulario:
    id: int
    clave: str
    version: int
    nombre: str
    secciones: tuple[Seccion, ...] = field(default_factory=tuple)

    def preguntas(self) -> list[Pregunta]:
        return [p for s in self.secciones for p in s.preguntas]

    def limpiar(self, respuestas: dict[str, Any]) -> dict[str, Any]:
        """Only the answers of questions that apply, without empty values."""
        limpias: dict[str, Any] = {}
        for p in self.preguntas():
            v = respuestas.get(p.clave)
            if p.tipo == "grupo" and isinstance(v, list):
                filas = [
                    {k: x for k, x in _fila_de_grupo(p, f).items() if not _vacia(x)} for f in v
                ]
                v = [f for f in filas if f]
            if p.aplica(respuestas) and not _vacia(v):
                limpias[p.clave] = v
        return limpias

    def validar(self, respuestas: dict[str, Any]) -> list[str]:
        """Every problem of ``respuestas``, in Spanish, naming the question."""
        return [m for _clave, m in self.validar_por_clave(respuestas)]

    def validar_por_clave(self, respuestas: dict[str, Any]) -> list[tuple[str, str]]:
        """(question key, problem) of every problem, in the order of the form."""
        errores: list[tuple[str, str]] = []
        for p in self.preguntas():
            if not p.aplica(respuestas):
                continue
            v = respuestas.get(p.clave)
            if v in (None, "", []):
                if p.requerida:
                    errores.append((p.clave, f"Falta responder: «{p.texto}»."))
                continue
            problema = _problema(p, v)
            if problema:
                errores.append((p.clave, f"«{p.texto}»: {problema}"))
        return errores


def _vacia(v: Any) -> bool:
    return v in (None, "", [])


def _fila_de_grupo(p: Pregunta, fila: Any) -> dict[str, Any]:
    return {s.clave: fila.get(s.clave) for s in p.preguntas} if isinstance(fila, dict) else {}


def _problema(p: Pregunta, v: Any) -> str | None:
    if p.tipo == "grupo":
        if not isinstance(v, list) or not all(isinstance(f, dict) for f in v):
            return "debe ser una lista de filas."
        if p.minimo is not None and len(v) < p.minimo:
            return f"agregue al menos {int(p.minimo)}."
        if p.maximo is not None and len(v) > p.maximo:
            return f"agregue a lo más {int(p.maximo)}."
        for n, fila in enumerate(v, start=1):
            for s in p.preguntas:
                x = fila.get(s.clave)
                if _vacia(x):
                    if s.requerida:
                        return f"en el número {n} falta «{s.texto}»."
                    continue
                problema = _problema(s, x)
                if problema:
                    return f"en el número {n}, «{s.texto}» {problema}"
        return None
    if p.tipo == "texto":
        if not isinstance(v, str):
            return "debe ser texto."
        if p.maximo is not None and len(v) > p.maximo:
            return f"escriba como máximo {int(p.maximo)} caracteres."
    elif p.tipo == "numero":
        if isinstance(v, bool) or not isinstance(v, int | float):
            return "debe ser un número."
        if p.minimo is not None and v < p.minimo:
            return f"debe ser al menos {p.minimo:g}."
        if p.maximo is not None and v > p.maximo:
            return f"debe ser a lo más {p.maximo:g}."
    elif p.tipo == "fecha":
        try:
            date.fromisoformat(v)
        except (TypeError, ValueError):
            return "no es una fecha válida."
    elif p.tipo == "opcion":
        if v not in p.opciones:
            return "elija una de las opciones."
    elif p.tipo == "multiple":
        if not isinstance(v, list) or any(x not in p.opciones for x in v):
            return "elija entre las opciones."
    elif p.tipo == "si_no" and not isinstance(v, bool):
        return "responda sí o no."
    return None


_CLAVE_PREGUNTA = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
_CAMPOS = {"clave", "texto", "tipo", "requerida", "opciones", "min", "max", "decimales", "si",
           "ayuda", "preguntas", "equivale"}  # fmt: skip


def _es_numero(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def _eco(v: Any) -> str:
    """What the user wrote, quoted in a message: at most 60 characters."""
    t = v if isinstance(v, str) else str(v)
    return t if len(t) <= 60 else t[:59] + "…"


def validar_definicion(secciones: Any, anteriores: frozenset[str] = frozenset()) -> list[str]:
    """Every problem of a form definition before it is published (a published version never
    changes), each saying where it is: empty sections, keys (format, repeated), types, choice
    questions without choices, repeatable groups, conditions on a question that does not
    exist or comes later, and «same as» keys that no earlier version has (``anteriores``)."""
    if not isinstance(secciones, list) or not secciones:
        return ["El formulario necesita al menos una sección con preguntas."]
    errores: list[str] = []
    vistas: list[str] = []
    todas = {
        q.get("clave")
        for s in secciones
        if isinstance(s, dict) and isinstance(s.get("preguntas"), list)
        for q in s["preguntas"]
        if isinstance(q, dict) and isinstance(q.get("clave"), str)
    }
    for i, s in enumerate(secciones, start=1):
        if not isinstance(s, dict):
            errores.append(f"Sección {i}: debe ser un objeto con «titulo» y «preguntas».")
            continue
        titulo = s.get("titulo", "")
        seccion = f"Sección {i}" + (f" «{_eco(titulo.strip())}»" if isinstance(titulo, str)
                                    and titulo.strip() else "")  # fmt: skip
        if not isinstance(titulo, str) or not titulo.strip():
            errores.append(f"{seccion}: escriba su título.")
        elif len(titulo) > MAX_TITULO:
            errores.append(f"{seccion}: el título pasa de {MAX_TITULO} caracteres.")
        preguntas = s.get("preguntas")
        if not isinstance(preguntas, list) or not preguntas:
            errores.append(f"{seccion}: está vacía; agregue preguntas o quítela.")
            continue
        for j, q in enumerate(preguntas, start=1):
            clave = _revisar_pregunta(q, f"{seccion}, pregunta {j}", vistas, todas, anteriores,
                                      errores)  # fmt: skip
            if clave:
                vistas.append(clave)
    return errores


def _revisar_pregunta(
    q: Any, donde: str, vistas: list[str], todas: set, anteriores: frozenset[str],
    errores: list[str], en_grupo: bool = False,
) -> str | None:  # fmt: skip
    if not isinstance(q, dict):
        errores.append(f"{donde}: debe ser un objeto.")
        return None
    clave = q.get("clave")
    if not isinstance(clave, str) or not _CLAVE_PREGUNTA.match(clave):
        errores.append(
            f"{donde}: la clave «{_eco(clave or '')}» no sirve; use minúsculas, números o "
            "guion bajo y empiece con una letra (p. ej. «ingreso_mensual»)."
        )
        return None
    donde += f" («{clave}»)"
    if clave in vistas:
        errores.append(f"{donde}: la clave está repetida; cada pregunta necesita la suya.")
    for extra in sorted(set(q) - _CAMPOS):
        errores.append(f"{donde}: campo desconocido «{_eco(extra)}».")
    tipo = q.get("tipo")
    permitidos = TIPOS_SIMPLES if en_grupo else TIPOS
    if tipo not in permitidos:
        nombres = ", ".join(NOMBRES_TIPO[t] for t in permitidos)
        errores.append(f"{donde}: el tipo «{_eco(tipo)}» no existe aquí; use {nombres}.")
    if not isinstance(q.get("texto"), str) or not q["texto"].strip():
        errores.append(f"{donde}: escriba el texto de la pregunta.")
    elif len(q["texto"]) > MAX_TEXTO:
        errores.append(f"{donde}: el texto pasa de {MAX_TEXTO} caracteres.")
    if "requerida" in q and not isinstance(q["requerida"], bool):
        errores.append(f"{donde}: «requerida» debe ser true o false.")
    if "ayuda" in q and not isinstance(q["ayuda"], str):
        errores.append(f"{donde}: la ayuda debe ser texto.")
    elif len(q.get("ayuda") or "") > MAX_AYUDA:
        errores.append(f"{donde}: la ayuda pasa de {MAX_AYUDA:,} caracteres.")
    opciones = q.get("opciones")
    if tipo in ("opcion", "multiple"):
        if not isinstance(opciones, list) or not opciones:
            errores.append(f"{donde}: es de opciones y no tiene ninguna; escriba sus opciones.")
        elif len(opciones) > MAX_OPCIONES:
            errores.append(f"{donde}: tiene más de {MAX_OPCIONES} opciones.")
        elif not all(isinstance(o, str) and o.strip() for o in opciones):
            errores.append(f"{donde}: hay una opción vacía.")
        elif any(len(o) > MAX_OPCION for o in opciones):
            errores.append(f"{donde}: cada opción es un texto de hasta {MAX_OPCION} caracteres.")
        elif len(set(opciones)) != len(opciones):
            errores.append(f"{donde}: hay opciones repetidas.")
    elif opciones is not None:
        errores.append(f"{donde}: solo las preguntas de opciones llevan opciones.")
    for campo in ("min", "max"):
        if campo in q and not _es_numero(q[campo]):
            errores.append(f"{donde}: «{campo}» debe ser un número.")
    if _es_numero(q.get("min")) and _es_numero(q.get("max")) and q["min"] > q["max"]:
        errores.append(f"{donde}: el mínimo es mayor que el máximo.")
    if "decimales" in q and (
        not isinstance(q["decimales"], int)
        or isinstance(q["decimales"], bool)
        or not 0 <= q["decimales"] <= 6
    ):
        errores.append(f"{donde}: «decimales» debe ser un entero de 0 a 6.")
    si = q.get("si")
    if si is not None:
        objetivo = si.get("pregunta") if isinstance(si, dict) else None
        if en_grupo:
            errores.append(f"{donde}: las preguntas de un grupo no llevan condición.")
        elif not isinstance(si, dict) or objetivo not in vistas:
            if objetivo == clave:
                motivo = "depende de sí misma"
            elif isinstance(objetivo, str) and objetivo in todas:
                motivo = f"depende de «{objetivo}», que viene después"
            else:
                motivo = f"depende de «{_eco(objetivo or '')}», que no existe"
            errores.append(
                f"{donde}: su condición {motivo}; una condición solo puede depender de una "
                "pregunta anterior."
            )
        elif len({"igual", "en", "mayor"} & set(si)) != 1:
            errores.append(f"{donde}: la condición lleva una de «igual», «en» o «mayor».")
        elif "en" in si and not isinstance(si["en"], list):
            errores.append(f"{donde}: «si.en» debe ser una lista.")
        elif "mayor" in si and not _es_numero(si["mayor"]):
            errores.append(f"{donde}: «si.mayor» debe ser un número.")
    equivale = q.get("equivale")
    if equivale is not None and (not isinstance(equivale, str) or equivale not in anteriores):
        errores.append(
            f"{donde}: «igual a» «{_eco(equivale)}» no es una pregunta de una versión anterior."
        )
    subpreguntas = q.get("preguntas")
    if tipo == "grupo":
        if not isinstance(subpreguntas, list) or not subpreguntas:
            errores.append(f"{donde}: el grupo no tiene preguntas; agregue las de cada fila.")
        else:
            propias: list[str] = []
            for k, sub in enumerate(subpreguntas, start=1):
                c = _revisar_pregunta(sub, f"{donde}, pregunta {k} del grupo", propias, set(),
                                      frozenset(), errores, en_grupo=True)  # fmt: skip
                if c:
                    propias.append(c)
    elif subpreguntas is not None:
        errores.append(f"{donde}: solo un grupo repetible lleva preguntas propias.")
    return clave


def recortar(v: Any, maximo: int) -> str:
    """A text to show: a version stored before the limits existed may hold anything there."""
    t = v if isinstance(v, str) else ("" if v is None else str(v))
    return t if len(t) <= maximo else t[: maximo - 1] + "…"


def _pregunta(q: dict) -> Pregunta:
    """A question as the screens use it; what a stored version has of the wrong type is left
    out, and long texts are cut to what publication allows (they are only shown)."""
    opciones = q.get("opciones")
    decimales = q.get("decimales")
    return Pregunta(
        clave=q["clave"],
        texto=recortar(q.get("texto", q["clave"]), MAX_TEXTO),
        tipo=q["tipo"],
        requerida=q.get("requerida") is True,
        opciones=tuple(o for o in opciones if isinstance(o, str))
        if isinstance(opciones, list) else (),
        minimo=q["min"] if _es_numero(q.get("min")) else None,
        maximo=q["max"] if _es_numero(q.get("max")) else None,
        decimales=decimales if type(decimales) is int and 0 <= decimales <= 6 else 0,
        condicion=q["si"] if isinstance(q.get("si"), dict) else None,
        ayuda=recortar(q.get("ayuda"), MAX_AYUDA),
        preguntas=tuple(_pregunta(x) for x in q.get("preguntas") or ()
                        if isinstance(x, dict) and isinstance(x.get("clave"), str)
                        and x.get("tipo") in TIPOS_SIMPLES),
        equivale=q["equivale"] if isinstance(q.get("equivale"), str) else None,
    )  # fmt: skip


def desde_json(
    id_: int, clave: str, version: int, nombre: str, definicion: dict
) -> DefinicionFormulario:
    secciones = []
    for s in definicion.get("secciones") or []:
        if not isinstance(s, dict):
            raise ErrorDatos(f"El formulario {clave} tiene una sección que no es un objeto.")
        preguntas = []
        for q in s.get("preguntas") or []:
            if not isinstance(q, dict) or not isinstance(q.get("clave"), str):
                raise ErrorDatos(f"El formulario {clave} tiene una pregunta sin clave.")
            if q.get("tipo") not in TIPOS:
                raise ErrorDatos(
                    f"El formulario {clave} tiene una pregunta de tipo desconocido: "
                    f"{_eco(q.get('tipo'))}."
                )
            preguntas.append(_pregunta(q))
        secciones.append(Seccion(recortar(s.get("titulo"), MAX_TITULO), tuple(preguntas)))
    return DefinicionFormulario(id_, clave, version, recortar(nombre, MAX_NOMBRE), tuple(secciones))


# ---------------------------------------------------------------------------
# Limits of size and depth, and reading what is stored
# ---------------------------------------------------------------------------
def _niveles(valor: Any) -> int:
    """How deeply nested a parsed JSON value is (without recursion)."""
    mayor, pila = 0, [(valor, 1)]
    while pila:
        v, n = pila.pop()
        if isinstance(v, dict | list):
            mayor = max(mayor, n)
            pila.extend((x, n + 1) for x in (v.values() if isinstance(v, dict) else v))
    return mayor


_PROFUNDA = (
    f"la definición está anidada a más de {MAX_NIVELES_JSON} niveles; un formulario usa a lo "
    f"más {MAX_NIVELES_JSON}"
)


def _pesada(n_bytes: int) -> str:
    return (
        f"la definición pesa {n_bytes / 1_048_576:,.1f} MB; un formulario pesa a lo más "
        f"{MAX_BYTES_JSON // 1_048_576} MB"
    )


def excede(secciones: Any) -> str | None:
    """Whether the definition as the database keeps it (``{"secciones": …}``) is over the size
    or depth a form may have: the reason, in the database's words (sipros_formulario_excede),
    or None. The depth is measured first, without recursion."""
    guardada = {"secciones": secciones}
    if _niveles(guardada) > MAX_NIVELES_JSON:
        return _PROFUNDA
    n = len(json.dumps(guardada, ensure_ascii=False).encode("utf-8"))
    return _pesada(n) if n > MAX_BYTES_JSON else None


def leer_guardada(texto: str, que: str) -> dict:
    """A definition read from its stored text (``definicion::text``) within the limits. A row
    stored before the database refused such things (nested thousands of levels, megabytes of
    one label) is an ErrorDatos that names it (``que``: «La versión 2 del formulario X»),
    never a RecursionError, nor a screen frozen by a label."""
    motivo = None
    n = len(texto) if len(texto) > MAX_BYTES_JSON else len(texto.encode("utf-8"))
    if n > MAX_BYTES_JSON:
        motivo = _pesada(n)
    else:
        try:
            d = json.loads(texto)
        except RecursionError:
            d = None
        if d is None or _niveles(d) > MAX_NIVELES_JSON:
            motivo = _PROFUNDA
    if motivo is not None:
        raise ErrorDatos(f"{que} no se puede abrir: {motivo}.")
    if not isinstance(d, dict):
        raise ErrorDatos(f"{que} no se puede abrir: no es un objeto JSON.")
    return d


# The type each field of a question must have for the designer to show it
_TIPOS_CAMPO: dict[str, tuple[type, str]] = {
    "clave": (str, "texto"), "texto": (str, "texto"), "tipo": (str, "texto"),
    "ayuda": (str, "texto"), "equivale": (str, "texto"), "requerida": (bool, "true o false"),
    "si": (dict, "un objeto"), "opciones": (list, "una lista"), "preguntas": (list, "una lista"),
    "decimales": (int, "un número entero"), "min": (int | float, "un número"),
    "max": (int | float, "un número"),
}  # fmt: skip


def _forma_de_pregunta(q: Any, donde: str) -> str | None:
    if not isinstance(q, dict):
        return f"{donde} no es un objeto"
    if not isinstance(q.get("clave"), str):
        return f"{donde} no tiene clave"
    for campo, (tipo, nombre) in _TIPOS_CAMPO.items():
        if campo in q and not isinstance(q[campo], tipo):
            return f"{donde} («{_eco(q['clave'])}»): «{campo}» debe ser {nombre}"
    if any(not isinstance(o, str) for o in q.get("opciones") or []):
        return f"{donde} («{_eco(q['clave'])}»): cada opción debe ser texto"
    return None


def _forma(d: dict) -> str | None:
    if not isinstance(d.get("nombre"), str):
        return "el nombre debe ser texto"
    secciones = d.get("secciones")
    if not isinstance(secciones, list):
        return "«secciones» debe ser una lista"
    for i, s in enumerate(secciones, start=1):
        if not isinstance(s, dict):
            return f"la sección {i} no es un objeto"
        if not isinstance(s.get("titulo", ""), str):
            return f"el título de la sección {i} debe ser texto"
        if not isinstance(s.get("preguntas", []), list):
            return f"las preguntas de la sección {i} deben ser una lista"
        for j, q in enumerate(s.get("preguntas") or [], start=1):
            problema = _forma_de_pregunta(q, f"la pregunta {j} de la sección {i}")
            if problema:
                return problema
            for k, sub in enumerate(q.get("preguntas") or [], start=1):
                problema = _forma_de_pregunta(sub, f"la pregunta {k} del grupo «{q['clave']}»")
                if problema:
                    return problema
    return None


def forma_editable(d: dict, que: str) -> dict:
    """``d`` (clave, nombre, secciones) if the designer can show it: within the limits of size
    and depth, each section and question an object whose fields have their types. Problems a
    draft may have (an empty title, a repeated key) are the designer's to show; a definition it
    could not even show (written from psql, or a file from elsewhere) is an ErrorDatos that says
    where (``que`` names it: «El borrador de X», «plantilla.json»)."""
    motivo = excede(d.get("secciones"))
    if motivo is None and isinstance(d.get("nombre"), str) and len(d["nombre"]) > MAX_NOMBRE:
        motivo = f"el nombre pasa de {MAX_NOMBRE} caracteres"
    if motivo is not None:
        raise ErrorDatos(f"{que} no se puede abrir: {motivo}.")
    problema = _forma(d)
    if problema is not None:
        raise ErrorDatos(f"{que} no se puede abrir en el diseñador: {problema}.")
    return d


_VERSION = "SELECT id, clave, version, nombre, definicion::text AS definicion FROM formulario "


def _de_fila(f) -> DefinicionFormulario:
    d = leer_guardada(f.definicion, f"La versión {f.version} del formulario {f.clave}")
    return desde_json(f.id, f.clave, f.version, f.nombre, d)


def cargar_en(s, formulario_id: int) -> DefinicionFormulario:
    """A published version inside the caller's session."""
    f = s.execute(text(_VERSION + "WHERE id = :i"), {"i": formulario_id}).one_or_none()
    if f is None:
        raise ErrorDatos("El formulario ya no existe.")
    return _de_fila(f)


def cargar(formulario_id: int) -> DefinicionFormulario:
    with bd.sesion() as s:
        return cargar_en(s, formulario_id)


def vigente(clave: str, s: Session | None = None) -> DefinicionFormulario:
    """The newest version of the form ``clave`` (in ``s``, the caller's transaction, if given)."""
    if s is None:
        with bd.sesion() as s:
            return vigente(clave, s)
    f = s.execute(
        text(_VERSION + "WHERE clave = :c ORDER BY version DESC LIMIT 1"), {"c": clave}
    ).one_or_none()
    if f is None:
        raise ErrorDatos(f"No existe el formulario «{clave}».")
    return _de_fila(f)


CUESTIONARIO_BASE = "CUIS"


def leer_archivo(ruta: Path) -> dict:
    """A form definition from a JSON file the user hands over, with limits of size and depth:
    any problem is a Spanish message, never a traceback."""
    nombre = ruta.name
    try:
        texto = archivos.leer_bytes(ruta, MAX_BYTES_JSON, "un formulario").decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise ErrorDatos(f"«{nombre}» no es texto UTF-8: guárdelo como JSON en UTF-8.") from e
    try:
        definicion = json.loads(texto)
    except RecursionError as e:
        raise ErrorDatos(
            f"«{nombre}» está anidado a demasiados niveles; un formulario usa a lo más "
            f"{MAX_NIVELES_JSON}."
        ) from e
    except ValueError as e:
        linea = getattr(e, "lineno", None)
        donde = f" (línea {linea}, columna {e.colno})" if linea else ""
        raise ErrorDatos(f"«{nombre}» no es JSON válido{donde}.") from e
    if _niveles(definicion) > MAX_NIVELES_JSON:
        raise ErrorDatos(
            f"«{nombre}» está anidado a demasiados niveles; un formulario usa a lo más "
            f"{MAX_NIVELES_JSON}."
        )
    if not isinstance(definicion, dict):
        raise ErrorDatos(f"«{nombre}» debe ser un objeto JSON con «clave», «nombre» y «secciones».")
    return definicion


def claves_anteriores(clave: str, s: Session | None = None) -> frozenset[str]:
    """Every question key the published versions of ``clave`` have had (for «same as»); asked
    of the database, which walks only the sections and their questions of each version (in
    ``s``, the caller's transaction, when given)."""
    if s is None:
        with bd.sesion() as s:
            return claves_anteriores(clave, s)
    filas = s.scalars(
        text(
            "SELECT DISTINCT p ->> 'clave' FROM formulario f, "
            "jsonb_array_elements(CASE WHEN jsonb_typeof(f.definicion -> 'secciones') = "
            "'array' THEN f.definicion -> 'secciones' ELSE '[]' END) se, "
            "jsonb_array_elements(CASE WHEN jsonb_typeof(se -> 'preguntas') = 'array' "
            "THEN se -> 'preguntas' ELSE '[]' END) p "
            "WHERE f.clave = :c AND jsonb_typeof(p -> 'clave') = 'string'"
        ),
        {"c": clave},
    ).all()
    return frozenset(filas)


def revisar(
    definicion: dict, anteriores: frozenset[str] | None = None, s: Session | None = None
) -> list[str]:
    """Every problem of a whole definition (key, name, sections), in Spanish."""
    motivo = excede(definicion.get("secciones"))
    if motivo is not None:  # nothing else is looked at in a definition over the limits
        return [motivo[0].upper() + motivo[1:] + "."]
    clave = str(definicion.get("clave", "")).strip().upper()
    errores = []
    if not re.match(r"^[A-Z0-9_-]{1,30}$", clave):
        errores.append(
            "La clave del formulario debe tener de 1 a 30 letras sin acentos, números, guion o "
            "guion bajo (p. ej. CUIS o APTEC)."
        )
    nombre = str(definicion.get("nombre", "")).strip()
    if not nombre:
        errores.append("Escriba el nombre del formulario.")
    elif len(nombre) > MAX_NOMBRE:
        errores.append(f"El nombre del formulario pasa de {MAX_NOMBRE} caracteres.")
    if anteriores is None:
        anteriores = claves_anteriores(clave, s) if clave else frozenset()
    return errores + validar_definicion(definicion.get("secciones"), anteriores)


def publicar(definicion: dict) -> DefinicionFormulario:
    """Publish a form from its JSON definition (``clave``, ``nombre``, ``secciones``): the first
    version, or the next one if the key exists (the database numbers it). Published versions
    never change."""
    with bd.sesion() as s:
        return publicar_en(s, definicion)


def publicar_en(s, definicion: dict) -> DefinicionFormulario:
    """``publicar`` inside the caller's transaction."""
    errores = revisar(definicion, s=s)
    if errores:
        mas = f"\n… y {len(errores) - 20} más." if len(errores) > 20 else ""
        raise ErrorDatos(
            "El formulario no se publicó; corrija:\n• " + "\n• ".join(errores[:20]) + mas
        )
    f = Formulario(
        clave=str(definicion["clave"]).strip().upper(),
        version=1,  # the database gives the next one of the key
        nombre=str(definicion["nombre"]).strip(),
        definicion={"secciones": json.loads(json.dumps(definicion["secciones"]))},
    )
    s.add(f)
    s.flush()
    return cargar_en(s, f.id)


# --------------------------------------------------------------------------- read-only answers


@dataclass(frozen=True)
class SeccionLeida:
    titulo: str
    respuestas: tuple[tuple[str, str], ...]  # (question, answer as text), in the form's order


@dataclass(frozen=True)
class CuestionarioLeido:
    """A questionnaire as a person reads it: each section's questions with their answers."""

    nombre: str
    version: int
    capturado: Any  # datetime
    usuario: str
    secciones: tuple[SeccionLeida, ...]
    sin_responder: int  # questions asked of everybody that have no answer


def texto_respuesta(p: Pregunta, v: Any) -> str:
    """An answer as text: Sí/No, dates as dd/mm/aaaa, choices joined, a group one row a line."""
    if isinstance(v, bool):
        return "Sí" if v else "No"
    if p.tipo == "fecha" and isinstance(v, str):
        try:
            return f"{date.fromisoformat(v):%d/%m/%Y}"
        except ValueError:
            return v
    if p.tipo == "grupo" and isinstance(v, list):
        lineas = []
        for n, fila in enumerate(v, start=1):
            partes = [
                f"{s.texto}: {texto_respuesta(s, fila[s.clave])}"
                for s in p.preguntas
                if isinstance(fila, dict) and not _vacia(fila.get(s.clave))
            ]
            lineas.append(f"{n}. " + "; ".join(partes))
        return "\n".join(lineas)
    if isinstance(v, list):
        return ", ".join(map(str, v))
    if isinstance(v, float) and v.is_integer():
        return f"{v:,.0f}"
    if isinstance(v, int):
        return f"{v:,}"
    return str(v)


def leer(d: DefinicionFormulario, respuestas: dict[str, Any]) -> tuple[SeccionLeida, ...]:
    """The answered questions of ``d`` by section (a question whose condition did not hold is
    left out, as it was never asked); answers under keys the version does not have come last."""
    secciones = []
    conocidas = set()
    for s in d.secciones:
        filas = []
        for p in s.preguntas:
            conocidas.add(p.clave)
            if p.clave in respuestas and not _vacia(respuestas[p.clave]):
                filas.append((p.texto, texto_respuesta(p, respuestas[p.clave])))
        if filas:
            secciones.append(SeccionLeida(s.titulo, tuple(filas)))
    otras = [(k, str(v)) for k, v in respuestas.items() if k not in conocidas]
    if otras:
        secciones.append(SeccionLeida("Otras respuestas", tuple(otras)))
    return tuple(secciones)


def sin_responder(d: DefinicionFormulario, respuestas: dict[str, Any]) -> int:
    return sum(1 for p in d.preguntas() if p.aplica(respuestas) and _vacia(respuestas.get(p.clave)))


def cuestionario_de(s, ciudadano_id: int) -> CuestionarioLeido | None:
    """The citizen's newest socio-economic questionnaire as it reads, inside the caller's
    session (row-level security applies: None when there is none the user may see)."""
    q = s.execute(
        text(
            "SELECT formulario_id, respuestas, creado, usuario FROM cuestionario "
            "WHERE ciudadano_id = :c ORDER BY creado DESC, id DESC LIMIT 1"
        ),
        {"c": ciudadano_id},
    ).first()
    if q is None:
        return None
    respuestas = q.respuestas or {}
    try:
        d = cargar_en(s, q.formulario_id)
    except ErrorDatos:  # a version over the limits (stored before they existed): bare answers
        filas = tuple((k, str(v)) for k, v in respuestas.items())
        return CuestionarioLeido("Cuestionario", 0, q.creado, q.usuario,
                                 (SeccionLeida("Respuestas", filas),), 0)  # fmt: skip
    return CuestionarioLeido(
        d.nombre, d.version, q.creado, q.usuario, leer(d, respuestas), sin_responder(d, respuestas)
    )
