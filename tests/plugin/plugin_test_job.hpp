// SPDX-License-Identifier: Apache-2.0
#pragma once

// A job type written only for tests, outside lib/: the proof that a type is one class, one
// migration (plugin_test_job.sql) and one registry call (plugin_registry.cpp), and that it goes
// through hrsi-create-jobs, hrsi-dispatch, hrsi-run-worker and hrsi-publish like a built-in one
// (tests/plugin/plugin_type.sh).

#include <hrsi/jobs/job_template.hpp>
#include <hrsi/jobs/registry.hpp>

#include <array>
#include <string>
#include <vector>

namespace hrsi::testing {

// One job per Sentinel-2 L1C product (INPUT_PRODUCT_TYPE s2: creation refuses the others with
// the reason), ready at once. Its program writes product folders outputs/data/<TYPE>_<rest>;
// the worker uploads and records those of a type in OUTPUT_PRODUCTS_LIST ("PLG"), any number
// of them, and the publication sends one message per product.
class PluginTestJob final : public jobs::JobTemplate {
public:
    static constexpr std::array<std::string_view, 1> output_products{"PLG"};
    static constexpr std::array<std::string_view, 3> default_command{"sh", "-c", "exit 3"};
    static constexpr jobs::JobTypeInfo info_{
        .type_name = "plugin_test_job",
        .table_name = "plugin_test_jobs",
        .job_name = "Plug-in test",
        .input_product_type = jobs::InputProductType::s2,
        .nomad_job_name = "plugin-test-job-processing",
        .worker_flavor = jobs::extra_small,
        .output_products = output_products,
        .jobs_with_status_procedure = "plugin_test_jobs_with_last_status",
        .search_duration_parameter = "s2_search_default_duration_in_days",
        .image_parameter = "docker_image_for_plugin_test_job",
        .command_parameter = "command_for_plugin_test_job",
        .default_image = "docker.io/library/busybox:latest",
        .default_command = default_command,
        .time_limit = std::chrono::minutes(5),
    };

    // A product as the worker recorded it (the child table's products, a JSON array).
    struct Product {
        std::string type;   // "PLG"
        std::string title;  // the folder name: the product id
        std::string path;   // as published: <products_path_prefix>/<object path>
    };

    // The type's own columns (plugin_test_jobs).
    std::optional<util::TimePoint> measurement_date;
    std::vector<Product> products;
    std::optional<util::TimePoint> published_at;

    [[nodiscard]] jobs::JobTypeInfo const& info() const noexcept override { return info_; }
    void from_database_value(db::Result const& result, int row) override;
    [[nodiscard]] jobs::ColumnValues to_database_value() const override;
    jobs::Configuration configure_single_job(jobs::JobContext& context) override;
    [[nodiscard]] bool generated_a_product() const override { return !products.empty(); }
    [[nodiscard]] jobs::PublicationDocuments get_products_publication_jsons(
        db::SystemParameterValues const& parameters) const override;
    void set_product_publication_date(std::string_view product, util::TimePoint when) override;

    void job_pre_processing(jobs::WorkerContext& context) override;
    void job_post_processing(jobs::WorkerContext& context, jobs::ProgramOutcome const& outcome) override;

    static jobs::JobsToCreate get_jobs_to_create(std::span<jobs::InputProduct const> products,
                                                 jobs::JobContext& context);
};

// The built-in types and this one: what the test build's programs are given.
[[nodiscard]] jobs::Registry const& plugin_test_registry();

}  // namespace hrsi::testing
