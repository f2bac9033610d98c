"""Administración: Funcionarios and Bitácora (administrators only)."""
