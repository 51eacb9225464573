// SPDX-License-Identifier: MIT
#include "server.h"

#include "page.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <ctime>
#include <deque>
#include <functional>
#include <httplib.h>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

namespace newsdex::serve {

namespace {

// Set on the thread that answers connections the queue had no room for.
thread_local bool t_overflow = false;
// When the request being answered on this thread arrived.
thread_local std::chrono::steady_clock::time_point
    t_start{};  // NOLINT(cert-err58-cpp): cannot throw

// httplib's pool with a bound: `threads` workers take connections in turn;
// when `max_queue` wait already, one more thread answers the newcomers 503
// with Retry-After at once. shutdown() lets the queued connections finish.
// (A worker holds a connection while it is kept alive, so there are more
// workers than searches at once: the Searches gate bounds those.)
class BoundedPool : public httplib::TaskQueue {
  public:
    BoundedPool(std::size_t threads, std::size_t max_queue) : room_(threads + max_queue) {
        for (std::size_t i = 0; i < threads; ++i) {
            workers_.emplace_back([this] { work(jobs_, false); });
        }
        workers_.emplace_back([this] { work(overflow_, true); });
    }

    BoundedPool(const BoundedPool&) = delete;
    BoundedPool& operator=(const BoundedPool&) = delete;
    BoundedPool(BoundedPool&&) = delete;
    BoundedPool& operator=(BoundedPool&&) = delete;
    ~BoundedPool() override = default;

    void enqueue(std::function<void()> fn) override {
        {
            const std::lock_guard<std::mutex> lock(mutex_);
            // Counted when taken in, not when a worker wakes: which
            // connection is turned away depends only on the order they
            // came in, never on how fast the workers are scheduled.
            if (taken_ < room_) {
                ++taken_;
                jobs_.push_back(std::move(fn));
            } else {
                overflow_.push_back(std::move(fn));
            }
        }
        ready_.notify_all();
    }

    void shutdown() override {
        {
            const std::lock_guard<std::mutex> lock(mutex_);
            shutdown_ = true;
        }
        ready_.notify_all();
        for (std::thread& t : workers_) {
            t.join();
        }
    }

  private:
    void work(std::deque<std::function<void()>>& queue, bool overflow) {
        t_overflow = overflow;
        for (;;) {
            std::function<void()> fn;
            {
                std::unique_lock<std::mutex> lock(mutex_);
                ready_.wait(lock, [&] { return !queue.empty() || shutdown_; });
                if (queue.empty()) {
                    return;
                }
                fn = std::move(queue.front());
                queue.pop_front();
            }
            fn();
            if (!overflow) {
                const std::lock_guard<std::mutex> lock(mutex_);
                --taken_;
            }
        }
    }

    std::size_t room_;  // connections served or waiting at most
    std::mutex mutex_;
    std::condition_variable ready_;
    std::deque<std::function<void()>> jobs_;
    std::deque<std::function<void()>> overflow_;
    std::size_t taken_ = 0;  // connections being served or waiting
    bool shutdown_ = false;
    std::vector<std::thread> workers_;
};

// At most --threads searches at once, whatever the number of connections
// (a worker holds its connection while it is kept alive, idle or not).
class Searches {
  public:
    explicit Searches(std::size_t n) : free_(n) {}

    template <typename Work>
    Reply run(Work&& work) {
        {
            std::unique_lock<std::mutex> lock(mutex_);
            const std::uint64_t ticket = next_ticket_++;
            // First come, first served.
            turn_.wait(lock, [&] { return free_ > 0 && ticket == serving_; });
            --free_;
            ++serving_;
        }
        turn_.notify_all();

        struct Release {
            Searches& s;

            explicit Release(Searches& searches) : s(searches) {}

            Release(const Release&) = delete;
            Release& operator=(const Release&) = delete;
            Release(Release&&) = delete;
            Release& operator=(Release&&) = delete;

            ~Release() {
                {
                    const std::lock_guard<std::mutex> lock(s.mutex_);
                    ++s.free_;
                }
                s.turn_.notify_all();
            }
        } release{*this};

        return work();
    }

  private:
    std::mutex mutex_;
    std::condition_variable turn_;
    std::size_t free_;
    std::uint64_t next_ticket_ = 0;
    std::uint64_t serving_ = 0;
};

void send(httplib::Response& res, const Reply& reply) {
    res.status = reply.status;
    for (const auto& [name, value] : reply.headers) {
        res.set_header(name, value);
    }
    if (reply.content_type == "application/json") {
        res.set_header("Cache-Control", "no-store");
    }
    res.set_content(reply.body, reply.content_type);
}

Params params_of(const httplib::Request& req) {
    return {req.params.begin(), req.params.end()};
}

// Compares without stopping at the first difference.
bool same_secret(const std::string& a, const std::string& b) {
    unsigned char differ = a.size() == b.size() ? 0 : 1;
    for (std::size_t i = 0; i < a.size(); ++i) {
        differ |= static_cast<unsigned char>(a[i] ^ b[i % std::max<std::size_t>(1, b.size())]);
    }
    return differ == 0;
}

// Control characters and non-ASCII bytes as \xNN: a log line stays one line.
std::string loggable(const std::string& text) {
    std::string out;
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u >= 0x7f || c == '\\') {
            static const char* const kHex = "0123456789abcdef";
            out += "\\x";
            out += kHex[u >> 4];
            out += kHex[u & 15];
        } else {
            out += c;
        }
    }
    return out;
}

const char* content_type_of(std::string_view name) {
    if (name.ends_with(".html")) {
        return "text/html; charset=utf-8";
    }
    if (name.ends_with(".js")) {
        return "text/javascript; charset=utf-8";
    }
    if (name.ends_with(".css")) {
        return "text/css; charset=utf-8";
    }
    return "application/octet-stream";
}

}  // namespace

struct Server::Impl {
    const Api& api;
    ServeOptions options;
    httplib::Server http;
    Searches searches;
    std::mutex log_mutex;

    Impl(const Api& a, const ServeOptions& o) : api(a), options(o), searches(o.threads) {
        configure();
        routes();
    }

    void configure() {
        const std::size_t threads = options.threads;
        const std::size_t queue = options.queue;
        http.new_task_queue = [threads, queue] {
            return new BoundedPool(threads + queue, queue);
        };
        httplib::Headers headers{
            {"X-Content-Type-Options", "nosniff"},
            {"Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'"},
            {"Referrer-Policy", "no-referrer"},
            {"X-Frame-Options", "DENY"},
        };
        if (!options.cors.empty()) {
            headers.emplace("Access-Control-Allow-Origin", options.cors);
            headers.emplace("Vary", "Origin");
        }
        http.set_default_headers(headers);
        // httplib writes the headers and the body in two sends: without
        // TCP_NODELAY, Nagle's algorithm and the client's delayed ACK hold
        // every answer back 40 ms (bench/serve.sh measured it: p50 47 ms).
        http.set_tcp_nodelay(true);
        http.set_keep_alive_max_count(20);
        http.set_keep_alive_timeout(2);
        http.set_read_timeout(5, 0);
        http.set_write_timeout(5, 0);
        http.set_payload_max_length(std::size_t{16} * 1024);
        http.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
            return before(req, res);
        });
        const httplib::Server::HandlerWithResponse on_error = [](const httplib::Request&,
                                                                 httplib::Response& res) {
            if (!res.body.empty()) {
                return httplib::Server::HandlerResponse::Unhandled;
            }
            std::string message = "no such page";
            std::string hint = "the API: /api/search?q=..., /api/article/ID, /api/fields, /healthz";
            if (res.status == 413) {
                message = "the request body is too large";
                hint = "the API takes GET requests with parameters in the URL";
            } else if (res.status == 414) {
                message = "the URL is too long";
                hint = "shorten the query";
            } else if (res.status != 404) {
                message = "HTTP status " + std::to_string(res.status);
                hint.clear();
            }
            send(res, error_reply(res.status, message, 0, hint));
            return httplib::Server::HandlerResponse::Handled;
        };
        http.set_error_handler(on_error);
        http.set_exception_handler(
            [](const httplib::Request&, httplib::Response& res, const std::exception_ptr& error) {
                std::string what = "unknown";
                try {
                    std::rethrow_exception(error);
                } catch (const std::exception& e) {
                    what = e.what();
                } catch (...) {
                }
                send(res, error_reply(500, "internal error: " + what));
            }
        );
        if (!options.quiet) {
            http.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
                log(req, res);
            });
        }
    }

    httplib::Server::HandlerResponse before(const httplib::Request& req, httplib::Response& res) {
        using Handled = httplib::Server::HandlerResponse;
        t_start = std::chrono::steady_clock::now();
        if (t_overflow) {
            Reply reply = error_reply(
                503,
                "the server is busy: " + std::to_string(options.queue)
                    + " connections wait already",
                0,
                "try again in a second"
            );
            reply.headers.emplace_back("Retry-After", "1");
            reply.headers.emplace_back("Connection", "close");
            send(res, reply);
            return Handled::Handled;
        }
        if (req.method == "OPTIONS") {
            res.status = 204;
            res.set_header("Allow", "GET, HEAD, OPTIONS");
            if (!options.cors.empty()) {
                res.set_header("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS");
                res.set_header("Access-Control-Allow-Headers", "Authorization");
                res.set_header("Access-Control-Max-Age", "600");
            }
            return Handled::Handled;
        }
        if (req.method != "GET" && req.method != "HEAD") {
            Reply reply = error_reply(
                405, "method " + req.method + " is not allowed", 0, "the API answers GET requests"
            );
            reply.headers.emplace_back("Allow", "GET, HEAD, OPTIONS");
            reply.headers.emplace_back("Connection", "close");
            send(res, reply);
            return Handled::Handled;
        }
        if (!options.token.empty() && req.path.rfind("/api/", 0) == 0) {
            const std::string given = req.get_header_value("Authorization");
            if (!same_secret(given, "Bearer " + options.token)) {
                Reply reply = error_reply(
                    401,
                    given.empty() ? "this server asks for a token" : "wrong token",
                    0,
                    "send the header Authorization: Bearer TOKEN"
                );
                reply.headers.emplace_back("WWW-Authenticate", "Bearer");
                send(res, reply);
                return Handled::Handled;
            }
        }
        return Handled::Unhandled;
    }

    void routes() {
        for (const PageFile& file : page_files()) {
            const std::string path =
                file.name == "index.html" ? "/" : "/page/" + std::string(file.name);
            const std::string_view bytes = file.bytes;
            const char* type = content_type_of(file.name);
            http.Get(path, [bytes, type](const httplib::Request&, httplib::Response& res) {
                res.set_header("Cache-Control", "no-cache");
                res.set_content(bytes.data(), bytes.size(), type);
            });
        }
        http.Get("/api/search", [this](const httplib::Request& req, httplib::Response& res) {
            send(res, searches.run([&] { return api.search(params_of(req)); }));
        });
        http.Get(
            R"(/api/article/([^/]+))",
            [this](const httplib::Request& req, httplib::Response& res) {
                send(res, searches.run([&] {
                    return api.article(req.matches[1].str(), params_of(req));
                }));
            }
        );
        http.Get("/api/fields", [](const httplib::Request&, httplib::Response& res) {
            send(res, Api::fields());
        });
        http.Get("/healthz", [this](const httplib::Request&, httplib::Response& res) {
            send(res, searches.run([&] { return api.health(); }));
        });
    }

    void log(const httplib::Request& req, const httplib::Response& res) {
        const auto took =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t_start);
        const std::time_t now = std::time(nullptr);
        std::tm utc{};
        gmtime_r(&now, &utc);
        char when[32];
        std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &utc);
        char line[64];
        std::snprintf(
            line, sizeof line, "%d %zu %.1fms", res.status, res.body.size(), took.count()
        );
        const std::string text = std::string(when) + ' ' + loggable(req.remote_addr) + ' '
                                 + loggable(req.method) + ' ' + loggable(req.target) + ' ' + line
                                 + '\n';
        const std::lock_guard<std::mutex> lock(log_mutex);
        std::fputs(text.c_str(), stderr);
    }
};

Server::Server(const Api& api, const ServeOptions& options)
    : impl_(std::make_unique<Impl>(api, options)) {}

Server::~Server() = default;

int Server::bind() {
    Impl& i = *impl_;
    const int port =
        i.options.port == 0
            ? i.http.bind_to_any_port(i.options.host)
            : (i.http.bind_to_port(i.options.host, i.options.port) ? i.options.port : -1);
    if (port <= 0) {
        throw std::runtime_error(
            "cannot listen on " + i.options.host + ":" + std::to_string(i.options.port)
            + " (in use, or not an address of this machine); pick another with --listen"
        );
    }
    return port;
}

void Server::run() {
    impl_->http.listen_after_bind();
}

void Server::stop() {
    impl_->http.stop();
}

}  // namespace newsdex::serve
