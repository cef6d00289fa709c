// Helpers shared by the elaboration tests: elaborate a snippet with the standard
// library on the search path, and read what `ivy show` prints for it, whole, without
// its location comments, or one section at a time.
#pragma once

#include "frontend/elaborate.h"
#include "ir/printer.h"
#include "ir/program.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace ivy::frontend::testing {

inline constexpr std::string_view kHeader = "#lang ivy1.7\n";

// The name snippets are elaborated under; their line 1 is the `#lang` line, so line
// N of a snippet is line N + 1 in messages and location comments.
inline const std::string kTestFile = "test.ivy";

// The standard library folder for Ivy 1.7.
inline std::string stdlib_dir() {
    return std::string(IVY_STDLIB_DIR) + "/1.7";
}

inline ElaborateOptions standard_options() {
    ElaborateOptions options;
    options.library_dirs.push_back(stdlib_dir());
    return options;
}

// A snippet's elaboration: the program (when there was no error) and the messages.
struct Elaboration {
    std::optional<ir::Program> program;
    Diagnostics diags;

    // The first error as Ivy prints it (`FILE: line N: error: MESSAGE`); empty if none.
    std::string first_error() const {
        for (const Diagnostic& d : diags.all())
            if (d.severity == Severity::Error) return format(d);
        return "";
    }
};

// Elaborates a whole file's text (with its own `#lang` line), named `name`.
inline Elaboration elaborate_file_text(std::string_view text, const std::string& name = kTestFile) {
    Elaboration out;
    out.program = elaborate_text(text, name, standard_options(), out.diags);
    return out;
}

// Elaborates `body` (written without the `#lang ivy1.7` line).
inline Elaboration elaborate_body(std::string_view body) {
    return elaborate_file_text(std::string(kHeader) + std::string(body));
}

// Elaborates the file at `path`.
inline Elaboration elaborate_path(const std::string& path) {
    Elaboration out;
    out.program = elaborate_file(path, standard_options(), out.diags);
    return out;
}

// What `ivy show` prints for an elaboration, or "error: " and the first error.
inline std::string show_result(const Elaboration& e) {
    if (!e.program) {
        std::string error = e.first_error();
        return "error: " +
               (error.empty() ? std::string("(elaboration failed without a message)") : error);
    }
    return ir::show(*e.program);
}

// What `ivy show` prints for `body` (with the `#lang ivy1.7` line added), or "error: "
// and the first error.
inline std::string show_of(std::string_view spec_body) {
    return show_result(elaborate_body(spec_body));
}

// The first error for `body`, as Ivy prints it; empty when it elaborates.
inline std::string error_of(std::string_view spec_body) {
    return elaborate_body(spec_body).first_error();
}

// `text` without the `  # FILE: line N` comments that end its lines.
inline std::string strip_locations(std::string_view text) {
    static const std::regex kLocation("  # [^#\n]*: line [0-9]+$");
    std::istringstream in{std::string(text)};
    std::string out, line;
    while (std::getline(in, line))
        out += std::regex_replace(line, kLocation, "") + "\n";
    return out;
}

// The show output of `body` without location comments (or "error: ...").
inline std::string bare_show_of(std::string_view spec_body) {
    return strip_locations(show_of(spec_body));
}

// The lines of the section of show output `shown` whose heading starts with
// `# TITLE` ("sorts", "symbols", "definitions", "axioms", "actions", "initializers",
// "isolates"), without the heading and the empty line after it. If `shown` is an
// error, the error itself.
inline std::string section(std::string_view shown, std::string_view title) {
    if (shown.rfind("error: ", 0) == 0) return std::string(shown);
    std::istringstream in{std::string(shown)};
    std::string out, line;
    bool inside = false;
    const std::string heading = "# " + std::string(title);
    while (std::getline(in, line)) {
        if (!inside) {
            inside = line.rfind(heading, 0) == 0;
            continue;
        }
        if (line.empty()) break;
        out += line + "\n";
    }
    return out;
}

// One section of the show output of `body`, without location comments.
inline std::string section_of(std::string_view spec_body, std::string_view title) {
    return section(bare_show_of(spec_body), title);
}

// The lines of `text` that contain `needle`.
inline std::string lines_with(std::string_view text, std::string_view needle) {
    std::istringstream in{std::string(text)};
    std::string out, line;
    while (std::getline(in, line))
        if (line.find(needle) != std::string::npos) out += line + "\n";
    return out;
}

// A fresh folder under the system's temporary directory, removed with everything in it
// when the object goes away. Tests run as separate processes, possibly at once, so each
// gets its own.
class TempDir {
public:
    TempDir() {
        namespace fs = std::filesystem;
        std::string pattern = (fs::temp_directory_path() / "ivy-elab-XXXXXX").string();
        std::vector<char> buffer(pattern.begin(), pattern.end());
        buffer.push_back('\0');
        if (char* made = mkdtemp(buffer.data())) path_ = made;
    }
    ~TempDir() {
        std::error_code ec;
        if (!path_.empty()) std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    bool ok() const { return !path_.empty(); }
    const std::filesystem::path& path() const { return path_; }

    // Writes `text` to `relative` (folders created as needed) and returns its path.
    std::string write(const std::string& relative, std::string_view text) const {
        std::filesystem::path file = path_ / relative;
        std::filesystem::create_directories(file.parent_path());
        std::ofstream out(file, std::ios::binary);
        out << text;
        return file.string();
    }

private:
    std::filesystem::path path_;
};

} // namespace ivy::frontend::testing
