"""``inspectie/risicoscore.md``: how the ``risicoscore`` of the feed is computed, in Dutch.

Rendered from the parameters in ``transforms.risk_score`` (version, prior, factors and
caps), so the published method always matches the code that computed the score;
docs/risk-score.md opens with the same text (a test checks it).
"""

from __future__ import annotations

from transforms.risk_score import FACTORS, PRIOR_EMPLOYEES, SCORE_VERSION


def _number(x: float) -> str:
    return f"{x:g}".replace(".", ",")


def _rule(points: int, cap: float) -> str:
    if cap == 0:
        return f"{points} als het geldt, anders 0"
    return f"{points} × min(waarde; {_number(cap)}) / {_number(cap)}"


def render_method() -> str:
    rows = "\n".join(f"| {f.explains} | {_rule(f.points, f.cap)} | {f.points} |" for f in FACTORS)
    total = sum(f.points for f in FACTORS)
    return f"""# Risicoscore werkgevers — methode (score_versie {SCORE_VERSION})

`risicoanalyse.csv` (met `.xlsx` en `.parquet`) heeft één rij per werkgever met minstens één
signaal in de maand. Elke rij noemt `periode`, `peildatum` en `score_versie`. De
`risicoscore` (0–100) ordent werkgevers voor de gezamenlijke risicoanalyse; `risicofactoren`
noemt per factor de punten, zodat elke score met de hand na te rekenen is. Een hoge score is
**een aanwijzing om te onderzoeken, nooit een oordeel**.

## Geschat aandeel: rekening houden met de omvang

Het aandeel werknemers zonder Nederlands adres zegt bij een kleine werkgever weinig: één
signaal bij een werkgever met één werknemer is 100 %. Daarom wordt het aandeel geschat met
krimp naar het landelijke aandeel (empirisch Bayes, met het gewicht van {PRIOR_EMPLOYEES} werknemers):

    geschat_aandeel = (aantal_zonder_nl_adres + {PRIOR_EMPLOYEES} × landelijk_aandeel)
                      / (aantal_werknemers + {PRIOR_EMPLOYEES})

`landelijk_aandeel` = alle werknemers zonder Nederlands adres / alle werknemers in loon in de
maand (alle werkgevers). Hoe groter de werkgever, hoe dichter het geschatte aandeel bij het
eigen aandeel ligt. Het aantal mensen telt daarnaast apart mee.

## Punten per factor

| factor | punten | maximum |
|---|---|---|
{rows}

Elke factor wordt afgerond op hele punten (half van nul af); de score is de som, hoogstens
{min(total, 100)}.

## Begrippen

- `aantal_werknemers`: verschillende BSN's in loon bij de werkgever in de maand.
- `aantal_zonder_nl_adres`: die van hen met signaal LOON_ZONDER_ADRES; `aandeel_zonder_nl_adres`
  is hun verhouding (ongeschat).
- `aantal_rni_langer_dan_4_maanden`: werknemers met alleen een RNI-inschrijving die in 4 of meer
  van de laatste 6 maanden in loon waren (RNI_LANGER_DAN_4_MAANDEN).
- `aantal_meervoudig_bsn`: werknemers van deze werkgever van wie het BSN in de maand bij 3 of
  meer werkgevers samen meer dan 259,5 uur is verloond (MEERVOUDIG_BSN_GEBRUIK; standaarddrempels). Het signaal
  hoort bij het BSN, niet bij één werkgever: het telt mee bij elke werkgever die dat BSN verloont.
- `maanden_met_signaal`: maanden tot en met deze maand waarin de werkgever een signaal had.
"""
