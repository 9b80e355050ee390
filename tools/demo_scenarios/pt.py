"""Portuguese (Brazilian) demo tickets (hand-written scenarios)."""

TICKETS: list[dict] = []


def T(**kw):
    kw.setdefault("lang", "pt")
    TICKETS.append(kw)


# ------------------------------------------------------------------ new

T(c="C-10027", st="new", ch="email", h=1.5,
  s="Não consigo publicar a pesquisa de satisfação",
  b="Bom dia,\n\nestou tentando publicar a pesquisa \"Satisfação Clientes 4º trimestre\" e ao clicar em Publicar aparece \"Falha ao gerar link\". Já tentei no Chrome e no Firefox. O disparo para 12 mil contatos está agendado para hoje às 14h e o cliente está cobrando.\n\nJoão Carvalho\nHorizonte Pesquisa e Opinião")
T(c="C-10024", st="new", ch="form", h=8.0,
  s="Como faço para criar lotes de ingressos com virada automática?",
  b="Olá! Quero vender o 1º lote até acabar 300 ingressos e aí abrir automaticamente o 2º lote com preço maior. Como faço isso na plataforma? Não achei a opção.\n\nMariana")
T(c="C-10028", st="new", ch="email", h=3.9,
  s="Respostas duplicadas na exportação",
  b="Oi pessoal,\n\nna exportação em Excel da pesquisa 55102 algumas respostas aparecem duas vezes, com o mesmo horário e o mesmo ID de respondente. No painel o total está certo (1.204), mas no arquivo são 1.251 linhas, então a exportação está com erro. Preciso entregar o relatório na sexta.\n\nCamila Duarte")
T(c="C-10025", st="new", ch="email", h=16.0,
  s="Dúvida sobre a fatura de novembro",
  b="Boa tarde, a fatura de novembro veio com valor maior que o combinado (R$ 1.290 em vez de R$ 990). Houve reajuste? Não recebemos aviso. Podem me mandar o detalhamento?\n\nRafael Teixeira\nRibeira Eventos")
T(c="C-10029", st="new", ch="email", h=0.7, tags=["outage"],
  s="Sistema fora do ar?",
  b="O painel não carrega desde 9h40, aparece \"502 Bad Gateway\". Toda a equipe está parada, não conseguimos acompanhar o campo. Vocês estão com algum problema? 😟\n\nThiago Nunes")
T(c="C-10026", st="new", ch="phone", h=4.4,
  s="Ligação: app de check-in pede login toda hora",
  b="Beatriz ligou: os monitores que fazem o check-in no Festival Ribeira reclamam que o app desloga a cada 10-15 minutos e pede login de novo. Dá para trabalhar, mas atrasa a fila. Parece uma falha de sessão. Evento é sábado e domingo.")
T(c="C-10030", st="new", ch="form", h=29.0,
  s="É possível ter a pesquisa em português e espanhol?",
  b="Temos respondentes no Brasil e na Argentina. É possível ter a mesma pesquisa em português e espanhol, e o respondente escolher o idioma? Ou preciso criar duas pesquisas separadas?\n\nLuísa Pacheco")

# ------------------------------------------------------------------ open

T(c="C-10027", st="open", ch="email",
  s="Lógica de salto não funciona na pergunta 8",
  b="Olá,\n\nconfigurei para quem responder \"Não\" na pergunta 8 pular direto para a 12, mas o respondente continua indo para a 9. Testei várias vezes no modo visualização. As outras lógicas funcionam.\n\nJoão",
  n="Skip logic on Q8 targets a question that was duplicated and deleted; the rule points at the deleted ID. Likely config, will confirm with the customer.")
T(c="C-10024", st="open", ch="email",
  s="Relatório de vendas com valores errados por lote",
  b="Oi! O relatório de vendas por lote mostra o 2º lote com R$ 0,00 de receita, mas vendemos 180 ingressos nele. O total geral está certo. O relatório está errado. Dá para corrigir? Preciso prestar contas ao produtor.\n\nMariana",
  q="Oi Mariana,\n\nvocê alterou o preço do 2º lote depois que as vendas começaram? E qual evento é exatamente?\n\n{agent}",
  a="Sim, baixamos o preço de R$ 80 para R$ 70 no segundo dia. Evento: Noite do Samba Ribeira.")
T(c="C-10028", st="open", ch="email",
  s="Como faço para enviar lembrete só para quem não respondeu?",
  b="Olá, como faço para mandar um lembrete da pesquisa apenas para quem ainda não respondeu? Não quero incomodar quem já participou.\n\nCamila")
T(c="C-10025", st="open", ch="email",
  s="Taxa de conveniência cobrada duas vezes",
  b="Alguns compradores estão reclamando que pagaram a taxa de conveniência duas vezes em pedidos com meia-entrada. Conferi três pedidos e é verdade, é um erro na cobrança. Precisamos estornar.\n\nRafael",
  r="Olá Rafael,\n\nobrigado, consegui ver o problema nos três pedidos. Estou verificando quantos pedidos foram afetados e como fazer o estorno da diferença.\n\n{agent}")
T(c="C-10030", st="open", ch="form", noack=True,
  s="Gráfico de pizza não aparece no relatório em PDF",
  b="No relatório em PDF os gráficos de pizza aparecem em branco. Os de barra saem normais. No painel online estão todos certos.")
T(c="C-10026", st="open", ch="email",
  s="Pulseiras com QR code: qual tamanho mínimo?",
  b="Vamos imprimir pulseiras com QR code para o festival. Qual o tamanho mínimo do QR para o leitor do app funcionar bem? Vocês têm um modelo?\n\nBia")

# ------------------------------------------------------------------ tier 2

T(c="C-10029", st="tier2", ch="email",
  s="Link da pesquisa abre página em branco no iPhone",
  b="Respondentes que abrem o link pelo WhatsApp no iPhone veem uma página em branco. No Android e no computador funciona, só no iPhone não funciona. Metade do nosso público usa iPhone, a taxa de resposta caiu muito.\n\nThiago",
  env="iOS 17/18, navegador interno do WhatsApp", err="Página em branco, sem mensagem",
  repro="Enviar link da pesquisa 55230 pelo WhatsApp → abrir no iPhone",
  f="WhatsApp in-app browser on iOS blocks a third-party cookie our survey loader requires; Safari works.",
  wa1="Orientar respondentes a abrir no Safari (menu ... → Abrir no navegador).")
T(c="C-10024", st="tier2", ch="email",
  s="Ingressos cortesia somem do relatório",
  b="Os ingressos cortesia que emitimos para imprensa não aparecem no relatório de participantes nem no app de check-in – a cortesia simplesmente sumiu. Tivemos que liberar na mão na porta no último evento.\n\nMariana",
  env="Painel web, Chrome 130; app check-in Android 3.9.2", err="Cortesias ausentes na lista de participantes",
  repro="Emitir cortesia no evento 'Noite do Samba Ribeira' → Relatórios → Participantes",
  f="Complimentary tickets issued via 'Emissão manual' have order status 'draft' and are filtered out of attendee lists.",
  unassigned=True)
T(c="C-10028", st="tier2", ch="email",
  s="Cotas por região contando errado",
  b="As cotas por estado estão contando respostas de SP como se fossem do RJ. Já temos 40 respostas a mais no RJ do que deveria e a pesquisa fechou para o RJ antes da hora.\n\nCamila",
  env="Painel web", err="Cota RJ atingida com respostas de SP",
  repro="Pesquisa 55310 → Cotas → Estado", f="Quota uses CEP prefix mapping; prefix 2 (RJ) overlaps our mapping for some SP codes after the CEP table update.",
  crit2="deeper_knowledge")

# ------------------------------------------------------------------ engineering

T(c="C-10025", st="eng", ch="email", tags=["security"],
  s="Vulnerabilidade: link de reembolso acessível sem login",
  b="Olá,\n\num comprador nos mostrou que ao trocar o número do pedido na URL da página de reembolso dá para ver nome e e-mail de outros compradores. Isso é uma vulnerabilidade grave. Por favor, tratem com urgência.\n\nRafael Teixeira",
  env="Página pública de reembolso", err="Dados de outro pedido exibidos", ecc="no",
  repro="Abrir /refund/RB-88120 e trocar para RB-88121",
  f="Refund page authorises by order number only (sequential IDs). Personal data of other buyers exposed.",
  f3="IDOR on refund landing page: needs signed token in URL. Page disabled temporarily behind feature flag.",
  crit3="security", wa="Refund page disabled; refunds handled by the organiser in the admin.")

# ------------------------------------------------------------------ pending

T(c="C-10027", st="pending", ch="email", last=25.0,
  s="E-mails de convite voltando (bounce)",
  b="Cerca de 8% dos convites da última pesquisa voltaram como \"bounce\". É normal ou é algum erro? A base é de clientes ativos do nosso cliente.",
  q="Olá João,\n\npode me dizer de qual domínio os convites estão saindo (o padrão ou um domínio próprio)? E, se possível, me envie 3 ou 4 endereços que voltaram para eu olhar os motivos.\n\n{agent}")
T(c="C-10026", st="pending", ch="email", last=43.0,
  s="Mapa de assentos não carrega no celular",
  b="No celular o mapa de assentos fica carregando e não abre. No computador funciona. No celular não funciona de jeito nenhum.")
T(c="C-10030", st="pending", ch="email", last=36.0,
  s="Como faço para transferir a conta para outro administrador?",
  b="Vou sair da empresa no fim do mês. Como faço para transferir a administração da conta para a Camila?",
  q="Oi Luísa,\n\npara transferir a titularidade precisamos de um e-mail do responsável legal da Horizonte autorizando a troca. Pode pedir para ele nos escrever respondendo este chamado?\n\n{agent}")
T(c="C-10024", st="pending", ch="email", last=66.0,
  s="Check-in offline não sincroniza depois",
  b="No último evento usamos o check-in offline porque a internet caiu. Quando voltou, 60 check-ins não apareceram no painel. Parece uma falha na sincronização.",
  a="Foram dois celulares Android, app 3.9.2. Um deles ficou sem bateria antes de voltar a internet.",
  q0="Oi Mariana,\n\nquais aparelhos e versão do app foram usados?\n\n{agent}",
  q="Oi Mariana,\n\no celular que ficou sem bateria já foi ligado de novo com internet? Se sim, pode abrir o app, ir em Configurações → Diagnóstico e me mandar o código que aparece?\n\n{agent}")
T(c="C-10029", st="pending", ch="email", last=130.0,
  s="Painel lento para carregar filtros",
  b="Os filtros do painel estão lentos, cada filtro demora uns 15 segundos para aplicar.",
  q="Olá Thiago,\n\nem qual pesquisa isso acontece e quantos filtros você costuma combinar? Consegue me mandar um print do painel com os filtros aplicados?\n\n{agent}")
T(c="C-10028", st="pending", ch="email", last=300.0,
  s="Dúvida: integração com o RD Station",
  b="Vocês têm integração com o RD Station para enviar as respostas como conversão? Se sim, como configurar?",
  q="Olá Camila,\n\ntemos integração via webhooks. Antes de te mandar o passo a passo: vocês querem enviar todas as respostas ou só as de uma pergunta específica (por exemplo, NPS)?\n\n{agent}")

# ------------------------------------------------------------------ on hold

T(c="C-10025", st="hold", ch="email",
  s="Repasse do PIX atrasado",
  b="Os valores recebidos via PIX no último fim de semana ainda não foram repassados. Normalmente cai em D+1.",
  r="Olá Rafael,\n\nverifiquei que o repasse foi gerado do nosso lado na segunda. Já abrimos chamado com o provedor de pagamento e te atualizo assim que responderem.\n\n{agent}",
  tp="Aguardando provedor de pagamento (PayWave) – repasse PIX RP-55102 retido para análise.")
T(c="C-10027", st="hold", ch="email",
  s="Envio por SMS parou para números da Claro",
  b="Os SMS de convite não estão chegando para números da operadora Claro desde ontem. Para essa operadora o envio parou completamente; para as outras está normal.",
  tp="Aguardando gateway de SMS: rota para a operadora bloqueada, chamado GW-3318 aberto.")
T(c="C-10026", st="hold", ch="email",
  s="Mesclar dois eventos duplicados",
  b="Criamos o mesmo evento duas vezes por engano e vendemos ingressos nos dois. Dá para juntar tudo em um só?",
  r="Oi Bia,\n\ndá sim. Descrevi abaixo como faríamos a mesclagem. Como altera pedidos já pagos, preciso da sua aprovação antes de executar.\n\n{agent}",
  appr="Mover 143 pedidos do evento duplicado (ID 9921) para o evento principal (ID 9918), mantendo QR codes; depois arquivar o evento 9921.")

# ------------------------------------------------------------------ solved

T(c="C-10028", st="solved", ch="email", out="answered_with_article", sc=7,
  s="Como faço para exportar as respostas em CSV?",
  b="Oi, como faço para baixar as respostas em CSV para abrir no SPSS?\n\nCamila",
  res="Enviado artigo sobre exportação CSV (com opção de rótulos/códigos).")
T(c="C-10024", st="solved", ch="email", out="fixed", sc=6,
  s="Não consigo publicar o evento novo",
  b="Tentei publicar o evento \"Ribeira Jazz na Praça\" e aparece \"Preencha todos os campos obrigatórios\", mas está tudo preenchido. O evento precisa entrar no ar hoje para a divulgação.\n\nMariana",
  hot="Remover setor vazio 'Camarote B' sem preço que bloqueava a publicação (correção direta).",
  res="Hidden empty sector without price blocked publishing; removed (hotfix). Event published.")
T(c="C-10029", st="solved", ch="email", out="third_party",
  s="Integração com Google Planilhas falhando",
  b="A integração com Google Planilhas parou de enviar respostas desde terça. Aparece \"Erro de autorização\".",
  tp="Aguardando Google: token revogado pela política de segurança do Workspace do cliente.",
  tpr="Admin do Workspace do cliente liberou o app.",
  res="Customer's Google Workspace admin had blocked the app; after allow-listing, integration resumed.")
T(c="C-10025", st="solved", ch="email", out="fixed", esc=2, sc=5,
  s="Meia-entrada sem validação de documento",
  b="O campo de documento da meia-entrada está aceitando qualquer texto, até \"aaa\". Isso está errado, precisamos que valide o formato, pela lei.",
  env="Checkout web", err="Campo aceita texto inválido", repro="Comprar meia-entrada → campo documento",
  f="Document validation rule was not copied when the event was duplicated from a template.",
  ds="Validation rule restored for all events created from that template.",
  res="Validation rule restored on 6 events created from the same template.")
T(c="C-10030", st="solved", ch="email", out="added_to_roadmap",
  s="Pergunta de ranking com arrastar no celular",
  b="É possível que a pergunta de ranking funcione arrastando no celular? Hoje o respondente precisa escolher números.",
  res="Drag-and-drop ranking on mobile not available; added to roadmap PROD-1190.")
T(c="C-10027", st="solved", ch="email", out="workaround",
  s="Relatório PDF cortando textos longos",
  b="No relatório PDF, as respostas abertas longas aparecem cortadas com \"...\". Parece erro no relatório.",
  q="Olá João,\n\nqual modelo de relatório você está usando, o \"Resumo executivo\" ou o \"Completo\"?\n\n{agent}",
  a="Resumo executivo.",
  res="Executive summary template truncates open answers by design; use 'Completo' template or CSV export.")
T(c="C-10026", st="solved", ch="phone", out="cannot_reproduce",
  s="Leitor de QR não liga a câmera",
  b="Ligação da Bia: no celular de um monitor o app de check-in abre mas a câmera fica preta.",
  res="Camera permission had been denied; after re-granting it works. Could not reproduce any app fault.")
T(c="C-10029", st="solved", ch="email", out="duplicate",
  s="Painel com erro 502",
  b="Painel com erro 502 aqui também, está fora do ar para a equipe inteira.",
  res="Duplicate of the 502 outage ticket opened by a colleague.")
T(c="C-10028", st="solved", ch="email", out="fixed", sc=7,
  appr="Restaurar a pesquisa 55190 e suas 842 respostas a partir do backup de ontem 23h; respostas recebidas depois disso (12) serão mescladas.",
  s="Apaguei uma pesquisa com respostas sem querer",
  b="Socorro! Apaguei sem querer a pesquisa 55190, que tinha 842 respostas. Tem como recuperar? Não estava na lixeira. É uma perda de dados enorme para o projeto.\n\nCamila",
  res="Survey restored from backup after approval; 842 + 12 responses intact.")

# ------------------------------------------------------------------ closed

T(c="C-10030", st="closed", ch="email", out="answered_with_article", sc=7,
  s="Como posso personalizar as cores da pesquisa?",
  b="Olá! Como posso colocar as cores da nossa marca na pesquisa? Temos o código hexadecimal das cores.\n\nLuísa",
  res="Artigo sobre temas e cores enviado.")
T(c="C-10025", st="closed", ch="email", out="fixed", esc=3, sc=6,
  s="Vendas travando no momento do pagamento",
  b="No pico de vendas do Réveillon Ribeira o checkout ficava carregando no pagamento e dava erro depois de 1 minuto. O sistema parado bem no pico: perdemos muitas vendas na primeira hora.",
  env="Checkout web, vários navegadores", err="Timeout no pagamento após 60 s",
  repro="Pico de acesso no início das vendas", f="Payment authorisation calls queued behind inventory locks under high load.",
  f3="Inventory lock held during the payment call; needs code change to reserve seats before calling the provider.",
  crit3="performance", ds="Seat reservation decoupled from payment call; released 2024.10.2.",
  res="Engineering decoupled seat locks from the payment call (2024.10.2). Load test OK.")
T(c="C-10027", st="closed", ch="email", out="answered_with_article",
  s="Dúvida sobre limite de respostas do plano",
  b="Nosso plano tem limite de respostas por mês? Vamos fazer uma pesquisa grande em dezembro.",
  res="Sent plan limits article (Basic: 5,000 responses/month, add-on available).")
T(c="C-10024", st="closed", ch="email", out="fixed",
  s="Nota fiscal com CNPJ errado",
  b="A nota fiscal da assinatura saiu com o CNPJ antigo da empresa. Podem reemitir com o novo?",
  res="Billing entity updated; invoice re-issued with the new CNPJ.")
T(c="C-10029", st="closed", ch="email", out="third_party", sc=3,
  s="Respostas do WhatsApp Business não chegam",
  b="As respostas da pesquisa enviada pelo WhatsApp Business não estão entrando no painel desde ontem. Nada aparece, parece uma falha na integração.",
  tp="Aguardando Meta: template de mensagem suspenso pela revisão do WhatsApp Business.",
  tpr="Meta reaprovou o template.",
  res="Meta suspended the message template; re-approved after review.")
T(c="C-10026", st="closed", ch="email", out="workaround",
  s="Impressão de etiquetas saindo desalinhada",
  b="As etiquetas de credenciamento estão saindo deslocadas na impressora térmica, o alinhamento está errado.",
  res="Printer driver DPI mismatch; workaround: set 203 dpi and 'actual size' in print dialog.")
T(c="C-10028", st="closed", ch="email", out="cannot_reproduce",
  s="Respondente recebeu a pesquisa duas vezes",
  b="Um respondente reclamou que recebeu o convite duas vezes no mesmo dia.",
  res="Only one send in the logs; respondent's address was on the list twice with different capitalisation. No fault found.")
