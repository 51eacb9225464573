// SPDX-License-Identifier: MIT
// Adds two articles to an index, then finds one of them again: writing and
// reading through libnewsdex.   example-index DB
#include <iostream>
#include <newsdex/newsdex.h>

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: example-index DB\n";
        return 2;
    }
    try {
        {
            newsdex::IndexWriter writer(argv[1]);
            newsdex::Article a;
            a.id = "example-1";
            a.title = "Leaders meet in Pyongyang";
            a.source = "Example Wire";
            a.date = newsdex::Date::parse("2019-06-20T19:00+08:00");
            a.body = "Chinese President Xi Jinping met Kim Jong-un in Pyongyang on Thursday.";
            newsdex::Article b = a;
            b.id = "example-2";
            b.title = "Markets close higher";
            b.body = "Stocks rose in Seoul and Tokyo as trade worries eased.";
            std::cout << "added: " << (writer.add(a) == newsdex::AddOutcome::kAdded)
                      << (writer.add(b) == newsdex::AddOutcome::kAdded) << "\n";
            writer.commit();
        }
        newsdex::SearchRequest request;
        request.query = "leader:Xi";
        const auto response = newsdex::Searcher({argv[1]}).search(request);
        std::cout << (response.hits.empty() ? "not found" : response.hits.front().id) << "\n";
        return response.hits.size() == 1 ? 0 : 1;
    } catch (const newsdex::Error& e) {
        std::cerr << e.what() << "; " << e.hint() << "\n";
        return 2;
    }
}
