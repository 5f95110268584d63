"""The words of the employer letter, in Dutch and in English (DESIGN.md §5, §8).

Text as data: ``reports/templates/brief.html`` holds the layout once, this module the
sentences per language, so the two versions cannot drift apart in structure. The advice
per situation follows the public instructions: for a wrong BSN the Belastingdienst's
(correct it in every declaration period in which it was used: withdraw the income relation
under the wrong BSN and declare it again under the right one), for residence the Wet BRP
(four months or more within six: register as a resident with the municipality).
"""

from __future__ import annotations

# The situations a letter row can be about, in the order their advice is listed:
# the reden of LOON_ZONDER_ADRES, or the signal itself.
SITUATIONS = ("BSN_ONBEKEND", "OVERLEDEN", "VERTROKKEN", "RNI_ZONDER_VERBLIJFSADRES", "RNI_LANGER_DAN_4_MAANDEN")

MONTHS = {
    "nl": ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
           "november", "december"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
}

NL = {
    "lang": "nl",
    "title": "Signalen over de registratie van uw werknemers",
    "date": "Datum",
    "reference": "Kenmerk",
    "lhnr": "Loonheffingennummer",
    "period": "Periode (loontijdvak)",
    "enclosure": "Bijlage",
    "enclosure_text": "lijst van {n} werknemer(s) met een signaal",
    "reply_before": "Reageren vóór",
    "salutation": "Geachte heer, mevrouw,",
    "nl_summary": None,
    "intro": ("Elke maand vergelijken wij de burgerservicenummers (BSN) in de loonaangifte (Polisadministratie van "
              "UWV) met de Basisregistratie Personen (BRP) en de Registratie Niet-Ingezetenen (RNI). Over {period} "
              "vonden wij bij {n} van uw werknemers een aanwijzing dat hun registratie niet klopt. Om wie het gaat, "
              "staat in de bijlage bij deze brief."),
    "not_a_verdict": ("Een signaal is een aanwijzing die nader onderzoek waard is, geen oordeel: er kan een goede "
                      "verklaring voor zijn, bijvoorbeeld een verhuizing of inschrijving die nog wordt verwerkt."),
    "request_title": "Wat wij u vragen",
    "request_intro": ("Bekijk per werknemer in de bijlage wat wij zagen en doe wat bij zijn of haar situatie past "
                      "(de letters verwijzen naar de punten hieronder):"),
    "reply": ("Laat ons vóór {date} weten wat u heeft gedaan of waarom het signaal niet klopt, per werknemer met "
              "het signaalnummer uit de bijlage en het kenmerk van deze brief. Reageren kan via {channel}."),
    "portal": "In het portaal ({url}) vindt u deze lijst ook als spreadsheet en kunt u per signaal reageren op de "
              "pagina {path}.",
    "privacy_title": "Privacy",
    "privacy": ("Deze brief en de bijlage bevatten alleen gegevens van uw eigen werknemers, uit de loonaangifte en "
                "de registers. Gebruik ze alleen om de registratie en uw loonadministratie te controleren en te "
                "verbeteren, bewaar ze vertrouwelijk en vernietig ze als u ze daarvoor niet meer nodig heeft. Van "
                "een overleden persoon en bij een onbekend BSN geven wij geen naam of geboortedatum: het BSN kan "
                "ten onrechte gebruikt zijn."),
    "closing": "Met vriendelijke groet,",
    "on_behalf": "namens de partners in de feedbackcyclus arbeidsmigranten",
    "contact_title": "Vragen?",
    "contact": "Neem contact op via {contact}, onder vermelding van kenmerk {reference}.",
    "list_title": "Bijlage: werknemers met een signaal over {period}",
    "list_intro": "{n} werknemer(s), gesorteerd op BSN. Het signaalnummer gebruikt u in uw reactie.",
    "col_employee": "Werknemer",
    "col_income": "Inkomstenverhouding",
    "col_seen": "Wat wij zagen",
    "col_todo": "Te doen",
    "bsn": "BSN",
    "born": "geboren",
    "no_name": "naam niet vermeld",
    "since": "sinds",
    "from": "vanaf",
    "signal_no": "signaal",
    "page": "Pagina",
    "of": "van",
    "explain": {
        "BSN_ONBEKEND": "Dit BSN komt niet voor in de BRP en niet in de RNI.",
        "OVERLEDEN": "Volgens de registers is de persoon met dit BSN overleden.",
        "VERTROKKEN": "Volgens de BRP is deze persoon naar het buitenland vertrokken.",
        "RNI_ZONDER_VERBLIJFSADRES": "Ingeschreven in de RNI zonder geldig Nederlands verblijfsadres.",
        "RNI_LANGER_DAN_4_MAANDEN": "Ingeschreven in de RNI, maar 4 of meer van de laatste 6 maanden in loondienst.",
    },
    "advice_title": {
        "BSN_ONBEKEND": "BSN onbekend",
        "OVERLEDEN": "BSN van een overleden persoon",
        "VERTROKKEN": "Vertrokken volgens de BRP",
        "RNI_ZONDER_VERBLIJFSADRES": "Geen Nederlands verblijfsadres",
        "RNI_LANGER_DAN_4_MAANDEN": "Langer dan 4 maanden in Nederland",
    },
    "advice": {
        "BSN_ONBEKEND": ("Controleer het BSN met het identiteitsbewijs van de werknemer. Is het onjuist, corrigeer "
                         "het dan in elk aangiftetijdvak waarin u het gebruikte: trek in uw loonaangifte de "
                         "inkomstenverhouding met het onjuiste BSN in (correctie over die tijdvakken) en geef haar "
                         "opnieuw aan met het juiste BSN. Heeft de werknemer nog geen BSN, dan vraagt hij of zij "
                         "dat aan bij een RNI-loket of de gemeente."),
        "OVERLEDEN": ("Controleer het BSN met het identiteitsbewijs van de werknemer: waarschijnlijk gebruikt u een "
                      "onjuist BSN. Corrigeer het dan zoals bij een onbekend BSN: in elk tijdvak waarin het is "
                      "gebruikt, de inkomstenverhouding met het onjuiste BSN ingetrokken en opnieuw aangegeven met "
                      "het juiste."),
        "VERTROKKEN": ("Woont de werknemer (weer) in Nederland, dan moet hij of zij zich inschrijven bij de "
                       "gemeente waar hij of zij woont. Woont hij of zij in het buitenland, dan kan hij of zij een "
                       "Nederlands verblijfsadres laten registreren bij een RNI-loket. Controleer ook het BSN."),
        "RNI_ZONDER_VERBLIJFSADRES": ("Vraag de werknemer een Nederlands verblijfsadres te laten registreren bij "
                                      "een RNI-loket. Verblijft hij of zij 4 maanden of langer binnen 6 maanden in "
                                      "Nederland, dan is inschrijving bij de gemeente verplicht."),
        "RNI_LANGER_DAN_4_MAANDEN": ("Wie 4 maanden of langer binnen 6 maanden in Nederland verblijft, moet zich "
                                     "als ingezetene inschrijven bij de gemeente waar hij of zij woont (Wet BRP). "
                                     "Wijs de werknemer hierop en help zo nodig bij de afspraak."),
    },
}

EN = {
    "lang": "en",
    "title": "Signals about the registration of your employees in the Netherlands",
    "date": "Date",
    "reference": "Reference",
    "lhnr": "Payroll tax number (loonheffingennummer)",
    "period": "Period (pay period)",
    "enclosure": "Enclosure",
    "enclosure_text": "list of {n} employee(s) with a signal",
    "reply_before": "Please reply by",
    "salutation": "Dear Sir or Madam,",
    # The contract's sentence, kept in Dutch in every letter (DESIGN.md §5), for the Dutch file copy.
    "nl_summary": ("Samenvatting in het Nederlands: over {period} vonden wij bij {n} van uw werknemers een "
                   "aanwijzing (geen oordeel) dat hun registratie niet klopt."),
    "intro": ("Every month we compare the citizen service numbers (BSN) in the Dutch payroll tax returns "
              "(UWV Polisadministratie) with the Personal Records Database (BRP) and the Register of "
              "Non-Residents (RNI). For {period} we found, for {n} of your employees, an indication that their "
              "registration is not correct. The enclosure to this letter lists who they are."),
    "not_a_verdict": ("A signal is an indication worth looking into, not a verdict: there may be a good "
                      "explanation, for example a move or a registration that is still being processed."),
    "request_title": "What we ask of you",
    "request_intro": ("Please check for each employee in the enclosure what we found and take the step that fits "
                      "his or her situation (the letters refer to the points below):"),
    "reply": ("Please let us know by {date} what you did, or why the signal is not correct, for each employee "
              "with the signal number from the enclosure and the reference of this letter. You can reply via "
              "{channel}."),
    "portal": "In the portal ({url}) you also find this list as a spreadsheet and can answer per signal on the "
              "page {path}.",
    "privacy_title": "Privacy",
    "privacy": ("This letter and its enclosure only hold data of your own employees, taken from the payroll tax "
                "returns and the registers. Use them only to check and correct the registration and your payroll "
                "records, keep them confidential and destroy them when you no longer need them for that. For a "
                "deceased person and for an unknown BSN we give no name or date of birth: the BSN may have been "
                "used wrongly."),
    "closing": "Yours faithfully,",
    "on_behalf": "on behalf of the partners in the labour-migrant feedback cycle (feedbackcyclus)",
    "contact_title": "Questions?",
    "contact": "Please contact {contact}, quoting reference {reference}.",
    "list_title": "Enclosure: employees with a signal for {period}",
    "list_intro": "{n} employee(s), sorted by BSN. Please quote the signal number in your reply.",
    "col_employee": "Employee",
    "col_income": "Income relation",
    "col_seen": "What we found",
    "col_todo": "To do",
    "bsn": "BSN",
    "born": "born",
    "no_name": "name not given",
    "since": "since",
    "from": "from",
    "signal_no": "signal",
    "page": "Page",
    "of": "of",
    "explain": {
        "BSN_ONBEKEND": "This BSN is in neither the BRP nor the RNI.",
        "OVERLEDEN": "According to the registers the person with this BSN has died.",
        "VERTROKKEN": "According to the BRP this person has left the Netherlands.",
        "RNI_ZONDER_VERBLIJFSADRES": "Registered in the RNI without a valid Dutch stay address.",
        "RNI_LANGER_DAN_4_MAANDEN": "Registered in the RNI, but on your payroll in 4 or more of the last 6 months.",
    },
    "advice_title": {
        "BSN_ONBEKEND": "Unknown BSN",
        "OVERLEDEN": "BSN of a deceased person",
        "VERTROKKEN": "Left the Netherlands according to the BRP",
        "RNI_ZONDER_VERBLIJFSADRES": "No Dutch stay address",
        "RNI_LANGER_DAN_4_MAANDEN": "In the Netherlands for more than 4 months",
    },
    "advice": {
        "BSN_ONBEKEND": ("Check the BSN against the employee's identity document. If it is wrong, correct it in "
                         "every pay period in which you used it: in your payroll tax return, withdraw the income "
                         "relation under the wrong BSN (a correction for those periods) and declare it again under "
                         "the right BSN. An employee without a BSN applies for one at an RNI desk or the "
                         "municipality."),
        "OVERLEDEN": ("Check the BSN against the employee's identity document: you are probably using a wrong BSN. "
                      "Correct it as for an unknown BSN: in every period in which it was used, withdraw the income "
                      "relation under the wrong BSN and declare it again under the right one."),
        "VERTROKKEN": ("If the employee lives in the Netherlands (again), he or she must register with the "
                       "municipality where he or she lives. If he or she lives abroad, he or she can register a "
                       "Dutch stay address at an RNI desk. Please also check the BSN."),
        "RNI_ZONDER_VERBLIJFSADRES": ("Ask the employee to register a Dutch stay address at an RNI desk. Anyone "
                                      "staying in the Netherlands for 4 months or more within 6 months must "
                                      "register with the municipality."),
        "RNI_LANGER_DAN_4_MAANDEN": ("Anyone staying in the Netherlands for 4 months or more within 6 months must "
                                     "register as a resident with the municipality where he or she lives (Wet "
                                     "BRP). Please tell the employee and help with the appointment if needed."),
    },
}

TEXTS = {"nl": NL, "en": EN}
