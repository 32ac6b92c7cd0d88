// SPDX-License-Identifier: Apache-2.0
#include <hrsi/tiles/tile_source.hpp>

namespace hrsi::tiles {

TileSource::TileSource(std::string given, std::filesystem::path program, Search search)
    : m_given(std::move(given)), m_program(std::move(program)), m_search(search) {}

TileSource::~TileSource() = default;

TileIndex& TileSource::index() {
    if (!m_index) {
        m_grid.emplace(TileGrid::load(find_tile_data(m_given, m_program)));
        m_index = std::make_unique<TileIndex>(*m_grid);
    }
    return *m_index;
}

}  // namespace hrsi::tiles
