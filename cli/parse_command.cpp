// `ivy parse FILE...`: the syntax tree of each file as S-expressions, or a summary.
#include "cli/commands.h"
#include "frontend/ast_printer.h"
#include "frontend/parser.h"

#include <cstdio>

namespace ivy::cli {

int run_parse(const Invocation& inv) {
    frontend::SexprOptions options;
    options.locations = inv.flag("locations");
    int status = kExitOk;
    for (const std::string& path : inv.files) {
        Diagnostics diags;
        std::optional<frontend::ast::File> file = frontend::parse_file(path, diags);
        print_diagnostics(diags);
        if (!file) {
            status = kExitBadInput;
            continue;
        }
        std::string text = inv.flag("summary") ? path + ": " + frontend::summarize(*file) + "\n"
                                               : frontend::to_sexpr(*file, options);
        std::fwrite(text.data(), 1, text.size(), stdout);
    }
    std::fflush(stdout);
    return status;
}

} // namespace ivy::cli
