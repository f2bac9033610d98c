"""Corrections that correct: a citizen's file (name, birth date and sex, CURP, address, contact,
questionnaire) and an application still open (its answers and support type), in one
transaction with a required reason.

The history (``correccion``) is written by the database (migration 0017): this module only sets
the transaction's reason (``sipros.motivo``) and changes the rows; the triggers compare each row
before and after and keep who, when and why. The same checks as the registration apply (the
CURP's birth date, sex and state; the address; the questionnaire), and an application is
corrected only at the version the clerk read.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from sipros_desktop import bd
from sipros_desktop.errores import ErrorDatos
from sipros_desktop.modelos import (
    Ciudadano,
    Convocatoria,
    Correccion,
    Cuestionario,
    Domicilio,
    Solicitud,
    SolicitudHistorial,
    TipoApoyo,
)
from sipros_desktop.servicios import curp as scurp
from sipros_desktop.servicios import documentos, formularios, registro_civil, telefonos
from sipros_desktop.servicios.documentos import DocumentoNuevo
from sipros_desktop.servicios.solicitudes import ErrorConcurrencia
from sipros_desktop.servicios.ventanilla import DatosCiudadano, DatosDomicilio, OpcionApoyo

MOTIVO_MINIMO = 5
ABIERTOS = ("En proceso", "Corrección")

# what each key of a history row means, as the offices say it
ETIQUETAS = {
    "nombre": "Nombre(s)", "apellido_paterno": "Primer apellido",
    "apellido_materno": "Segundo apellido", "fecha_nacimiento": "Fecha de nacimiento",
    "sexo": "Sexo", "entidad_nacimiento": "Entidad de nacimiento", "curp": "CURP",
    "telefono": "Teléfono", "correo": "Correo electrónico", "acepta_sms": "Acepta SMS",
    "municipio": "Municipio", "localidad": "Localidad", "colonia": "Colonia", "calle": "Calle",
    "numero_exterior": "Número exterior", "numero_interior": "Número interior",
    "codigo_postal": "Código postal", "latitud": "Latitud", "longitud": "Longitud",
    "tipo_apoyo": "Tipo de apoyo",
}  # fmt: skip


# --------------------------------------------------------------------------- what is corrected


@dataclass(frozen=True)
class SolicitudCorregible:
    id: int
    folio: str
    estado: str
    version: int
    tipo_apoyo_id: int
    tipos: tuple[OpcionApoyo, ...]
    formulario: formularios.DefinicionFormulario | None
    respuestas: dict[str, Any]
    pedido: str  # what the official asked for (the last «Corrección» comment)
    pedido_por: str
    documentos_requeridos: tuple[str, ...]


@dataclass(frozen=True)
class Actuales:
    """The file as it is now, for the correction dialog to start from."""

    ciudadano_id: int
    curp: str
    nombre: str
    apellido_paterno: str
    apellido_materno: str
    fecha_nacimiento: date
    sexo: str
    telefono: str
    correo: str
    acepta_sms: bool
    domicilio: DatosDomicilio
    cuestionario: formularios.DefinicionFormulario
    respuestas_cuestionario: dict[str, Any]
    solicitud: SolicitudCorregible | None = None


def actuales(ciudadano_id: int, solicitud_id: int | None = None) -> Actuales:
    with bd.sesion() as s:
        c = s.get(Ciudadano, ciudadano_id)
        if c is None:
            raise ErrorDatos("El ciudadano ya no existe o no está entre los que atiende hoy.")
        d = s.scalar(select(Domicilio).where(Domicilio.ciudadano_id == ciudadano_id))
        ultimo = s.scalar(
            select(Cuestionario)
            .where(Cuestionario.ciudadano_id == ciudadano_id)
            .order_by(Cuestionario.creado.desc(), Cuestionario.id.desc())
            .limit(1)
        )
        cuestionario = formularios.vigente(formularios.CUESTIONARIO_BASE, s)
        sol = _solicitud_corregible(s, solicitud_id, ciudadano_id) if solicitud_id else None
    domicilio = DatosDomicilio()
    if d is not None:
        domicilio = DatosDomicilio(
            municipio_id=d.municipio_id, localidad_id=d.localidad_id, colonia_id=d.colonia_id,
            calle=d.calle or "", numero_exterior=d.numero_exterior or "",
            numero_interior=d.numero_interior or "", codigo_postal=d.codigo_postal or "",
            latitud=d.latitud, longitud=d.longitud,
        )  # fmt: skip
    return Actuales(
        ciudadano_id=c.id, curp=c.curp, nombre=c.nombre, apellido_paterno=c.apellido_paterno,
        apellido_materno=c.apellido_materno or "", fecha_nacimiento=c.fecha_nacimiento,
        sexo=c.sexo, telefono=c.telefono or "", correo=c.correo or "",
        acepta_sms=bool(c.acepta_sms), domicilio=domicilio, cuestionario=cuestionario,
        respuestas_cuestionario=dict(ultimo.respuestas) if ultimo else {}, solicitud=sol,
    )  # fmt: skip


def _solicitud_corregible(s: Session, solicitud_id: int, ciudadano_id: int) -> SolicitudCorregible:
    sol = s.get(Solicitud, solicitud_id)
    if sol is None or sol.ciudadano_id != ciudadano_id:
        raise ErrorDatos("La solicitud ya no existe o no está en su alcance.")
    conv = s.get(Convocatoria, sol.convocatoria_id)
    tipos = tuple(
        OpcionApoyo(t.id, t.nombre, t.monto, t.modalidad)
        for t in s.scalars(
            select(TipoApoyo)
            .where(TipoApoyo.programa_id == conv.programa_id)
            .order_by(TipoApoyo.nombre)
        )
    )
    pedido = s.execute(
        select(SolicitudHistorial.comentario, SolicitudHistorial.usuario)
        .where(
            SolicitudHistorial.solicitud_id == solicitud_id,
            SolicitudHistorial.estado == "Corrección",
        )
        .order_by(SolicitudHistorial.id.desc())
        .limit(1)
    ).first()
    return SolicitudCorregible(
        id=sol.id, folio=sol.folio, estado=sol.estado, version=sol.version,
        tipo_apoyo_id=sol.tipo_apoyo_id, tipos=tipos,
        formulario=formularios.cargar_en(s, sol.formulario_id) if sol.formulario_id else None,
        respuestas=dict(sol.respuestas or {}),
        pedido=(pedido.comentario or "") if pedido else "",
        pedido_por=_nombre(s, pedido.usuario) if pedido else "",
        documentos_requeridos=tuple(conv.documentos_requeridos or ()),
    )  # fmt: skip


def _nombre(s: Session, usuario: str) -> str:
    return s.scalar(text("SELECT sipros_nombre_funcionario(:u)"), {"u": usuario}) or usuario


# --------------------------------------------------------------------------- the correction


@dataclass
class Cambios:
    """One user action. A field left as None is not corrected; ``solicitud_id`` with
    ``version`` names the application attended (its version must still be the one read)."""

    ciudadano_id: int
    motivo: str
    curp: str | None = None  # a corrected CURP issued by RENAPO
    nombre: str | None = None
    apellido_paterno: str | None = None
    apellido_materno: str | None = None
    fecha_nacimiento: date | None = None
    sexo: str | None = None
    domicilio: DatosDomicilio | None = None
    telefono: str | None = None
    correo: str | None = None
    acepta_sms: bool | None = None
    cuestionario: dict[str, Any] | None = None
    solicitud_id: int | None = None
    version: int | None = None
    respuestas: dict[str, Any] | None = None
    tipo_apoyo_id: int | None = None
    documentos: list[DocumentoNuevo] = field(default_factory=list)
    regresar_a_revision: bool = False
    comentario: str = ""


@dataclass(frozen=True)
class Resultado:
    apartados: tuple[str, ...]  # what the database recorded as corrected
    version: int | None  # the application's version afterwards
    curp: str
    verificacion: Any  # registro_civil.Verificacion, checked again with the corrected data
    en_revision: bool


def _limpio(t: str) -> str:
    return " ".join(t.upper().split())


def corregir(cambios: Cambios) -> Resultado:
    """Apply every correction of ``cambios`` in one transaction, or none."""
    motivo = " ".join((cambios.motivo or "").split())
    cambios = replace(cambios, motivo=motivo)
    with bd.sesion() as s:
        bd.cambio(s, "ciudadanos", "solicitudes")
        c = s.get(Ciudadano, cambios.ciudadano_id)
        if c is None:
            raise ErrorDatos(
                "El ciudadano no está entre los que atiende hoy: abra su expediente por CURP."
            )
        sol = _bloquear_solicitud(s, cambios) if cambios.solicitud_id else None
        s.execute(
            text(
                "SELECT set_config('sipros.motivo', :m, true), "
                "set_config('sipros.correccion_solicitud', :s, true)"
            ),
            {"m": motivo, "s": str(cambios.solicitud_id or "")},
        )
        _corregir_ciudadano(s, c, cambios)
        if sol is not None:
            _corregir_solicitud(s, sol, cambios)
            for doc in cambios.documentos:
                documentos.guardar(s, c.id, sol.id, doc)
        s.flush()
        apartados = tuple(
            s.scalars(
                text(
                    "SELECT DISTINCT apartado FROM correccion WHERE ciudadano_id = :c "
                    "AND creado = now() AND funcionario = session_user ORDER BY 1"
                ),
                {"c": c.id},
            )
        )
        en_revision = False
        if cambios.regresar_a_revision:
            if sol is None:
                raise ErrorDatos("Elija la solicitud que regresa a revisión.")
            _regresar(s, sol, cambios, apartados)
            en_revision = True
        elif not apartados and not cambios.documentos:
            raise ErrorDatos("No cambió ningún dato: no hay nada que corregir.")
        version = s.scalar(select(Solicitud.version).where(Solicitud.id == sol.id)) if sol else None
        curp_final = c.curp
        datos_rc = (c.curp, c.nombre, c.apellido_paterno, c.apellido_materno,
                    c.fecha_nacimiento, c.sexo)  # fmt: skip
    verificacion = registro_civil.verificar(*datos_rc)
    return Resultado(apartados, version, curp_final, verificacion, en_revision)


def _exigir_motivo(k: Cambios) -> None:
    """Before anything is written: every correction says why."""
    if len(k.motivo) < MOTIVO_MINIMO:
        raise ErrorDatos(
            "Escriba el motivo de la corrección: por qué se cambian los datos (al menos "
            f"{MOTIVO_MINIMO} letras)."
        )


def _bloquear_solicitud(s: Session, cambios: Cambios) -> Solicitud:
    sol = s.scalar(select(Solicitud).where(Solicitud.id == cambios.solicitud_id).with_for_update())
    if sol is None or sol.ciudadano_id != cambios.ciudadano_id:
        raise ErrorDatos("La solicitud ya no existe o no está en su alcance.")
    if cambios.version is not None and sol.version != cambios.version:
        raise ErrorConcurrencia(
            f"La solicitud {sol.folio} cambió mientras la corregía (ahora está «{sol.estado}»). "
            "No se guardó nada: vuelva a abrir el expediente."
        )
    if sol.estado not in ABIERTOS:
        raise ErrorDatos(
            f"La solicitud {sol.folio} ya está «{sol.estado}»: ya no se corrige (solo mientras "
            "está «En proceso» o en «Corrección»)."
        )
    if cambios.regresar_a_revision and sol.estado != "Corrección":
        raise ErrorConcurrencia(
            f"La solicitud {sol.folio} ya no espera corrección (está «{sol.estado}»)."
        )
    return sol


def _corregir_ciudadano(s: Session, c: Ciudadano, k: Cambios) -> None:
    nueva_curp = scurp.limpiar(k.curp) if k.curp else c.curp
    info = scurp.analizar(nueva_curp)
    domicilio = s.scalar(select(Domicilio).where(Domicilio.ciudadano_id == c.id))
    actual_dom = DatosDomicilio(
        municipio_id=domicilio.municipio_id if domicilio else None,
        localidad_id=domicilio.localidad_id if domicilio else None,
        colonia_id=domicilio.colonia_id if domicilio else None,
        calle=domicilio.calle if domicilio else "",
        numero_exterior=(domicilio.numero_exterior or "") if domicilio else "",
        numero_interior=(domicilio.numero_interior or "") if domicilio else "",
        codigo_postal=(domicilio.codigo_postal or "") if domicilio else "",
        latitud=domicilio.latitud if domicilio else None,
        longitud=domicilio.longitud if domicilio else None,
    )
    cuestionario = None
    if k.cuestionario is not None:
        cuestionario = formularios.vigente(formularios.CUESTIONARIO_BASE, s)
    # the registration's own checks, on the file as it will be
    datos = DatosCiudadano(
        curp=nueva_curp,
        nombre=k.nombre if k.nombre is not None else c.nombre,
        apellido_paterno=k.apellido_paterno if k.apellido_paterno is not None
        else c.apellido_paterno,
        apellido_materno=(k.apellido_materno if k.apellido_materno is not None
                          else c.apellido_materno) or "",
        fecha_nacimiento=k.fecha_nacimiento or c.fecha_nacimiento,
        sexo=k.sexo or c.sexo,
        entidad_nacimiento=info.entidad or c.entidad_nacimiento,
        telefono=k.telefono if k.telefono is not None else (c.telefono or ""),
        correo=k.correo if k.correo is not None else (c.correo or ""),
        acepta_sms=k.acepta_sms if k.acepta_sms is not None else bool(c.acepta_sms),
        domicilio=k.domicilio or actual_dom,
        aviso_aceptado=True,
        respuestas=k.cuestionario or {},
    )  # fmt: skip
    # only what is being corrected is checked again (an old file may carry data of a load
    # that the registration would not take, and that must not block another correction)
    omitir = set()
    if k.domicilio is None:
        omitir |= {"municipio", "calle", "cp", "coordenadas"}
    if k.telefono is None and k.correo is None and k.acepta_sms is None:
        omitir |= {"telefono", "correo"}
    errores = [m for campo, m in datos.errores_por_campo(cuestionario) if campo not in omitir]
    vigente = (
        s.scalar(text("SELECT sipros_curp_vigente(:c)"), {"c": nueva_curp})
        if nueva_curp != c.curp and info.valida
        else nueva_curp
    )
    if vigente not in (nueva_curp, c.curp):
        errores.append(f"La CURP {nueva_curp} ya pertenece a otro expediente (se fusionó).")
    if errores:
        raise ErrorDatos("No se puede guardar la corrección:\n• " + "\n• ".join(errores))
    valores = {
        "curp": nueva_curp,
        "nombre": _limpio(datos.nombre),
        "apellido_paterno": _limpio(datos.apellido_paterno),
        "apellido_materno": _limpio(datos.apellido_materno) or None,
        "fecha_nacimiento": datos.fecha_nacimiento,
        "sexo": datos.sexo,
        "entidad_nacimiento": datos.entidad_nacimiento,
        "telefono": telefonos.normalizar(datos.telefono) or None,
        "correo": datos.correo.strip() or None,
        "acepta_sms": datos.acepta_sms,
    }
    distintos = {k_: v for k_, v in valores.items() if getattr(c, k_) != v}
    if distintos:
        _exigir_motivo(k)
        try:
            s.execute(update(Ciudadano).where(Ciudadano.id == c.id).values(**distintos))
            s.flush()
        except IntegrityError as e:
            if (
                getattr(getattr(e.orig, "diag", None), "constraint_name", None)
                == "ciudadano_curp_key"
            ):
                raise ErrorDatos(
                    f"La CURP {nueva_curp} ya es la de otro expediente: no se puede dar a este. "
                    "Revise la CURP corregida o pida la revisión de duplicados."
                ) from e
            raise
        for k_, v in distintos.items():
            setattr(c, k_, v)
    if k.domicilio is not None and domicilio is not None and _dom(k.domicilio) != _dom(actual_dom):
        _exigir_motivo(k)
        nd = k.domicilio
        s.execute(
            update(Domicilio)
            .where(Domicilio.id == domicilio.id)
            .values(
                municipio_id=nd.municipio_id,
                localidad_id=nd.localidad_id,
                colonia_id=nd.colonia_id,
                calle=nd.calle.strip(),
                numero_exterior=nd.numero_exterior.strip() or None,
                numero_interior=nd.numero_interior.strip() or None,
                codigo_postal=nd.codigo_postal or None,
                latitud=nd.latitud,
                longitud=nd.longitud,
            )
        )
    elif k.domicilio is not None and domicilio is None:
        raise ErrorDatos("El expediente no tiene domicilio que corregir.")
    if cuestionario is not None:
        nuevas = cuestionario.limpiar(k.cuestionario or {})
        previas = s.scalar(
            select(Cuestionario.respuestas)
            .where(Cuestionario.ciudadano_id == c.id)
            .order_by(Cuestionario.creado.desc(), Cuestionario.id.desc())
            .limit(1)
        )
        if previas != nuevas:  # a new answer set; the previous one stays
            _exigir_motivo(k)
            s.add(Cuestionario(ciudadano_id=c.id, formulario_id=cuestionario.id,
                               respuestas=nuevas))  # fmt: skip


def _dom(d: DatosDomicilio) -> tuple:
    return (d.municipio_id, d.localidad_id, d.colonia_id, d.calle.strip(),
            d.numero_exterior.strip() or None, d.numero_interior.strip() or None,
            d.codigo_postal or None, d.latitud, d.longitud)  # fmt: skip


def _corregir_solicitud(s: Session, sol: Solicitud, k: Cambios) -> None:
    valores: dict[str, Any] = {}
    if k.tipo_apoyo_id is not None and k.tipo_apoyo_id != sol.tipo_apoyo_id:
        programa = s.scalar(
            select(Convocatoria.programa_id).where(Convocatoria.id == sol.convocatoria_id)
        )
        tipo = s.get(TipoApoyo, k.tipo_apoyo_id)
        if tipo is None or tipo.programa_id != programa:
            raise ErrorDatos("Elija un tipo de apoyo del programa de la solicitud.")
        valores["tipo_apoyo_id"] = k.tipo_apoyo_id
    if k.respuestas is not None and sol.formulario_id is not None:
        definicion = formularios.cargar_en(s, sol.formulario_id)
        errores = definicion.validar(k.respuestas)
        if errores:
            raise ErrorDatos(
                "No se pueden guardar las respuestas corregidas:\n• " + "\n• ".join(errores)
            )
        nuevas = definicion.limpiar(k.respuestas)
        if nuevas != (sol.respuestas or {}):
            valores["respuestas"] = nuevas
    if valores:
        _exigir_motivo(k)
        s.execute(update(Solicitud).where(Solicitud.id == sol.id).values(**valores))


def _regresar(s: Session, sol: Solicitud, k: Cambios, apartados: tuple[str, ...]) -> None:
    comentario = " ".join(k.comentario.split())
    if not (apartados or k.documentos or comentario):
        raise ErrorDatos(
            "Corrija lo que pidió el funcionario (datos, respuestas o documentos) o escriba en el "
            "comentario por qué no hace falta, antes de regresar la solicitud a revisión."
        )
    s.execute(text("UPDATE solicitud SET estado = 'En proceso' WHERE id = :i"), {"i": sol.id})
    partes = list(apartados) + [d.tipo for d in k.documentos]
    nota = "Corrección atendida en ventanilla" + (f" ({', '.join(partes)})" if partes else "")
    if comentario:
        nota += f": {comentario}"
    s.add(SolicitudHistorial(solicitud_id=sol.id, estado="En proceso", comentario=nota))


# --------------------------------------------------------------------------- the history


@dataclass(frozen=True)
class CambioRegistrado:
    apartado: str
    antes: dict[str, Any]
    ahora: dict[str, Any]
    motivo: str
    funcionario: str  # the official's name (never a login)
    creado: datetime
    folio: str | None  # the application attended or corrected


def historial(
    ciudadano_id: int | None = None, solicitud_id: int | None = None
) -> list[CambioRegistrado]:
    """The corrections of a citizen's file (with those of its applications), or of one
    application and of its citizen's file made while attending it; newest first."""
    if ciudadano_id is None and solicitud_id is None:
        return []
    with bd.sesion() as s:
        q = (
            select(Correccion, Solicitud.folio)
            .outerjoin(Solicitud, Solicitud.id == Correccion.solicitud_id)
            .order_by(Correccion.creado.desc(), Correccion.id.desc())
        )
        if ciudadano_id is not None:
            q = q.where(Correccion.ciudadano_id == ciudadano_id)
        else:
            ciudadano = s.scalar(select(Solicitud.ciudadano_id).where(Solicitud.id == solicitud_id))
            q = q.where(
                Correccion.ciudadano_id == ciudadano,
                (Correccion.solicitud_id == solicitud_id) | Correccion.solicitud_id.is_(None),
            )
        filas = s.execute(q).all()
        nombres: dict[str, str] = {}
        for r, _f in filas:
            if r.funcionario not in nombres:
                nombres[r.funcionario] = _nombre(s, r.funcionario)
    return [
        CambioRegistrado(
            r.apartado,
            r.antes or {},
            r.ahora or {},
            r.motivo,
            nombres[r.funcionario],
            r.creado,
            folio,
        )
        for r, folio in filas
    ]


def texto_valor(v: Any) -> str:
    if v is None or v == "":
        return "—"
    if isinstance(v, bool):
        return "Sí" if v else "No"
    if isinstance(v, list):
        return ", ".join(map(str, v))
    if isinstance(v, str) and len(v) == 10 and v[4] == "-" and v[7] == "-":
        return f"{v[8:10]}/{v[5:7]}/{v[0:4]}"  # a date, as the offices write it
    return str(v)


def describir(valores: dict[str, Any]) -> str:
    """A history row's side as text: «Calle: JUÁREZ · Código postal: 76000»."""
    return " · ".join(f"{ETIQUETAS.get(k, k)}: {texto_valor(v)}" for k, v in valores.items())


def ciudadano_de(curp: str) -> int:
    """The file a CURP opens — its own, or the one it became an alias of (merge or RENAPO
    correction) —, among those the caller may correct. The front desk opens it as it does at
    the counter (logged; the citizen joins the clerk's citizens of today)."""
    from sipros_desktop.servicios import seguridad, ventanilla

    clave = scurp.limpiar(curp)
    with bd.sesion() as s:
        mostrador = seguridad.es_propietario(s) or bool(
            s.scalar(text("SELECT sipros_es_ventanilla()"))
        )
        cid = None
        if not mostrador:
            cid = s.scalar(
                text(
                    "SELECT id FROM ciudadano WHERE curp = :c UNION ALL "
                    "SELECT a.ciudadano_id FROM ciudadano_alias a "
                    "JOIN ciudadano c ON c.id = a.ciudadano_id WHERE a.curp = :c LIMIT 1"
                ),
                {"c": clave},
            )
    if mostrador:
        cid = ventanilla.buscar_curp(clave)
    if cid is None:
        raise ErrorDatos(
            f"No hay un expediente con la CURP {clave} entre los que usted puede corregir."
        )
    return cid


def con_curp(cambios: Cambios, curp_nueva: str) -> Cambios:
    """The same correction with a CURP issued by RENAPO: the birth date, sex and state follow
    the new CURP unless they were given."""
    info = scurp.analizar(curp_nueva)
    return replace(
        cambios,
        curp=curp_nueva,
        fecha_nacimiento=cambios.fecha_nacimiento or info.fecha_nacimiento,
        sexo=cambios.sexo or info.sexo,
    )
