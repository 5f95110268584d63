"""Synthetic inbox data (polis, werkgevers, brp, rni) that follows the input contract of DESIGN.md §3.

``sample_data.generator.generate`` writes ``<out>/<YYYY-MM>/{polis,werkgevers,brp,rni}.csv``;
``sample_data.bsn`` holds the 11-proef and the BSN generator; ``sample_data.reference`` the
municipality, nationality and country tables shipped with the project.
"""
