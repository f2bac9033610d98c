"""Sample rows for ``sipros-desktop capturas``: which citizen, application or place shows each
screen best. Read only; every function answers None when the database has no such row (the
picture is then taken of the same screen with what there is)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

from sipros_desktop import bd


def _fila(sql: str, **parametros: Any) -> Any:
    with bd.sesion() as s:
        return s.execute(text(sql), parametros).first()


def correccion() -> tuple[str, int | None] | None:
    """(CURP, application in «Corrección» or None) of a citizen whose file shows corrected data
    and, best, an application waiting for a correction."""
    r = _fila(
        "SELECT c.curp, (SELECT s.id FROM solicitud s WHERE s.ciudadano_id = c.id "
        "AND s.estado = 'Corrección' ORDER BY s.id LIMIT 1) AS sid FROM ciudadano c "
        "WHERE EXISTS (SELECT 1 FROM domicilio d WHERE d.ciudadano_id = c.id) "
        "AND (EXISTS (SELECT 1 FROM correccion k WHERE k.ciudadano_id = c.id) "
        "OR EXISTS (SELECT 1 FROM solicitud s WHERE s.ciudadano_id = c.id "
        "AND s.estado = 'Corrección')) "
        "ORDER BY EXISTS (SELECT 1 FROM correccion k WHERE k.ciudadano_id = c.id) DESC, "
        "(SELECT count(*) FROM solicitud s WHERE s.ciudadano_id = c.id "
        "AND s.estado = 'Corrección') > 0 DESC, c.id LIMIT 1"
    ) or _fila(  # else a file without corrections: its empty history, «Corregir datos…»
        "SELECT c.curp, NULL AS sid FROM ciudadano c WHERE EXISTS (SELECT 1 FROM domicilio d "
        "WHERE d.ciudadano_id = c.id) ORDER BY c.id LIMIT 1"
    )
    return (r.curp, r.sid) if r else None


def documento_antiguo() -> tuple[str, int] | None:
    """(CURP, call id): an adult with a comprobante de domicilio on file older than an open
    call without its own form accepts, who has not applied to it."""
    r = _fila(
        "SELECT x.curp, c.id FROM convocatoria c JOIN ciudadano x ON EXISTS (SELECT 1 "
        "FROM documento d WHERE d.ciudadano_id = x.id AND d.tipo = 'Comprobante de domicilio' "
        "AND d.fecha_escaneo < sipros_hoy() - 31 * (c.documentos_vigencia->>"
        "'Comprobante de domicilio')::int) "
        "WHERE c.abierta AND c.formulario_id IS NULL AND c.fecha_apertura <= sipros_hoy() "
        "AND c.fecha_cierre >= sipros_hoy() AND c.documentos_vigencia ? 'Comprobante de domicilio' "
        "AND NOT EXISTS (SELECT 1 FROM solicitud s WHERE s.ciudadano_id = x.id "
        "AND s.convocatoria_id = c.id) "
        "AND extract(year FROM age(sipros_hoy(), x.fecha_nacimiento)) "
        "BETWEEN greatest(coalesce((c.reglas->>'edad_min')::int, 0), 20) "
        "AND coalesce((c.reglas->>'edad_max')::int, 200) "
        "AND (nullif(c.reglas->>'sexo', '') IS NULL OR c.reglas->>'sexo' = x.sexo) "
        "AND (coalesce(jsonb_array_length(c.reglas->'municipios'), 0) = 0 "
        "OR c.reglas->'municipios' ? (SELECT m.clave FROM domicilio d "
        "JOIN municipio m ON m.id = d.municipio_id WHERE d.ciudadano_id = x.id)) "
        "ORDER BY c.id, x.id LIMIT 1"
    ) or _fila(  # else: a comprobante on file and an open call, shown taken from the file
        "SELECT x.curp, c.id FROM (SELECT d.ciudadano_id FROM documento d "
        "WHERE d.tipo = 'Comprobante de domicilio' AND d.ciudadano_id IS NOT NULL "
        "ORDER BY d.id LIMIT 50) d JOIN ciudadano x ON x.id = d.ciudadano_id "
        "JOIN convocatoria c ON c.abierta AND c.formulario_id IS NULL "
        "AND c.fecha_apertura <= sipros_hoy() AND c.fecha_cierre >= sipros_hoy() "
        "AND c.documentos_requeridos ? 'Comprobante de domicilio' "
        "AND coalesce(jsonb_array_length(c.reglas->'municipios'), 0) = 0 "
        "AND nullif(c.reglas->>'sexo', '') IS NULL "
        "WHERE extract(year FROM age(sipros_hoy(), x.fecha_nacimiento)) "
        "BETWEEN greatest(coalesce((c.reglas->>'edad_min')::int, 0), 20) "
        "AND coalesce((c.reglas->>'edad_max')::int, 200) "
        "AND NOT EXISTS (SELECT 1 FROM solicitud s WHERE s.ciudadano_id = x.id "
        "AND s.convocatoria_id = c.id) ORDER BY c.id, x.id LIMIT 1"
    )
    return (r[0], r[1]) if r else None


def entregada_sin_evento() -> int | None:
    """An application delivered without an event (by transfer, card or cheque)."""
    r = _fila("SELECT solicitud_id FROM entrega_directa ORDER BY registrado DESC LIMIT 1") or _fila(
        "SELECT id FROM solicitud WHERE estado = 'Entregado' ORDER BY id LIMIT 1"
    )  # (else a delivered one: the same window)
    return r[0] if r else None


def aprobada_sin_comprobante() -> int | None:
    """An approved application without a voucher: it may be delivered without an event."""
    r = _fila(
        "SELECT s.id FROM solicitud s WHERE s.estado = 'Aprobada' AND NOT EXISTS "
        "(SELECT 1 FROM comprobante k WHERE k.solicitud_id = s.id) ORDER BY s.id LIMIT 1"
    )
    return r[0] if r else None


def con_toda_la_evidencia() -> int | None:
    """An application whose citizen differs from the Registro Civil, has answered the
    questionnaire, other applications and benefits; else any application."""
    r = _fila(
        "SELECT s.id FROM solicitud s JOIN ciudadano c ON c.id = s.ciudadano_id "
        "WHERE EXISTS (SELECT 1 FROM registro_civil r WHERE r.curp = c.curp "
        "AND (r.apellido_materno IS DISTINCT FROM c.apellido_materno "
        "OR r.nombre <> c.nombre OR r.fecha_nacimiento <> c.fecha_nacimiento)) "
        "AND EXISTS (SELECT 1 FROM cuestionario q WHERE q.ciudadano_id = c.id) "
        "AND EXISTS (SELECT 1 FROM solicitud o WHERE o.ciudadano_id = c.id AND o.id <> s.id) "
        "AND EXISTS (SELECT 1 FROM beneficio b WHERE b.ciudadano_id = c.id) "
        "ORDER BY s.id LIMIT 1"
    ) or _fila("SELECT id FROM solicitud ORDER BY id LIMIT 1")
    return r[0] if r else None


def folio_con_documentos() -> str | None:
    """The folio of an application with its documents, as a citizen reads it on the acuse."""
    r = _fila(
        "SELECT s.folio FROM solicitud s WHERE EXISTS (SELECT 1 FROM documento d "
        "WHERE d.solicitud_id = s.id) ORDER BY s.id LIMIT 1"
    )
    return r[0] if r else None


def lugar_con_mas_beneficios() -> tuple | None:
    """The colonia with the most benefits: (municipio id, clave, localidad id, clave, colonia
    id, clave); the Padrón filters by ids, the reports by keys."""
    r = _fila(
        "SELECT m.id, m.clave, l.id, l.clave, c.id, c.clave FROM beneficio b "
        "JOIN colonia c ON c.id = b.colonia_id JOIN localidad l ON l.id = b.localidad_id "
        "JOIN municipio m ON m.id = b.municipio_id GROUP BY 1, 2, 3, 4, 5, 6 "
        "ORDER BY count(*) DESC, 5 LIMIT 1"
    )
    return tuple(r) if r else None


def convocatoria_con_vigencia() -> tuple[int, int] | None:
    """(programa, convocatoria) of a call that asks for a recent document; else of an open one."""
    r = _fila(
        "SELECT programa_id, id FROM convocatoria ORDER BY documentos_vigencia <> '{}' DESC, "
        "abierta DESC, id LIMIT 1"
    )
    return (r[0], r[1]) if r else None


def hogar_en_pobreza() -> int | None:
    """An application of a citizen whose household shows the poverty measure best: in
    poverty, several members, some deprivation «sin datos» as little as possible."""
    r = _fila(
        "SELECT s.id FROM pobreza_medicion p JOIN solicitud s ON s.ciudadano_id = p.ciudadano_id "
        "WHERE p.clasificacion IN ('pobreza_moderada', 'pobreza_extrema') "
        "ORDER BY p.carencias_sin_datos, (p.integrantes BETWEEN 3 AND 5) DESC, "
        "p.carencias DESC, s.id LIMIT 1"
    )
    return r.id if r else None
