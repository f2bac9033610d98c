"""What ``alembic revision --autogenerate`` compares between the models and the database, and
what it may never propose.

The models (``sipros_desktop/modelos``) declare every table, column, constraint and index of
the migrated schema; functions (``migraciones/funciones``), triggers, row-level security and
grants live only in SQL, which autogenerate neither sees nor proposes. A proposal that would drop
something (a table, column, index or constraint the models do not declare) or change a
column's type is refused: dropping is decided by a person, in a migration written by hand.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from alembic.operations import ops
from alembic.util import CommandError

# what a drop looks like to autogenerate, and how this module names it in its message
_BORRADOS: dict[type, str] = {
    ops.DropTableOp: "tabla",
    ops.DropColumnOp: "columna",
    ops.DropIndexOp: "índice",
    ops.DropConstraintOp: "restricción",
    ops.DropTableCommentOp: "comentario de la tabla",
}


class PropuestaDestructiva(CommandError):
    """Autogenerate proposed dropping or retyping something; nothing was written."""


def _operaciones(contenedor: Any) -> Iterator[Any]:
    for op in getattr(contenedor, "ops", ()):
        if isinstance(op, ops.OpContainer):
            yield from _operaciones(op)
        else:
            yield op


def _descripcion(op: Any) -> str | None:
    """What ``op`` would destroy, in Spanish, or None when it destroys nothing."""
    for clase, que in _BORRADOS.items():
        if isinstance(op, clase):
            if isinstance(op, ops.DropTableOp):
                return f"{que} {op.table_name}"
            if isinstance(op, ops.DropColumnOp):
                return f"{que} {op.table_name}.{op.column_name}"
            if isinstance(op, ops.DropIndexOp):
                return f"{que} {op.index_name} de {op.table_name}"
            if isinstance(op, ops.DropConstraintOp):
                return f"{que} {op.constraint_name or '(sin nombre)'} de {op.table_name}"
            return f"{que} {op.table_name}"
    if isinstance(op, ops.AlterColumnOp) and op.modify_type is not None:
        return (
            f"tipo de la columna {op.table_name}.{op.column_name} "
            f"({op.existing_type} → {op.modify_type})"
        )
    return None


def destructivas(script: ops.MigrationScript) -> list[str]:
    """Every drop or type change that ``script`` would run on upgrade, described."""
    return [d for op in _operaciones(script.upgrade_ops) if (d := _descripcion(op)) is not None]


def revisar_propuesta(context: Any, revision: Any, directives: list[Any]) -> None:
    """Alembic's ``process_revision_directives``: refuse a proposal that destroys anything."""
    encontradas = [d for script in directives for d in destructivas(script)]
    if encontradas:
        raise PropuestaDestructiva(
            "La autogeneración propone borrar o cambiar de tipo lo que los modelos no "
            "declaran así:\n  - "
            + "\n  - ".join(encontradas)
            + "\nNo se escribió ninguna migración. Si falta en los modelos, agréguelo a su clase "
            "en sipros_desktop/modelos/; si de verdad hay que quitarlo o cambiarlo, escriba esa "
            "migración a mano."
        )


# for context.configure() in env.py (and for the test that compares models and migrations)
OPCIONES: dict[str, Any] = {
    "compare_type": True,
    "compare_server_default": True,
    "process_revision_directives": revisar_propuesta,
}
