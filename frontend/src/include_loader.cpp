#include "frontend/src/include_loader.h"

#include "frontend/parser.h"
#include "support/file_io.h"

#include <filesystem>
#include <set>

namespace ivy::frontend {
namespace {

namespace fs = std::filesystem;

std::string canonical_or_same(const std::string& path) {
    std::error_code ec;
    fs::path p = fs::weakly_canonical(path, ec);
    return ec ? path : p.string();
}

class Loader {
public:
    Loader(const std::vector<std::string>& library_dirs, Diagnostics& diags)
        : library_dirs_(library_dirs), diags_(diags) {}

    // Parses and splices `text`, the contents of the file displayed as `name`.
    bool load(std::string_view text, const std::string& name, std::vector<ast::Decl>& out) {
        std::optional<ast::File> file = parse_text(text, intern_file(name), diags_);
        if (!file) return false;
        if (stack_.empty()) version_ = file->version;
        stack_.push_back(canonical_or_same(name));
        included_.insert(stack_.back());
        bool ok = true;
        for (ast::Decl& d : file->decls) {
            if (auto* inc = std::get_if<ast::IncludeDecl>(&d.node)) {
                ok = include(inc->name, name, d.loc, out) && ok;
                if (!ok) break;
            } else {
                out.push_back(std::move(d));
            }
        }
        stack_.pop_back();
        return ok;
    }

private:
    bool include(const std::string& name, const std::string& from, SourceLocation at,
                 std::vector<ast::Decl>& out) {
        std::optional<std::string> path = find(name + ".ivy", from);
        if (!path) {
            std::string looked = fs::path(from).parent_path().string();
            if (looked.empty()) looked = ".";
            looked += ", the working directory";
            for (const std::string& dir : library_dirs_) looked += ", " + dir;
            diags_.error(at, "cannot find include file '" + name + ".ivy' (looked in " + looked + ")");
            return false;
        }
        std::string canonical = canonical_or_same(*path);
        for (const std::string& open : stack_) {
            if (open == canonical) {
                diags_.error(at, "include cycle: '" + name + ".ivy' is already being included");
                return false;
            }
        }
        if (included_.count(canonical)) return true; // each file once
        std::string error;
        std::optional<std::string> text = read_text_file(*path, error);
        if (!text) {
            diags_.error(at, error);
            return false;
        }
        if (!check_version(*text, name, at)) return false;
        return load(*text, *path, out);
    }

    // A bare `#lang ivy` keeps the main file's version; another version is an error.
    bool check_version(const std::string& text, const std::string& name, SourceLocation at) {
        constexpr std::string_view kPrefix = "#lang ivy";
        std::string first = text.substr(0, text.find('\n'));
        while (!first.empty() && (first.back() == '\r' || first.back() == ' ')) first.pop_back();
        if (first.rfind(kPrefix, 0) != 0) return true; // the parser reports a missing header
        std::string version = first.substr(kPrefix.size());
        if (version.empty() || version == version_ || version_.empty()) return true;
        diags_.error(at, "'" + name + ".ivy' is written in ivy" + version +
                             " but the including program in ivy" + version_);
        return false;
    }

    std::optional<std::string> find(const std::string& file, const std::string& from) const {
        std::vector<fs::path> candidates{fs::path(from).parent_path() / file, fs::path(file)};
        for (const std::string& dir : library_dirs_) candidates.push_back(fs::path(dir) / file);
        for (const fs::path& c : candidates) {
            std::error_code ec;
            if (fs::is_regular_file(c, ec)) return c.lexically_normal().string();
        }
        return std::nullopt;
    }

    const std::vector<std::string>& library_dirs_;
    Diagnostics& diags_;
    std::vector<std::string> stack_;  // files being loaded, outermost first
    std::set<std::string> included_;  // every file loaded so far
    std::string version_;             // the main file's
};

} // namespace

std::optional<std::vector<ast::Decl>> load_program_text(std::string_view text,
                                                        const std::string& display_name,
                                                        const std::vector<std::string>& library_dirs,
                                                        Diagnostics& diags) {
    std::vector<ast::Decl> decls;
    Loader loader(library_dirs, diags);
    if (!loader.load(text, display_name, decls)) return std::nullopt;
    return decls;
}

std::optional<std::vector<ast::Decl>> load_program(const std::string& main_path,
                                                   const std::vector<std::string>& library_dirs,
                                                   Diagnostics& diags) {
    std::string error;
    std::optional<std::string> text = read_text_file(main_path, error);
    if (!text) {
        diags.error({}, error);
        return std::nullopt;
    }
    return load_program_text(*text, main_path, library_dirs, diags);
}

} // namespace ivy::frontend
