// SPDX-License-Identifier: MIT
#include "search/facet_plan.h"

#include "newsdex/error.h"

#include "search/histogram.h"

#include <algorithm>

namespace newsdex::detail {

namespace {

FacetCounting counting_of(
    const SearchRequest& request,
    const FacetSetting& setting,
    const std::vector<const schema::Field*>& fields,
    bool sample
) {
    if (fields.empty()) {
        return FacetCounting::kNone;
    }
    // Our spy splits value lists as it counts; remote shards cannot run it
    // (xapian-tcpsrv only knows Xapian's own), so over them Xapian's
    // ValueCountMatchSpy counts the lists in a search of its own, and they
    // are split afterwards. Collapsing counts the same way.
    if (setting.remote || request.collapse) {
        return FacetCounting::kByValueCounts;
    }
    // Exact facets over local shards are counted apart from the ranked
    // search, shard by shard: the ranked search then stops early as it does
    // without facets. A sample is only asked for to save time: with facet
    // columns on file, exact counts cost less.
    if (setting.local_shards
        && (!sample || (setting.columns_on_file && setting.columns_on_file(fields)))) {
        return FacetCounting::kByShard;
    }
    // Spies see the ranked search only: the partial matches are counted in
    // a search of their own.
    return setting.over_all ? FacetCounting::kByValueCounts : FacetCounting::kBySpies;
}

}  // namespace

std::vector<const schema::Field*>
requested_facets(const std::vector<std::string>& names, const DynamicSchema* dynamic) {
    std::vector<const schema::Field*> out;
    const auto add = [&out](const schema::Field* f) {
        if (std::find(out.begin(), out.end(), f) == out.end()) {
            out.push_back(f);
        }
    };
    for (const std::string& name : names) {
        if (name == "all") {
            for (const schema::Field& f : schema::kFields) {
                if (schema::has_use(f, schema::kFacet) && f.values != schema::Values::kDate) {
                    add(&f);
                }
            }
            if (dynamic != nullptr) {
                for (const schema::Field& f : dynamic->rows()) {
                    if (schema::has_use(f, schema::kFacet)) {
                        add(&f);
                    }
                }
            }
            continue;
        }
        const schema::Field* f = schema::find_field(name == "day" ? "date" : name);
        if (f == nullptr && dynamic != nullptr) {
            f = dynamic->find(name);
        }
        if (f != nullptr && is_number(*f)) {
            std::string hint = "count a range of it instead: newsdex-search --count '";
            hint.append(name).append(":100..500' (ranges: ").append(name).append(":A..B, ");
            hint.append(name).append(":..B, ").append(name).append(":>A)");
            throw Error(
                Errc::kInvalidArgument,
                "'" + name + "' is a number field: it has no facet of values",
                hint
            );
        }
        if (f == nullptr || !schema::has_use(*f, schema::kFacet)) {
            std::string known;
            for (const std::string& n : facet_names()) {
                known += (known.empty() ? "" : ", ") + n;
            }
            if (dynamic != nullptr) {
                for (const schema::Field& d : dynamic->rows()) {
                    if (schema::has_use(d, schema::kFacet)) {
                        known += ", " + std::string(d.name);
                    }
                }
            }
            throw Error(
                Errc::kInvalidArgument,
                "unknown facet '" + name + "'",
                "facets are: " + known + " (or all)"
            );
        }
        add(f);
    }
    return out;
}

FacetPlan plan_facets(const SearchRequest& request, const FacetSetting& setting) {
    FacetPlan plan;
    plan.fields = requested_facets(request.facets, setting.dynamic);
    plan.facets = plan.fields.size();
    // The histogram counts the date slot like a facet, always exactly.
    if (!histogram_unit(request.histogram).empty()) {
        const schema::Field* date = &schema::field("date");
        const auto at = std::find(plan.fields.begin(), plan.fields.end(), date);
        plan.histogram = static_cast<std::size_t>(at - plan.fields.begin());
        if (at == plan.fields.end()) {
            plan.fields.push_back(date);
        }
    }
    const bool facets = !plan.fields.empty();
    const bool sample = facets && request.facet_sample > 0 && !plan.histogram;
    plan.counting = counting_of(request, setting, plan.fields, sample);
    plan.over_all = facets && setting.over_all;
    const bool by_shard = plan.counting == FacetCounting::kByShard;
    plan.sampled = sample && !by_shard;
    // Collapsing exact copies, an exact total counts each body once; folding
    // by group, for --count only (with facets the total is Xapian's, of the
    // folded list, and the facets count every match).
    plan.collapsed_total = (request.collapse && (request.count_only || (facets && !sample)))
                           || (request.fold_similar && request.count_only);
    // Spies count what the ranked search checks: every match for exact
    // facets, the first facet_sample for a sample. (Counting facets apart
    // counts the matches too.)
    // Counted over the partial matches too, facets add up over the exact and
    // the partial totals: both are then exact (unless sampled).
    plan.check_all = (request.count_only && !by_shard && !request.collapse && !request.fold_similar)
                     || (plan.counting == FacetCounting::kBySpies && !plan.sampled)
                     || (facets && setting.over_all && !plan.sampled);
    const auto first = static_cast<Xapian::doccount>(request.count_only ? 0 : request.offset);
    const auto wanted = static_cast<Xapian::doccount>(request.count_only ? 0 : request.limit);
    plan.check_at_least =
        plan.sampled ? std::max(first + wanted, static_cast<Xapian::doccount>(request.facet_sample))
                     : first + wanted + kCheckAtLeast;
    return plan;
}

std::string describe(const FacetPlan& plan) {
    static constexpr const char* kNames[] = {"none", "by-shard", "by-spies", "by-value-counts"};
    std::string out = kNames[static_cast<int>(plan.counting)];
    out += plan.sampled ? " sample" : " exact";
    if (plan.collapsed_total) {
        out += " collapsed-total";
    }
    if (plan.over_all) {
        out += " over-all";
    }
    out += plan.check_all ? " check-all" : " check>=" + std::to_string(plan.check_at_least);
    return out;
}

}  // namespace newsdex::detail
