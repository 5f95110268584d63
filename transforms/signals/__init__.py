"""The four signals of DESIGN.md §4, one module each, named after the signal.

Every rule returns the SQL of a query over the run's temp tables with the columns
``signaal, reden, bsn, loonheffingennummer`` (``reden``/``loonheffingennummer`` NULL where
the rule has none). ``transforms.signals.combine`` unions them, applies the one rule that
holds for all of them (a BSN with an ambiguous key is left out) and adds gemeentecode.
"""
