"""Synthetic inbox data (polis, werkgevers, brp, rni or gbav) that follows the input contract of DESIGN.md §3.

``sample_data.generator.generate`` writes ``<out>/<YYYY-MM>/{polis,werkgevers,brp,rni}.csv``; the
model is described in that module's docstring. One module a job: ``randomness`` (counter-based
draws), ``months`` (calendar), ``scales`` (sizes, parameters), ``layout`` (columns, files,
variations), ``geography``, ``names``, ``employers``, ``persons`` (records, shared attributes),
``residents``, ``migrants``, ``registers`` and ``payroll`` (the parts of ``model.Model``),
``columns`` (formatting), ``bad_rows``, ``writers`` and ``lo3_writer``; ``bsn`` holds the BSN
generator. Names, streets and employer name parts are data files in ``data/`` (``datafiles``
reads them). The reference tables (municipalities, GBA tables 32 and 34) are product data in
``schemas.reference``; this package imports them, never the reverse.
"""
