"""Persistence: SQLAlchemy models, repositories, the unit of work and Alembic migrations.

Knows no business rule: status values are plain strings that ``domain/`` defines.
"""
