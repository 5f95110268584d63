"""feedbackcyclus: shared kernel (settings, periods, errors) used by every layer.

The layers themselves live in the top-level packages the design card names:
``flows`` (orchestration, CLI), ``schemas`` (contracts), ``transforms`` (rules),
``reports`` (rendering) and ``sample_data`` (the sample-data generator;
it imports the reference tables from ``schemas.reference``, never the reverse).
"""

__version__ = "0.1.0"
