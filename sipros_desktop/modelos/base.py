"""Declarative base. The schema itself is defined by the migrations (the SQL is the contract);
these classes mirror it for queries and writes."""

from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass


ESTADOS_SOLICITUD = ("En proceso", "Corrección", "Aprobada", "Rechazada", "Baja", "Entregado")
