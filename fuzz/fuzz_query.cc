// SPDX-License-Identifier: MIT
// The query parser on any bytes, against an index of the shipped corpus; a
// query it accepts is run and highlighted.
#include "newsdex/error.h"

#include "common.h"
#include "search/query_parser.h"
#include "snippet/highlighter.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace newsdex;
    auto& w = fuzz::world();
    const std::string_view query(reinterpret_cast<const char*>(data), size);
    const detail::QueryParser parser(w.analyzer, w.db, w.gazetteer.get());
    try {
        const detail::ParsedQuery parsed = parser.parse(query);
        Xapian::Enquire enquire(w.db);
        enquire.set_query(parsed.query);
        const Xapian::MSet mset = enquire.get_mset(0, 10);
        SnippetOptions options;
        for (const std::string& body : w.bodies) {
            detail::make_snippet(
                w.analyzer, body, parsed.highlight, options, {}, w.extractor.get()
            );
        }
        (void)mset;
    } catch (const Error& e) {
        // A bad query: it must say where, within the query.
        if (e.code() != Errc::kBadQuery) {
            __builtin_trap();
        }
    }
    return 0;
}
