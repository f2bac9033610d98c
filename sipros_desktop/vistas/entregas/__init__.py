"""Entregas module: scan and deliver, events and vouchers, offline kit and sync."""
