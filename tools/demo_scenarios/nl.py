"""Dutch demo tickets (hand-written scenarios): mostly Lumora Case, the audit-case module."""

TICKETS: list[dict] = []


def T(**kw):
    kw.setdefault("lang", "nl")
    TICKETS.append(kw)


# ------------------------------------------------------------------ new

T(c="C-10031", st="new", ch="email", h=1.1, tags=["outage"],
  s="Systeem ligt plat – niemand kan inloggen",
  b="Goedemorgen,\n\nsinds 8:30 kan niemand bij ons kantoor inloggen. We krijgen \"Er is iets misgegaan (foutcode 503)\". Het is eindejaarsdrukte en we hebben vandaag drie controlebesprekingen met klanten. Graag met spoed!\n\nPieter van Dijk\nVan Dijk Accountants")
T(c="C-10032", st="new", ch="form", h=7.2,
  s="Hoe kan ik een werkprogramma kopiëren naar een nieuw boekjaar?",
  b="Hallo,\n\nvoor de jaarrekeningcontrole 2024 wil ik het werkprogramma van 2023 overnemen, inclusief de toegewezen medewerkers, maar zonder de afgetekende stukken. Hoe kan ik dat doen?\n\nFemke Jansen")
T(c="C-10034", st="new", ch="email", h=3.0,
  s="Dossier kan niet worden afgesloten: 'Openstaande review'",
  b="Beste support,\n\nbij het afsluiten van dossier OA-2024-0219 krijgen we de melding \"Er zijn nog openstaande reviewpunten\", terwijl alle reviewpunten zijn afgehandeld (0 open in het overzicht). We kunnen het dossier dus niet afronden en kunnen niet publiceren naar de klant. Deadline is vrijdag.\n\nIlse Oosterveld")
T(c="C-10033", st="new", ch="email", h=20.0,
  s="Vraag over de factuur: extra gebruikerslicenties",
  b="Goedemiddag,\n\nop de laatste factuur staan 9 gebruikerslicenties, maar volgens mij hebben we er 7. Twee stagiairs zijn in september vertrokken. Kunnen jullie dat nakijken en de factuur aanpassen?\n\nRuben Smit")
T(c="C-10036", st="new", ch="phone", h=2.6,
  s="Terugbelverzoek: klantportaal uploads gaan traag",
  b="Noor belde: klanten die stukken uploaden via het klantportaal (grootboekkaarten, bankafschriften) zien de upload heel traag gaan, soms 10 minuten voor een PDF van 5 MB. Werken kan wel, maar klanten bellen haar erover. Graag terugbellen na 13:00.")
T(c="C-10031", st="new", ch="email", h=28.0,
  s="Is het mogelijk om een eigen logo in het klantportaal te tonen?",
  b="Hallo, is het mogelijk om ons kantoorlogo en onze huisstijlkleur in het klantportaal te laten zien in plaats van het Lumora-logo? Klanten vragen soms of ze wel op de goede plek zitten.\n\nPieter")

# ------------------------------------------------------------------ open

T(c="C-10035", st="open", ch="email",
  s="Aftekenen van stukken werkt niet in Firefox",
  b="Hoi,\n\nin Firefox gebeurt er niets als ik op \"Aftekenen\" klik bij een werkdocument. In Chrome werkt het wel. Ik kan dus verder via Chrome, maar het hele kantoor gebruikt standaard Firefox.\n\nBram Kuipers",
  env="Firefox 131 ESR, Windows 10", cl={"environment": "Firefox 131 ESR, Windows 10", "contact": "b.kuipers@oosterveld.example"},
  n="Firefox ESR 115 on some machines? Customer says 131 ESR. Console shows a blocked popup for the signature dialog; checking before escalating.")
T(c="C-10032", st="open", ch="email",
  s="Herinneringen voor ontbrekende stukken worden niet verstuurd",
  b="We hebben ingesteld dat klanten na 7 dagen automatisch een herinnering krijgen voor ontbrekende stukken. Bij drie klanten is die herinnering nooit verstuurd, terwijl de stukken nog steeds ontbreken. De automatische herinnering werkt niet.\n\nFemke",
  q="Hoi Femke,\n\nom welke drie klanten gaat het, en staat bij hen in het klantportaal een e-mailadres als contactpersoon?\n\n{agent}",
  a="Bakkerij Vos, Hoveniersbedrijf De Linde en Autobedrijf Meijer. Bij De Linde staat inderdaad geen contactpersoon, bij de andere twee wel.")
T(c="C-10033", st="open", ch="form",
  s="Hoe werkt het archiveren van oude dossiers?",
  b="Hoe werkt het archiveren van dossiers ouder dan 7 jaar? Worden ze dan verwijderd of alleen verborgen? We moeten ons aan de bewaarplicht houden.")
T(c="C-10036", st="open", ch="email",
  s="Verkeerde datum in de controleverklaring",
  b="In de gegenereerde controleverklaring staat de datum van aanmaak van het dossier in plaats van de datum van ondertekening. Dat moet de ondertekeningsdatum zijn.\n\nNoor El Amrani",
  r="Hallo Noor,\n\ndank je. Ik zie in het sjabloon dat het veld {{dossier.aangemaakt}} gebruikt wordt. Ik zoek uit of dat bij de laatste update is veranderd en kom er vandaag op terug.\n\n{agent}")

# ------------------------------------------------------------------ tier 2

T(c="C-10034", st="tier2", ch="email", tags=["sso"],
  s="Inloggen met Microsoft werkt niet voor nieuwe medewerkers",
  b="Nieuwe medewerkers die we deze maand in Entra ID hebben aangemaakt, krijgen bij inloggen \"Gebruiker niet gevonden\". Bestaande medewerkers kunnen gewoon inloggen. Automatische provisioning staat aan.\n\nIlse",
  env="Edge 130, Windows 11; Entra ID SCIM provisioning", err="Gebruiker niet gevonden", ecc="no",
  repro="Nieuwe gebruiker in Entra ID → inloggen via Microsoft", crit2="deeper_knowledge",
  f="SCIM provisioning calls from the customer's Entra ID stopped on 1 Nov (token expired). New users never reached our side.",
  wa1="Nieuwe gebruikers handmatig aanmaken in Lumora Case.")
T(c="C-10031", st="tier2", ch="email",
  s="Urenregistratie telt dubbel in het budgetoverzicht",
  b="In het budgetoverzicht van dossier VD-2024-0077 worden de uren van twee medewerkers dubbel geteld. Daardoor lijkt het budget overschreden. In de urenregistratie zelf staan ze één keer, dus het overzicht is verkeerd.\n\nPieter",
  env="Chrome 130, Windows 11", err="Budgetoverzicht toont 2x de uren", repro="Dossier VD-2024-0077 → Budget",
  f="Hours booked on a task that was moved between phases are counted in both phases.", unassigned=True)
T(c="C-10035", st="tier2", ch="email",
  s="Zoekfunctie vindt geen documenten op inhoud",
  b="Zoeken op woorden in PDF's (bijvoorbeeld een factuurnummer) geeft geen resultaten meer, alleen op bestandsnaam. Vorige maand werkte dat nog.\n\nBram",
  env="Chrome 130", err="Geen zoekresultaten op inhoud", repro="Zoek 'F2024-1183' in dossier OA-2024-0188",
  f="Full-text extraction queue for this tenant stalled on 14 Oct; 3,100 documents not indexed.")

# ------------------------------------------------------------------ engineering

T(c="C-10036", st="eng", ch="email", tags=["data-loss"],
  s="Opmerkingen bij reviewpunten verdwenen (gegevensverlies?)",
  b="Beste support,\n\nbij twee dossiers zijn alle opmerkingen bij de reviewpunten verdwenen na het samenvoegen van twee werkprogramma's. De reviewpunten zelf staan er nog. Dit is voor ons kritiek: het is ons controlebewijs.\n\nNoor El Amrani",
  env="Chrome 130, Windows 11", err="Opmerkingen bij reviewpunten leeg na samenvoegen", ecc="yes",
  repro="Werkprogramma A + B samenvoegen in dossier OA-2024-0201",
  f="Merging work programs re-creates review items and drops their comment threads. Comments still in the DB (soft-deleted).",
  f3="Merge routine deletes child comments via cascade; needs code fix plus a restore script for 2 dossiers.", crit3="code_change")

# ------------------------------------------------------------------ pending

T(c="C-10032", st="pending", ch="email", last=31.0,
  s="Excel-import van proefbalans geeft foutmelding",
  b="Bij het importeren van de proefbalans uit Excel krijg ik \"Kolom 'Saldo' bevat ongeldige waarden\". De kolom bevat gewoon bedragen.",
  q="Hoi Femke,\n\nkun je het Excel-bestand (of een geanonimiseerde kopie) als bijlage sturen? Ik vermoed dat het om bedragen met een punt als duizendtalscheiding gaat.\n\n{agent}")
T(c="C-10033", st="pending", ch="email", last=46.0,
  s="Medewerker ziet dossiers van andere vestiging",
  b="Een medewerker van onze vestiging Utrecht ziet ineens ook de dossiers van Amersfoort. Dat is niet de bedoeling, de rechten staan volgens mij verkeerd.")
T(c="C-10035", st="pending", ch="email", last=64.0,
  s="Documenten uploaden via drag & drop werkt niet",
  b="Slepen van bestanden naar een dossier werkt niet meer, alleen via de knop \"Bestand kiezen\".",
  q="Hoi Bram,\n\nwelke browser gebruik je hierbij, en gaat het om bestanden uit Outlook (bijlagen slepen) of uit de Verkenner?\n\n{agent}")
T(c="C-10031", st="pending", ch="email", last=190.0,
  s="Hoe kan ik rapportages per medewerker maken?",
  b="Hoe kan ik een overzicht maken van de bestede uren per medewerker over alle dossiers heen?",
  q="Hallo Pieter,\n\ndat kan met de rapportage 'Uren per medewerker'. Wil je een overzicht per maand of over het hele boekjaar? Dan stuur ik de juiste instellingen mee.\n\n{agent}")
T(c="C-10034", st="pending", ch="email", last=270.0,
  s="Kwaliteitsreview: checklist NBA ontbreekt",
  b="De checklist voor de NBA-kwaliteitsreview ontbreekt in ons sjabloon sinds de laatste update. Collega's van andere kantoren hebben hem wel.",
  q="Hallo Ilse,\n\nin welk sjabloon mis je de checklist precies, en hebben jullie een eigen aangepaste versie van het sjabloon?\n\n{agent}")

# ------------------------------------------------------------------ on hold

T(c="C-10036", st="hold", ch="email",
  s="Koppeling met Exact Online haalt geen grootboek op",
  b="De koppeling met Exact Online haalt sinds maandag geen grootboekmutaties meer op. We kunnen handmatig importeren.",
  r="Hallo Noor,\n\nde API van Exact Online geeft voor jullie administratie een autorisatiefout. Ik heb contact opgenomen met Exact en laat het weten zodra ik iets hoor.\n\n{agent}",
  tp="Wachten op Exact Online: API-autorisatie voor administratie 481122 geweigerd (ticket EX-99310).")
T(c="C-10032", st="hold", ch="email",
  s="Bewaartermijn aanpassen naar 10 jaar",
  b="We willen de bewaartermijn van afgesloten dossiers verlengen van 7 naar 10 jaar. Kunnen jullie dat instellen?",
  r="Hoi Femke,\n\ndat kan. Let op: dossiers die binnen de oude termijn al gemarkeerd zijn voor verwijdering, blijven dan ook bewaard. Zie het voorstel hieronder; ik wacht op je akkoord.\n\n{agent}",
  appr="Bewaartermijn tenant vandijk-accountants van 7 naar 10 jaar; 41 dossiers die voor verwijdering gemarkeerd staan worden teruggezet.")
T(c="C-10035", st="hold", ch="email",
  s="Dossiers van vertrokken partner overzetten",
  b="Onze partner Hendriks is met pensioen. Al zijn dossiers (ca. 120) moeten naar Ilse Oosterveld als verantwoordelijk partner.",
  r="Hallo Bram,\n\nwe kunnen alle 120 dossiers in één keer overzetten. Omdat dit de verantwoordelijke partner in afgetekende stukken niet wijzigt maar wel in open dossiers, heb ik het voorstel hieronder gezet. Graag akkoord van de partners.\n\n{agent}",
  appr="Verantwoordelijk partner van 118 open dossiers wijzigen van J. Hendriks naar I. Oosterveld; 2 afgesloten dossiers blijven ongewijzigd.")

# ------------------------------------------------------------------ solved

T(c="C-10033", st="solved", ch="email", out="answered_with_article", sc=7,
  s="Hoe kan ik mijn wachtwoord wijzigen?",
  b="Hallo, hoe kan ik zelf mijn wachtwoord wijzigen? Ik vind het niet in het menu.\n\nRuben",
  res="Artikel over wachtwoord wijzigen/resetten gestuurd.")
T(c="C-10034", st="solved", ch="email", out="fixed", esc=2, sc=6,
  s="Kan niet publiceren naar klantportaal: 'Ongeldig certificaat'",
  b="We kunnen de jaarrekening niet publiceren naar het klantportaal: \"Ongeldig certificaat\". Klant wacht op zijn stukken voor de bank.\n\nIlse",
  env="Chrome 130", err="Ongeldig certificaat", repro="Dossier OA-2024-0190 → Publiceren naar portaal",
  f="Customer's custom portal domain certificate expired; auto-renewal failed due to a changed CNAME.",
  ds="Certificate re-issued after CNAME corrected by the customer's IT.",
  res="Custom domain certificate renewed at Tier 2 after CNAME fix.")
T(c="C-10031", st="solved", ch="email", out="workaround",
  s="Printen van dossieroverzicht geeft lege pagina's",
  b="Als ik het dossieroverzicht print, komen er tussen elke pagina twee lege pagina's uit.",
  res="Browser print scaling issue; workaround: use 'Exporteren als PDF' and print the PDF.")
T(c="C-10032", st="solved", ch="email", out="third_party",
  s="Digitale handtekening klant komt niet aan",
  b="Klanten ontvangen de uitnodiging om de bevestigingsbrief digitaal te ondertekenen niet meer. Het versturen werkt niet.",
  tp="Wachten op de e-sign provider: hun mailserver stond op een blocklist.",
  tpr="Provider heeft de blocklisting opgelost.",
  res="E-signature provider's mail server was blocklisted; provider resolved it.")
T(c="C-10036", st="solved", ch="email", out="fixed",
  hot="Rechten van groep 'Assistenten' herstellen naar standaardprofiel (directe correctie).",
  s="Assistenten kunnen geen stukken meer uploaden",
  b="Sinds vanochtend kunnen onze assistenten geen stukken meer uploaden in dossiers: \"Onvoldoende rechten\". Uploaden werkt helemaal niet voor hen. Partners kunnen het wel.",
  res="Group permission profile had been overwritten by an import; restored (hotfix).")

# ------------------------------------------------------------------ closed

T(c="C-10031", st="closed", ch="email", out="answered_with_article", sc=6,
  s="Hoe werkt tweestapsverificatie instellen?",
  b="We willen tweestapsverificatie verplicht maken voor alle medewerkers. Hoe werkt dat?",
  res="Artikel 2FA verplicht stellen gestuurd.")
T(c="C-10035", st="closed", ch="email", out="fixed", esc=3, sc=5,
  s="Dossier openen duurt minuten",
  b="Grote dossiers (meer dan 3.000 documenten) openen duurt 2 à 3 minuten. Werkbaar, maar erg traag.",
  env="Chrome 129", err="Laadtijd 2-3 minuten", repro="Dossier OA-2023-0412 openen",
  f="Dossier tree loads all document metadata at once.", f3="Needs lazy loading of the tree; code change.",
  crit3="performance", ds="Lazy loading released in 2024.10.3; dossier opens in 4 s.",
  res="Lazy loading of the dossier tree (2024.10.3).")
T(c="C-10033", st="closed", ch="email", out="duplicate",
  s="Inloggen lukt niet",
  b="Ik kan niet inloggen, krijg foutcode 503. Is er een storing? Hier kan niemand inloggen.",
  res="Duplicate of the 503 outage ticket from Pieter van Dijk.")
T(c="C-10032", st="closed", ch="email", out="added_to_roadmap",
  s="Vraag: kunnen klanten zelf stukken aftekenen in het portaal?",
  b="Is het mogelijk dat klanten in het portaal zelf aangeven dat een stuk compleet is, zodat wij dat niet hoeven na te bellen?",
  res="Client-side completion marking not available; added to roadmap (PROD-1166).")
T(c="C-10034", st="closed", ch="email", out="fixed",
  appr="Herstel van 14 per ongeluk verwijderde werkdocumenten in dossier OA-2024-0151 uit de back-up van 03:00.",
  s="Werkdocumenten per ongeluk verwijderd",
  b="Een medewerker heeft per ongeluk een map met 14 werkdocumenten verwijderd. Kunnen jullie die terugzetten? Voor ons is dit gegevensverlies van een heel dossieronderdeel.",
  res="Restored 14 documents from the 03:00 backup after approval.")
