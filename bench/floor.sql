-- The floor: what bare DuckDB needs for the core of the cycle on the same CSVs.
-- No validation, no quarantine, no lifecycle, no documents: read, two anti-joins, write the
-- per-municipality and per-employer CSVs. Placeholders: {inbox} {out} {first_day} {peildatum}.
SET preserve_insertion_order = false;

CREATE TABLE polis AS SELECT * FROM read_csv('{inbox}/polis.csv', delim=';', header=true, all_varchar=true);
CREATE TABLE werkgevers AS SELECT * FROM read_csv('{inbox}/werkgevers.csv', delim=';', header=true, all_varchar=true);
CREATE TABLE brp AS SELECT * FROM read_csv('{inbox}/brp.csv', delim=';', header=true, all_varchar=true);
CREATE TABLE rni AS SELECT * FROM read_csv('{inbox}/rni.csv', delim=';', header=true, all_varchar=true);

CREATE TABLE payroll AS
SELECT DISTINCT bsn, loonheffingennummer FROM polis
WHERE datum_einde_ikv IS NULL OR datum_einde_ikv >= '{first_day}';

CREATE TABLE adres AS
SELECT bsn FROM brp
WHERE coalesce(datum_vertrek, '9999') > '{peildatum}' AND coalesce(datum_overlijden, '9999') > '{peildatum}'
UNION
SELECT bsn FROM rni
WHERE coalesce(verblijf_straat, verblijf_postcode, verblijf_woonplaats, verblijf_gemeentecode) IS NOT NULL
  AND coalesce(datum_aanvang_verblijfsadres, '0000') <= '{peildatum}'
  AND coalesce(datum_einde_verblijfsadres, '9999') >= '{peildatum}';

CREATE TABLE loon_zonder_adres AS
SELECT p.bsn, p.loonheffingennummer, w.gemeentecode
FROM payroll p ANTI JOIN adres a ON a.bsn = p.bsn
LEFT JOIN werkgevers w ON w.loonheffingennummer = p.loonheffingennummer;

CREATE TABLE adres_zonder_loon AS
SELECT r.* FROM rni r
ANTI JOIN brp b ON b.bsn = r.bsn
ANTI JOIN (SELECT DISTINCT bsn FROM payroll) p ON p.bsn = r.bsn
WHERE r.bsn IN (SELECT bsn FROM adres);

COPY (SELECT verblijf_gemeentecode AS gemeentecode, bsn, geslachtsnaam, voornamen, geboortedatum, verblijf_straat,
             verblijf_huisnummer, verblijf_postcode, verblijf_woonplaats
      FROM adres_zonder_loon WHERE verblijf_gemeentecode IS NOT NULL)
TO '{out}/gemeenten' (FORMAT csv, DELIMITER ';', HEADER, PARTITION_BY (gemeentecode), OVERWRITE_OR_IGNORE);

COPY (SELECT l.loonheffingennummer, l.bsn, coalesce(b.geslachtsnaam, r.geslachtsnaam) AS geslachtsnaam
      FROM loon_zonder_adres l LEFT JOIN brp b ON b.bsn = l.bsn LEFT JOIN rni r ON r.bsn = l.bsn)
TO '{out}/werkgevers' (FORMAT csv, DELIMITER ';', HEADER, PARTITION_BY (loonheffingennummer), OVERWRITE_OR_IGNORE);
