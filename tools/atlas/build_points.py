#!/usr/bin/python3
"""Builds geodata/deposits.csv and geodata/processing_sites.csv from the curated records below.

Coordinates come from the cited sources (mostly geodata/reference/ree_sites.csv and the USGS
records in geodata/usgs-minmod). Where a source only describes the place, the point is computed
with the geodesic direct problem (GeographicLib's GeodSolve, WGS84) from a sourced town coordinate:
coord_precision=from_description, coord_description says what and from where, uncertainty_km is the
honest radius. Nothing here is invented: a record without a sourced or derivable point is not written
to the CSV and is listed in geodata/README.md ("Left off the map").
Run: /usr/bin/python3 tools/atlas/build_points.py   (needs geographiclib-tools)
"""
import csv, os, re, subprocess, sys
sys.path.insert(0, os.path.dirname(__file__))
from sources import cite, url

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
# Where the built files go: $GEODATA_OUT (tools/atlas/build.sh sets it), else geodata/.
OUT = os.environ.get("GEODATA_OUT") or os.path.join(ROOT, "geodata")


def dms(d, m=0, s=0, neg=False):
    v = d + m / 60 + s / 3600
    return -v if neg else v


def direct(lat, lon, azi, km):
    out = subprocess.run(["GeodSolve"], input=f"{lat} {lon} {azi} {km * 1000}\n",
                         capture_output=True, text=True, check=True).stdout.split()
    return float(out[0]), float(out[1])


def inverse(lat1, lon1, lat2, lon2):
    out = subprocess.run(["GeodSolve", "-i"], input=f"{lat1} {lon1} {lat2} {lon2}\n",
                         capture_output=True, text=True, check=True).stdout.split()
    return float(out[0]), float(out[2]) / 1000  # azi1, distance km


# --- points derived from descriptions -------------------------------------------------------
TULUN = (dms(54, 34), dms(100, 34))
HALLS_CREEK = (dms(18, 14, neg=True), dms(127, 40))
MOTYGINO = (dms(58, 11), dms(94, 41))
NIKOLSKE = (dms(47, 12, 37), dms(37, 19, 31))
NARSAQ = (dms(60, 54, 44), dms(46, 2, 55, neg=True))
QAQORTOQ = (dms(60, 43, 20), dms(46, 2, 25, neg=True))
MINACU = (dms(13, 31, 58, neg=True), dms(48, 13, 12, neg=True))
NOVAYA_CHARA = (dms(56, 49), dms(118, 18))
OLEVSK = (dms(51, 13, 40), dms(27, 38, 53))
AFRIKANDA_STATION = (dms(67, 26, 33), dms(32, 46, 41))
KIRUNA = (67.84943, 20.25442)
CHIPWI = (dms(25, 53, 3), dms(98, 7, 55))
CHHATRAPUR = (dms(19, 21), dms(84, 59))
ELOOR = (dms(10, 4), dms(76, 18))
CARNARVON = (dms(24, 52, 2, neg=True), dms(113, 39, 40))
TEMISCAMING = (dms(46, 43), dms(79, 6, neg=True))
GAMLEBY = (dms(57, 53), dms(16, 23))
VASTERVIK = (dms(57, 45), dms(16, 38))
LAMBARENE = (dms(0, 42, 5, neg=True), dms(10, 14, 4))
DERIVED = {}


def derive():
    DERIVED["ru-zashikhinskoye"] = direct(*TULUN, 225, 160) + (
        "160 km south-west of Tulun (Interfax-Russia, Z1); Tulun 54°34'N 100°34'E (ru.wikipedia); "
        "GeodSolve direct: azimuth 225°, 160 km", 65)
    DERIVED["au-browns-range"] = direct(*HALLS_CREEK, 135, 160) + (
        "160 km south-east of Halls Creek (EPA WA approval, BR; also en.wikipedia Halls Creek); Halls Creek "
        "18°14'S 127°40'E (en.wikipedia); GeodSolve direct: azimuth 135°, 160 km", 65)
    DERIVED["ru-tatarskoye"] = direct(*MOTYGINO, 315, 85) + (
        "85 km north-west of Motygino, upper Tatarka river (uk.wikipedia, TW); Motygino 58°11'N 94°41'E "
        "(de.wikipedia); GeodSolve direct: azimuth 315°, 85 km", 35)
    DERIVED["ua-azovske"] = NIKOLSKE + (
        "'in Nikolske district of Donetsk oblast' (UA1), 'the Azov zirconium deposit near Nikolske' (UA4); "
        "point = Nikolske (ex-Volodarske) 47°12'37\"N 37°19'31\"E (de.wikipedia); USGS S1#278 point "
        "(45.583N 34.567E, in Crimea) rejected", 15)
    azi, dist = inverse(*NARSAQ, *QAQORTOQ)
    mid = direct(*NARSAQ, azi, dist / 2)
    DERIVED["gl-tanbreez"] = mid + (
        f"'Killavaat Alannguat between Narsaq and Qaqortoq' (Government of Greenland, TB); geodesic midpoint "
        f"of Narsaq 60°54'44\"N 46°02'55\"W and Qaqortoq 60°43'20\"N 46°02'25\"W (en.wikipedia), "
        f"GeodSolve inverse {dist:.1f} km then direct half-way", round(dist / 2 + 5))
    DERIVED["br-serra-verde"] = MINACU + (
        "'installed in the municipality of Minaçu, northern Goiás' (SV3); point = Minaçu town "
        "13°31'58\"S 48°13'12\"W (pt.wikipedia); radius covers the 2,854 km2 municipality", 40)
    DERIVED["ua-yastrubetske"] = OLEVSK + (
        "'in the Sushchano-Perzhanska zone of the Volyn megablock', 'connected with the district centre by asphalt "
        "roads; the railway Kyiv-Brest passes Olevsk' (BGV, UA2); point = Olevsk, the district centre, 51°13'40\"N "
        "27°38'53\"E (ru.wikipedia; en.wikipedia 51°13'N 27°39'E); the radius is a judgment covering the former "
        "Olevsk district, not a published distance; USGS S1#270 'Yastrebets' (51.2333N 28.85E, 84 km east) rejected", 50)
    DERIVED["ru-afrikanda"] = AFRIKANDA_STATION + (
        "'to the southeast of Lake Imandra, close to the Afrikanda railway station' (Interfax 2015, AF2); licence "
        "area 1.5 km2 (Barents Observer, AF3); point = Afrikanda station 67°26'33\"N 32°46'41\"E (ru.wikipedia); "
        "village 67°26'30\"N 32°46'54\"E is 0.2 km away", 5)
    DERIVED["se-per-geijer"] = KIRUNA + (
        "'the Per Geijer field under Kiruna' (North Sweden Business, PG2), 'the Per Geijer deposit in Kiruna' (LKAB, "
        "PG1); point = Kiruna town 67.84943N 20.25442E (aroundus.com, from Wikidata); the radius is a judgment "
        "covering the town, not a published distance", 6)
    DERIVED["mm-pangwa"] = direct(*CHIPWI, 90, 32) + (
        "the mines lie around Chipwi and Pangwa in Kachin Special Region 1 (Frontier, MY4); 'Pangwa is a rare earth "
        "mining hub located 64 kilometers east of Chipwi town on the border with China' (The Irrawaddy, MY3); "
        "Chipwi 25°53'03\"N 98°07'55\"E (en.wikipedia via friendlywiki.com). 64 km due east lands 7.8 km inside "
        "China (a road distance, not a straight line), so the point is the middle of the Chipwi-Pangwa stretch "
        "(GeodSolve direct: azimuth 90°, 32 km) with a radius covering both towns: an area, NOT a mine", 40)
    DERIVED["in-irel-oscom"] = CHHATRAPUR + (
        "'Orissa Sands Complex, located at Matikhala, near Chhatrapur town' (Business Standard, IN2); point = "
        "Chhatrapur 19°21'N 84°59'E (en.wikipedia via wikiclassic.com); plant not located, radius a judgment", 8)
    DERIVED["in-irel-aluva"] = ELOOR + (
        "'Rare Earths Division (RED), Udyogamandal, Aluva ... on the banks of Periyar River, 12 km from the port "
        "city of Kochi' (en.wikipedia IREL, IN1); Indian Rare Earths is in the Eloor industrial belt (en.wikipedia "
        "Eloor); point = Eloor 10°4'0\"N 76°18'0\"E, an island of 14.21 km2; plant not located", 4)
    DERIVED["ru-katugin"] = NOVAYA_CHARA + (
        "only 'middle course of the Katugin river, right tributary of the Kalar, Kalarsky district' (KT2) and "
        "'southern part of the Kodar-Udokan district' (KT1) are published; point = Novaya Chara, the BAM "
        "station of Kalarsky district, 56°49'N 118°18'E (en.wikipedia); a placeholder with a wide radius, "
        "NOT the deposit", 150)


# --- deposits ---------------------------------------------------------------------------------
# (id, name, name_local, iso3, region, kind, status, deposit_type, commodities, ore_mt, grade,
#  contained_t, system, category, as_of, operator, precision, sources, notes, lon, lat, coord_description)
D = []


def dep(id, name, name_local, iso3, region, kind, status, dtype, comm, src, notes="", lon=None, lat=None,
        precision="approximate", desc="", unc="", ore="", grade="", contained="", system="", category="",
        as_of="", operator="", status_as_of="", code="", alt="", disputed=""):
    """status_as_of: date (YYYY, YYYY-MM or YYYY-MM-DD) of the source that gives the status; code: the reporting
    code of the figures as the source names it (JORC 2012, NI 43-101, GKZ ...); alt: other names, '|'-separated
    (as admin_regions' name_alt);
    disputed: why the place's control is disputed (empty for none)."""
    D.append(dict(id=id, name=name, name_local=name_local, country_iso3=iso3, region=region, kind=kind,
                  status=status, deposit_type=dtype, commodities=comm, ore_mt=ore, grade_treo_pct=grade,
                  contained_treo_t=contained, resource_system=system, resource_category=category, as_of=as_of,
                  operator=operator, coord_precision=precision, source=cite(src), source_url=url(src),
                  notes=notes, lon=lon, lat=lat, coord_description=desc, uncertainty_km=unc,
                  status_as_of=status_as_of, resource_code=code, name_alt=alt, disputed=disputed))


def build_deposits():
    # ---- Russia
    dep("ru-tomtor", "Tomtor (Buranny site)", "Томторское месторождение (участок Буранный)", "RUS",
        "Sakha (Yakutia), Olenyoksky ulus", "deposit", "development", "carbonatite + weathering-crust enrichment",
        "Nb,REE,Y,Sc,P", "S2#48; PM; SRKT; T1; T2; S1#146",
        "initial Ore Reserve as at 31 Dec 2019 in accordance with the JORC Code (2012), SRK audit (Polymetal RNS "
        "19 Apr 2021, PM; SRK, SRKT): 11.4 Mt open-pit ore @ 6.0% Nb2O5 + 14.5% REO (2.8% NdPr oxides) containing "
        "0.7 Mt Nb2O5 and 1.7 Mt REO (as published). Mineral Resource (JORC 2012, same date): 13.2 Mt @ 5.9% Nb2O5 "
        "+ 15% REO, 2.0 Mt REO. Next step a bankable feasibility study; permitting the key challenge (PM). Open pit "
        "planned 160 kt ore/yr. USGS: 8-31% REO, 3-8% Nb2O5",
        116.5711, 71.0536, "deposit_centre", "massif centre (USGS carbonatite #48 DMS; S1#146 71.0/116.5833 and "
        "ru.wikipedia 71°02'N 116°33'E, see below); Buranny site not separately located", 2,
        ore=11.4, grade=14.5, contained=1700000, system="JORC", category="Ore Reserve (initial, open pit)",
        as_of="2019-12-31", operator="ThreeArc Mining (TriArk Mining)", status_as_of="2021-04-19",
        code="JORC 2012", alt="Tomtor|Томтор|Buranny|Буранный")
    p = DERIVED["ru-zashikhinskoye"]
    dep("ru-zashikhinskoye", "Zashikhinskoye", "Зашихинское месторождение", "RUS",
        "Irkutsk oblast, Nizhneudinsky district", "deposit", "development",
        "alkaline (peralkaline) granite Ta-Nb-Zr-REE", "Ta,Nb,Zr,REE(HREE),Y", "Z1; Z2; Z3; Z4",
        "licence: Tekhnoinvest Alliance (30% Pervouralsk Pipe Plant group, Z1); GOK repeatedly postponed; reserves "
        "Nb 157 kt, Ta 15.7 kt (Irkutsk governor, Z2); 33.5 Mt ore (Roskill 2019, Z3), category not stated; "
        "Ta2O5 ~0.03%", p[1], p[0], "from_description", p[2], p[3], ore=33.5,
        operator="Tekhnoinvest Alliance")
    dep("ru-lovozero", "Lovozero loparite deposit", "Ловозёрское месторождение", "RUS", "Murmansk oblast",
        "deposit", "producing", "alkaline igneous (agpaitic nepheline syenite; loparite/eudialyte)",
        "REE,Nb,Ta,Ti,Zr", "S1#219; L1; GD21",
        "GKZ state balance Jan-2019 (L1): 2,653.1 kt REE2O3 in A+B+C1 plus 4,527.7 kt in C2 at 1.12%; only "
        "Russian REE mine; 2018 output 2.7 kt REE2O3; loparite ores gave 2.7, 2.6 and 2.5 kt TR2O3 in 2019-2021 "
        "(state report, GD21)",
        34.75, 67.7833, "approximate", "massif-level, degree-minute point (USGS S1#219)", 5,
        grade=1.12, contained=2653100, system="GKZ", category="A+B+C1", as_of="2019-01-01",
        operator="Lovozersky GOK (Rosatom/ARMZ since 2023)", status_as_of="2021",
        code="GKZ (Russian state balance), REE2O3")
    dep("ru-karnasurt", "Karnasurt mine (Lovozersky GOK), Revda", "рудник Карнасурт (ООО «Ловозерский ГОК»)",
        "RUS", "Murmansk oblast, Lovozersky district", "mine", "producing", "loparite ore",
        "loparite concentrate (REE,Nb,Ta,Ti)", "S3#10304200; L2; L3",
        "underground mine; Rosatom/ARMZ since 2023; south-west flank reserves 5.2 Mt ore, mining to 2050 (L2/L3; "
        "category not stated)", 34.5865, 67.8817, "approximate",
        "MRDS record 'Revda REO' (~site; portal not verified)", 2, ore=5.2, operator="Lovozersky GOK",
        alt="Karnasurt|Карнасурт|Revda")
    dep("ru-khibiny", "Khibiny apatite-nepheline deposits (Kirovsk/Apatity)",
        "Хибинские апатит-нефелиновые месторождения", "RUS", "Murmansk oblast", "deposit", "producing",
        "apatite-nepheline intrusion (alkaline)", "P,Al,Ti,REE(by-product)", "S2#46; K1",
        "produces apatite; REE not recovered at source. Murmansk region REE2O3 measured 22.4 Mt + indicated 36.2 Mt, "
        "mainly Khibiny+Lovozero (K1) - a regional figure, not this deposit's", 34.2389, 67.7578, "approximate",
        "massif-level (USGS carbonatite #46; S1#202 gives 67.7167/33.7833)", 15)
    dep("ru-kovdor", "Kovdor", "Ковдорское месторождение", "RUS", "Murmansk oblast", "deposit", "producing",
        "carbonatite-phoscorite", "Fe,P,Zr,Sc", "S2#47; K1",
        "produces Fe/apatite/baddeleyite; operator not verified; potential Sc resource in baddeleyite",
        30.4294, 67.5606, "approximate", "massif-level (USGS carbonatite #47)", 3)
    p = DERIVED["ru-katugin"]
    dep("ru-katugin", "Katuginskoye", "Катугинское месторождение", "RUS", "Zabaykalsky krai, Kalarsky district",
        "deposit", "undeveloped", "alkaline granite / metasomatite Nb-Ta-Zr-REE-Y (cryolite)",
        "Nb,Ta,Zr,Y,REE,U,cryolite", "KT1; KT2",
        "ore 0.374% Nb2O5, 0.026% Ta2O5, 1.62% ZrO2, 0.16% Y2O3, 0.22% REE2O3 (KT1); lode exposed over 5 km2 "
        "(KT1), Eastern body 2.8 km2 (KT2). POINT IS A PLACEHOLDER: see coord_description",
        p[1], p[0], "from_description", p[2], p[3])
    dep("ru-beloziminskoye", "Beloziminskoye (Belaya Zima)", "Белозиминское месторождение", "RUS",
        "Irkutsk oblast (Tulunsky/Nizhneudinsky)", "deposit", "undeveloped", "carbonatite (pyrochlore)",
        "Nb,Ta,P,REE", "BZ; Z2; TS; GD17", "Ta+Nb reserves >750 kt (Irkutsk governor, Z2); one of the four REE "
        "deposits of the state balance not licensed on 1 Jan 2017, 'large by REE reserves' (state report, GD17)",
        100.54, 53.5761, "approximate",
        "Belaya Zima village (ex-Beloziminsk) on the deposit's river, not the orebody (ru.wikipedia)", 10,
        status_as_of="2017-01-01", alt="Belaya Zima|Белая Зима")
    dep("ru-nizhnesayanskoye", "Nizhnesayanskoye (Zima district)", "Нижнесаянское месторождение", "RUS",
        "Irkutsk oblast", "deposit", "unknown", "carbonatite / apatite", "REE,Nb,P", "S1#64",
        "status not verified", 100.5167, 53.5167, "approximate", "degree-minute point (USGS S1#64)", 3)
    dep("ru-chuktukon", "Chuktukon (Chadobets)", "Чуктуконское месторождение", "RUS",
        "Krasnoyarsk krai, Boguchansky district", "deposit", "exploration", "carbonatite weathering crust",
        "Nb,REE,Mn,Sc", "S2#45; CK; GD17; TS",
        "GKZ (Rosnedra's state reserves commission) approved the reserves report in Feb 2019 (CK): C1+C2 2.8 Mt "
        "TR2O3 @ 4.585% average (as published; 500 kt planned) and 443 kt Nb2O5 @ 0.74%, plus P1 resources; "
        "exploration 2014 to mid-2018 by Sibirskoe PGO (Rosgeologia) on federal funds. Not licensed on "
        "1 Jan 2017 (GD17)", 99.2875, 59.4853, "approximate", "massif-level (USGS carbonatite #45)", 3,
        grade=4.585, contained=2800000, system="GKZ", category="C1+C2", as_of="2019-02", status_as_of="2019-02-21",
        code="GKZ (Russian state balance), TR2O3", alt="Chadobets|Чадобецкое|Chuktukonskoye")
    p = DERIVED["ru-tatarskoye"]
    dep("ru-tatarskoye", "Tatarskoye", "Татарское месторождение", "RUS", "Krasnoyarsk krai, Yenisei Ridge",
        "mine", "unknown", "carbonatite + weathering crust", "Nb,P", "TW; TT; BK",
        "pyrochlore concentrate mined (Boyarko & Khatkov, BK); current status not verified; ores avg 0.23% Nb2O5, "
        "4.71% P2O5 (TT); ru: 0.69% Nb2O5 (TW). USGS 'Srednetatarskii' (58.4N 93.583E) is a different object",
        p[1], p[0], "from_description", p[2], p[3])
    dep("ru-burpala", "Burpala", "Бурпалинский массив", "RUS", "northern Baikal region", "occurrence",
        "unknown", "peralkaline igneous HFSE-REE", "REE,Zr,Nb", "S1#165",
        "status unknown: no dated source found says whether the massif is explored, licensed or mined (the status "
        "'undeveloped' had no source)", 110.75, 56.55, "approximate",
        "degree-minute point (USGS S1#165)", 3)
    dep("ru-seligdar", "Seligdar", "Селигдарское месторождение", "RUS", "Sakha (Yakutia), Aldan", "deposit",
        "undeveloped", "apatite intrusion", "P,REE", "S1#242; GD17; SG1",
        "one of the four REE deposits of the state balance not licensed on 1 Jan 2017, 'large by REE reserves' "
        "(state report, GD17); state balance at the start of 2014: 1,277,177 kt apatite ore, 85,587 kt P2O5 and "
        "4,410.5 kt rare earth metals ('редкоземельных металлов', as published; category not stated), offered at "
        "auction for 29 Jul 2015 (GeoNEWS 2 Jun 2015, SG1)",
        125.3, 58.4, "approximate", "degree-minute, district level (USGS S1#242)", 10, status_as_of="2017-01-01",
        ore=1277.177, contained=4410500, system="GKZ", category="state balance (category not stated)",
        as_of="2014-01-01", code="GKZ (Russian state balance), rare earth metals as published")
    dep("ru-vishnevogorsk", "Vishnevogorsk (Ilmeno-Vishnevogorsky)", "Вишнёвогорское месторождение", "RUS",
        "Chelyabinsk oblast", "deposit", "unknown", "carbonatite / miaskite", "Nb,REE,Zr", "S1#98; N1",
        "status not verified", 60.5667, 55.9833, "approximate", "degree-minute point (USGS S1#98)", 3)
    dep("ru-gornoe-ozero", "Gornoe Ozero", "Горноозерское месторождение", "RUS", "Sakha (Yakutia)", "deposit",
        "unknown", "carbonatite", "REE,Nb,P", "S1#33", "", 136.8833, 59.9333, "approximate",
        "degree-minute point (USGS S1#33)", 3)
    dep("ru-seblyavr", "Seblyavr carbonatite complex", "Себльяврский массив", "RUS", "Murmansk oblast",
        "occurrence", "unknown", "carbonatite", "REE,P,Fe", "S1#140", "", 32.1333, 68.7167, "approximate",
        "degree-minute point (USGS S1#140)", 3)
    dep("ru-sallanlatvi", "Sallanlatvi", "Салланлатвинский массив", "RUS", "Murmansk oblast", "occurrence",
        "unknown", "carbonatite", "REE,Nb,P", "S1#139", "", 29.1667, 66.95, "approximate",
        "degree-minute point (USGS S1#139)", 3)
    dep("ru-kugda", "Kugda", "Кугдинский массив", "RUS", "Krasnoyarsk krai (Maymecha-Kotuy)", "occurrence",
        "unknown", "carbonatite", "REE,Nb,P", "S1#45", "", 103.4667, 70.7167, "approximate",
        "degree-minute point (USGS S1#45)", 3)
    p = DERIVED["ru-afrikanda"]
    dep("ru-afrikanda", "Afrikanda (central section)", "Африкандское месторождение", "RUS",
        "Murmansk oblast, Polyarnye Zori", "deposit", "exploration", "ultramafic-alkaline perovskite-titanomagnetite",
        "Ti,REE,Nb,Ta,Fe", "AF1; AF2; AF3; K1; WAF",
        "licence for exploration and mining of the central section won at auction in 2020 by JSC Arkmineral-Resource; "
        "geological study being finished and reserves to be put on the state balance in 2025; capex RUB 28.3 bn "
        "(Interfax 13 Mar 2025, AF1). Prognostic resources P1 70.7 Mt ore incl. 6.7 Mt TiO2 in perovskite (AF1); "
        "626.2 Mt ore open-pit minable per the Kola Science Centre's Mining Institute (AF2, 2015); 'more than "
        "863,000 t of rare earth metals' (AF3, 2015; metal or oxide not stated, so not in contained_treo_t)",
        p[1], p[0], "from_description", p[2], p[3], ore=70.7, system="other", category="P1 prognostic resources",
        as_of="2025-03", operator="Arkmineral-Resource", status_as_of="2025-03-13",
        code="Russian prognostic resources (P1)", alt="Afrikanda|Африканда")
    dep("ru-sakharyok", "Sakharyok (Keivy)", "Сахарйокское месторождение", "RUS", "Murmansk oblast, Keivy block",
        "deposit", "undeveloped", "nepheline syenite Zr-REE", "Zr,REE(HREE),Y", "S1#241; K1",
        "named with Yumperuaiv and Large Pedestal as the Keivy block's potential heavy-REE deposits (Kalashnikov et "
        "al. 2016, K1); no resource in the sources found", 36.2, 67.6667, "approximate",
        "degree-minute point (USGS S1#241 'Sakhariokskii (Sacharijok)'), not cross-checked", 5,
        status_as_of="2016", alt="Sakhariok|Sacharijok|Сахарйок")
    dep("ru-western-keivy", "Western Keivy (Yumperuaiv, Rovozero, Platongora)", "Западные Кейвы (Юмперуайв)", "RUS",
        "Murmansk oblast, Keivy block", "deposit", "undeveloped", "peralkaline granite Zr-REE",
        "Zr,REE(HREE),Y", "S1#267; K1",
        "peralkaline granite-hosted Zr-REE deposits with heavy-REE potential (Yumperuaiv, Large Pedestal; "
        "Kalashnikov et al. 2016, K1); no resource in the sources found", 36.5, 67.7833, "approximate",
        "degree-minute point for the group (USGS S1#267), not a single deposit", 15,
        status_as_of="2016", alt="Yumperuaiv|Large Pedestal|Бол. Пьедестал|Keivy|Кейвы")
    # ---- Ukraine
    dep("ua-novopoltavske", "Novopoltavske (Chernigovskii)", "Новополтавське родовище", "UKR",
        "Zaporizhzhia oblast", "deposit", "undeveloped", "carbonatite / apatite", "P,REE(Y,Sm,Tb,Eu),Nb",
        "S1#19; UA3; UA7", "explored in the 1980s, no development work since 1991 (UA7, 28 Feb 2025, after Politico)",
        36.25, 47.2333, "approximate", "degree-minute point (USGS S1#19, 'Chernigovskii (Novopoltavskii)'); the "
        "deposit is named for Novopoltavka in the Chernihivka community, not located more closely; Chernihivka "
        "(en.wikipedia) 6 km away; radius widened from 3 to 10 km", 10,
        status_as_of="2025-02-28")
    p = DERIVED["ua-azovske"]
    dep("ua-azovske", "Azovske", "Азовське родовище", "UKR", "Donetsk oblast, Nikolske (ex-Volodarske) district",
        "deposit", "undeveloped", "alkaline syenite (britholite) Zr-REE", "REE,Y,Zr", "UA1; UA4; UA5; S1#278",
        "perspective resources to 300 m depth (Pryazovska expedition, UA1): 56 Mt ore @ 1.27% TR2O3 = 710 kt TR2O3 "
        "(as given) + 840 kt ZrO2; area under Russian occupation since 2022; not mined: the occupation authorities "
        "were seeking Russian companies to organise extraction (UA5, 16 Dec 2022)",
        p[1], p[0], "from_description", p[2], p[3], ore=56, grade=1.27, contained=710000, system="other",
        category="perspective resources to 300 m (Ukrainian classification)",
        code="Ukrainian perspective resources, TR2O3", disputed="area occupied by Russia since 2022",
        status_as_of="2022-12-16")
    p = DERIVED["ua-yastrubetske"]
    dep("ua-yastrubetske", "Yastrubetske", "Яструбецьке родовище", "UKR", "Zhytomyr oblast, Olevsk (former district)",
        "deposit", "undeveloped", "Zr-REE-fluorite metasomatite (syenite)", "Zr,REE(parisite),F",
        "UA2; UA6; WOL; S1#270",
        "BGV (undated, UA2): south-west part licensed and prepared for development (2015 appraisal by VK Geolog); "
        "the latest dated source (UA6, 26 Dec 2017): the oblast council's Feb 2017 approval of a permit to mine "
        "the south-west area annulled on the prosecutor's suit (protection zone of the Polissia nature reserve), "
        "so 'undeveloped', not 'development'", p[1], p[0], "from_description", p[2], p[3], operator="BGV Group",
        status_as_of="2017-12-26",
        alt="Yastrebetskoe|Yastrebets|Ястребецкое")
    dep("ua-mazurivske", "Mazurivske", "Мазурівське родовище", "UKR", "Donetsk oblast", "deposit", "unknown",
        "alkaline (nepheline syenite), Oktiabrskyi massif", "Zr,REE,Nb", "MZ; S1#295; UA3",
        "near Donske, 12 km from Volnovakha (uk.wikipedia); area under Russian occupation since 2022; status "
        "unknown: no dated source found on its development (the status 'undeveloped' had no dated source)",
        37.5192, 47.5167, "deposit_centre", "uk.wikipedia DMS 47°31'00\"N 37°31'09\"E (near Donske)", 2,
        disputed="area occupied by Russia since 2022")
    # ---- Central Asia
    dep("kg-kutessay-ii", "Kutessay II (Aktyuz ore field)", "Кутессай II", "KGZ", "Chuy region, Kemin district",
        "deposit", "development", "peralkaline granite-related HREE (yttrosynchysite-xenotime)", "REE(HREE),Y,Th,Mo",
        "KG3; KG2; KG1; S3#10207324; S1#211",
        "past producer: mined in the USSR, reserves approved by the USSR GKZ in 1959 (Stans Energy, KG1); 'about "
        "60,000 t of rare earth metals' (Kyrgyz head of cabinet, TASS 19 Jun 2024, KG2; class not stated); a Chinese "
        "company is to mine it after negotiations were completed (24.kg 21 Jan 2025, KG3)",
        76.13386, 42.84809, "approximate",
        "MRDS 10207324 'Kutessay' point; USGS S1#211 'Kutessai-II' (42.6667N 76.1667E) lies 20.3 km SSE: the radius "
        "covers both, the deposit is not located more closely", 22, status_as_of="2025-01-21",
        alt="Kutessai-II|Kutisay|Кутисай")
    # ---- world: deposits of the story added on 2026-12-04
    p = DERIVED["se-per-geijer"]
    dep("se-per-geijer", "Per Geijer (Kiruna)", "", "SWE", "Norrbotten, Kiruna", "deposit", "exploration",
        "iron oxide-apatite (Kiruna type), REE in apatite", "Fe,P,REE", "PG1; PG2; PG3",
        "iron ore deposit with high P and REE; LKAB applied for a processing concession on 12 Jun 2023 to 'continue "
        "investigating' (PG1): 734 Mt iron ore mineral resources and more than 1.3 Mt REO in situ (PG2; a lower "
        "bound, so not in contained_treo_t); later 1.2 bn t with 2.2 Mt REO in situ after the 2024 campaign and EU "
        "strategic project status on 25 Mar (2025) (Magnetics Magazine, PG3). Code not named in the sources",
        p[1], p[0], "from_description", p[2], p[3], ore=734, system="other", category="Mineral Resources (iron ore)",
        as_of="2023-06", operator="LKAB", status_as_of="2023-06-12", code="not named in the source")
    p = DERIVED["mm-pangwa"]
    dep("mm-pangwa", "Pangwa-Chipwi ion-adsorption clay mines (Kachin Special Region 1)", "", "MMR",
        "Kachin State, Chipwi Township", "mine", "unknown", "ion-adsorption clay (heavy REE)", "REE(HREE: Dy,Tb)",
        "MY3; MY4; MY5; MY6",
        "Myanmar's main REE mining hub, mines mostly Chinese-run, unlicensed by the government (MY4, MY5); about "
        "50,000 t REO from ion-adsorption clays supplied to China in 2023 (Reuters via Miners News, MY6). The KIA "
        "took Chipwi (30 Sep 2024) and Pangwa (18 Oct 2024); mining then shut down almost completely and the KIA was "
        "preparing to resume it (The Irrawaddy 18 Nov 2024, MY5). 'Suspended' has no value in the status "
        "enumeration, so status stays unknown", p[1], p[0], "from_description", p[2], p[3],
        alt="Pang War|Panwa|Chipwe|Chibwe", disputed="controlled by the Kachin Independence Army since Oct 2024")
    # ---- world
    dep("cn-bayan-obo", "Bayan Obo", "白云鄂博矿", "CHN", "Inner Mongolia", "mine", "producing",
        "carbonatite-related Fe-REE-Nb", "REE,Fe,Nb,F", "S2#23; BO",
        "mine site spread over 48 km2 (BO); USGS major-deposits #192 point (41.17N 117.88E) is erroneous",
        109.9744, 41.7992, "approximate", "~site, DMS (USGS carbonatite #23)", 3, operator="Baogang Group")
    dep("us-mountain-pass", "Mountain Pass", "", "USA", "California", "mine", "producing",
        "carbonatite (bastnaesite)", "REE", "S2#56; S3#10212814; S4",
        "US mine output 45,000 t REO (2024e), all from Mountain Pass (USGS MCS 2025)", -115.5322, 35.4786,
        "site", "mine (USGS carbonatite #56; MRDS 10212814 agrees)", 1, operator="MP Materials")
    dep("au-mount-weld", "Mount Weld", "", "AUS", "Western Australia", "mine", "producing", "carbonatite laterite",
        "REE", "S2#3; MW", "carbonatite pipe ~3 km in diameter (MW)", 122.5481, -28.8644, "site",
        "~site (USGS carbonatite #3; en.wikipedia 28°51'36\"S 122°32'52\"E agrees)", 1, operator="Lynas Rare Earths")
    dep("au-nolans", "Nolans Bore", "", "AUS", "Northern Territory", "deposit", "development",
        "REE-P-U-Th (apatite/monazite)", "REE,P", "NO",
        "JORC 2012 Mineral Resource (Jun-2017): 56 Mt @ 2.6% TREO, 11% P2O5; contained TREO computed from "
        "ore_mt × grade; NAIF decision Jan-2024", 133.2383, -22.5936, "deposit_centre",
        "PorterGeo DMS 22°35'37\"S 133°14'18\"E", 1, ore=56, grade=2.6, contained=1456000, system="JORC",
        category="Mineral Resource", as_of="2017-06", operator="Arafura Rare Earths")
    p = DERIVED["au-browns-range"]
    dep("au-browns-range", "Browns Range (Wolverine/Gambit/Area 5)", "", "AUS", "Western Australia", "deposit",
        "development", "HREE xenotime (Weng et al.: 'granite-related skarn')", "Dy,Tb,Y", "BR; W15",
        "pilot plant; Northern Minerals", p[1], p[0], "from_description", p[2], p[3], operator="Northern Minerals")
    dep("gl-kvanefjeld", "Kvanefjeld (Kuannersuit)", "Kuannersuit", "GRL", "Kujalleq", "deposit", "undeveloped",
        "peralkaline lujavrite (Ilimaussaq)", "REE,U,Zn,F", "KV; GH",
        "stalled by Greenland's 2021 uranium ban; USGS Ilimaussaq points (~100 km off) not used", -46.0, 60.9833,
        "approximate", "mountain/deposit, arc-minute (de.wikipedia Kuannersuit 60°59'N 46°00'W); Ilimaussaq "
        "complex centre 60.93472,-45.86917 is 8.9 km SE", 3)
    p = DERIVED["gl-tanbreez"]
    dep("gl-tanbreez", "Tanbreez (Killavaat Alannguat / Kringlerne)", "Killavaat Alannguat", "GRL", "Kujalleq",
        "deposit", "development", "peralkaline eudialyte (Ilimaussaq)", "REE,Zr,Nb", "HN; TB; GR",
        "holds an exploitation permit valid for 30 years over 18 km2, granted on conditions to be met by the end of "
        "2022 (High North News citing Sermitsiaq, HN; the stored copy gives no date, so status_as_of is empty); "
        "before that an exploration permit, eudialyte ore, 500 kt/yr planned (Government of Greenland 2019, TB)",
        p[1], p[0], "from_description", p[2], p[3], operator="Critical Metals Corp (Tanbreez Mining Greenland)",
        alt="Kringlerne|Killavaat Alannguat")
    dep("se-norra-karr", "Norra Kärr", "", "SWE", "Jönköping county", "deposit", "development",
        "peralkaline nepheline syenite (eudialyte)", "REE(HREE),Zr,Hf,Nb,nepheline", "NK3; NK4; NK2; NK",
        "permitting: the Mining Inspectorate (Bergsstaten) recommends the 25-year exploitation concession, against "
        "the Östergötland county board's conditions, so the government decides next (Realtid 10 Mar 2026, NK3); "
        "both county boards had endorsed the application on 3 Dec 2025 (NK4). Total resource 110 Mt ore (NK3). "
        "Probable Mineral Reserve 23.5 Mt @ 0.59% TREO on an NI 43-101 basis, as restated by the company in Dec "
        "2025 (NK2; the estimate's own date not in the source); contained TREO computed from ore_mt × grade. The "
        "2013 concession was quashed in 2016 (NK); the earlier 58 Mt @ 1.7% Zr predates both figures",
        14.565, 58.102, "approximate", "~site (en.wikipedia 58°06'07\"N 14°33'54\"E)", 2, ore=23.5, grade=0.59,
        contained=138650, system="NI 43-101", category="Probable Mineral Reserve", as_of="2025-12",
        operator="Leading Edge Materials (Greenna Mineral AB)", status_as_of="2026-03-10", code="NI 43-101")
    dep("za-steenkampskraal", "Steenkampskraal", "", "ZAF", "Western Cape", "mine", "development", "monazite vein",
        "REE,Th", "SK1; SK2; S3#10183364",
        "past producer (Anglo American, 1950s-1960s); mining right to 2030, renewable; NI 43-101 Mineral Resource "
        "665,000 t @ 14.5% TREO for 86,900 t TREO incl. Y2O3 (as published), Mineral Reserve 799,700 t @ 8.68% for "
        "about 69,400 t TREO (company site, SK1, undated; an older page gives 605,000 t @ 14.36%); restart planned "
        "in three phases, at least 5,000 t/yr monazite concentrate in phase 1 (Creamer Media 13 Jun 2025, SK2)",
        18.6183, -30.9633, "approximate", "~site (MRDS 10183364)", 2, ore=0.665, grade=14.5, contained=86900,
        system="NI 43-101", category="Mineral Resource", operator="Steenkampskraal Monazite Mine (SHL)",
        status_as_of="2025-06-13", code="NI 43-101")
    dep("za-phalaborwa", "Phalaborwa (Palabora)", "", "ZAF", "Limpopo", "deposit", "unknown", "carbonatite",
        "Cu,P,REE", "S2#50; PH1", "Rainbow Rare Earths' Phalaborwa project "
        "recovers REE from two phosphogypsum stacks of the historic phosphate mining: JORC mineral resource 30.4 Mt "
        "@ 0.44% TREO, PEA Oct 2022 (Engineering News 28 Jun 2024, PH1); the stacks are not located here",
        31.1244, -23.9792, "approximate",
        "~site (USGS carbonatite #50)", 3)
    dep("na-lofdal", "Lofdal", "", "NAM", "Kunene", "deposit", "development", "carbonatite (HREE, xenotime)",
        "REE(HREE: Dy,Tb),Nb", "LO1; LO2; LO3; LO4; S1#47",
        "25-year mining licence ML 200 valid to 10 May 2046 (Mining Business Africa 26 Jul 2021, LO1); resource "
        "raised from 6 Mt to 53 Mt after the 2020 drilling, containing 4.7 million kg Dy and "
        "725,000 kg Tb (company president, GBR 27 Jan 2023, LO2; grade not given, so none stored; the update is an NI 43-101 estimate, LO4); pre-feasibility "
        "study for 'Lofdal 2B-4' due Q1 2025, JV with JOGMEC (The Extractor 18 Oct 2024, LO3)",
        14.75, -20.35, "approximate", "degree-minute point (USGS S1#47)", 5, ore=53, system="NI 43-101",
        category="Mineral Resource (total)", as_of="2021-05", operator="Namibia Critical Metals (JV with JOGMEC)",
        status_as_of="2024-10-18", code="NI 43-101")
    dep("br-araxa", "Araxá (Barreiro)", "", "BRA", "Minas Gerais", "mine", "producing", "carbonatite laterite",
        "Nb,P,REE", "S2#4", "produces niobium; REE status not verified", -46.9419, -19.6611, "approximate",
        "~site (USGS carbonatite #4)", 3)
    p = DERIVED["br-serra-verde"]
    dep("br-serra-verde", "Serra Verde (Pela Ema)", "", "BRA", "Goiás, Minaçu", "mine", "producing", "ionic clay",
        "Nd,Pr,Tb,Dy", "SV3; SV2; SV",
        "phase-1 commercial production from 2024; ~5 kt/yr REO expected by 2026 (SV)", p[1], p[0],
        "from_description", p[2], p[3], operator="Mineração Serra Verde")
    dep("vn-dong-pao", "Dong Pao", "Đông Pao", "VNM", "Lai Chau", "deposit", "unknown", "carbonatite-related",
        "REE,F,Ba", "S1#174", "status not verified", 103.5667, 22.2833, "approximate",
        "degree-minute point (USGS S1#174)", 3)
    dep("mw-kangankunde", "Kangankunde", "", "MWI", "Southern Region, Balaka", "deposit", "development",
        "carbonatite (monazite)", "REE,Sr", "KA1; KA2; S2#36; S3#10207658",
        "maiden Mineral Resource (JORC 2012), entirely Inferred: 261 Mt @ 2.19% TREO above 0.5% TREO cut-off "
        "(Lindian Resources, 3 Aug 2023, KA1); contained TREO computed from ore_mt × grade. Medium-scale mining "
        "licence MML0290/22 inside exploration licence EPL0514/18R (KA2); stage-1 plant planned",
        34.9094, -15.125, "approximate", "~site (USGS carbonatite #36; MRDS 10207658 agrees)", 2,
        ore=261, grade=2.19, contained=5715900, system="JORC", category="Inferred Mineral Resource", as_of="2023-08",
        operator="Lindian Resources", status_as_of="2023-08-03", code="JORC 2012")
    dep("mw-songwe-hill", "Songwe Hill", "", "MWI", "Southern Region, Phalombe", "deposit", "development",
        "carbonatite", "REE", "SW1; SW2; MM",
        "definitive feasibility study 5 Jul 2022: 18-year life, about 5,954 t/yr TREO in mixed carbonate (SW1). "
        "NI 43-101 resource of 2012: Indicated 13.2 Mt @ 1.62% TREO, Inferred 18.6 Mt @ 1.38% (1% cut-off, SW2); "
        "updated in Jan 2019 (figures not in the sources found), so none stored. USGS 'Songwe Syenite' is another place",
        35.8215, -15.70155, "site", "project point (mindat, operator-supplied, DMS 15°42'05\"S 35°49'17\"E)", 1,
        operator="Mkango Resources", status_as_of="2022-07-05", code="NI 43-101")
    dep("tz-ngualla", "Ngualla", "", "TZA", "Songwe region", "deposit", "development", "carbonatite", "REE,Nb,P",
        "NG1; S1#63",
        "Special Mining Licence granted (30-year term, 18.14 km2); updated bankable feasibility study Oct 2022: ore "
        "reserves 18.5 Mt @ 4.8% TREO for 887,000 t contained TREO (as published; reporting code not named in the "
        "source) (Mining Weekly 5 May 2023, NG1)", 32.8333, -7.7, "approximate", "degree-minute point (USGS S1#63)", 5,
        ore=18.5, grade=4.8, contained=887000, system="other", category="Ore Reserve (BFS update)", as_of="2022-10",
        operator="Peak Rare Earths (Mamba Minerals)", status_as_of="2023-05-05", code="not named in the source")
    dep("ke-mrima-hill", "Mrima Hill", "", "KEN", "Kwale", "deposit", "unknown", "carbonatite laterite", "Nb,REE",
        "S2#33; S3#10183091", "USGS S1#136 has a longitude sign error (-39.25)", 39.2528, -4.4861, "approximate",
        "~site (USGS carbonatite #33; MRDS 10183091 within 1.3 km)", 2)
    # ---- world: deposits added on 2026-12-05, each on its USGS record's point with a dated status
    dep("ca-niobec", "Niobec (Saint-Honoré)", "", "CAN", "Quebec, Saint-Honoré", "mine", "producing",
        "carbonatite (pyrochlore; REE zone)", "Nb,REE", "NB1; S2#22; UM#1077",
        "the only underground niobium mine, 8-10 % of world niobium output; sold by IAMGold to a Magris Resources-led "
        "group (InvestorIntel 6 Oct 2014, NB1; sale completed 22 Jan 2015). The adjacent Saint-Honoré carbonatite REE "
        "zone: NI 43-101 Inferred resource 466.8 Mt @ 1.65 % TREO, 7.7 Mt TREO (as published); niobium is mined, REE "
        "are not", -71.1492, 48.5353, "approximate", "~site, DMS (USGS carbonatite #22); major-deposits #1077 agrees", 3,
        ore=466.8, grade=1.65, contained=7700000, system="NI 43-101", category="Inferred Mineral Resource (REE zone)",
        as_of="2014-10", operator="Niobec (Magris Resources)", status_as_of="2014-10-06", code="NI 43-101",
        alt="St. Honore|Saint-Honoré")
    dep("mn-khalzan-buregtei", "Khalzan Buregtei", "", "MNG", "", "deposit", "exploration",
        "peralkaline granite (HREE, Zr, Nb)", "REE(HREE: Dy,Tb),Zr,Nb", "KB1; S1#200; UM#366",
        "owned by the Trade and Development Bank through Mongolian National Rare Earths Corp; first exploration licence "
        "in the early 2000s, later a mining licence; PEA 2020; 20,000 m of diamond drilling in 2024 for a "
        "pre-feasibility study; aim: the first REE processing plant and mixed REO by 2028; large but low grade, rich "
        "in Dy and Tb (GBR 2024, KB1)", 91.96667, 48.41667, "approximate",
        "degree-minute point (USGS S1#200); major-deposits #366 lies 6 km away, the radius covers both", 7,
        operator="Mongolian National Rare Earths Corp (TDB)", status_as_of="2024", alt="Khaldzan-Buregtey|Khalzanburegtei")
    dep("mn-lugiin-gol", "Lugiin Gol", "", "MNG", "", "deposit", "exploration", "carbonatite",
        "REE,F", "MK1; S2#39",
        "one of Mongolia's four most promising REE deposits; REO Co Ltd spent USD 3.6 m exploring it in 2005-2009, the "
        "most invested in any Mongolian REE deposit; no final reserves (Eurasia Capital note, Dec 2010, MK1); the "
        "latest dated source found is old", 108.56333, 42.95417, "approximate", "~site, DMS (USGS carbonatite #39)", 3,
        status_as_of="2010-12", alt="Lugiingol")
    dep("ao-longonjo", "Longonjo", "", "AGO", "Huambo province, Longonjo municipality", "deposit", "development",
        "weathered carbonatite (monazite, bastnaesite)", "REE(NdPr)", "AO1; AO2; AO3; S1#49",
        "Pensana (84 % of Ozango Minerais; Angola 10 %): fully licensed; financing approved, a first USD 25 m tranche "
        "from Angola's sovereign wealth fund to start main construction, production planned for 2027 (Lusa 16 May 2025, "
        "AO1). Proven and probable reserves 30.1 Mt @ 0.55 % NdPr oxide, 767 kt TREO (Mining Weekly 12 Jan 2024, AO2; "
        "code not named); resources 313 Mt @ 1.4 % TREO, 4.4 Mt TREO (Pensana, AO3, undated). About 60 km west of "
        "Huambo, 4 km from the Benguela railway (AO2, AO3)", 15.25, -12.85, "approximate",
        "degree-minute point (USGS S1#49 'Longonjo (Mt. Chibilundo)'); the radius covers the licence area near the "
        "Longonjo railway station (AO2), not surveyed", 10, ore=30.1, contained=767000, system="other",
        category="Proven and Probable Reserves", as_of="2024-01", operator="Pensana (Ozango Minerais)",
        status_as_of="2025-05-16", code="not named in the source", alt="Mt. Chibilundo")
    dep("bi-gakara", "Gakara (Karonge)", "", "BDI", "western Burundi", "mine", "past_producing",
        "carbonatite-related bastnaesite-monazite veins", "REE", "BU1; BU2; BU3; S1#125; S2#12; S3#10231878",
        "mined on a small scale from the 1930s to the 1970s (BU3); Rainbow Rare Earths (90 %, Burundi 10 %) holds a "
        "mining licence of Mar 2015 valid to 2040 and ran trial mining and a pilot plant (concentrate about 54 % TREO) "
        "from 2017, 'Africa's only producing rare earths mine', until Burundi halted exports in Apr 2021 and operations "
        "in 2021 to renegotiate the mining convention (The Africa Report 23 Aug 2021, BU1; BU2). 'Suspended' has no "
        "value in the status enumeration: past_producing", 29.45, -3.5, "approximate",
        "degree-minute point (USGS S1#125; carbonatite #12 agrees); MRDS 10231878 lies 10 km NW, the radius covers it; "
        "'about 20 km south-south-east of Bujumbura' (BU2)", 11, operator="Rainbow Rare Earths (Rainbow Mining Burundi)",
        status_as_of="2021-08-23", alt="Karonge|Gasagwe")
    dep("fi-sokli", "Sokli", "", "FIN", "Lapland, Savukoski", "deposit", "development",
        "carbonatite (phosphate, Fe, Nb, REE)", "P,Fe,Nb,REE", "FI1; FI2; S1#142",
        "phosphate deposit found in 1967; Yara suspended its mine project in 2015 and the state's Finnish Minerals Group "
        "took over the rights on 11 Dec 2020, with an environmental permit under review at the Supreme Administrative "
        "Court (FI1); the government later put EUR 65 m into a feasibility study to 2028 with a pilot mine, phosphate "
        "and iron concentrate planned for 2027-2029 and REE under study (Yle, FI2, undated)", 29.25, 67.75,
        "approximate", "degree-minute point (USGS S1#142; the USGS phosphate record gives the same point)", 5,
        operator="Finnish Minerals Group", status_as_of="2020-12-11")
    dep("za-zandkopsdrift", "Zandkopsdrift", "", "ZAF", "Northern Cape, Namaqualand", "deposit", "development",
        "carbonatite (monazite), weathered", "REE,Mn", "ZK1; ZK2; ZK3; S2#51; S1#78",
        "Frontier Rare Earths: NI 43-101 PEA Mar 2012, pre-feasibility study under way (Frontier 7 Nov 2012, ZK1) and "
        "published in June 2015 (ZK2); 950,000 t TREO (Streetwise 23 Feb 2012, ZK3; category not stated, so not stored); "
        "about 450 km north of Cape Town, 35 km from the Bitterfontein railhead (ZK2)", 17.94194, -30.88417,
        "approximate", "~site, DMS (USGS carbonatite #51 'Sandkopfsdrif'); S1#78 0.8 km away", 3,
        operator="Frontier Rare Earths", status_as_of="2012-11-07", alt="Sandkopsdrif|Zandkops Drift")
    # ---- world: deposits added on 2026-12-05 (second round)
    dep("in-chavara", "Chavara beach-sand deposit (Neendakara-Kayamkulam belt)", "", "IND", "Kerala, Kollam", "mine",
        "producing", "heavy mineral sands (beach placer: ilmenite, rutile, zircon, sillimanite, monazite)",
        "Ti,Zr,REE(monazite),Th", "CV1; CV2; S1#400; S3#10085028; S3#10256189",
        "IREL has mined and beneficiated the heavy minerals of the Chavara deposit since 1965 (EIA summary, CV2; NK Block IV "
        "lease of 180 ha valid to 7 Jun 2031); IREL planned to raise the capacity of its Chavara unit (Business Standard 28 "
        "Jan 2009, CV1, the latest dated source found). KMML mines the same belt (USGS records 'Chavara KMML'). No resource "
        "figure in the sources found", 76.5, 8.95, "approximate",
        "degree-minute point (USGS S1#400 'Chavara (Quilon)- IREL'); MRDS 'Chavara Deposit' lies 24 km north: the radius "
        "covers both, the deposit being a beach belt about 22 km long", 25, operator="IREL (India)",
        status_as_of="2009-01-28", alt="Quilon|Neendakara|Chavara (Quilon)")
    dep("tr-beylikova", "Beylikova (Kızılcaören)", "Beylikova (Kızılcaören)", "TUR", "Eskişehir, Beylikova district",
        "deposit", "development", "carbonatite-related fluorite-barite-REE-Th", "REE,F,Ba,Th", "BY3; BY2; BY1; S2#53",
        "Eti Maden's fluorite, barite and REE field; 'reserves' of 694 Mt of ore announced in 2022 (BY1; about 690 Mt, BY2), "
        "a figure not yet reported under a code: Turkey applied to JORC to have it verified (Nikkei Asia via Sözcü, "
        "25 Nov 2025, BY3). Pilot plant (1,200 t/yr ore) opened on 18 Apr 2023; an industrial plant for 570,000 t/yr ore "
        "and 10,000 t/yr REO is planned, design from 2026 and opening 2027-2028 (BY2, BY3); grade not published",
        31.35083, 39.61944, "approximate",
        "~site, DMS (USGS carbonatite #53 'Kizilcaören'); MRDS 10158113 'Kizilcaoren' (39.765N 30.502E) lies 74 km west "
        "at the city of Eskişehir and is rejected; radius a judgment for a DMS point of a complex", 10, ore=694,
        system="other", category="'reserve' as announced (no reporting code; JORC review applied for)", as_of="2022",
        operator="Eti Maden", status_as_of="2025-11-25", code="not named in the source", alt="Kizilcaoren|Kızılcaören|Beylikova")
    dep("au-cummins-range", "Cummins Range", "", "AUS", "Western Australia, Kimberley", "deposit", "development",
        "carbonatite (monazite, apatite)", "REE,P,Nb", "RX3; RX2; RX1; S2#2",
        "Mining Lease M80/648 granted (RX3, 12 Jan 2026): development; RareX: development focused on off-take, "
        "permitting and approvals (RX2, undated); updated "
        "mineral resource 524 Mt @ 0.31 % TREO and 4.6 % P2O5 including 44 Mt @ 1.02 % TREO (RX1, undated; reporting code "
        "not named); contained TREO computed from ore_mt × grade", 127.1625, -19.28667, "approximate",
        "~site, DMS (USGS carbonatite #2), not cross-checked", 3, ore=524, grade=0.31, contained=1624400, system="other",
        category="Mineral Resource (total)", operator="RareX", code="not named in the source", status_as_of="2026-01-12")
    dep("ca-wicheeda", "Wicheeda", "", "CAN", "British Columbia", "deposit", "development", "carbonatite (bastnaesite)",
        "REE(NdPr),Nb", "WI1; WI2; CDR",
        "pre-feasibility study 18 Feb 2025: 15-year mine, 5,000 t/day flotation concentrator, about 31,900 t/yr TREO in "
        "concentrate (Defense Metals via PR Newswire, WI1); NI 43-101 mineral resource of Nov 2023: 34 Mt indicated and "
        "inferred @ 2.02 % REO (WI2); contained REO computed from ore_mt × grade",
        -122.08667, 54.53, "deposit_centre",
        "the project point of the NI 43-101 technical report as compiled in minmod (CDR); 'about 80 km north-east of "
        "Prince George'", 3, ore=34, grade=2.02, contained=686800, system="NI 43-101",
        category="Indicated + Inferred Mineral Resource", as_of="2023-11", operator="Defense Metals",
        status_as_of="2025-02-18", code="NI 43-101")
    dep("tz-panda-hill", "Panda Hill (Mbeya)", "", "TZA", "Mbeya region, Songwe valley", "deposit", "development",
        "carbonatite (pyrochlore)", "Nb,REE", "PA1; PA2; PA3; S2#52; S1#133; UM#2943",
        "one of the world's largest undeveloped niobium deposits; the government was to finalise the mining agreement "
        "with Panda Hill Tanzania in early Feb 2026, including a domestic smelter, capex over TSh 1 trillion (The BizLens "
        "28 Jan 2026, PA1); compensation under way before the processing plant is built, ferroniobium planned (PA2); "
        "mining licences ML 237-239/2006 over 22.1 km2 about 26 km from Mbeya, feasibility study April 2016 (PA3). No "
        "REE figure in the sources", 33.24806, -9.00778, "approximate",
        "~site, DMS (USGS carbonatite #52); S1#133 and major-deposits #2943 within 2.5 km", 3,
        operator="Panda Hill Tanzania Ltd", status_as_of="2026-01-28", alt="Mbeya")
    dep("mg-ampasindava", "Ampasindava (Tantalus)", "", "MDG", "Diana region, Mangaoka", "deposit", "development",
        "ionic-adsorption clay over peralkaline granite", "REE(HREE)", "AM4; AM2; AM1; AM3; S1#153",
        "Harena Resources, about to list in London, plans to complete the feasibility studies; JORC 2012 resource 699 Mt @ "
        "868 ppm TREO (Vox Markets 26 Feb 2025, AM4; contained TREO computed from ore_mt × grade, about the 606,000 t "
        "others report); more than 20,000 m drilled, pre-feasibility study (Rare Earth Exchanges, AM2, undated); an "
        "undeveloped concession, no construction begun, owned by Harena as of 2025 (AM1); 130 Mt of REE-bearing clays in "
        "2012 (AM3)", 48.11667, -13.71667, "approximate",
        "en.wikipedia 13°43'S 48°07'E (an arc-minute point of the concession); USGS S1#153 'Ampasindava area' is 9.9 km "
        "away: the radius covers both", 11, operator="Harena Resources", alt="Tantalus|Mangaoka", ore=699, grade=0.0868,
        contained=606732, system="JORC", category="Mineral Resource", status_as_of="2025-02-26", code="JORC 2012")
    dep("cd-lueshe", "Lueshe", "", "COD", "North Kivu, Rutshuru territory", "mine", "past_producing",
        "carbonatite (pyrochlore, lueshite)", "Nb,REE", "LU2; LU1; S2#29; UM#2211",
        "niobium mine opened in 1982 by Somikivu (LU1); not mined for more than ten years after a dispute between Somikivu "
        "and Krall Métal Congo, and occupied by the M23 rebels since the night of 6-7 Mar 2024 (allAfrica 15 Mar 2024, LU2)",
        29.14111, -0.98611, "deposit_centre",
        "en.wikipedia 0°59'10\"S 29°08'28\"E; USGS carbonatite #29 within 0.1 km, major-deposits #2211 2.7 km", 3,
        operator="Somikivu", status_as_of="2024-03-15", alt="Lweshe",
        disputed="occupied by the M23 rebels since March 2024")
    dep("us-lemhi-pass", "Lemhi Pass", "", "USA", "Idaho, Lemhi County", "deposit", "exploration",
        "REE-Th veins (monazite)", "REE(Nd),Th", "ID1; S1#339",
        "Idaho Strategic Resources' Lemhi Pass project, the focus of its 2025 REE field season; trench samples up to 5 % "
        "TREO with a high Nd share (ACCESSWIRE 13 Nov 2024, ID1); no resource in the sources found", -113.61667, 44.95,
        "approximate", "degree-minute point for the district (USGS S1#339), not cross-checked", 5,
        operator="Idaho Strategic Resources", status_as_of="2024-11-13")
    dep("us-diamond-creek", "Diamond Creek (Idaho REE-Th belt)", "", "USA", "Idaho, Lemhi County", "deposit",
        "exploration", "REE-Nb fracture filling and replacement bodies", "REE(Nd),Nb", "ID1; ID2; S1#283",
        "32 m averaging 1.28 % TREE exposed at a drill pad (Idaho Strategic 16 Feb 2023, ID2); samples under further "
        "study for the 2025 season (ID1); the published resource rests on surface sampling and is unverified, so none is "
        "stored", -113.9, 45.25, "approximate",
        "degree-minute point (USGS S1#283); MRDS 10265360 'Diamond Creek Proposed Mine' (42.78N 111.25W, a phosphate "
        "mine 347 km south-east) is another place", 5, operator="Idaho Strategic Resources", status_as_of="2024-11-13")
    dep("us-pea-ridge", "Pea Ridge", "", "USA", "Missouri, Washington County", "mine", "past_producing",
        "iron oxide-apatite with REE breccia pipes", "Fe,REE,P", "PR1; PR2; S3#10269533",
        "underground iron mine, production from 1964, bankrupt and closed in 2001 (PR2); 600,000 t of REO 'reserves' in "
        "breccia pipes and tailings as the owner and Glencore announced (Resource Investor, Oct 2010, PR2; code not named); "
        "restart plans of 2010-2011 (PR1) are the latest found", -91.04652, 38.12676, "approximate",
        "MRDS 10269533 'Pea Ridge Mine' point, not cross-checked", 3, contained=600000, system="other",
        category="'reserves' as announced", as_of="2010-10", operator="Wings Enterprises (2011)",
        status_as_of="2011-03-10", code="not named in the source")
    dep("ca-ashram", "Ashram (Eldor carbonatite complex)", "", "CAN", "Quebec, Nunavik", "deposit", "exploration",
        "carbonatite (monazite, bastnaesite, xenotime) with fluorspar", "REE,F,Nb", "AS1; AS2; S1#24",
        "Commerce Resources: updated mineral resource of 22 May 2024, Indicated 73.2 Mt @ 1.89 % TREO and 6.6 % CaF2, "
        "Inferred 131.1 Mt @ 1.91 % TREO; NdPr 21 % of TREO; about 130 km south of Kuujjuaq (AS1; reporting code not named "
        "in the release); PEA 2012 (AS2). Contained TREO of the Indicated part computed from ore_mt × grade",
        -68.41667, 56.6, "approximate",
        "degree-minute point of the Eldor carbonatite complex (USGS S1#24), of which Ashram is a part; not cross-checked, "
        "radius a judgment for the complex", 10, ore=73.2, grade=1.89, contained=1383480, system="other",
        category="Indicated Mineral Resource", as_of="2024-05", operator="Commerce Resources",
        status_as_of="2024-05-22", code="not named in the source", alt="Eldor")
    dep("fi-siilinjarvi", "Siilinjärvi", "", "FIN", "North Savo, Siilinjärvi", "mine", "producing",
        "carbonatite-glimmerite (apatite)", "P,REE(not recovered)", "SJ1; SJ2; S1#82",
        "Yara's apatite mine (since 1979): 906,068 t apatite concentrate and 27.3 Mt mined in 2023 (SJ1); Western Europe's "
        "only operating phosphate mine, known ore to 2035 (SJ2); REE are not recovered, no REE figure in the sources",
        27.66667, 63.08333, "approximate", "degree-minute point (USGS S1#82), not cross-checked", 5,
        operator="Yara Suomi", status_as_of="2023")
    dep("ca-oka", "Oka (St-Lawrence Columbium, Niocan S-60)", "", "CAN", "Quebec, Oka", "deposit", "undeveloped",
        "carbonatite (pyrochlore)", "Nb,REE", "OK1; OK2; S2#21; S1#137",
        "Niocan's niobium project: the mining lease held since 2000 expired on 20 Jul 2020 without the environment "
        "ministry's certificate of authorization and was converted into claims (TheNewswire 13 Nov 2020, OK1); S-60 "
        "proven and probable reserves 10.7 Mt @ 0.66 % Nb2O5 (Northern Miner, OK2, undated); the St-Lawrence Columbium "
        "pits nearby were mined earlier", -74.02222, 45.50417, "approximate",
        "~site, DMS (USGS carbonatite #21); S1#137 within 2 km", 3, operator="Niocan (Nio Strategic Metals)",
        status_as_of="2020-11-13")
    dep("ao-bonga", "Bonga (Quilengues)", "", "AGO", "Huíla province, Quilengues", "deposit", "development",
        "carbonatite (pyrochlore)", "Nb,REE,P,Fe", "BG1; BG2; S2#1",
        "Niobonga (Chinese-owned, with Ferrangol): extraction to begin at the end of 2025 after the resettlement of more "
        "than 400 families, USD 150 m, a renewable 22-year contract (Angola Press via Prensa Latina 9 Oct 2025, BG1); "
        "concession of 443.53 km2 around Mount Bonga with '19 million tonnes' of niobium as the company puts it (BG2; "
        "neither ore nor metal stated, so not stored)", 13.96722, -14.26806, "approximate",
        "~site, DMS (USGS carbonatite #1); USGS S1#13 'Bonga' lies 1,106 km north in the Republic of the Congo and is "
        "rejected", 5, operator="Niobonga (with Ferrangol)", status_as_of="2025-10-09")
    dep("br-salitre", "Serra do Salitre (Salitre I and II)", "", "BRA", "Minas Gerais, Serra do Salitre", "mine",
        "producing", "carbonatite laterite (apatite)", "P,Ti,REE(not recovered)", "SA1; SA2; S2#8; S1#76",
        "EuroChem's phosphate mining and industrial complex (bought from Yara in 2022): mine and beneficiation plant in "
        "operation producing about 400,000 t/yr phosphate concentrate, chemical plants for 1 Mt/yr fertilizers due in 2024 "
        "(Brasil Mineral 27 Feb 2023, SA1); rock reserves over 350 Mt (SA2, undated); REE are not recovered",
        -46.78056, -19.03389, "approximate", "~site, DMS (USGS carbonatite #8); S1#76 within 0.3 km", 3,
        operator="EuroChem", status_as_of="2023-02-27")
    dep("us-sheep-creek", "Sheep Creek (Montana)", "", "USA", "Montana, Ravalli County", "deposit", "exploration",
        "carbonatites (ancylite, allanite)", "REE,Ga,Nb,Sr", "SC1; SC2; S1#345; S3#10009160",
        "US Critical Materials: a Phase II agreement with Idaho National Laboratory for a pilot processing plant on INL's "
        "campus to process Sheep Creek ore, gallium first (5 Jun 2025, SC1); more than 50 REE-enriched carbonatites on "
        "4,500 acres, found in 1960s niobium exploration (SC2); no resource in the sources found", -114.33333, 45.5,
        "approximate", "degree-minute point (USGS S1#345); MRDS 10009160 'Sheep Creek Deposits' within 4 km", 5,
        operator="US Critical Materials", status_as_of="2025-06-05")
    dep("us-hicks-dome", "Hicks Dome", "", "USA", "Illinois, Hardin County", "deposit", "exploration",
        "alkaline-ultramafic breccia (xenotime), fluorspar district", "REE(HREE),Th,F,Y,Sc", "HD1; HD2; HD3; S3#10193390; S1#35",
        "Hicks Dome LLC sought a permit to core-drill for REE and fluorite in the Shawnee National Forest (Disclosure News "
        "4 May 2015, HD1, the latest dated source found); the Illinois State Geological Survey estimates 12 to 65 million "
        "tons of critical-mineral ore and studies it with Hicks Dome LLC under USGS Earth MRI (HD2, undated; not a coded "
        "resource, so not stored)", -88.37216, 37.53221, "deposit_centre",
        "mindat 37°31'56\"N 88°22'20\"W (HD3); MRDS 10193390 within 0.5 km, USGS S1#35 (degree-minute) 7.9 km north-west: "
        "the radius covers the dome, about 14.5 km across", 8, operator="Hicks Dome LLC", status_as_of="2015-05-04")
    dep("na-okorusu", "Okorusu", "", "NAM", "Otjozondjupa, Otjiwarongo", "mine", "past_producing",
        "carbonatite complex (fluorspar)", "F,REE", "OR1; OR2; S1#70",
        "Solvay's acid-grade fluorspar mine (opened 1986/1988) suspended mining in late 2014 after 26 years, the higher-grade "
        "ore being depleted; care and maintenance with exploration and metallurgical work, a partial restart considered "
        "for Feb 2015 (NAMPA 29 Oct 2014, OR2; Southern Times 9 Nov 2014, OR1); REE were never a product",
        16.76667, -20.03333, "approximate", "degree-minute point (USGS S1#70), not cross-checked", 5,
        operator="Solvay (Okorusu Fluorspar)", status_as_of="2014-11-09")
    dep("br-tapira", "Tapira", "", "BRA", "Minas Gerais, Tapira", "mine", "producing", "carbonatite laterite (apatite)",
        "P,Ti,REE(not recovered)", "TP1; TP2; TP3; S2#11; UM#967; S3#60000873",
        "Mosaic Fertilizantes' open-pit phosphate mine, concentrate piped to the Uberaba complex; stage 'production', mine "
        "life to 2046 (Mining Data Online, TP1, undated); idled in April 2019 to meet new tailings-dam "
        "rules (TP2), back at full capacity in Sep 2019 (TP3, the latest dated source); REE are not recovered", -46.83583, -19.86444, "approximate",
        "~site, DMS (USGS carbonatite #11); major-deposits #967 and MRDS 60000873 within 0.5 km", 3,
        operator="Mosaic Fertilizantes", status_as_of="2019-09")
    dep("us-music-valley", "Music Valley", "", "USA", "California, Riverside County", "deposit", "exploration",
        "xenotime-monazite in biotite-rich Pinto Gneiss (HREE)", "REE(HREE: Y,Dy)", "MV1; MV2; S3#10212860; S1#342",
        "Dateline Resources acquired the 57-claim Music Valley project (27 Feb 2026, MV1); USGS: seven prospects, about "
        "500 t of ore stockpiled, no production; estimated resources 5,000 t @ 5.36 % TREO (Long and others 2010, as the "
        "USGS focus area gives it, MV2); contained TREO computed from ore_mt × grade", -115.93254, 33.98423,
        "approximate", "MRDS 10212860 point; MRDS 10261759 (Baby Blue prospect) and USGS S1#342 within 4 km", 5,
        ore=0.005, grade=5.36, contained=268, system="USGS", category="estimated resources (USGS, 2010)",
        as_of="2010", operator="Dateline Resources", status_as_of="2026-02-27", code="USGS estimate (not a reporting code)")
    dep("us-gallinas", "Gallinas Mountains", "", "USA", "New Mexico, Lincoln County", "deposit", "exploration",
        "REE-F breccia pipes and veins (bastnaesite)", "REE,F,Cu", "GA3; GA1; GA2; S1#745; S3#10150005",
        "Black Mammoth Metals acquired the Gallinas breccia-pipe property, 49 claims, no resource estimate (GA1; AInvest, "
        "26 Aug 2025, GA3); small "
        "bastnaesite output from fluorite mining in the 1950s; resources of at least 537,000 short tons of 2.95 % total "
        "REE, not NI 43-101 (McLemore 2015, GA2; total REE rather than TREO, so not stored)", -105.73333, 34.2,
        "approximate", "degree-minute point (USGS S1#745); MRDS 10150005 within 1 km", 3, operator="Black Mammoth Metals",
        status_as_of="2025-08-26")
    dep("us-iron-hill", "Iron Hill (Powderhorn)", "", "USA", "Colorado, Gunnison County", "deposit", "undeveloped",
        "carbonatite-alkaline complex (perovskite, pyrochlore)", "Ti,Nb,REE,Th,V", "IH1; IH2; S1#36; UM#636; S3#10142743",
        "a 31 km2 carbonatite-alkaline complex thought to hold the largest titanium and niobium resources in the USA; "
        "evaluated for Fe, Ti, REE, Nb, vermiculite and Th, prospected until the late 1990s, 'to date, none have been "
        "deemed economic' (GSA abstract May 2013, IH1; USGS OFR 2009-1005, IH2)", -107.05, 38.25, "approximate",
        "degree-minute point (USGS S1#36; major-deposits #636 and MRDS 10142743 agree); USGS carbonatite #57 lies 30 km "
        "east and is rejected; radius covers the 31 km2 complex", 5, status_as_of="2013-05")
    dep("us-wet-mountains", "Wet Mountains (thorium-REE district)", "", "USA", "Colorado, Fremont and Custer counties",
        "deposit", "exploration", "quartz-barite-thorite veins and carbonatite dikes", "Th,REE,Nb", "WM3; WM1; WM2; S1#104; S2#58",
        "Magnum Mining and Exploration signed a binding term sheet to buy Wyoming Critical Minerals, owner of the Wet "
        "Mountains REE project (126 claims, 10.5 km2; no drilling or systematic sampling yet) (FNN 10 Dec 2025, WM3; NS "
        "Energy, WM1); USGS: the veins hold reserves of "
        "29,300 t light and 19,540 t heavy REE and the seven largest carbonatite dikes 2,500 t total REO (PP 1049-F, WM2; "
        "reported by element group, so not stored)", -105.4, 38.2, "approximate",
        "degree-minute point for the district (USGS S1#104); carbonatite #58 lies 8 km north-east: the radius covers both, "
        "the district itself is about 30 km long", 10, operator="Magnum Mining and Exploration (Wyoming Critical Minerals)",
        status_as_of="2025-12-10")
    # extra world deposits from USGS records (geodata/usgs-minmod)
    extra = [
        ("cn-maoniuping", "Maoniuping", "牦牛坪", "CHN", "Sichuan", "carbonatite (bastnaesite)", "REE", "S2#25", 101.9775, 28.4567),
        ("cn-weishan", "Weishan", "微山", "CHN", "Shandong", "carbonatite-related", "REE", "S2#27", 117.2081, 34.7556),
        ("us-bear-lodge", "Bear Lodge", "", "USA", "Wyoming", "carbonatite", "REE", "S2#59", -104.4517, 44.4786),
        ("us-elk-creek", "Elk Creek", "", "USA", "Nebraska", "carbonatite (Nb-REE)", "Nb,Sc,REE", "UD#NE00002", -96.1862, 40.268),
        ("us-round-top", "Round Top", "", "USA", "Texas", "peralkaline rhyolite", "REE,Li,Be", "UD#TX00005", -105.4762, 31.2767),
        ("us-bokan-mountain", "Bokan Mountain", "", "USA", "Alaska", "peralkaline granite", "U,Th,REE", "S3#10000497", -132.1407, 54.9108),
        ("ca-strange-lake", "Strange Lake (Lac Brisson)", "", "CAN", "Quebec/Labrador", "peralkaline granite", "REE,Zr,Nb", "S1#250", -64.1167, 56.3),
        ("ca-nechalacho", "Nechalacho (Thor Lake)", "", "CAN", "Northwest Territories", "peralkaline syenite", "REE,Nb,Ta,Zr", "S3#10159976", -112.5944, 62.114),
        ("ca-hoidas-lake", "Hoidas Lake", "", "CAN", "Saskatchewan", "vein (allanite-apatite)", "REE", "S3#10400622", -107.8012, 59.9379),
        ("au-dubbo", "Dubbo (Toongi)", "", "AUS", "New South Wales", "trachyte-hosted Zr-REE", "Zr,Nb,REE", "S1#259", 148.6, -32.4333),
        ("mn-mushgai-khudag", "Mushgai Khudag", "Мушгай Худаг", "MNG", "Ömnögovi", "carbonatite", "REE,F", "S2#40", 104.0514, 44.4008),
        ("af-khanneshin", "Khanneshin", "", "AFG", "Helmand", "carbonatite", "REE,P", "S1#42", 63.5833, 30.4667),
        ("in-amba-dongar", "Amba Dongar", "", "IND", "Gujarat", "carbonatite", "F,REE", "S2#31", 74.0617, 21.9875),
        ("br-catalao", "Catalão I", "", "BRA", "Goiás", "carbonatite laterite", "Nb,P,REE", "S2#5", -47.7997, -18.13),
        ("br-pitinga", "Pitinga", "", "BRA", "Amazonas", "peralkaline granite (Sn-Nb-Ta, xenotime)", "Sn,Nb,Ta,REE(Y)", "S1#303", -60.1167, -0.75),
        ("mw-chilwa-island", "Chilwa Island", "", "MWI", "Southern Region", "carbonatite", "REE,Nb", "S2#35", 35.6019, -15.3317),
        ("mw-tundulu", "Tundulu", "", "MWI", "Southern Region", "carbonatite", "REE,P", "S2#37", 35.8075, -15.5392),
        ("zm-nkombwa-hill", "Nkombwa Hill", "", "ZMB", "Muchinga", "carbonatite", "REE,P", "S2#60", 32.8517, -10.1494),
        ("tz-wigu-hill", "Wigu Hill", "", "TZA", "Morogoro", "carbonatite", "REE", "S3#10304763", 37.5712, -7.3978),
        ("no-fen", "Fen complex", "", "NOR", "Telemark", "carbonatite", "REE,Nb,Fe", "S1#28", 9.2833, 59.2833),
        ("gl-sarfartoq", "Sarfartoq", "", "GRL", "Qeqqata", "carbonatite", "REE,Nb", "S1#80", -51.25, 66.5),
    ]
    for (i, n, nl, iso, reg, dt, cm, src, lon, lat) in extra:
        code = src.split("#")[0]
        prec = "approximate"
        desc = {"S1": "degree-minute point", "S2": "~site, DMS", "S3": "MRDS point", "UD": "USGS deposit-database point"}[code]
        desc += f" ({src.replace('S1#', 'USGS S1#').replace('S2#', 'USGS carbonatite #').replace('S3#', 'MRDS ').replace('UD#', 'USGS deposit ')})"
        dep(i, n, nl, iso, reg, "deposit", "unknown", dt, cm, src, "added from the USGS records in "
            "geodata/usgs-minmod; status not verified", lon, lat, prec, desc, 3 if code != "S1" else 5)


def build_deposits_third_round():
    """Deposits added on 2026-12-05 (third round): each on USGS records or a published point, each with a status from
    a dated source, so that no more than one deposit in ten is left `unknown`."""
    dep("au-olympic-dam", "Olympic Dam", "", "AUS", "South Australia, Roxby Downs", "mine", "producing",
        "iron-oxide copper-gold (IOCG) breccia with REE (bastnaesite, monazite)", "Cu,U,Au,Ag,REE(not recovered)",
        "OD1; OD3; OD2; OD4; S1#273; S3#10085038",
        "BHP's underground copper-uranium-gold-silver mine, opened 1988 (OD1); 138.4 kt copper in FY22 (OD3); rare earths "
        "are not extracted (Dow Jones, OD4). Rare earth oxides ~0.55 % in the 9,550 Mt resource of 2014, ~52.5 Mt, 'not "
        "JORC-compliant and represents an estimate only' (Mudd, after Weng et al. 2015, OD2): an estimate, so not stored "
        "as contained TREO", dms(136, 52, 23), dms(30, 26, 24, neg=True), "deposit_centre",
        "en.wikipedia's point for the mine 30°26'24\"S 136°52'23\"E (OD1); USGS S1#273 1.5 km and MRDS 10085038 1.1 km away; "
        "MRDS 10232159 'Roxby Downs, Olympic Dam' (53 km south-west) rejected", 3, operator="BHP",
        status_as_of="2022", alt="Roxby Downs")
    dep("ug-sukulu", "Sukulu Hills (Osukuru)", "", "UGA", "Eastern Region, Tororo district", "deposit", "development",
        "carbonatite complex with residual phosphate (apatite), iron and REE", "P,Fe,REE,Nb", "SU1; SU3; SU2; S1#143",
        "Guangzhou Dongsong Energy Group (Uganda Hui Neng Mining) holds a 50-year mining lease of 2013; construction launched "
        "Aug 2014 with phosphate, steel, sulphuric acid and rare earth plants planned (SU3); fertiliser production due in 2017 "
        "(New Vision 24 Apr 2017, SU1, the latest dated source found); the hills hold 75 Mt phosphorite with about 1 Mt of "
        "rare earths and 213 Mt iron ore (Daily Monitor, SU2, undated; category and grade not given, so not stored)",
        34.15, 0.65, "approximate",
        "degree-minute point (USGS S1#143), 'about 11 km from Tororo' (SU2); USGS carbonatite #54 (latitude sign flipped, in "
        "Kenya) and major-deposits #3022 (longitude 2° west) rejected; radius a judgment for the complex", 5,
        operator="Guangzhou Dongsong Energy Group (Uganda Hui Neng Mining)", status_as_of="2017-04-24",
        alt="Osukuru|Sukuru|Tororo phosphate")
    dep("ca-aley", "Aley", "", "CAN", "British Columbia, north of Mackenzie", "deposit", "development",
        "carbonatite (pyrochlore, fersmite, columbite) with an REE zone", "Nb,REE", "AL1; AL2; AL3; S1#3; S2#13",
        "Taseko's niobium project, 140 km north of Mackenzie: proven and probable reserves 84 Mt @ 0.50 % Nb2O5 from the "
        "pre-feasibility study, environmental assessment next (CNW 15 Sep 2014, AL1; AL2); a later undated page says Taseko "
        "does not consider Aley material at this time (AL3). No REE figure in the sources",
        -123.73333, 56.45, "approximate",
        "degree-minute point (USGS S1#3); USGS carbonatite #13 2.0 km away, the NI 43-101 reports in minmod 0.02 km", 3,
        ore=84, system="other", category="Proven + Probable Mineral Reserve (Nb2O5 0.50 %)", as_of="2014-09",
        operator="Taseko Mines", status_as_of="2014-09-15", code="not named in the source")
    dep("ca-foxtrot", "Foxtrot (Port Hope Simpson - St. Lewis district)", "", "CAN", "Newfoundland and Labrador, southeast Labrador",
        "deposit", "exploration", "peralkaline volcanic-hosted REE (allanite, fergusonite)", "REE(Nd,Pr,Dy,Tb),Zr,Nb",
        "FX3; FX1; FX2; CDRF",
        "Search Minerals' Foxtrot deposit, discovered 2010, with an updated PEA filed May 2013 (FX2): a 14-year mine in the "
        "PEA (NAI 500 interview 2017, FX3); a central processing plant planned, Deepwater Fox found nearby (The Telegram 17 "
        "Feb 2015, FX1). No resource figure in the sources found", -55.62532, 52.37011, "approximate",
        "the 'Foxtrot Project' technical report's point as compiled in minmod (CDRF); the February 2012 report's point is 18.1 "
        "km north: the radius covers both", 19, operator="Search Minerals", status_as_of="2017", alt="Fox Harbour")
    dep("sa-ghurayyah", "Ghurayyah", "", "SAU", "Tabuk region, Midyan", "deposit", "exploration",
        "peralkaline granite plug (Ta-Nb-Zr-Y-REE)", "Ta,Nb,Zr,Y,REE", "GH2; GH1; GH3; S1#182; UM#2611",
        "Tertiary Minerals: SRK Inferred Mineral Resource 385 Mt @ 245 g/t Ta2O5, 2,840 g/t Nb2O5, 8,915 g/t ZrO2 to about "
        "250 m (RNS 4 Feb 2002, GH1); 0.13 % Y2O3, scoping study 2003 (GH3, undated); a new exploration licence applied for "
        "with two Saudi partners, a mining licence expected later (RNS 9 Jul 2007, GH2, the latest dated source found). "
        "Grade of REE not published, so none stored", 35.8, 27.91667, "approximate",
        "degree-minute point (USGS S1#182; major-deposits #2611 the same); 85 km south-west of Tabuk (GH1); radius a judgment "
        "for a degree-minute point of a 1 km granite plug", 3, ore=385, system="other", category="Inferred Mineral Resource",
        as_of="2002-02", operator="Tertiary Minerals with Saudi partners (2007)", status_as_of="2007-07-09",
        code="not named in the source (estimated by SRK)", alt="Ghurrayah|Ghurrayeh")
    dep("mz-moma", "Moma heavy mineral sands (Congolone)", "", "MOZ", "Nampula province, Moma", "mine", "producing",
        "heavy mineral sands (ilmenite, rutile, zircon, monazite)", "Ti,Zr,REE(monazite)", "MO1; MO2; MO3; S1#406; S3#10183316",
        "Kenmare's Moma Titanium Minerals Mine, in production since 2007, sells ilmenite, zircon, rutile and concentrates, "
        "and monazite as its REE product (MO2); Q3 2023 production report (RNS 12 Oct 2023, MO1); the Congolone deposit: "
        "measured 167 Mt @ 3.3 % heavy minerals (en.wikipedia, MO3; heavy minerals, not REE, so not stored)",
        40.08333, -16.01667, "approximate",
        "degree-minute point (USGS S1#406 'Congolone (Moma-Congolone, Ancoche)'); MRDS 10183316 'Angoche Congolone' 9.1 km "
        "away; MRDS 10023282 'Congolone' (43.7 km south-west) rejected", 10, operator="Kenmare Resources",
        status_as_of="2023-10-12", alt="Congolone|Namalope|Kenmare Moma")
    dep("in-chhatrapur", "Chhatrapur beach-sand deposit (OSCOM)", "", "IND", "Odisha, Ganjam", "mine", "producing",
        "heavy mineral sands (beach placer: ilmenite, rutile, zircon, sillimanite, monazite)", "Ti,Zr,REE(monazite),Th",
        "CV1; IN2; S1#399; S3#10085029",
        "the deposit IREL's Orissa Sands Complex (OSCOM, Matikhala near Chhatrapur) mines and separates; IREL planned to "
        "invest in its OSCOM, Chavara and Manavalakurichi units (Business Standard 28 Jan 2009, CV1, the latest dated source "
        "found). No resource figure in the sources found", 84.95021, 19.29969, "approximate",
        "MRDS 10085029 'Chatrapur Deposit' point (MRDS 10304094 and 60000814 the same; USGS S1#399 0.04 km away); Chhatrapur "
        "town 6.6 km; radius a judgment for a beach belt", 10, operator="IREL (India)", status_as_of="2009-01-28",
        alt="Chatrapur|Orissa Sands Complex|OSCOM")
    dep("in-manavalakurichi", "Manavalakurichi beach-sand deposit", "", "IND", "Tamil Nadu, Kanyakumari", "mine", "producing",
        "heavy mineral sands (beach placer: ilmenite, rutile, zircon, garnet, monazite)", "Ti,Zr,REE(monazite),Th",
        "MKI; MK2; S1#489; S3#10085027",
        "the deposit of IREL's Manavalakurichi unit: its wet concentration plant (which takes the mined raw sand), drier and "
        "mineral separation units were visited in Mar 2024 (The New Indian Express 30 Mar 2024, MKI); IREL 'functioning in "
        "Manavalakurichi' (20 Jul 2025, MK2). No resource figure in the sources found", 77.33372, 8.20077, "approximate",
        "MRDS 10085027 'Manavalakurichi Deposit' point (MRDS 60000817 the same; USGS S1#489 0.1 km away), the same point as "
        "the plant in-irel-mk; radius a judgment for a beach belt", 5, operator="IREL (India)", status_as_of="2024-03-30",
        alt="Manavalakuruchi|Manavala Kurichi")



def build_deposits_third_round_sands():
    """Third round of 2026-12-05, continued: mostly mineral-sands deposits and mines, and Yangibana."""
    dep("br-caldeira", "Caldeira (Poços de Caldas alkaline complex)", "", "BRA", "Minas Gerais, Poços de Caldas", "deposit",
        "development", "ionic-adsorption clay over an alkaline complex", "REE(Nd,Pr,Dy,Tb)", "CA1; CA2; S1#235; S3#60001615",
        "Meteoric Resources' ionic-clay project: pre-feasibility study 2025, stage permitting; the state environment "
        "secretariat SEMAD approved the construction and operation of a rare earth pilot plant in Poços de Caldas on 4 Sep "
        "2025 (Mining Data Online, CA1); global Mineral Resource 740 Mt @ 2,572 ppm TREO at a 1,000 ppm cut-off (CA2, "
        "undated; code not named); contained TREO computed from ore_mt × grade", -46.56667, -21.91667, "approximate",
        "degree-minute point of Morro do Ferro (USGS S1#235; MRDS 60001615 0.3 km away) inside the 800 km2 complex that "
        "holds Meteoric's 69 licences (193 km2, CA2): the radius covers the complex; MRDS 10158277 (344 km south, at sea) "
        "rejected", 17, ore=740, grade=0.2572, contained=1903280, system="other",
        category="Mineral Resource (global, 1,000 ppm TREO cut-off)", operator="Meteoric Resources",
        status_as_of="2025-09-04", code="not named in the source", alt="Poços de Caldas|Pocos de Caldas|Morro do Ferro")
    dep("mg-qmm-fort-dauphin", "QMM Fort-Dauphin mineral sands (Mandena)", "", "MDG", "Anosy, Tolagnaro (Fort-Dauphin)",
        "mine", "producing", "heavy mineral sands (ilmenite, zircon, monazite)", "Ti,Zr,REE(monazite)",
        "QM1; QM3; QM2; S1#572; S3#10207376",
        "Rio Tinto's QIT Madagascar Minerals (80 %, the state 20 %) produces ilmenite, zirsill and monazite (QM1); its "
        "fiscal terms for continued operation agreed with the government on 23 Aug 2023 (QM3); mining at the 2,000 ha "
        "Mandena site north of Fort-Dauphin since Dec 2008, Ste-Luce and Petriky later (QM2). No REE figure in the sources",
        47.0, -25.03333, "approximate",
        "degree-minute point 'Tolagnaro' (USGS S1#572; S1#430 3.7 km, MRDS 10207376 2.2 km away), at the town; Mandena lies "
        "north of it (QM2): radius a judgment covering the Mandena site", 10, operator="QIT Madagascar Minerals (Rio Tinto 80 %)",
        status_as_of="2023-08-23", alt="Tolagnaro|Fort Dauphin|Mandena|QIT Madagascar Minerals")
    dep("au-eneabba", "Eneabba mineral sands and monazite stockpile", "", "AUS", "Western Australia, Mid West", "mine",
        "producing", "heavy mineral sands (strand-line placer); monazite-xenotime stockpile in a former mining void",
        "REE(monazite,xenotime),Zr,Ti", "EN1; EN2; EN3; S3#10024893; S1#352; S1#421",
        "Iluka has stockpiled monazite and xenotime from its mineral sands processing in a former mining void at Eneabba "
        "since the early 1990s (EN2); 'the Eneabba operation currently involves the extraction, processing and sale of a "
        "historical monazite-rich mineral stockpile' (Iluka, updated 14 Jan 2022, EN1); the stockpile feeds the refinery "
        "(processing site au-iluka-eneabba). No resource figure in the sources found", 115.26604, -29.89611, "approximate",
        "MRDS 10024893 'Allied Eneabba Deposit' point (USGS S1#352 0.4 km, S1#424 2.8 km, the refinery site 2.9 km, S1#421 "
        "13.4 km and MRDS 10024894 13.8 km away); the stockpile is 'about 8 km south-east of Eneabba town' (EN3): radius "
        "covers the Eneabba deposits", 14, operator="Iluka Resources", status_as_of="2022-01-14", alt="Allied Eneabba")
    dep("br-buena", "Buena monazite sands (INB)", "", "BRA", "Rio de Janeiro, São Francisco de Itabapoana", "mine",
        "past_producing", "heavy mineral sands (palaeo-beach placer: ilmenite, rutile, zircon, monazite)",
        "REE(monazite),Th,Ti,Zr", "INB1; INB2; S1#383; S3#10134088",
        "INB's Buena unit mined and separated monazite sands for decades; the reserves are exhausted and the unit, in "
        "decommissioning, only recovers and sells remaining heavy-mineral fractions (40,000 t pre-concentrate exported in "
        "2022; INB to the Blog da Tania Malheiros, 19 Jul 2023, INB1); since 2024 ADL Mining runs the plant under a 30-year "
        "assignment for minerals from its own deposits and exported heavy-mineral pre-concentrate in 2025 (Folha 1, 21 Aug "
        "2025, INB2)", -41.08333, -21.51667, "approximate",
        "degree-minute point (USGS S1#383 'Buena (Buena Norte, Buena Sul)'); MRDS 10134088 0.3 km away", 3,
        operator="INB (Indústrias Nucleares do Brasil); plant run by ADL Mining since 2024", status_as_of="2023-07-19",
        alt="Buena Norte|Buena Sul|São Francisco de Itabapoana")

    ya = direct(*CARNARVON, 67.5, 270)
    dep("au-yangibana", "Yangibana", "", "AUS", "Western Australia, Upper Gascoyne (Gifford Creek Station)", "deposit",
        "development", "carbonatite-related ironstone dykes (monazite)", "REE(Nd,Pr)", "YA3; YA4; YA1; YA2; S1#149",
        "Hastings Technology Metals: the three shires agreed the road use for the Yangibana mine and the Onslow "
        "hydrometallurgical plant (Shire of Ashburton 8 Nov 2022, YA3); staged development after the May 2023 review, "
        "stage 1 a mine and beneficiation plant for up to 37,000 t/yr of concentrate (YA4, undated). No resource figure "
        "in the sources found", 116.16667, -23.88333, "approximate",
        f"degree-minute point (USGS S1#149); 'approximately 270 kilometres east-north-east of Carnarvon' (EPA WA 2017 and "
        f"2021, YA1, YA2) gives {ya[0]:.5f}, {ya[1]:.5f} (Carnarvon 24°52'02\"S 113°39'40\"E, en.wikipedia; GeodSolve "
        f"direct 67.5°, 270 km), 6.6 km away; MRDS 10232140 (94 km south-east) rejected; radius covers both and the "
        f"14,611 ha development envelope", 10, operator="Hastings Technology Metals", status_as_of="2022-11-08")
    dep("us-trail-ridge", "Trail Ridge (Starke)", "", "USA", "Florida, Bradford and Clay counties", "mine", "producing",
        "heavy mineral sands (ridge placer: ilmenite, zircon, staurolite, monazite)", "Ti,Zr,REE(monazite)",
        "TRL1; TRL2; UD#FL00003; S1#575",
        "Chemours' Trail Ridge operation; its Trail Ridge South mine, an expansion in Clay County, started on 14 Oct 2022 "
        "(TRL1, TRL2); Chemours calls itself one of only two domestic producers of rare earth minerals (TRL1). No "
        "resource figure in the sources found", -82.049646, 29.911018, "approximate",
        "USGS deposit-database point FL00003 'Trail Ridge'; USGS S1#575 13.7 km north: the radius covers both along the "
        "ridge", 15, operator="Chemours", status_as_of="2022-10-28", alt="Highland Trail Ridge|Starke Trail Ridge")
    dep("ca-elliot-lake", "Elliot Lake (Blind River) uranium district", "", "CAN", "Ontario, Algoma", "mine",
        "past_producing", "quartz-pebble conglomerate uranium (brannerite, uraninite, monazite)", "U,REE(Y),Th",
        "EL1; EL2; S1#708; S3#10206605",
        "twelve uranium mines opened from 1955; the last (Stanleigh) operated until July 1996 (MiningWatch 13 Sep 2005, "
        "EL1); ten decommissioned mines and 102 Mt of tailings (EL2). USGS lists the conglomerates as REE (yttrium) "
        "occurrences (S1#708-710); the sources found describe the uranium only", -82.53333, 46.48333, "approximate",
        "degree-minute point of the Denison mine (USGS S1#708; MRDS 10206605 0.02 km away); S1#709 (Quirke-Panel) 7.9 km, "
        "MRDS 10158229 (Stanleigh) 2.2 km, S1#710 (Stanleigh) 12.0 km: the radius covers the mines of the district", 13,
        status_as_of="2005-09-13", alt="Blind River|Elliott Lake|Denison|Stanleigh|Quirke")
    dep("za-richards-bay", "Richards Bay Minerals (Zulti North)", "", "ZAF", "KwaZulu-Natal, uMhlathuze", "mine",
        "producing", "heavy mineral sands (coastal dunes: ilmenite, rutile, zircon, monazite)", "Ti,Zr,REE(monazite)",
        "RB1; RB2; S1#551; S3#10100551; S3#10134729",
        "Rio Tinto's 74 % Richards Bay Minerals operates four mines in the Zulti North lease, a mineral separation plant "
        "and a smelter; the Zulti South expansion was approved on 2 Mar 2026 (Miningmx, RB1); dredge mining since the "
        "1970s (RB2). USGS lists the sands as REE (monazite) occurrences; the sources name no REE product",
        32.16667, -28.7, "approximate",
        "degree-minute point (USGS S1#551); MRDS 10100551 0.4 km and 10134729 2.9 km away; radius a judgment for the "
        "lease along the coast", 10, operator="Richards Bay Minerals (Rio Tinto 74 %)", status_as_of="2026-03-02",
        alt="RBM|Zulti North|Richards Bay")
    dep("lk-pulmoddai", "Pulmoddai beach-sand deposit", "", "LKA", "Eastern Province, Trincomalee district", "mine",
        "producing", "heavy mineral sands (beach placer, replenished by the monsoon: ilmenite, rutile, zircon, monazite)",
        "Ti,Zr,REE(monazite)", "PU1; PU2; S1#543; S3#10085031",
        "Lanka Mineral Sands' Pulmoddai mine, worked since 1957 (shut 1998-2005), with production rising: 127,497 t of "
        "mineral sands Jan-Aug 2017 (Daily FT 6 Mar 2018, PU1); the deposit is about 6 km long with about 6 Mt of heavy "
        "sands holding 0.3 % monazite (Daily Mirror, PU2, undated; heavy sands, not REE, so not stored)",
        80.95, 8.95, "approximate",
        "degree-minute point (USGS S1#543); MRDS 10085031 0.1 km and 10231201 6.6 km away; radius covers the 6 km beach",
        7, operator="Lanka Mineral Sands (state-owned)", status_as_of="2018-03-06", alt="Pulmoddai Mine|Kokkilai")


def build_deposits_third_round_last():
    """Third round of 2026-12-05, the last six: three of them placed from descriptions (Kipawa checked, Olserum and
    Mabounié derived from a town's point)."""
    dep("au-mary-kathleen", "Mary Kathleen (uranium mine and REE tailings)", "", "AUS", "Queensland, Selwyn Range",
        "mine", "past_producing", "skarn-hosted uranium-REE (allanite, uraninite)", "U,REE(not recovered)",
        "MKT2; MKT1; MKT3; S1#754; S3#10304844",
        "uranium mined 1958-63 and 1976 to October 1982, rehabilitated and handed back to the state in 1986 (MKT3); only the "
        "uranium was extracted, leaving the REE in the tailings, and the state released a competitive tender to explore "
        "the area in 2014 (The Asia Miner Sep-Oct 2014, MKT2); the state's assessment of rare earths in the tailings began "
        "in 2012 (ABC 6 Dec 2012, MKT1). The tailings' REE figure is reported ambiguously, so none is stored",
        140.01667, -20.73333, "approximate",
        "degree-minute point (USGS S1#754); MRDS 10304844 0.4 km away; MRDS 10009870 (15 km south-west) rejected", 3,
        status_as_of="2014-09")
    dep("kg-kyzyl-ompul", "Kyzyl-Ompul (Tash-Bulak placers)", "Кызыл-Омпул", "KGZ", "Issyk-Kul region, Tong district",
        "deposit", "exploration", "titanomagnetite-thorianite placers with Zr, P, U, Th and REE", "Ti,Fe,Th,U,Zr,P,REE",
        "KZO1; KZO2; S1#212",
        "state-owned Kyrgyzaltyn was licensed on 31 Jul 2024 to explore and develop the Tash-Bulak block after the uranium "
        "moratorium of 2019 was lifted; no work yet, a project must first pass examination; 14.7 Mt of ore (95 % "
        "titanomagnetite, thorium 0.22 %) 'according to public information' (Interfax 1 Aug 2024, KZO1); UrAsia's earlier "
        "licence was suspended after protests in 2019 (KZO2)", 75.91667, 42.35, "approximate",
        "degree-minute point (USGS S1#212), not cross-checked; radius a judgment for a group of ten placers", 10, ore=14.7,
        system="other", category="ore 'according to public information' (category not stated)", as_of="2024",
        operator="Kyrgyzaltyn", status_as_of="2024-08-01", code="not named in the source", alt="Kyzyl-Ompol|Tash-Bulak|Кызыл-Омпол")
    dep("us-mineville", "Mineville (Moriah) iron mines and tailings", "", "USA", "New York, Essex County", "mine",
        "past_producing", "iron oxide-apatite (magnetite) with REE-rich fluorapatite in the tailings", "Fe,REE,P",
        "MNV1; MNV2; S1#272; S3#10151196",
        "the iron mines closed in 1971 (MNV2); USGS found heavy REE in fluorapatite of the long-closed mines' waste and "
        "tailings (news release 22 Dec 2020, MNV1); Phoenix Tailings started a pilot program to recover rare earths from "
        "the Moriah tailings pile (Press-Republican, MNV2; year not on the page). No resource figure in the sources",
        -73.48333, 44.06667, "approximate",
        "degree-minute point 'Mineville dumps' (USGS S1#272); MRDS 10151196 0.5 km and 10151463 (the mines) 2.0 km away", 3,
        status_as_of="2020-12-22", alt="Moriah|Mineville dumps|Barton Hill")
    kp = direct(*TEMISCAMING, 90, 50)
    dep("ca-kipawa", "Kipawa", "", "CAN", "Quebec, Témiscamingue", "deposit", "exploration",
        "peralkaline syenite complex (eudialyte, mosandrite, britholite)", "REE(HREE),Zr,Y", "KP2; KP1; KP3; S1#203",
        "Quebec Precious Metals (68 %) and Investissement Québec (32 %): a 2013 definitive feasibility study and NI 43-101 "
        "proven and probable reserves of 19.8 Mt @ 0.411 % TREO (KP1, KP3); Vital Metals ended its purchase in Oct 2022 "
        "over the Kebaowek First Nation's objection (Financial Post 13 Oct 2022, KP2); contained TREO computed from "
        "ore_mt × grade", -78.5, 46.8, "approximate",
        f"degree-minute point (USGS S1#203); 'about 50 km east of Temiscamingue' (KP1) gives {kp[0]:.5f}, {kp[1]:.5f} "
        f"(Témiscaming 46°43'N 79°06'W, en.wikipedia; GeodSolve direct 90°, 50 km), 10.3 km away; the minmod point of "
        f"the 'Kipawa Project' report lies on Témiscaming town and is rejected", 12, ore=19.8, grade=0.411,
        contained=81378, system="NI 43-101", category="Proven + Probable Mineral Reserve", as_of="2013",
        operator="Quebec Precious Metals with Investissement Québec", status_as_of="2022-10-13", code="NI 43-101",
        alt="Kipawa Lake|Zeus")
    dep("se-olserum", "Olserum", "", "SWE", "Kalmar county, Västervik municipality", "deposit", "exploration",
        "hydrothermal monazite-xenotime-(apatite) veins", "REE(HREE,Dy,Tb,Nd),Y", "OL2; OL1; OL3",
        "European Green Transition: drilling work plan approved (up to 9,000 m in 42 holes from H2 2024; Alliance News 2024, "
        "OL2); licence Olserum no. 21 extended to June 2029 (OL1); NI 43-101 resource of 2013: Indicated 4.5 Mt @ 0.6 % TREO "
        "and Inferred 3.3 Mt @ 0.63 % at a 0.4 % cut-off (OL1, OL3); contained TREO of the Indicated part computed from "
        "ore_mt × grade", GAMLEBY[1], GAMLEBY[0], "from_description",
        "'about six kilometres from the town of Gamleby' (OL1), no direction; point = Gamleby 57°53'N 16°23'E (en.wikipedia, "
        "GAM) with a radius covering 6 km, the town and the 10.99 km2 licence; '25 kilometres northwest of' Västervik (OL1; "
        "Västervik 57°45'N 16°38'E) lands 4.0 km from it", 9, ore=4.5, grade=0.6, contained=27000, system="NI 43-101",
        category="Indicated Mineral Resource", as_of="2013", operator="European Green Transition", status_as_of="2024",
        code="NI 43-101 (historical resource of 2013)")
    dep("ga-mabounie", "Mabounié (Maboumine)", "", "GAB", "Moyen-Ogooué, near Lambaréné", "deposit", "undeveloped",
        "carbonatite with lateritic cover (pyrochlore, monazite, apatite)", "Nb,REE,Ta,P,U,Sc", "MB1; MB2; MB3; UM#2350; S2#30",
        "Eramet handed the deposit back to the Gabonese state on 25 Nov 2022, 'at an advanced stage of maturity' for a "
        "partner to take up (Kitco, MB1); indicated resource 2.3 Mt Nb2O5 @ 1.2 % and a rare earths resource of 2 Mt REO @ "
        "1 % (MB1; category of the REO figure and reporting code not stated)", LAMBARENE[1], LAMBARENE[0], "from_description",
        "'50 km from Lambaréné' (Gabonews 2012, MB2; 'about fifty kilometres', MB3), no direction; point = Lambaréné "
        "0°42'05\"S 10°14'04\"E (fr.wikipedia, LMB) with a radius covering that distance: an area, NOT the deposit; USGS "
        "major-deposits #2350 lies 50.8 km and carbonatite #30 19.2 km from it; USGS S1#127 and MRDS 10304722 (163 km "
        "east) rejected", 55, grade=1.0, contained=2000000, system="other",
        category="Mineral Resource (category of the REO figure not stated)", as_of="2022-11",
        operator="Gabonese state (SEM) since Nov 2022", status_as_of="2022-11-25", code="not named in the source",
        alt="Maboumine|Mabounie")


# Radii widened after the cross-check of 2026-12-04 (geodata/checked_sources.csv): another USGS database or a
# published point puts the same deposit farther from the record's point than its old radius allowed.
WIDENED = {
    "ru-tomtor": (6.5, "USGS S1#146 is 6.0 km away, major-deposits #1769 4.8 km, ru.wikipedia's 71°02'N 116°33'E 2.4 km"),
    "ru-khibiny": (20, "USGS S1#202 is 19.8 km away (the massif is about 40 km across)"),
    "cn-bayan-obo": (6, "USGS S1#9 is 5.5 km away, MRDS 10183188 3.9 km"),
    "au-nolans": (1.5, "USGS S1#66 is 1.3 km away"),
    "br-araxa": (5, "USGS S1#110 is 3.2 km away, MRDS 10068132 4.3 km"),
    "br-catalao": (14, "USGS S1#116 'Catalão I' is 13.4 km away; which point is right is open"),
    "ke-mrima-hill": (2.5, "USGS major-deposits #2423 is 2.2 km away"),
    "us-elk-creek": (4, "USGS S1#26 is 3.7 km away"),
    "us-bokan-mountain": (4, "USGS deposit AK00022 lists two points, 3.3 and 3.6 km away"),
    "ca-nechalacho": (4.5, "USGS S1#255 is 4.1 km away"),
    "mn-mushgai-khudag": (9, "USGS S1#60 is 8.5 km away"),
    "mw-chilwa-island": (4.5, "USGS major-deposits #2487 is 4.1 km away"),
    "mw-tundulu": (5.5, "USGS major-deposits #2491 is 5.2 km away"),
    "tz-wigu-hill": (4.5, "USGS S1#148 is 4.0 km away"),
}


# Later sources for records of the USGS list above: (added source codes, fields).
REVISED = {
    "ca-nechalacho": ("NE1; NE2", dict(
        status="producing", status_as_of="2022-05-06", operator="Vital Metals (Cheetah Resources)",
        notes="Canada's first REE mine: production from the North T starter pit from June 2021 (NS Energy, NE1); "
              "resource 94.7 Mt @ 1.46% TREO, North T 101,000 t @ 9.01% LREO (code not named in the source; Mining "
              "News North 27 Jan 2022, NE2); 'second banner year' expected in 2022 (NE2, 6 May 2022); later status "
              "not checked. The deeper Basal Zone stays with Avalon")),
    "us-elk-creek": ("EC1; EC2", dict(
        status="development", status_as_of="2022-05-19", operator="NioCorp Developments", ore_mt=188.8,
        contained_treo_t=632900, resource_system="NI 43-101", resource_category="Indicated Mineral Resource (REE)",
        as_of="2022-05", resource_code="NI 43-101 (2022 feasibility study)",
        notes="updated feasibility study 19 May 2022: 632.9 kt TREO in the Indicated category (as published) in "
              "188.8 Mt, REE as a possible by-product of Nb-Ti-Sc mining; Inferred 108.3 Mt @ 0.37% TREO; probable "
              "reserve 36.6 Mt for Nb-Ti-Sc; 38-year life (NioCorp via The Northern Miner, EC1). All major "
              "construction permits received; financing sought (NS Energy, EC2)")),
    "ca-strange-lake": ("SL1; SL2", dict(
        status="development", status_as_of="2024-07-10", operator="Torngat Metals",
        notes="NI 43-101 preliminary economic assessment by Micon, Dec 2019 (SL2); pilot testing, confirmation "
              "drilling and environmental work, pre-feasibility and bankable feasibility studies to be completed in "
              "2025 (Torngat's president, GBR 10 Jul 2024, SL1)")),
    "au-dubbo": ("DB1", dict(
        status="development", operator="Australian Strategic Materials",
        notes="Toongi deposit, 25 km south of Dubbo; mining lease ML 1724 granted 18 Dec 2015; 'ready for "
              "construction, subject to financing' with all major approvals (ASM project page, DB1; undated)")),
}


# Statuses dated on 2026-12-05 (geodata/checked_sources.csv has a status row for each): (added source codes,
# status, status_as_of, sentence added to notes, other fields). A status comes only from a dated source.
DATED = {
    "ru-zashikhinskoye": ("Z5; Z6", "development", "2011-12-20",
                          "GOK construction begun in 2011, to be finished by 2018 (mineral.ru 20 Dec 2011, Z5); an undated "
                          "SPIEF agreement plans to start the GOK and a Krasnokamensk Ta-Nb plant together in 2027 (Z6)", {}),
    "ru-karnasurt": ("LG1; LG2", "producing", "2025-11-12",
                     "three new stoping blocks put into operation, loparite concentrate shipped to SMZ; the 17th eastern ore "
                     "drift (about 3 km) restored (sdelanounas.ru 12 Nov 2025, LG1); 12,000 t/yr loparite concentrate "
                     "targeted for 2030 (LG2)", {}),
    "ru-lovozero": ("LG1", "producing", "2025-11-12",
                    "Karnasurt mine producing loparite ore in Nov 2025 (LG1)", {}),
    "gl-tanbreez": ("TB2; TB3", "development", "2024-10-15",
                    "exploitation licence No. 2020-54 extended by the Greenland government: exploitation and closure plans "
                    "due by the end of 2025, financial security by 30 Jun 2026; diamond drilling completed (Critical Metals "
                    "15 Oct 2024, TB2); Critical Metals holds 42 % since 23 Jul 2024 (TB3)", {}),
    "gl-kvanefjeld": ("KV2; KV3", "undeveloped", "2023-11-02",
                      "Greenland refused the exploitation licence under the uranium act (Act No. 20, passed 9 Nov 2021: no "
                      "mining of ore with 100 ppm U or more; KV3); Energy Transition Minerals took the refusal to "
                      "arbitration in Copenhagen, claim USD 11.5 bn (Sermitsiaq 2 Nov 2023, KV2)",
                      {"operator": "Energy Transition Minerals (ex Greenland Minerals)"}),
    "au-nolans": ("NO2", "development", "2024-01",
                  "NAIF investment decision January 2024 (NO2)", {}),
    "au-mount-weld": ("LY3", "producing", "2024-10-30",
                      "mining continued in the September 2024 quarter (2,722 t REO produced by Lynas); expansion stage 1 "
                      "in operation, stage 2 due by mid-2025 (Australian Mining 30 Oct 2024, LY3)", {}),
    "us-mountain-pass": ("", "producing", "2025-01", "", {}),
    "br-serra-verde": ("", "producing", "2025-08-13", "", {}),
    "mw-kangankunde": ("KA3", "development", "2024-09-05",
                       "stage-1 feasibility study released in Jul 2024; financing expected within months and full mine "
                       "construction later in 2024 (Mining & Trade News 5 Sep 2024, KA3)", {}),
    "za-phalaborwa": ("", "development", "2024-06-28",
                      "the status is that of Rainbow's REE project (PH1), not of the carbonatite complex", {}),
    "ke-mrima-hill": ("MR1", "undeveloped", "2018-10-24",
                      "Cortec Mining Kenya's mining licence (Mar 2013) was revoked in 2013; an ICSID tribunal ruled for "
                      "Kenya on 23 Oct 2018 (Reuters, MR1); drilling had suggested more than 100 Mt niobium and 30 Mt REE "
                      "minerals (as the ruling reports it; not a resource)", {}),
    "vn-dong-pao": ("DP1", "undeveloped", "2023-10-05",
                    "licensed in Dec 2014 to Lai Chau Rare Earth JSC (Vinacomin) with a Japanese partner, but the project "
                    "never got off the ground (technology, financing); an auction of the mining rights was being prepared "
                    "with Blackstone Minerals and Vietnam Rare Earth JSC (AFP 5 Oct 2023, DP1)", {}),
    "cn-maoniuping": ("MN1", "producing", "2024-09",
                      "China's second-largest light-REE site, owned by Sichuan JCC Rare Earth (China Rare Earth Group 51 % "
                      "since Jan 2023), target capacity 30,000 t REO in bastnaesite concentrate; CREG announced 4.96 Mt REO "
                      "at the mine (Metalnomist Sep 2024, MN1; reporting code not named)",
                      {"contained_treo_t": 4960000, "resource_system": "other", "resource_category": "estimate (CREG)",
                       "as_of": "2024-09", "resource_code": "not named in the source", "operator": "Sichuan JCC Rare Earth "
                       "(China Rare Earth Group)"}),
    "us-bear-lodge": ("BL1; BL2", "development", "2024-01-04",
                      "mine permitting on hold since 2016 (BL2); a DOE-funded demonstration processing plant at Upton, fed "
                      "with Bear Lodge material, under construction since Dec 2023 (Rare Element Resources 4 Jan 2024, BL1)",
                      {"operator": "Rare Element Resources"}),
    "us-round-top": ("RT1; RT2", "development", "2021-08-02",
                     "preliminary economic assessment Aug 2019 (RT2); site preparation for a demonstration plant in "
                     "progress (USA Rare Earth 2 Aug 2021, RT1)", {"operator": "USA Rare Earth (80 %), Texas Mineral Resources"}),
    "mn-mushgai-khudag": ("MK1", "exploration", "2010-12",
                          "one of Mongolia's four most promising REE deposits; 'still in the early stages of exploration', "
                          "no final reserves estimated (Eurasia Capital note, Dec 2010, MK1)", {}),
    "no-fen": ("FE1; FE2", "exploration", "2024-06-06",
               "maiden inferred mineral resource (JORC 2012, WSP) of 6 Jun 2024: 559 Mt @ 1.57 % TREO, about 8.8 Mt TREO "
               "as published, 1.5 Mt of it magnet REO, to 468 m below sea level; Rare Earths Norway plans a pilot plant in "
               "Nome (FE1, FE2)",
               {"ore_mt": 559, "grade_treo_pct": 1.57, "contained_treo_t": 8800000, "resource_system": "JORC",
                "resource_category": "Inferred Mineral Resource", "as_of": "2024-06", "resource_code": "JORC 2012",
                "operator": "Rare Earths Norway"}),
    "br-catalao": ("CT1; BN1", "producing", "2025-12-18",
                   "CMOC (since 2016, from Anglo American) mines niobium and phosphate at Catalão, record output in 2024 "
                   "(Caixin 18 Dec 2025, CT1); REE not recovered", {"operator": "CMOC Brasil (Niobras)"}),
    "br-araxa": ("BN1", "producing", "2016-11-28",
                 "CBMM (Minas Gerais) had 41.1 % of Brazil's niobium sales in 2015 (BNamericas 28 Nov 2016, BN1)",
                 {"operator": "CBMM"}),
    "us-bokan-mountain": ("BK2", "development", "2019-09-13",
                          "Ucore Rare Metals' Bokan-Dotson Ridge project: a preliminary economic assessment on 4.79 Mt "
                          "Indicated @ 0.6 % TREO (63.54 million lb TREO, NI 43-101); plan to take it to shovel-ready "
                          "with a separation plant (North of 60 Mining News 13 Sep 2019, BK2)",
                          {"ore_mt": 4.79, "grade_treo_pct": 0.6, "resource_system": "NI 43-101",
                           "resource_category": "Indicated Mineral Resource", "as_of": "2019-09",
                           "resource_code": "NI 43-101", "operator": "Ucore Rare Metals", "name_alt": "Dotson Ridge"}),
    # second round of 2026-12-05
    "cn-weishan": ("WS1", "producing", "2024-04-08",
                   "Shandong Weishanhu Rare Earth mines 90,000 t/yr of ore; a deep extension (-160 to -500 m) due in June "
                   "2025 raises it to 150,000 t/yr; China Rare Earth Group's platform in Shandong since March 2022; a "
                   "20,000 t/yr REO concentrate pre-treatment plant is being built in the county (Jining News 8 Apr 2024, "
                   "WS1); '12.75 Mt' of REE reserves in the county as reported (code and basis not stated, so not stored)",
                   {"operator": "Shandong Weishanhu Rare Earth (China Rare Earth Group)"}),
    "cn-bayan-obo": ("BO2", "producing", "2025-05",
                     "Baogang mined 370,000 t of rare earth concentrate (50 % REO) in 2024 and plans 390,000 t in 2025, "
                     "all supplied to China Northern Rare Earth; '35 million tonnes of REO reserves' at the mine (Metalnomist "
                     "May 2025, BO2; reporting code not named, so not stored)", {}),
    "au-browns-range": ("BR2", "development", "2025-09-15",
                        "definitive feasibility study: ore reserve 5.18 Mt @ 0.88 % TREO for 45,800 t TREO (as published; the "
                        "reporting code is not named in the source), 12 years of mining, about 17,500 t/yr xenotime concentrate "
                        "at about 25 % TREO (Australian Mining 15 Sep 2025, BR2)",
                        {"ore_mt": 5.18, "grade_treo_pct": 0.88, "contained_treo_t": 45800, "resource_system": "other",
                         "resource_category": "Ore Reserve (DFS)", "as_of": "2025-09",
                         "resource_code": "not named in the source"}),
    "au-dubbo": ("DB2; DB3", "development", "2024-10-18",
                 "AU$5 m federal grant for a rare-earth options assessment and pilot programme ahead of FEED (Investing News "
                 "18 Oct 2024, DB2); construction ready with all major approvals, final investment decision targeted for 2026 "
                 "and production for 2028 (ASM, DB3, undated)", {}),
    "ru-kovdor": ("KO1", "producing", "2015-05-27",
                  "EuroChem's Kovdorsky GOK (bought 2002) produced 2.5 Mt/yr apatite concentrate, 5.6 Mt/yr iron concentrate "
                  "and 8,000 t/yr baddeleyite concentrate; pit 414 m deep, about ten more years from the apatite-staffelite ore "
                  "(Industrial Minerals 27 May 2015, KO1)", {"operator": "EuroChem (Kovdorsky GOK)"}),
    "ru-khibiny": ("KH2; KH1", "producing", "2019",
                   "Apatit's Kirovsk branch (PhosAgro) mined 38.05 Mt of apatite-nepheline ore and produced 10.51 Mt of phosphate "
                   "rock in 2019 from six Khibiny deposits (PhosAgro annual report 2019, KH2); record 9.5 Mt/yr apatite "
                   "concentrate in 2017 (TASS 6 Feb 2018, KH1)", {"operator": "Apatit (PhosAgro), Kirovsk branch"}),
    "gl-sarfartoq": ("SF1; SF2", "exploration", "2022-08-22",
                     "Hudson Resources agreed to sell its exploration licence over the Sarfartoq carbonatite complex (ST1 REE "
                     "project) to Neo Performance Materials, subject to the Greenland government's approval (SF1, SF2); NI 43-101 "
                     "inferred resource of the ST1 zone 14.1 Mt @ 1.51 % TREO (PEA 2011, SF2); contained TREO computed from "
                     "ore_mt × grade",
                     {"ore_mt": 14.1, "grade_treo_pct": 1.51, "contained_treo_t": 212910, "resource_system": "NI 43-101",
                      "resource_category": "Inferred Mineral Resource (ST1 zone)", "as_of": "2011",
                      "resource_code": "NI 43-101", "operator": "Hudson Resources (licence sale to Neo Performance Materials agreed)"}),
    "tz-wigu-hill": ("WG1; WG2", "development", "2025-07-24",
                     "the government repossessed the licence from Wigu Hill Mining Company after ICSID litigation and handed a "
                     "large-scale exploration and mining licence to the State Mining Corporation STAMICO on 24 Jul 2025, with "
                     "orders to develop it immediately (WG1); Montero's earlier NI 43-101 Inferred resource 3.3 Mt @ 2.6 % LREO5 "
                     "(light REO only, so not stored as TREO; WG2, undated)", {"operator": "STAMICO"}),
    "ca-hoidas-lake": ("HL2; HL3", "exploration", "2012-09-25",
                       "Great Western Minerals Group to undertake a preliminary economic assessment after large-scale "
                       "metallurgical tests (Proactive Investors 25 Sep 2012, HL2; the latest dated source found); NI 43-101 "
                       "resource model by Wardrop, Mar 2006 (HL3)", {"operator": "Great Western Minerals Group (2012)"}),
    "af-khanneshin": ("KN1", "undeveloped", "2011-09-14",
                      "USGS preliminary estimate of about 1 Mt of light REE in a 0.74 km2 zone of the Khanneshin carbonatite, "
                      "'in a remote and rugged part of the igneous complex', known to Soviet geologists in the 1970s (USGS OFR "
                      "2011-1207, KN1); an estimate of REE, not a reserve, so not stored as contained TREO", {}),
    "zm-nkombwa-hill": ("NW1; NW2", "exploration", "2025-05-22",
                        "Marula Mining's niobium-tantalum, REE and phosphate project; JORC-compliant indicated and inferred "
                        "resource 21.8 Mt @ 7.06 % P2O5 and 1.17 % TREO at a 3 % P2O5 cut-off, of which 2.78 Mt @ 2.76 % TREO "
                        "at a 1 % TREO cut-off (NW2, undated; NW1 22 May 2025); contained TREO computed from ore_mt × grade",
                        {"ore_mt": 21.8, "grade_treo_pct": 1.17, "contained_treo_t": 255060, "resource_system": "JORC",
                         "resource_category": "Indicated + Inferred Mineral Resource (3 % P2O5 cut-off)",
                         "resource_code": "JORC", "operator": "Marula Mining"}),
    "mm-pangwa": ("MY7", "producing", "2025-03-06",
                  "since mid-February 2025 most mining sites in Panwa and Chipwi are shut, only a few large operations "
                  "continue and pay taxes to the KIO (Pajau Media 6 Mar 2025, MY7): status producing for those few", {}),
    "br-pitinga": ("BN1", "producing", "2016-11-28",
                   "Minsur's Mineração Taboca (Pitinga mine, Pirapora foundry) had 3.55 % of Brazil's niobium sales in "
                   "2015 and planned more Nb-Ta output (BNamericas 28 Nov 2016, BN1)", {"operator": "Mineração Taboca"}),
}


def date_statuses():
    for r in D:
        if r["id"] not in DATED:
            continue
        codes, status, as_of, note, fields = DATED[r["id"]]
        r.update(fields, status=status, status_as_of=as_of)
        if note:
            r["notes"] = (re.sub(r"(^|; )status not verified(?=;|$)", "", r["notes"]) + "; " + note).strip("; ")
        if codes:
            r["source"] = cite(codes) + " | " + r["source"]
            r["source_url"] = url(codes)


def revise():
    for r in D:
        if r["id"] in REVISED:
            codes, fields = REVISED[r["id"]]
            r.update(fields)
            r["source"] = cite(codes) + " | " + r["source"]
            r["source_url"] = url(codes)


def widen():
    for r in D:
        if r["id"] in WIDENED:
            unc, why = WIDENED[r["id"]]
            r["coord_description"] += f"; radius widened from {r['uncertainty_km']} to {unc} km: {why}"
            r["uncertainty_km"] = unc


# --- processing sites -------------------------------------------------------------------------
S = []


def site(id, name, name_local, iso3, region, stage, status, src, lon, lat, precision, desc, unc, operator="",
         capacity="", basis="", products="", notes="", status_as_of=""):
    S.append(dict(id=id, name=name, name_local=name_local, country_iso3=iso3, region=region, stage=stage,
                  status=status, operator=operator, capacity_tpa=capacity, capacity_basis=basis, products=products,
                  coord_precision=precision, source=cite(src), source_url=url(src), notes=notes, lon=lon, lat=lat,
                  coord_description=desc, uncertainty_km=unc, status_as_of=status_as_of))


def build_sites():
    site("ru-smz", "Solikamsk Magnesium Works (SMZ)", "ОАО «Соликамский магниевый завод»", "RUS", "Perm krai, Solikamsk",
         "cracking", "operating", "SOL; SM1; SM2; L2; GH", 56.7472, 59.6169, "site",
         "plant site (OSM landuse industrial, imagery-checked, via GH); city-centre value was 2.1 km off", 0.5,
         operator="Rosatom (since 2023)", capacity=2500, basis="planned separation output, t/yr REO (La,Ce,Nd,Pr), 2027",
         products="mixed REE carbonates,Nb,Ta,Ti,Mg",
         notes="cracks loparite concentrate from Lovozero; new separation complex RUB 7 bn (SM2)")
    site("ru-lgok-plant", "Lovozersky GOK concentrator (Revda)", "Ловозерский ГОК (обогатительная фабрика)", "RUS",
         "Murmansk oblast", "concentration", "operating", "S3#10304200; L2", 34.5865, 67.8817, "approximate",
         "same MRDS point as ru-karnasurt (~site)", 2, operator="Lovozersky GOK (Rosatom)",
         products="loparite concentrate", notes="feeds SMZ; modernisation since 2023")
    site("ru-chmz-glazov", "Chepetsky Mechanical Plant (ChMZ), Glazov", "АО «Чепецкий механический завод»", "RUS",
         "Udmurtia, Glazov", "magnet", "operating", "CH; SM1; GL", 52.6582, 58.1497, "site",
         "third-party GPS; address ul. Belova 7", 0.5, operator="TVEL (Rosatom)", capacity=1000,
         basis="planned NdFeB magnets t/yr by 2028", products="Zr,Ca,U,Nb,Ta,Ti; NdFeB planned",
         notes="metals refining; REE magnet plant planned (RUB 3.6 bn to 2030)")
    site("ru-acron-novgorod", "Acron REE unit, Veliky Novgorod", "«Акрон» — производство РЗЭ (Великий Новгород)", "RUS",
         "Novgorod oblast", "separation", "mothballed", "AC1; AC2; WVN", dms(31, 17), dms(58, 33), "town_centre",
         "town centre of Veliky Novgorod (en.wikipedia 58°33'N 31°17'E); plant not located", 8, operator="Acron",
         capacity=200, basis="t/yr REO", products="Ce,La,Nd oxides; REE concentrates",
         notes="mothballed since Mar-2021; feed: Oleniy Ruchey apatite; ~US$50 m")
    site("ru-krasnokamensk", "Krasnokamensk (planned Tomtor hydrometallurgical plant)", "Краснокаменск", "RUS",
         "Zabaykalsky krai", "cracking", "planned", "T2; KK", 118.0333, 50.1, "town_centre",
         "town centre only (en.wikipedia 50°06'N 118°02'E); de.wiki(2007) 50.0628,118.1383 differs 8.6 km; plant site unknown",
         10, products="Nb2O5,REE")
    site("cn-baotou", "Baotou REE smelting and separation (Northern Rare Earth / Huamei)", "包头华美稀土高科有限公司", "CHN",
         "Inner Mongolia, Baotou", "separation", "operating", "GH", 109.8741, 40.5884, "site",
         "plant site (OSM landuse, imagery-checked, via GH)", 0.5, operator="China Northern Rare Earth")
    site("cn-baogang-tailings", "Baogang (Baotou/Weikuang) tailings dam", "包钢尾矿坝", "CHN", "Inner Mongolia, Baotou",
         "other", "operating", "BG", 109.688, 40.6379, "site",
         "dam/lake centre (Wikipedia DMS 40°38'16.3\"N 109°41'16.7\"E)", 2, operator="Baogang Group",
         products="REE-bearing tailings", notes="11.5 km dam, ~10 km2")
    site("cn-jlmag-ganzhou", "JL MAG Rare-Earth, Ganzhou", "江西金力永磁科技股份有限公司", "CHN", "Jiangxi, Ganzhou",
         "magnet", "operating", "GH", 114.8663, 25.8406, "site", "plant (OSM name tag, imagery-checked, via GH)", 0.5,
         operator="JL MAG", capacity=38000, basis="t/yr NdFeB blanks (company-wide)", products="NdFeB")
    site("us-mountain-pass-plant", "Mountain Pass mine and mill (separation)", "", "USA", "California", "separation",
         "operating", "S3#10212814; S4", -115.5322, 35.4786, "approximate",
         "MRDS 'Mountain Pass Mine and Mill' point; mill not separately located", 1.5, operator="MP Materials",
         products="REE concentrate, separated NdPr oxide")
    site("us-white-mesa", "White Mesa Mill", "", "USA", "Utah, San Juan County", "cracking", "operating", "WM; GH",
         -109.5098, 37.5323, "site", "mill site (Mapcarta 37.53225,-109.50977; imagery-checked, via GH)", 0.5,
         operator="Energy Fuels", capacity=15000, basis="t/yr monazite feed (plan)", products="mixed REE carbonate",
         notes="REE carbonate from monazite since 2021")
    site("us-mp-fortworth", "MP Materials Independence magnet plant", "", "USA", "Texas, Fort Worth", "magnet",
         "operating", "GH", -97.2498, 32.9845, "site", "address geocode 13840 Independence Pkwy (Nominatim, via GH)", 0.5,
         operator="MP Materials", capacity=1000, basis="t/yr NdFeB", products="NdPr metal, NdFeB")
    site("au-lynas-kalgoorlie", "Lynas Kalgoorlie Rare Earths Processing Facility", "", "AUS", "Western Australia",
         "cracking", "operating", "LY1; GH", 121.4085, -30.7942, "site",
         "plant site (Lot 500 Great Eastern Hwy, imagery-checked, via GH)", 0.7, operator="Lynas Rare Earths",
         products="mixed REE carbonate", notes="opened Nov-2024; A$800 m")
    site("au-mount-weld-plant", "Mount Weld concentrator", "", "AUS", "Western Australia", "concentration",
         "operating", "GH", 122.5392, -28.8695, "site", "OSM landuse 'Mount Weld mine' point between plant and pit (via GH)",
         1, operator="Lynas Rare Earths", products="REE concentrate")
    site("au-iluka-eneabba", "Iluka Eneabba rare earths refinery", "", "AUS", "Western Australia", "separation",
         "construction", "GH", 115.2695, -29.8702, "site",
         "site access point (OSM way 229606093 'Iluka Operations', via GH); compound ~1.8 km SE", 2,
         operator="Iluka Resources", capacity=17500, basis="t/yr oxide (EPA WA)", products="NdPr,Dy,Tb oxides",
         notes="commissioning 2027")
    site("my-lynas-gebeng", "Lynas Advanced Materials Plant (LAMP), Gebeng", "", "MYS", "Pahang, Kuantan", "separation",
         "operating", "LY2; GH", 103.3775, 4.0034, "site", "plant site (OSM landuse, imagery-checked, via GH)", 0.5,
         operator="Lynas Rare Earths", capacity=9000, basis="t/yr NdPr (target incl. Kalgoorlie feed)",
         products="separated REE oxides", notes="first kiln feed Nov-2012")
    site("ee-silmet", "NPM Silmet, Sillamäe", "", "EST", "Ida-Viru", "separation", "operating", "SI; GH; SO", 27.7421,
         59.4031, "site", "plant site (OSM landuse 'Silmet', imagery-checked, via GH)", 0.5,
         operator="Neo Performance Materials", products="separated REE products",
         notes="operating REE separation plant; its 2022 description as Europe's only one no longer holds: "
               "Solvay's La Rochelle plant (fr-solvay-la-rochelle) separates REE and opened a magnet-REE line on "
               "8 Apr 2025 (SO)")
    site("ee-neo-narva", "Neo Performance Materials Narva magnet plant", "NPM Narva OÜ", "EST", "Ida-Viru, Narva",
         "magnet", "operating", "GH", 28.1478, 59.3618, "approximate",
         "industrial-park level (Invest in Estonia coordinate 59.3590,28.1464; 0.3 km)", 0.5,
         operator="Neo Performance Materials", capacity=2000, basis="t/yr magnets, phase 1 (5,000 planned)",
         products="NdFeB", notes="opened Sep-2025")
    site("fr-solvay-la-rochelle", "Solvay La Rochelle", "", "FRA", "Nouvelle-Aquitaine", "separation", "operating",
         "SO; GH", -1.2075, 46.1525, "site", "plant site (Chef de Baie address, imagery-checked, via GH)", 0.5,
         operator="Solvay", capacity=4500, basis="t/yr REO target by 2030", products="Nd,Pr + other REO",
         notes="magnet-REE line inaugurated 8-Apr-2025")
    site("ua-vilnohirsk", "Vilnohirsk titanium-zirconium plant (VGMK)", "Вільногірськ", "UKR", "Dnipropetrovsk oblast",
         "concentration", "operating", "VH", 34.0189, 48.4825, "town_centre",
         "town centre only (48°28'57\"N 34°01'08\"E); plant site not found", 5, operator="UMCC",
         products="ilmenite, rutile, zircon")
    p = DERIVED["in-irel-oscom"]
    site("in-irel-oscom", "IREL Orissa Sands Complex (OSCOM), Chhatrapur", "", "IND", "Odisha, Ganjam", "concentration",
         "operating", "IN2; IN3", p[1], p[0], "from_description", p[2], p[3], operator="IREL (India)",
         products="ilmenite, rutile, zircon, monazite, sillimanite, garnet",
         notes="beach-sand mining and mineral separation since 1984 (IN2); a 10,000 t/yr monazite processing plant "
               "was planned in 2009 (IN2); expansion adding 200,000 t/yr of mineral production commissioned in "
               "FY25 (Minister's reply in the Rajya Sabha, The Hindu BusinessLine, IN3)", status_as_of="2025")
    p = DERIVED["in-irel-aluva"]
    site("in-irel-aluva", "IREL Rare Earths Division (RED), Aluva", "", "IND", "Kerala, Ernakulam", "separation",
         "operating", "IN1; IN2", p[1], p[0], "from_description", p[2], p[3], operator="IREL (India)",
         products="La, Ce oxides/carbonates; NdPr, Sm, Gd, Y oxides",
         notes="monazite processing since 1952, refurbished in 2012 to process mixed rare earth chlorides into "
               "individual high-purity compounds (IN1); a 4,000 t/yr monazite processing plant in 2009 (IN2); "
               "status from an undated page")

    # ---- sites added on 2026-12-05 (second round): plants of the IREL beach-sand units and the planned plants of
    # deposits whose published studies put the plant at the project site (the deposit's point and radius)
    site("in-irel-chavara", "IREL Chavara mineral separation plant", "", "IND", "Kerala, Kollam", "concentration",
         "operating", "CV1; CV2; S3#10256189", 76.50041, 8.9507, "approximate",
         "MRDS 10256189 'Chavara Irel' point (USGS S1#400 agrees within 0.1 km); the plant is not located more closely, "
         "radius a judgment covering the Chavara unit", 8, operator="IREL (India)",
         products="ilmenite, rutile, zircon, sillimanite (beach-sand minerals)",
         notes="dry and wet mining and mineral separation of the Chavara deposit since 1965 (CV2); capacity of the Chavara "
               "unit to be raised (Business Standard 28 Jan 2009, CV1)", status_as_of="2009-01-28")
    site("in-irel-mk", "IREL Manavalakurichi (MK) mineral separation plant", "", "IND", "Tamil Nadu, Kanniyakumari",
         "concentration", "operating", "MK2; MKI; S3#10085027; S1#489", 77.33372, 8.20077, "approximate",
         "MRDS 10085027 'Manavalakurichi Deposit' point (USGS S1#489 within 0.1 km); the plant at Manavalakurichi village "
         "is not located more closely, radius a judgment", 5, operator="IREL (India)",
         products="beach-sand minerals (wet concentration, drying, mineral separation)",
         notes="wet concentration plant, drier, mineral separation and processing units visited in Mar 2024 (MKI); IREL "
               "'functioning in Manavalakurichi' agreed to buy seized beach-sand minerals (The New Indian Express 20 Jul 2025, "
               "MK2)", status_as_of="2025-07-20")
    site("mw-kangankunde-plant", "Kangankunde stage-1 processing plant (planned)", "", "MWI", "Southern Region, Balaka",
         "concentration", "planned", "KA4; KA3", 34.9094, -15.125, "approximate",
         "the Kangankunde deposit's point (USGS carbonatite #36): stage 1 puts the mineral processing plant at the mine "
         "(KA4); not located more closely", 2, operator="Lindian Resources", products="monazite concentrate",
         notes="stage-1 feasibility study Jul 2024: mining, a mineral processing plant and infrastructure, USD 40 m "
               "pre-production capital (Mining & Trade News 12 Jul 2024, KA4)", status_as_of="2024-07-12")
    site("mw-songwe-hill-plant", "Songwe Hill mine and processing plant (planned)", "", "MWI", "Southern Region, Phalombe",
         "concentration", "planned", "SW1; MM", 35.8215, -15.70155, "approximate",
         "the Songwe Hill project point (mindat, operator-supplied); the plant is part of the project, not located more "
         "closely", 2, operator="Mkango Resources", capacity=5954, basis="t/yr TREO in mixed carbonate (DFS average)",
         products="mixed REE carbonate",
         notes="definitive feasibility study 5 Jul 2022: 18-year life (SW1)", status_as_of="2022-07-05")
    site("za-steenkampskraal-plant", "Steenkampskraal monazite concentrator (restart planned)", "", "ZAF", "Western Cape",
         "concentration", "planned", "SK2; S3#10183364", 18.6183, -30.9633, "approximate",
         "the Steenkampskraal mine's point (MRDS 10183364); the plant is at the mine, not located more closely", 2,
         operator="Steenkampskraal Monazite Mine (SHL)", capacity=5000,
         basis="t/yr monazite concentrate, phase 1 (at least)", products="monazite concentrate",
         notes="restart in three phases (Creamer Media 13 Jun 2025, SK2)", status_as_of="2025-06-13")
    p = DERIVED["br-serra-verde"]
    site("br-serra-verde-plant", "Serra Verde (Pela Ema) concentration plant", "", "BRA", "Goiás, Minaçu",
         "concentration", "operating", "SV; SV3", p[1], p[0], "from_description", p[2], p[3],
         operator="Mineração Serra Verde", capacity=5000, basis="t/yr REO expected by 2026", products="REE concentrate",
         notes="phase-1 commercial production from 2024 (SV); at the mine in the municipality of Minaçu (SV3)",
         status_as_of="2025-08-13")
    site("tr-eti-beylikova-pilot", "Eti Maden Beylikova rare earth pilot plant", "", "TUR", "Eskişehir, Beylikova district",
         "concentration", "operating", "BY1; BY2; S2#53", 31.35083, 39.61944, "approximate",
         "the Beylikova deposit's point (USGS carbonatite #53); the plant at the field is not located more closely", 10,
         operator="Eti Maden", capacity=1200, basis="t/yr ore (pilot)", products="barite, fluorite, mixed REE concentrate",
         notes="opened by the President on 18 Apr 2023; production started (Anadolu via Dolmoney 9 May 2023, BY1); to be "
               "turned into an industrial facility (BY2)", status_as_of="2023-12-28")
    site("ca-wicheeda-concentrator", "Wicheeda flotation concentrator (planned)", "", "CAN", "British Columbia",
         "concentration", "planned", "WI1; CDR", -122.08667, 54.53, "approximate",
         "the Wicheeda deposit's point (NI 43-101 report via minmod, CDR); the PFS puts the concentrator at the mine, "
         "not located more closely", 3, operator="Defense Metals", capacity=31900,
         basis="t/yr TREO in flotation concentrate (PFS average)", products="REE flotation concentrate (about 50 % TREO)",
         notes="pre-feasibility study 18 Feb 2025: 5,000 t/day flotation concentrator, 15-year mine (WI1)",
         status_as_of="2025-02-18")
    site("ao-longonjo-plant", "Longonjo concentrator (planned)", "", "AGO", "Huambo province, Longonjo municipality",
         "concentration", "planned", "AO1; AO3; S1#49", 15.25, -12.85, "approximate",
         "the Longonjo deposit's point (USGS S1#49); the plant is at the mine, not located more closely", 10,
         operator="Pensana (Ozango Minerais)", products="REE concentrate",
         notes="financing approved to start main construction, production planned for 2027 (Lusa 16 May 2025, AO1)",
         status_as_of="2025-05-16")


# Processing sites' statuses dated on 2026-12-05: (added source codes, status, status_as_of).
SITES_DATED = {
    "ru-lgok-plant": ("LG1", "operating", "2025-11-12"),
    "ru-smz": ("", "operating", "2025-12-29"),
    "au-mount-weld-plant": ("LY3", "operating", "2024-10-30"),
    "au-lynas-kalgoorlie": ("LY3", "operating", "2024-10-30"),
    "my-lynas-gebeng": ("LY3", "operating", "2024-10-30"),
    "fr-solvay-la-rochelle": ("", "operating", "2025-04-08"),
}


def date_sites():
    for r in S:
        if r["id"] in SITES_DATED:
            codes, status, as_of = SITES_DATED[r["id"]]
            r.update(status=status, status_as_of=as_of)
            if codes:
                r["source"] = cite(codes) + " | " + r["source"]
                r["source_url"] = url(codes)


# The columns after uncertainty_km are the store's schema-v3 columns (status_as_of, resource_code, name_alt, disputed).
FIELDS_D = "id,name,name_local,country_iso3,region,kind,status,deposit_type,commodities,ore_mt,grade_treo_pct,contained_treo_t,resource_system,resource_category,as_of,operator,coord_precision,source,source_url,notes,lon,lat,coord_description,uncertainty_km,status_as_of,resource_code,name_alt,disputed".split(",")
FIELDS_S = "id,name,name_local,country_iso3,region,stage,status,operator,capacity_tpa,capacity_basis,products,coord_precision,source,source_url,notes,lon,lat,coord_description,uncertainty_km,status_as_of".split(",")


def fmt(v, nd=None):
    if v is None or v == "":
        return ""
    if isinstance(v, float):
        s = f"{v:.{nd}f}" if nd else repr(v)
        s = s.rstrip("0").rstrip(".") if "." in s else s
        return s
    return str(v)


def write(path, fields, rows):
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        for r in rows:
            r = dict(r)
            r["lon"], r["lat"] = fmt(float(r["lon"]), 5), fmt(float(r["lat"]), 5)
            for k in ("ore_mt", "grade_treo_pct", "contained_treo_t", "capacity_tpa", "uncertainty_km"):
                if k in r:
                    r[k] = fmt(r[k])
            w.writerow(r)


if __name__ == "__main__":
    derive()
    build_deposits()
    build_deposits_third_round()
    build_deposits_third_round_sands()
    build_deposits_third_round_last()
    revise()
    date_statuses()
    widen()
    build_sites()
    date_sites()
    for k, v in DERIVED.items():
        print(f"derived {k}: lat {v[0]:.5f} lon {v[1]:.5f} ±{v[3]} km", file=sys.stderr)
    write(os.path.join(OUT, "deposits.csv"), FIELDS_D, D)
    write(os.path.join(OUT, "processing_sites.csv"), FIELDS_S, S)
    print(f"deposits: {len(D)}, processing_sites: {len(S)}", file=sys.stderr)
