"""The four signals of DESIGN.md §4, one module each, named after the signal.

Every rule returns the SQL of a query over the run's temp tables with the columns
``signaal, reden, bsn, loonheffingennummer, verblijf_gemeentecode`` (NULL where the rule
has none; only ADRES_ZONDER_LOON is about a stay address). ``transforms.signals.combine``
unions them, applies the one rule that holds for all of them (a BSN with an ambiguous key
is left out) and adds gemeentecode.
"""
