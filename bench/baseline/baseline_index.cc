// SPDX-License-Identifier: MIT
// The baseline of bench/index.sh: a minimal Xapian indexer, as
// PERF-ANCHORS.md measures it: one process, TermGenerator with the English
// stemmer and positions, a title prefix, the full text as document data, a
// commit every 10,000 articles.
//   newsdex-baseline-index DB < news.jsonl
#include <nlohmann/json.hpp>
#include <xapian.h>

#include <iostream>
#include <string>

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: newsdex-baseline-index DB < news.jsonl\n";
        return 2;
    }
    Xapian::WritableDatabase db(argv[1], Xapian::DB_CREATE_OR_OVERWRITE);
    Xapian::TermGenerator tg;
    tg.set_stemmer(Xapian::Stem("english"));
    std::string line;
    std::size_t n = 0;
    while (std::getline(std::cin, line)) {
        const nlohmann::json a = nlohmann::json::parse(line);
        const std::string title = a.value("title", "");
        const std::string body = a.value("body", "");
        Xapian::Document doc;
        tg.set_document(doc);
        tg.index_text(title, 1, "S");
        tg.index_text(title);
        tg.increase_termpos();
        tg.index_text(body);
        doc.add_boolean_term("Q" + a.value("id", std::to_string(n)));
        doc.set_data(title + "\n" + body);
        db.add_document(doc);
        if (++n % 10000 == 0) {
            db.commit();
        }
    }
    db.commit();
    std::cerr << n << " articles\n";
    return 0;
}
