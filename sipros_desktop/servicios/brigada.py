"""Brigadas de campo: register citizens and file applications without a connection, then
synchronise without duplicates.

**The kit** (``descargar_kit``), downloaded before leaving: the calls the brigade will take
(rules, forms, required documents, support types), the geography of its municipalities, the
base questionnaire (CUIS), the privacy notice, and keyed hashes — SHA-256 of the kit's own
random key and the text, 10 bytes — of the CURPs registered in its municipalities and of birth
date + sex + each pair of words of their names (``sipros_brigada_huellas``): enough to tell
the clerk «this CURP is already registered» or «someone with this name and birth date is»,
without carrying anybody's name or address. The database records the kit (whose, until when);
the file is 0600 in the user's folder and is deleted when it expires.

**Offline capture** (``registrar``, ``presentar``): the same checks as at the office (CURP,
consistency, the questionnaire, eligibility, required documents), then one JSON line appended
to the brigade's journal with fsync (``diario_local``), sealed with the journal's key so an
edit by hand is noticed, each with its idempotency key. An application gets a provisional
folio (``BR-<kit>-<n>``) and an acuse with a QR of its key.

**Without the server at all** (``guardar_acceso``, ``acceso_sin_conexion``): a locked window and
a login after a reboot need the server to check the password, and there is none in the field.
The kit's download — and every online login while it is valid — leaves a local verifier of the
user's password beside it (``verificador_local``: scrypt, never the password); with it and a
valid kit the window unlocks and the user logs in to the brigade only (``sesion.entrar``). It is
deleted with the kit.

**Synchronisation** (``sincronizar``): each capture, in order, goes through the same services
as at the office (``ventanilla.registrar`` / ``ventanilla.presentar``) with its key, and its
provenance (``brigada_captura``: kit, capture time, provisional folio) is written in the same
transaction — the database refuses another user's kit, a capture outside the kit's validity
and a clock ahead. A capture lands once: replaying it finds the first result. What cannot be
applied — the CURP registered meanwhile, a possible duplicate, a call closed or full, a
document refused, a line edited or cut — goes to a review list with what can be done
(``conflictos``, ``revisar``), never silently dropped. The database's folio replaces the
provisional one, and the citizen's SMS of a filed application carries it.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import re
import secrets
import time as reloj
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select, text

from sipros_desktop import bd, config
from sipros_desktop.errores import ErrorConexion, ErrorDatos, ErrorSipros
from sipros_desktop.modelos import Colonia, Localidad, Municipio
from sipros_desktop.servicios import curp as scurp
from sipros_desktop.servicios import (
    documentos,
    formularios,
    seguridad,
    ventanilla,
    verificador_local,
)
from sipros_desktop.servicios.diario_local import DiarioLocal
from sipros_desktop.servicios.documentos import DocumentoNuevo

DIAS_VIGENCIA = 15  # a kit serves for captures this long, then it is deleted
DIAS_ARCHIVO = 30  # a journal fully synchronised (and its documents) is kept this long
TOLERANCIA_RELOJ = timedelta(minutes=10)
BYTES_HUELLA = 10
_FOLIO = re.compile(r"^BR-[0-9A-F]{6}-[0-9]{4,}$")


def _usuario() -> str:
    try:
        return bd.contexto().usuario
    except RuntimeError as e:  # the session already ended (the window is closing)
        raise ErrorSipros("No hay una sesión abierta.") from e


def carpeta(usuario: str | None = None) -> Path:
    """This user's private folder for the brigade (kit, journal, documents), 0700."""
    return config.carpeta_de_usuario("brigada", (usuario or _usuario()).lower())


def _ahora() -> datetime:
    return datetime.now().astimezone()


# --------------------------------------------------------------------------- hashes

_ACENTOS = str.maketrans(
    "áéíóúàèìòùäëïöüâêîôûñÁÉÍÓÚÀÈÌÒÙÄËÏÖÜÂÊÎÔÛ", "aeiouaeiouaeiouaeiouÑAEIOUAEIOUAEIOUAEIOU"
)


def normaliza(t: str | None) -> str:
    """The database's ``sipros_normaliza``: upper case, no accents, single spaces."""
    return " ".join(re.sub(r"[^A-Z0-9Ñ]+", " ", (t or "").translate(_ACENTOS).upper()).split())


def _huella(llave: bytes, texto: str) -> bytes:
    return hashlib.sha256(llave + texto.encode("utf-8")).digest()[:BYTES_HUELLA]


def huella_curp(llave: bytes, curp: str) -> bytes:
    return _huella(llave, "C|" + scurp.limpiar(curp))


def huellas_nombre(
    llave: bytes, nombre: str, paterno: str, materno: str | None, nacimiento: date, sexo: str
) -> set[bytes]:
    """One hash per pair of distinct words of the name (surnames and given names), with the
    birth date and sex: two people share one when they share two words of their names — a
    swapped or missing surname still meets."""
    palabras = sorted(
        set(normaliza(f"{paterno} {materno or ''} {nombre}").split()), key=lambda w: w.encode()
    )
    base = f"N|{nacimiento.isoformat()}|{sexo}|"
    return {
        _huella(llave, f"{base}{a}|{b}") for i, a in enumerate(palabras) for b in palabras[i + 1 :]
    }


# --------------------------------------------------------------------------- the kit


@dataclass(frozen=True)
class Kit:
    """What a brigade carries. ``convocatorias``: the calls as ``ConvocatoriaAbierta`` fields
    plus ``dependencia`` and ``area``; ``formularios``: id → {clave, version, nombre,
    definicion}; ``municipios``: [{id, clave, nombre, localidades: [{id, nombre}], colonias:
    [{id, nombre, localidad_id, codigo_postal}]}]."""

    id: str
    usuario: str
    creado: datetime
    vence: datetime
    llave: bytes
    municipios: list[dict[str, Any]]
    convocatorias: list[dict[str, Any]]
    formularios: dict[str, dict[str, Any]]
    cuestionario_id: int
    aviso_privacidad: str
    documento_max_mb: float
    hoy: date  # the business date at download
    curps: frozenset[bytes] = field(default=frozenset(), repr=False)
    nombres: frozenset[bytes] = field(default=frozenset(), repr=False)

    @property
    def corto(self) -> str:
        return self.id.replace("-", "")[:6].upper()

    def vencido(self, ahora: datetime | None = None) -> bool:
        return (ahora or _ahora()) >= self.vence

    def formulario(self, formulario_id: int | None) -> formularios.DefinicionFormulario | None:
        if formulario_id is None:
            return None
        f = self.formularios.get(str(formulario_id))
        if f is None:
            raise ErrorDatos("El paquete de brigada no trae el formulario de esa convocatoria.")
        return formularios.desde_json(
            int(formulario_id), f["clave"], int(f["version"]), f["nombre"], f["definicion"]
        )

    @property
    def cuestionario(self) -> formularios.DefinicionFormulario:
        c = self.formulario(self.cuestionario_id)
        assert c is not None
        return c

    def municipio(self, municipio_id: int | None) -> dict[str, Any] | None:
        return next((m for m in self.municipios if m["id"] == municipio_id), None)

    def convocatoria(self, convocatoria_id: int) -> dict[str, Any] | None:
        return next((c for c in self.convocatorias if c["id"] == convocatoria_id), None)

    def abiertas(self) -> list[ventanilla.ConvocatoriaAbierta]:
        return [
            ventanilla.ConvocatoriaAbierta(
                id=c["id"],
                clave=c["clave"],
                nombre=c["nombre"],
                programa=c["programa"],
                programa_clave=c["programa_clave"],
                proceso=c["proceso"],
                fecha_cierre=date.fromisoformat(c["fecha_cierre"]),
                reglas=c["reglas"],
                cupo=c["cupo"],
                otorgadas=c["otorgadas"],
                tipos=tuple(
                    ventanilla.OpcionApoyo(
                        t["id"], t["nombre"], Decimal(t["monto"]), t["modalidad"]
                    )
                    for t in c["tipos"]
                ),
                documentos_requeridos=tuple(c["documentos_requeridos"]),
                formulario_id=c["formulario_id"],
                vigencias={k: int(v) for k, v in c["vigencias"].items()},
            )
            for c in self.convocatorias
        ]

    def ya_registrada(self, curp: str) -> bool:
        return huella_curp(self.llave, curp) in self.curps

    def parecido_registrado(
        self, nombre: str, paterno: str, materno: str | None, nacimiento: date, sexo: str
    ) -> bool:
        return bool(huellas_nombre(self.llave, nombre, paterno, materno, nacimiento, sexo)
                    & self.nombres)  # fmt: skip


def _ruta_kit(usuario: str | None = None) -> Path:
    return carpeta(usuario) / "paquete.json"


def _empacar(huellas: list[bytes]) -> str:
    return base64.b64encode(b"".join(sorted(huellas))).decode("ascii")


def _desempacar(texto: str) -> frozenset[bytes]:
    crudo = base64.b64decode(texto.encode("ascii"), validate=True)
    if len(crudo) % BYTES_HUELLA:
        raise ValueError("las huellas del paquete están cortadas")
    return frozenset(crudo[i : i + BYTES_HUELLA] for i in range(0, len(crudo), BYTES_HUELLA))


@dataclass(frozen=True)
class Cifras:
    """What ``descargar_kit`` measured: bytes on disk and seconds."""

    bytes: int
    segundos: float
    curps: int
    nombres: int


def para_el_paquete() -> tuple[list[ventanilla.ConvocatoriaAbierta], list[Any]]:
    """What a kit may carry today (online): the calls open of the user's programmes and the
    municipalities (``geografia.Opcion``), for the screen that chooses them."""
    from sipros_desktop.servicios import geografia

    with bd.sesion() as s:
        abiertas = ventanilla.convocatorias_abiertas_en(s, s.scalar(text("SELECT sipros_hoy()")))
    return abiertas, geografia.municipios()


def tamano_kit() -> int | None:
    """Bytes of this user's kit on this PC, None when there is none."""
    try:
        return _ruta_kit().stat().st_size
    except OSError:
        return None


def descargar_kit(
    convocatorias: list[int], municipios: list[int], dias: int = DIAS_VIGENCIA
) -> tuple[Kit, Cifras]:
    """Download and save this user's kit (replacing the previous one; captures already in the
    journal keep the kit they were made with, which the database knows)."""
    inicio = reloj.perf_counter()
    llave = secrets.token_bytes(32)
    with bd.sesion() as s:
        fila = s.execute(
            text(
                "SELECT id, usuario, creado, vence, municipios, convocatorias "
                "FROM sipros_brigada_kit(:m, :c, :d)"
            ),
            {"m": sorted(set(municipios)), "c": sorted(set(convocatorias)), "d": dias},
        ).one()
        hoy = s.scalar(text("SELECT sipros_hoy()"))
        curps: list[bytes] = []
        nombres: list[bytes] = []
        for tipo, huella in s.execute(
            text("SELECT tipo, huella FROM sipros_brigada_huellas(:k, :l)"),
            {"k": fila.id, "l": llave},
        ):
            (curps if tipo == "C" else nombres).append(bytes(huella))
        abiertas = {c.id: c for c in ventanilla.convocatorias_abiertas_en(s, hoy)}
        elegidas = [abiertas[i] for i in fila.convocatorias if i in abiertas]
        organismo = {
            r.id: (r.dependencia, r.area)
            for r in s.execute(
                text(
                    "SELECT c.id, d.nombre AS dependencia, a.nombre AS area FROM convocatoria c "
                    "JOIN programa p ON p.id = c.programa_id JOIN area a ON a.id = p.area_id "
                    "JOIN dependencia d ON d.id = a.dependencia_id WHERE c.id = ANY(:i)"
                ),
                {"i": list(fila.convocatorias)},
            )
        }
        cuis = formularios.vigente(formularios.CUESTIONARIO_BASE, s)
        ids = {c.formulario_id for c in elegidas if c.formulario_id} | {cuis.id}
        defs = {
            str(f.id): {"clave": f.clave, "version": f.version, "nombre": f.nombre,
                        "definicion": json.loads(f.definicion)}
            for f in s.execute(
                text("SELECT id, clave, version, nombre, definicion::text AS definicion "
                     "FROM formulario WHERE id = ANY(:i)"),
                {"i": sorted(ids)},
            )
        }  # fmt: skip
        geografia = []
        for m in s.scalars(
            select(Municipio).where(Municipio.id.in_(fila.municipios)).order_by(Municipio.nombre)
        ):
            geografia.append(
                {
                    "id": m.id,
                    "clave": m.clave,
                    "nombre": m.nombre,
                    "localidades": [
                        {"id": x.id, "nombre": x.nombre}
                        for x in s.scalars(
                            select(Localidad)
                            .where(Localidad.municipio_id == m.id)
                            .order_by(Localidad.nombre)
                        )
                    ],
                    "colonias": [
                        {
                            "id": x.id,
                            "nombre": f"{x.nombre} ({x.tipo_asentamiento or 'Colonia'})",
                            "localidad_id": x.localidad_id,
                            "codigo_postal": x.codigo_postal,
                        }
                        for x in s.scalars(
                            select(Colonia)
                            .where(Colonia.municipio_id == m.id)
                            .order_by(Colonia.nombre)
                        )
                    ],
                }
            )
        aviso = s.scalar(text("SELECT valor #>> '{}' FROM ajuste WHERE clave = 'aviso_privacidad'"))
        maximo = s.scalar(
            text("SELECT (valor #>> '{}')::numeric FROM ajuste WHERE clave = 'documento_max_mb'")
        )
        perfil = seguridad.mi_perfil(s)
    contenido = {
        "version": 1,
        "id": str(fila.id),
        "usuario": fila.usuario,
        "creado": fila.creado.isoformat(),
        "vence": fila.vence.isoformat(),
        "llave": llave.hex(),
        "hoy": hoy.isoformat(),
        "municipios": geografia,
        "convocatorias": [
            convocatoria_en_paquete(c, *organismo.get(c.id, ("", ""))) for c in elegidas
        ],
        "formularios": defs,
        "cuestionario_id": cuis.id,
        "aviso_privacidad": aviso or "",
        "documento_max_mb": float(maximo) if maximo is not None else documentos.MAXIMO_MB_OMISION,
        "curps": _empacar(curps),
        "nombres": _empacar(nombres),
    }
    ruta = _ruta_kit(fila.usuario)
    from sipros_desktop.servicios import archivos

    archivos.guardar_json_privado(ruta, contenido, durable=True)
    kit = _kit_de(contenido)
    # the session's password (its engine's URL keeps it: connections reopen after idle), so
    # the window unlocks and the user logs in to the brigade where there is no server
    guardar_acceso(bd.contexto().url.password, fila.usuario, perfil)
    return kit, Cifras(
        ruta.stat().st_size, reloj.perf_counter() - inicio, len(kit.curps), len(kit.nombres)
    )


def convocatoria_en_paquete(
    c: ventanilla.ConvocatoriaAbierta, dependencia: str = "", area: str = ""
) -> dict[str, Any]:
    """A call as the kit carries it (``Kit.abiertas`` reads it back)."""
    return {
        "id": c.id,
        "clave": c.clave,
        "nombre": c.nombre,
        "programa": c.programa,
        "programa_clave": c.programa_clave,
        "proceso": c.proceso,
        "fecha_cierre": c.fecha_cierre.isoformat(),
        "reglas": c.reglas,
        "cupo": c.cupo,
        "otorgadas": c.otorgadas,
        "tipos": [
            {"id": t.id, "nombre": t.nombre, "monto": str(t.monto), "modalidad": t.modalidad}
            for t in c.tipos
        ],
        "documentos_requeridos": list(c.documentos_requeridos),
        "formulario_id": c.formulario_id,
        "vigencias": c.vigencias,
        "dependencia": dependencia,
        "area": area,
    }


def _kit_de(d: dict[str, Any]) -> Kit:
    return Kit(
        id=str(uuid.UUID(d["id"])),
        usuario=str(d["usuario"]),
        creado=datetime.fromisoformat(d["creado"]),
        vence=datetime.fromisoformat(d["vence"]),
        llave=bytes.fromhex(d["llave"]),
        municipios=list(d["municipios"]),
        convocatorias=list(d["convocatorias"]),
        formularios=dict(d["formularios"]),
        cuestionario_id=int(d["cuestionario_id"]),
        aviso_privacidad=str(d["aviso_privacidad"]),
        documento_max_mb=float(d["documento_max_mb"]),
        hoy=date.fromisoformat(d["hoy"]),
        curps=_desempacar(d["curps"]),
        nombres=_desempacar(d["nombres"]),
    )


def kit_actual(usuario: str | None = None, ahora: datetime | None = None) -> Kit | None:
    """This user's kit on this PC, or None when there is none. A kit that expired is deleted
    (it holds hashes of the registry) and said; one of another user (copied into this folder)
    or damaged is refused with the reason."""
    usuario = (usuario or _usuario()).lower()
    ruta = _ruta_kit(usuario)
    if not ruta.exists():
        return None
    try:
        kit = _kit_de(json.loads(ruta.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as e:
        raise ErrorDatos(
            f"El paquete de brigada de este equipo está dañado ({e}): descárguelo de nuevo antes "
            "de salir."
        ) from e
    if kit.usuario.lower() != usuario:
        raise ErrorDatos(
            f"El paquete de brigada de esta carpeta es de «{kit.usuario}», no de «{usuario}»: "
            "cada persona descarga el suyo y captura con su propia cuenta."
        )
    ahora = ahora or _ahora()
    if kit.vencido(ahora):
        with contextlib.suppress(OSError):
            ruta.unlink()
        with contextlib.suppress(OSError):  # (it served only while the kit did)
            verificador_local.borrar(ruta.parent)
        raise ErrorDatos(
            f"El paquete de brigada venció el {kit.vence.astimezone():%d/%m/%Y %H:%M} y se borró "
            "de este equipo: descargue otro. Lo ya capturado sigue en el diario para sincronizar."
        )
    if ahora < kit.creado - TOLERANCIA_RELOJ:
        raise ErrorDatos(
            f"El reloj de este equipo ({ahora:%d/%m/%Y %H:%M}) marca una hora anterior a la de la "
            f"descarga del paquete ({kit.creado.astimezone():%d/%m/%Y %H:%M}): corrija la fecha y "
            "la hora del equipo antes de capturar."
        )
    return kit


def borrar_kit() -> None:
    with contextlib.suppress(FileNotFoundError):
        _ruta_kit().unlink()
    verificador_local.borrar(carpeta())


# --------------------------------------------------------------------------- without the server


def guardar_acceso(
    password: str | None, usuario: str | None = None, perfil: seguridad.Perfil | None = None
) -> bool:
    """This PC's verifier of the user's password (``verificador_local``), beside the kit, with
    the name and idle minutes of ``perfil`` (else those of the previous verifier). False when
    there is no password to check against (a login the server took without one)."""
    if not password:
        return False
    c = carpeta(usuario)
    previo = verificador_local.leer(c)
    nombre = perfil.nombre if perfil else (previo.nombre if previo else "")
    minutos = perfil.bloqueo_minutos if perfil else (previo.bloqueo_minutos if previo else 0)
    verificador_local.guardar(
        c, (usuario or _usuario()).lower(), password, nombre=nombre, bloqueo_minutos=minutos
    )
    return True


def renovar_acceso(
    usuario: str, password: str | None, perfil: seguridad.Perfil | None = None
) -> bool:
    """After an online login or a password change: the verifier again, when this user has a
    valid kit on this PC (nothing otherwise: no folder is made). True if it was written."""
    c = _carpeta_si_hay(usuario)
    if c is None or not (c / "paquete.json").exists():
        return False
    try:
        if kit_actual(usuario) is None:
            return False
    except ErrorDatos:  # expired (deleted with its verifier), another user's, damaged
        return False
    try:
        return guardar_acceso(password, usuario, perfil)
    except OSError:
        with contextlib.suppress(OSError):  # an old password must not go on opening it
            verificador_local.borrar(c)
        raise


def _carpeta_si_hay(usuario: str) -> Path | None:
    """This user's brigade folder if it exists (never creates it), None otherwise."""
    u = (usuario or "").strip().lower()
    c = config.carpeta_datos() / "brigada" / u
    try:
        if not u or not c.is_dir():
            return None
        return carpeta(u)
    except (OSError, ValueError):  # not a name a folder can have
        return None


def acceso_sin_conexion(usuario: str) -> verificador_local.Verificador | None:
    """What lets ``usuario`` in without the server: their verifier, when this PC also holds
    their valid kit. None when there is no kit or no verifier; ErrorDatos, with the reason,
    when the kit cannot serve (expired — deleted here with the verifier —, another user's,
    damaged, the clock before its download)."""
    c = _carpeta_si_hay(usuario)
    if c is None:
        return None
    v = verificador_local.leer(c)
    if v is None or v.usuario != c.name:
        return None
    if kit_actual(c.name) is None:  # the kit is gone: its verifier goes too
        verificador_local.borrar(c)
        return None
    return v


def olvidar_acceso(usuario: str) -> None:
    """Delete this user's verifier on this PC (the server said the account may not log in)."""
    c = _carpeta_si_hay(usuario)
    if c is not None:
        verificador_local.borrar(c)


def comprobar_acceso(usuario: str, password: str) -> bool:
    """Whether ``password`` is the one this PC's verifier of ``usuario`` keeps."""
    c = _carpeta_si_hay(usuario)
    return c is not None and verificador_local.comprobar(c, c.name, password)


# --------------------------------------------------------------------------- the journal


def _llave_diario(c: Path) -> bytes:
    """The key that seals this user's journal lines, made once, 0600 beside the journal."""
    ruta = c / "llave_diario"
    with contextlib.suppress(FileNotFoundError):
        return bytes.fromhex(ruta.read_text(encoding="ascii").strip())
    llave = secrets.token_bytes(32)
    fd = os.open(ruta, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, llave.hex().encode("ascii"))
        os.fsync(fd)
    finally:
        os.close(fd)
    return llave


def _sello(llave: bytes, r: dict[str, Any]) -> str:
    cuerpo = {k: v for k, v in r.items() if k != "sello"}
    texto = json.dumps(cuerpo, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(llave + texto.encode("utf-8")).hexdigest()[:32]


CAPTURAS = ("registro", "solicitud")


class Diario(DiarioLocal):
    """The brigade's journal: ``registro`` and ``solicitud`` lines (sealed), ``confirmada``
    with the database's answer, ``revisado`` with the reviewer's decision."""

    MOTIVO_ILEGIBLE = (
        "no es una anotación que se pueda leer — cortada por un apagón o editada a mano —, así "
        "que no se aplicó. Su texto se guardó en cuarentena.jsonl: vuelva a capturar esa "
        "persona si hace falta."
    )

    def __init__(self, usuario: str | None = None) -> None:
        super().__init__(carpeta(usuario) / "diario.jsonl")
        self.documentos = self.ruta.parent / "documentos"

    @property
    def llave(self) -> bytes:
        return _llave_diario(self.ruta.parent)

    def sellado(self, r: dict[str, Any]) -> bool:
        return isinstance(r.get("sello"), str) and secrets.compare_digest(
            r["sello"], _sello(self.llave, r)
        )

    def anotar_captura(self, r: dict[str, Any]) -> dict[str, Any]:
        r = {**r, "sello": _sello(self.llave, r)}
        self._anotar([r])
        return r

    def guardar_documento(self, doc: DocumentoNuevo) -> None:
        self.documentos.mkdir(mode=0o700, exist_ok=True)
        ruta = self.documentos / doc.sha256
        if ruta.exists():
            return
        temporal = ruta.with_suffix(".tmp")
        fd = os.open(temporal, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.write(fd, doc.contenido)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temporal, ruta)

    def leer_documento(self, d: dict[str, Any]) -> DocumentoNuevo:
        """A document of a capture, checked against the hash the capture wrote."""
        sha = str(d.get("sha256") or "")
        if not re.fullmatch(r"[0-9a-f]{64}", sha):
            raise ErrorDatos(f"El documento «{d.get('nombre_archivo')}» no tiene huella válida.")
        try:
            contenido = (self.documentos / sha).read_bytes()
        except OSError as e:
            raise ErrorDatos(
                f"Falta en este equipo el archivo del documento «{d.get('nombre_archivo')}» "
                f"({d.get('tipo')}): no se aplicó."
            ) from e
        if hashlib.sha256(contenido).hexdigest() != sha:
            raise ErrorDatos(
                f"El archivo del documento «{d.get('nombre_archivo')}» ({d.get('tipo')}) cambió "
                "después de capturarlo: no se aplicó."
            )
        return DocumentoNuevo(str(d["tipo"]), str(d["nombre_archivo"]), str(d["mime"]),
                              contenido, sha)  # fmt: skip

    def confirmar(self, clave: str, resultado: str, motivo: str | None = None, **mas: Any) -> None:
        self._anotar([{"tipo": "confirmada", "clave": clave, "resultado": resultado,
                       "motivo": motivo, **mas}])  # fmt: skip

    def estados(self) -> dict[str, Estado]:
        """Each capture's state, from its lines in order (the last answer or review wins)."""
        estados: dict[str, Estado] = {}
        for r in self.registros():
            clave, tipo = r["clave"], r.get("tipo")
            if tipo in CAPTURAS:
                if clave not in estados:  # a key written twice keeps its first capture
                    estados[clave] = Estado(r, "pendiente")
            elif clave in estados and tipo == "confirmada":
                e = estados[clave]
                e.respuesta = r
                e.estado = "conflicto" if r.get("resultado") == "Conflicto" else "aplicada"
            elif clave in estados and tipo == "revisado":
                e = estados[clave]
                e.revision = r
                e.estado = "descartada" if r.get("accion") == "descartar" else "pendiente"
        for m in self.ilegibles():
            estados[m["clave"]] = Estado(m, "conflicto", respuesta=m)
        for r in self.registros():
            if r.get("tipo") == "revisado" and r["clave"] in estados:
                e = estados[r["clave"]]
                if e.captura.get("tipo") == "ilegible":
                    e.revision, e.estado = r, "descartada"
        return estados

    def pendientes(self) -> list[Estado]:
        return [e for e in self.estados().values() if e.estado == "pendiente"]

    def conflictos(self) -> list[Estado]:
        return [e for e in self.estados().values() if e.estado == "conflicto"]

    def compactar(self) -> bool:
        """Archive the journal once nothing waits or needs review; True if archived."""
        estados = self.estados()
        if not estados or any(e.estado in ("pendiente", "conflicto") for e in estados.values()):
            return False
        self.archivar()
        # the scans are on the server now: they do not stay on the laptop
        if self.documentos.is_dir():
            for p in self.documentos.iterdir():
                with contextlib.suppress(OSError):
                    p.unlink()
        return True


@dataclass
class Estado:
    captura: dict[str, Any]
    estado: str  # pendiente, aplicada, conflicto, descartada
    respuesta: dict[str, Any] | None = None
    revision: dict[str, Any] | None = None

    @property
    def clave(self) -> str:
        return self.captura["clave"]


def depurar(usuario: str | None = None) -> int:
    """Delete this user's archived journals and the documents no live capture needs, older
    than ``DIAS_ARCHIVO`` days; the kit if it expired. Returns how many files went."""
    c = carpeta(usuario)
    limite = reloj.time() - DIAS_ARCHIVO * 86400
    borrados = 0
    for p in [*c.glob("diario_*.jsonl"), *c.glob("cuarentena_*.jsonl")]:
        with contextlib.suppress(OSError):
            if p.stat().st_mtime < limite:
                p.unlink()
                borrados += 1
    vivos: set[str] = set()
    diario = Diario(usuario)
    for e in diario.estados().values():
        for d in e.captura.get("documentos") or []:
            if isinstance(d, dict):
                vivos.add(str(d.get("sha256")))
    if diario.documentos.is_dir():
        for p in diario.documentos.iterdir():
            with contextlib.suppress(OSError):
                if p.name not in vivos and p.stat().st_mtime < limite:
                    p.unlink()
                    borrados += 1
    with contextlib.suppress(ErrorDatos):
        kit_actual(usuario)  # deletes it when expired
    return borrados


# --------------------------------------------------------------------------- offline capture


def _persona_del_diario(diario: Diario, clave: str) -> dict[str, Any] | None:
    e = diario.estados().get(clave)
    if e is None or e.captura.get("tipo") != "registro":
        return None
    return e.captura


def registrar(kit: Kit, datos: ventanilla.DatosCiudadano, diario: Diario | None = None):
    """Check a registration as the office would and write it to the journal. Returns the
    journal record. ErrorDatos: what to fix (nothing written)."""
    diario = diario or Diario()
    ahora = _ahora()
    if kit.vencido(ahora):
        raise ErrorDatos("El paquete de brigada venció: sincronice y descargue otro.")
    curp = scurp.limpiar(datos.curp)
    if kit.ya_registrada(curp):
        raise ErrorDatos(
            f"La CURP {curp} ya está registrada: no se registra otra vez. Presente sus "
            "solicitudes con su CURP (Brigada → Solicitud)."
        )
    errores = datos.errores(kit.cuestionario)
    if kit.municipio(datos.domicilio.municipio_id) is None and datos.domicilio.municipio_id:
        errores.append("El municipio del domicilio no es de los del paquete de brigada.")
    if errores:
        raise ErrorDatos("No se puede guardar todavía:\n• " + "\n• ".join(errores))
    for e in diario.estados().values():
        c = e.captura
        if (
            c.get("tipo") == "registro"
            and e.estado != "descartada"
            and (scurp.limpiar(str((c.get("datos") or {}).get("curp", ""))) == curp)
        ):
            raise ErrorDatos(f"La CURP {curp} ya se capturó en esta brigada ({c['cuando'][:16]}).")
    if datos.decisiones:
        raise ErrorDatos("Sin conexión no se decide sobre posibles duplicados.")
    posible = kit.parecido_registrado(
        datos.nombre, datos.apellido_paterno, datos.apellido_materno or None,
        datos.fecha_nacimiento, datos.sexo,
    )  # fmt: skip
    d = datos.domicilio
    registro = {
        "tipo": "registro",
        "clave": str(datos.clave_captura),
        "kit": kit.id,
        "cuando": ahora.isoformat(timespec="seconds"),
        "posible_duplicado": posible,
        "datos": {
            "curp": curp,
            "nombre": datos.nombre,
            "apellido_paterno": datos.apellido_paterno,
            "apellido_materno": datos.apellido_materno,
            "fecha_nacimiento": datos.fecha_nacimiento.isoformat(),
            "sexo": datos.sexo,
            "entidad_nacimiento": datos.entidad_nacimiento,
            "telefono": datos.telefono,
            "correo": datos.correo,
            "acepta_sms": datos.acepta_sms,
            "aviso_aceptado": datos.aviso_aceptado,
            "cuestionario_id": kit.cuestionario_id,
            "respuestas": kit.cuestionario.limpiar(datos.respuestas),
            "domicilio": {
                "municipio_id": d.municipio_id,
                "localidad_id": d.localidad_id,
                "colonia_id": d.colonia_id,
                "calle": d.calle,
                "numero_exterior": d.numero_exterior,
                "numero_interior": d.numero_interior,
                "codigo_postal": d.codigo_postal,
                "latitud": None if d.latitud is None else str(d.latitud),
                "longitud": None if d.longitud is None else str(d.longitud),
            },
        },
    }
    return diario.anotar_captura(registro)


def datos_de_registro(r: dict[str, Any]) -> ventanilla.DatosCiudadano:
    """The DatosCiudadano a journal registration holds (ValueError/KeyError/TypeError if it is
    malformed)."""
    d = r["datos"]
    dom = d["domicilio"]
    return ventanilla.DatosCiudadano(
        curp=str(d["curp"]),
        nombre=str(d["nombre"]),
        apellido_paterno=str(d["apellido_paterno"]),
        apellido_materno=str(d.get("apellido_materno") or ""),
        fecha_nacimiento=date.fromisoformat(d["fecha_nacimiento"]),
        sexo=str(d["sexo"]),
        entidad_nacimiento=str(d.get("entidad_nacimiento") or ""),
        telefono=str(d.get("telefono") or ""),
        correo=str(d.get("correo") or ""),
        acepta_sms=bool(d.get("acepta_sms")),
        domicilio=ventanilla.DatosDomicilio(
            municipio_id=dom.get("municipio_id"),
            localidad_id=dom.get("localidad_id"),
            colonia_id=dom.get("colonia_id"),
            calle=str(dom.get("calle") or ""),
            numero_exterior=str(dom.get("numero_exterior") or ""),
            numero_interior=str(dom.get("numero_interior") or ""),
            codigo_postal=str(dom.get("codigo_postal") or ""),
            latitud=None if dom.get("latitud") is None else Decimal(dom["latitud"]),
            longitud=None if dom.get("longitud") is None else Decimal(dom["longitud"]),
        ),
        aviso_aceptado=bool(d.get("aviso_aceptado")),
        cuestionario_id=d.get("cuestionario_id"),
        respuestas=dict(d.get("respuestas") or {}),
        clave_captura=uuid.UUID(r["clave"]),
    )


@dataclass(frozen=True)
class Persona:
    """Who an offline application is for: a registration of this brigade (its key) or a
    person the kit says is registered (the CURP), with what eligibility looks at."""

    curp: str
    nombre: str
    nacimiento: date
    sexo: str
    municipio_id: int | None
    registro: str | None = None  # the key of the registration in the journal


def persona_registrada(kit: Kit, curp: str, municipio_id: int | None) -> Persona:
    """A person registered before (the kit knows the CURP): the CURP gives the birth date and
    sex; the municipality is the clerk's answer."""
    info = scurp.analizar(curp)
    if not info.valida:
        raise ErrorDatos("La CURP no es válida:\n• " + "\n• ".join(info.errores))
    if not kit.ya_registrada(curp):
        raise ErrorDatos(
            f"La CURP {scurp.limpiar(curp)} no está entre las registradas en los municipios del "
            "paquete: regístrela primero (Brigada → Registrar)."
        )
    return Persona(scurp.limpiar(curp), "", info.fecha_nacimiento, info.sexo or "", municipio_id)


def persona_de_registro(r: dict[str, Any]) -> Persona:
    d = datos_de_registro(r)
    nombre = " ".join(p for p in (d.nombre, d.apellido_paterno, d.apellido_materno) if p)
    return Persona(scurp.limpiar(d.curp), nombre.upper(), d.fecha_nacimiento, d.sexo,
                   d.domicilio.municipio_id, registro=r["clave"])  # fmt: skip


def _vivas(diario: Diario, persona: Persona) -> dict[int, str]:
    """The applications this brigade already captured for the person (call → provisional
    folio), so the same call is not taken twice."""
    vivas: dict[int, str] = {}
    for e in diario.estados().values():
        c = e.captura
        if c.get("tipo") != "solicitud" or e.estado == "descartada":
            continue
        p = c.get("persona") or {}
        if (persona.registro and p.get("registro") == persona.registro) or (
            p.get("curp") == persona.curp
        ):
            vivas[int(c.get("convocatoria", 0))] = str(c.get("folio_provisional"))
    return vivas


VERIFICAR_AL_SINCRONIZAR = "se verificará al sincronizar"


def convocatorias(
    kit: Kit, persona: Persona, diario: Diario | None = None, hoy: date | None = None
) -> list[ventanilla.ConvocatoriaDisponible]:
    """The kit's calls with whether the person may file to each, by the rules the office
    applies (``ventanilla.elegibilidad``). A poverty rule cannot be decided offline (the
    database measures the household): such a call is offered, and said."""
    diario = diario or Diario()
    hoy = hoy or _ahora().date()
    municipio = kit.municipio(persona.municipio_id)
    abiertas = [c for c in kit.abiertas() if c.fecha_cierre >= hoy]
    sin_pobreza = [
        ventanilla.ConvocatoriaAbierta(**{
            **c.__dict__,
            "reglas": {k: v for k, v in c.reglas.items() if k not in ("pobreza", "carencias")},
        })
        for c in abiertas
    ]  # fmt: skip
    res = ventanilla.elegibilidad(
        sin_pobreza, persona.nacimiento, persona.sexo, municipio["clave"] if municipio else None,
        _vivas(diario, persona), hoy,
    )  # fmt: skip
    por_id = {c.id: c for c in abiertas}
    return [
        c
        if not c.elegible or not ({"pobreza", "carencias"} & set(por_id[c.id].reglas))
        else ventanilla.ConvocatoriaDisponible(
            **{**c.__dict__, "motivo": f"Pide la medición de pobreza del hogar: "
               f"{VERIFICAR_AL_SINCRONIZAR}."}
        )
        for c in res
    ]  # fmt: skip


def _ruta_folios(kit: Kit, diario: Diario) -> Path:
    return diario.ruta.with_name(f"folios_{kit.corto}.json")


def siguiente_folio(kit: Kit, diario: Diario) -> str:
    """The kit's next provisional folio: after the highest in the journal and the highest ever
    given (kept beside it, so an archived journal does not start the count again)."""
    n = 0
    for r in diario.registros():
        folio = str(r.get("folio_provisional") or "")
        if r.get("tipo") == "solicitud" and folio.startswith(f"BR-{kit.corto}-"):
            with contextlib.suppress(ValueError):
                n = max(n, int(folio.rsplit("-", 1)[1]))
    with contextlib.suppress(OSError, ValueError, TypeError, KeyError):
        n = max(n, int(json.loads(_ruta_folios(kit, diario).read_text(encoding="utf-8"))["ultimo"]))
    return f"BR-{kit.corto}-{n + 1:04d}"


def presentar(
    kit: Kit,
    persona: Persona,
    convocatoria_id: int,
    tipo_apoyo_id: int,
    respuestas: dict[str, Any] | None = None,
    docs: list[DocumentoNuevo] | None = None,
    diario: Diario | None = None,
) -> dict[str, Any]:
    """Check an application as the office would (eligibility, the call's form, the required
    documents) and write it and its documents to the journal, with a provisional folio."""
    diario = diario or Diario()
    ahora = _ahora()
    if kit.vencido(ahora):
        raise ErrorDatos("El paquete de brigada venció: sincronice y descargue otro.")
    disponibles = {c.id: c for c in convocatorias(kit, persona, diario, ahora.date())}
    conv = disponibles.get(convocatoria_id)
    if conv is None:
        raise ErrorDatos("La convocatoria no está en el paquete de brigada o ya cerró.")
    if not conv.elegible:
        raise ErrorDatos(f"No puede solicitar «{conv.nombre}»: {conv.motivo}")
    if tipo_apoyo_id not in {t.id for t in conv.tipos}:
        raise ErrorDatos("Elija el tipo de apoyo.")
    errores: list[str] = []
    definicion = kit.formulario(conv.formulario_id)
    limpias = None
    if definicion is not None:
        errores.extend(definicion.validar(respuestas or {}))
        limpias = definicion.limpiar(respuestas or {})
    docs = list(docs or [])
    adjuntos = {d.tipo for d in docs}
    errores += [f"Falta adjuntar: {r}." for r in conv.documentos_requeridos if r not in adjuntos]
    if errores:
        raise ErrorDatos("No se puede presentar todavía:\n• " + "\n• ".join(errores))
    for d in docs:
        diario.guardar_documento(d)
    registro = {
        "tipo": "solicitud",
        "clave": str(uuid.uuid4()),
        "kit": kit.id,
        "cuando": ahora.isoformat(timespec="seconds"),
        "folio_provisional": siguiente_folio(kit, diario),
        "persona": {"registro": persona.registro} if persona.registro else {"curp": persona.curp},
        "convocatoria": convocatoria_id,
        "tipo_apoyo": tipo_apoyo_id,
        "respuestas": limpias,
        "documentos": [
            {"tipo": d.tipo, "nombre_archivo": d.nombre_archivo, "mime": d.mime, "sha256": d.sha256}
            for d in docs
        ],
    }
    r = diario.anotar_captura(registro)
    from sipros_desktop.servicios import archivos

    numero = int(registro["folio_provisional"].rsplit("-", 1)[1])
    archivos.guardar_json_privado(_ruta_folios(kit, diario), {"ultimo": numero}, durable=True)
    return r


def leer_documento(kit: Kit, ruta: str | Path, tipo: str) -> DocumentoNuevo:
    """A scanned document, checked as at the office with the kit's size limit."""
    return documentos.leer(ruta, tipo, limite_mb=kit.documento_max_mb)


# --------------------------------------------------------------------------- the acuse


def acuse_pdf(kit: Kit, r: dict[str, Any], diario: Diario | None = None) -> bytes:
    """The provisional acuse of an offline application: its provisional folio and a QR of its
    key; the database's folio replaces it at synchronisation (and an SMS says it)."""
    from sipros_desktop.servicios import acuse

    diario = diario or Diario()
    conv = kit.convocatoria(int(r["convocatoria"])) or {}
    persona = r.get("persona") or {}
    if persona.get("registro"):
        reg = _persona_del_diario(diario, persona["registro"])
        p = persona_de_registro(reg) if reg else None
        curp, nombre = (p.curp, p.nombre) if p else ("", "")
    else:
        curp, nombre = str(persona.get("curp", "")), "(persona ya registrada)"
    tipo = next((t["nombre"] for t in conv.get("tipos", []) if t["id"] == r["tipo_apoyo"]), "")
    cuando = datetime.fromisoformat(r["cuando"])
    return acuse.generar_pdf(
        acuse.DatosAcuse(
            folio=r["folio_provisional"],
            fecha_solicitud=cuando.date(),
            registrado=cuando,
            curp=curp,
            nombre_completo=nombre,
            programa=conv.get("programa", ""),
            convocatoria=conv.get("nombre", ""),
            proceso=int(conv.get("proceso", 0)),
            tipo_apoyo=tipo,
            estado="Capturada sin conexión (por sincronizar)",
            documentos=tuple((d["tipo"], d["nombre_archivo"]) for d in r.get("documentos", [])),
            aviso_privacidad=kit.aviso_privacidad,
            usuario=kit.usuario,
            dependencia=conv.get("dependencia") or "Secretaría de Desarrollo Social",
            area=conv.get("area", ""),
            provisional_clave=r["clave"],
        )
    )


# --------------------------------------------------------------------------- synchronisation

ACCIONES = {
    "reintentar": "Intentar de nuevo",
    "usar_expediente": "Usar el expediente ya registrado",
    "registrar_distinta": "Es otra persona: registrarla",
    "descartar": "Descartar (no se aplica)",
}
# the review decisions that ask the server (the rest only write the journal)
ACCIONES_CON_SERVIDOR = frozenset({"usar_expediente"})


@dataclass
class ResumenSincronizacion:
    registrados: int = 0
    presentadas: int = 0
    ya_aplicadas: int = 0
    conflictos: list[dict[str, Any]] = field(default_factory=list)
    en_espera: int = 0  # applications waiting for their registration (in review)
    pendientes: int = 0  # still to send (the sync stopped)
    folios: dict[str, str] = field(default_factory=dict)  # provisional → the database's
    diario_de: str = ""


def _hora(r: dict[str, Any]) -> datetime | None:
    try:
        cuando = datetime.fromisoformat(r["cuando"])
    except (KeyError, TypeError, ValueError):
        return None
    return cuando if cuando.tzinfo is not None else None


class _Conflicto(Exception):
    def __init__(self, motivo: str, acciones: tuple[str, ...] = ("reintentar", "descartar"),
                 **mas: Any) -> None:  # fmt: skip
        super().__init__(motivo)
        self.motivo = motivo
        self.acciones = acciones
        self.mas = mas


class _Espera(Exception):
    pass


def _revisar_forma(diario: Diario, r: dict[str, Any], anterior: datetime | None, ahora: datetime):
    """Why a capture is kept for review before it is sent (edited, malformed, clock), or None."""
    if not diario.sellado(r):
        raise _Conflicto(
            "La anotación del diario no coincide con su sello: se editó a mano después de "
            "capturarla. No se aplicó; vuelva a capturar a la persona si hace falta.",
            ("descartar",),
        )
    try:
        uuid.UUID(r["clave"])
        uuid.UUID(str(r["kit"]))
    except (KeyError, TypeError, ValueError, AttributeError):
        raise _Conflicto(
            "La anotación del diario está incompleta: no se aplicó.", ("descartar",)
        ) from None
    cuando = _hora(r)
    if cuando is None:
        raise _Conflicto("La anotación no tiene una hora válida: no se aplicó.", ("descartar",))
    if cuando > ahora + TOLERANCIA_RELOJ:
        raise _Conflicto(
            f"La hora de la captura ({cuando:%d/%m/%Y %H:%M}) es posterior a la de ahora "
            f"({ahora:%d/%m/%Y %H:%M}): el reloj del equipo estaba adelantado. Confirme la "
            "fecha con la persona capturada antes de reintentar.",
        )
    if anterior is not None and cuando < anterior - TOLERANCIA_RELOJ:
        raise _Conflicto(
            f"La hora de la captura ({cuando:%d/%m/%Y %H:%M}) es anterior a la de la captura "
            f"anotada antes ({anterior:%d/%m/%Y %H:%M}): el reloj del equipo se atrasó o el "
            "diario se editó. Revise y reintente o descarte.",
        )


def _procedencia(r: dict[str, Any], ciudadano: Callable[[int], int] | None = None):
    """The provenance row, written inside the office service's transaction."""

    def escribir(s, fila_id: int) -> None:
        es_solicitud = r["tipo"] == "solicitud"
        s.execute(
            text(
                "INSERT INTO brigada_captura (clave, kit_id, tipo, capturada, folio_provisional, "
                "ciudadano_id, solicitud_id) VALUES (CAST(:c AS uuid), CAST(:k AS uuid), :t, "
                ":cuando, :f, :ciudadano, :solicitud)"
            ),
            {"c": r["clave"], "k": r["kit"], "t": r["tipo"], "cuando": _hora(r),
             "f": r.get("folio_provisional") if es_solicitud else None,
             "ciudadano": ciudadano(fila_id) if ciudadano else fila_id,
             "solicitud": fila_id if es_solicitud else None},
        )  # fmt: skip

    return escribir


def _aplicar_registro(e: Estado) -> tuple[str, dict[str, Any]]:
    r = e.captura
    try:
        datos = datos_de_registro(r)
    except (KeyError, TypeError, ValueError, AttributeError) as err:
        raise _Conflicto(
            f"La captura está incompleta ({err}): no se aplicó.", ("descartar",)
        ) from err
    decision = (e.revision or {}).get("accion")
    if decision == "usar_expediente":
        cid = (e.revision or {}).get("ciudadano_id")
        return "Expediente existente", {"ciudadano_id": cid}
    if decision == "registrar_distinta":
        datos.decisiones = {int(i): "Personas distintas"
                            for i in (e.respuesta or {}).get("candidatos_ids", [])}  # fmt: skip
    else:
        candidatos = ventanilla.candidatos_duplicados(
            datos.curp, datos.nombre, datos.apellido_paterno, datos.apellido_materno or None,
            datos.fecha_nacimiento, datos.sexo,
        )  # fmt: skip
        if candidatos:
            lista = "; ".join(
                f"{c.nombre_completo} ({c.curp}, {c.municipio or 'sin municipio'})"
                for c in candidatos[:5]
            )
            raise _Conflicto(
                f"Posible duplicado de quien ya está registrado: {lista}. Si es la misma "
                "persona, use su expediente; si no, regístrela como otra persona.",
                ("usar_expediente", "registrar_distinta", "descartar"),
                candidatos_ids=[c.id for c in candidatos],
                candidatos_curps=[c.curp for c in candidatos],
            )
    try:
        reg = ventanilla.registrar(datos, despues=_procedencia(r))
    except ventanilla.ErrorCurpRegistrada as err:
        raise _Conflicto(
            f"La CURP {scurp.limpiar(datos.curp)} se registró mientras la brigada estaba en "
            "campo (otra persona o la oficina): no se abrió un segundo expediente. Compare los "
            "datos y use ese expediente, o descarte la captura.",
            ("usar_expediente", "descartar"),
            candidatos_curps=[scurp.limpiar(datos.curp)],
            ciudadano_id=err.ciudadano_id,
        ) from err
    return ("Ya aplicada" if reg.repetido else "Registrado"), {"ciudadano_id": reg.ciudadano_id}


def _ciudadano_de(diario: Diario, r: dict[str, Any], estados: dict[str, Estado]) -> int:
    persona = r.get("persona") or {}
    if persona.get("registro"):
        previo = estados.get(persona["registro"])
        if previo is None:
            raise _Conflicto("La solicitud es de un registro que no está en el diario.",
                             ("descartar",))  # fmt: skip
        if previo.estado == "descartada":
            raise _Conflicto(
                "El registro de esta persona se descartó en la revisión, así que su solicitud no "
                "se puede presentar: regístrela en la oficina y capture la solicitud ahí.",
                ("descartar",),
            )
        if previo.estado != "aplicada":
            raise _Espera()
        # the file is opened again by CURP, as at the desk (the clerk reaches it today): the
        # registered one, or the one the reviewer chose
        revision = previo.revision or {}
        curp = str(revision.get("curp") or (previo.captura.get("datos") or {}).get("curp") or "")
        cid = ventanilla.buscar_curp(curp)
        if cid is None:
            raise _Conflicto(
                f"El expediente de la CURP {curp} ya no está en la base (se fusionó o se "
                "borró): búsquelo en la oficina y reintente.",
            )
        return cid
    curp = str(persona.get("curp") or "")
    cid = ventanilla.buscar_curp(curp)
    if cid is None:
        raise _Conflicto(
            f"La CURP {curp} no tiene expediente en la base (el paquete decía que sí: se "
            "fusionó o se borró). Regístrela en la oficina y reintente.",
        )
    return cid


def _aplicar_solicitud(diario: Diario, e: Estado, estados: dict[str, Estado]):
    r = e.captura
    ciudadano_id = _ciudadano_de(diario, r, estados)
    try:
        docs = [diario.leer_documento(d) for d in r.get("documentos") or []]
        datos = ventanilla.DatosSolicitud(
            ciudadano_id=ciudadano_id,
            convocatoria_id=int(r["convocatoria"]),
            tipo_apoyo_id=int(r["tipo_apoyo"]),
            respuestas=dict(r.get("respuestas") or {}),
            documentos=docs,
            clave_captura=uuid.UUID(r["clave"]),
        )
        if not _FOLIO.match(str(r.get("folio_provisional", ""))):
            raise ErrorDatos("El folio provisional de la captura no es válido.")
    except ErrorDatos as err:
        raise _Conflicto(err.mensaje, ("descartar",)) from err
    except (KeyError, TypeError, ValueError) as err:
        raise _Conflicto(
            f"La captura está incompleta ({err}): no se aplicó.", ("descartar",)
        ) from err
    sol = ventanilla.presentar(datos, despues=_procedencia(r, lambda _i: ciudadano_id))
    return ("Ya aplicada" if sol.repetida else "Presentada"), {
        "ciudadano_id": ciudadano_id,
        "solicitud_id": sol.id,
        "folio": sol.folio,
    }


def sincronizar(progreso: Callable[[int, int], None] | None = None) -> ResumenSincronizacion:
    """Apply this user's pending captures, in order, each in its own transaction with its key
    and provenance; the answer is written to the journal after the commit. A capture the
    database or the checks refuse is a conflict with its reason and what can be done; a
    failure that is not the capture's (the connection, the server busy) stops the sync and
    keeps the rest pending. Killed at any point, running it again gives the same end state."""
    diario = Diario()
    # read the whole journal again: a line rewritten in place since this process last read
    # it (same inode, not shorter) must meet its seal here
    from sipros_desktop.servicios import diario_local

    diario_local.LEIDOS.pop(str(diario.ruta), None)
    resumen = ResumenSincronizacion(diario_de=_usuario())
    estados = diario.estados()
    pendientes = [e for e in estados.values() if e.estado == "pendiente"]
    ahora = _ahora()
    # the time of the capture written just before each one (a time ahead of now is its own
    # conflict and does not make the next ones suspect)
    anteriores: dict[str, datetime | None] = {}
    previa: datetime | None = None
    for r in diario.registros():
        if r.get("tipo") in CAPTURAS:
            anteriores.setdefault(r["clave"], previa)
            hora = _hora(r)
            if hora is not None and hora <= ahora + TOLERANCIA_RELOJ:
                previa = hora
    for n, e in enumerate(pendientes, 1):
        r = e.captura
        try:
            # a reviewer who sends a capture again vouched for its order
            revisada = e.revision is not None and e.revision.get("accion") == "reintentar"
            _revisar_forma(diario, r, None if revisada else anteriores.get(r["clave"]), ahora)
            if r["tipo"] == "registro":
                resultado, mas = _aplicar_registro(e)
            else:
                resultado, mas = _aplicar_solicitud(diario, e, estados)
        except _Espera:
            resumen.en_espera += 1
            continue
        except _Conflicto as c:
            diario.confirmar(r["clave"], "Conflicto", c.motivo, acciones=list(c.acciones),
                             **c.mas)  # fmt: skip
            resumen.conflictos.append({**r, "motivo": c.motivo})
            estados[r["clave"]].estado = "conflicto"
            continue
        except ErrorConexion:
            raise  # not the capture's fault: the journal keeps it; retry later
        except ErrorDatos as err:
            diario.confirmar(r["clave"], "Conflicto", err.mensaje,
                             acciones=["reintentar", "descartar"])  # fmt: skip
            resumen.conflictos.append({**r, "motivo": err.mensaje})
            estados[r["clave"]].estado = "conflicto"
            continue
        diario.confirmar(r["clave"], resultado, None, **mas)
        e.estado, e.respuesta = "aplicada", {"resultado": resultado, **mas}
        if resultado == "Registrado":
            resumen.registrados += 1
        elif resultado == "Presentada":
            resumen.presentadas += 1
            resumen.folios[r["folio_provisional"]] = mas["folio"]
        elif resultado == "Ya aplicada":
            resumen.ya_aplicadas += 1
            if r["tipo"] == "solicitud":
                resumen.folios[r["folio_provisional"]] = mas["folio"]
        if progreso:
            progreso(n, len(pendientes))
    resumen.pendientes = len(diario.pendientes()) - resumen.en_espera
    if diario.compactar():
        depurar()
    return resumen


# --------------------------------------------------------------------------- review


@dataclass(frozen=True)
class Conflicto:
    clave: str
    tipo: str  # registro, solicitud, ilegible
    cuando: str
    quien: str  # name or CURP, or the unreadable line's number
    folio_provisional: str | None
    motivo: str
    acciones: tuple[str, ...]


def conflictos() -> list[Conflicto]:
    """What this user's brigade could not apply, with the reason and what can be done."""
    diario = Diario()
    estados = diario.estados()
    res = []
    for e in estados.values():
        if e.estado != "conflicto":
            continue
        c, resp = e.captura, e.respuesta or {}
        if c.get("tipo") == "registro":
            d = c.get("datos") or {}
            quien = f"{d.get('nombre', '')} {d.get('apellido_paterno', '')} ({d.get('curp')})"
        elif c.get("tipo") == "solicitud":
            p = c.get("persona") or {}
            reg = estados.get(p.get("registro", ""))
            dd = (reg.captura.get("datos") or {}) if reg else {}
            quien = str(dd.get("curp") or p.get("curp") or "")
        else:
            quien = f"renglón {c.get('renglon')}"
        acciones = tuple(a for a in resp.get("acciones") or ("descartar",) if a in ACCIONES)
        res.append(
            Conflicto(e.clave, str(c.get("tipo")), str(c.get("cuando", ""))[:16].replace("T", " "),
                      quien.strip(), c.get("folio_provisional"), str(resp.get("motivo") or ""),
                      acciones or ("descartar",))
        )  # fmt: skip
    return res


def revisar(clave: str, accion: str, nota: str, curp: str | None = None) -> None:
    """The reviewer's decision on a conflict, written to the journal (who, when, the note):
    ``descartar`` (not applied, kept in the journal with the note), ``reintentar`` (the next
    sync sends it again), ``usar_expediente`` (the registration becomes the file already
    registered — by ``curp`` when there are several candidates — and its applications go to
    it), ``registrar_distinta`` (register it as another person)."""
    diario = Diario()
    e = diario.estados().get(clave)
    if e is None or e.estado != "conflicto":
        raise ErrorDatos("Esa captura no está por revisar.")
    acciones = tuple((e.respuesta or {}).get("acciones") or ("descartar",))
    if accion not in acciones:
        raise ErrorDatos(f"Para esta captura no se puede «{ACCIONES.get(accion, accion)}».")
    nota = " ".join((nota or "").split())
    if len(nota) < 5:
        raise ErrorDatos("Escriba una nota de al menos 5 letras que explique la decisión.")
    mas: dict[str, Any] = {"accion": accion}
    if accion == "usar_expediente":
        curps = list((e.respuesta or {}).get("candidatos_curps") or [])
        elegida = scurp.limpiar(curp) if curp else (curps[0] if len(curps) == 1 else None)
        if elegida is None or elegida not in curps:
            raise ErrorDatos("Elija cuál de los expedientes es el de la persona.")
        cid = ventanilla.buscar_curp(elegida)
        if cid is None:
            raise ErrorDatos(f"La CURP {elegida} ya no tiene expediente.")
        mas["ciudadano_id"] = cid
        mas["curp"] = elegida
    diario.marcar_revisado(clave, nota, **mas)
    if accion == "usar_expediente":
        # the registration is settled as that file: its applications may go
        diario.confirmar(clave, "Expediente existente", None, ciudadano_id=mas["ciudadano_id"])


# --------------------------------------------------------------------------- by keys (CLI)


def ids_por_claves(convocatorias: list[str], municipios: list[str]) -> tuple[list[int], list[int]]:
    """Calls by their key and municipalities by INEGI key (014 or 22014) or name, as the
    command line gives them; ErrorDatos names what was not found."""
    with bd.sesion() as s:
        conv = {
            c: s.scalar(text("SELECT id FROM convocatoria WHERE clave = :c"), {"c": c.strip()})
            for c in convocatorias
        }
        mun: dict[str, int | None] = {}
        for m in municipios:
            t = m.strip()
            mun[m] = s.scalar(
                text(
                    "SELECT id FROM municipio WHERE clave = :t OR right(clave, 3) = :t "
                    "OR sipros_normaliza(nombre) = sipros_normaliza(:t) ORDER BY clave LIMIT 1"
                ),
                {"t": t},
            )
    faltan = [f"la convocatoria «{c}»" for c, i in conv.items() if i is None]
    faltan += [f"el municipio «{m}»" for m, i in mun.items() if i is None]
    if faltan:
        raise ErrorDatos("No existe " + ", ni ".join(faltan) + ".")
    return [i for i in conv.values() if i], [i for i in mun.values() if i]


def resumen_local() -> dict[str, int]:
    """How many captures of this user's journal are in each state."""
    cuenta = {"pendiente": 0, "aplicada": 0, "conflicto": 0, "descartada": 0}
    for e in Diario().estados().values():
        cuenta[e.estado] = cuenta.get(e.estado, 0) + 1
    return cuenta
