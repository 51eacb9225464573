// SPDX-License-Identifier: MIT
// The indexing run's dispatch: the inputs read in order and handed out as
// work (an article file whole; JSON and TREC files cut into articles).
#include "catalog/formats.h"
#include "index/pipeline.h"

#include <nlohmann/json.hpp>

#include <utility>

namespace newsdex::detail::indexing {

// Reads the inputs in order and hands out work: an article file whole, a
// JSON Lines or TREC file line by line (their articles are cut here, so
// memory does not grow with the file).
void Pipeline::dispatch(const std::vector<std::string>& inputs) {
    std::size_t input = 0;
    detail::enumerate_inputs(
        inputs,
        [&](detail::InputFile file) {
            if (stopped()) {
                return;
            }
            ++input;
            if (file.format == detail::Format::kText || file.format == detail::Format::kHtml) {
                Item item;
                item.kind = Item::Kind::kFile;
                item.bytes = file.size;
                item.where = file.display;
                item.input = input;
                item.file = std::move(file);
                push(std::move(item));
                return;
            }
            if (file.format == detail::Format::kJson) {
                dispatch_json(file, input);
                return;
            }
            dispatch_archive(file, input);
        },
        [&](const InputProblem& p) {
            // A rejected input was not read at all.
            problem_item(p.where, p.message, p.rejected, p.rejected);
        },
        [&](std::size_t given) { given_now_ = given; },
        [&](const std::string&, const std::string& name) {
            const std::string kind = detail::file_kind(name);
            ++unsupported_[kind];
            ++unsupported_by_input_[given_now_][kind];
        }
    );
}

// A .json file: JSON Lines when its first line that is not blank is a
// JSON object by itself; else one JSON document (read whole, up to the
// record limit): an article object, or an array of them.
void Pipeline::dispatch_json(const detail::InputFile& file, std::size_t input) {
    const std::size_t limit = record_limit();
    if (json_holds_lines(file, limit)) {
        dispatch_archive(file, input);
        return;
    }
    std::optional<std::string> text = json_document(file, limit);
    if (!text) {
        return;
    }
    nlohmann::json doc;
    try {
        doc = nlohmann::json::parse(*text);
    } catch (const nlohmann::json::parse_error& e) {
        problem_item(
            file.display,
            "not JSON Lines, nor one JSON document: not valid JSON at byte "
                + std::to_string(e.byte)
                + "; a .json file holds JSON Lines (one article object a line), one article "
                  "object or an array of them",
            true,
            true
        );
        return;
    }
    std::string().swap(*text);
    std::uint64_t bytes_left = file.size;
    const auto push_article = [&](std::string json, const std::string& suffix) {
        Item item;
        item.kind = Item::Kind::kJson;
        item.text = std::move(json);
        item.where = file.display + suffix;
        item.origin = file.real + suffix;
        item.default_id = file.default_id + suffix;
        item.input = input;
        item.bytes = std::exchange(bytes_left, 0);
        push(std::move(item));
    };
    if (doc.is_object()) {
        push_article(doc.dump(), {});
        return;
    }
    if (!doc.is_array()) {
        problem_item(
            file.display,
            "a .json file holds JSON Lines (one article object a line), one article object "
            "or an array of them; this one is "
                + std::string(doc.is_string() ? "a string" : "a single value"),
            true,
            true
        );
        return;
    }
    // Each element is an article, named by its place: `file.json[3]`.
    std::size_t n = 0;
    for (nlohmann::json& element : doc) {
        ++n;
        push_article(element.dump(), "[" + std::to_string(n) + "]");
        element = nullptr;
    }
    if (n == 0) {
        problem_item(file.display, "an empty JSON array; nothing to index", true, true);
    }
}

// Whether a .json file holds JSON Lines: its first line that is not blank
// is a JSON object by itself (or too long to tell).
bool Pipeline::json_holds_lines(const detail::InputFile& file, std::size_t limit) {
    detail::LineReader reader(file.file.string(), limit);
    std::string line;
    while (reader.ok() && reader.next(line)) {
        const std::size_t start = line.find_first_not_of(" \t\r");
        if (start == std::string::npos && !reader.too_long()) {
            continue;
        }
        return reader.too_long() || (line[start] == '{' && nlohmann::json::accept(line));
    }
    return true;
}

// The whole text of a .json file that is one JSON document; nullopt (with
// the problem told) when it cannot be read or is larger than `limit`.
std::optional<std::string>
Pipeline::json_document(const detail::InputFile& file, std::size_t limit) {
    std::string text;
    std::uint64_t size = 0;
    detail::LineReader reader(file.file.string(), limit);
    std::string line;
    while (reader.next(line)) {
        size += reader.line_size() + 1;
        if (size > limit || reader.too_long()) {
            std::string().swap(text);
            continue;  // measured to its end
        }
        text += line;
        text += '\n';
    }
    if (!reader.error().empty() && reader.data_lost()) {
        problem_item(
            file.display, "cannot read: " + reader.error() + "; nothing indexed", true, true
        );
        return std::nullopt;
    }
    if (size > limit) {
        problem_item(file.display, detail::too_large("JSON document", size, limit), true, true);
        return std::nullopt;
    }
    return text;
}

// A JSON Lines or TREC file being read: the reader, the bytes handed out
// so far and, for TREC, the document open (from <DOC> to </DOC>), its
// first line, and its size when it grew past the limit (then it is no
// longer kept).
struct ArchiveRead {
    ArchiveRead(const detail::InputFile& f, std::size_t in, std::size_t lim)
        : file(f), input(in), limit(lim), reader(f.display == "-" ? "-" : f.file.string(), lim) {}

    // The bytes read since the last article handed out.
    std::uint64_t taken() {
        const std::uint64_t now = reader.bytes();
        const std::uint64_t delta = now - bytes;
        bytes = now;
        return delta;
    }

    const detail::InputFile& file;
    std::size_t input;
    std::size_t limit;
    detail::LineReader reader;
    std::uint64_t bytes = 0;
    std::string doc;
    bool open = false;
    std::size_t doc_line = 0;
    std::uint64_t doc_size = 0;
    bool doc_too_large = false;
    std::size_t docs = 0;
    bool text = false;  // TREC: anything but white space seen
};

void Pipeline::dispatch_archive(const detail::InputFile& file, std::size_t input) {
    ArchiveRead a(file, input, record_limit());
    if (!a.reader.ok()) {
        problem_item(file.display, "cannot read: " + a.reader.error(), true, true);
        return;
    }
    const bool trec = file.format == detail::Format::kTrec;
    std::string line;
    while (!stopped() && a.reader.next(line)) {
        if (trec) {
            trec_line(a, line);
        } else {
            json_line(a, line);
        }
    }
    archive_end(a);
}

// A line of a JSON Lines file: an article, unless blank or too long.
void Pipeline::json_line(ArchiveRead& a, std::string& line) {
    const std::size_t line_no = a.reader.line_number();
    if (a.reader.too_long()) {
        problem_item(
            a.file.display + ":" + std::to_string(line_no),
            detail::too_large("line", a.reader.line_size(), a.limit)
                + ", the rest of the file is indexed",
            true,
            true
        );
        return;
    }
    if (line.find_first_not_of(" \t\r") == std::string::npos) {
        return;
    }
    Item item;
    item.kind = Item::Kind::kJson;
    item.text = std::move(line);
    item.where = a.file.display + ":" + std::to_string(line_no);
    item.origin = a.file.real + ":" + std::to_string(line_no);
    item.default_id = a.file.default_id + ":" + std::to_string(line_no);
    item.input = a.input;
    item.bytes = a.taken();
    push(std::move(item));
    line.clear();
}

// A line of a TREC file: collect <DOC> ... </DOC>. A <DOC> while one is open
// ends that one: its </DOC> is missing, and it must not swallow the next
// document.
void Pipeline::trec_line(ArchiveRead& a, const std::string& line) {
    const std::size_t line_no = a.reader.line_number();
    const bool opens =
        line.find("<DOC>") != std::string::npos || line.find("<doc>") != std::string::npos;
    a.text = a.text || line.find_first_not_of(" \t\r") != std::string::npos;
    if (a.open && opens) {
        push_doc(
            a,
            "<DOC> has no </DOC>; read up to the next <DOC> (line " + std::to_string(line_no) + ")"
        );
    }
    if (!a.open && !opens) {
        return;
    }
    if (!a.open) {
        a.open = true;
        a.doc_line = line_no;
        a.doc_size = 0;
    }
    a.doc_size += a.reader.line_size() + 1;
    if (!a.doc_too_large && (a.reader.too_long() || a.doc_size > a.limit)) {
        // Kept no longer: read through to its end and measured.
        a.doc_too_large = true;
        std::string().swap(a.doc);
    }
    if (!a.doc_too_large) {
        a.doc += line;
        a.doc += '\n';
    }
    if (line.find("</DOC>") != std::string::npos || line.find("</doc>") != std::string::npos) {
        push_doc(a, {});
    }
}

// A TREC document, cut out: `note` says what was missing.
void Pipeline::push_doc(ArchiveRead& a, std::string note) {
    a.open = false;
    ++a.docs;
    if (a.doc_too_large) {
        // Its id is unknown: an earlier version of it is not pruned.
        problem_item(
            a.file.display + ":" + std::to_string(a.doc_line),
            detail::too_large("TREC document", a.doc_size, a.limit)
                + ", the rest of the file is indexed",
            true,
            true
        );
        a.doc_too_large = false;
        return;
    }
    Item item;
    item.kind = Item::Kind::kTrec;
    item.text = std::move(a.doc);
    item.where = a.file.display + ":" + std::to_string(a.doc_line);
    item.origin = a.file.real + ":" + std::to_string(a.doc_line);
    item.default_id = a.file.default_id + ":" + std::to_string(a.doc_line);
    item.note = std::move(note);
    item.line = a.doc_line;
    item.input = a.input;
    item.bytes = a.taken();
    push(std::move(item));
    a.doc.clear();
}

// The end of a JSON Lines or TREC file: damage told, a TREC document left
// open handed out, a TREC file without documents rejected.
void Pipeline::archive_end(ArchiveRead& a) {
    const detail::InputFile& file = a.file;
    detail::LineReader& reader = a.reader;
    if (!reader.error().empty() && reader.data_lost()) {
        // Every complete line before the damage is indexed; the line it
        // is in, and the TREC document open there, are not.
        const std::string& error = reader.error();
        std::string what = error + " in this line";
        if (error == "gzip: unexpected end of file") {
            what = "the gzip data ends in this line, cut short (is the file complete?)";
        } else if (error.rfind("gzip: ", 0) == 0) {
            what = "the gzip data is damaged in this line (" + error.substr(6) + ")";
        }
        problem_item(
            file.display + ":" + std::to_string(reader.line_number()),
            what + "; what comes before it is indexed, the rest of the file is lost",
            true,
            true
        );
        return;
    }
    if (a.open) {
        push_doc(a, "<DOC> has no </DOC>; read up to the end of the file");
    }
    if (!reader.error().empty()) {
        problem_item(
            file.display + ":" + std::to_string(reader.line_number()),
            "the gzip check at the end of the file fails (" + reader.error().substr(6)
                + "): every line was read and indexed, but the file is damaged, so some of "
                  "that text may be wrong; test it with gzip -t",
            false,
            false
        );
    } else if (file.format == detail::Format::kTrec && a.docs == 0 && a.text) {
        problem_item(file.display, "no TREC <DOC> in this file; nothing to index", true, true);
    }
}

// A problem found while walking or reading, reported in input order.
void Pipeline::problem_item(
    const std::string& where, const std::string& message, bool rejected, bool lost
) {
    Item item;
    item.kind = Item::Kind::kProblem;
    item.where = where;
    item.text = message;
    item.rejected = rejected;
    item.lost = lost;
    push(std::move(item));
}

}  // namespace newsdex::detail::indexing
