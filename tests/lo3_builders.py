"""Build tiny GBA-V extracts (LO3 persoonslijsten, DESIGN.md §3a) for tests, in the real shape:
a nameless label column, marker columns, an empty header, a repeated element, history lines."""

from __future__ import annotations

from pathlib import Path

HEADER = (
    "", "01.01.10", "01.01.20", "01.02.10", "01.02.30", "01.02.40", "01.03.10", "01.H", "04.05.10", "04.H",
    "06.08.10", "06.88.10", "06.88.10", "07.67.10", "07.67.20", "07.80.10", "07.80.20", "08.09.10", "08.09.20",
    "08.10.30", "08.11.10", "08.11.15", "08.11.20", "08.11.30", "08.11.40", "08.11.60", "08.11.70", "08.13.10",
    "08.13.20", "08.H", "", "16.09.10", "16.10.30", "16.11.10", "16.11.15", "16.11.20", "16.11.60", "16.11.70",
    "16.18.10", "17.21.10", "",
)
LABEL = ""


def resident(bsn: str, label: str, **elements: str | None) -> dict[str, str | None]:
    """The current categories of a resident of Amsterdam (keys: LO3 element numbers)."""
    row = {LABEL: label, "01.01.20": bsn, "01.02.10": "Jan", "01.02.40": "Jansen", "01.03.10": "19800501",
           "04.05.10": "0001", "07.80.10": "0001", "07.80.20": "20260101120000000", "08.09.10": "0363",
           "08.09.20": "20100101", "08.10.30": "20100101", "08.11.10": "Damrak", "08.11.15": "Damrak",
           "08.11.20": "1", "08.11.60": "1012LG", "08.11.70": "Amsterdam"}
    row.update(elements)
    return row


def rni_registrant(bsn: str, label: str, stay: bool = False, **elements: str | None) -> dict[str, str | None]:
    """The current categories of an RNI registrant (08.09.10 = 1999), optionally with a stay address."""
    row = {LABEL: label, "01.01.20": bsn, "01.02.10": "Piotr", "01.02.40": "Kowalski", "01.03.10": "19900000",
           "04.05.10": "0072", "07.80.10": "0001", "07.80.20": "20260101120000000", "08.09.10": "1999",
           "08.09.20": "20250301", "08.13.10": "7028"}
    if stay:
        row.update({"16.09.10": "1783", "16.10.30": "20250301", "16.11.10": "Kasweg", "16.11.15": "Kasweg",
                    "16.11.20": "12", "16.11.60": "2671BB", "16.11.70": "Naaldwijk"})
    row.update(elements)
    return row


def write_gbav(folder: Path, lists: list[list[dict]], *, header: tuple[str, ...] = HEADER, bom: bool = True,
               newline: str = "\n") -> dict[str, int]:
    """Write ``gbav.csv``: each persoonslijst is its labelled row and the rows after it (history,
    repeated categories). Returns the line number of each labelled row by label."""
    folder.mkdir(parents=True, exist_ok=True)
    positions = {h: i for i, h in reversed(list(enumerate(header))) if h}
    lines, numbers = [";".join(header)], {}
    for persoonslijst in lists:
        for row in persoonslijst:
            cells = [""] * len(header)
            for key, value in row.items():
                cells[0 if key == LABEL else positions[key]] = value or ""
            if row.get(LABEL):
                numbers[row[LABEL]] = len(lines) + 1
            lines.append(";".join(cells))
    (folder / "gbav.csv").write_bytes((b"\xef\xbb\xbf" if bom else b"") + (newline.join(lines) + newline).encode())
    return numbers
