"""The form designer's use cases (Catálogo → Formularios): the list of forms with their
versions, which calls use each and how many answers each has; drafts saved and resumed;
publication of a draft as a new immutable version; «new version from this one»; comparison of
two versions (what was added, removed or changed, and whether answers stay comparable); export
and import of the JSON format.

A form is edited as its JSON definition (a dict): the designer changes the dict and never
loses a field it does not show, so a form moves between installations without loss."""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import text

from sipros_desktop import bd
from sipros_desktop.errores import ErrorDatos
from sipros_desktop.servicios import archivos, formularios
from sipros_desktop.servicios.formularios import NOMBRES_TIPO, DefinicionFormulario


@dataclass(frozen=True)
class Version:
    id: int | None  # None: the draft
    clave: str
    version: int | None
    nombre: str
    fecha: datetime
    quien: str
    convocatorias: tuple[str, ...] = ()
    respuestas: int = 0
    preguntas: int = 0
    excede: str | None = None  # why it cannot be opened (stored before the limits existed)

    @property
    def borrador(self) -> bool:
        return self.id is None

    @property
    def etiqueta(self) -> str:
        return "Borrador" if self.borrador else f"Versión {self.version}"


# What the list shows of each definition, computed by the database without handing the
# definition over: how many questions (sections × their questions) and whether it is over the
# limits. A definition nested thousands of levels deep never reaches the JSON decoder.
_DE_LA_LISTA = (
    "CASE WHEN length(nombre) > 200 THEN left(nombre, 199) || '…' ELSE nombre END AS nombre, "
    "coalesce((SELECT sum(CASE WHEN jsonb_typeof(se -> 'preguntas') = 'array' "
    "THEN jsonb_array_length(se -> 'preguntas') ELSE 0 END) FROM jsonb_array_elements("
    "CASE WHEN jsonb_typeof(definicion -> 'secciones') = 'array' THEN definicion -> 'secciones' "
    "ELSE '[]' END) se), 0) AS preguntas, "
    "CASE WHEN length(nombre) > 200 THEN 'el nombre pasa de 200 caracteres' "
    "ELSE sipros_formulario_excede(definicion) END AS excede"
)


def versiones() -> list[Version]:
    """Every published version and every draft, by form key, newest first."""
    with bd.sesion() as s:
        uso = {
            r[0]: (tuple(r[1]), r[2])
            for r in s.execute(text("SELECT * FROM sipros_formularios_uso()"))
        }
        publicadas = s.execute(
            text(
                f"SELECT id, clave, version, creado, publicado_por, {_DE_LA_LISTA} "
                "FROM formulario ORDER BY clave, version DESC"
            )
        ).all()
        borradores = s.execute(
            text(
                f"SELECT clave, actualizado, actualizado_por, {_DE_LA_LISTA} "
                "FROM formulario_borrador ORDER BY clave"
            )
        ).all()
    lista = [
        Version(None, b.clave, None, b.nombre, b.actualizado, b.actualizado_por,
                preguntas=b.preguntas, excede=b.excede)
        for b in borradores
    ]  # fmt: skip
    lista += [
        Version(f.id, f.clave, f.version, f.nombre, f.creado, f.publicado_por,
                *uso.get(f.id, ((), 0)), preguntas=f.preguntas, excede=f.excede)
        for f in publicadas
    ]  # fmt: skip
    return sorted(lista, key=lambda v: (v.clave, v.version is not None, -(v.version or 0)))


def version_publicada(clave: str, version: int | None = None) -> Version:
    """A published version of the form with this key (any case): ``version``, or the newest
    when None. ErrorDatos when it does not exist (a draft is not a published version)."""
    clave = clave.upper()
    elegida = next(
        (v for v in versiones()
         if v.clave == clave and not v.borrador and version in (None, v.version)),
        None,
    )  # fmt: skip
    if elegida is None:
        cual = f"la versión {version} del" if version else "el"
        raise ErrorDatos(f"No existe {cual} formulario «{clave}».")
    return elegida


def _como_se_guardo(f, que: str) -> dict:
    """(clave, nombre, secciones) of a stored row read as text, within the limits, in a shape
    the designer can edit; otherwise ErrorDatos naming it."""
    if len(f.nombre) > formularios.MAX_NOMBRE:
        raise ErrorDatos(
            f"{que} no se puede abrir: el nombre pasa de {formularios.MAX_NOMBRE} caracteres."
        )
    d = formularios.leer_guardada(f.definicion, que)
    return formularios.forma_editable({"clave": f.clave, "nombre": f.nombre, **d}, que)


def definicion(formulario_id: int) -> dict:
    """The JSON of a published version (clave, nombre, secciones)."""
    with bd.sesion() as s:
        f = s.execute(
            text(
                "SELECT clave, version, nombre, definicion::text AS definicion "
                "FROM formulario WHERE id = :i"
            ),
            {"i": formulario_id},
        ).one_or_none()
    if f is None:
        raise ErrorDatos("Esa versión del formulario ya no existe.")
    return _como_se_guardo(f, f"La versión {f.version} del formulario {f.clave}")


def borrador(clave: str) -> dict | None:
    with bd.sesion() as s:
        f = s.execute(
            text(
                "SELECT clave, nombre, definicion::text AS definicion FROM formulario_borrador "
                "WHERE clave = :c"
            ),
            {"c": clave},
        ).one_or_none()
    if f is None:
        return None
    return _como_se_guardo(f, f"El borrador de {f.clave}")


def nuevo(clave: str, nombre: str) -> dict:
    """A new form's first draft: one section with one question to start from."""
    clave = clave.strip().upper()
    d = {
        "clave": clave,
        "nombre": nombre.strip(),
        "secciones": [{"titulo": "Sección 1", "preguntas": [
            {"clave": "pregunta_1", "texto": "Pregunta 1", "tipo": "texto"}]}],
    }  # fmt: skip
    errores = formularios.revisar(d, frozenset())
    if errores:
        raise ErrorDatos(errores[0])
    with bd.sesion() as s:
        existe = s.scalar(
            text(
                "SELECT 1 FROM formulario WHERE clave = :c UNION ALL "
                "SELECT 1 FROM formulario_borrador WHERE clave = :c LIMIT 1"
            ),
            {"c": clave},
        )
    if existe:
        raise ErrorDatos(
            f"Ya hay un formulario con la clave {clave}: elíjalo en la lista y cree una "
            "versión nueva desde él."
        )
    return d


def version_nueva_desde(formulario_id: int) -> dict:
    """A draft that copies a published version (published versions never change)."""
    d = definicion(formulario_id)
    if borrador(d["clave"]) is not None:
        raise ErrorDatos(
            f"El formulario {d['clave']} ya tiene un borrador: ábralo, o descártelo primero."
        )
    return d


def guardar_borrador(d: dict, basado_en: int | None = None) -> None:
    """Save (or replace) the draft of ``d['clave']``; problems are allowed in a draft."""
    clave = str(d.get("clave", "")).strip().upper()
    nombre = str(d.get("nombre", "")).strip()
    if not clave or not nombre:
        raise ErrorDatos("El borrador necesita la clave y el nombre del formulario.")
    if not isinstance(d.get("secciones"), list):
        raise ErrorDatos("El borrador necesita sus secciones.")
    if len(nombre) > formularios.MAX_NOMBRE:
        raise ErrorDatos(
            f"El borrador no se guardó: el nombre pasa de {formularios.MAX_NOMBRE} caracteres."
        )
    motivo = formularios.excede(d["secciones"])
    if motivo is not None:  # what the database would refuse, said before sending it
        raise ErrorDatos(f"El borrador de {clave} no se guardó: {motivo}.")
    with bd.sesion() as s:
        s.execute(
            text(
                "INSERT INTO formulario_borrador (clave, nombre, definicion, basado_en) "
                "VALUES (:c, :n, CAST(:d AS jsonb), :b) ON CONFLICT (clave) DO UPDATE "
                "SET nombre = EXCLUDED.nombre, definicion = EXCLUDED.definicion, "
                "basado_en = coalesce(EXCLUDED.basado_en, formulario_borrador.basado_en)"
            ),
            {"c": clave, "n": nombre, "d": json.dumps({"secciones": d["secciones"]},
                                                      ensure_ascii=False), "b": basado_en},
        )  # fmt: skip


def descartar_borrador(clave: str) -> None:
    with bd.sesion() as s:
        s.execute(text("DELETE FROM formulario_borrador WHERE clave = :c"), {"c": clave})


def publicar(d: dict) -> DefinicionFormulario:
    """Publish ``d`` as the next version of its key and drop its draft, in one transaction."""
    with bd.sesion() as s:
        f = formularios.publicar_en(s, d)
        s.execute(text("DELETE FROM formulario_borrador WHERE clave = :c"), {"c": f.clave})
        return f


def exportar(formulario_id: int, ruta: Path) -> Path:
    """The version as JSON (UTF-8, indented): what ``formulario publicar`` and Importar read."""
    destino = archivos.archivo_de_salida(ruta, ".json")
    contenido = json.dumps(definicion(formulario_id), ensure_ascii=False, indent=2) + "\n"
    try:
        destino.write_text(contenido, encoding="utf-8")
    except OSError as e:
        raise ErrorDatos(f"No se pudo escribir «{destino}» ({e.strerror}).") from e
    return destino


def importar(ruta: Path) -> dict:
    """A JSON form from another installation, ready to open in the designer as a draft."""
    d = formularios.leer_archivo(ruta)
    for campo in ("clave", "nombre", "secciones"):
        if campo not in d:
            raise ErrorDatos(f"«{ruta.name}» no tiene «{campo}»: no es un formulario de SIPROS.")
    d = {"clave": str(d["clave"]).strip().upper()[:30], "nombre": d["nombre"],
         "secciones": d["secciones"]}  # fmt: skip
    return formularios.forma_editable(d, f"«{ruta.name}»")


# ---------------------------------------------------------------------------
# Comparing two versions
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Cambio:
    que: str  # Agregada, Quitada, Cambiada, Renombrada
    clave: str
    texto: str
    detalle: str
    comparable: bool  # answers of both versions can be counted together


def _preguntas(d: dict) -> dict[str, dict]:
    return {
        q["clave"]: q
        for s in d.get("secciones") or []
        for q in s.get("preguntas") or []
        if isinstance(q, dict) and "clave" in q
    }


def _diferencias(a: dict, b: dict) -> tuple[list[str], bool]:
    detalles: list[str] = []
    comparable = True
    if a.get("texto") != b.get("texto"):
        detalles.append(f"texto: «{a.get('texto')}» → «{b.get('texto')}»")
    if a.get("tipo") != b.get("tipo"):
        detalles.append(
            f"tipo: {NOMBRES_TIPO.get(a.get('tipo'), a.get('tipo'))} → "
            f"{NOMBRES_TIPO.get(b.get('tipo'), b.get('tipo'))}"
        )
        comparable = False
    viejas, nuevas = a.get("opciones") or [], b.get("opciones") or []
    quitadas = [o for o in viejas if o not in nuevas]
    agregadas = [o for o in nuevas if o not in viejas]
    if quitadas:
        detalles.append("opciones quitadas: " + ", ".join(quitadas))
        comparable = False
    if agregadas:
        detalles.append("opciones nuevas: " + ", ".join(agregadas))
    if bool(a.get("requerida")) != bool(b.get("requerida")):
        detalles.append("ahora es obligatoria" if b.get("requerida") else "ya no es obligatoria")
    for campo, nombre in (("min", "mínimo"), ("max", "máximo")):
        if a.get(campo) != b.get(campo):
            detalles.append(f"{nombre}: {a.get(campo, '—')} → {b.get(campo, '—')}")
    if a.get("si") != b.get("si"):
        detalles.append("cambió cuándo se pregunta")
        comparable = False
    if a.get("ayuda") != b.get("ayuda"):
        detalles.append("cambió la ayuda")
    subs_a, subs_b = _preguntas({"secciones": [{"preguntas": a.get("preguntas") or []}]}), \
        _preguntas({"secciones": [{"preguntas": b.get("preguntas") or []}]})  # fmt: skip
    for k in subs_a.keys() - subs_b.keys():
        detalles.append(f"del grupo se quitó «{subs_a[k].get('texto', k)}»")
    for k in subs_b.keys() - subs_a.keys():
        detalles.append(f"al grupo se agregó «{subs_b[k].get('texto', k)}»")
    return detalles, comparable


def comparar(anterior: dict, nueva: dict) -> list[Cambio]:
    """What changed from ``anterior`` to ``nueva``, in the order of ``nueva`` (then what was
    removed). A question whose key changed but is marked «igual a» the old key is the same
    question (Renombrada): its answers stay comparable unless its meaning changed."""
    viejas, nuevas = _preguntas(anterior), _preguntas(nueva)
    cambios: list[Cambio] = []
    usadas: set[str] = set()
    for clave, q in nuevas.items():
        origen = clave if clave in viejas else q.get("equivale")
        if origen not in viejas:
            cambios.append(Cambio("Agregada", clave, q.get("texto", ""), "", False))
            continue
        usadas.add(origen)
        detalles, comparable = _diferencias(viejas[origen], q)
        if origen != clave:
            detalle = "; ".join([f"antes «{origen}»", *detalles])
            cambios.append(Cambio("Renombrada", clave, q.get("texto", ""), detalle, comparable))
        elif detalles:
            cambios.append(Cambio("Cambiada", clave, q.get("texto", ""), "; ".join(detalles),
                                  comparable))  # fmt: skip
    for clave, q in viejas.items():
        if clave not in usadas:
            cambios.append(Cambio("Quitada", clave, q.get("texto", ""), "", False))
    return cambios


def copia(d: dict) -> dict:
    return copy.deepcopy(d)


def claves_de(d: dict) -> list[str]:
    return list(_preguntas(d))


def tipo_de(q: dict[str, Any]) -> str:
    return NOMBRES_TIPO.get(q.get("tipo", ""), q.get("tipo", ""))
