"""Benchmarks run by hand or in CI: ``python -m benchmarks.<name>``."""
