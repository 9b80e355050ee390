"""German demo tickets (hand-written scenarios)."""

TICKETS: list[dict] = []


def T(**kw):
    kw.setdefault("lang", "de")
    TICKETS.append(kw)


# ------------------------------------------------------------------ new

T(c="C-10016", st="new", ch="email", tags=["publishing"], h=0.8,
  s="Prüfberichte kann nicht veröffentlichen – dringend",
  b="Guten Morgen,\n\nseit ca. 7 Uhr können wir keine Prüfberichte mehr veröffentlichen. Beim Klick auf „Veröffentlichen“ erscheint nur „Interner Fehler (500)“. Betroffen sind alle fünf Prüfer im Außendienst. Wir haben heute 12 Aufzugsprüfungen, deren Berichte bis 16 Uhr beim Kunden sein müssen.\n\nMit freundlichen Grüßen\nKatrin Weber\nNordhafen Prüfdienste GmbH")
T(c="C-10022", st="new", ch="form", h=6.5,
  s="Wie kann ich eine Vorlage für Wohnungsübergaben anlegen?",
  b="Hallo,\n\nwir sind neu bei Ihnen und möchten für unsere Wohnungsübergaben (Einzug/Auszug) eine eigene Vorlage mit Zählerständen und Schlüsselübergabe anlegen. Wie kann ich das machen? Gibt es eine Beispielvorlage, die wir anpassen können?\n\nAndreas Huber")
T(c="C-10020", st="new", ch="email", h=2.4,
  s="Einlass-App: Scanner erkennt QR-Codes auf Handydisplays schlecht",
  b="Hallo Support,\n\nbeim Einlass gestern Abend (Stadthalle, ca. 1.800 Gäste) hat die Einlass-App QR-Codes auf Handydisplays oft erst nach mehreren Versuchen erkannt, vor allem bei hoher Displayhelligkeit. Ausgedruckte Tickets gingen problemlos. Das hat die Schlange deutlich verlängert. Nächste Veranstaltung ist Samstag.\n\nJulia Schäfer\nKessler Eventtechnik")
T(c="C-10023", st="new", ch="email", h=19.0,
  s="Frage zur Rechnung – doppelt abgebucht?",
  b="Sehr geehrte Damen und Herren,\n\nauf unserem Kontoauszug sehe ich zwei Abbuchungen über je 49,00 € vom 01.11. Ist das ein Versehen oder betrifft eine davon eine andere Leistung? Bitte senden Sie mir die zugehörigen Rechnungen.\n\nMit freundlichen Grüßen\nHelga Brenner\nAlpenblick Hausverwaltung")
T(c="C-10019", st="new", ch="phone", tags=["outage"], h=0.5,
  s="Ticketshop komplett ausgefallen",
  b="Anruf Herr Kessler: Der Ticketshop für das Hafenfest zeigt seit 10 Minuten nur eine weiße Seite, auch auf verschiedenen Geräten. Vorverkauf läuft heute an, Radiowerbung ist geschaltet. Rückruf dringend erbeten: 0171 555 0192 (Demo-Nummer).")
T(c="C-10017", st="new", ch="email", h=11.0,
  s="Gerätedaten aus Excel importieren",
  b="Hallo,\n\nwir haben ca. 900 Prüfobjekte (Aufzüge, Hebebühnen) in einer Excel-Liste. Gibt es eine Importfunktion, damit wir die nicht einzeln anlegen müssen? Welche Spalten brauchen Sie?\n\nGruß\nFlorian Brandt")
T(c="C-10021", st="new", ch="email", h=25.0,
  s="Sitzplan: Rollstuhlplätze werden nicht als barrierefrei gekennzeichnet",
  b="Hallo,\n\nim neuen Sitzplan für das Theater am Wall haben wir Reihe 1, Platz 1–4 als Rollstuhlplätze markiert. Im Shop erscheinen sie aber ohne Symbol und können ganz normal gebucht werden. Das ist für uns ein Problem, weil diese Plätze freigehalten werden müssen.\n\nDeniz Yılmaz")

# ------------------------------------------------------------------ open

T(c="C-10018", st="open", ch="email",
  s="Fotos in der Android-App sehr langsam",
  b="Hallo,\n\nseit dem letzten Update dauert es in der Android-App 5–6 Sekunden, bis nach dem Auslösen ein Foto im Bericht erscheint. Vorher ging das sofort. Wir können weiterarbeiten, aber bei 150 Fotos pro Prüfung summiert sich das.\n\nSabine Lorenz",
  env="Android 13, Samsung Galaxy Tab Active4, App 4.3.0", cl={"environment": "Android 13, Galaxy Tab Active4, App 4.3.0"})
T(c="C-10019", st="open", ch="email",
  s="Auszahlungsbericht: Gebühren falsch berechnet",
  b="Sehr geehrtes Support-Team,\n\nim Auszahlungsbericht für Oktober werden uns 3,5 % Servicegebühr berechnet, vertraglich vereinbart sind 2,9 %. Bitte prüfen und korrigieren Sie das. Vertragsnummer liegt Ihnen vor.\n\nMatthias Kessler",
  n="Contract in CRM says 2.9 % since 01.09.; fee table for the tenant still has 3.5 %. Checking with billing before replying.")
T(c="C-10016", st="open", ch="email",
  s="Mängelliste im PDF falsch sortiert",
  b="Hallo,\n\ndie Mängelliste im PDF ist seit kurzem alphabetisch statt nach Schweregrad sortiert. Unsere Kunden wollen die kritischen Mängel oben sehen. Kann man das irgendwo einstellen?\n\nKatrin Weber",
  q="Hallo Frau Weber,\n\nbetrifft das alle Vorlagen oder nur die Vorlage „Aufzug – Hauptprüfung“? Und haben Sie in den letzten Wochen etwas an der Vorlage geändert?\n\n{agent}",
  a="Nur „Aufzug – Hauptprüfung“. Herr Brandt hat vor zwei Wochen ein Feld umbenannt, sonst nichts.")
T(c="C-10022", st="open", ch="phone", noack=True,
  s="Rückruf: Zugang für Hausmeister ohne Bearbeitungsrechte",
  b="Herr Huber bittet um Rückruf. Er möchte dem Hausmeister Zugriff auf die Übergabeprotokolle geben, dieser soll aber nur lesen und nichts ändern können. Frage, ob das im Basic-Tarif geht.")
T(c="C-10020", st="open", ch="email",
  s="Gästeliste-Export enthält Sonderzeichen fehlerhaft",
  b="Hallo,\n\nim CSV-Export der Gästeliste werden Umlaute falsch dargestellt, z. B. „MÃ¼ller“ statt „Müller“. Wir öffnen die Datei mit Excel. Für das Catering müssen die Namen stimmen.\n\nJulia Schäfer",
  r="Hallo Frau Schäfer,\n\nder Export ist UTF-8-kodiert; Excel öffnet CSV-Dateien per Doppelklick aber oft als Windows-1252. Ich prüfe, ob wir einen Export mit BOM anbieten können, und melde mich. Bis dahin hilft der Import über „Daten → Aus Text/CSV“ mit Dateiursprung UTF-8.\n\n{agent}")
T(c="C-10017", st="open", ch="form",
  s="Wiederkehrende Prüftermine automatisch anlegen?",
  b="Ist es möglich, Prüftermine für Aufzüge automatisch jährlich anzulegen? Aktuell tragen wir jeden Termin manuell ein.")

# ------------------------------------------------------------------ tier 2

T(c="C-10021", st="tier2", ch="email",
  s="Kontingente werden bei Stornierung nicht freigegeben",
  b="Hallo,\n\nwenn ein Kunde eine Bestellung storniert, werden die Tickets nicht wieder ins Kontingent zurückgebucht. Bei der Gala sind dadurch 34 Plätze blockiert, obwohl sie frei sind. Wir können manuell nachbuchen, aber das ist fehleranfällig.\n\nDeniz Yılmaz",
  env="Admin-Oberfläche, Chrome 130", err="Kontingent nach Storno unverändert",
  repro="Bestellung KE-20931 stornieren → Kontingent 'Parkett' prüfen",
  f="Stornos über die Selbstbedienungsseite geben das Kontingent nicht frei; Stornos im Admin schon. 34 betroffene Plätze.",
  wa1="Kontingent manuell im Admin anpassen.")
T(c="C-10016", st="tier2", ch="email", tags=["sync"],
  s="Synchronisation bricht bei großen Berichten ab",
  b="Guten Tag,\n\nBerichte mit mehr als ca. 200 Fotos brechen bei der Synchronisation mit „Zeitüberschreitung“ ab. Kleinere Berichte gehen. Sieht nach einem Fehler bei großen Uploads aus. Wir können die Berichte am Ende im Büro per LAN synchronisieren, aber unterwegs klappt es nicht.\n\nKatrin Weber",
  env="iPadOS 17.6, App 4.2.1, LTE", err="Zeitüberschreitung (timeout) nach 60 s",
  repro="Bericht mit >200 Fotos über LTE synchronisieren",
  f="Upload batches are sized by photo count, not bytes; on LTE a 200-photo batch exceeds the 60 s request timeout.",
  unassigned=True)
T(c="C-10018", st="tier2", ch="email",
  s="Unterschrift des Betreibers fehlt im PDF",
  b="Die Unterschrift des Anlagenbetreibers, die vor Ort auf dem Tablet erfasst wird, fehlt im PDF bei ca. jedem fünften Bericht. In der App ist sie sichtbar. Ohne Unterschrift können wir die Berichte nicht veröffentlichen.\n\nSabine Lorenz",
  env="Android 13, App 4.3.0", err="Signatur im PDF leer", repro="Bericht NH-2024-3310 → PDF",
  f="Signature image uploaded after the report's publish job starts (race condition when publishing immediately after signing).",
  wa1="Nach dem Unterschreiben 10 Sekunden warten, dann veröffentlichen.")

# ------------------------------------------------------------------ engineering

T(c="C-10019", st="eng", ch="email", tags=["security"],
  s="Sicherheitslücke? Bestellbestätigung zeigt fremde Adresse",
  b="Sehr geehrte Damen und Herren,\n\nein Kunde hat uns eine Bestellbestätigung weitergeleitet, in der die Rechnungsadresse eines anderen Kunden steht. Das ist ein Datenschutzvorfall, den wir ggf. melden müssen. Bitte prüfen Sie umgehend, ob weitere Bestellungen betroffen sind.\n\nMatthias Kessler\nGeschäftsführer",
  env="Ticketshop (Käufer), Mail", err="Fremde Rechnungsadresse in Bestätigungsmail", ecc="no",
  repro="Bestellungen KE-21877 und KE-21878, beide um 19:02:11 angelegt",
  f="Two orders created in the same second share a cached billing address object in the confirmation mail renderer.",
  f3="Mail renderer caches the billing address by (tenant, timestamp-second). Need code fix and a query for all affected orders since the cache was introduced (v2024.10.1).",
  crit3="security")
T(c="C-10017", st="eng", ch="email",
  s="Berichtsliste lädt extrem langsam",
  b="Die Berichtsliste in der Weboberfläche braucht seit zwei Wochen über 40 Sekunden zum Laden. Wir haben ca. 25.000 Berichte. Die Suche ist genauso langsam.\n\nFlorian Brandt",
  env="Firefox 131, Windows 11", err="Ladezeit > 40 s", repro="Anmelden → Berichte",
  f="Same slow list query as earlier performance ticket, now for a tenant with 25k reports; keyset pagination not enabled for the search path.",
  f3="Search path still uses offset pagination and ILIKE without trigram index.", crit3="performance", unassigned=True)

# ------------------------------------------------------------------ pending

T(c="C-10016", st="pending", ch="email", last=28.0,
  s="Zwei-Faktor-Code kommt nicht per SMS",
  b="Ein neuer Kollege bekommt den Zwei-Faktor-Code per SMS nicht zugestellt. Handynummer ist korrekt hinterlegt.",
  q="Hallo Frau Weber,\n\nwelcher Mobilfunkanbieter ist das, und ist die Nummer im internationalen Format (+49…) eingetragen? Alternativ kann Ihr Kollege eine Authenticator-App nutzen, die Anleitung schicke ich gern mit.\n\n{agent}")
T(c="C-10020", st="pending", ch="email", last=40.0,
  s="Namensänderung auf Tickets nicht möglich",
  b="Käufer möchten den Namen auf personalisierten Tickets ändern, der Button „Ticket umschreiben“ ist aber ausgegraut. Bei anderen Veranstaltungen geht es.")
T(c="C-10023", st="pending", ch="email", last=45.0,
  s="Wie funktioniert die Kündigung zum Jahresende?",
  b="Guten Tag,\n\nwir überlegen, den Vertrag zum 31.12. zu kündigen, weil wir die Hausverwaltung verkaufen. Wie funktioniert die Kündigung und was passiert mit den gespeicherten Übergabeprotokollen?\n\nHelga Brenner",
  q="Guten Tag Frau Brenner,\n\ngern. Soll der Vertrag auf den Käufer übertragen werden (dann bleiben alle Protokolle erhalten) oder möchten Sie kündigen und die Daten vorher exportieren?\n\n{agent}")
T(c="C-10018", st="pending", ch="email", last=61.0,
  s="Checklistenpunkte doppelt im Bericht",
  b="In manchen Berichten erscheinen Checklistenpunkte doppelt, z. B. „Notrufeinrichtung geprüft“ zweimal hintereinander. Das ist doch ein Fehler?",
  a="Betrifft Berichte NH-2024-3288 und NH-2024-3301. Beide auf dem Tablet offline erstellt.",
  q0="Hallo Frau Lorenz,\n\nkönnen Sie mir zwei betroffene Berichtsnummern nennen?\n\n{agent}",
  q="Hallo Frau Lorenz,\n\ndanke. Wurden diese beiden Berichte auf zwei Geräten gleichzeitig bearbeitet? Falls ja, von wem?\n\n{agent}")
T(c="C-10021", st="pending", ch="email", last=160.0,
  s="Gutscheine lassen sich nicht mit Rabattcodes kombinieren",
  b="Ein Kunde wollte einen Geschenkgutschein und einen Rabattcode zusammen einlösen, der Shop lässt nur eins zu. Ist das so gewollt? Falls ja, wo kann man das einstellen?")
T(c="C-10022", st="pending", ch="email", last=240.0,
  s="Zählerstände-Fotos werden unscharf",
  b="Die Fotos von Zählerständen sind im Protokoll oft unscharf, obwohl sie in der Kamera scharf aussahen. Man kann die Zahlen kaum lesen. Ist das ein Fehler der App?",
  q="Hallo Herr Huber,\n\nwelche Fotoqualität ist in den App-Einstellungen gewählt (Einstellungen → Fotos)? Und könnten Sie mir ein Beispiel-Protokoll nennen?\n\n{agent}")

# ------------------------------------------------------------------ on hold

T(c="C-10019", st="hold", ch="email",
  s="Auszahlung an neue Bankverbindung",
  b="Wir haben unsere Bankverbindung geändert und im Konto hinterlegt, die letzte Auszahlung ging trotzdem an das alte Konto. Bitte klären.",
  r="Hallo Herr Kessler,\n\ndie neue IBAN ist bei uns gespeichert, muss aber vom Zahlungsdienstleister noch verifiziert werden. Ich habe dort nachgefragt.\n\n{agent}",
  tp="Warten auf PayWave: Verifizierung der neuen IBAN (Vorgang PW-DE-7712).")
T(c="C-10017", st="hold", ch="email",
  s="Vorlagen zwischen Niederlassungen zusammenführen",
  b="Unsere Niederlassungen Hamburg und Bremen haben jeweils eigene Vorlagen für die Aufzugsprüfung. Können Sie die zusammenführen, sodass alle dieselbe Vorlage nutzen? Die alten Berichte sollen erhalten bleiben.",
  r="Hallo Herr Brandt,\n\ndas geht. Ich habe Ihnen unten beschrieben, wie wir dabei vorgehen würden. Bitte geben Sie uns kurz Ihr OK, dann setzen wir es um.\n\n{agent}",
  appr="Vorlage 'Aufzug HH' wird Standard; 'Aufzug HB' wird archiviert (bleibt für alte Berichte lesbar); 14 Bremer Felder werden auf HH-Felder gemappt.")
T(c="C-10020", st="hold", ch="email",
  s="Sitzplan auf neues Saallayout umstellen",
  b="Das Theater hat die Bestuhlung geändert (Reihe 12 fällt weg). Für bereits verkaufte Plätze in Reihe 12 brauchen wir eine Lösung.",
  r="Hallo Frau Schäfer,\n\nwir können die 18 Käufer aus Reihe 12 automatisch auf gleichwertige Plätze in Reihe 13 umbuchen und informieren. Das ändert Bestellungen, daher brauche ich Ihre Freigabe.\n\n{agent}",
  appr="Umbuchung der 18 Bestellungen aus Reihe 12 auf Reihe 13 (gleiche Preiskategorie) inkl. Info-Mail an die Käufer; danach Reihe 12 im Sitzplan löschen.")

# ------------------------------------------------------------------ solved

T(c="C-10022", st="solved", ch="email", out="answered_with_article", sc=7,
  s="Wie kann ich ein Protokoll per E-Mail an den Mieter senden?",
  b="Hallo, wie kann ich das Übergabeprotokoll direkt nach der Übergabe an den Mieter mailen? Aktuell drucke ich es aus.\n\nHuber",
  res="Anleitung zum Versand von Berichten per E-Mail geschickt.")
T(c="C-10016", st="solved", ch="email", out="fixed", esc=2, sc=5,
  s="Prüfplaketten-Nummern werden doppelt vergeben",
  b="Die automatisch vergebenen Plakettennummern sind seit Montag doppelt vorhanden (z. B. NH-P-18822 zweimal). Berichte mit doppelter Nummer dürfen wir nicht veröffentlichen, die Aufsichtsbehörde akzeptiert das nicht.\n\nKatrin Weber",
  env="Web + iPad 4.2.1", err="Doppelte Plakettennummer NH-P-18822", repro="Zwei Berichte gleichzeitig abschließen",
  f="Number sequence not locked when two devices finish at the same second.",
  ds="Sequence now allocated with a database lock (hotfix 2024.11.1b). Duplicates renumbered with customer.",
  res="Sequence lock fixed at Tier 2 (hotfix); 3 duplicate numbers renumbered together with the customer.")
T(c="C-10021", st="solved", ch="email", out="workaround",
  s="Einlass-App stürzt beim Start ab",
  b="Die Einlass-App stürzt auf zwei älteren iPhones (iPhone 8) direkt beim Start ab. Auf neueren Geräten läuft sie.",
  res="iOS 16 required since app 3.9; iPhone 8 stuck on iOS 16.7 works with app 3.8.4 via TestFlight link (workaround).")
T(c="C-10023", st="solved", ch="email", out="fixed", sc=7,
  s="Rechnungsadresse ändern",
  b="Bitte ändern Sie unsere Rechnungsadresse ab sofort auf: Alpenblick Hausverwaltung, Bahnhofstraße 12, 83022 Rosenheim. Danke!",
  res="Billing address updated; next invoice uses the new address.")
T(c="C-10018", st="solved", ch="email", out="cannot_reproduce",
  s="App hängt beim Öffnen der Vorlage „Hebebühne“",
  b="Beim Öffnen der Vorlage „Hebebühne – Jahresprüfung“ bleibt die App hängen und reagiert nicht mehr. Andere Vorlagen gehen, nur diese geht nicht.",
  q="Hallo Frau Lorenz,\n\nauf welchem Gerät und mit welcher App-Version passiert das? Tritt es auch nach einem Neustart des Tablets auf?\n\n{agent}",
  a="Nach dem Neustart geht es jetzt. Vorher war es zweimal hintereinander.",
  res="Could not reproduce; cleared after device restart.")
T(c="C-10019", st="solved", ch="email", out="third_party", sc=4,
  s="Zahlungen per PayPal schlagen fehl",
  b="Seit heute Mittag schlagen alle PayPal-Zahlungen im Shop fehl („Zahlung abgelehnt“). Kreditkarte geht. Ca. 40 % unserer Käufer zahlen mit PayPal – für uns ist das ein Ausfall mitten im Vorverkauf!",
  tp="Warten auf PayWave / PayPal: Störung bei der PayPal-Anbindung (Statusseite PayWave).",
  tpr="PayWave meldet Störung behoben.",
  res="PayPal connector outage at payment provider PayWave 12:10–15:45; resolved by provider.")
T(c="C-10017", st="solved", ch="email", out="added_to_roadmap",
  s="Frage: Prüfberichte digital signieren (qualifizierte Signatur)?",
  b="Einige Kunden verlangen eine qualifizierte elektronische Signatur auf den Prüfberichten. Ist das mit Ihrer Software möglich?",
  res="QES not supported; added to roadmap (PROD-1175). Advanced signature via partner integration mentioned.")
T(c="C-10020", st="solved", ch="email", out="fixed",
  appr="Fehlerhafte Preiskategorie 'Ermäßigt' für 212 bestehende Bestellungen korrigieren (nur Anzeige auf dem Ticket, Preise bleiben).",
  s="Falsche Preiskategorie auf Tickets gedruckt",
  b="Auf den Tickets für das Weihnachtskonzert steht „Ermäßigt“, obwohl die Leute den Normalpreis bezahlt haben. Beim Einlass gibt es Diskussionen.",
  res="Category label mapping fixed; 212 tickets re-issued after approval.")
T(c="C-10016", st="solved", ch="form", out="answered_with_article",
  s="Benutzer deaktivieren, Berichte behalten",
  b="Ein Prüfer verlässt uns. Wie deaktiviere ich seinen Zugang, ohne dass seine Berichte verschwinden?",
  res="Artikel zur Benutzerverwaltung (deaktivieren statt löschen) gesendet.")

# ------------------------------------------------------------------ closed

T(c="C-10022", st="closed", ch="email", out="answered_with_article", sc=6,
  s="Wie funktioniert der Offline-Modus?",
  b="Guten Tag, in einigen Kellern haben wir keinen Empfang. Wie funktioniert der Offline-Modus der App genau? Muss ich vorher etwas herunterladen?",
  res="Artikel zum Offline-Modus gesendet.")
T(c="C-10019", st="closed", ch="email", out="fixed", esc=3, sc=6,
  s="Ticketshop während Vorverkaufsstart sehr langsam",
  b="Beim Vorverkaufsstart für das Hafenfest war der Shop extrem langsam, Seiten luden 20–30 Sekunden, einige Käufer bekamen Fehler 503. Wir haben ca. 8.000 Tickets in der ersten Stunde verkauft, hätten aber deutlich mehr schaffen können. Für viele Käufer war das ein Ausfall.",
  env="Ticketshop (Käufer), alle Browser", err="503 Service Unavailable, Ladezeit 20–30 s",
  repro="Lastspitze beim Vorverkaufsstart", f="Shop pods scaled too late; queue feature not enabled for the tenant.",
  f3="Autoscaling reacts after 5 min; seat-map endpoint not cached. Need code change + waiting room enabled by default for large on-sales.",
  crit3="performance", ds="Seat-map caching and waiting room shipped; tenant flagged for pre-scaling before big on-sales.",
  res="Engineering: seat-map caching + virtual waiting room; pre-scaling for announced on-sales.")
T(c="C-10023", st="closed", ch="email", out="fixed",
  s="Rechnung auf neue Firma ausstellen",
  b="Bitte stellen Sie die Rechnung vom November auf die Alpenblick Immobilien GmbH statt auf die Hausverwaltung aus. Die Adresse bleibt gleich.",
  res="Invoice re-issued to the new legal entity.")
T(c="C-10017", st="closed", ch="email", out="workaround", sc=5,
  s="Export nach Excel schneidet lange Bemerkungen ab",
  b="Beim Excel-Export werden Bemerkungen mit mehr als 255 Zeichen abgeschnitten. Der Text in Excel ist dann falsch.",
  res="Use CSV export instead of XLSX until the XLSX writer is fixed (ENG-2250).")
T(c="C-10021", st="closed", ch="email", out="duplicate",
  s="Shop nicht erreichbar?",
  b="Ist der Shop gerade down? Bei mir geht gar nichts, weder Shop noch Admin. Gruß Deniz",
  res="Duplicate of Matthias Kessler's ticket about the shop outage (same company).")
T(c="C-10018", st="closed", ch="email", out="fixed", sc=7,
  s="Passwort-Reset-Link abgelaufen",
  b="Der Link zum Zurücksetzen des Passworts ist laut Meldung abgelaufen, obwohl ich ihn direkt angeklickt habe.",
  res="Link was opened by the corporate mail scanner first (one-time link consumed). Sent a new link and whitelisting advice.")
T(c="C-10020", st="closed", ch="email", out="answered_with_article",
  s="Frage zu Webhooks für neue Bestellungen",
  b="Wir möchten neue Bestellungen automatisch in unser CRM übertragen. Gibt es dafür Webhooks, und wie sichern wir die ab?",
  res="Sent webhook + signature verification article.")
