// SPDX-License-Identifier: Apache-2.0
// The SWS/WDS class: creation (slices assembled, FSC paired, candidates made jobs),
// configuration (the master election and the followers) and the windows.
#include <hrsi/job_types/sws_wds/sws_wds_job.hpp>

#include <hrsi/error.hpp>
#include <hrsi/job_types/sws_wds/sws_wds_inputs.hpp>
#include <hrsi/job_types/sws_wds/sws_wds_master_store.hpp>
#include <hrsi/jobs/job_columns.hpp>
#include <hrsi/jobs/job_worker.hpp>
#include <hrsi/sentinel1/assembly.hpp>
#include <hrsi/sentinel1/manifest_storage.hpp>
#include <hrsi/sentinel1/slice.hpp>
#include <hrsi/storage/storage.hpp>
#include <hrsi/tiles/tile_source.hpp>
#include <hrsi/util/temp_folder.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <optional>

namespace hrsi::jobs {
namespace {

using namespace std::chrono;

// "a;b": the reference's lists in one text column.
std::string joined(std::vector<std::string> const& values) { return fmt::format("{}", fmt::join(values, ";")); }

// {"resto": {"geometry": {"wkt": <wkt>}}}: the product's metadata as creation pre-fills it.
std::string geometry_infos(std::string const& wkt) {
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
    writer.StartObject();
    writer.Key("resto");
    writer.StartObject();
    writer.Key("geometry");
    writer.StartObject();
    writer.Key("wkt");
    writer.String(wkt.c_str(), static_cast<rapidjson::SizeType>(wkt.size()));
    writer.EndObject();
    writer.EndObject();
    writer.EndObject();
    return {buffer.GetString(), buffer.GetSize()};
}

std::string name_of(catalogue::CatalogueProduct const& product) {
    return product.name.empty() ? product.path : product.name;
}

// The names of the jobs measured since `since` that make SWS, and those that make WDS.
ExistingSwsWds existing_jobs(db::Connection& conn, util::TimePoint since) {
    auto const rows = conn.query_prepared(
        "sws_wds_existing_names",
        "select j.name, coalesce((w.assembly_params->>'generate_sws_product')::boolean, false), "
        "       coalesce((w.assembly_params->>'generate_wds_product')::boolean, false) "
        "  from hrsi.sws_wds_jobs w join hrsi.jobs j on j.id = w.job_id "
        " where w.measurement_date >= $1",
        time_param(since));
    ExistingSwsWds existing;
    for (int row = 0; row < rows.rows(); ++row) {
        std::string name(rows.get(row, 0));
        if (rows.get(row, 1) == "t") existing.sws_names.insert(name);
        if (rows.get(row, 2) == "t") existing.wds_names.insert(std::move(name));
    }
    return existing;
}

// A product's manifest.safe from the input storage (eodata_storage_url), read into `scratch`
// (made on first use). A path that leads out of the storage root, or no manifest there, is an
// InputError (the product is refused with it); an unreachable storage stops the creation.
sentinel1::Manifest manifest_of(catalogue::CatalogueProduct const& product, storage::Storage const& storage,
                                StorageRoots const& roots, std::optional<util::TempFolder>& scratch) {
    storage::Location location;
    try {
        location = roots.input(product.path.empty() ? product.name : product.path);
    } catch (WorkerFailure const& failure) {
        throw InputError(fmt::format("{}: {}", name_of(product), failure.what()));
    }
    if (!scratch) scratch.emplace("hrsi-manifests");
    return sentinel1::fetch_manifest(storage, location, scratch->path());
}

// The slices of the products the type takes; the others refused with the reason. Where the
// catalogue lacks a slice's number, total, direction or footprint, its manifest.safe gives
// them (when the input storage is given: context.input_storage).
std::vector<sentinel1::Slice> slices_of(std::span<InputProduct const> products, JobContext const& context,
                                        JobsToCreate& result) {
    std::vector<sentinel1::Slice> slices;
    slices.reserve(products.size());
    std::optional<util::TempFolder> scratch;
    auto const roots = StorageRoots::from(context.parameters);
    for (auto const& input : products) {
        auto const& product = input.catalogue;
        auto const& grd = std::get<products::Sentinel1>(input.parsed.value());
        if (auto refusal = SwsWdsJob::input_refusal(grd)) {
            result.refused.push_back({name_of(product), std::move(*refusal)});
            continue;
        }
        try {
            if (context.input_storage != nullptr && sentinel1::needs_manifest(product)) {
                auto const manifest = manifest_of(product, *context.input_storage, roots, scratch);
                slices.push_back(sentinel1::make_slice(product, &manifest));
            } else {
                slices.push_back(sentinel1::make_slice(product));
            }
        } catch (InputError const& error) {
            result.refused.push_back({name_of(product), error.what()});
        }
    }
    return slices;
}

// The FSC products: those of the catalogue answer the caller gave (context.other_input; one
// that is no FSC product refused with the reason), else those fsc_rlie_job published in the
// FSC window.
std::vector<FscInput> fsc_inputs(JobContext& context, JobsToCreate& result) {
    if (context.other_input == nullptr) {
        auto const window = SwsWdsJob::next_fsc_window(context.conn, context);
        return published_fsc(context.conn, window, window.start - fsc_measurement_lookback);
    }
    std::vector<FscInput> fsc;
    for (auto const& product : *context.other_input) {
        try {
            fsc.push_back(fsc_input(product));
        } catch (InputError const& error) {
            result.refused.push_back({name_of(product), error.what()});
        }
    }
    return fsc;
}

Configuration cancelled(std::string message) {
    return {JobStatus::cancelled, std::nullopt, std::move(message)};
}

}  // namespace

void SwsWdsJob::job_pre_insertion_setup(bool reprocessed) {
    nrt = !reprocessed;
    if (reprocessed) {
        assembly_status.reset();
    } else {
        assembly_status = AssemblyStatus::pending;
    }
    // The NRT rule of the other Sentinel types: ESA published within 24 h of sensing and the
    // DIAS within 3 h of ESA (one catalogue date: both); an unknown publication counts as now.
    auto const esa = s1_esa_publication_latest_date.value_or(util::now());
    auto const dias = s1_dias_publication_latest_date.value_or(esa);
    bool const timely = esa - measurement_date < hours(24) && dias - esa < hours(3);
    common.priority = timely ? Priority::nrt : Priority::delayed;
}

Configuration SwsWdsJob::configure_single_job(JobContext& context) {
    auto const master = assembly_master_job_id;
    if (master == master_itself) return {JobStatus::ready, {}, {}};
    if (master == master_undecided) return {JobStatus::configured, {}, {}};
    auto const found = read_master_assembly(context.conn, master);
    if (!found) {
        // A master created in this round is not in the table yet: it builds the assembly next.
        bool const in_round = std::any_of(context.round.begin(), context.round.end(),
                                          [&](auto const& job) { return job->common.id == master; });
        if (in_round) return {JobStatus::configured, {}, {}};
        return cancelled(fmt::format("its assembly's master job {} is gone", master));
    }
    switch (follower_step(found)) {
        case FollowerStep::wait:
            return {JobStatus::configured, {}, {}};
        case FollowerStep::ready:
            assembly_path = found->path;
            return {JobStatus::ready, {}, {}};
        case FollowerStep::cancel:
            break;
    }
    return cancelled(fmt::format("the assembly of its master job {} is {}", master,
                                 assembly_status_name(found->assembly)));
}

void SwsWdsJob::set_product_publication_date(std::string_view product, util::TimePoint when) {
    if (product == "SWS" || product == "sws") {
        sws_json_publication_date = when;
    } else if (product == "WDS" || product == "wds") {
        wds_json_publication_date = when;
    } else {
        throw InternalError(fmt::format("{} has no product '{}' (SWS or WDS)", info_.type_name, product));
    }
}

std::optional<std::string> SwsWdsJob::input_refusal(products::Sentinel1 const& product) {
    auto const& id = product.product_id;
    if (product.product_type != "GRD" || product.level != 1) {
        return fmt::format("{}: an {} product, sws_wds_job takes IW GRD VV+VH", id, product.product_type);
    }
    if (product.mode != "IW") {
        return fmt::format("{}: an {} GRD, sws_wds_job takes IW GRD VV+VH", id, product.mode);
    }
    if (product.polarisation != "DV") {
        return fmt::format("{}: polarisation {} (not VV+VH), sws_wds_job takes IW GRD VV+VH", id,
                           product.polarisation);
    }
    if (product.product_class != 'S') {
        return fmt::format("{}: not a standard level-1 product, sws_wds_job takes IW GRD VV+VH", id);
    }
    return std::nullopt;
}

std::unique_ptr<SwsWdsJob> SwsWdsJob::from_candidate(SwsWdsCandidate const& candidate) {
    auto job = std::make_unique<SwsWdsJob>();
    job->common.name = candidate.name;
    job->common.tile_id = candidate.tile_id;
    job->common.product_id = joined(candidate.s1_ids);
    if (!candidate.s1_paths.empty()) job->common.input_path = candidate.s1_paths.front();
    job->common.input_published_at = candidate.s1_published;
    job->measurement_date = candidate.measurement_date;
    if (candidate.sws_geometry) job->sws_infos = geometry_infos(*candidate.sws_geometry);
    if (candidate.wds_geometry) job->wds_infos = geometry_infos(*candidate.wds_geometry);
    job->s1_id_list = joined(candidate.s1_ids);
    job->s1_path_list = joined(candidate.s1_paths);
    // One publication date from the catalogue: both the ESA and the DIAS one.
    job->s1_dias_publication_latest_date = candidate.s1_published;
    job->s1_esa_publication_latest_date = candidate.s1_published;
    job->assembly_id = candidate.assembly_id;
    job->assembly_master_job_id = master_undecided;
    job->assembly_params = candidate.assembly_params;
    if (candidate.fsc) {
        job->fsc_id_list = candidate.fsc->product_id;
        job->fsc_path_list = candidate.fsc->path;
        job->fsc_creation_latest_date = candidate.fsc->created;
        job->fsc_publication_latest_date = candidate.fsc->published;
    }
    return job;
}

JobsToCreate SwsWdsJob::get_jobs_to_create(std::span<InputProduct const> products, JobContext& context) {
    if (context.tiles == nullptr) {
        throw UsageError("sws_wds_job needs the tile grid (data/eea39): give --tile-data or HRSI_TILE_DATA");
    }
    JobsToCreate result;
    auto slices = slices_of(products, context, result);
    if (slices.empty()) return result;
    auto const fsc = fsc_inputs(context, result);
    auto& index = context.tiles->index();
    auto assembled = sentinel1::assemble(slices, index, sws_wds_tiles(fsc), context.tiles->search());
    for (auto& skipped : assembled.skipped) {
        result.refused.push_back({skipped.product_id, std::move(skipped.reason)});
    }
    if (assembled.duplicates > 0) {
        context.log.info("sws_wds_job: {} slice(s) dropped as copies of another", assembled.duplicates);
    }
    auto const first = std::min_element(slices.begin(), slices.end(),
                                        [](auto const& a, auto const& b) { return a.start < b.start; });
    auto candidates = sws_wds_candidates(assembled.assemblies, fsc, existing_jobs(context.conn, first->start),
                                         context.parameters.date("s1_processing_start_date"), index.context());
    for (auto const& skip : candidates.skipped) {
        context.log.debug("sws_wds_job: {} skipped: {}", skip.name, skip.reason);
    }
    for (auto const& candidate : candidates.jobs) {
        auto job = from_candidate(candidate);
        (candidate.reprocessed ? result.reprocessed_jobs : result.jobs).push_back(std::move(job));
    }
    return result;
}

void SwsWdsJob::configure_batch_jobs(std::span<std::unique_ptr<JobTemplate> const> jobs, JobContext& context) {
    std::vector<SwsWdsJob*> undecided;
    std::vector<AssemblyJob> batch;
    util::TimePoint first = util::TimePoint::max();
    util::TimePoint last = util::TimePoint::min();
    for (auto const& job : jobs) {
        auto* sws_wds = dynamic_cast<SwsWdsJob*>(job.get());
        if (sws_wds == nullptr || sws_wds->assembly_master_job_id != master_undecided || !sws_wds->assembly_status) {
            continue;
        }
        undecided.push_back(sws_wds);
        batch.push_back({sws_wds->common.id, sws_wds->assembly_id, master_undecided, sws_wds->assembly_status});
        first = std::min(first, sws_wds->measurement_date);
        last = std::max(last, sws_wds->measurement_date);
    }
    if (batch.empty()) return;
    auto const masters = elect_assembly_masters(context.conn, batch, first, last);
    for (std::size_t j = 0; j < undecided.size(); ++j) undecided[j]->assembly_master_job_id = masters[j];
}

TimeWindow SwsWdsJob::next_fsc_window(db::Connection& conn, JobContext const& context) {
    auto const last = conn.query("select max(fsc_publication_latest_date) from hrsi.sws_wds_jobs");
    std::optional<util::TimePoint> published;
    if (!last.is_null(0, 0)) published = read_time(last, 0, "max");
    auto const days = context.parameters.integer(info_.search_duration_parameter);
    return fsc_window(published, static_cast<int>(days), context.now);
}

TimeWindow SwsWdsJob::next_search_window(JobTypeInfo const& info, JobTemplate const* last,
                                         JobContext const& context) {
    auto const fsc = next_fsc_window(context.conn, context);
    auto const new_fsc = published_fsc(context.conn, fsc, fsc.start - fsc_measurement_lookback);
    std::optional<util::TimePoint> last_s1;
    if (last) last_s1 = last->common.input_published_at;
    auto const days = context.parameters.integer(info.search_duration_parameter);
    auto window = s1_window(last_s1, new_fsc, static_cast<int>(days), context.now);
    window.other_input = "fsc";
    window.other_start = fsc.start;
    window.other_end = fsc.end;
    return window;
}

}  // namespace hrsi::jobs
