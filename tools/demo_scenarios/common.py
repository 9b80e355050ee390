"""Agents, customers and the agent-side phrase lists shared by all demo scenarios.

The vendor in the demo is "Lumora", a made-up SaaS suite with four modules:
Lumora Inspect (inspection reports, mobile app, publishing), Lumora Events
(ticketing, check-in scanner), Lumora Survey (survey distribution) and
Lumora Case (audit-case dossiers). All companies and people are fictional.
"""

AGENTS = [
    {"name": "alice", "display_name": "Alice Meyer", "tier": "tier1"},
    {"name": "jonas", "display_name": "Jonas Becker", "tier": "tier1"},
    {"name": "tom", "display_name": "Tomás Ferreira", "tier": "tier1"},
    {"name": "sanne", "display_name": "Sanne de Vries", "tier": "tier1"},
    {"name": "bruno", "display_name": "Bruno Costa", "tier": "tier2"},
    {"name": "lena", "display_name": "Lena Hoffmann", "tier": "tier2"},
    {"name": "priya", "display_name": "Priya Nair", "tier": "tier2"},
    {"name": "erik", "display_name": "Erik Lund", "tier": "engineering"},
    {"name": "mei", "display_name": "Mei Tanaka", "tier": "engineering"},
]
AGENT_DISPLAY = {a["name"]: a["display_name"] for a in AGENTS}
TIER1_BY_LANG = {"en": ["alice", "jonas"], "de": ["jonas", "alice"], "pt": ["tom"], "nl": ["sanne"]}
TIER2 = ["bruno", "lena", "priya"]
ENG = ["erik", "mei"]

_COMPANIES = [
    # company, domain, plan, [(no, name, mailbox)]
    ("Brightlane Inspections", "brightlane.example", "standard",
     [(1, "Jana Novak", "jana"), (2, "Marcus Hale", "m.hale"), (3, "Owen Fitzgerald", "owen"),
      (4, "Wendy Tran", "wendy.tran")]),
    ("Harbourview Property Surveys", "harbourview.example", "premium",
     [(5, "Grace Okafor", "grace.okafor"), (6, "Liam Doherty", "liam"), (7, "Hannah Brooks", "hbrooks")]),
    ("Cobalt Festival Group", "cobaltfest.example", "standard",
     [(8, "Ruby Castellano", "ruby"), (9, "Declan Moore", "declan.moore"), (10, "Tessa Kim", "tessa")]),
    ("Meridian Feedback Labs", "meridianfeedback.example", "basic",
     [(11, "Noah Abernathy", "noah"), (12, "Isla McKenzie", "isla"), (13, "Sam Whitaker", "sam.w")]),
    ("Atlas Compliance Partners", "atlascompliance.example", "premium",
     [(14, "Victoria Lang", "v.lang"), (15, "Aaron Pike", "apike")]),
    ("Nordhafen Prüfdienste GmbH", "nordhafen-pruef.example", "standard",
     [(16, "Katrin Weber", "k.weber"), (17, "Florian Brandt", "f.brandt"), (18, "Sabine Lorenz", "s.lorenz")]),
    ("Kessler Eventtechnik GmbH", "kessler-events.example", "premium",
     [(19, "Matthias Kessler", "mk"), (20, "Julia Schäfer", "julia.schaefer"), (21, "Deniz Yılmaz", "deniz")]),
    ("Alpenblick Hausverwaltung", "alpenblick-hv.example", "basic",
     [(22, "Andreas Huber", "huber"), (23, "Helga Brenner", "h.brenner")]),
    ("Ribeira Eventos Ltda", "ribeira-eventos.example", "standard",
     [(24, "Mariana Lopes", "mariana"), (25, "Rafael Teixeira", "rafael.t"), (26, "Beatriz Monteiro", "bia")]),
    ("Horizonte Pesquisa e Opinião", "horizonte-pesquisa.example", "basic",
     [(27, "João Carvalho", "joao"), (28, "Camila Duarte", "camila.duarte"), (29, "Thiago Nunes", "thiago"),
      (30, "Luísa Pacheco", "luisa")]),
    ("Van Dijk Accountants", "vandijk-accountants.example", "standard",
     [(31, "Pieter van Dijk", "pieter"), (32, "Femke Jansen", "f.jansen"), (33, "Ruben Smit", "ruben")]),
    ("Oosterveld Audit & Advies", "oosterveld.example", "premium",
     [(34, "Ilse Oosterveld", "ilse"), (35, "Bram Kuipers", "b.kuipers"), (36, "Noor El Amrani", "noor")]),
]

CUSTOMERS = []
for company, domain, plan, people in _COMPANIES:
    for no, name, box in people:
        CUSTOMERS.append({"customer_number": f"C-{10000 + no}", "name": name, "email": f"{box}@{domain}",
                          "company": company, "plan": plan, "domain": domain})
CUSTOMER_BY_NO = {c["customer_number"]: c for c in CUSTOMERS}

# ---------------------------------------------------------------- public replies

ACK = {
    "en": [
        "Hi {first},\n\nthanks for getting in touch. I'm looking into this now and will update you as soon as I know more.\n\nBest regards,\n{agent}",
        "Hello {first},\n\nthank you for the detailed description, that helps a lot. I've started checking your account and will come back to you today.\n\nKind regards,\n{agent}",
        "Hi {first},\n\nI've picked up your ticket and I'm reproducing this on our side. I'll keep you posted.\n\nCheers,\n{agent}",
    ],
    "de": [
        "Hallo {first},\n\nvielen Dank für Ihre Nachricht. Ich schaue mir das gleich an und melde mich, sobald ich mehr weiß.\n\nViele Grüße\n{agent}",
        "Guten Tag {first},\n\ndanke für die ausführliche Beschreibung. Ich habe Ihr Ticket übernommen und prüfe das in Ihrem Konto.\n\nBeste Grüße\n{agent}",
        "Hallo {first},\n\nIhr Ticket liegt jetzt bei mir. Ich versuche, das Verhalten bei uns nachzustellen, und gebe Ihnen heute noch Bescheid.\n\nFreundliche Grüße\n{agent}",
    ],
    "pt": [
        "Olá {first},\n\nobrigado pelo contato. Já estou analisando o seu caso e retorno assim que tiver novidades.\n\nAbraço,\n{agent}",
        "Oi {first},\n\nrecebemos sua mensagem e o ticket já está comigo. Vou tentar reproduzir o comportamento aqui e te aviso ainda hoje.\n\nAtenciosamente,\n{agent}",
        "Olá {first},\n\nobrigado pelos detalhes, ajudam bastante. Estou verificando a sua conta agora.\n\nAtt.,\n{agent}",
    ],
    "nl": [
        "Hallo {first},\n\nbedankt voor je bericht. Ik ga er nu mee aan de slag en laat je zo snel mogelijk iets weten.\n\nMet vriendelijke groet,\n{agent}",
        "Beste {first},\n\ndank voor de duidelijke omschrijving. Ik heb de ticket opgepakt en kijk in jullie omgeving wat er aan de hand is.\n\nGroeten,\n{agent}",
        "Hoi {first},\n\nik probeer het probleem nu bij ons na te bootsen. Je hoort vandaag nog van me.\n\nGroet,\n{agent}",
    ],
}

ASK = {
    "en": [
        "Hi {first},\n\nto narrow this down, could you send me:\n- the operating system and browser (or app version) you use\n- a screenshot of the whole screen when it happens\n- the exact steps you took right before\n\nThanks!\n{agent}",
        "Hi {first},\n\nI couldn't reproduce this yet. Could you tell me which user(s) are affected, the time it last happened (with time zone), and attach a screenshot of the full screen including the error?\n\nBest,\n{agent}",
        "Hello {first},\n\nthanks for the update. Would you mind trying once more in a private browser window and letting me know whether the problem persists? If it does, please send the browser version and a screenshot.\n\nRegards,\n{agent}",
    ],
    "de": [
        "Hallo {first},\n\ndamit wir das eingrenzen können, bräuchte ich noch:\n- Betriebssystem und Browser bzw. App-Version\n- einen Screenshot des ganzen Bildschirms mit der Meldung\n- die Schritte, die Sie direkt davor ausgeführt haben\n\nVielen Dank!\n{agent}",
        "Guten Tag {first},\n\nbisher kann ich das nicht nachstellen. Welche Benutzer sind betroffen, und wann ist es zuletzt aufgetreten (mit Uhrzeit)? Ein Screenshot wäre sehr hilfreich.\n\nViele Grüße\n{agent}",
        "Hallo {first},\n\nkönnten Sie es bitte einmal in einem privaten Browserfenster versuchen und mir sagen, ob das Problem dort auch auftritt? Falls ja, bitte Browser-Version und Screenshot mitschicken.\n\nBeste Grüße\n{agent}",
    ],
    "pt": [
        "Olá {first},\n\npara avançarmos, pode me enviar:\n- sistema operacional e navegador (ou versão do app)\n- um print da tela inteira no momento do erro\n- o caminho que você fez até o problema aparecer\n\nObrigado!\n{agent}",
        "Oi {first},\n\nainda não consegui reproduzir aqui. Quais usuários foram afetados e em que horário aconteceu pela última vez? Se puder, mande um print da tela toda.\n\nAbraço,\n{agent}",
        "Olá {first},\n\npode testar novamente em uma janela anônima e me dizer se o problema continua? Se continuar, me mande a versão do navegador e um print.\n\nAtenciosamente,\n{agent}",
    ],
    "nl": [
        "Hallo {first},\n\nom dit goed te kunnen onderzoeken heb ik nog nodig:\n- welke browser (en versie) je gebruikt\n- welke gebruiker(s) het betreft\n- een schermafdruk van het hele scherm met de melding\n- de stappen die je vlak daarvoor hebt gezet\n\nAlvast bedankt!\n{agent}",
        "Beste {first},\n\nik kan het nog niet reproduceren. Om welk dossier en welke module gaat het precies, en wanneer trad het voor het laatst op?\n\nGroeten,\n{agent}",
        "Hoi {first},\n\nwil je het eens proberen in een privévenster en laten weten of het dan ook gebeurt? Zo ja, graag de browserversie en een schermafdruk.\n\nGroet,\n{agent}",
    ],
}

ANSWER = {
    "en": ["Windows 11 with Chrome 130. Screenshot attached. It happened again this morning around 9:15.",
           "macOS Sonoma, Safari 17.5. Private window makes no difference, same thing. Screenshot attached.",
           "It's the iPad app, version 4.2.1 on iPadOS 17. Three of our inspectors see it, not just me."],
    "de": ["Windows 10, Edge 129. Screenshot hängt an. Betroffen sind Frau Lorenz und ich.",
           "Im privaten Fenster passiert es genauso. Firefox 131 unter Windows 11, Screenshot anbei.",
           "Es ist die Android-App 4.2.0 auf einem Samsung Tab A8. Zuletzt heute um 7:40 Uhr."],
    "pt": ["Windows 11 com Chrome 130. Segue o print em anexo. Aconteceu de novo hoje às 10h.",
           "Testei na janela anônima e continua igual. Uso macOS com Safari. Print em anexo.",
           "É no app Android, versão 4.2.0. Acontece com três pessoas da equipe."],
    "nl": ["Chrome 130 op Windows 11. Schermafdruk zit als bijlage. Het gaat om gebruiker Jansen.",
           "In een privévenster gebeurt precies hetzelfde. Edge 129, schermafdruk bijgevoegd.",
           "Het betreft dossier 2024-0183, module Werkprogramma. Vanochtend om 8:50 weer gezien."],
}

OUTCOME_MSG = {
    "fixed": {
        "en": ["Hi {first},\n\ngood news: the fix is live and I've verified it on your account. Could you check on your side?\n\nBest,\n{agent}",
               "Hello {first},\n\nwe corrected the problem on our side; everything should work normally again. Let me know if anything still looks off.\n\nRegards,\n{agent}"],
        "de": ["Hallo {first},\n\ngute Nachricht: Die Korrektur ist eingespielt, ich habe es in Ihrem Konto geprüft. Können Sie bitte einmal gegentesten?\n\nViele Grüße\n{agent}",
               "Guten Tag {first},\n\nwir haben den Fehler behoben, es sollte jetzt wieder wie gewohnt funktionieren.\n\nBeste Grüße\n{agent}"],
        "pt": ["Olá {first},\n\nboa notícia: a correção já está no ar e conferi na sua conta. Pode verificar aí também?\n\nAbraço,\n{agent}",
               "Oi {first},\n\ncorrigimos o problema do nosso lado e tudo deve funcionar normalmente de novo.\n\nAtenciosamente,\n{agent}"],
        "nl": ["Hallo {first},\n\ngoed nieuws: de oplossing staat live en ik heb het in jullie omgeving gecontroleerd. Wil je het ook even testen?\n\nGroet,\n{agent}",
               "Beste {first},\n\nhet probleem is aan onze kant verholpen; alles zou weer normaal moeten werken.\n\nMet vriendelijke groet,\n{agent}"],
    },
    "workaround": {
        "en": ["Hi {first},\n\nwhile the permanent fix is being worked on, the steps below avoid the problem. I'll let you know once the fix ships.\n\nBest,\n{agent}"],
        "de": ["Hallo {first},\n\nbis die endgültige Korrektur kommt, umgehen Sie das Problem mit den folgenden Schritten. Ich melde mich, sobald der Fix ausgeliefert ist.\n\nViele Grüße\n{agent}"],
        "pt": ["Olá {first},\n\nenquanto a correção definitiva não sai, o contorno abaixo evita o problema. Aviso assim que a correção for publicada.\n\nAbraço,\n{agent}"],
        "nl": ["Hallo {first},\n\nzolang de definitieve oplossing er nog niet is, kun je het probleem met onderstaande stappen omzeilen. Ik laat het weten zodra de fix live staat.\n\nGroet,\n{agent}"],
    },
    "answered_with_article": {
        "en": ["Hi {first},\n\nour help centre has a step-by-step article for exactly this; I've linked it below. If anything is unclear, just reply here.\n\nBest,\n{agent}"],
        "de": ["Hallo {first},\n\ndazu gibt es in unserem Hilfe-Center eine Schritt-für-Schritt-Anleitung, den Link finden Sie unten. Bei Fragen antworten Sie einfach auf dieses Ticket.\n\nViele Grüße\n{agent}"],
        "pt": ["Olá {first},\n\ntemos um artigo na central de ajuda que explica isso passo a passo, o link está abaixo. Qualquer dúvida é só responder aqui.\n\nAbraço,\n{agent}"],
        "nl": ["Hallo {first},\n\nin ons helpcentrum staat een artikel dat dit stap voor stap uitlegt; de link staat hieronder. Kom je er niet uit, reageer dan gewoon op deze ticket.\n\nGroet,\n{agent}"],
    },
    "added_to_roadmap": {
        "en": ["Hi {first},\n\nthis isn't possible today, but I've passed your request to our product team and it is now on the roadmap. Thanks for the suggestion!\n\nBest,\n{agent}"],
        "de": ["Hallo {first},\n\ndas ist aktuell leider nicht möglich. Ich habe Ihren Wunsch an unser Produktteam weitergegeben, er steht jetzt auf der Roadmap.\n\nViele Grüße\n{agent}"],
        "pt": ["Olá {first},\n\nhoje isso ainda não é possível, mas encaminhei sua sugestão ao time de produto e ela entrou no nosso roadmap. Obrigado!\n\nAbraço,\n{agent}"],
        "nl": ["Hallo {first},\n\ndat kan op dit moment nog niet, maar ik heb je wens doorgezet naar ons productteam en het staat nu op de roadmap.\n\nGroet,\n{agent}"],
    },
    "cannot_reproduce": {
        "en": ["Hi {first},\n\nwe tried on several devices and accounts but could not reproduce this, and the logs show no errors for your account. If it happens again, reply with the time and a screenshot and we'll pick it up straight away.\n\nBest,\n{agent}"],
        "de": ["Hallo {first},\n\nwir konnten das Verhalten trotz mehrerer Versuche nicht nachstellen, und in den Protokollen finden wir keine Fehler. Falls es wieder auftritt, antworten Sie bitte mit Uhrzeit und Screenshot.\n\nViele Grüße\n{agent}"],
        "pt": ["Olá {first},\n\ninfelizmente não conseguimos reproduzir o erro e os logs da sua conta não mostram falhas. Se acontecer de novo, responda com o horário e um print que retomamos na hora.\n\nAbraço,\n{agent}"],
        "nl": ["Hallo {first},\n\nhelaas konden we het probleem niet reproduceren en in de logs zien we geen fouten. Gebeurt het opnieuw, reageer dan met het tijdstip en een schermafdruk.\n\nGroet,\n{agent}"],
    },
    "third_party": {
        "en": ["Hi {first},\n\nthe cause lies with an external provider; we've reported it to them and they confirmed the fix on their side. Nothing more is needed from you.\n\nBest,\n{agent}"],
        "de": ["Hallo {first},\n\ndie Ursache lag bei einem externen Anbieter. Wir haben es dort gemeldet, die Korrektur wurde von deren Seite bestätigt.\n\nViele Grüße\n{agent}"],
        "pt": ["Olá {first},\n\na causa estava em uma plataforma de terceiros; acionamos o fornecedor e ele confirmou a correção.\n\nAbraço,\n{agent}"],
        "nl": ["Hallo {first},\n\nde oorzaak lag bij een externe partij. We hebben het daar gemeld en zij hebben de oplossing bevestigd.\n\nGroet,\n{agent}"],
    },
    "duplicate": {
        "en": ["Hi {first},\n\nyour colleague reported the same issue earlier today, so I'm merging this into that ticket; you'll get the updates there.\n\nBest,\n{agent}"],
        "de": ["Hallo {first},\n\nein Kollege von Ihnen hat dasselbe Problem bereits gemeldet; wir führen es dort weiter und halten Sie auf dem Laufenden.\n\nViele Grüße\n{agent}"],
        "pt": ["Olá {first},\n\num colega seu já abriu um chamado sobre o mesmo problema; vamos tratar tudo por lá e você recebe as atualizações.\n\nAbraço,\n{agent}"],
        "nl": ["Hallo {first},\n\neen collega van je heeft hetzelfde probleem al gemeld; we handelen het daar af en houden je op de hoogte.\n\nGroet,\n{agent}"],
    },
}

DEFAULT_RES = {
    "fixed": "Fixed on our side; verified with the customer.",
    "workaround": "Workaround given; permanent fix tracked separately.",
    "answered_with_article": "Answered with help-centre article.",
    "added_to_roadmap": "Feature request logged with product; customer informed.",
    "cannot_reproduce": "Could not reproduce on test devices; no errors in logs.",
    "third_party": "Caused by an external provider; provider fixed it.",
    "duplicate": "Duplicate of an earlier ticket from the same company.",
}

APPROVAL_NOTES = ["Customer approved by e-mail.", "Approved by phone, customer asked for it to be done after 18:00.",
                  "Client admin gave the go-ahead in the ticket.", "Approval received from the customer's IT lead."]

# ---------------------------------------------------------------- internal texts (team language: English)

NOTE_BEFORE_ESC = [
    "Reproduced on the test tenant with the customer's settings. Not in the known-issues list. Escalating.",
    "Checked status page and recent deploys, nothing matching. Logs attached to the hand-over.",
    "Customer confirmed it started after the last release. Looks like a regression.",
    "Basic troubleshooting done (cache, other browser, re-login); still happens. Needs Tier 2.",
]
NOTE_T2 = [
    "Picked up. Replicating on staging with a copy of the tenant config.",
    "Root cause analysis started; pulled the request traces for the reported time window.",
    "Looking at this together with the DBA team; first look suggests a data problem, not config.",
    "Replicated. Preparing a workaround for the customer while I dig further.",
]
NOTE_ENG = [
    "Taken. Reproduced in a unit test; fix branch opened.",
    "Investigating; profiling the query path in staging.",
    "Confirmed in code. Fix planned for the next patch release, KB article to be updated afterwards.",
]
STEPS_T1 = [
    "Checked known issues and status page; cleared cache and retried with the customer; reproduced in a second browser; collected screenshots and timestamps.",
    "Verified account configuration and permissions; asked customer to re-login and retry; reproduced on test tenant; gathered app version and device info.",
    "Reviewed recent changes on the customer's account (none); compared with a healthy tenant; pulled the error from the web logs.",
]
STEPS_T2 = [
    "Replicated on staging with the customer's configuration; traced the failing request; ruled out network and permissions; confirmed with DBA that data is consistent.",
    "Root-cause analysis: isolated the failing code path with request traces; provided the customer a temporary workaround; needs a code change.",
    "Load-tested the endpoint on staging; profiled the slow query; confirmed the behaviour is independent of the customer's data volume.",
]
