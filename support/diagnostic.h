// Errors and warnings as values.
//
// Components never print or exit; they return Diagnostics and the driver prints
// them in Ivy's form, `FILE: line N: error: MESSAGE`, which editors and scripts
// written for Ivy already understand.
#pragma once

#include "support/source_location.h"

#include <string>
#include <vector>

namespace ivy {

enum class Severity { Error, Warning };

struct Diagnostic {
    Severity severity = Severity::Error;
    SourceLocation loc;
    std::string message;
};

// `FILE: line N`, for messages that mention a place.
std::string location_text(SourceLocation loc);

// `FILE: line N: ` (Ivy's prefix for anything about a place), or "" when unknown.
std::string location_prefix(SourceLocation loc);

// `FILE: line N: error: MESSAGE`, or `error: MESSAGE` when the location is unknown.
std::string format(const Diagnostic& d);

// An ordered collection of diagnostics, filled by a pass and read by the driver.
class Diagnostics {
public:
    void error(SourceLocation loc, std::string message);
    void warning(SourceLocation loc, std::string message);
    void add(Diagnostic d) { list_.push_back(std::move(d)); }

    bool has_errors() const;
    bool empty() const { return list_.empty(); }
    const std::vector<Diagnostic>& all() const { return list_; }

private:
    std::vector<Diagnostic> list_;
};

} // namespace ivy
