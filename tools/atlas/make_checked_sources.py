#!/usr/bin/python3
"""Builds geodata/checked_sources.csv: what was checked in each record, against which source, with what result.

Coordinate rows give the source's own point and the geodesic distance (GeodSolve, WGS84) from the record's
point; tools/atlas/check_sources.py recomputes the distances and requires every point not marked `rejected`
to lie within the record's uncertainty_km. USGS points are read from geodata/usgs-minmod by database and
record number (never retyped); other points are the source's published DMS. Status rows carry the date of
the source that gives the status. Run after build_points.py:
    /usr/bin/python3 tools/atlas/make_checked_sources.py
"""
import csv, glob, os, re, subprocess, sys
sys.path.insert(0, os.path.dirname(__file__))
from sources import SOURCES
from make_occurrences import points_of, read_records

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
G = os.path.join(ROOT, "geodata")  # the sources: usgs-minmod
OUT = os.environ.get("GEODATA_OUT") or G  # the built files read and written (tools/atlas/build.sh sets it)
CHECKED, CHECKED2 = "2026-12-04", "2026-12-05"
FIELDS = ("record_id,layer,field,source_id,source_title,source_url,source_value,source_lat,source_lon,"
          "distance_km,verdict,source_date,date_checked,note").split(",")
# minmod database names -> (source code of sources.py, title suffix)
USGS_DB = {"ree": "S1", "carbonatite": "S2", "mrds": "S3", "deposit": "UD", "major-deposits": "UM"}
UM = ("USGS major mineral deposits of the world (mrdata.usgs.gov/major-deposits), as compiled in minmod",
      "https://mrdata.usgs.gov/major-deposits/")


def dms(d, m=0, s=0, neg=False):
    v = d + m / 60 + s / 3600
    return -v if neg else v


def usgs_points():
    """(database, record) -> (lat, lon, name) from the minmod files shipped in geodata/usgs-minmod: the point
    the occurrences layer uses (make_occurrences.py: a record's first point in the first file that lists it)."""
    pts = {}
    for r in read_records(os.path.join(G, "usgs-minmod")).values():
        xy = points_of(r["location"])
        if xy and r["source_id"].startswith("https://mrdata.usgs.gov/"):
            pts[(r["source_id"].rsplit("/", 1)[-1], r["record_id"])] = (float(xy[0][1]), float(xy[0][0]), r["site_name"])
    return pts


def inverse_km(lat1, lon1, lat2, lon2):
    out = subprocess.run(["GeodSolve", "-i"], input=f"{lat1} {lon1} {lat2} {lon2}\n",
                         capture_output=True, text=True, check=True).stdout.split()
    return float(out[2]) / 1000


# --- coordinate checks against USGS records: (record id, database, record number, verdict, note)
USGS = [
    ("ru-tomtor", "carbonatite", "48", "agrees", "the record's point"),
    ("ru-tomtor", "ree", "146", "agrees", "6.0 km, degree-minute point: radius widened from 2 to 6.5 km"),
    ("ru-tomtor", "major-deposits", "1769", "agrees", ""),
    ("ru-lovozero", "ree", "219", "agrees", "the record's point; no second located source found"),
    ("ru-karnasurt", "mrds", "10304200", "agrees", "the record's point; no second located source found"),
    ("ru-khibiny", "carbonatite", "46", "agrees", "the record's point"),
    ("ru-khibiny", "ree", "202", "agrees", "19.8 km: the radius was widened from 15 to 20 km (massif scale)"),
    ("ru-kovdor", "carbonatite", "47", "agrees", "the record's point"),
    ("ru-kovdor", "ree", "208", "agrees", ""),
    ("ru-chuktukon", "carbonatite", "45", "agrees", "the record's point; no second located source found"),
    ("ru-seligdar", "ree", "242", "agrees", "the record's point; no second located source found"),
    ("ru-western-keivy", "ree", "267", "agrees", "the record's point (a group of deposits)"),
    ("ru-sakharyok", "ree", "241", "agrees", "the record's point; no second located source found"),
    ("ua-novopoltavske", "ree", "19", "agrees", "the record's point; no second located source found"),
    ("ua-yastrubetske", "ree", "270", "rejected",
     "84 km east of Olevsk, while the deposit is in the Sushchano-Perzhanska zone reached through Olevsk (BGV)"),
    ("ua-azovske", "ree", "278", "rejected", "falls in Crimea; the deposit is near Nikolske, Donetsk oblast (UA1, UA4)"),
    ("kg-kutessay-ii", "mrds", "10207324", "agrees", "the record's point"),
    ("kg-kutessay-ii", "ree", "211", "agrees", "20.3 km: the radius (22 km) covers both USGS points"),
    ("cn-bayan-obo", "carbonatite", "23", "agrees", "the record's point"),
    ("cn-bayan-obo", "mrds", "10183188", "agrees", ""),
    ("cn-bayan-obo", "ree", "9", "agrees", "5.5 km: radius widened from 3 to 6 km"),
    ("cn-bayan-obo", "mrds", "10085044", "rejected", "18.7 km: farther than the 48 km2 mine site (BO) allows"),
    ("us-mountain-pass", "carbonatite", "56", "agrees", "the record's point"),
    ("us-mountain-pass", "mrds", "10212814", "agrees", ""),
    ("us-mountain-pass", "ree", "59", "agrees", ""),
    ("au-mount-weld", "carbonatite", "3", "agrees", "the record's point"),
    ("au-mount-weld", "ree", "135", "agrees", ""),
    ("au-mount-weld", "mrds", "10023262", "agrees", ""),
    ("au-mount-weld", "mrds", "10280823", "rejected", "11.5 km: outside the 3 km carbonatite pipe (MW)"),
    ("au-nolans", "ree", "66", "agrees", "1.25 km: radius widened from 1 to 1.5 km"),
    ("za-steenkampskraal", "mrds", "10183364", "agrees", "the record's point"),
    ("za-phalaborwa", "carbonatite", "50", "agrees", "the record's point"),
    ("za-phalaborwa", "ree", "72", "agrees", ""),
    ("na-lofdal", "ree", "47", "agrees", "the record's point"),
    ("br-araxa", "carbonatite", "4", "agrees", "the record's point"),
    ("br-araxa", "ree", "110", "agrees", "3.2 km: radius widened from 3 to 5 km"),
    ("br-araxa", "mrds", "10068132", "agrees", "4.3 km"),
    ("br-catalao", "carbonatite", "5", "agrees", "the record's point"),
    ("br-catalao", "ree", "116", "agrees", "13.4 km: radius widened from 3 to 14 km; which point is right is open"),
    ("vn-dong-pao", "ree", "174", "agrees", "the record's point"),
    ("mw-kangankunde", "carbonatite", "36", "agrees", "the record's point"),
    ("mw-kangankunde", "mrds", "10207658", "agrees", ""),
    ("mw-kangankunde", "ree", "123", "agrees", ""),
    ("tz-ngualla", "ree", "63", "agrees", "the record's point"),
    ("ke-mrima-hill", "carbonatite", "33", "agrees", "the record's point"),
    ("ke-mrima-hill", "mrds", "10183091", "agrees", ""),
    ("ke-mrima-hill", "major-deposits", "2423", "agrees", "2.2 km: radius widened from 2 to 2.5 km"),
    ("cn-maoniuping", "carbonatite", "25", "agrees", "the record's point"),
    ("cn-weishan", "carbonatite", "27", "agrees", "the record's point"),
    ("cn-weishan", "ree", "101", "agrees", ""),
    ("us-bear-lodge", "carbonatite", "59", "agrees", "the record's point"),
    ("us-bear-lodge", "ree", "10", "agrees", ""),
    ("us-bear-lodge", "mrds", "10090629", "agrees", ""),
    ("us-elk-creek", "deposit", "NE00002", "agrees", "the record's point"),
    ("us-elk-creek", "deposit", "NE00001", "agrees", ""),
    ("us-elk-creek", "ree", "26", "agrees", "3.7 km: radius widened from 3 to 4 km"),
    ("us-round-top", "deposit", "TX00005", "agrees", "the record's point"),
    ("us-bokan-mountain", "mrds", "10000497", "agrees", "the record's point"),
    ("us-bokan-mountain", "ree", "160", "agrees", ""),
    ("us-bokan-mountain", "deposit", "AK00022", "agrees", "the record lists two points 0.5 km apart; the first, "
     "3.6 km away: radius widened from 3 to 4 km"),
    ("ca-strange-lake", "ree", "250", "agrees", "the record's point"),
    ("ca-strange-lake", "mrds", "10255214", "agrees", ""),
    ("ca-strange-lake", "mrds", "10023656", "rejected", "23.4 km off while two other USGS records agree within 1 km"),
    ("ca-nechalacho", "mrds", "10159976", "agrees", "the record's point"),
    ("ca-nechalacho", "mrds", "10085037", "agrees", ""),
    ("ca-nechalacho", "ree", "255", "agrees", "4.1 km: radius widened from 3 to 4.5 km"),
    ("ca-nechalacho", "mrds", "10023296", "rejected", "24.8 km off while three records agree within 4.1 km"),
    ("ca-hoidas-lake", "mrds", "10400622", "agrees", "the record's point"),
    ("ca-hoidas-lake", "ree", "299", "agrees", ""),
    ("au-dubbo", "ree", "259", "agrees", "the record's point"),
    ("au-dubbo", "mrds", "10183419", "rejected", "38.1 km: the record named 'Dubbo' is the town's district"),
    ("mn-mushgai-khudag", "carbonatite", "40", "agrees", "the record's point"),
    ("mn-mushgai-khudag", "ree", "60", "agrees", "8.5 km: radius widened from 3 to 9 km"),
    ("af-khanneshin", "ree", "42", "agrees", "the record's point"),
    ("in-amba-dongar", "carbonatite", "31", "agrees", "the record's point"),
    ("in-amba-dongar", "ree", "4", "agrees", ""),
    ("br-pitinga", "ree", "303", "agrees", "the record's point"),
    ("br-pitinga", "ree", "664", "agrees", ""),
    ("mw-chilwa-island", "carbonatite", "35", "agrees", "the record's point"),
    ("mw-chilwa-island", "ree", "119", "agrees", ""),
    ("mw-chilwa-island", "major-deposits", "2487", "agrees", "4.1 km: radius widened from 3 to 4.5 km"),
    ("mw-tundulu", "carbonatite", "37", "agrees", "the record's point"),
    ("mw-tundulu", "ree", "93", "agrees", ""),
    ("mw-tundulu", "major-deposits", "2491", "agrees", "5.2 km: radius widened from 3 to 5.5 km"),
    ("zm-nkombwa-hill", "carbonatite", "60", "agrees", "the record's point"),
    ("zm-nkombwa-hill", "ree", "65", "agrees", ""),
    ("tz-wigu-hill", "mrds", "10304763", "agrees", "the record's point"),
    ("tz-wigu-hill", "ree", "148", "agrees", "4.0 km: radius widened from 3 to 4.5 km"),
    ("gl-sarfartoq", "ree", "80", "agrees", "the record's point"),
    ("ru-burpala", "ree", "165", "agrees", "the record's point"),
    ("ru-gornoe-ozero", "ree", "33", "agrees", "the record's point"),
    ("ru-seblyavr", "ree", "140", "agrees", "the record's point"),
    ("ru-sallanlatvi", "ree", "139", "agrees", "the record's point"),
    ("ru-kugda", "ree", "45", "agrees", "the record's point"),
    ("ru-nizhnesayanskoye", "ree", "64", "agrees", "the record's point"),
    ("ru-vishnevogorsk", "ree", "98", "agrees", "the record's point"),
    ("no-fen", "ree", "28", "agrees", "the record's point"),
    # deposits added on 2026-12-05
    ("ca-niobec", "carbonatite", "22", "agrees", "the record's point"),
    ("ca-niobec", "major-deposits", "1077", "agrees", ""),
    ("mn-khalzan-buregtei", "ree", "200", "agrees", "the record's point"),
    ("mn-khalzan-buregtei", "major-deposits", "366", "agrees", "6 km: the radius (7 km) covers both"),
    ("mn-lugiin-gol", "carbonatite", "39", "agrees", "the record's point; no second located source found"),
    ("ao-longonjo", "ree", "49", "agrees", "the record's point; no second located source found"),
    ("bi-gakara", "ree", "125", "agrees", "the record's point"),
    ("bi-gakara", "carbonatite", "12", "agrees", ""),
    ("bi-gakara", "mrds", "10231878", "agrees", "10 km: the radius (11 km) covers it"),
    ("fi-sokli", "ree", "142", "agrees", "the record's point; the USGS phosphate record gives the same point"),
    ("za-zandkopsdrift", "carbonatite", "51", "agrees", "the record's point"),
    ("za-zandkopsdrift", "ree", "78", "agrees", ""),
    # records added in the second round of 2026-12-05
    ("in-chavara", "ree", "400", "agrees", "the record's point"),
    ("in-chavara", "mrds", "10256189", "agrees", ""),
    ("in-chavara", "mrds", "10085028", "agrees", "24 km north, within the beach belt: the radius (25 km) covers it"),
    ("in-chavara", "mrds", "60000816", "agrees", "the same point as MRDS 10085028"),
    ("in-irel-chavara", "mrds", "10256189", "agrees", "the record's point"),
    ("in-irel-chavara", "ree", "400", "agrees", ""),
    ("in-irel-mk", "mrds", "10085027", "agrees", "the record's point"),
    ("in-irel-mk", "mrds", "60000817", "agrees", ""),
    ("in-irel-mk", "ree", "489", "agrees", ""),
    ("mw-kangankunde-plant", "carbonatite", "36", "agrees", "the deposit's point; the plant is at the mine (KA4)"),
    ("za-steenkampskraal-plant", "mrds", "10183364", "agrees", "the mine's point"),
    ("ao-longonjo-plant", "ree", "49", "agrees", "the deposit's point"),
    ("tr-beylikova", "carbonatite", "53", "agrees", "the record's point"),
    ("tr-beylikova", "mrds", "10158113", "rejected", "74 km west, at the city of Eskişehir: a province-level point, "
     "while the field is in Beylikova district (BY3)"),
    ("tr-eti-beylikova-pilot", "carbonatite", "53", "agrees", "the deposit's point"),
    ("au-cummins-range", "carbonatite", "2", "agrees", "the record's point; no second located source found"),
    ("tz-panda-hill", "carbonatite", "52", "agrees", "the record's point"),
    ("tz-panda-hill", "ree", "133", "agrees", ""),
    ("tz-panda-hill", "major-deposits", "2943", "agrees", ""),
    ("mg-ampasindava", "ree", "153", "agrees", "9.9 km: the radius (11 km) covers it"),
    ("cd-lueshe", "carbonatite", "29", "agrees", ""),
    ("cd-lueshe", "major-deposits", "2211", "agrees", "2.7 km"),
    ("us-lemhi-pass", "ree", "339", "agrees", "the record's point; no second located source found"),
    ("us-diamond-creek", "ree", "283", "agrees", "the record's point"),
    ("us-diamond-creek", "mrds", "10265360", "rejected", "347 km south-east: the MRDS record is a phosphate mine "
     "of the same name"),
    ("us-pea-ridge", "mrds", "10269533", "agrees", "the record's point; no second located source found"),
    ("ca-ashram", "ree", "24", "agrees", "the point of the Eldor complex; Ashram itself not located"),
    ("fi-siilinjarvi", "ree", "82", "agrees", "the record's point; no second located source found"),
    ("ca-oka", "carbonatite", "21", "agrees", "the record's point"),
    ("ca-oka", "ree", "137", "agrees", ""),
    ("ao-bonga", "carbonatite", "1", "agrees", "the record's point"),
    ("ao-bonga", "ree", "13", "rejected", "1,106 km north, in the Republic of the Congo: another place or a latitude error"),
    ("br-salitre", "carbonatite", "8", "agrees", "the record's point"),
    ("br-salitre", "ree", "76", "agrees", ""),
    ("us-sheep-creek", "ree", "345", "agrees", "the record's point"),
    ("us-sheep-creek", "mrds", "10009160", "agrees", ""),
    ("us-hicks-dome", "mrds", "10193390", "agrees", ""),
    ("us-hicks-dome", "ree", "35", "agrees", "degree-minute point: the radius (8 km) covers it"),
    ("na-okorusu", "ree", "70", "agrees", "the record's point; no second located source found"),
    ("br-tapira", "carbonatite", "11", "agrees", "the record's point"),
    ("br-tapira", "major-deposits", "967", "agrees", ""),
    ("br-tapira", "mrds", "60000873", "agrees", ""),
]

# --- coordinate checks against published DMS: (record id, source code, value as published, lat, lon, verdict, note)
PUBLISHED = [
    ("ru-tomtor", "T1", "71°02'N 116°33'E (deposit centre, text of ru.wikipedia; same in uhhan.ru's description)",
     dms(71, 2), dms(116, 33), "agrees", ""),
    ("ru-tomtor", "T1", "71°03'04\"N 116°33'04\"E (ru.wikipedia infobox, kampuspedia.com mirror)",
     dms(71, 3, 4), dms(116, 33, 4), "agrees", ""),
    ("ua-yastrubetske", "WOL", "Olevsk 51°13'40\"N 27°38'53\"E (ru.wikipedia)", dms(51, 13, 40), dms(27, 38, 53),
     "agrees", "the district centre the deposit is reached from (BGV); the record's point"),
    ("ua-yastrubetske", "WOL", "Olevsk 51°13'N 27°39'E (en.wikipedia)", dms(51, 13), dms(27, 39), "agrees", ""),
    ("ru-afrikanda", "WAF", "Afrikanda station 67°26'33\"N 32°46'41\"E", dms(67, 26, 33), dms(32, 46, 41), "agrees",
     "the deposit is 'close to the Afrikanda railway station' (AF2); the record's point"),
    ("ru-afrikanda", "WAF", "Afrikanda village 67°26'30\"N 32°46'54\"E", dms(67, 26, 30), dms(32, 46, 54), "agrees", ""),
    ("au-mount-weld", "MW", "28°51'36\"S 122°32'52\"E (en.wikipedia)", dms(28, 51, 36, neg=True), dms(122, 32, 52),
     "agrees", ""),
    ("au-nolans", "NO", "22°35'37\"S 133°14'18\"E (PorterGeo)", dms(22, 35, 37, neg=True), dms(133, 14, 18),
     "agrees", "the record's point"),
    ("ua-mazurivske", "MZ", "47°31'00\"N 37°31'09\"E (uk.wikipedia)", dms(47, 31), dms(37, 31, 9), "agrees",
     "the record's point; USGS S1#295 has no point"),
    ("gl-kvanefjeld", "KV", "60°59'N 46°00'W (de.wikipedia)", dms(60, 59), dms(46, 0, neg=True), "agrees",
     "the record's point"),
    ("se-norra-karr", "NK", "58°06'07\"N 14°33'54\"E (en.wikipedia)", dms(58, 6, 7), dms(14, 33, 54), "agrees",
     "the record's point; no second located source found"),
    ("mw-songwe-hill", "MM", "15°42'05\"S 35°49'17\"E (mindat, operator-supplied)", dms(15, 42, 5, neg=True),
     dms(35, 49, 17), "agrees", "the record's point"),
    ("ua-azovske", "WNI", "Nikolske 47°12'37\"N 37°19'31\"E (de.wikipedia)", dms(47, 12, 37), dms(37, 19, 31),
     "agrees", "the record's point"),
    ("se-per-geijer", "PG2", "Kiruna 67.84943N 20.25442E (aroundus.com, from Wikidata)", 67.84943, 20.25442,
     "agrees", "the deposit is 'under Kiruna' (PG2); the record's point"),
    ("mm-pangwa", "MY3", "Chipwi 25°53'03\"N 98°07'55\"E (en.wikipedia via friendlywiki.com)", dms(25, 53, 3),
     dms(98, 7, 55), "agrees", "one end of the Chipwi-Pangwa mining stretch"),
    ("in-irel-oscom", "IN2", "Chhatrapur 19°21'N 84°59'E (en.wikipedia via wikiclassic.com)", dms(19, 21),
     dms(84, 59), "agrees", "OSCOM is at Matikhala near Chhatrapur (IN2); the record's point"),
    ("ca-hoidas-lake", "HL", "Hoidas Lake 59°55'41\"N 107°49'12\"W (en.wikipedia)", dms(59, 55, 41),
     dms(107, 49, 12, neg=True), "agrees", "the lake the deposit is named after; the record keeps the MRDS point"),
    ("in-irel-aluva", "IN1", "Eloor 10°4'0\"N 76°18'0\"E (en.wikipedia)", dms(10, 4), dms(76, 18), "agrees",
     "the Udyogamandal/Eloor industrial island (IN1); the record's point"),
    ("ca-wicheeda", "CDR", "54.530000N 122.086667W (NI 43-101 technical report, as compiled in minmod)", 54.53,
     -122.086667, "agrees", "the record's point; no second located source found"),
    ("ca-wicheeda-concentrator", "CDR", "54.530000N 122.086667W (NI 43-101 technical report, as compiled in minmod)",
     54.53, -122.086667, "agrees", "the deposit's point"),
    ("mg-ampasindava", "AM1", "13°43'S 48°07'E (en.wikipedia)", dms(13, 43, neg=True), dms(48, 7), "agrees",
     "the record's point"),
    ("cd-lueshe", "LU1", "0°59'10\"S 29°08'28\"E (en.wikipedia)", dms(0, 59, 10, neg=True), dms(29, 8, 28), "agrees",
     "the record's point"),
    ("us-hicks-dome", "HD3", "37°31'56\"N 88°22'20\"W (mindat)", dms(37, 31, 56), dms(88, 22, 20, neg=True), "agrees",
     "the record's point"),
    ("mw-songwe-hill-plant", "MM", "15°42'05\"S 35°49'17\"E (mindat, operator-supplied project point)",
     dms(15, 42, 5, neg=True), dms(35, 49, 17), "agrees", "the project's point; the plant is part of the project"),
]

# --- figures and statuses: (record id, field, source code, value as published, verdict, source date, note)
FACTS = [
    ("ru-tomtor", "resource_system", "PM", "Ore Reserve 'in accordance with the JORC Code (2012)'", "corrected",
     "2021-04-19", "was 'other'"),
    ("ru-tomtor", "ore_mt", "PM", "11.4 Mt @ 6.0% Nb2O5 + 14.5% REO, containing 1.7 Mt REO, as at 31 Dec 2019",
     "confirmed", "2021-04-19", "contained_treo_t now 1.7 Mt as published (was 1.653 Mt computed)"),
    ("ru-tomtor", "ore_mt", "SRKT", "11.4 Mt open-pit ore @ 6.0% Nb2O5 and 14.5% TREO, end of 2019, JORC",
     "confirmed", "", "SRK's project page, undated"),
    ("ru-tomtor", "status", "PM", "bankable feasibility study next; permitting the key challenge", "confirmed",
     "2021-04-19", "development"),
    ("ru-chuktukon", "contained_treo_t", "CK", "C1+C2 2.8 Mt TR2O3 @ 4.585% average; 443 kt Nb2O5 @ 0.74%",
     "added", "2019-02-21", "GKZ approval of the reserves report"),
    ("ru-chuktukon", "status", "CK", "exploration 2014 to mid-2018 on federal funds; reserves approved by GKZ",
     "confirmed", "2019-02-21", "exploration"),
    ("ru-seligdar", "status", "GD17", "not licensed on 1 Jan 2017; large by REE reserves", "corrected", "2017-01-01",
     "was unknown; no 2014 balance figure found"),
    ("ru-beloziminskoye", "status", "GD17", "not licensed on 1 Jan 2017; large by REE reserves", "confirmed",
     "2017-01-01", "undeveloped"),
    ("ru-lovozero", "status", "GD21", "loparite ores gave 2.7, 2.6, 2.5 kt TR2O3 in 2019, 2020, 2021", "confirmed",
     "2021", "producing"),
    ("gl-tanbreez", "status", "HN", "exploitation permit valid for 30 years, 18 km2, conditions to be met by end 2022",
     "corrected", "", "was exploration; the stored copy of the article carries no date"),
    ("se-norra-karr", "status", "NK3", "Bergsstaten recommends the exploitation concession; government decides",
     "corrected", "2026-03-10", "was exploration (status of 2016)"),
    ("se-norra-karr", "ore_mt", "NK3", "total resource 110 Mt ore", "corrected", "2026-03-10",
     "58 Mt (en.wikipedia) predates it; kept in notes"),
    ("se-norra-karr", "ore_mt", "NK2", "probable reserve 23.5 Mt @ 0.59% TREO (NI 43-101 basis)", "added",
     "2025-12-01", "stored as ore_mt/grade"),
    ("ru-afrikanda", "status", "AF1", "finishing geological study; reserves to the state balance in 2025",
     "added", "2025-03-13", "exploration"),
    ("ru-afrikanda", "ore_mt", "AF1", "P1 70.7 Mt ore incl. 6.7 Mt TiO2 (central section)", "added", "2025-03-13", ""),
    ("kg-kutessay-ii", "status", "KG3", "negotiations completed; a Chinese company will mine Kutessay", "added",
     "2025-01-21", "development"),
    ("kg-kutessay-ii", "notes", "KG2", "about 60,000 t of rare earth metals", "added", "2024-06-19",
     "class and metal/oxide not stated: notes only"),
    ("mw-kangankunde", "ore_mt", "KA1", "261 Mt @ 2.19% TREO, Inferred, JORC 2012", "added", "2023-08-03", ""),
    ("mw-kangankunde", "status", "KA1", "mining licence held; stage-1 plant construction planned", "corrected",
     "2023-08-03", "was unknown"),
    ("tz-ngualla", "ore_mt", "NG1", "ore reserves 18.5 Mt @ 4.8% TREO, 887,000 t TREO (BFS update Oct 2022)", "added",
     "2023-05-05", ""),
    ("tz-ngualla", "status", "NG1", "Special Mining Licence granted", "corrected", "2023-05-05", "was unknown"),
    ("mw-songwe-hill", "status", "SW1", "definitive feasibility study completed", "corrected", "2022-07-05",
     "was exploration"),
    ("za-steenkampskraal", "status", "SK2", "restart in three phases; mining right to 2030", "corrected",
     "2025-06-13", "was unknown"),
    ("za-steenkampskraal", "contained_treo_t", "SK1", "665,000 t @ 14.5% TREO, 86,900 t TREO incl. Y2O3 (NI 43-101)",
     "added", "", "company page, undated"),
    ("na-lofdal", "status", "LO3", "fully permitted, 25-year mining licence; PFS due Q1 2025", "corrected",
     "2024-10-18", "was unknown"),
    ("na-lofdal", "ore_mt", "LO2", "resource raised from 6 Mt to 53 Mt", "added", "2023-01-27", "no grade given"),
    ("ca-nechalacho", "status", "NE2", "Canada's first REE producer, second mining year expected", "corrected",
     "2022-05-06", "was unknown; later status not checked"),
    ("se-per-geijer", "status", "PG1", "processing concession applied for, to continue investigating", "added",
     "2023-06-12", "exploration"),
    ("in-irel-oscom", "status", "IN3", "expansion commissioned in FY25", "added", "2025", "operating"),
    ("mm-pangwa", "notes", "MY5", "mining shut down almost completely after the KIA took the area; resumption "
     "being prepared", "added", "2024-11-18", "status left unknown: the enumeration has no 'suspended'"),
    ("us-elk-creek", "status", "EC1", "updated feasibility study; REE indicated 632.9 kt TREO", "corrected",
     "2022-05-19", "was unknown"),
    ("ca-strange-lake", "status", "SL1", "PFS and BFS to be completed in 2025; piloting", "corrected", "2024-07-10",
     "was unknown"),
    ("au-dubbo", "status", "DB1", "ready for construction subject to financing; ML 1724 (2015)", "corrected", "",
     "was unknown; page undated"),
    ("ee-silmet", "notes", "SO", "La Rochelle separates REE; magnet-REE line inaugurated 8 Apr 2025", "corrected",
     "2025-04-08", "'Europe's only operating separation plant' removed"),
    ("wld-usgs-mcs2025", "reserves_t_reo", "S4", "world reserves 'more than 90 Mt' (as the reference notes give "
     "the USGS wording; the MCS page itself was not found in the stored pages)", "corrected", "2025-01",
     "reserves_lower_bound = 1"),
]

# --- checked on 2026-12-05: statuses from dated sources, and figures (same fields as FACTS)
FACTS2 = [
    ("ru-zashikhinskoye", "status", "Z5", "GOK construction begun in 2011, to be finished by 2018", "confirmed",
     "2011-12-20", "development; later plan (Z6, undated): start in 2027"),
    ("ru-karnasurt", "status", "LG1", "three new stoping blocks put into operation; loparite concentrate shipped to SMZ",
     "confirmed", "2025-11-12", "producing"),
    ("ru-lovozero", "status", "LG1", "Lovozersky GOK mines loparite ore at Karnasurt", "confirmed", "2025-11-12",
     "producing; the 2021 state report (GD21) gave 2.5 kt TR2O3 from loparite ores"),
    ("ru-lgok-plant", "status", "LG1", "loparite concentrate shipped to SMZ", "confirmed", "2025-11-12", "operating"),
    ("ru-smz", "status", "SM2", "separation complex at Solikamsk", "confirmed", "2025-12-29", "operating"),
    ("gl-tanbreez", "status", "TB2", "exploitation licence 2020-54 extended; plans due end 2025, security by 30 Jun 2026",
     "confirmed", "2024-10-15", "development; HN's undated report of the 30-year permit is now dated by this one"),
    ("gl-tanbreez", "operator", "TB3", "Critical Metals Corp holds 42 % of Tanbreez Mining Greenland A/S", "confirmed",
     "2024-07-23", ""),
    ("gl-kvanefjeld", "status", "KV2", "exploitation licence refused under the uranium act; arbitration in Copenhagen",
     "confirmed", "2023-11-02", "undeveloped"),
    ("gl-kvanefjeld", "notes", "KV3", "Act No. 20 passed 9 Nov 2021: no exploitation of ore with 100 ppm U or more",
     "added", "2022-03-24", ""),
    ("au-nolans", "status", "NO2", "NAIF investment decision January 2024", "confirmed", "2024-01", "development"),
    ("au-mount-weld", "status", "LY3", "mining continued in the September 2024 quarter; expansion stage 1 operating",
     "confirmed", "2024-10-30", "producing"),
    ("au-mount-weld-plant", "status", "LY3", "concentrate production maintained, fed to Malaysia and Kalgoorlie",
     "confirmed", "2024-10-30", "operating"),
    ("au-lynas-kalgoorlie", "status", "LY3", "MREC production and quality stabilised", "confirmed", "2024-10-30",
     "operating"),
    ("my-lynas-gebeng", "status", "LY3", "Lynas Malaysia processing Mt Weld concentrate and Kalgoorlie MREC", "confirmed",
     "2024-10-30", "operating"),
    ("fr-solvay-la-rochelle", "status", "SO", "magnet-REE line inaugurated 8 Apr 2025", "confirmed", "2025-04-08",
     "operating"),
    ("us-mountain-pass", "status", "S4", "US mine production 45,000 t REO in 2024 (estimated), all from Mountain Pass",
     "confirmed", "2025-01", "producing"),
    ("br-serra-verde", "status", "SV", "phase-1 commercial production since 2024", "confirmed", "2025-08-13", "producing"),
    ("mw-kangankunde", "status", "KA3", "stage-1 feasibility study Jul 2024; financing, then mine construction",
     "confirmed", "2024-09-05", "development"),
    ("za-phalaborwa", "status", "PH1", "Rainbow's phosphogypsum REE project: PEA Oct 2022, resource 30.4 Mt @ 0.44 % TREO",
     "corrected", "2024-06-28", "was unknown; the status of the REE project, not of the complex"),
    ("ke-mrima-hill", "status", "MR1", "mining licence revoked in 2013; ICSID ruled for Kenya on 23 Oct 2018", "corrected",
     "2018-10-24", "was unknown; undeveloped"),
    ("vn-dong-pao", "status", "DP1", "licensed 2014, never got off the ground; auction of mining rights planned",
     "corrected", "2023-10-05", "was unknown; undeveloped"),
    ("cn-maoniuping", "status", "MN1", "China's second-largest light-REE site, target 30,000 t REO in concentrate",
     "corrected", "2024-09", "was unknown; producing"),
    ("cn-maoniuping", "contained_treo_t", "MN1", "4.96 Mt REO (CREG)", "added", "2024-09", "code not named"),
    ("us-bear-lodge", "status", "BL1", "demonstration plant construction started Dec 2023; mine permitting on hold (BL2)",
     "corrected", "2024-01-04", "was unknown; development"),
    ("us-round-top", "status", "RT1", "site preparation for a demonstration plant in progress", "corrected",
     "2021-08-02", "was unknown; development (PEA Aug 2019, RT2)"),
    ("mn-mushgai-khudag", "status", "MK1", "'still in the early stages of exploration', no final reserves",
     "corrected", "2010-12", "was unknown; exploration (an old source: the latest found)"),
    ("no-fen", "status", "FE1", "maiden inferred resource; pilot plant planned", "corrected", "2024-06-06",
     "was unknown; exploration"),
    ("no-fen", "ore_mt", "FE1", "559 Mt @ 1.57 % TREO, about 8.8 Mt TREO (inferred)", "added", "2024-06-06",
     "JORC 2012 per FE2"),
    ("br-catalao", "status", "CT1", "CMOC mines niobium and phosphate at Catalão; record output 2024", "corrected",
     "2025-12-18", "was unknown; producing (Nb, P; REE not recovered)"),
    ("br-araxa", "status", "BN1", "CBMM (Minas Gerais) 41.1 % of Brazil's niobium sales in 2015", "confirmed",
     "2016-11-28", "producing (Nb)"),
    ("us-bokan-mountain", "status", "BK2", "PEA on 4.79 Mt Indicated @ 0.6 % TREO; advancing to shovel-ready",
     "corrected", "2019-09-13", "was unknown; development"),
    ("ca-niobec", "status", "NB1", "the only underground niobium mine; sold to a Magris-led group", "added",
     "2014-10-06", "producing (Nb)"),
    ("ca-niobec", "ore_mt", "NB1", "REE zone: Inferred 466.8 Mt @ 1.65 % TREO, 7.7 Mt TREO (NI 43-101)", "added",
     "2014-10-06", ""),
    ("mn-khalzan-buregtei", "status", "KB1", "2020 PEA; 20,000 m drilling in 2024 towards a PFS", "added", "2024",
     "exploration"),
    ("mn-lugiin-gol", "status", "MK1", "explored 2005-2009 by REO Co Ltd; no final reserves", "added", "2010-12",
     "exploration (an old source: the latest found)"),
    ("ao-longonjo", "status", "AO1", "financing approved; main construction to start; production 2027", "added",
     "2025-05-16", "development"),
    ("ao-longonjo", "ore_mt", "AO2", "proven and probable reserves 30.1 Mt @ 0.55 % NdPr oxide, 767 kt TREO", "added",
     "2024-01-12", "code not named"),
    ("bi-gakara", "status", "BU1", "trial mining halted by Burundi in 2021 (exports suspended in April)", "added",
     "2021-08-23", "past_producing (suspended)"),
    ("fi-sokli", "status", "FI1", "rights acquired by Finnish Minerals Group; environmental permit under review",
     "added", "2020-12-11", "development"),
    ("za-zandkopsdrift", "status", "ZK1", "NI 43-101 PEA Mar 2012; pre-feasibility study under way", "added",
     "2012-11-07", "development"),
    # second round of 2026-12-05
    ("cn-bayan-obo", "status", "BO2", "Baogang: 370,000 t REE concentrate in 2024, 390,000 t planned for 2025",
     "confirmed", "2025-05", "producing; was undated"),
    ("au-browns-range", "status", "BR2", "definitive feasibility study released", "confirmed", "2025-09-15",
     "development; was undated"),
    ("au-browns-range", "ore_mt", "BR2", "ore reserve 5.18 Mt @ 0.88 % TREO for 45,800 t TREO", "added", "2025-09-15",
     "reporting code not named in the source"),
    ("au-dubbo", "status", "DB2", "AU$5 m grant for an options assessment and pilot programme before FEED",
     "confirmed", "2024-10-18", "development; was undated (DB1)"),
    ("au-dubbo", "notes", "DB3", "construction ready; FID targeted for 2026, production 2028", "added", "",
     "undated page"),
    ("ru-kovdor", "status", "KO1", "2.5 Mt/yr apatite, 5.6 Mt/yr iron and 8,000 t/yr baddeleyite concentrate",
     "confirmed", "2015-05-27", "producing; was undated"),
    ("ru-kovdor", "operator", "KO1", "EuroChem's Kovdorsky GOK", "added", "2015-05-27", "was 'not verified'"),
    ("ru-khibiny", "status", "KH2", "38.05 Mt apatite-nepheline ore mined in 2019 by Apatit's Kirovsk branch",
     "confirmed", "2019", "producing; was undated (annual report for 2019)"),
    ("ru-khibiny", "notes", "KH1", "record 9.5 Mt/yr apatite concentrate (2017)", "added", "2018-02-06", ""),
    ("gl-sarfartoq", "status", "SF1", "exploration licence to be sold to Neo Performance Materials", "corrected",
     "2022-08-22", "was unknown; exploration"),
    ("gl-sarfartoq", "ore_mt", "SF2", "inferred 14.1 Mt @ 1.51 % TREO (ST1 zone, NI 43-101, 2011 PEA)", "added",
     "2022-08-22", "contained TREO computed"),
    ("tz-wigu-hill", "status", "WG1", "large-scale exploration and mining licence handed to STAMICO, development ordered",
     "corrected", "2025-07-24", "was unknown; development"),
    ("ca-hoidas-lake", "status", "HL2", "preliminary economic assessment to be undertaken", "corrected", "2012-09-25",
     "was unknown; exploration (the latest dated source found)"),
    ("af-khanneshin", "status", "KN1", "preliminary USGS estimate of about 1 Mt LREE; remote, not developed",
     "corrected", "2011-09-14", "was unknown; undeveloped"),
    ("zm-nkombwa-hill", "status", "NW1", "Marula Mining's project; resource defined, further development planned",
     "corrected", "2025-05-22", "was unknown; exploration"),
    ("zm-nkombwa-hill", "ore_mt", "NW2", "JORC indicated + inferred 21.8 Mt @ 7.06 % P2O5, 1.17 % TREO", "added", "",
     "undated page; contained TREO computed"),
    ("mm-pangwa", "status", "MY7", "most sites shut since mid-Feb 2025; a few large operations continue, taxed by the KIO",
     "corrected", "2025-03-06", "was unknown; producing (a few operations)"),
    ("in-chavara", "status", "CV1", "IREL to raise the capacity of its Chavara unit", "added", "2009-01-28",
     "producing (the latest dated source found)"),
    ("in-irel-chavara", "status", "CV1", "IREL to raise the capacity of its Chavara unit", "added", "2009-01-28",
     "operating"),
    ("in-irel-mk", "status", "MK2", "IREL 'functioning in Manavalakurichi' to buy seized beach-sand minerals", "added",
     "2025-07-20", "operating"),
    ("mw-kangankunde-plant", "status", "KA4", "stage-1 feasibility study: mine and mineral processing plant", "added",
     "2024-07-12", "planned"),
    ("mw-songwe-hill-plant", "status", "SW1", "DFS: about 5,954 t/yr TREO in mixed carbonate", "added", "2022-07-05",
     "planned"),
    ("za-steenkampskraal-plant", "status", "SK2", "restart in three phases, at least 5,000 t/yr monazite concentrate",
     "added", "2025-06-13", "planned"),
    ("br-serra-verde-plant", "status", "SV", "phase-1 commercial production since 2024", "added", "2025-08-13",
     "operating"),
    ("tr-beylikova", "status", "BY3", "JORC verification applied for; industrial plant design 2026, opening 2027-2028",
     "added", "2025-11-25", "development"),
    ("tr-beylikova", "ore_mt", "BY1", "694 Mt of REE ore ('reserve', no code)", "added", "2023-05-09",
     "stored with resource_system other, code not named"),
    ("tr-eti-beylikova-pilot", "status", "BY2", "pilot plant in Eskişehir to be turned into an industrial facility",
     "added", "2023-12-28", "operating (production started, BY1 9 May 2023)"),
    ("ca-wicheeda-concentrator", "status", "WI1", "PFS: 5,000 t/day flotation concentrator", "added", "2025-02-18",
     "planned"),
    ("au-cummins-range", "status", "RX2", "development focused on off-take, permitting and approvals", "added", "",
     "development; the page is undated, so no status_as_of"),
    ("au-cummins-range", "ore_mt", "RX1", "524 Mt @ 0.31 % TREO and 4.6 % P2O5 incl. 44 Mt @ 1.02 % TREO", "added", "",
     "undated; contained TREO computed"),
    ("ca-wicheeda", "status", "WI1", "pre-feasibility study released", "added", "2025-02-18", "development"),
    ("ca-wicheeda", "ore_mt", "WI2", "34 Mt indicated and inferred @ 2.02 % REO (NI 43-101)", "added", "2023-12-05",
     "contained REO computed"),
    ("tz-panda-hill", "status", "PA1", "mining agreement to be finalised in early Feb 2026; smelter included", "added",
     "2026-01-28", "development"),
    ("mg-ampasindava", "status", "AM2", "pre-feasibility study completed; JORC estimates over 600,000 t REO in situ",
     "added", "", "development; undated page, so no status_as_of"),
    ("cd-lueshe", "status", "LU2", "not mined for more than ten years; occupied by M23 since 6-7 Mar 2024", "added",
     "2024-03-15", "past_producing"),
    ("us-lemhi-pass", "status", "ID1", "2025 REE field season focused on Lemhi Pass", "added", "2024-11-13", "exploration"),
    ("us-diamond-creek", "status", "ID1", "Diamond Creek samples under further study for the 2025 season", "added",
     "2024-11-13", "exploration"),
    ("us-pea-ridge", "status", "PR1", "mining ceased in 2001; the owner hopes to restart", "added", "2011-03-10",
     "past_producing (the latest dated source found)"),
    ("us-pea-ridge", "contained_treo_t", "PR2", "600,000 t REO reserves (as announced)", "added", "2010-10",
     "code not named"),
    ("ca-ashram", "status", "AS1", "updated mineral resource estimate (Indicated 73.2 Mt @ 1.89 % TREO)", "added",
     "2024-05-22", "exploration"),
    ("fi-siilinjarvi", "status", "SJ1", "906,068 t apatite concentrate produced in 2023", "added", "2023", "producing"),
    ("ca-oka", "status", "OK1", "mining lease expired 20 Jul 2020 without authorization; converted into claims", "added",
     "2020-11-13", "undeveloped"),
    ("ao-bonga", "status", "BG1", "extraction to begin at the end of 2025 after resettlement", "added", "2025-10-09",
     "development"),
    ("br-salitre", "status", "SA1", "mine and beneficiation plant operating, about 400,000 t/yr concentrate", "added",
     "2023-02-27", "producing"),
    ("cn-weishan", "status", "WS1", "90,000 t/yr ore mined; deep extension to 150,000 t/yr due June 2025", "corrected",
     "2024-04-08", "was unknown; producing"),
    ("us-sheep-creek", "status", "SC1", "pilot processing plant agreement with INL to process Sheep Creek ore", "added",
     "2025-06-05", "exploration"),
    ("us-hicks-dome", "status", "HD1", "Hicks Dome LLC seeks a core-drilling permit for REE and fluorite", "added",
     "2015-05-04", "exploration (the latest dated source found)"),
    ("na-okorusu", "status", "OR1", "mine shut, care and maintenance; partial restart considered for Feb 2015", "added",
     "2014-11-09", "past_producing"),
    ("br-tapira", "status", "TP1", "stage: production; mine life 2046", "added", "", "producing; undated page"),
    ("ao-longonjo-plant", "status", "AO1", "financing approved to start main construction; production planned 2027",
     "added", "2025-05-16", "planned"),
    ("br-pitinga", "status", "BN1", "Mineração Taboca's Pitinga mine, 3.55 % of Brazil's niobium sales in 2015",
     "corrected", "2016-11-28", "was unknown; producing (Sn, Nb-Ta)"),
]


def main():
    recs = {}
    for name, layer in (("deposits.csv", "deposits"), ("processing_sites.csv", "processing_sites"),
                        ("country_stats.csv", "country_stats")):
        with open(os.path.join(OUT, name), encoding="utf-8", newline="") as fh:
            for r in csv.DictReader(fh):
                recs[r["id"]] = (layer, r)
    pts = usgs_points()
    rows = []

    def record(rid):
        if rid not in recs:
            sys.exit(f"make_checked_sources: unknown record {rid}")
        return recs[rid]

    def coord_row(rid, sid, title, url, value, lat, lon, verdict, note, date=""):
        layer, r = record(rid)
        d = inverse_km(float(r["lat"]), float(r["lon"]), lat, lon)
        rows.append(dict(record_id=rid, layer=layer, field="coordinate", source_id=sid, source_title=title,
                         source_url=url, source_value=value, source_lat=f"{lat:.6f}", source_lon=f"{lon:.6f}",
                         distance_km=f"{d:.2f}", verdict=verdict, source_date=date, date_checked=CHECKED, note=note))

    for rid, db, num, verdict, note in USGS:
        if (db, num) not in pts:
            sys.exit(f"make_checked_sources: no USGS point {db} {num} in geodata/usgs-minmod")
        lat, lon, name = pts[(db, num)]
        code = USGS_DB[db]
        title, url = (UM if code == "UM" else SOURCES[code][:2])
        coord_row(rid, f"{code}#{num}", f"{title}, record {num} '{name}'", url, f"{lat:.6f} {lon:.6f}", lat, lon,
                  verdict, note)
    for rid, code, value, lat, lon, verdict, note in PUBLISHED:
        coord_row(rid, code, SOURCES[code][0], SOURCES[code][1], value, lat, lon, verdict, note)
    for facts, checked in ((FACTS, CHECKED), (FACTS2, CHECKED2)):
        for rid, field, code, value, verdict, date, note in facts:
            layer, _ = record(rid)
            rows.append(dict(record_id=rid, layer=layer, field=field, source_id=code, source_title=SOURCES[code][0],
                             source_url=SOURCES[code][1], source_value=value, source_lat="", source_lon="",
                             distance_km="", verdict=verdict, source_date=date, date_checked=checked, note=note))
    with open(os.path.join(OUT, "checked_sources.csv"), "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=FIELDS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"checked_sources: {len(rows)} rows, {len({r['record_id'] for r in rows})} records", file=sys.stderr)


if __name__ == "__main__":
    main()
