// SPDX-License-Identifier: MIT
#include "serve_options.h"

#include "newsdex/version.h"

#include "strict_options.h"

#include <boost/program_options.hpp>

#include <cstdlib>
#include <iostream>
#include <stdexcept>
#include <thread>

namespace newsdex::serve {

namespace po = boost::program_options;

namespace {

const char* const kExamples =
    "\nExamples:\n"
    "  newsdex-serve --db news.db                        http://127.0.0.1:8080/\n"
    "  newsdex-serve --db news.db --listen 127.0.0.1:0   any free port (printed)\n"
    "  newsdex-serve --db a.db --db tcp://10.0.0.2:7000 --allow-partial\n"
    "  newsdex-serve --db news.db --listen 0.0.0.0:8080 --token \"$(cat token)\"\n"
    "  curl 'http://127.0.0.1:8080/api/search?q=kim&limit=3&facets=year'\n\n"
    "The API and running it behind a proxy: docs/serve.md.\n";

// HOST:PORT, [V6]:PORT or PORT.
void split_listen(const std::string& listen, ServeOptions& out) {
    const std::string why = "--listen takes HOST:PORT (e.g. 127.0.0.1:8080, [::1]:8080, "
                            "0.0.0.0:8080; port 0 picks a free one), not "
                            + cli::quoted(listen);
    std::string host;
    std::string port;
    if (!listen.empty() && listen.front() == '[') {
        const std::size_t close = listen.find(']');
        if (close == std::string::npos || close + 1 >= listen.size() || listen[close + 1] != ':') {
            throw std::invalid_argument(why);
        }
        host = listen.substr(1, close - 1);
        port = listen.substr(close + 2);
    } else {
        const std::size_t colon = listen.rfind(':');
        if (colon == std::string::npos) {
            port = listen;
            host = "127.0.0.1";
        } else {
            host = listen.substr(0, colon);
            port = listen.substr(colon + 1);
        }
    }
    if (host.empty() || port.empty() || port.size() > 5
        || port.find_first_not_of("0123456789") != std::string::npos || std::stoi(port) > 65535) {
        throw std::invalid_argument(why);
    }
    out.host = host;
    out.port = std::stoi(port);
}

}  // namespace

bool is_loopback(const std::string& host) {
    return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

namespace {

// The option table: one entry per option.
void describe_options(po::options_description& visible) {
    auto option = visible.add_options();
    option(
        "db",
        po::value<std::string>()->value_name("DIR")->composing(),
        "database folder or tcp://HOST:PORT; repeat to serve several as one (default: "
        "$NEWSDEX_DB, else ./newsdex.db)"
    );
    option(
        "listen",
        po::value<std::string>()->value_name("HOST:PORT"),
        "address to listen on (default 127.0.0.1:8080; port 0: any free port, printed on "
        "stdout); beyond loopback it needs --token or --no-auth"
    );
    option(
        "threads",
        po::value<std::string>()->value_name("N"),
        "searches at once (default: the number of cores)"
    );
    option(
        "timeout",
        po::value<std::string>()->value_name("MS"),
        "a search that takes longer is answered 503 (and a remote shard is waited for that "
        "long) (default 5000)"
    );
    option(
        "queue",
        po::value<std::string>()->value_name("N"),
        "connections beyond --threads that may be open or wait; beyond, 503 with Retry-After "
        "(default 64)"
    );
    option(
        "max-limit",
        po::value<std::string>()->value_name("N"),
        "the most hits one request may ask for (limit) (default 1000)"
    );
    option(
        "max-query",
        po::value<std::string>()->value_name("BYTES"),
        "the longest query (q) (default 4096)"
    );
    option("quiet", "no access log on stderr");
    option(
        "cors",
        po::value<std::string>()->value_name("ORIGIN"),
        "let pages from ORIGIN (https://example.org, or *) call the API (default: no CORS headers)"
    );
    option(
        "token",
        po::value<std::string>()->value_name("TOKEN"),
        "the API answers only requests with \"Authorization: Bearer TOKEN\" (default: "
        "$NEWSDEX_TOKEN if set)"
    );
    option("no-auth", "listen beyond loopback without a token");
    option(
        "allow-partial",
        "when remote shards do not answer, search the others (and say which did not)"
    );
    option("help,h", "print this help and exit");
    option("version", "print the version and exit");
}

// The databases, the address and the limits of the server.
void read_limits(const cli::SplitArgs& args, ServeOptions& out) {
    if (cli::given(args, "db")) {
        out.dbs = args.options.at("db");
    } else {
        const char* env = std::getenv("NEWSDEX_DB");
        out.dbs.emplace_back(env != nullptr && *env != '\0' ? env : "./newsdex.db");
    }
    split_listen(cli::last(args, "listen", "127.0.0.1:8080"), out);
    const unsigned cores = std::max(1U, std::thread::hardware_concurrency());
    out.threads = static_cast<unsigned>(cli::whole_number(args, "threads", cores, 1, 1024));
    out.timeout_ms = static_cast<unsigned>(cli::whole_number(args, "timeout", 5000, 1, 3600000));
    out.queue = cli::whole_number(args, "queue", 64, 1, 100000);
    out.max_limit = cli::whole_number(args, "max-limit", 1000, 1, 100000000);
    out.max_query = cli::whole_number(args, "max-query", 4096, 16, 1000000);
    out.quiet = cli::given(args, "quiet");
    out.cors = cli::last(args, "cors");
    if (cli::given(args, "cors") && out.cors.empty()) {
        throw std::invalid_argument("--cors needs an origin, e.g. --cors https://example.org");
    }
}

// Who may ask: --token, --no-auth, and an address beyond loopback needs one of them.
void read_auth(const cli::SplitArgs& args, ServeOptions& out) {
    out.no_auth = cli::given(args, "no-auth");
    if (cli::given(args, "token")) {
        out.token = cli::last(args, "token");
    } else if (const char* env = std::getenv("NEWSDEX_TOKEN"); env != nullptr) {
        out.token = env;
    }
    if ((cli::given(args, "token") || !out.token.empty()) && out.token.size() < 8) {
        throw std::invalid_argument(
            "--token needs at least 8 characters (e.g. from: head -c 24 /dev/urandom | base64)"
        );
    }
    if (out.no_auth && !out.token.empty()) {
        throw std::invalid_argument("--no-auth and --token cannot go together");
    }
    if (!is_loopback(out.host) && out.token.empty() && !out.no_auth) {
        throw std::invalid_argument(
            "--listen " + cli::quoted(out.host)
            + " is beyond loopback: other machines could read the archive; pass --token TOKEN "
              "(clients send Authorization: Bearer TOKEN) or, behind a proxy that checks "
              "them, --no-auth"
        );
    }
}

}  // namespace

ServeOptions parse_serve_options(int argc, const char* const* argv) {
    ServeOptions out;
    po::options_description visible(
        "Usage: newsdex-serve [OPTIONS]\n\n"
        "Serves a newsdex database over HTTP: a JSON API (/api/search, /api/article/ID,\n"
        "/api/fields, /healthz) and a search page (/). It never writes the database and\n"
        "sees each commit of newsdex-index at the next request.\n\n"
        "Options"
    );
    describe_options(visible);

    const cli::SplitArgs args =
        cli::split_args("newsdex-serve", visible, argc, argv, cli::DashWords::kOptions);
    if (cli::given(args, "help")) {
        std::cout << visible << kExamples;
        out.exit_now = true;
        return out;
    }
    if (cli::given(args, "version")) {
        std::cout << "newsdex-serve " << kVersion << '\n';
        out.exit_now = true;
        return out;
    }
    if (!args.words.empty()) {
        throw std::invalid_argument(
            "unexpected argument " + cli::quoted(args.words.front())
            + ": newsdex-serve takes only options (the query comes in each request)"
        );
    }
    read_limits(args, out);
    read_auth(args, out);
    out.allow_partial = cli::given(args, "allow-partial");
    return out;
}

}  // namespace newsdex::serve
