#include "frontend/elaborate.h"

#include "frontend/src/auto_labels.h"
#include "frontend/src/compiler.h"
#include "frontend/src/flatten.h"
#include "frontend/src/include_loader.h"

namespace ivy::frontend {
namespace {

std::optional<ir::Program> elaborate_decls(std::optional<std::vector<ast::Decl>> decls, Diagnostics& diags) {
    if (!decls || diags.has_errors()) return std::nullopt;
    assign_automatic_labels(*decls);
    FlatProgram flat = flatten(std::move(*decls), diags);
    if (diags.has_errors()) return std::nullopt;
    ir::Program program = Compiler(std::move(flat), diags).run();
    if (diags.has_errors()) return std::nullopt;
    return program;
}

} // namespace

std::optional<ir::Program> elaborate_file(const std::string& path, const ElaborateOptions& options,
                                          Diagnostics& diags) {
    return elaborate_decls(load_program(path, options.library_dirs, diags), diags);
}

std::optional<ir::Program> elaborate_text(std::string_view text, const std::string& name,
                                          const ElaborateOptions& options, Diagnostics& diags) {
    return elaborate_decls(load_program_text(text, name, options.library_dirs, diags), diags);
}

} // namespace ivy::frontend
