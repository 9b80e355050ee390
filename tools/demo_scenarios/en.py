"""English demo tickets (hand-written scenarios). See build_demo_data.py for the field names."""

TICKETS: list[dict] = []


def T(**kw):
    kw.setdefault("lang", "en")
    TICKETS.append(kw)


LONG_LOG = "\n".join(
    f"2024-11-1{d} 0{h}:{m:02d}:{s:02d}.{ms:03d} [sync-worker-{w}] {lvl} {msg}"
    for d, h, m, s, ms, w, lvl, msg in [
        (8, 6, 2, 11, 304, 2, "INFO ", "SyncSession start device=IPAD-7F3A user=owen@brightlane.example pending=37"),
        (8, 6, 2, 11, 912, 2, "INFO ", "upload batch 1/4 reports=10 photos=212 bytes=48211934"),
        (8, 6, 2, 19, 40, 2, "WARN ", "photo upload retry id=ph_88213 attempt=2 reason=ECONNRESET"),
        (8, 6, 2, 27, 518, 2, "WARN ", "photo upload retry id=ph_88213 attempt=3 reason=ECONNRESET"),
        (8, 6, 2, 41, 2, 2, "ERROR", "photo upload failed id=ph_88213 status=413 Payload Too Large limit=25MB size=31.4MB"),
        (8, 6, 2, 41, 3, 2, "ERROR", "report INS-2024-1187 marked failed: attachment ph_88213 not stored"),
        (8, 6, 2, 41, 77, 2, "INFO ", "upload batch 2/4 reports=10 photos=198 bytes=45102211"),
        (8, 6, 3, 2, 650, 2, "INFO ", "batch 2/4 ok"),
        (8, 6, 3, 2, 651, 2, "INFO ", "upload batch 3/4 reports=10 photos=240 bytes=51220877"),
        (8, 6, 3, 30, 199, 2, "WARN ", "server responded 503 Service Unavailable (retry-after=30)"),
        (8, 6, 4, 0, 201, 2, "WARN ", "server responded 503 Service Unavailable (retry-after=30)"),
        (8, 6, 4, 30, 207, 2, "ERROR", "batch 3/4 aborted after 3 attempts: upstream 503"),
        (8, 6, 4, 30, 208, 2, "INFO ", "SyncSession end ok=10 failed=11 skipped=16 duration=139.2s"),
        (9, 7, 15, 44, 18, 1, "INFO ", "SyncSession start device=IPAD-7F3A user=owen@brightlane.example pending=27"),
        (9, 7, 15, 45, 730, 1, "ERROR", "report INS-2024-1187 conflict: server version 7 > local version 5, manual merge required"),
        (9, 7, 15, 45, 731, 1, "ERROR", "report INS-2024-1190 conflict: server version 4 > local version 3, manual merge required"),
        (9, 7, 15, 46, 12, 1, "INFO ", "upload batch 1/3 reports=9 photos=180 bytes=40021553"),
        (9, 7, 16, 20, 480, 1, "WARN ", "TLS handshake slow host=api.lumora.example elapsed=8412ms"),
        (9, 7, 16, 58, 903, 1, "ERROR", "batch 1/3 timeout after 60000ms"),
        (9, 7, 16, 58, 904, 1, "INFO ", "SyncSession end ok=0 failed=27 skipped=0 duration=74.8s"),
    ]
)

# ------------------------------------------------------------------ new (unassigned)

T(c="C-10001", st="new", ch="email", tags=["publishing"], h=1.2,
  s="Cannot publish inspection report – sync fails",
  b="Hi,\n\nsince this morning none of my inspection reports will publish. I tap Publish, the spinner runs for a minute and then it says \"Sync failed, try again later\". I have three reports due to clients today (roof inspections for the Carver St. job) and I cannot complete them.\n\nI already restarted the iPad and logged out and in again. Same result.\n\nPlease help asap.\nJana")
T(c="C-10008", st="new", ch="form", tags=["check-in"], h=0.6,
  s="Scanner app rejects every ticket at gate B",
  b="We're running the Harbour Lights night market tonight and the check-in app on the two Android scanners at gate B says \"Ticket not valid for this event\" for EVERY ticket, including ones we sold yesterday. Gate A (iPhones) works. Queue is getting long, we're letting people in manually and writing names down. We cannot complete check-in properly. Please call me on the event phone if that's faster.")
T(c="C-10011", st="new", ch="email", h=5.4,
  s="How do I add a logo to the survey invitation email?",
  b="Hello,\n\nwe'd like our company logo at the top of the invitation emails that go out with our customer satisfaction survey. I found where to change the subject line but not the header. Is that something we can do on the Basic plan?\n\nThanks,\nNoah")
T(c="C-10013", st="new", ch="form", h=9.0,
  s="Question about the invoice for October",
  b="Our finance team asks why the October invoice shows 14 respondent seats when we only have 12 active users. Can you send a breakdown? We'd also like the VAT number on the invoice to be updated to GB 284 1190 33.")
T(c="C-10002", st="new", ch="email", h=14.5,
  s="see subject",
  b="see subject")
T(c="C-10009", st="new", ch="email", tags=["export"], h=3.3,
  s="[URGENT] export [v2] broken",
  b="The new attendee export (the one labelled v2 in the Reports menu) gives me a CSV where every row after 1,000 is empty – just commas. The old export still works but doesn't include the dietary requirements column which our caterer needs by Friday.\n\nEvent: Cobalt Winter Sessions, ~4,300 attendees.")
T(c="C-10012", st="new", ch="form", h=22.0,
  s="Is it possible to schedule a survey reminder?",
  b="Hi! We send a pulse survey every Monday. Is it possible to have the system automatically send a reminder on Thursday only to the people who haven't answered yet? Right now I copy the list by hand.\n\nIsla")
T(c="C-10004", st="new", ch="phone", h=2.1,
  s="Phone call: new inspector needs access to templates",
  b="Wendy called: they hired a new inspector (Ravi) who starts Monday. She wants to know how to give him access to the \"Residential – Pre-purchase\" template set without giving him admin rights. Callback requested after 14:00.")
T(c="C-10010", st="new", ch="email", h=27.5,
  s="How can I change the currency on our ticket shop?",
  b="Hi there,\n\nwe're doing our first event in Ireland next spring and need the shop for that event in EUR while the others stay in GBP. How can I set that up? Do I need a separate organiser account?\n\nTessa")
T(c="C-10006", st="new", ch="email", tags=["data-loss"], h=0.9,
  s="Photos disappeared from 6 reports after update – data loss?",
  b="Hello support,\n\nafter updating the app to 4.3.0 this morning, six of my draft reports from yesterday show grey placeholders instead of photos. These were taken offline at a site with no signal. The reports haven't synced yet. Is this data loss? I have not touched anything since, I'm afraid to sync and make it worse.\n\nPlease advise urgently, these are for a bank valuation.\nLiam Doherty\nHarbourview Property Surveys")
T(c="C-10015", st="new", ch="email", tags=["security"], h=4.0,
  s="Suspicious login notification from an unknown country",
  b="Hi,\n\nI received a \"new sign-in\" email for my account from Lagos, Nigeria at 03:12 our time. I was asleep and nobody else uses my account. I've changed my password. Can you check whether someone actually got in and whether any case files were downloaded? We're an audit firm so this is a potential security incident for us and I need to document it.\n\nAaron Pike\nAtlas Compliance Partners")
T(c="C-10003", st="new", ch="form", h=18.0,
  s="Template question: conditional sections",
  b="Can a template section be shown only when a previous answer is \"Yes\"? e.g. only show the \"Mould assessment\" section if \"Signs of damp\" = Yes. I remember seeing this in a webinar but can't find the setting.")
T(c="C-10011", st="new", ch="email", h=33.0,
  s="Do you have a status page I can subscribe to?",
  b="Hi, quick one – do you publish planned maintenance somewhere? We run surveys for clients on weekends and would like to know in advance. An RSS feed or email subscription would be perfect.\n\nThanks, Noah")
T(c="C-10005", st="new", ch="phone", tags=["sso"], h=1.7,
  s="Nobody can log in via SSO since 8am",
  b="Grace phoned in: since about 08:00 none of their 40 surveyors can log in with Microsoft SSO. They get \"AADSTS50011: The redirect URI specified in the request does not match\". Password login is disabled for their tenant, so nobody can log in at all. Their IT says nothing changed on their side. Premium customer, wants a call back within the hour.")
T(c="C-10008", st="new", ch="email", h=11.2,
  s="Wallet passes show the wrong venue address",
  b="Hey,\n\nwe moved the Saturday show from Pier 9 to the Old Tram Depot and updated the venue in the event settings. New PDF tickets show the new address but Apple Wallet passes that people already added still show Pier 9. Is there a way to push an update to the passes?\n\nRuby")
T(c="C-10002", st="new", ch="form", h=7.5,
  s="Copy a finished report as a starting point for a re-inspection",
  b="We do a lot of re-inspections 6 months later at the same property. Ideally I'd duplicate last time's report with the property details and photos of the baseline, then just update the findings. How to do that without retyping everything?")

# ------------------------------------------------------------------ open, tier 1

T(c="C-10003", st="open", ch="email", tags=["sync"],
  s="Sync takes 20+ minutes on site Wi-Fi",
  b="Hi,\n\nsyncing has become really slow. A report with about 80 photos took 23 minutes on the client's Wi-Fi today; last month the same size was 2-3 minutes. Nothing fails, it just crawls. Other apps on the iPad are fine.\n\nOwen",
  env="iPadOS 17.6, Inspect 4.2.1", cl={"environment": "iPadOS 17.6, Inspect 4.2.1"},
  n="Photo resolution setting is 'Original' on this device – likely explains part of it. Asked for a sync log.")
T(c="C-10009", st="open", ch="email",
  s="Promo code applies discount twice",
  b="When a buyer uses promo code EARLYBIRD and then goes back one step in the checkout and forward again, the 15% discount is applied twice (we saw a £40 ticket sold for £28.90). Four orders so far. Looks like a bug in the checkout. Not the end of the world but we lose money on each one.\n\nDeclan")
T(c="C-10012", st="open", ch="form", noack=True,
  s="NPS dashboard shows incorrect score for last week",
  b="The NPS widget says 61 for week 45 but when I export the raw answers and calculate myself I get 48 (212 responses, 118 promoters, 16 passives, 78 detractors... wait that's 13%). Either way 61 is not right. Which responses does the dashboard count?")
T(c="C-10014", st="open", ch="email", tags=["permissions"],
  s="Reviewer cannot sign off work papers",
  b="Dear support,\n\nour new reviewer (Daniel Fox, added yesterday) gets \"You do not have permission to sign off this document\" on every work paper in the Halvorsen Ltd 2024 file. He has the Reviewer role, same as me, and I can sign off. We need his sign-off before the partner review on Thursday.\n\nVictoria Lang",
  r="Hello Victoria,\n\nthanks – I can see Daniel's account. Roles are assigned per engagement as well as globally; I'm checking whether he was added to the Halvorsen engagement team. I'll update you within the hour.\n\nAlice",
  n="Daniel has global role Reviewer but is not on the engagement team of Halvorsen 2024. Probably just that, waiting for Victoria to confirm before I change it.")
T(c="C-10010", st="open", ch="email",
  s="Seating plan editor freezes with large venues",
  b="In the seating plan editor for the Corn Exchange (2,100 seats) the browser freezes for ~30 seconds every time I move a block. Chrome offers to kill the page. Small venues are fine. I can still work, it's just slow and painful.\n\nTessa",
  q="Hi Tessa,\n\ncould you tell me which browser version and roughly how much RAM the laptop has? And does it also freeze when you zoom out completely before moving a block?\n\nThanks,\n{agent}",
  a="Chrome 130, 8 GB RAM, Windows 10. Zoomed out it's a bit better, maybe 15 seconds. Edge is the same.",
  n="Customer's laptop is on the low side but 2,100 seats should be fine. Will check with Tier 2 if no known issue.")
T(c="C-10001", st="open", ch="phone",
  s="Signature field blank on published PDF",
  b="Phone call from Jana: the client's signature captured on the iPad appears in the app preview but is blank in the published PDF for report INS-2024-1203. Other reports from the same day are fine. She re-published once, same result. She cannot publish an unsigned report to the client.",
  cl={"customer_number": "C-10001", "contact": "jana@brightlane.example"})
T(c="C-10013", st="open", ch="email",
  s="Survey link opens the wrong language",
  b="Hi,\n\nour German respondents get the survey in English even though the survey has a German translation and the contact list has language = de. Previously this worked. Could you check? Survey ID 77120.\n\nSam")
T(c="C-10007", st="open", ch="email",
  s="Client portal shows reports from another client",
  b="Hello,\n\none of our clients (Meadowbank Housing) told us that in the client portal they can see the titles of two reports that belong to a different client. They can't open them, but the titles include addresses. This is quite embarrassing and could be a data breach – please look into it with priority.\n\nHannah Brooks",
  n="Possible data exposure across clients in the portal. Titles only according to the customer. Checking sharing settings on the two reports before escalating.")
T(c="C-10004", st="open", ch="email",
  s="Team members list: how can I see who logged in last?",
  b="Hi, is there somewhere I can see when each inspector last logged in? We're reviewing licences and I think at least two accounts are unused.\n\nWendy")
T(c="C-10009", st="open", ch="form",
  s="Refund button greyed out for a cancelled order",
  b="Order #CF-558201 was cancelled by the customer through the self-service page but the refund button in the admin is greyed out and the payment still shows as captured. How do we get the money back to them?")
T(c="C-10002", st="open", ch="email", tags=["export"],
  s="CSV export of defects uses semicolons now",
  b="Since the last update the defects CSV export uses semicolons instead of commas, so our Power BI import fails. Was this on purpose? Can we switch it back?\n\nMarcus")
T(c="C-10015", st="open", ch="email",
  s="Case timeline very slow to load for large dossiers",
  b="For dossiers with more than ~2,000 documents the case timeline takes over a minute to load and sometimes times out with a 504. Smaller dossiers are fine. Our team works around it by using the document list, but the timeline is what the partners use.\n\nAaron",
  env="Windows 11, Edge 130", err="504 Gateway Timeout on /cases/{id}/timeline",
  repro="Open dossier ATL-2023-0457 (2,380 documents) → Timeline tab")

# ------------------------------------------------------------------ tier 2 (open, escalated)

T(c="C-10006", st="tier2", ch="email", tags=["sync", "offline"],
  s="Offline reports stuck in outbox after reconnect",
  b="Hi,\n\nI worked offline in a basement all day (11 reports). Back in the office on Wi-Fi, 8 uploaded and 3 are stuck in the outbox with a yellow triangle. Tapping \"Retry\" does nothing. I can still work on new reports but these three are due tomorrow.\n\nLiam",
  env="iPadOS 17.5, Inspect 4.2.1", err="Outbox item stuck, yellow triangle, no message",
  repro="Create reports offline with >40 photos each, reconnect, open Outbox",
  f="3 of 11 offline reports never leave the outbox. All three have >40 photos and one 4K video. App log shows the upload queue skipping items with state=paused_by_system.",
  logs="queue: item=INS-2024-1301 state=paused_by_system retries=0\nqueue: item=INS-2024-1302 state=paused_by_system retries=0",
  unassigned=True)
T(c="C-10014", st="tier2", ch="email", tags=["sso"],
  s="SAML login loops back to the login page for two users",
  b="Two of our users (j.ortega and m.baptiste) get redirected back to the login page in an endless loop when using SSO. Everyone else logs in fine. We compared their Entra ID accounts and can't see a difference.\n\nVictoria",
  env="Windows 11, Chrome 130 and Edge 130", err="Redirect loop, no error shown; browser dev tools show 302 → /login → /saml/acs → 302",
  repro="Log in as j.ortega via 'Sign in with Microsoft'", ecc="no",
  f="Both users have an email alias different from their UPN in Entra ID. The NameID we receive is the UPN; we match on email. Suspect our matching rule; deeper SAML knowledge needed.",
  crit2="deeper_knowledge")
T(c="C-10010", st="tier2", ch="email",
  s="Ticket PDF shows seat numbers of the previous order",
  b="Two buyers told us today their PDF tickets show seats from someone else's order (row F instead of row K). The order confirmation email has the right seats. That means someone else's seat numbers – to us that's a data breach, and it's for Saturday's show so we need this sorted quickly.\n\nTessa",
  env="Web shop, Chrome/Safari (buyers)", err="PDF seat labels differ from order (F12-F13 instead of K4-K5)",
  repro="Orders CF-559012 and CF-559014 → download PDF tickets",
  f="PDFs generated within the same second for two different orders appear to share a template cache key. Confirmed on two orders; order data in DB is correct.",
  wa1="Regenerate PDFs one by one from the order admin (Actions → Re-issue tickets).")
T(c="C-10003", st="tier2", ch="form",
  s="Report numbering restarted at 1",
  b="Our report numbers jumped from BRL-2024-0877 back to BRL-2024-0001 yesterday. Now we have duplicates which our accounting system rejects. Looks like a bug – what happened?",
  env="Web app, Chrome 130", err="Duplicate report numbers BRL-2024-0001..0014",
  repro="Create any new report in the Brightlane account",
  f="Numbering sequence for the tenant was reset; audit log shows a template import at 16:02 the same day. Import may recreate the sequence.",
  unassigned=True)
T(c="C-10012", st="tier2", ch="email",
  s="Quota stops survey too early",
  b="We set a quota of 200 completes for the 'Region North' group. The survey closed for that group at 164 completes. The dashboard says 164 too. Respondents are now getting the 'survey full' screen, which is wrong.\n\nIsla",
  env="Survey web, any browser", err="'This survey is full' shown at 164/200",
  repro="Survey 80455 → Quotas → Region North",
  f="Partial responses that later timed out seem to count towards the quota. 36 partials in the group, 164+36=200 exactly.",
  wa1="Temporarily raised the quota to 236 with customer's consent.")
T(c="C-10007", st="tier2", ch="email",
  s="Floor plan annotations shift after export",
  b="When we export a report to PDF, the arrows and circles on floor plans are shifted about 1 cm to the right compared to the app. Makes the annotations point to the wrong room. Happens on every report with a floor plan since about two weeks.\n\nHannah",
  env="PDF export from web and iPad, Inspect 4.2.x", err="Annotation offset in PDF",
  repro="Report HPS-2024-0332, page 4 floor plan → export PDF",
  f="Offset only for floor plans imported as PDF (not JPG). Likely page box vs media box handling in the renderer.",
  unassigned=True)
T(c="C-10013", st="tier2", ch="email",
  s="Webhook deliveries failing with 401",
  b="Our webhook endpoint started receiving requests that fail signature verification since Monday. We haven't changed the secret. Nothing in our code changed either.\n\nSam\n\nExample header we receive:\nX-Lumora-Signature: t=1731402211,v1=7c1f0e...",
  env="Webhook consumer: Node 20 on AWS Lambda", err="HMAC mismatch → 401 from customer endpoint",
  repro="Any survey response → webhook 'response.completed'",
  f="Since Monday's release the payload is serialised with a trailing newline. Signature is computed over the body without it. Customer verification fails on the raw body.",
  logs="delivery 9912331 → 401 (3 retries)\ndelivery 9912340 → 401 (3 retries)")

# ------------------------------------------------------------------ engineering (open)

T(c="C-10005", st="eng", ch="phone", tags=["publishing"],
  s="Unable to publish any report with more than 300 photos",
  b="Grace on the phone: reports with more than ~300 photos cannot be published since Tuesday. The publish job shows 'processing' forever. Large commercial surveys routinely have 400-600 photos, so they are unable to complete their main work for two clients. Premium customer.",
  env="Web + iPad 4.2.1", err="Publish job stays in 'processing' > 2 h; no error",
  repro="Report HPS-2024-0410 (512 photos) → Publish",
  f="PDF render worker OOM-killed for reports >300 photos since Tuesday's image pipeline change.",
  f3="Render worker memory grows linearly with photo count since the image pipeline change (photos decoded at full resolution before downscaling). OOM at ~300 photos on 2 GB workers.",
  crit3="performance", wa="Split report into two parts and publish separately.")
T(c="C-10014", st="eng", ch="email", tags=["security"],
  s="Shared case link still works after the share was revoked",
  b="Hello,\n\nwe revoked an external share link for case ATL-2024-0112 yesterday, but our client could still open the documents this morning using the old link. That's a security problem for us – the engagement was terminated.\n\nVictoria Lang",
  env="Web app", err="Revoked share link still returns documents", ecc="no",
  repro="Create external share → revoke → open link in private window",
  f="Revoked link still serves document downloads (the page itself shows 'revoked'). Download URLs are pre-signed for 7 days.",
  f3="Pre-signed storage URLs handed out before revocation stay valid for 7 days; revocation only hides the landing page. Needs shorter URL lifetime or proxy-based downloads.",
  crit3="security", unassigned=True)
T(c="C-10011", st="eng", ch="email",
  s="Email invitations going to spam at Outlook",
  b="About half of our invitations to Outlook/Hotmail addresses land in spam since last week (we asked a few respondents). Gmail is fine. Response rate dropped from 31% to 12%. Something must be wrong with the sending setup.\n\nNoah",
  env="Invitations from survey.lumora.example", err="Delivered to junk folder at outlook.com",
  repro="Send test invitation to an outlook.com address",
  f="Our sending IP pool for basic-plan tenants got listed on a Microsoft reputation list; DKIM passes, SPF passes.",
  f3="Shared IP pool 3 has a poor Microsoft SNDS reputation since one tenant sent to a bought list. Need per-tenant pool isolation; code change in the mail router.",
  crit3="code_change")
T(c="C-10006", st="eng", ch="email", tags=["sync"],
  s="[bold red]Sync conflict[/] message on every report",
  b="Hi,\n\nsince yesterday every report I open shows a red banner that literally says:\n\n[bold red]Sync conflict[/] – local version differs\n\nwith the square brackets visible. I can still work and sync but it's confusing and clients have seen it during walk-throughs. Screenshot attached.\n\nLiam",
  env="Android 14, Inspect 4.3.0", err="Banner text shows raw markup: [bold red]Sync conflict[/]",
  repro="Open any report on Android 4.3.0", bug=True,
  f="Android 4.3.0 renders the conflict banner without the markup parser; also it shows on reports that have no conflict (version check compares strings).")

# ------------------------------------------------------------------ pending

T(c="C-10001", st="pending", ch="email", last=30.5,
  s="Report photos rotated sideways in PDF",
  b="Hi, some photos (not all) appear rotated by 90° in the published PDF even though they look fine in the app. Mostly portrait photos taken with the iPad camera. The orientation is simply wrong.\n\nJana",
  q="Hi Jana,\n\ncould you send me the report number and, if possible, one of the original photos straight from the iPad's camera roll? That lets us check the orientation metadata.\n\nThanks,\n{agent}")
T(c="C-10009", st="pending", ch="form", last=44.0,
  s="Box office report totals don't match payouts",
  b="The box office summary for November says £18,420 in sales, the PayWave payout report says £17,966. The difference isn't the fees (those are separate), so one of the two reports is wrong. Can you help us reconcile? Accountant is asking.")
T(c="C-10012", st="pending", ch="email", last=26.0,
  s="Respondents can't upload files in survey",
  b="The file upload question in our vendor survey doesn't work for some respondents – they click 'Choose file' and nothing happens. Others managed fine.",
  r="Hi Isla,\n\nthanks for reporting this. The upload question works in our tests, so the details of the affected respondents will matter here.\n\n{agent}")
T(c="C-10004", st="pending", ch="email", last=47.0,
  s="How do I transfer reports from a departing inspector?",
  b="One of our inspectors is leaving at the end of the month. How can I move all of his reports (about 400) to another inspector so the clients keep access?\n\nWendy",
  q="Hi Wendy,\n\nhappy to help. Before I explain the transfer: should the reports keep showing him as the author (most customers want that for liability), or should they show the new inspector?\n\n{agent}")
T(c="C-10013", st="pending", ch="email", last=38.0,
  s="Dashboard chart labels cut off",
  b="In the shared dashboard the labels on the bar chart are cut off after ~12 characters. Our answer options are longer so it's unreadable – the chart is basically broken for us.",
  a="Chrome on a Mac. It also happens in the PDF export of the dashboard.",
  q0="Hi Sam,\n\nwhich browser are you using, and does it also happen in the PDF export of the dashboard?\n\n{agent}",
  q="Hi Sam,\n\nthanks. Could you share the dashboard link (or the survey ID) so I can look at the exact labels? A screenshot would help as well.\n\n{agent}")
T(c="C-10008", st="pending", ch="email", last=63.5,
  s="Badge printing prints two badges per attendee",
  b="At the registration desk the badge printer (Zebra ZD421) prints every badge twice. It started at the conference yesterday. We turned the printer off and on. It's a waste of badge stock but we can manage. Something is wrong with the print job.\n\nRuby")
T(c="C-10003", st="pending", ch="email", last=67.0,
  s="Signature pad lag on Android tablet",
  b="On our Lenovo tablets, the client signature lags so much that signatures look like zigzags. The pen input is just too slow. iPads are fine.",
  q="Hi Owen,\n\ncould you tell me the Android version and app version on the Lenovo tablets, and whether a stylus or finger is used?\n\n{agent}")
T(c="C-10011", st="pending", ch="email", last=69.0,
  s="Can I get an invoice with our PO number on it?",
  b="Hello, our purchasing department requires the PO number on every invoice. Could you reissue invoice LUM-INV-2024-08812 with PO 4500917733? Thanks, Noah",
  q="Hi Noah,\n\nsure. For our billing team: should the PO number appear on all future invoices as well, or only this one? And is the billing address still the Leeds office?\n\n{agent}")
T(c="C-10002", st="pending", ch="email", last=150.0,
  s="Offline maps not loading on site",
  b="The offline map tiles we downloaded for the Dunmore estate don't show on site – just a grey grid, offline maps are not working at all. Online they show fine. Not blocking, we use paper maps for now.")
T(c="C-10010", st="pending", ch="email", last=212.0,
  s="Question about the subscription renewal date",
  b="Hi, our subscription renewed on the 3rd but I thought we had moved to annual billing in the summer. Can you confirm what we're on and when the next renewal is? Tessa",
  q="Hi Tessa,\n\nI can see two organiser accounts under Cobalt Festival Group. Which one is this about – 'Cobalt Festivals' or 'Cobalt Winter Sessions'?\n\n{agent}")
T(c="C-10007", st="pending", ch="email", last=290.0,
  s="Inspector app logs out every few hours",
  b="Since last week two of our inspectors get logged out of the app several times a day and have to enter password + 2FA again. Annoying on site with gloves. Others are unaffected.\n\nHannah",
  q="Hi Hannah,\n\ncould you give me the names of the two inspectors and their device models? I'd also like to know whether they use the iPad in split-screen with another app.\n\n{agent}")
T(c="C-10001", st="pending", ch="form", last=41.0,
  s="Change the company name shown on the report cover",
  b="We've rebranded from 'Brightlane Building Inspections' to 'Brightlane Inspections'. How do I change the name on the cover page of reports without breaking old ones?",
  q="Hi Jana,\n\ndo you want already-published reports to keep the old name (recommended, they are signed documents), and only new reports to show the new name?\n\n{agent}")
T(c="C-10005", st="pending", ch="email", last=22.0,
  s="Custom fields missing from API response",
  b="Our integration reads reports via the API (GET /v2/reports/{id}). Custom fields we added last month are missing from the response, though they're in the PDF. Are they behind a parameter?\n\nGrace")
T(c="C-10009", st="pending", ch="email", last=35.0,
  s="Duplicate confirmation emails to buyers",
  b="Several buyers complain they received the order confirmation two or three times. One of them thinks she was charged three times (she wasn't, we checked). Is this a bug on your side? Since when is this happening?",
  r="Hi Declan,\n\nthanks, I'm checking the mail logs for your shop now.\n\n{agent}",
  q="Hi Declan,\n\nI found duplicate sends for orders placed via the embedded widget on your website only. Could you tell me whether you changed anything in the embed code recently, and send me the page URL where the widget is embedded?\n\n{agent}")

# ------------------------------------------------------------------ on hold

T(c="C-10008", st="hold", ch="email",
  s="Payouts delayed for three days",
  b="Our payout from last week's ticket sales hasn't arrived. Usually it's there in 2 business days. We have suppliers to pay on Friday.\n\nRuby",
  r="Hi Ruby,\n\nI checked: the payout was created on our side on Monday and handed to PayWave. I've asked them for the status and will let you know.\n\n{agent}",
  tp="Waiting for PayWave (payment provider) – payout PO-88123 shows 'in transit' since Monday.")
T(c="C-10012", st="hold", ch="email",
  s="SMS invitations not delivered to one mobile network",
  b="Respondents on one mobile network (they're all on the same carrier as far as I can tell) aren't receiving SMS survey invitations – the SMS channel is not working for them. Others get them fine.",
  tp="Waiting on SMS gateway provider: their carrier route to the network is flagged; ticket SMSG-44120 opened with them.")
T(c="C-10014", st="hold", ch="email",
  s="Bulk import of 2024 engagements fails halfway",
  b="Our import of 380 engagements from the old system stops at row 191 with 'Unexpected value'. We're still working in the old tool, but we wanted to go live next week.\n\nVictoria",
  r="Hello Victoria,\n\nrow 191 contains a fiscal year end of 31-02-2024, which doesn't exist. The importer should say that more clearly. I've prepared a fix for the file that I'd like you to approve before I run it, since it changes your data.\n\n{agent}",
  appr="Correct the invalid date in row 191 (31-02-2024 → 29-02-2024) and the two other invalid dates in rows 240 and 311, then re-run the import in a sandbox first, then production.")
T(c="C-10007", st="hold", ch="email",
  s="Move our tenant to the EU data centre",
  b="Our new contract with a housing association requires all data to be stored in the EU. Can you move our tenant? What's the downtime?\n\nHannah",
  r="Hi Hannah,\n\nyes, we can migrate your tenant to our Frankfurt region. It takes about 2 hours of read-only time. I've written up the plan below; once you approve it we'll schedule it.\n\n{agent}",
  appr="Migrate tenant harbourview to the EU-Frankfurt region on a Saturday morning; 2 h read-only window; mobile apps need re-login afterwards.")
T(c="C-10013", st="hold", ch="form",
  s="Google Sheets integration stopped updating",
  b="The Google Sheets integration stopped adding new responses to our sheet on Tuesday. The connection still shows as active, but it's not working.",
  tp="Google Sheets API returns 429 for the customer's project since Tuesday; waiting for Google's quota increase request (case opened by our integrations team).")
T(c="C-10006", st="hold", ch="email",
  s="Re-index search for our account – results incomplete",
  b="Searching for addresses in the report list misses many reports. For example '14 Albion Road' returns nothing although the report exists. Search used to be reliable.\n\nLiam",
  r="Hi Liam,\n\nthe search index for your account is incomplete after last week's migration. The fix is a full re-index, which makes search unavailable for about 10 minutes. I'll wait for your OK before starting it.\n\n{agent}",
  appr="Re-index the harbourview tenant search index; ~10 minutes without search, reports themselves unaffected.")
T(c="C-10002", st="hold", ch="email",
  s="Xero integration sends invoices twice",
  b="The Xero integration created two draft invoices for each report we published yesterday. We've deleted the duplicates by hand, but this is clearly a bug.\n\nMarcus",
  tp="Xero API outage yesterday caused retries to create duplicates; waiting on Xero's incident report to confirm idempotency keys were ignored.")

# ------------------------------------------------------------------ solved

T(c="C-10004", st="solved", ch="email", out="answered_with_article", sc=7,
  s="How do I reset my password?",
  b="Hi, I can't remember my password and the reset email hasn't shown up in my inbox. Maybe it went to spam? How do I reset it another way?\nWendy",
  fx="Hi Wendy,\n\nthe reset email was in your quarantine folder (your mail server held it). I've re-sent it; the article below also explains how to whitelist our sender address.\n\n{agent}",
  res="Reset mail held by customer's mail quarantine. Re-sent; sent article on whitelisting noreply@lumora.example.")
T(c="C-10010", st="solved", ch="email", out="fixed", sc=6,
  s="Check-in count differs between devices",
  b="Our two scanning phones show different 'checked in' numbers for the same event (412 vs 398). Which one is correct?",
  q="Hi Tessa,\n\ncould you tell me the app version on both phones? The app syncs counts every 30 seconds when online.\n\n{agent}",
  a="One phone is on 3.9.2, the other on 3.8.0. The 3.8.0 one shows the lower number.",
  fx="Hi Tessa,\n\nthe older app version doesn't count scans from other devices after a network drop. Updating the second phone to 3.9.2 fixes it; the server count (412) was correct all along.\n\n{agent}",
  res="Old scanner app 3.8.0 doesn't merge counts after reconnect. Customer updated to 3.9.2; counts match.")
T(c="C-10013", st="solved", ch="email", out="added_to_roadmap",
  s="Is it possible to export open-text answers to Word?",
  b="Hi, our clients like reading the verbatim comments in Word. Is it possible to export open-text answers to a .docx, grouped by question?",
  res="Word export of open answers not available; added to roadmap (PROD-1182). Suggested CSV export + mail merge meanwhile.")
T(c="C-10001", st="solved", ch="email", out="workaround", esc=2,
  s="Published report missing appendix pages",
  b="The appendix with the moisture readings (page 14-17 in the preview) is missing in the published PDF. Without the readings I cannot complete the report for the client.\n\nJana",
  env="Web app, Chrome 130", err="Appendix pages not in published PDF", repro="INS-2024-1244 → Publish",
  f="Appendix built from a table with 120 rows is dropped in the PDF renderer; preview uses a different renderer.",
  ds="Renderer drops tables >100 rows in appendices; fix scheduled. Workaround: split the table into two appendix sections.",
  fx="Hi Jana,\n\nwe found the cause: very long tables in an appendix are dropped by the PDF renderer. Until the fix is released, split the moisture table into two appendix sections (max 100 rows each) and publish again – I tested it with your report.\n\n{agent}",
  res="Workaround: split appendix table into sections of <=100 rows. Engineering fix tracked in ENG-2291.", sc=5)
T(c="C-10015", st="solved", ch="email", out="fixed", esc=3, sc=6,
  s="Audit trail export times out",
  b="Exporting the audit trail for the full year (Settings → Audit → Export) fails with a timeout after about 2 minutes. We need this for our ISO audit next week.\n\nAaron",
  env="Web app, Edge 130", err="504 Gateway Timeout after 120 s", repro="Settings → Audit → Export → 01.01.–31.10.",
  f="Export query scans the full audit table without tenant index.",
  f3="Missing composite index (tenant_id, at) on audit_events; query takes 190 s for this tenant.",
  crit3="performance", ds="Index added and export made asynchronous (download link by email) in release 2024.11.2.",
  res="Engineering added the index and moved the export to a background job (2024.11.2). Customer exported the full year.")
T(c="C-10009", st="solved", ch="email", out="third_party",
  s="Apple Pay option disappeared from checkout",
  b="Apple Pay vanished from our checkout page on Saturday. Card payments still work but a lot of our buyers use Apple Pay on mobile.",
  tp="Apple Pay domain verification expired at PayWave; waiting for them to re-verify cobaltfest.example.",
  tpr="PayWave re-verified the domain.",
  res="PayWave's Apple Pay domain verification for the shop domain had expired; PayWave renewed it.")
T(c="C-10011", st="solved", ch="email", out="answered_with_article", sc=7,
  s="How to embed a survey on our website?",
  b="Hello! We'd like the survey to appear inside a page on our website instead of opening a new tab. How to do this? We use WordPress.",
  res="Sent KB article on embedding surveys (iframe / WordPress block).")
T(c="C-10003", st="solved", ch="email", out="cannot_reproduce",
  s="App crashes when adding a second photo to a comment",
  b="The iPad app crashes every time I add a second photo to a defect comment. First photo is fine.",
  q="Hi Owen,\n\nwhich iPad model and app version is this, and does it happen with photos from the camera roll as well as the in-app camera?\n\n{agent}",
  a="iPad 9th gen, app 4.2.1. Only with the in-app camera. Actually since I updated iPadOS last night I can't make it crash any more.",
  res="Could not reproduce on iPad 9th gen / 4.2.1; customer can no longer reproduce after iPadOS update.")
T(c="C-10014", st="solved", ch="phone", out="fixed", hot="Grant Daniel Fox the Reviewer role on the engagement team of Bergvik 2024 (hotfix, permission change only).",
  s="New team member cannot open engagement files",
  b="Phone call: Victoria says a new senior (Daniel Fox) can't open any file in the Bergvik 2024 engagement: 'Access denied'. Needs access today.",
  res="User was not on the engagement team. Added with Reviewer role (hotfix). Confirmed by phone.")
T(c="C-10012", st="solved", ch="email", out="duplicate",
  s="Survey closed by itself??",
  b="Our employee survey shows 'closed' although the end date is next Friday. Nobody here closed it. Respondents get an error page.",
  res="Same issue as reported by Sam Whitaker earlier (quota reached on partials). Merged.")
T(c="C-10006", st="solved", ch="email", out="fixed", appr="Restore the six draft reports from the device backup taken on 12.11. and re-attach the 143 photos from the server-side upload staging area.", sc=7,
  s="Lost photos on draft reports after reinstalling app",
  b="I had to reinstall the app because it wouldn't start, and now the photos on my draft reports are gone. The text is still there. Can these be recovered?? About 140 photos. If not, that's real data loss for us.\n\nLiam",
  res="Photos were in the upload staging area; restored after customer approval. All 143 photos back.")
T(c="C-10002", st="solved", ch="email", out="workaround",
  s="Dates in PDF shown in US format",
  b="Our reports show dates as 11/04/2024 which our UK clients read as 11 April. Should be 4 November. Where do I change the date format?",
  res="Tenant locale was en-US; changed to en-GB. Existing PDFs need re-publishing (workaround until per-report locale is available).",
  reopen="Thanks, new reports are fine. But the reports published last week still show the US format – do I have to republish all of them?",
  fx2="Hi Marcus,\n\nyes – already-published PDFs are frozen documents, so they keep the old format until they're re-published. You can select them in the report list and use 'Re-publish selected' to do it in one go.\n\n{agent}")
T(c="C-10008", st="solved", ch="email", out="fixed", sc=4,
  s="Attendees not receiving tickets after purchase",
  b="Since about 2pm today buyers aren't getting their ticket emails. Orders go through and payments are taken. We've had 30+ complaints on social media. For our buyers this is basically an outage. Event is tomorrow!",
  fx="Hi Ruby,\n\nour email provider had a queue backlog this afternoon. All pending ticket emails (212 for your events) have now been delivered; buyers can also download tickets from the order page.\n\n{agent}",
  res="Email provider backlog 14:02-16:40; queue drained, all ticket emails delivered.")
T(c="C-10011", st="solved", ch="form", out="answered_with_article",
  s="Question about GDPR and respondent data",
  b="Where are respondent answers stored and for how long? Our DPO needs this for our records of processing. Do you have a DPA we can sign?",
  res="Sent data retention/GDPR article and the standard DPA.")
T(c="C-10005", st="solved", ch="email", out="fixed", esc=2, sc=6,
  s="Inspection template changes not reaching iPads",
  b="We updated the 'Commercial – Fire safety' template on Monday. The iPads still show the old version even after sync. Inspectors are using outdated questions. We can still work but it's a compliance issue.\n\nGrace",
  env="iPadOS 17.6, Inspect 4.2.1", err="Old template version (v12) on devices; web shows v13",
  repro="Edit template → Save & publish → sync iPad",
  f="Template publish job failed silently for this tenant (template contains an emoji in a section title).",
  ds="Template publish job fixed to accept emoji in titles; v13 republished.",
  res="Template publish job failed on an emoji in a section title; fixed at Tier 2 and republished.")
T(c="C-10013", st="solved", ch="email", out="added_to_roadmap", sc=3,
  s="Question: can respondents save and continue later?",
  b="Our survey is long (about 60 questions). Can respondents save their progress and come back later on another device?",
  res="Cross-device resume not supported (same-device resume is). Added to roadmap PROD-1201.")
T(c="C-10003", st="solved", ch="email", out="fixed",
  s="Unable to publish: 'Template version mismatch'",
  b="Hi, I'm unable to publish report BRL-2024-0902. It says 'Template version mismatch – please update'. I've synced several times. Client is waiting for the report this afternoon.\n\nOwen",
  hot="Re-link report BRL-2024-0902 to template v8 (hotfix on report metadata).",
  res="Report linked to a deleted template version; re-linked to current version (hotfix). Published.")

# ------------------------------------------------------------------ closed

T(c="C-10001", st="closed", ch="email", out="answered_with_article", sc=7,
  s="How can I add a second user to our account?",
  b="Hi, we've hired another inspector. How can I add him to our account and what does it cost?\n\nJana",
  res="Sent article on adding users; explained per-seat pricing on Standard.")
T(c="C-10009", st="closed", ch="email", out="fixed", sc=6,
  s="Event page shows sold out but tickets remain",
  b="Our event page says SOLD OUT but the admin shows 86 tickets still available in the 'Standing' category. We're unable to complete sales for standing tickets and we're losing money every hour!",
  res="Category had an expired sales window; extended by customer after guidance. Page cache purged.")
T(c="C-10012", st="closed", ch="email", out="answered_with_article",
  s="How do I share results with a client who has no account?",
  b="I want to share the dashboard of survey 80112 with our client. They don't have an account. How do I do that without giving them a login?",
  res="Public dashboard link article sent.")
T(c="C-10007", st="closed", ch="email", out="fixed", esc=3, sc=5,
  s="Report list takes a minute to load",
  b="The report list in the web app has become very slow – about a minute before anything appears. We have roughly 18,000 reports. Filtering is equally slow.\n\nHannah",
  env="Web app, Chrome 129", err="List view loads in 55-70 s", repro="Log in → Reports",
  f="Slow list query for tenants with >15k reports; count(*) over full table on every load.",
  f3="Report list runs an unbounded count and sorts on an unindexed column; needs query change.",
  crit3="performance", ds="Query rewritten with keyset pagination, released in 2024.10.3; list loads in <2 s.",
  res="Engineering rewrote the list query (keyset pagination), 2024.10.3. Verified <2 s for the customer.")
T(c="C-10015", st="closed", ch="email", out="third_party",
  s="Document preview not working for .msg files",
  b="We can't preview Outlook .msg files in the case documents anymore – it shows 'Preview unavailable'. Downloading them works.",
  tp="Waiting on our document conversion vendor; .msg converter failing since their update.",
  tpr="Vendor rolled back the converter.",
  res="Document conversion vendor had a regression in .msg handling; vendor rolled back.")
T(c="C-10010", st="closed", ch="email", out="answered_with_article",
  s="How to create a promo code for a single ticket category?",
  b="How do we create a promo code that only works for the VIP category and not for general admission?",
  res="Sent article on promo code restrictions.")
T(c="C-10004", st="closed", ch="email", out="fixed", sc=7,
  s="Invoice sent to old billing email",
  b="Our invoices still go to our former office manager's email. Can you change the billing contact to accounts@brightlane.example? Thanks",
  res="Billing contact updated; last two invoices re-sent.")
T(c="C-10013", st="closed", ch="email", out="cannot_reproduce",
  s="Matrix question shows only half the rows on mobile",
  b="On phones, our matrix question (10 rows) shows only 5 rows; you have to scroll sideways to see the rest and many people miss it. The layout looks broken.",
  res="Could not reproduce on iOS/Android test devices with survey 77310; rows stack vertically as designed. Customer could not reproduce either after the theme update.")
T(c="C-10005", st="closed", ch="email", out="fixed", appr="Merge the duplicate client records 'Kingsgate Estates' and 'Kingsgate Estates Ltd' (1,204 reports) into one record; cannot be undone.", sc=6,
  s="Duplicate clients after CRM sync",
  b="After connecting our CRM, many clients now exist twice (e.g. 'Kingsgate Estates' and 'Kingsgate Estates Ltd'). Reports are split between them. Can you merge them?\n\nGrace",
  res="Merged duplicate client records after written approval; CRM sync mapping changed to match on company number.")
T(c="C-10011", st="closed", ch="email", out="answered_with_article",
  s="Can I cancel my subscription at the end of the month?",
  b="Hi, we'll stop using the survey tool after our current project. Can I cancel the subscription so it ends at the end of the month? And will we still be able to download our data after that?\n\nNoah",
  res="Explained cancellation and 30-day data export window; sent article.")
T(c="C-10006", st="closed", ch="email", out="workaround", esc=2, sc=4,
  s="Sync error 409 on shared reports",
  b="When two of us work on the same report (one on site, one in the office adding the summary), the iPad gets 'Sync error 409' and won't upload until we delete the local copy.\n\nLiam",
  env="iPadOS 17.5, Inspect 4.2.0", err="Sync error 409 Conflict", repro="Edit same report on iPad (offline) and web, then sync iPad",
  f="Concurrent edits on the same section are rejected instead of merged. Known limitation.",
  ds="Concurrent section edits not mergeable yet (roadmap). Workaround: lock the report while on site.",
  res="Workaround: use 'Lock for field work' on the report; merging concurrent edits is on the roadmap.")
T(c="C-10008", st="closed", ch="phone", out="fixed", sc=7,
  s="Check-in app login impossible for all users at venue",
  b="Ruby called from the venue: none of the door staff can log in to the check-in app, all users get 'Invalid organiser code'. Doors open in 45 minutes.",
  hot="Re-enable organiser code for the Cobalt account (was disabled by an expired trial flag) – hotfix.",
  res="Expired trial flag disabled the organiser code; re-enabled as hotfix while on the phone. Door staff logged in.")
T(c="C-10002", st="closed", ch="email", out="answered_with_article",
  s="How do we add our terms and conditions to every report?",
  b="We'd like our standard terms on the last page of every report. How can I do that once instead of pasting them in each time?",
  res="Sent article on report cover/back page settings.")
T(c="C-10014", st="closed", ch="email", out="fixed", sc=6,
  s="Two-factor codes not accepted after phone change",
  b="I moved to a new phone and the authenticator codes from the new phone are rejected. I still have the old phone but it's wiped. Please reset my 2FA.\n\nVictoria",
  res="Identity verified via callback to the registered number; 2FA reset; user re-enrolled.")
T(c="C-10012", st="closed", ch="form", out="added_to_roadmap",
  s="Feature idea: randomise answer order per respondent",
  b="It would be great to randomise the order of answer options to avoid order bias. Is that on your list?",
  res="Answer-option randomisation exists per question; per-block randomisation requested, added to roadmap PROD-1150.")
T(c="C-10003", st="closed", ch="email", out="duplicate",
  s="Can't publish either – same as Jana's ticket",
  b="Hi, same as Jana reported this morning, I can't publish anything. Sync fails. Just adding myself so I get the updates.\n\nOwen",
  res="Duplicate of the publishing outage ticket from the same company.")

# ------------------------------------------------------------------ odd inputs (must be shown literally)

T(c="C-10012", st="open", ch="email",
  s="Survey title shows as 調査 ??? in the Japanese version 😩",
  b="Hi team 👋\n\nour Japanese survey for the Osaka office shows the title as \"調査 ???\" instead of \"従業員満足度調査 2024\" in the invitation email subject – the encoding is wrong. In the survey itself it's fine ✅. The Korean one (직원 만족도 조사) has the same problem 🙈\n\nCould you take a look? Emails go out Monday.\n\nIsla 🌸")
T(c="C-10002", st="tier2", ch="email", tags=["sync"],
  s="Sync log attached – reports fail to upload",
  b="Hi,\n\nOwen's iPad keeps failing to upload. He exported the sync log from Settings → Diagnostics, I'm pasting it below because the attachment was too big for our mail server.\n\n--- BEGIN LOG ---\n" + LONG_LOG + "\n" + LONG_LOG.replace("2024-11-1", "2024-11-2") + "\n--- END LOG ---\n\nWhat is the 413 about? He takes photos with the standard camera app.\n\nMarcus",
  env="iPadOS 17.6, Inspect 4.2.1", err="413 Payload Too Large; 503 on batch upload; version conflicts",
  repro="Sync device IPAD-7F3A with reports containing 30 MB+ photos",
  f="Photos >25 MB (ProRAW from iPad camera) hit the upload limit; subsequent batches hit the 503 rate limiter; conflicts follow from partial uploads.",
  logs="413 Payload Too Large limit=25MB size=31.4MB; upstream 503 retry-after=30")
T(c="C-10013", st="open", ch="form",
  s="Export fails with database error",
  b="Hi, exporting responses for survey 80921 fails. The error page shows this (copied as is):\n\nERROR: syntax error at or near \"'; DROP TABLE tickets; --\"\nLINE 1: ...WHERE label = 'Q7 - ''Other'' '; DROP TABLE tickets; --' AND su...\n\nOne of our answer labels does contain an apostrophe and a semicolon because a respondent wrote it in the 'Other' field. Not sure if that matters.\n\nSam",
  n="Error text suggests unescaped label in the export filter. Not reproducible with normal labels. Flagging to security channel as a precaution before escalating.")
