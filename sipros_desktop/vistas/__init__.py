"""PySide6 views. Views never open sessions or write SQL: they call servicios."""
