"""``reports.manifest.manifest_text`` (the national manifest's outputs formatted without the
json module's Python encoder) is exactly ``json.dumps(indent=2, ensure_ascii=False)``."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from reports.manifest import manifest_text

PATH = st.one_of(st.text(max_size=20), st.sampled_from(['werkgevers/1/brief.html', 'a"b\\c', "é/ü\u2028x", "\x00\x1f\t"]))
ENTRY = st.fixed_dictionaries({"path": PATH, "rows": st.one_of(st.none(), st.integers(-5, 10**12)),
                               "sha256": st.text(alphabet="0123456789abcdef", min_size=64, max_size=64)})


def _reference(manifest: dict) -> str:
    return json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


@settings(max_examples=300, deadline=None)
@given(outputs=st.lists(ENTRY, max_size=6), extra=st.dictionaries(st.text(max_size=5), st.integers(), max_size=3))
def test_manifest_text_equals_json_dumps(outputs, extra):
    manifest = {"period": "2026-10", "run_id": "abc", "quality": [{"x": [1, None]}], "timings_s": {"a": 1.5},
                **{k: v for k, v in extra.items() if k != "outputs"}, "outputs": outputs}
    assert manifest_text(manifest) == _reference(manifest)


def test_unusual_entries_and_orders_fall_back_to_json_dumps():
    odd = [{"path": "a", "rows": True, "sha256": "0"},            # bool, not int
           {"path": "a", "rows": 1.5, "sha256": "0"},             # float
           {"rows": None, "path": "a", "sha256": "0"},            # other key order
           {"path": "a", "rows": None, "sha256": "0", "x": 1}]    # extra key
    for entry in odd:
        manifest = {"period": "2026-10", "outputs": [{"path": "b", "rows": 2, "sha256": "f"}, entry]}
        assert manifest_text(manifest) == _reference(manifest)
    not_last = {"outputs": [{"path": "b", "rows": 2, "sha256": "f"}], "period": "2026-10"}
    assert manifest_text(not_last) == _reference(not_last)
    assert manifest_text({"outputs": []}) == _reference({"outputs": []})
