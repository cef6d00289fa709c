#include "support/diagnostic.h"

#include <algorithm>

namespace ivy {

std::string format(const Diagnostic& d) {
    std::string out;
    if (d.loc.known()) {
        out += file_name(d.loc.file);
        out += ": line ";
        out += std::to_string(d.loc.line);
        out += ": ";
    }
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
