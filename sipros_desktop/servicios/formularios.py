"""Forms are data: a definition with sections and questions, read from ``formulario``.

Question types: ``texto``, ``numero``, ``fecha``, ``opcion`` (single choice), ``multiple``
(several choices), ``si_no``. A question may be ``requerida`` and may carry a simple condition
``si``: ``{"pregunta": clave, "igual": valor}``, ``{"pregunta": clave, "en": [valores]}`` or
``{"pregunta": clave, "mayor": número}``; a question whose condition does not hold is neither
shown nor stored. Answers are a JSON object {clave: valor} kept with the form's id (version).
Qt-free: the one generic form widget renders these definitions.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select

from sipros_desktop import bd
from sipros_desktop.errores import ErrorDatos
from sipros_desktop.modelos import Formulario
from sipros_desktop.servicios import archivos

TIPOS = ("texto", "numero", "fecha", "opcion", "multiple", "si_no")


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
            if p.aplica(respuestas) and v not in (None, "", []):
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


def _problema(p: Pregunta, v: Any) -> str | None:
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
_CAMPOS = {"clave", "texto", "tipo", "requerida", "opciones", "min", "max", "decimales", "si"}


def _es_numero(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def validar_definicion(secciones: Any) -> list[str]:
    """Every problem of a form definition before it is published (a published version never
    changes): types of every field, option lists, and conditions that point to an earlier
    question. Each problem says where it is."""
    if not isinstance(secciones, list) or not secciones:
        return ["«secciones» debe ser una lista con al menos una sección."]
    errores: list[str] = []
    vistas: list[str] = []
    for i, s in enumerate(secciones, start=1):
        if not isinstance(s, dict):
            errores.append(f"Sección {i}: debe ser un objeto con «titulo» y «preguntas».")
            continue
        if not isinstance(s.get("titulo", ""), str):
            errores.append(f"Sección {i}: «titulo» debe ser texto.")
        preguntas = s.get("preguntas")
        if not isinstance(preguntas, list) or not preguntas:
            errores.append(f"Sección {i}: «preguntas» debe ser una lista con al menos una.")
            continue
        for j, q in enumerate(preguntas, start=1):
            donde = f"Sección {i}, pregunta {j}"
            if not isinstance(q, dict):
                errores.append(f"{donde}: debe ser un objeto.")
                continue
            clave = q.get("clave")
            if not isinstance(clave, str) or not _CLAVE_PREGUNTA.match(clave):
                errores.append(
                    f"{donde}: «clave» debe ser texto de minúsculas, números o guion bajo que "
                    "empiece con una letra (p. ej. «ingreso_mensual»)."
                )
                continue
            donde += f" («{clave}»)"
            if clave in vistas:
                errores.append(f"{donde}: la clave está repetida.")
            for extra in sorted(set(q) - _CAMPOS):
                errores.append(f"{donde}: campo desconocido «{extra}».")
            tipo = q.get("tipo")
            if tipo not in TIPOS:
                errores.append(f"{donde}: «tipo» debe ser uno de {', '.join(TIPOS)}.")
            if "texto" in q and (not isinstance(q["texto"], str) or not q["texto"].strip()):
                errores.append(f"{donde}: «texto» debe ser el texto de la pregunta.")
            if "requerida" in q and not isinstance(q["requerida"], bool):
                errores.append(f"{donde}: «requerida» debe ser true o false.")
            opciones = q.get("opciones")
            if tipo in ("opcion", "multiple"):
                if (
                    not isinstance(opciones, list)
                    or not opciones
                    or not all(isinstance(o, str) and o.strip() for o in opciones)
                ):
                    errores.append(f"{donde}: «opciones» debe ser una lista de textos.")
                elif len(set(opciones)) != len(opciones):
                    errores.append(f"{donde}: hay opciones repetidas.")
            elif opciones is not None:
                errores.append(f"{donde}: solo las preguntas de opciones llevan «opciones».")
            for campo in ("min", "max"):
                if campo in q and not _es_numero(q[campo]):
                    errores.append(f"{donde}: «{campo}» debe ser un número.")
            if _es_numero(q.get("min")) and _es_numero(q.get("max")) and q["min"] > q["max"]:
                errores.append(f"{donde}: «min» es mayor que «max».")
            if "decimales" in q and (
                not isinstance(q["decimales"], int)
                or isinstance(q["decimales"], bool)
                or not 0 <= q["decimales"] <= 6
            ):
                errores.append(f"{donde}: «decimales» debe ser un entero de 0 a 6.")
            si = q.get("si")
            if si is not None:
                if not isinstance(si, dict) or si.get("pregunta") not in vistas:
                    errores.append(
                        f"{donde}: «si» debe nombrar en «pregunta» una pregunta anterior."
                    )
                elif len({"igual", "en", "mayor"} & set(si)) != 1:
                    errores.append(f"{donde}: «si» lleva una de «igual», «en» o «mayor».")
                elif "en" in si and not isinstance(si["en"], list):
                    errores.append(f"{donde}: «si.en» debe ser una lista.")
                elif "mayor" in si and not _es_numero(si["mayor"]):
                    errores.append(f"{donde}: «si.mayor» debe ser un número.")
            vistas.append(clave)
    return errores


def desde_json(
    id_: int, clave: str, version: int, nombre: str, definicion: dict
) -> DefinicionFormulario:
    secciones = []
    for s in definicion.get("secciones", []):
        preguntas = []
        for q in s.get("preguntas", []):
            if q.get("tipo") not in TIPOS:
                raise ErrorDatos(
                    f"El formulario {clave} tiene una pregunta de tipo desconocido: "
                    f"{q.get('tipo')}."
                )
            preguntas.append(
                Pregunta(
                    clave=q["clave"],
                    texto=q.get("texto", q["clave"]),
                    tipo=q["tipo"],
                    requerida=bool(q.get("requerida", False)),
                    opciones=tuple(q.get("opciones", ())),
                    minimo=q.get("min"),
                    maximo=q.get("max"),
                    decimales=int(q.get("decimales", 0)),
                    condicion=q.get("si"),
                )
            )
        secciones.append(Seccion(s.get("titulo", ""), tuple(preguntas)))
    return DefinicionFormulario(id_, clave, version, nombre, tuple(secciones))


def _de_fila(f: Formulario) -> DefinicionFormulario:
    return desde_json(f.id, f.clave, f.version, f.nombre, f.definicion)


def cargar(formulario_id: int) -> DefinicionFormulario:
    with bd.sesion() as s:
        f = s.get(Formulario, formulario_id)
        if f is None:
            raise ErrorDatos("El formulario ya no existe.")
        return _de_fila(f)


def vigente(clave: str) -> DefinicionFormulario:
    """The newest version of the form ``clave``."""
    with bd.sesion() as s:
        f = s.scalar(
            select(Formulario)
            .where(Formulario.clave == clave)
            .order_by(Formulario.version.desc())
            .limit(1)
        )
        if f is None:
            raise ErrorDatos(f"No existe el formulario «{clave}».")
        return _de_fila(f)


CUESTIONARIO_BASE = "CUIS"
MAX_BYTES_JSON = 1_048_576  # a form of hundreds of questions weighs a few dozen kB
MAX_NIVELES_JSON = 12  # form → sections → questions → options/condition: a handful of levels


def _niveles(valor: Any) -> int:
    """How deeply nested a parsed JSON value is (without recursion)."""
    mayor, pila = 0, [(valor, 1)]
    while pila:
        v, n = pila.pop()
        if isinstance(v, dict | list):
            mayor = max(mayor, n)
            pila.extend((x, n + 1) for x in (v.values() if isinstance(v, dict) else v))
    return mayor


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


def publicar(definicion: dict) -> DefinicionFormulario:
    """Publish a form from its JSON definition (``clave``, ``nombre``, ``secciones``): the first
    version, or the next one if the key exists. Published versions never change."""
    import json

    from sqlalchemy import func

    clave = str(definicion.get("clave", "")).strip().upper()
    nombre = str(definicion.get("nombre", "")).strip()
    if not clave or not nombre:
        raise ErrorDatos("El formulario necesita «clave» y «nombre».")
    secciones = definicion.get("secciones")
    if not isinstance(secciones, list) or not secciones:
        raise ErrorDatos("El formulario necesita «secciones» con sus preguntas.")
    errores = validar_definicion(secciones)
    if errores:
        mas = f"\n… y {len(errores) - 20} más." if len(errores) > 20 else ""
        raise ErrorDatos(
            "El formulario no se publicó; corrija:\n• " + "\n• ".join(errores[:20]) + mas
        )
    prueba = desde_json(0, clave, 1, nombre, {"secciones": secciones})
    claves = [p.clave for p in prueba.preguntas()]
    repetidas = sorted({c for c in claves if claves.count(c) > 1})
    if repetidas:
        raise ErrorDatos(f"Claves de pregunta repetidas: {', '.join(repetidas)}.")
    for p in prueba.preguntas():
        if p.tipo in ("opcion", "multiple") and not p.opciones:
            raise ErrorDatos(f"La pregunta «{p.texto}» es de opciones y no tiene «opciones».")
        if p.condicion and p.condicion.get("pregunta") not in claves:
            raise ErrorDatos(f"La condición de «{p.texto}» menciona una pregunta que no existe.")
    with bd.sesion() as s:
        version = (
            s.scalar(select(func.max(Formulario.version)).where(Formulario.clave == clave)) or 0
        ) + 1
        f = Formulario(
            clave=clave, version=version, nombre=nombre,
            definicion=json.loads(json.dumps({"secciones": secciones})),
        )  # fmt: skip
        s.add(f)
        s.flush()
        return _de_fila(f)
