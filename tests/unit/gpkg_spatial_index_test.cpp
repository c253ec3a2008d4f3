// output/gpkg_spatial_index: the boxes read from GeoPackage geometry blobs, and the packed R-tree
// a GeoPackage written through GdalLayerWriter gets, checked by SQLite's rtreecheck, by GDAL
// (HasSpatialIndex, spatial filters against a brute-force count) and by its triggers on later
// edits through GDAL.
#include "output/gpkg_spatial_index.hpp"

#include "depomap/error.hpp"
#include "depomap/sqlite.hpp"
#include "gdal/output/gdal_layer_writer.hpp"
#include "test_dir.hpp"

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <cstring>
#include <random>
#include <vector>

namespace {

namespace fs = std::filesystem;
using depomap::output::gpkg_blob_bounds;
using depomap::output::GpkgBounds;
using depomap::test::error_of;

// A blob built byte by byte: the "GP" header, then whatever the test appends.
struct Blob {
    std::vector<unsigned char> bytes;
    bool little = true;

    static Blob header(unsigned flags) {
        Blob b;
        b.little = (flags & 1U) != 0;
        b.bytes = {'G', 'P', 0, static_cast<unsigned char>(flags)};
        b.u32(4326);
        return b;
    }
    Blob &byte(unsigned char v) {
        bytes.push_back(v);
        return *this;
    }
    Blob &u32(std::uint32_t v) {
        for (int i = 0; i < 4; ++i)
            bytes.push_back(static_cast<unsigned char>(v >> (8 * (little ? i : 3 - i))));
        return *this;
    }
    Blob &f64(double v) {
        std::uint64_t bits;
        std::memcpy(&bits, &v, sizeof bits);
        for (int i = 0; i < 8; ++i)
            bytes.push_back(static_cast<unsigned char>(bits >> (8 * (little ? i : 7 - i))));
        return *this;
    }
    // WKB's own byte order marker, then the type.
    Blob &wkb(std::uint32_t type) { return byte(little ? 1 : 0).u32(type); }
};

void expect_box(const std::optional<GpkgBounds> &box, double min_x, double min_y, double max_x,
                double max_y) {
    ASSERT_TRUE(box.has_value());
    EXPECT_EQ(box->min_x, min_x);
    EXPECT_EQ(box->min_y, min_y);
    EXPECT_EQ(box->max_x, max_x);
    EXPECT_EQ(box->max_y, max_y);
}

TEST(GpkgBlobBounds, APointWithoutEnvelopeInEitherByteOrder) {
    for (unsigned flags : {0x01U, 0x00U}) {
        auto b = Blob::header(flags);
        b.wkb(1).f64(104.5).f64(52.25);
        expect_box(gpkg_blob_bounds(b.bytes), 104.5, 52.25, 104.5, 52.25);
    }
    auto z = Blob::header(0x01); // ISO point Z: the third coordinate is skipped
    z.wkb(1001).f64(1).f64(2).f64(300);
    expect_box(gpkg_blob_bounds(z.bytes), 1, 2, 1, 2);
}

TEST(GpkgBlobBounds, TheHeadersEnvelopeWhenThereIsOne) {
    auto b = Blob::header(0x01 | (1U << 1)); // envelope [minx, maxx, miny, maxy]
    b.f64(10).f64(20).f64(-5).f64(5).wkb(3).u32(0);
    expect_box(gpkg_blob_bounds(b.bytes), 10, -5, 20, 5);
    auto xyz = Blob::header(0x00 | (2U << 1)); // big-endian, envelope with z
    xyz.f64(-1).f64(1).f64(-2).f64(2).f64(0).f64(9).wkb(1003).u32(0);
    expect_box(gpkg_blob_bounds(xyz.bytes), -1, -2, 1, 2);
}

TEST(GpkgBlobBounds, CollectionsWithoutEnvelopeAreWalked) {
    auto b = Blob::header(0x01);
    b.wkb(6).u32(2); // a multipolygon of two one-ring polygons
    b.wkb(3).u32(1).u32(4).f64(0).f64(0).f64(3).f64(0).f64(3).f64(1).f64(0).f64(0);
    b.wkb(3).u32(1).u32(4).f64(-7).f64(2).f64(-6).f64(8).f64(-7).f64(8).f64(-7).f64(2);
    expect_box(gpkg_blob_bounds(b.bytes), -7, 0, 3, 8);
}

TEST(GpkgBlobBounds, EmptyGeometriesHaveNoBox) {
    auto flagged = Blob::header(0x01 | 0x10);
    flagged.wkb(7).u32(0);
    EXPECT_FALSE(gpkg_blob_bounds(flagged.bytes));
    auto nan_point = Blob::header(0x01);
    nan_point.wkb(1).f64(NAN).f64(NAN);
    EXPECT_FALSE(gpkg_blob_bounds(nan_point.bytes));
    auto nan_envelope = Blob::header(0x01 | (1U << 1));
    nan_envelope.f64(NAN).f64(NAN).f64(NAN).f64(NAN).wkb(2).u32(0);
    EXPECT_FALSE(gpkg_blob_bounds(nan_envelope.bytes));
    auto no_members = Blob::header(0x01);
    no_members.wkb(7).u32(0);
    EXPECT_FALSE(gpkg_blob_bounds(no_members.bytes));
}

TEST(GpkgBlobBounds, BlobsItCannotReadAreRefusedWithTheReason) {
    const std::vector<unsigned char> wkb_only = {1, 1, 0, 0, 0};
    EXPECT_EQ(error_of([&] { gpkg_blob_bounds(wkb_only); }), "not a GeoPackage geometry blob");
    auto cut = Blob::header(0x01);
    cut.wkb(2).u32(1000).f64(1).f64(2);
    EXPECT_EQ(error_of([&] { gpkg_blob_bounds(cut.bytes); }), "the geometry blob is cut short");
    auto curve = Blob::header(0x01);
    curve.wkb(8).u32(0); // a circular string: its box is not its control points' box
    EXPECT_EQ(error_of([&] { gpkg_blob_bounds(curve.bytes); }),
              "geometry type 8 without an envelope in its header");
    auto code = Blob::header(0x01 | (5U << 1));
    EXPECT_EQ(error_of([&] { gpkg_blob_bounds(code.bytes); }),
              "envelope code 5 in the geometry header");
}

GDALDatasetUniquePtr open_gpkg(const fs::path &path, bool update = false) {
    GDALAllRegister();
    return GDALDatasetUniquePtr(GDALDataset::Open(
        path.c_str(), GDAL_OF_VECTOR | (update ? GDAL_OF_UPDATE : GDAL_OF_READONLY)));
}

// `points` random points, every tenth feature without geometry and every hundredth an empty
// point, plus two polygons, in a layer named with a quote and a space.
const char *const odd_name = "mine \"sites\"";

void write_layer(const fs::path &path, int points) {
    depomap::output::GdalLayerWriter out(depomap::resolve_format("gpkg"), path,
                                         path.filename().string());
    OGRLayer &layer =
        out.create_layer(odd_name, &depomap::io::wgs84(), {wkbUnknown, 7, false, {"n"}}, "layer");
    OGRFieldDefn n("n", OFTInteger);
    out.add_field(layer, n, "layer", "n");
    depomap::io::GdalErrors errors;
    out.begin();
    std::mt19937 random(7);
    std::uniform_real_distribution<double> lon(-180, 180), lat(-90, 90);
    for (int i = 0; i < points + 2; ++i) {
        OGRFeatureUniquePtr feature(OGRFeature::CreateFeature(layer.GetLayerDefn()));
        feature->SetField(0, i);
        if (i >= points) {
            OGRGeometry *polygon = nullptr;
            const char *wkt = i == points ? "POLYGON ((100 50, 110 50, 110 60, 100 50))"
                                          : "POLYGON ((-30 -40, -20 -40, -20 -35, -30 -40))";
            OGRGeometryFactory::createFromWkt(wkt, nullptr, &polygon);
            feature->SetGeometryDirectly(polygon);
        } else if (i % 100 == 99) {
            feature->SetGeometryDirectly(new OGRPoint());
        } else if (i % 10 != 9) {
            feature->SetGeometryDirectly(new OGRPoint(lon(random), lat(random)));
        }
        out.write(layer, *feature, errors, [] { return std::string("feature"); });
    }
    out.commit("layer", errors);
    out.close();
}

// The features whose geometry meets the rectangle, by reading them all (GEOS's intersects).
std::int64_t count_in(OGRLayer &layer, double min_x, double min_y, double max_x, double max_y) {
    OGRLinearRing ring;
    for (const auto &[x, y] :
         {std::pair{min_x, min_y}, {max_x, min_y}, {max_x, max_y}, {min_x, max_y}, {min_x, min_y}})
        ring.addPoint(x, y);
    OGRPolygon rect;
    rect.addRing(&ring);
    std::int64_t n = 0;
    layer.SetSpatialFilter(nullptr);
    for (auto &feature : layer) {
        const auto *g = feature->GetGeometryRef();
        n += g && !g->IsEmpty() && g->Intersects(&rect);
    }
    return n;
}

TEST(GpkgSpatialIndex, AWrittenGeoPackageHasAPackedIndexGdalUses) {
    const auto dir = depomap::test::test_dir();
    const auto path = dir / "sites.gpkg";
    write_layer(path, 5000);
    const std::string index = std::string("rtree_") + odd_name + "_geom";
    {
        auto db =
            depomap::sql::Database::open(path.string(), depomap::sql::Database::Mode::read_only);
        // 5,000 points less 500 without geometry (every tenth) and 50 empty (every hundredth
        // of those left), plus the two polygons.
        EXPECT_EQ(db.scalar_int("SELECT count(*) FROM " + depomap::sql::quote_identifier(index)),
                  5000 - 500 + 2);
        EXPECT_EQ(
            db.scalar_text("SELECT rtreecheck(" + depomap::sql::quote_identifier(index) + ")"),
            "ok");
        EXPECT_EQ(
            db.scalar_int(
                "SELECT count(*) FROM gpkg_extensions WHERE extension_name = 'gpkg_rtree_index'"),
            1);
        EXPECT_EQ(
            db.scalar_int(
                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'rtree%'"),
            6);
        // Every box holds its geometry: the polygon's, rounded outwards to floats.
        auto q = db.prepare("SELECT minx, maxx, miny, maxy FROM " +
                            depomap::sql::quote_identifier(index) + " WHERE id = 5001");
        ASSERT_TRUE(q.step());
        EXPECT_LE(q.column_double(0), 100.0);
        EXPECT_GE(q.column_double(1), 110.0);
        EXPECT_LE(q.column_double(2), 50.0);
        EXPECT_GE(q.column_double(3), 60.0);
    }
    auto ds = open_gpkg(path);
    ASSERT_TRUE(ds);
    auto *has =
        ds->ExecuteSQL((std::string("SELECT HasSpatialIndex('") + odd_name + "', 'geom')").c_str(),
                       nullptr, nullptr);
    ASSERT_NE(has, nullptr);
    OGRFeatureUniquePtr answer(has->GetNextFeature());
    EXPECT_EQ(answer->GetFieldAsInteger(0), 1);
    ds->ReleaseResultSet(has);
    auto &layer = *ds->GetLayerByName(odd_name);
    for (const auto &[x0, y0, x1, y1] :
         {std::array{-10.0, -10.0, 30.0, 20.0}, std::array{109.0, 55.0, 109.5, 56.0},
          std::array{-180.0, -90.0, 180.0, 90.0}, std::array{-25.0, -38.0, -24.0, -37.0}}) {
        const auto expected = count_in(layer, x0, y0, x1, y1);
        layer.SetSpatialFilterRect(x0, y0, x1, y1);
        std::int64_t seen = 0;
        for ([[maybe_unused]] auto &feature : layer)
            ++seen;
        EXPECT_EQ(seen, expected) << x0 << " " << y0;
        EXPECT_GT(seen, 0) << x0 << " " << y0;
    }
}

TEST(GpkgSpatialIndex, TheTriggersFollowEditsThroughGdal) {
    const auto dir = depomap::test::test_dir();
    const auto path = dir / "sites.gpkg";
    write_layer(path, 200);
    {
        auto ds = open_gpkg(path, true);
        ASSERT_TRUE(ds);
        auto &layer = *ds->GetLayerByName(odd_name);
        OGRFeatureUniquePtr added(OGRFeature::CreateFeature(layer.GetLayerDefn()));
        added->SetGeometryDirectly(new OGRPoint(1.5, 2.5));
        ASSERT_EQ(layer.CreateFeature(added.get()), OGRERR_NONE);
        ASSERT_EQ(layer.DeleteFeature(1), OGRERR_NONE);
        OGRFeatureUniquePtr moved(layer.GetFeature(2));
        moved->SetGeometryDirectly(new OGRPoint(-3.5, -4.5));
        ASSERT_EQ(layer.SetFeature(moved.get()), OGRERR_NONE);
    }
    auto db = depomap::sql::Database::open(path.string(), depomap::sql::Database::Mode::read_only);
    const auto index = depomap::sql::quote_identifier(std::string("rtree_") + odd_name + "_geom");
    EXPECT_EQ(db.scalar_int("SELECT count(*) FROM " + index), 200 - 20 + 2 + 1 - 1);
    EXPECT_EQ(db.scalar_int("SELECT count(*) FROM " + index + " WHERE id = 1"), 0);
    EXPECT_EQ(db.scalar_int("SELECT count(*) FROM " + index +
                            " WHERE id = 2 AND minx = -3.5 AND maxy = -4.5"),
              1);
    EXPECT_EQ(db.scalar_int("SELECT count(*) FROM " + index + " WHERE minx = 1.5 AND miny = 2.5"),
              1);
    EXPECT_EQ(db.scalar_text("SELECT rtreecheck(" + index + ")"), "ok");
}

TEST(GpkgSpatialIndex, AnEmptyLayerGetsAnEmptyIndexAndAnIndexedOneIsLeftAlone) {
    const auto dir = depomap::test::test_dir();
    const auto path = dir / "empty.gpkg";
    {
        depomap::output::GdalLayerWriter out(depomap::resolve_format("gpkg"), path, "empty.gpkg");
        out.create_layer("nothing", &depomap::io::wgs84(), {wkbPoint, 7, false, {}}, "nothing");
        out.close();
    }
    EXPECT_EQ(depomap::output::pack_gpkg_spatial_indexes(path, "empty.gpkg"),
              0); // indexed at close
    auto db = depomap::sql::Database::open(path.string(), depomap::sql::Database::Mode::read_only);
    EXPECT_EQ(db.scalar_int("SELECT count(*) FROM rtree_nothing_geom"), 0);
    EXPECT_EQ(db.scalar_text("SELECT rtreecheck('rtree_nothing_geom')"), "ok");
    EXPECT_EQ(db.scalar_int(
                  "SELECT count(*) FROM gpkg_extensions WHERE extension_name = 'gpkg_rtree_index'"),
              1);
}

TEST(GpkgSpatialIndex, ABrokenGeometryNamesTheFileLayerAndFeature) {
    const auto dir = depomap::test::test_dir();
    const auto path = dir / "broken.gpkg";
    {
        GDALAllRegister();
        auto *driver = GetGDALDriverManager()->GetDriverByName("GPKG");
        GDALDatasetUniquePtr ds(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
        const char *options[] = {"SPATIAL_INDEX=NO", nullptr};
        auto *layer = ds->CreateLayer("pits", nullptr, wkbPoint, const_cast<char **>(options));
        OGRFeatureUniquePtr feature(OGRFeature::CreateFeature(layer->GetLayerDefn()));
        feature->SetGeometryDirectly(new OGRPoint(1, 2));
        ASSERT_EQ(layer->CreateFeature(feature.get()), OGRERR_NONE);
    }
    {
        auto db =
            depomap::sql::Database::open(path.string(), depomap::sql::Database::Mode::read_write);
        db.exec("UPDATE pits SET geom = X'47500001E6100000010100'"); // cut short after the type
    }
    EXPECT_EQ(error_of([&] { depomap::output::pack_gpkg_spatial_indexes(path, "broken.gpkg"); }),
              "broken.gpkg: building the spatial index of pits failed: feature 1: the geometry "
              "blob is cut short");
    auto db = depomap::sql::Database::open(path.string(), depomap::sql::Database::Mode::read_only);
    EXPECT_EQ(db.scalar_int("SELECT count(*) FROM sqlite_master WHERE name LIKE 'rtree%'"),
              0); // rolled back
}

} // namespace
