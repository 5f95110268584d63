"""The register rows of a chunk of persons: ``brp.csv`` and ``rni.csv`` frames (also the input
of the GBA-V writer).
"""

from __future__ import annotations

import numpy as np
import polars as pl

from sample_data.columns import bool_texts, day_texts, lo3_day_texts, pick_text, postcode_texts, zero_padded
from sample_data.geography import HUISLETTERS, STAY_STREETS, STREETS, TOEVOEGINGEN, subset_address
from sample_data.layout import COLUMNS
from sample_data.months import NO_DATE, last_day
from sample_data.persons import People, SegmentBase
from sample_data.scales import RNI_DEATH_SHARE


class RegisterFrames(SegmentBase):
    """BRP and RNI rows of a chunk, as known at the end of a month."""

    places: pl.Series
    codes: pl.Series

    def _person_columns(self, p: People, m: np.ndarray) -> dict[str, pl.Series]:
        """The columns both registers share (category 01 and 04), for the rows ``m``."""
        d, key = self.draw, p.key[m]
        return {
            "bsn": zero_padded(p.bsn[m], 9),
            "geslachtsnaam": self.names.surname(d, key, p.group[m], p.female[m]),
            "voornamen": self.names.first_names(d, key, p.group[m], p.female[m], p.first_name_count[m]),
            "geboortedatum": lo3_day_texts(p.birth[m], p.birth_precision[m]),
            "nationaliteit": p.nationality.filter(pl.Series(m)),
        }

    def brp_frame(self, p: People) -> pl.DataFrame | None:
        m = p.in_brp
        if not m.any():
            return None
        addr = subset_address(p.home, m)
        no_street = p.no_street[m]
        letter = np.where(no_street, -1, addr.letter)
        toev = np.where(no_street, -1, addr.toev)
        return pl.DataFrame(
            {
                **self._person_columns(p, m),
                "gemeentecode": pick_text(self.codes, addr.gem),
                "straat": pick_text(STREETS, addr.street, no_street),
                "huisnummer": zero_padded(addr.number, 1, no_street),
                "huisletter": pick_text(HUISLETTERS, letter),
                "huisnummer_toevoeging": pick_text(TOEVOEGINGEN, toev),
                "postcode": postcode_texts(addr, no_street),
                "woonplaats": pick_text(self.places, addr.gem),
                "datum_aanvang_adres": day_texts(p.address_since[m], "%Y-%m-%d"),
                "datum_vertrek": day_texts(p.departed[m], "%Y-%m-%d", p.departed[m] == NO_DATE),
                "datum_overlijden": day_texts(p.died[m], "%Y-%m-%d", p.died[m] == NO_DATE),
            }
        )

    def rni_frame(self, p: People, month: int | None = None) -> pl.DataFrame | None:
        m = p.in_rni
        if not m.any():
            return None
        d, key = self.draw, p.key[m]
        # RNI_DEATH_SHARE of registrants die some time after registering (LO3 06.08.10): from the
        # month it falls in, they are in the extract as deceased (→ OVERLEDEN, never ADRES_ZONDER_LOON).
        died = p.registered[m] + d.ints("rni.died", key, 30, 2_000)
        alive = (d.unif("rni.dead", key) >= RNI_DEATH_SHARE) | (month is None) | (died > last_day(month or 0))
        has = p.has_stay[m]
        none = ~has
        if p.stay is not None:
            stay = subset_address(p.stay, m)
            stay_cols = {
                "verblijf_straat": pick_text(STAY_STREETS, stay.street, none),
                "verblijf_huisnummer": zero_padded(stay.number, 1, none),
                "verblijf_huisletter": pick_text(HUISLETTERS, np.where(none, -1, stay.letter)),
                "verblijf_toevoeging": pick_text(TOEVOEGINGEN, np.where(none, -1, stay.toev)),
                "verblijf_postcode": postcode_texts(stay, none),
                "verblijf_woonplaats": pick_text(self.places, stay.gem, none),
                "verblijf_gemeentecode": pick_text(self.codes, stay.gem, none),
                "datum_aanvang_verblijfsadres": day_texts(p.stay_from[m], "%Y-%m-%d", none),
                "datum_einde_verblijfsadres": day_texts(
                    p.stay_until[m], "%Y-%m-%d", none | (p.stay_until[m] == NO_DATE)
                ),
            }
        else:
            empty = pl.Series([None] * int(m.sum()), dtype=pl.String)
            stay_cols = {c: empty for c in COLUMNS["rni"][8:17]}
        return pl.DataFrame(
            {
                **self._person_columns(p, m),
                "datum_inschrijving": day_texts(p.registered[m], "%Y-%m-%d"),
                "rni_loket": pick_text(self.codes, p.desk[m]),
                "land_woonadres": p.land.filter(pl.Series(m)),
                **stay_cols,
                "contactgegevens_bekend": bool_texts(p.contact[m]),
                "datum_overlijden": day_texts(died, "%Y-%m-%d", alive),
            }
        )
