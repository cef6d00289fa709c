// `ivy show [isolate=NAME] FILE`: the elaborated program in Ivy-like syntax.
#include "cli/commands.h"
#include "frontend/elaborate.h"
#include "ir/printer.h"

#include <cstdio>

namespace ivy::cli {

int run_show(const Invocation& inv) {
    Diagnostics diags;
    std::optional<ir::Program> program =
        frontend::elaborate_file(inv.files[0], standard_elaborate_options(), diags);
    print_diagnostics(diags);
    if (!program) return kExitBadInput;
    ir::ShowOptions options;
    options.isolate = inv.option("isolate");
    std::string text = ir::show(*program, options);
    if (!options.isolate.empty() && text.empty()) {
        std::printf("error: undefined isolate: %s\n", options.isolate.c_str());
        return kExitBadInput;
    }
    std::fwrite(text.data(), 1, text.size(), stdout);
    return kExitOk;
}

} // namespace ivy::cli
