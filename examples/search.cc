// SPDX-License-Identifier: MIT
// Searches an index and prints the best hits: the smallest useful program
// on libnewsdex.   example-search DB QUERY
#include <iostream>
#include <newsdex/newsdex.h>

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: example-search DB QUERY\n";
        return 2;
    }
    try {
        const newsdex::Searcher searcher({argv[1]});
        newsdex::SearchRequest request;
        request.query = argv[2];
        request.limit = 5;
        request.facets = {"leader"};
        request.snippet.markup = {"[", "]", false};
        const newsdex::SearchResponse response = searcher.search(request);
        for (const newsdex::Hit& hit : response.hits) {
            std::cout << hit.rank << ". " << hit.title << " (" << hit.date.value_or("undated")
                      << ")\n   " << hit.snippet << "\n";
        }
        for (const newsdex::FacetValue& v : response.facets.at(0).values) {
            std::cout << "leader " << v.value << ": " << v.count << "\n";
        }
        std::cout << response.total << " results\n";
        return response.total > 0 ? 0 : 1;
    } catch (const newsdex::Error& e) {
        std::cerr << e.what() << "; " << e.hint() << "\n";
        return 2;
    }
}
