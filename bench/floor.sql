-- The floor: what bare DuckDB needs for the core of the cycle on the same CSVs.
--
-- Read the four inputs (identifiers and dates as VARCHAR), compute LOON_ZONDER_ADRES (with its
-- reden) and ADRES_ZONDER_LOON by the rules of DESIGN.md §4, and write the per-municipality
-- and per-employer CSVs of §5 with COPY ... PARTITION_BY. Deliberately left out: validation,
-- quarantine and findings, encoding/delimiter detection, the other two signals, lifecycle and
-- history, sorting, formula-injection escaping, HTML, manifest, warehouse, atomic publish.
-- The inbox is generated without reader variations (plain UTF-8, ';', ISO dates), so string
-- comparison of dates is exact; '0000-00-00' (wholly unknown) counts as absent and a partial
-- date ('2026-10-00') compares as its earliest day, as in the pipeline.
--
-- Placeholders, substituted by bench/run_bench.py: {inbox} (the period folder), {out},
-- {first_day} and {peildatum} (YYYY-MM-DD).
SET preserve_insertion_order = false;
-- ~80 000 employer partitions at national scale: with the default flush threshold (524 288 rows
-- per partition) DuckDB buffers every partition and runs out of memory; flush early instead.
-- Rows are ordered by the partition key so each partition's file is written in one go.
SET partitioned_write_flush_threshold = 10000;

CREATE TABLE polis AS
SELECT bsn, loonheffingennummer, ikv_id, datum_aanvang_ikv, datum_einde_ikv
FROM read_csv('{inbox}/polis.csv', delim = ';', header = true, all_varchar = true);

CREATE TABLE werkgevers AS
SELECT loonheffingennummer, kvk_nummer, naam, straat, huisnummer, postcode, plaats, gemeentecode
FROM read_csv('{inbox}/werkgevers.csv', delim = ';', header = true, all_varchar = true);

CREATE TABLE brp AS
SELECT bsn, geslachtsnaam, voornamen, geboortedatum,
       nullif(datum_vertrek, '0000-00-00') AS datum_vertrek,
       nullif(datum_overlijden, '0000-00-00') AS datum_overlijden
FROM read_csv('{inbox}/brp.csv', delim = ';', header = true, all_varchar = true);

-- In rni only (a BSN also in brp is a resident), with "stay address known at peildatum".
CREATE TABLE rni AS
SELECT r.*,
       coalesce(verblijf_straat, verblijf_huisnummer, verblijf_postcode, verblijf_woonplaats,
                verblijf_gemeentecode) IS NOT NULL
       AND coalesce(nullif(datum_aanvang_verblijfsadres, '0000-00-00'), '0000') <= '{peildatum}'
       AND coalesce(nullif(datum_einde_verblijfsadres, '0000-00-00'), '9999') >= '{peildatum}' AS adres_bekend
FROM read_csv('{inbox}/rni.csv', delim = ';', header = true, all_varchar = true) r
ANTI JOIN brp b ON b.bsn = r.bsn;

-- In payroll in P: one row per bsn x employer, with its earliest-starting income relation.
CREATE TABLE payroll AS
SELECT bsn, loonheffingennummer, arg_min(ikv_id, datum_aanvang_ikv) AS ikv_id,
       min(datum_aanvang_ikv) AS datum_aanvang_ikv
FROM polis
WHERE coalesce(nullif(datum_einde_ikv, '0000-00-00'), '9999') >= '{first_day}'
GROUP BY ALL;

-- Everyone known to a register, with the reason there is no Dutch address (NULL = address known).
CREATE TABLE persoon AS
SELECT bsn, geslachtsnaam, voornamen, geboortedatum,
       CASE WHEN datum_overlijden <= '{peildatum}' THEN 'OVERLEDEN'
            WHEN datum_vertrek <= '{peildatum}' THEN 'VERTROKKEN' END AS reden
FROM brp
UNION ALL
SELECT bsn, geslachtsnaam, voornamen, geboortedatum,
       CASE WHEN NOT adres_bekend THEN 'RNI_ZONDER_VERBLIJFSADRES' END
FROM rni;

CREATE TABLE loon_zonder_adres AS
SELECT p.loonheffingennummer, p.bsn, coalesce(x.reden, 'BSN_ONBEKEND') AS reden,
       x.geslachtsnaam, x.voornamen, x.geboortedatum, p.ikv_id, p.datum_aanvang_ikv
FROM payroll p LEFT JOIN persoon x ON x.bsn = p.bsn
WHERE x.bsn IS NULL OR x.reden IS NOT NULL;

CREATE TABLE adres_zonder_loon AS
SELECT r.* FROM rni r ANTI JOIN payroll p ON p.bsn = r.bsn
WHERE r.adres_bekend;

-- gemeenten/<gemeentecode>/adressignalen.csv
COPY (SELECT verblijf_gemeentecode AS gemeentecode, 'ADRES_ZONDER_LOON' AS signaal, bsn, geslachtsnaam,
             voornamen, geboortedatum, verblijf_straat AS straat, verblijf_huisnummer AS huisnummer,
             verblijf_huisletter AS huisletter, verblijf_toevoeging AS toevoeging,
             verblijf_postcode AS postcode, verblijf_woonplaats AS woonplaats, datum_aanvang_verblijfsadres
      FROM adres_zonder_loon WHERE verblijf_gemeentecode IS NOT NULL ORDER BY gemeentecode)
TO '{out}/gemeenten' (FORMAT csv, DELIMITER ';', HEADER, PARTITION_BY (gemeentecode),
                      FILENAME_PATTERN 'adressignalen', OVERWRITE_OR_IGNORE);

-- gemeenten/<gemeentecode>/werkgevers.csv: employers established there with LOON_ZONDER_ADRES
COPY (SELECT w.gemeentecode, w.loonheffingennummer, w.kvk_nummer, w.naam, w.straat, w.huisnummer, w.postcode,
             w.plaats, e.aantal_werknemers, e.aantal_zonder_nl_adres,
             round(e.aantal_zonder_nl_adres / e.aantal_werknemers, 4) AS aandeel_zonder_nl_adres
      FROM (SELECT p.loonheffingennummer, count(*) AS aantal_werknemers, count(l.bsn) AS aantal_zonder_nl_adres
            FROM payroll p LEFT JOIN loon_zonder_adres l
                 ON l.bsn = p.bsn AND l.loonheffingennummer = p.loonheffingennummer
            GROUP BY ALL HAVING count(l.bsn) > 0) e
      JOIN werkgevers w ON w.loonheffingennummer = e.loonheffingennummer
      WHERE w.gemeentecode IS NOT NULL ORDER BY w.gemeentecode)
TO '{out}/gemeenten' (FORMAT csv, DELIMITER ';', HEADER, PARTITION_BY (gemeentecode),
                      FILENAME_PATTERN 'werkgevers', OVERWRITE_OR_IGNORE);

-- werkgevers/<loonheffingennummer>/registratiesignalen.csv
COPY (SELECT loonheffingennummer, 'LOON_ZONDER_ADRES' AS signaal, reden, bsn, geslachtsnaam, voornamen,
             geboortedatum, ikv_id, datum_aanvang_ikv
      FROM loon_zonder_adres ORDER BY loonheffingennummer)
TO '{out}/werkgevers' (FORMAT csv, DELIMITER ';', HEADER, PARTITION_BY (loonheffingennummer),
                       FILENAME_PATTERN 'registratiesignalen', OVERWRITE_OR_IGNORE);
