// SPDX-License-Identifier: MIT
// The end of an indexing run: every input accounted for, articles no longer
// given pruned, the index committed or compacted and its facet columns
// written; and the check that keeps the shipped corpus out of other indexes.
#include "newsdex/schema.h"

#include "index/database.h"
#include "index/facet_columns.h"
#include "index/near_duplicates.h"
#include "index/pipeline.h"
#include "schema/schema_util.h"
#include "util/at_once.h"
#include "util/escape.h"

#include <algorithm>
#include <stdexcept>
#include <unordered_set>

namespace newsdex::detail::indexing {

// Every PATH accounted for: one from which nothing was indexed, and
// nothing said why, is named, with the kinds of files it holds.
void Pipeline::account_for_inputs() {
    report_.unsupported = unsupported_;
    for (std::size_t given = 0; given < inputs_.size(); ++given) {
        if (fruitful_.count(given) != 0 || told_.count(given) != 0) {
            continue;
        }
        const std::string& path = inputs_[given];
        std::string why;
        if (path == "-") {
            why = "no JSON Lines article on standard input; nothing indexed";
        } else {
            const auto kinds = unsupported_by_input_.find(given);
            if (kinds == unsupported_by_input_.end()) {
                why = "no article files in this folder (newsdex reads .txt and .md articles, "
                      "JSON Lines (.jsonl, .ndjson, .json), TREC (.trec, .sgml) and HTML pages "
                      "(.html, .htm), plain or .gz); nothing indexed";
            } else {
                why = "no article files in this folder, only " + kinds_text(kinds->second)
                      + " (unsupported types; newsdex reads .txt and .md articles, JSON "
                        "Lines (.jsonl, .ndjson, .json), TREC (.trec, .sgml) and HTML pages "
                        "(.html, .htm), plain or .gz); nothing indexed";
            }
        }
        // Its articles, if it had any, are not pruned.
        unreadable_inputs_ = true;
        report({path, why, true});
    }
}

/// "3 .csv, 1 .pdf": the most common kind first.
std::string Pipeline::kinds_text(const std::map<std::string, std::uint64_t>& kinds) {
    std::vector<std::pair<std::string, std::uint64_t>> sorted(kinds.begin(), kinds.end());
    std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) {
        return a.second > b.second;
    });
    std::string out;
    for (const auto& [kind, count] : sorted) {
        out += (out.empty() ? "" : ", ") + std::to_string(count) + " " + kind;
    }
    return out;
}

// Implicit inputs go only into an index that holds nothing else: the
// shipped corpus is never mixed into a user's archive.
void Pipeline::refuse_other_articles() {
    std::unordered_set<std::string> ids;
    bool readable = true;
    detail::enumerate_inputs(
        inputs_,
        [&](const detail::InputFile& file) {
            const detail::ReadResult read = file.format == detail::Format::kText
                                                ? detail::read_article_file(file)
                                                : detail::ReadResult{};
            if (read.article) {
                ids.insert(detail::make_term(schema::field("id"), read.article->id));
            } else {
                readable = false;
            }
        },
        [&](const InputProblem&) { readable = false; }
    );
    std::uint64_t others = 0;
    for (std::size_t i = 0; i < shards_->size(); ++i) {
        Xapian::Database db = shards_->shard(i).reader();
        for (const std::string& term : detail::id_terms(db)) {
            others += (!readable || ids.count(term) == 0) ? 1 : 0;
        }
    }
    if (others > 0) {
        throw Error(
            Errc::kInvalidArgument,
            "no PATH given, and the index " + options_.db_path + " holds " + std::to_string(others)
                + " articles that are not the shipped corpus's: the shipped corpus goes only "
                  "into a "
                  "new index or the demo index",
            "name the files or folders to index (newsdex-index --db " + options_.db_path
                + " PATH...); to compact, pass --compact alone"
        );
    }
}

// A step after the articles are written and committed whose failure loses
// nothing: it is a warning naming what was not done, why, and what follows.
void Pipeline::finishing_step(
    const std::function<void()>& step,
    const std::string& not_done,
    const std::string& meanwhile,
    const std::string& state
) {
    std::string why;
    try {
        step();
        return;
    } catch (const Xapian::Error& e) {
        why = e.get_description();
    } catch (const std::exception& e) {
        why = e.what();
    }
    report({options_.db_path, state + ", but " + not_done + " (" + why + "); " + meanwhile, false});
}

// A new index is compacted as a bonus: when that fails (a full disk,
// say), the index is still complete, and a warning says so.
void Pipeline::compact_new_index() {
    shards_->commit();  // a failure here is a failed write, not a warning
    finishing_step(
        [&] { shards_->compact(false); },
        "was not compacted",
        "run newsdex-index --compact --db " + options_.db_path + " when the disk has space",
        "the new index is complete and searchable"
    );
}

// The groups of near-identical articles over the whole index, shards and
// earlier runs included (docs/near-duplicates.md), once every shard is
// committed and its writer closed. Searches fold by them: a failure is a
// warning, and the next run makes the groups again.
void Pipeline::group_near_duplicates() {
    const double start = elapsed();
    finishing_step(
        [&] {
            for (std::size_t i = 0; i < shards_->size(); ++i) {
                shards_->shard(i).close();
            }
            const detail::GroupingReport grouping = detail::group_near_duplicates(options_.db_path);
            report_.similar_groups = grouping.groups;
            report_.similar_articles = grouping.grouped;
            report_.similar_seconds = elapsed() - start;
        },
        "its groups of near-identical articles were not made",
        "searches fold them as the previous run left them until the next run"
    );
}

// Each shard's facet columns, for the revision the run leaves (see
// schema::kFacetColumnsFile), so that searches count facets from them.
// Without them searches read the value streams: a failure is a warning.
void Pipeline::write_facet_columns() {
    finishing_step(
        [&] {
            const detail::OpenedDatabases opened = detail::open_readable({options_.db_path});
            detail::for_each_at_once(opened.shard_dirs.size(), [&](std::size_t i) {
                if (!opened.shard_dirs[i].empty()) {
                    detail::write_facet_file(opened.shard_dirs[i]);
                }
            });
            // The gazetteer image beside each shard (a compaction made new
            // folders since the run wrote it on opening the index).
            const std::string compiled = ctx_.gazetteer->compiled(ctx_.analyzer);
            for (const std::string& dir : opened.shard_dirs) {
                if (!dir.empty()) {
                    if (const std::string why = detail::write_gazetteer_file(dir, compiled);
                        !why.empty()) {
                        throw std::runtime_error(
                            "cannot write " + detail::gazetteer_file_path(dir) + ": " + why
                        );
                    }
                }
            }
        },
        "its facet columns were not written",
        "searches count facets more slowly until the next run writes them"
    );
}

// The dynamic fields of the run added to those the index records
// (schema::kMetaDynamicFields), in every shard's metadata.
void Pipeline::write_dynamic_fields() {
    // Fields neither read nor indexed: one warning each, where first seen.
    for (const auto& [refused, count] : report_.refused_fields) {
        const std::size_t tab = refused.find('\t');
        report(
            {refused_where_[refused],
             "metadata field " + detail::quote(refused.substr(0, tab)) + " ("
                 + std::to_string(count) + (count == 1 ? " article" : " articles")
                 + " of this run) is not indexed: " + refused.substr(tab + 1),
             false}
        );
    }
    // Values of another kind than their field's: one warning each, where
    // first seen.
    for (const auto& [mixed, count] : report_.mixed_fields) {
        const std::size_t tab = mixed.find('\t');
        report(
            {mixed_where_[mixed],
             "metadata field " + detail::quote(mixed.substr(0, tab)) + " (" + std::to_string(count)
                 + (count == 1 ? " article" : " articles")
                 + " of this run): " + mixed.substr(tab + 1)
                 + " (the kind a field is first given wins); give every article the same kind",
             false}
        );
    }
    report_.new_dynamic_fields = shards_->record_dynamic_fields(report_.dynamic_fields);
    for (const auto& entry : report_.dynamic_fields) {
        const detail::DynamicField* f = shards_->dynamic_kinds().find(entry.first);
        if (f != nullptr && f->is_number()) {
            report_.number_fields.push_back(entry.first);
        }
    }
}

// Removes the articles of the index that this run's inputs no longer have.
void Pipeline::prune() {
    if (unreadable_inputs_) {
        report(
            {options_.db_path,
             "not pruning: some inputs could not be read, and their articles would be lost",
             false}
        );
        return;
    }
    for (std::size_t i = 0; i < shards_->size(); ++i) {
        detail::Shard& shard = shards_->shard(i);
        shard.commit();
        Xapian::Database all = shard.reader();
        for (const std::string& term : detail::id_terms(all)) {
            if (!seen_.contains(detail::id_hash(term)) && shard.remove(term)) {
                ++report_.removed;
            }
        }
    }
}

}  // namespace newsdex::detail::indexing
