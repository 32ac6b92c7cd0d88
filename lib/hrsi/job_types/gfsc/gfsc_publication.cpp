// SPDX-License-Identifier: Apache-2.0
// The publication JSON of a GFSC product (reference §3.9, get_products_publication_jsons): the
// resto template filled from the metadata the worker recorded (gfsc_infos: the geometry,
// resourceSize copied as given, not × 1024 as the other types; resolution; cloud cover), the
// title the product id, the start date the sensing start, the completion date the product's,
// mission and processing baseline from the id's fields.
#include <hrsi/error.hpp>
#include <hrsi/job_types/gfsc/gfsc_job.hpp>
#include <hrsi/job_types/gfsc/gfsc_product_id.hpp>
#include <hrsi/jobs/program_metadata.hpp>
#include <hrsi/jobs/publication_json.hpp>

#include <fmt/format.h>

#include <cmath>

namespace hrsi::jobs {
namespace {

// The document, or why the product is left out.
std::variant<std::string, std::string> document(GfscJob const& job, db::SystemParameterValues const& parameters) {
    using Result = std::variant<std::string, std::string>;
    auto skip = [](std::string why) { return Result(std::in_place_index<1>, std::move(why)); };
    ProgramMetadata const metadata(*job.gfsc_infos);
    if (metadata.refusal()) return skip(*metadata.refusal());
    auto const& props = metadata.properties();
    RestoProduct product;
    product.wkt = metadata.wkt();
    if (!product.wkt) return skip("its metadata has no resto.geometry.wkt");
    auto const size = resource_kilobytes(props);
    if (!size) return skip("its metadata has no resourceSize (a number)");
    product.resource_size = static_cast<std::int64_t>(std::trunc(*size));
    product.resolution = scalar_json(props, "resolution");
    if (!product.resolution) return skip("its metadata has no resolution");
    product.cloud_cover = scalar_json(props, "cloudCover");
    if (!product.cloud_cover) return skip("its metadata has no cloudCover");
    if (!job.sensing_start_date) return skip("the job has no sensing start date");
    if (!job.completion_date) return skip("the job has no completion date");
    GfscIdParts id;
    try {
        id = parse_gfsc_id(job.gfsc_id);
    } catch (InputError const& error) {
        return skip(fmt::format("its id is not a GFSC product id: {}", error.what()));
    }
    set_product_location(product, *job.gfsc_path, parameters);
    product.title = job.gfsc_id;
    product.start_date = format_resto_time(*job.sensing_start_date);
    product.completion_date = format_resto_time(*job.completion_date);
    product.product_type = "GFSC";
    product.mission = id.missions;
    product.processing_baseline = id.baseline;
    return Result(std::in_place_index<0>, resto_document(product));
}

}  // namespace

PublicationDocuments GfscJob::get_products_publication_jsons(db::SystemParameterValues const& parameters) const {
    PublicationDocuments documents;
    if (!gfsc_infos || !gfsc_path) return documents;  // no product
    auto made = document(*this, parameters);
    if (made.index() == 1) {
        documents.skipped.push_back(fmt::format("GFSC {}: {}", *gfsc_path, std::get<1>(made)));
    } else {
        documents.products.push_back({"gfsc", gfsc_id, std::move(std::get<0>(made))});
    }
    return documents;
}

}  // namespace hrsi::jobs
