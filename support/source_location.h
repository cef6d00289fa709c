// Where a piece of text came from: a file, a line and a column.
//
// Every AST node, Program formula and statement carries one, so locations must be
// small and cheap to copy. File names are therefore interned once in a process-wide
// table and nodes hold only a FileId.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ivy {

using FileId = std::uint32_t;

// FileId 0 is reserved for text with no file (built-in or generated).
inline constexpr FileId kNoFile = 0;

struct SourceLocation {
    FileId file = kNoFile;
    std::uint32_t line = 0;   // 1-based; 0 = unknown
    std::uint32_t column = 0; // 1-based; 0 = unknown

    bool known() const { return line != 0; }
    friend bool operator==(const SourceLocation&, const SourceLocation&) = default;
};

// Interns `name` (as it should be printed in messages) and returns its id.
// Registering the same name twice returns the same id. Thread-safe.
FileId intern_file(std::string_view name);

// The printed name of a file; "(internal)" for kNoFile. Thread-safe; the
// reference stays valid for the life of the process.
const std::string& file_name(FileId id);

} // namespace ivy
