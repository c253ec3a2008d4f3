"""Source codes used in geodata/ -> (full citation, URL, licence). Shared by the builders and README."""
SOURCES = {
    "S1": ("Orris, G.J. & Grauch, R.I. (2002) Rare earth element mines, deposits and occurrences. USGS Open-File Report 02-189 (mrdata.usgs.gov/ree)", "https://mrdata.usgs.gov/ree/", "US public domain"),
    "S2": ("USGS carbonatite database (Woolley & Kjarsgaard compilation as served by USGS Mineral Resources Online Spatial Data)", "https://mrdata.usgs.gov/carbonatite/", "US public domain"),
    "S3": ("USGS Mineral Resources Data System (MRDS)", "https://mrdata.usgs.gov/mrds/", "US public domain"),
    "S4": ("USGS Mineral Commodity Summaries 2025, Rare Earths", "https://pubs.usgs.gov/periodicals/mcs2025/mcs2025-rare-earths.pdf", "US public domain"),
    "UD": ("USGS deposit database for critical minerals (mrdata.usgs.gov/deposit), as compiled in DARPA CriticalMAAS minmod", "https://mrdata.usgs.gov/deposit/", "US public domain"),
    "T1": ("ru.wikipedia: Томтор (месторождение)", "https://ru.wikipedia.org/wiki/Томтор_(месторождение)", "CC BY-SA 4.0"),
    "T2": ("Rare Earth Exchanges, Tomtor article quoting SRK Consulting", "https://rareearthexchanges.com/?p=1065", "quoted facts only"),
    "L1": ("ru.wikipedia: Ловозёрское месторождение", "https://ru.wikipedia.org/wiki/Ловозёрское_месторождение", "CC BY-SA 4.0"),
    "L2": ("Interfax, top stories 96652 and 91073 (Lovozersky GOK, Solikamsk)", "https://interfax.com/newsroom/top-stories/96652/", "quoted facts only"),
    "L3": ("TASS, economy 21792257", "https://tass.ru/ekonomika/21792257", "quoted facts only"),
    "K1": ("Kalashnikov, A.O. et al. (2016) Economic Geology 111:1529", "https://doi.org/10.2113/econgeo.111.7.1529", "quoted facts only"),
    "Z1": ("Interfax-Russia (17 Dec): investor of Zashikhinskoye to place logistics complex in the Tulun TOR; 'in 160 km south-west of Tulun'", "https://www.interfax-russia.ru/siberia/novosti-pribaykalya/investor-zashihinskogo-mestorozhdeniya-redkozemov-razmestit-logokompleks-dlya-proekta-v-tor-v-tulune", "quoted facts only"),
    "Z2": ("Interfax-Russia: Irkutsk governor's proposal (reserves of Zashikhinskoye and Beloziminskoye)", "https://www.interfax-russia.ru/", "quoted facts only"),
    "Z3": ("Roskill news (2019) on Zashikhinskoye, 33.5 Mt", "https://roskill.com/news/", "quoted facts only"),
    "Z4": ("rareearth.ru, 28 Mar 2017", "http://rareearth.ru/ru/pub/20170328/04173.html", "quoted facts only"),
    "BZ": ("ru.wikipedia: Белая Зима", "https://ru.wikipedia.org/wiki/Белая_Зима", "CC BY-SA 4.0"),
    "TS": ("TASS (English), economy 2010351", "https://tass.com/economy/2010351", "quoted facts only"),
    "KT1": ("Gongalsky, B. & Krivolutskaya, N. (2019) The Nb-Ta-Zr-REE-Y Katugin deposit. In: Worldwide Map of Ore Deposits, Springer, ch. 10", "https://doi.org/10.1007/978-3-030-03559-4_10", "quoted facts only"),
    "KT2": ("webmineral.ru: Катугинское месторождение", "https://webmineral.ru/deposits/item.php?id=1369", "quoted facts only"),
    "TT": ("Tsykin (2013), rucont.ru/efd/285892", "https://rucont.ru/efd/285892", "quoted facts only"),
    "BK": ("Boyarko, G.Yu. & Khatkov, V.Yu., Добыча ниобия в России (cyberleninka)", "https://cyberleninka.ru/article/n/dobycha-niobiya-v-rossii", "CC BY"),
    "TW": ("uk.wikipedia: Татарське пірохлорове родовище ('85 km NW of Motygino, upper Tatarka river')", "https://uk.wikipedia.org/wiki/Татарське_пірохлорове_родовище", "CC BY-SA 4.0"),
    "N1": ("Journal of Mining Institute (pmi.spmi.ru) article 15782", "https://pmi.spmi.ru/pmi/article/view/15782", "quoted facts only"),
    "SOL": ("en.wikipedia: Solikamsk", "https://en.wikipedia.org/wiki/Solikamsk", "CC BY-SA 4.0"),
    "SM1": ("MRC Hub news 415801 (Solikamsk / Rosatom REE plans)", "https://mrchub.com/news/415801", "quoted facts only"),
    "SM2": ("1prime.ru, 29 Dec 2025: separation complex at Solikamsk", "https://1prime.ru/20251229/kompleks-866013425.html", "quoted facts only"),
    "CH": ("historical-baggage.com: Чепецкий механический завод", "https://historical-baggage.com/post/chepeckiy-mehanicheskiy-zavod-3112", "quoted facts only"),
    "GL": ("ABN agency, 27 Mar 2024 (Glazov magnet plant)", "https://abn.agency/", "quoted facts only"),
    "AC1": ("Acron press release 200407 (REE production in Veliky Novgorod)", "https://acron.ru/en/press-center/press-releases/200407/", "quoted facts only"),
    "AC2": ("Fertilizer Daily, 17 Mar 2021 (Acron REE unit mothballed)", "https://fertilizerdaily.com/", "quoted facts only"),
    "UA1": ("GeoNews.com.ua: Рідкісноземельні перспективи України (Azovske: 56 Mt to 300 m @ 1.27% TR2O3)", "https://geonews.com.ua/ridkisnozemelni-perspektivi-ukraini", "quoted facts only"),
    "UA2": ("BGV Group: Zirconium and rare earth elements (Yastrubetske)", "https://bgv.com.ua/bgv-zirconium-and-rare-earth-elements", "quoted facts only"),
    "UA3": ("112.ua on the US-Ukraine minerals deal", "https://112.ua/", "quoted facts only"),
    "UA4": ("fin.org.ua / Ukrrudprom, 19 Aug 2022: 'Azov zirconium deposit near Nikolske'", "http://www.fin.org.ua/news/1460660", "quoted facts only"),
    "NK": ("en.wikipedia: Norra Kärr mine", "https://en.wikipedia.org/wiki/Norra_Kärr_mine", "CC BY-SA 4.0"),
    "NO": ("Arafura Rare Earths, Nolans project; PorterGeo mineid=mn1548", "https://www.portergeo.com.au/database/mineinfo.asp?mineid=mn1548", "quoted facts only"),
    "KV": ("de.wikipedia: Kuannersuit", "https://de.wikipedia.org/wiki/Kuannersuit", "CC BY-SA 4.0"),
    "GR": ("miningeurope.news (Tanbreez, Critical Metals)", "https://miningeurope.news/", "quoted facts only"),
    "TB": ("Naalakkersuisut (Government of Greenland), 12 Mar 2019: status of Tanbreez application ('Killavaat Alannguat between Narsaq and Qaqortoq')", "https://naalakkersuisut.gl/en/Naalakkersuisut/News/2019/03/120319-Status-paa-Tanbreez-Mining-Greenland-A_S-ansoegning-om-udnyttelsestilladelse", "quoted facts only"),
    "BR": ("Business News / EPA WA approval of Northern Minerals' Browns Range project, '160 kilometres south-east of Halls Creek'", "http://d4ht0z304q9sr.cloudfront.net/article/Northern-Minerals-gets-EPA-approval-secures-6m", "quoted facts only"),
    "W15": ("Weng, Z. et al. (2015) Economic Geology 110:1925", "https://doi.org/10.2113/econgeo.110.8.1925", "quoted facts only"),
    "SV": ("Baltimore Chronicle, 13 Aug 2025 (Serra Verde)", "https://baltimorechronicle.com/", "quoted facts only"),
    "SV2": ("Serra Verde, Histórico: 71 mineral rights, 65,303 ha in northern Goiás and southern Tocantins", "https://serraverde.com/br/operacao/historico/", "quoted facts only"),
    "SV3": ("Jornal Opção: Serra Verde 'instalada no município de Minaçu, no norte de Goiás'", "https://www.jornalopcao.com.br/goias/conheca-a-mineradora-em-goias-que-e-a-unica-produtora-do-mercado-mundial-de-terras-raras-fora-da-asia-728792", "quoted facts only"),
    "MM": ("mindat.org locality 299116 (Songwe Hill, operator-supplied point)", "https://www.mindat.org/loc-299116.html", "quoted facts only"),
    "LY1": ("Australian Mining Review ?p=36693 (Lynas Kalgoorlie)", "https://australianminingreview.com.au/?p=36693", "quoted facts only"),
    "LY2": ("docslib.org doc 5898026 (Lynas LAMP)", "https://docslib.org/doc/5898026", "quoted facts only"),
    "SI": ("en.wikipedia: Silmet", "https://en.wikipedia.org/wiki/Silmet", "CC BY-SA 4.0"),
    "SO": ("Speciality Chemicals Magazine node/10107 (Solvay La Rochelle)", "https://www.specchemonline.com/node/10107", "quoted facts only"),
    "WM": ("The Journal (Cortez, CO) on White Mesa Mill", "https://www.the-journal.com/", "quoted facts only"),
    "GH": ("larswalters/grondstoffen-atlas (public GitHub repository), points from OpenStreetMap / Wikipedia / Mapcarta, checked against imagery", "https://github.com/larswalters/grondstoffen-atlas", "ODbL (OSM-derived points) / CC BY-SA (Wikipedia)"),
    "KK": ("en.wikipedia: Krasnokamensk, Zabaykalsky Krai (50°06'N 118°02'E)", "https://en.wikipedia.org/wiki/Krasnokamensk,_Zabaykalsky_Krai", "CC BY-SA 4.0"),
    "VH": ("ru.wikipedia: Вольногорск (via mirror), town centre 48°28'57\"N 34°01'08\"E", "https://ru.wikipedia.org/wiki/Вольногорск", "CC BY-SA 4.0"),
    "PG": ("PorterGeo database, Tomtor (mineid=mn573): 'a 300 sq. km ring complex'", "https://portergeo.com.au/database/mineinfo.asp?mineid=mn573", "quoted facts only"),
    "KR": ("Kravchenko, S.M. (2007) Tomtor, the world's largest Sc-REE-Y-Nb deposit. Global Tectonics and Metallogeny 9:31-37 ('exposed over an area of more than 250 km2')", "http://www.schweizerbart.de/papers/gtm/detail/9/78953/Tomtor_the_worlds_largest_Sc_REE_Y_Nb_deposit", "quoted facts only"),
    "BO": ("NS Energy: Bayan Obo rare earth mine ('spread over 48km2')", "https://www.nsenergybusiness.com/projects/bayan-obo-rare-earth-mine", "quoted facts only"),
    "MW": ("en.wikipedia: Mount Weld mine (carbonatite pipe 'approximately three kilometers in diameter'); PorterGeo mn770 ('3 km diameter high density core')", "https://en.wikipedia.org/wiki/Mount_Weld", "CC BY-SA 4.0"),
    "BG": ("en.wikipedia: Baogang Tailings Dam (via de.wikibrief.org mirror)", "https://en.wikipedia.org/wiki/Baogang_Tailings_Dam", "CC BY-SA 4.0"),
    "MZ": ("uk.wikipedia: Мазурівське рідкіснометалічне родовище", "https://uk.wikipedia.org/wiki/Мазурівське_рідкіснометалічне_родовище", "CC BY-SA 4.0"),
    "WTU": ("ru.wikipedia: Тулун (via world.wikisort.org mirror): 54°34'00\"N 100°34'00\"E", "https://ru.wikipedia.org/wiki/Тулун", "CC BY-SA 4.0"),
    "WHC": ("en.wikipedia: Halls Creek, Western Australia: 18°14'S 127°40'E", "https://en.wikipedia.org/wiki/Halls_Creek,_Western_Australia", "CC BY-SA 4.0"),
    "WMO": ("de.wikipedia: Motygino (Krasnojarsk): 58°11'N 94°41'E", "https://de.wikipedia.org/wiki/Motygino_(Krasnojarsk)", "CC BY-SA 4.0"),
    "WNI": ("de.wikipedia: Nikolske (Donezk): 47°12'37\"N 37°19'31\"E", "https://de.wikipedia.org/wiki/Nikolske", "CC BY-SA 4.0"),
    "WNA": ("en.wikipedia: Narsaq: 60°54'44\"N 46°02'55\"W", "https://en.wikipedia.org/wiki/Narsaq", "CC BY-SA 4.0"),
    "WQA": ("en.wikipedia: Qaqortoq: 60°43'20\"N 46°02'25\"W", "https://en.wikipedia.org/wiki/Qaqortoq", "CC BY-SA 4.0"),
    "WMI": ("pt.wikipedia: Minaçu: 13°31'58\"S 48°13'12\"W; municipality area 2,854 km2", "https://pt.wikipedia.org/wiki/Minaçu", "CC BY-SA 4.0"),
    "WNC": ("en.wikipedia: Novaya Chara: 56°49'N 118°18'E", "https://en.wikipedia.org/wiki/Novaya_Chara", "CC BY-SA 4.0"),
    "WVN": ("en.wikipedia: Veliky Novgorod: 58°33'N 31°17'E", "https://en.wikipedia.org/wiki/Veliky_Novgorod", "CC BY-SA 4.0"),
    "PM": ("Polymetal International plc, RNS 19 Apr 2021: Tomtor initial Ore Reserve estimate (JORC Code 2012; 11.4 Mt @ 6.0% Nb2O5 + 14.5% REO, 1.7 Mt REO)", "https://www.lse.co.uk/rns/POLY/polymetal-tomtor-initial-ore-reserve-estimate-ipaulqb09rwow93.html", "quoted facts only"),
    "SRKT": ("SRK Consulting: Tomtor Nb and REO Project - Mineral Resource and Ore Reserve estimation (JORC)", "https://srk.com/en/projects/tomtor-resource-reserve-estimation", "quoted facts only"),
    "GD17": ("nedradv.ru: Редкоземельные металлы России. 2017 год (from the state report on mineral resources 2016-2017)", "https://nedradv.ru/nedradv/ru//resources?obj=ab05b068239ede80d3dd35cf406b4000", "quoted facts only"),
    "GD21": ("VIMS, state report 2021: Состояние сырьевой базы редкоземельных металлов Российской Федерации", "https://gd2021.vims-geo.ru/nfm/tr", "quoted facts only"),
    "CK": ("bizon.ru, 21 Feb 2019: В Чуктуконском месторождении ниобия и РЗМ оказалось гораздо больше ожидаемого (GKZ C1+C2 2.8 Mt TR2O3 @ 4.585%)", "https://m.bizon.ru/newsm/484823", "quoted facts only"),
    "HN": ("High North News: Tanbreez Mining Receives Exploitation Permit in Greenland (30 years, 18 km2)", "https://www.highnorthnews.com/en/tanbreez-mining-receives-exploitation-permit-greenland", "quoted facts only"),
    "NK2": ("Stock Titan, 1 Dec 2025: Heavy Rare Earth Global Crisis Spotlights Norra Kärr in Sweden (Leading Edge Materials; probable reserve 23.5 Mt @ 0.59% TREO)", "https://www.stocktitan.net/news/LEMIF/heavy-rare-earth-global-crisis-spotlights-norra-karr-in-do942kj12qon.html", "quoted facts only"),
    "NK3": ("Realtid, 10 Mar 2026: Sverige har metallerna EU behöver - 110 miljoner ton kvar i marken (Bergsstaten recommends the Norra Kärr concession)", "https://www.realtid.se/bors-finans/sverige-har-metallerna-eu-behover-110-miljoner-ton-kvar-i-marken/", "quoted facts only"),
    "NK4": ("Leading Edge Materials, 3 Dec 2025: CABs endorse Norra Kärr mining lease application (via Stock Titan)", "https://www.stocktitan.net/news/LEMIF/ca-bs-endorse-norra-karr-mining-lease-ormoox4rumn4.html", "quoted facts only"),
    "WOL": ("ru.wikipedia: Олевск, 51°13'40\"N 27°38'53\"E (via perceptiofr.com mirror); en.wikipedia: Olevsk, 51°13'N 27°39'E", "https://en.wikipedia.org/wiki/Olevsk", "quoted facts only"),
    "AF1": ("Interfax, 13 Mar (2025): Reserves of Russia's Afrikanda rare earth metals deposit to be added to balance sheet in 2025", "https://interfax.com/newsroom/top-stories/110342/", "quoted facts only"),
    "AF2": ("Interfax, 3 Feb (2015): Murmansk rare metal deposit could be auctioned in 2015 ('southeast of Lake Imandra, close to the Afrikanda railway station'; 626.2 Mt ore)", "https://interfax.com/newsroom/top-stories/38184/", "quoted facts only"),
    "AF3": ("The Barents Observer, 9 Dec 2015: No investors for Murmansk rare earth metals (licence area 1.5 km2)", "https://thebarentsobserver.com/en/industry/2015/12/no-investors-murmansk-rare-earth-metals", "quoted facts only"),
    "WAF": ("ru.wikipedia: Африканда (станция), 67°26'33\"N 32°46'41\"E (via perceptiopt.com mirror); Африканда (village) 67°26'30\"N 32°46'54\"E (via perceptiode.com mirror)", "https://ru.wikipedia.org/wiki/Африканда_(станция)", "quoted facts only"),
    "KG1": ("Stans Energy Corp.: Kutessay II project history (USSR GKZ 1959; historical estimate)", "http://www.stansenergy.com/projects/page_id-253", "quoted facts only"),
    "KG2": ("Russia - Islamic World (TASS), 19 Jun 2024: Kyrgyz prime minister highlights mineral reserves ('Kutessay-2 ... about 60,000 tons of rare earth metals')", "https://russia-islworld.ru/temy/ekonomika/kyrgyz-prime-minister-highlights-mineral-reserves-in-the-country-2024-06-19-42167", "quoted facts only"),
    "KG3": ("24.kg, 21 Jan 2025: Chinese company to mine rare earth metals in Kyrgyzstan (Kutessay)", "https://24.kg/english/317461_Chinese_company_to_mine_rare_earth_metals_in_Kyrgyzstan/", "quoted facts only"),
    "KA1": ("Lindian Resources via PR Newswire, 3 Aug 2023: maiden Mineral Resource Estimate of 261 million tonnes at 2.19% TREO (Kangankunde, JORC 2012, Inferred)", "https://en.prnasia.com/releases/apac/lindian-reports-maiden-mineral-resource-estimate-of-261-million-tonnes-at-high-grade-of-2-19-treo-413675.shtml", "quoted facts only"),
    "KA2": ("Zonebourse: Lindian Resources announces a first mineral resource estimate (licences MML0290/22, EPL0514/18R)", "https://m.zonebourse.com/cours/action/LINDIAN-RESOURCES-LIMITED-10354787/actualite/Lindian-Resources-Limited-annonce-une-premiere-estimation-des-ressources-minerales-de-261-millions-44502550/", "quoted facts only"),
    "SW1": ("Mkango Resources via GlobeNewswire (goldseiten.de), 5 Jul 2022: Results of Definitive Feasibility Study for the Songwe Hill Rare Earths Project", "http://www.goldseiten.de/artikel/548972--Mkango-Resources-Announces-Results-of-Definitive-Feasibility-Study-for-the-Songwe-Hill-Rare-Earths-Project-in-Malawi.html", "quoted facts only"),
    "SW2": ("Proactive Investors, 23 Apr 2013: Mkango Resources has 'very strong' project in Songwe (NI 43-101 resource Oct 2012)", "http://proactiveinvestors.blogspot.com/2013/04/mkango-resources-has-very-strong.html", "quoted facts only"),
    "NG1": ("Mining Weekly, 5 May 2023: Ngualla rare earth project, Tanzania - update", "http://www.miningweekly.com/print-version/ngualla-rare-earth-project-tanzania-update-2023-05-05", "quoted facts only"),
    "PH1": ("Engineering News, 28 Jun 2024: Phalaborwa Rare Earths Project, South Africa - update", "https://engineeringnews.co.za/print-version/phalaborwa-rare-earths-project-south-africa-update-2024-06-28", "quoted facts only"),
    "SK1": ("Steenkampskraal Monazite Mine: The Mine - overview (NI 43-101 resource and reserve)", "https://www.steenkampskraal.com/the-mine-overview/", "quoted facts only"),
    "SK2": ("Creamer Media (Mining Weekly), 13 Jun 2025: Steenkampskraal Monazite Mine, South Africa - update", "https://newsletter.mw.creamermedia.com/article/steenkampskraal-monazite-mine-south-africa-update-2025-06-13", "quoted facts only"),
    "LO1": ("Mining Business Africa, 26 Jul 2021: Lofdal heavy rare earths project in Namibia issued 25 year mining licence", "https://miningbusinessafrica.co.za/2021/07/26/lofdal-heavy-rare-earths-project-in-namibia-issued-25-year-mining-licence/", "quoted facts only"),
    "LO2": ("GBR interview with Darrin Campbell, Namibia Critical Metals, 27 Jan 2023", "https://gbreports.com/interview/darrin-campbell", "quoted facts only"),
    "LO3": ("The Extractor, 18 Oct 2024: Namibia Critical Metals gets licence to conduct exploration, processing and mining activities at Lofdal", "https://theextractormagazine.com/2024/10/18/namibia-critical-metals-gets-licence-to-conduct-exploration-processing-and-mining-activities-at-lofdal-ree-project", "quoted facts only"),
    "LO4": ("Mining Review Africa: Namibia Critical Metals files Lofdal's updated (NI 43-101) resource report on SEDAR", "https://www.miningreview.com/battery-metals/namibia-critical-metals-files-lofdals-updated-resource-report-on-sedar/", "quoted facts only"),
    "NE1": ("NS Energy: Nechalacho Rare Earth Mining Project", "https://www.nsenergybusiness.com/projects/nechalacho-rare-earth-mining-project/", "quoted facts only"),
    "NE2": ("North of 60 Mining News, 27 Jan 2022 and 6 May 2022: Vital Metals logs rare earths first; Vital eyes more advances at Nechalacho", "https://miningnewsnorth.com/story/2022/05/06/news/vital-eyes-more-advances-at-nechalacho/7355.html", "quoted facts only"),
    "RN": ("Rosnedra (Federal Agency for Subsoil Use), 2024: up to 28.7 Mt REE in 18 major deposits (as cited in the depomap reference notes)", "", "quoted facts only"),
}


def cite(codes):
    """'S2#48; T1' -> readable citations joined by ' | '."""
    out = []
    for part in [p.strip() for p in codes.split(";") if p.strip()]:
        code, _, rec = part.partition("#")
        if code in SOURCES:
            text = SOURCES[code][0] + (f", record {rec}" if rec else "")
        else:
            text = part
        out.append(text)
    return " | ".join(out)


def url(codes):
    for part in [p.strip() for p in codes.split(";") if p.strip()]:
        code, _, rec = part.partition("#")
        if code in SOURCES and SOURCES[code][1]:
            base = SOURCES[code][1]
            return base
    return ""
