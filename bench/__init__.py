"""Benchmarks: run with ``make bench`` against PostgreSQL; one JSON object per line."""
