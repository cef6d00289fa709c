// Reading whole files, with errors as values.
#pragma once

#include <optional>
#include <string>

namespace ivy {

// The contents of the regular file at `path`, or nothing with `error` set to a
// sentence such as "cannot read 'x.ivy': No such file or directory".
std::optional<std::string> read_text_file(const std::string& path, std::string& error);

} // namespace ivy
