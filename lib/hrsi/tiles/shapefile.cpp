// SPDX-License-Identifier: Apache-2.0
#include <hrsi/tiles/shapefile.hpp>

#include <hrsi/error.hpp>

#include <fmt/format.h>
#include <fmt/std.h>

#include <bit>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <iterator>

namespace hrsi::tiles {
namespace {

std::vector<unsigned char> read_file(std::filesystem::path const& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(fmt::format("cannot open {}", path));
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class Bytes {
public:
    Bytes(std::filesystem::path path, std::vector<unsigned char> data)
        : m_path(std::move(path)), m_data(std::move(data)) {}

    void need(std::size_t offset, std::size_t size) const {
        if (offset + size > m_data.size()) {
            throw InputError(fmt::format("{}: truncated at byte {} (wanted {} bytes, the file has "
                                         "{})",
                                         m_path, offset, size, m_data.size()));
        }
    }
    [[nodiscard]] std::uint32_t u32(std::size_t offset, bool big_endian) const {
        need(offset, 4);
        std::uint32_t value = 0;
        for (int i = 0; i < 4; ++i) {
            std::uint32_t const byte = m_data[offset + static_cast<std::size_t>(big_endian ? i : 3 - i)];
            value = (value << 8) | byte;
        }
        return value;
    }
    [[nodiscard]] std::int32_t i32(std::size_t offset, bool big_endian) const {
        return static_cast<std::int32_t>(u32(offset, big_endian));
    }
    [[nodiscard]] std::uint16_t u16(std::size_t offset) const {
        need(offset, 2);
        return static_cast<std::uint16_t>(m_data[offset] | (m_data[offset + 1] << 8));
    }
    [[nodiscard]] double f64(std::size_t offset) const {
        need(offset, 8);
        std::uint64_t bits = 0;
        for (int i = 7; i >= 0; --i) bits = (bits << 8) | m_data[offset + static_cast<std::size_t>(i)];
        return std::bit_cast<double>(bits);
    }
    [[nodiscard]] std::string text(std::size_t offset, std::size_t size) const {
        need(offset, size);
        std::string value(reinterpret_cast<char const*>(m_data.data() + offset), size);
        value.erase(value.find_last_not_of(std::string(" \0", 2)) + 1);
        return value;
    }
    [[nodiscard]] unsigned char byte(std::size_t offset) const {
        need(offset, 1);
        return m_data[offset];
    }
    [[nodiscard]] std::size_t size() const { return m_data.size(); }
    [[nodiscard]] std::filesystem::path const& path() const { return m_path; }

private:
    std::filesystem::path m_path;
    std::vector<unsigned char> m_data;
};

// dBASE III: the values of a character field, one per record.
std::vector<std::string> read_dbf_field(Bytes const& dbf, std::string const& field) {
    auto const records = dbf.u32(4, false);
    std::size_t const header_size = dbf.u16(8);
    std::size_t const record_size = dbf.u16(10);
    std::size_t offset = 1;  // the deletion flag comes first in each record
    std::size_t field_offset = 0;
    std::size_t field_size = 0;
    for (std::size_t descriptor = 32; dbf.byte(descriptor) != 0x0d; descriptor += 32) {
        std::size_t const size = dbf.byte(descriptor + 16);
        if (dbf.text(descriptor, 11) == field) {
            field_offset = offset;
            field_size = size;
        }
        offset += size;
    }
    if (field_size == 0) throw InputError(fmt::format("{}: no field '{}'", dbf.path(), field));
    std::vector<std::string> values;
    values.reserve(records);
    for (std::size_t record = 0; record < records; ++record) {
        values.push_back(dbf.text(header_size + record * record_size + field_offset, field_size));
    }
    return values;
}

std::vector<std::vector<geometry::Point>> read_rings(Bytes const& shp, std::size_t content) {
    auto const parts = static_cast<std::size_t>(shp.i32(content + 36, false));
    auto const points = static_cast<std::size_t>(shp.i32(content + 40, false));
    std::size_t const first_point = content + 44 + 4 * parts;
    std::vector<std::vector<geometry::Point>> rings;
    for (std::size_t part = 0; part < parts; ++part) {
        auto const begin = static_cast<std::size_t>(shp.i32(content + 44 + 4 * part, false));
        auto const end = part + 1 < parts
                             ? static_cast<std::size_t>(shp.i32(content + 48 + 4 * part, false))
                             : points;
        if (begin > end || end > points) {
            throw InputError(fmt::format("{}: bad part {} in the record at byte {}", shp.path(),
                                         part, content));
        }
        std::vector<geometry::Point> ring;
        for (std::size_t i = begin; i < end; ++i) {
            ring.push_back({shp.f64(first_point + 16 * i), shp.f64(first_point + 16 * i + 8)});
        }
        rings.push_back(std::move(ring));
    }
    return rings;
}

}  // namespace

std::vector<ShapeRecord> read_polygon_shapefile(std::filesystem::path const& base,
                                                std::string const& field) {
    auto shp_path = base;
    shp_path += ".shp";
    auto dbf_path = base;
    dbf_path += ".dbf";
    Bytes const shp(shp_path, read_file(shp_path));
    Bytes const dbf(dbf_path, read_file(dbf_path));
    if (shp.i32(0, true) != 9994) throw InputError(fmt::format("{}: not a shapefile", shp_path));
    auto const names = read_dbf_field(dbf, field);
    std::size_t const file_size = 2 * static_cast<std::size_t>(shp.i32(24, true));
    std::vector<ShapeRecord> records;
    for (std::size_t offset = 100; offset + 8 <= file_size && offset < shp.size();) {
        std::size_t const length = 2 * static_cast<std::size_t>(shp.i32(offset + 4, true));
        std::size_t const content = offset + 8;
        auto const type = shp.i32(content, false);
        if (type != 5 && type != 15 && type != 25) {
            throw InputError(fmt::format("{}: the record at byte {} is shape type {}, not a "
                                         "polygon",
                                         shp_path, offset, type));
        }
        if (records.size() >= names.size()) {
            throw InputError(fmt::format("{}: more records than {} has", shp_path, dbf_path));
        }
        records.push_back({names[records.size()], read_rings(shp, content)});
        offset = content + length;
    }
    if (records.size() != names.size()) {
        throw InputError(fmt::format("{}: {} records, {} has {}", shp_path, records.size(),
                                     dbf_path, names.size()));
    }
    return records;
}

}  // namespace hrsi::tiles
