"""A believable demo street and community: residents, staff, two years of tickets.

Plain Python and data files only: ``seasons`` (what is asked when), ``texts`` (what residents
write), ``community`` (who lives and works there), ``calendar`` (when tickets arrive),
``lifecycle`` and ``callbacks`` (what happens to each ticket), ``street`` (the street's
units and staff around the community) and ``orders`` (the work orders of its tickets),
``generate`` (all of it in batches of rows) and ``seed`` (the service that writes them
through ``storage``).
"""
