"""News pages in German, Spanish, French, Turkish and Russian (written for these tests), and short paragraphs
in the languages detection must tell apart: shared by the language and boilerplate tests."""

from __future__ import annotations

# Each page: two navigation lines, a headline, three paragraphs of article, three lines of chrome.
PAGES: dict[str, list[str]] = {
    "de": [
        "Startseite",
        "Politik",
        "Bundesregierung beschließt neues Entlastungspaket",
        ("Die Bundesregierung hat am Mittwoch ein neues Paket gegen die hohen Energiepreise beschlossen. "
         "Haushalte mit geringem Einkommen sollen im Winter einen Zuschuss erhalten, wie der Finanzminister nach der Kabinettssitzung in Berlin sagte. "
         "Die Opposition kritisierte die Pläne als zu spät und zu klein."),
        ("Nach Angaben des Ministeriums sollen die ersten Zahlungen noch vor Weihnachten auf den Konten der Betroffenen eingehen. "
         "Insgesamt stehen dafür rund zwölf Milliarden Euro bereit, die aus dem laufenden Haushalt finanziert werden sollen, ohne neue Schulden aufzunehmen."),
        ("Die Verbraucherzentralen begrüßten die Entscheidung grundsätzlich, forderten aber eine einfachere Antragstellung. "
         "Viele ältere Menschen seien mit den Formularen überfordert, sagte eine Sprecherin. "
         "Die Regierung will die Regeln im Frühjahr noch einmal überprüfen."),
        "Teilen auf Facebook",
        "Newsletter abonnieren",
        "Alle Rechte vorbehalten",
    ],
    "es": [
        "Portada",
        "Economía",
        "El Gobierno aprueba un nuevo paquete de ayudas energéticas",
        ("El Gobierno aprobó el miércoles un nuevo paquete de medidas para ayudar a los hogares frente a la subida de los precios de la energía. "
         "Las familias con menos ingresos recibirán una ayuda durante el invierno, explicó la ministra de Hacienda tras el Consejo de Ministros."),
        ("Según el ministerio, los primeros pagos llegarán a las cuentas de los beneficiarios antes de Navidad. "
         "En total se destinarán unos doce mil millones de euros, que se financiarán con el presupuesto actual y sin aumentar la deuda pública."),
        ("Las asociaciones de consumidores celebraron la decisión, pero pidieron que los trámites sean más sencillos. "
         "Muchas personas mayores no saben cómo rellenar los formularios, dijo una portavoz. "
         "El Gobierno revisará las normas en primavera."),
        "Compartir en Facebook",
        "Suscríbete a nuestro boletín",
        "Todos los derechos reservados",
    ],
    "fr": [
        "Accueil",
        "Politique",
        "Le gouvernement adopte un nouveau plan d'aide sur l'énergie",
        ("Le gouvernement a présenté mercredi un nouveau plan pour soutenir les ménages face à la hausse des prix de l'énergie. "
         "Les familles les plus modestes recevront une aide cet hiver, a précisé le ministre des Finances à l'issue du conseil des ministres."),
        ("Selon le ministère, les premiers versements arriveront sur les comptes des bénéficiaires avant Noël. "
         "Au total, environ douze milliards d'euros seront mobilisés, financés par le budget en cours et sans recourir à un nouvel emprunt."),
        ("Les associations de consommateurs ont salué la décision, tout en demandant des démarches plus simples. "
         "Beaucoup de personnes âgées ne savent pas remplir les formulaires, a expliqué une porte-parole. "
         "Le gouvernement réexaminera les règles au printemps."),
        "Partager sur Facebook",
        "S'abonner à la newsletter",
        "Tous droits réservés",
    ],
    "tr": [
        "Anasayfa",
        "Ekonomi",
        "Hükümet yeni enerji destek paketini onayladı",
        ("Hükümet çarşamba günü enerji fiyatlarındaki artışa karşı hane halklarını desteklemek için yeni bir paket açıkladı. "
         "Düşük gelirli aileler kış boyunca yardım alacak, diye açıkladı Maliye Bakanı kabine toplantısının ardından. "
         "Muhalefet ise planları yetersiz buldu."),
        ("Bakanlığın açıklamasına göre ilk ödemeler yılbaşından önce hak sahiplerinin hesaplarına yatırılacak. "
         "Toplamda yaklaşık on iki milyar lira ayrılacak ve bu kaynak yeni borçlanma olmadan mevcut bütçeden karşılanacak."),
        ("Tüketici dernekleri kararı olumlu karşıladı, ancak başvuruların daha kolay olmasını istedi. "
         "Bir sözcü, birçok yaşlı insanın formları doldurmakta zorlandığını söyledi. "
         "Hükümet kuralları ilkbaharda yeniden gözden geçirecek."),
        "Facebook'ta paylaş",
        "Bültenimize abone olun",
        "Tüm hakları saklıdır",
    ],
    "ru": [
        "Главная",
        "Экономика",
        "Правительство утвердило новый пакет помощи",
        ("Правительство в среду утвердило новый пакет мер по поддержке семей в связи с ростом цен на энергоносители. "
         "Малообеспеченные семьи получат помощь этой зимой, сообщил министр финансов после заседания кабинета. "
         "Оппозиция назвала эти меры запоздалыми."),
        ("По данным министерства, первые выплаты поступят на счета получателей до Нового года. "
         "Всего на эти цели будет выделено около двенадцати миллиардов рублей, которые возьмут из текущего бюджета без новых заимствований."),
        ("Общества защиты прав потребителей приветствовали это решение, но попросили упростить подачу заявлений. "
         "Многие пожилые люди не могут сами заполнить анкеты, сказала представитель организации. "
         "Правила пересмотрят весной."),
        "Поделиться в Facebook",
        "Подписаться на рассылку",
        "Все права защищены",
    ],
}
CHROME_LINES = [1, 2, 7, 8, 9]  # 1-based: the navigation and the chrome; line 3 is the headline

# Two sentences each, 100-200 characters: a short news paragraph.
PARAGRAPHS = {
    "ar": "أقرت الحكومة يوم الأربعاء حزمة جديدة من الإجراءات لمساعدة الأسر على مواجهة ارتفاع أسعار الطاقة. "
          "وقال وزير المالية إن الأسر ذات الدخل المحدود ستحصل على دعم.",
    "en": "The government on Wednesday approved new measures to help households with rising energy prices. "
          "Families on low incomes will get support this winter.",
    "de": "Die Bundesregierung hat am Mittwoch neue Maßnahmen gegen die hohen Energiepreise beschlossen. "
          "Familien mit geringem Einkommen erhalten im Winter einen Zuschuss.",
    "fr": "Le gouvernement a adopté mercredi de nouvelles mesures contre la hausse des prix de l'énergie. "
          "Les familles modestes recevront une aide cet hiver.",
    "es": "El Gobierno aprobó el miércoles nuevas medidas contra la subida de los precios de la energía. "
          "Las familias con menos ingresos recibirán una ayuda este invierno.",
    "fa": "دولت روز چهارشنبه بسته تازه‌ای برای کمک به خانوارها در برابر افزایش قیمت انرژی تصویب کرد. "
          "خانواده‌های کم‌درآمد در زمستان کمک دریافت خواهند کرد.",
    "ur": "حکومت نے بدھ کے روز توانائی کی بڑھتی ہوئی قیمتوں سے نمٹنے کے لیے نیا پیکج منظور کیا۔ "
          "کم آمدنی والے خاندانوں کو سردیوں میں امداد ملے گی۔",
    "ru": "Правительство в среду утвердило новые меры поддержки семей в связи с ростом цен на энергию. "
          "Малообеспеченные семьи получат помощь этой зимой.",
    "tr": "Hükümet çarşamba günü enerji fiyatlarındaki artışa karşı yeni destek önlemleri açıkladı. "
          "Düşük gelirli aileler bu kış yardım alacak.",
    "zh": "政府周三批准了一揽子新措施，帮助家庭应对不断上涨的能源价格。财政部长表示，低收入家庭将在今年冬天获得补助。",
}

# A script the language model does not know (Cherokee), and made-up words in Latin letters
CHEROKEE = "ᏣᎳᎩ ᎦᏬᏂᎯᏍᏗ ᎠᏂᏴᏫᏯ ᎤᏂᎦᏴᎵᏍᏗ ᏚᏂᏰᎸᏛ ᎤᎾᏓᏅᏘ ᏓᏂᎸᎢ ᎠᎴ ᎤᏂᏣᏘ ᎠᏂᏴᏫ ᎤᎾᏛᏁᎵᏍᏗ ᏧᏂᎳᏫᏍᏗ."
MADE_UP = "Zorblat ventrik moshu pallandra kev tirrumo vashten grammitz pol, velkor amistu frandel."
