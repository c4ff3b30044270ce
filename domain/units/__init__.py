"""Units of a street: the dispatch desk, communities, departments and outside services.

Each has its own staff group; buildings route to communities, department kinds to
departments; staff have a role per unit. With no configuration there is one community unit
(migration 0010u) whose group is the configured staff group: today's single community.
"""
