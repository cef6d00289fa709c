#include "support/diagnostic.h"

#include <algorithm>

namespace ivy {

std::string location_text(SourceLocation loc) {
    return file_name(loc.file) + ": line " + std::to_string(loc.line);
}

std::string location_prefix(SourceLocation loc) { return loc.known() ? location_text(loc) + ": " : std::string(); }

std::string format(const Diagnostic& d) {
    std::string out = location_prefix(d.loc);
    out += d.severity == Severity::Error ? "error: " : "warning: ";
    out += d.message;
    return out;
}

void Diagnostics::error(SourceLocation loc, std::string message) {
    list_.push_back({Severity::Error, loc, std::move(message)});
}

void Diagnostics::warning(SourceLocation loc, std::string message) {
    list_.push_back({Severity::Warning, loc, std::move(message)});
}

bool Diagnostics::has_errors() const {
    return std::any_of(list_.begin(), list_.end(),
                       [](const Diagnostic& d) { return d.severity == Severity::Error; });
}

} // namespace ivy
