#include "habits.hpp"

#include <array>
#include <utility>

namespace depomap::cli {
namespace {

// Two examples a verb; each works where `depomap init --db atlas.sqlite --atlas` was run (with the
// USGS files of geodata/usgs-minmod beside it for load and convert). tests/cli/help_examples.sh
// runs every one of them.
constexpr std::pair<std::string_view, std::string_view> all_examples[] = {
    {"init", "  depomap init --db atlas.sqlite --atlas --overwrite\n"
             "  depomap init --db ree.sqlite\n"},
    {"load", "  depomap load --db ree.sqlite lanthanum_datafile.csv --wkt-field location --map id=ms_uri \\\n"
             "      --map name=site_name --skip-invalid --rejects rejects.csv\n"
             "  depomap load --db ree.sqlite russia/deposits.geojson\n"},
    {"info", "  depomap info --db atlas.sqlite\n"
             "  depomap info --db atlas.sqlite --json\n"},
    {"nearest", "  depomap nearest --db atlas.sqlite --where \"country_iso3 = 'RUS'\"\n"
                "  depomap nearest --db atlas.sqlite -k 3 --max-km 2000 -f csv -o nearest.csv\n"},
    {"within", "  depomap within --db atlas.sqlite --id ru-smz --km 500\n"
               "  depomap within --db atlas.sqlite --point 104.28,52.29 --km 800 --layer processing_sites\n"},
    {"region", "  depomap region --db atlas.sqlite --name \"Иркутская область\"\n"
               "  depomap region --db atlas.sqlite --name Murmansk --layer processing_sites -f csv\n"},
    {"summary", "  depomap summary --db atlas.sqlite --by country_iso3\n"
                "  depomap summary --db atlas.sqlite --layer processing_sites --by stage\n"},
    {"convert", "  depomap convert lanthanum_datafile.csv --wkt-field location -f gpkg -o converted\n"
                "  depomap convert atlas.gpkg -f fgb -o flatgeobuf --t-srs EPSG:3857\n"},
    {"sql", "  depomap sql --db atlas.sqlite \"SELECT country_iso3, count(*) FROM deposits GROUP BY 1 ORDER BY 2 DESC\"\n"
            "  depomap sql --db atlas.sqlite \"SELECT id, ST_Y(geom) AS lat FROM deposits WHERE ST_Y(geom) > 66\" -f csv\n"},
    {"export", "  depomap export --db atlas.sqlite -f gpkg -o atlas.gpkg\n"
               "  depomap export --db atlas.sqlite -f geojson -o russia --layer deposits --where \"country_iso3 = 'RUS'\"\n"},
    {"render", "  depomap render --db atlas.sqlite -o world.png\n"
               "  depomap render --db atlas.sqlite -o russia.pdf --view russia --labels both --links\n"},
    {"upgrade", "  depomap upgrade --db atlas.sqlite\n"
                "  depomap upgrade --db atlas.sqlite --wait 60\n"},
    {"qgis-project", "  depomap qgis-project --db atlas.sqlite -o atlas.qgs\n"
                     "  depomap qgis-project --db atlas.sqlite -o atlas-ru.qgs --labels both\n"},
};

} // namespace

std::string_view examples(std::string_view verb) {
    for (const auto &[name, text] : all_examples) {
        if (name == verb) return text;
    }
    return {};
}

} // namespace depomap::cli
