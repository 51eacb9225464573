// SPDX-License-Identifier: MIT
// Work on several databases at once (private to the library).
#pragma once

#include <cstddef>
#include <exception>
#include <thread>
#include <vector>

namespace newsdex::detail {

/// Calls fn(i) for i in [0, n) at once: fn(0) on the calling thread, the
/// others on threads of their own (each i is its own database, used by one
/// thread only). Rethrows the first exception once all have finished.
template <typename Fn>
void for_each_at_once(std::size_t n, const Fn& fn) {
    std::vector<std::exception_ptr> errors(n);
    std::vector<std::thread> threads;
    threads.reserve(n > 0 ? n - 1 : 0);
    const auto guarded = [&](std::size_t i) {
        try {
            fn(i);
        } catch (...) {
            errors[i] = std::current_exception();
        }
    };
    for (std::size_t i = 1; i < n; ++i) {
        threads.emplace_back(guarded, i);
    }
    if (n > 0) {
        guarded(0);
    }
    for (std::thread& t : threads) {
        t.join();
    }
    for (const std::exception_ptr& e : errors) {
        if (e) {
            std::rethrow_exception(e);
        }
    }
}

}  // namespace newsdex::detail
