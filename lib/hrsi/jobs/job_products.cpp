// SPDX-License-Identifier: Apache-2.0
#include <hrsi/jobs/job_products.hpp>

#include <hrsi/db/system_parameters.hpp>
#include <hrsi/jobs/job_store.hpp>
#include <hrsi/jobs/output_products.hpp>

#include <fmt/format.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>

namespace hrsi::jobs {
namespace {

std::string product_identifier(std::string const& document) {
    rapidjson::Document parsed;
    parsed.Parse(document.data(), document.size());
    if (parsed.HasParseError() || !parsed.IsObject()) return "";
    auto const resto = parsed.FindMember("resto");
    if (resto == parsed.MemberEnd() || !resto->value.IsObject()) return "";
    auto const properties = resto->value.FindMember("properties");
    if (properties == resto->value.MemberEnd() || !properties->value.IsObject()) return "";
    auto const identifier = properties->value.FindMember("productIdentifier");
    if (identifier == properties->value.MemberEnd() || !identifier->value.IsString()) return "";
    return identifier->value.GetString();
}

}  // namespace

std::vector<JobProduct> job_products(db::Connection& conn, Registry const& job_types, std::int64_t job_id) {
    auto const type = conn.query("select job_type from hrsi.jobs where id = $1", job_id);
    if (type.rows() == 0) return {};
    auto const name = std::string(type.get(0, 0));
    if (std::ranges::none_of(job_types.types(), [&](JobTypeEntry const& entry) { return entry.info->type_name == name; })) {
        return {};  // a type this program does not know
    }
    auto loaded = load_jobs(conn, job_types.find(name), {job_id});
    if (loaded.empty() || !loaded.front()->generated_a_product()) return {};
    auto documents = loaded.front()->get_products_publication_jsons(db::load_system_parameters(conn));
    keep_output_products(loaded.front()->info(), documents);
    auto const outbox = conn.query(
        "select product, message_id, sent_at is not null, confirmed_at from hrsi.publications where job_id = $1",
        job_id);
    std::vector<JobProduct> products;
    for (auto const& document : documents.products) {
        JobProduct product{document.product, document.title, product_identifier(document.json), "not published"};
        for (int r = 0; r < outbox.rows(); ++r) {
            if (outbox.get(r, 0) != document.product || outbox.get(r, 1) != document.title) continue;
            if (!outbox.is_null(r, 3)) {
                product.publication = fmt::format("published {}", outbox.get(r, 3));
            } else {
                product.publication = outbox.get(r, 2) == "t" ? "sent, not confirmed" : "in the outbox";
            }
        }
        products.push_back(std::move(product));
    }
    return products;
}

std::string job_products_json(std::vector<JobProduct> const& products) {
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
    auto member = [&writer](char const* key, std::string const& value) {
        writer.Key(key);
        writer.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
    };
    writer.StartArray();
    for (auto const& product : products) {
        writer.StartObject();
        member("product", product.type);
        member("title", product.title);
        member("path", product.path);
        member("publication", product.publication);
        writer.EndObject();
    }
    writer.EndArray();
    return {buffer.GetString(), buffer.GetSize()};
}

}  // namespace hrsi::jobs
