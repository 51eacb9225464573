// SPDX-License-Identifier: MIT
#include "strict_options.h"

#include <boost/program_options/cmdline.hpp>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <stdexcept>
#include <string_view>

namespace newsdex::cli {

namespace po = boost::program_options;

namespace {

struct Known {
    std::string name;  // long name
    char short_name;   // 0 when none
    bool takes_value;
    bool composing;
};

std::vector<Known> known_options(const po::options_description& options) {
    std::vector<Known> out;
    for (const auto& d : options.options()) {
        const std::string shown =
            d->canonical_display_name(po::command_line_style::allow_dash_for_short);
        const char short_name = shown.size() == 2 && shown[0] == '-' ? shown[1] : '\0';
        out.push_back(
            {d->long_name(),
             short_name,
             d->semantic()->max_tokens() > 0,
             d->semantic()->is_composing()}
        );
    }
    return out;
}

// "--a, --b or --c"
std::string either(const std::vector<std::string>& names) {
    std::string out;
    for (std::size_t i = 0; i < names.size(); ++i) {
        out += (i == 0 ? "" : i + 1 == names.size() ? " or " : ", ") + names[i];
    }
    return out;
}

// The known long options closest to a mistyped one, best first.
std::vector<std::string> closest(const std::vector<Known>& known, const std::string& typed) {
    std::size_t best = std::max<std::size_t>(2, typed.size() / 3) + 1;
    std::vector<std::string> out;
    for (const Known& k : known) {
        std::size_t d = edit_distance(typed, k.name);
        // A typed word that holds the option's name, or the reverse, is close too.
        if (typed.size() >= 3
            && (k.name.find(typed) != std::string::npos || typed.find(k.name) != std::string::npos
            )) {
            d = std::min<std::size_t>(d, 1);
        }
        if (d < best) {
            best = d;
            out.clear();
        }
        if (d == best) {
            out.push_back("--" + k.name);
        }
    }
    return out;
}

class Splitter {
  public:
    Splitter(const std::string& program, const po::options_description& options, DashWords dash)
        : program_(program), known_(known_options(options)), dash_(dash) {}

    SplitArgs run(int argc, const char* const* argv) {
        for (int i = 1; i < argc; ++i) {
            const std::string arg = argv[i];
            if (rest_are_words_ || arg.size() < 2 || arg[0] != '-') {
                out_.words.push_back(arg);
            } else if (arg == "--") {
                rest_are_words_ = true;
            } else if (arg[1] == '-') {
                long_option(arg, argc, argv, i);
            } else {
                short_option(arg, argc, argv, i);
            }
        }
        return std::move(out_);
    }

  private:
    [[noreturn]] void fail(const std::string& message) const {
        throw std::invalid_argument(message + " (see " + program_ + " --help)");
    }

    // For a word that may have been meant as a query word.
    [[noreturn]] void fail_dash_word(const std::string& message, const std::string& arg) const {
        throw std::invalid_argument(
            message + " (a query word that starts with '-' goes after --: " + program_ + " -- "
            + arg + ")"
        );
    }

    const Known* by_long_name(const std::string& typed) const {
        std::vector<const Known*> prefixed;
        for (const Known& k : known_) {
            if (k.name == typed) {
                return &k;
            }
            if (k.name.compare(0, typed.size(), typed) == 0) {
                prefixed.push_back(&k);
            }
        }
        if (prefixed.size() == 1) {
            return prefixed.front();
        }
        if (prefixed.size() > 1) {
            std::vector<std::string> names;
            names.reserve(prefixed.size());
            for (const Known* k : prefixed) {
                names.push_back("--" + k->name);
            }
            fail("option --" + typed + " is ambiguous: did you mean " + either(names) + "?");
        }
        const std::vector<std::string> near = closest(known_, typed);
        fail(
            "unknown option --" + typed
            + (near.empty() ? std::string() : "; did you mean " + either(near) + "?")
        );
    }

    void long_option(const std::string& arg, int argc, const char* const* argv, int& i) {
        const std::size_t equals = arg.find('=');
        const std::string typed = arg.substr(2, equals == std::string::npos ? equals : equals - 2);
        const Known& k = *by_long_name(typed);
        if (!k.takes_value) {
            if (equals != std::string::npos) {
                fail("option --" + k.name + " takes no value");
            }
            add(k, {});
        } else if (equals != std::string::npos) {
            add(k, arg.substr(equals + 1));
        } else {
            add(k, value_after("--" + k.name, argc, argv, i));
        }
    }

    void short_option(const std::string& arg, int argc, const char* const* argv, int& i) {
        const Known* k = nullptr;
        for (const Known& candidate : known_) {
            if (candidate.short_name == arg[1]) {
                k = &candidate;
            }
        }
        const bool query_words = dash_ == DashWords::kQuery;
        if (arg.size() > 2) {
            // -n5 is -n 5; otherwise, for newsdex-search, -word is a query word
            // unless it is the name of an option typed with one dash.
            const bool digits = arg.find_first_not_of("0123456789", 2) == std::string::npos;
            if (k != nullptr && k->takes_value && (!query_words || digits)) {
                add(*k, arg.substr(2));
                return;
            }
            if (!query_words) {
                fail(
                    "unknown option " + arg + "; long options start with two dashes: --"
                    + arg.substr(1)
                );
            }
            const std::string name = arg.substr(1, arg.find('=') - 1);
            for (const Known& candidate : known_) {
                if (candidate.name == name) {
                    fail_dash_word(
                        "option names start with two dashes: did you mean --" + name + "?", arg
                    );
                }
            }
            out_.words.push_back(arg);
            return;
        }
        if (k == nullptr) {
            std::vector<std::string> names;
            for (const Known& candidate : known_) {
                if (candidate.name[0] == arg[1]) {
                    names.push_back("--" + candidate.name);
                }
            }
            const std::string message =
                "unknown option " + arg
                + (names.empty() ? std::string() : "; did you mean " + either(names) + "?");
            if (query_words) {
                fail_dash_word(message, arg);
            }
            fail(message);
        }
        add(*k, k->takes_value ? value_after(arg, argc, argv, i) : std::string());
    }

    std::string value_after(const std::string& shown, int argc, const char* const* argv, int& i) {
        if (i + 1 >= argc) {
            fail("option " + shown + " needs a value");
        }
        return argv[++i];
    }

    void add(const Known& k, std::string value) {
        std::vector<std::string>& values = out_.options[k.name];
        if (!k.composing) {
            values.clear();
        }
        values.push_back(std::move(value));
    }

    std::string program_;
    std::vector<Known> known_;
    DashWords dash_;
    SplitArgs out_;
    bool rest_are_words_ = false;
};

}  // namespace

std::size_t edit_distance(const std::string& a, const std::string& b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) {
        row[j] = j;
    }
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] =
                std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

SplitArgs split_args(
    const std::string& program,
    const po::options_description& options,
    int argc,
    const char* const* argv,
    DashWords dash_words
) {
    return Splitter(program, options, dash_words).run(argc, argv);
}

bool given(const SplitArgs& args, const std::string& name) {
    return args.options.count(name) != 0U;
}

std::string last(const SplitArgs& args, const std::string& name, const std::string& fallback) {
    const auto it = args.options.find(name);
    return it == args.options.end() ? fallback : it->second.back();
}

std::uint64_t whole_number(
    const SplitArgs& args,
    const std::string& name,
    std::uint64_t fallback,
    std::uint64_t min,
    std::uint64_t max
) {
    if (!given(args, name)) {
        return fallback;
    }
    const std::string text = last(args, name);
    const std::string range = "--" + name + " takes a whole number from " + std::to_string(min)
                              + " to " + std::to_string(max) + ", not " + quoted(text);
    if (text.empty() || text.size() > 19
        || text.find_first_not_of("0123456789") != std::string::npos) {
        throw std::invalid_argument(range);
    }
    const std::uint64_t n = std::strtoull(text.c_str(), nullptr, 10);
    if (n < min || n > max) {
        throw std::invalid_argument(range);
    }
    return n;
}

double decimal_number(
    const SplitArgs& args,
    const std::string& name,
    double fallback,
    double min,
    bool min_excluded,
    double max
) {
    if (!given(args, name)) {
        return fallback;
    }
    const std::string text = last(args, name);
    char* end = nullptr;
    errno = 0;
    const double n = text.empty() ? NAN : std::strtod(text.c_str(), &end);
    const bool ok = !text.empty() && end != nullptr && *end == '\0' && errno == 0
                    && std::isfinite(n) && (min_excluded ? n > min : n >= min) && n <= max;
    if (!ok) {
        auto shown = [](double d) {
            std::string s = std::to_string(d);
            s.erase(s.find_last_not_of('0') + 1);
            if (!s.empty() && s.back() == '.') {
                s.pop_back();
            }
            return s;
        };
        throw std::invalid_argument(
            "--" + name + " takes a number " + (min_excluded ? "more than " : "from ") + shown(min)
            + (min_excluded ? " and at most " : " to ") + shown(max) + ", not " + quoted(text)
        );
    }
    return n;
}

std::string quoted(const std::string& text) {
    std::string out = "'";
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7f) {
            static constexpr std::string_view kHex = "0123456789abcdef";
            out += "\\x";
            out += kHex[u >> 4];
            out += kHex[u & 15];
        } else if (c == '\'' || c == '\\') {
            out += '\\';
            out += c;
        } else {
            out += c;
        }
    }
    return out + "'";
}

}  // namespace newsdex::cli
