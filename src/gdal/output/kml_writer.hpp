#pragma once
// A streaming KML 2.2 writer, for export and convert alike: one pass, constant memory, the text
// written in chunks into the stream its caller opened (a staged file of output::StagingDir or
// output::StagedFile, so the write rules of publish.hpp hold).
//
// The document: one <Schema> per layer (typed SimpleFields, declared before any feature, as KML
// wants them in its Document), then one <Folder> per layer holding its Placemarks. A feature's
// `name` field is its <name>, its description field its <description>, every other attribute a
// SimpleData of the layer's SchemaData. GDAL's LIBKML reader (QGIS's) gives each field back with
// its type; GDAL's plain KML reader reads <name> and <description> only.
//
// Geometry: Point, LineString, Polygon (holes as innerBoundaryIs), Multi* and collections as
// MultiGeometry, curves as their linear approximation; z kept ("lon,lat,z"), a 2D geometry
// written without one. Coordinates are written exactly (the shortest text that reads back as the
// same double). Cutting at the antimeridian is the caller's (it is a choice about the data).
//
// Text is escaped (util::xml_escape) and must be valid UTF-8 that XML 1.0 can hold: a NUL or
// another control character (but tab, line feed and carriage return), or U+FFFE/U+FFFF, is
// refused with an Error naming the field, never dropped or replaced.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

class OGRGeometry;
class OGRLineString;
class OGRPolygon;

namespace depomap::output {

/// A SimpleField's type. KML has no 64-bit integer: `integer64` is written as "uint", the one
/// type GDAL reads back as a 64-bit integer (negative values read back too).
enum class KmlType { string, integer, integer64, real, boolean };

struct KmlField {
    std::string name;
    KmlType type = KmlType::string;
};

struct KmlLayer {
    std::string name;               ///< the Folder's <name> (GDAL's layer name)
    std::vector<KmlField> fields;   ///< the SimpleFields, in order (not name or description)
    std::string name_field;         ///< the field written as <name>, for messages ("" if none)
    std::string description_field;  ///< the field written as <description>, for messages
};

class KmlWriter {
  public:
    /// Writes into `out`; `what` names the output in the message of a failed write.
    KmlWriter(std::ostream &out, std::string what);
    KmlWriter(const KmlWriter &) = delete;
    KmlWriter &operator=(const KmlWriter &) = delete;

    /// The document's head and the Schema of every layer it will hold.
    void begin(std::span<const KmlLayer> layers);
    void begin_folder(std::size_t layer);
    /// A Placemark; a missing name or description is left out. The values follow (each field at
    /// most once; a field not given is NULL), then end_placemark.
    void begin_placemark(std::optional<std::string_view> name, std::optional<std::string_view> description);
    void text(std::size_t field, std::string_view value);
    void integer(std::size_t field, std::int64_t value);
    void real(std::size_t field, double value);
    /// Closes the Placemark with its geometry (none when null or empty).
    void end_placemark(const OGRGeometry *geometry);
    void end_folder();
    /// Closes the document and flushes; throws Error when the stream failed.
    void finish();

  private:
    const KmlField &field(std::size_t index) const;
    void simple_data(std::size_t index);
    void close_simple_data();
    /// Escaped `value` into the buffer, or Error naming `field`; `attribute`: inside quotes.
    void put_text(std::string_view value, std::string_view field, bool attribute = false);
    void put_number(double value);
    void put_integer(std::int64_t value);
    void geometry(const OGRGeometry &g);
    void coordinates(const OGRLineString &line);
    void polygon(const OGRPolygon &polygon);
    void flush_if_full();
    void flush();

    std::ostream &out_;
    std::string what_;
    std::string buffer_;
    std::vector<KmlLayer> layers_;
    std::vector<std::string> schema_ids_;
    std::size_t layer_ = 0;
    bool extended_ = false; ///< the Placemark's ExtendedData is open
};

} // namespace depomap::output
