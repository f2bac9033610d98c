"""SIPROS Escritorio: el sistema de programas sociales sobre una base PostgreSQL central."""

__version__ = "0.1.0"
