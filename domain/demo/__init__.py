"""A believable demo community: residents, staff and two years of tickets with surveys.

Plain Python and data files only: ``seasons`` (what is asked when), ``texts`` (what residents
write), ``community`` (who lives and works there), ``calendar`` (when tickets arrive),
``lifecycle`` and ``callbacks`` (what happens to each ticket), ``generate`` (all of it in
batches of rows) and ``seed`` (the service that writes them through ``storage``).
"""
