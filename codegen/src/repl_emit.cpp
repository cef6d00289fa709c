// target=repl: a subclass that prints the calls of imported actions and ends the
// program on a failed check, and a `main` that reads exported-action calls
// (docs/extraction-and-runtime.md 1.12; runtime/extracted/repl.h does the reading).
#include "codegen/src/layout.h"

namespace ivy::codegen {
namespace {

// The override of an imported action: `< name(args)`, then `? ` for a result.
std::string import_override(Gen& g, ir::ActionId a) {
    Signature sig = g.signature(a);
    std::string out = import_override_head(g, a);
    out += print_call_text("std::cout", "< " + ivy_action_name(g.p, a), shown_inputs(sig), 8);
    if (sig.result) {
        const std::string type = g.type_of(*sig.result);
        out += "        for (;;) {\n";
        out += "            std::optional<std::string> line = __repl ? __repl->next_line() : std::nullopt;\n";
        out += "            if (!line) return " + type + "{};\n";
        out += "            " + type + " v{};\n";
        out += "            if (ivy::extracted::Repl::read_value(*line, v)) return v;\n";
        out += "            std::cerr << \"bad value\" << std::endl;\n";
        out += "        }\n";
    }
    out += "    }\n";
    return out;
}

// The REPL's entry for an exported action: parse the arguments, call, print `= r`.
std::string api_entry(Gen& g, ir::ActionId a) {
    Signature sig = g.signature(a);
    std::vector<std::string> args;
    std::string parse;
    std::size_t arity = 0;
    for (const auto& prm : sig.params) {
        std::string v = "__v" + std::to_string(args.size());
        parse += "        " + outside(g, prm.type) + " " + v + "{};\n";
        if (!prm.by_ref) {
            parse += "        if (!ivy::extracted::parse(args[" + std::to_string(arity) + "], " + v +
                     ")) {\n            error = \"bad value for parameter " + std::to_string(arity + 1) +
                     "\";\n            return false;\n        }\n";
            ++arity;
        }
        args.push_back(v);
    }
    std::string out = "    repl.add(" + cpp_string_literal(ivy_action_name(g.p, a)) + ", " + std::to_string(arity) +
                      ", [&](const std::vector<ivy::extracted::Value>& args, std::string& error) -> bool {\n";
    out += "        (void)args;\n        (void)error;\n" + parse;
    std::string call = "object." + g.method(a) + "(" + join(args) + ")";
    out += sig.result ? print_result_text("std::cout", call, 8) : "        " + call + ";\n";
    out += "        return true;\n    });\n";
    return out;
}

} // namespace

std::string emit_repl(Gen& g, const ClassInfo& info) {
    const std::string& c = g.classname;
    std::string out = "\n// ---- the REPL (target=repl)\n\n#include \"runtime/extracted/repl.h\"\n\n";
    out += driver_class_head(g, "_repl", "    ivy::extracted::Repl* __repl = nullptr;\n",
                             "ivy::extracted::repl_check_failed(\"assertion_failed\", where);",
                             "ivy::extracted::repl_check_failed(\"assumption_failed\", where);");
    for (ir::ActionId a : info.imports) out += import_override(g, a);
    out += "};\n\n";

    out += "int main(int argc, char** argv) {\n";
    out += "    std::string error;\n";
    CommandLineText cl = command_line_text(g, info, "[cluster=host:port,...] [tick_ms=N] [cluster_id=S]", "");
    out += cl.code;
    std::vector<std::string> ctor = cl.ctor_args;
    out += "    // A node that cannot listen is useless: report and stop.\n";
    out += "    ivy::extracted::settings().fatal = [](const std::string& message) {\n"
           "        std::cerr << message << std::endl;\n        std::_Exit(1);\n    };\n";
    out += "    ivy::runtime::Loop& loop = ivy::extracted::default_loop();\n";
    ctor.push_back("loop");
    out += "    " + c + "_repl object(" + join(ctor) + ");\n";
    out += "    ivy::extracted::Repl repl(loop);\n    object.__repl = &repl;\n";
    for (ir::ActionId a : info.api) out += api_entry(g, a);
    out += "    object.__init();\n    object.__unlock();\n";
    out += "    return repl.run();\n}\n";
    return out;
}

} // namespace ivy::codegen
