// target=repl: a subclass that prints the calls of imported actions and ends the
// program on a failed check, and a `main` that reads exported-action calls
// (docs/extraction-and-runtime.md 1.12; runtime/extracted/repl.h does the reading).
#include "codegen/src/layout.h"

namespace ivy::codegen {
namespace {

std::string join(const std::vector<std::string>& items, const std::string& sep = ", ") {
    std::string out;
    for (size_t i = 0; i < items.size(); ++i) out += (i ? sep : "") + items[i];
    return out;
}

// The override of an imported action: `< name(args)`, then `? ` for a result.
std::string import_override(Gen& g, ir::ActionId a) {
    Signature sig = g.signature(a);
    std::string out = "    " + sig.result_type + " " + g.import_method(a) + "(" + sig.param_list() + ") override {\n";
    out += "        std::cout << " + cpp_string_literal("< " + ivy_action_name(g.p, a)) + ";\n";
    std::vector<std::string> inputs;
    for (const auto& prm : sig.params)
        if (!prm.by_ref) inputs.push_back(prm.name);
    if (!inputs.empty()) {
        out += "        std::cout << '(';\n";
        for (size_t i = 0; i < inputs.size(); ++i) {
            if (i) out += "        std::cout << ',';\n";
            out += "        ivy::extracted::print(std::cout, " + inputs[i] + ");\n";
        }
        out += "        std::cout << ')';\n";
    }
    out += "        std::cout << std::endl;\n";
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

// A nested type of the class, as written outside it.
std::string outside(const Gen& g, const std::string& type) { return type == "bool" ? type : g.classname + "::" + type; }

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
    if (sig.result) {
        out += "        const auto result = " + call + ";\n";
        out += "        std::cout << \"= \";\n        ivy::extracted::print(std::cout, result);\n"
               "        std::cout << std::endl;\n";
    } else {
        out += "        " + call + ";\n";
    }
    out += "        return true;\n    });\n";
    return out;
}

} // namespace

std::string emit_repl(Gen& g, const ClassInfo& info) {
    const std::string& c = g.classname;
    std::string out = "\n// ---- the REPL (target=repl)\n\n#include \"runtime/extracted/repl.h\"\n\n";
    out += "class " + c + "_repl : public " + c + " {\npublic:\n    using " + c + "::" + c + ";\n";
    out += "    ivy::extracted::Repl* __repl = nullptr;\n\n";
    out += "    void ivy_assert(bool ok, const char* where) override {\n"
           "        if (!ok) ivy::extracted::repl_check_failed(\"assertion_failed\", where);\n    }\n";
    out += "    void ivy_assume(bool ok, const char* where) override {\n"
           "        if (!ok) ivy::extracted::repl_check_failed(\"assumption_failed\", where);\n    }\n";
    for (ir::ActionId a : info.imports) out += import_override(g, a);
    out += "};\n\n";

    std::vector<std::string> usage_names;
    for (const auto& arg : info.ctor_args) usage_names.push_back(arg.name);
    std::string usage = "usage: " + c + (usage_names.empty() ? "" : " " + join(usage_names, " ")) +
                        " [cluster=host:port,...] [tick_ms=N] [cluster_id=S]";
    out += "int main(int argc, char** argv) {\n";
    out += "    std::string error;\n";
    out += "    auto cl = ivy::extracted::parse_command_line(argc, argv, error);\n";
    out += "    if (!cl || !ivy::extracted::apply_runtime_options(*cl, error)) {\n"
           "        std::cerr << error << std::endl;\n        return 1;\n    }\n";
    out += "    if (!cl->options.empty() || cl->positional.size() != " + std::to_string(info.ctor_args.size()) + ") {\n";
    out += "        if (!cl->options.empty()) std::cerr << \"unknown option: \" << cl->options.begin()->first << std::endl;\n";
    out += "        std::cerr << " + cpp_string_literal(usage) + " << std::endl;\n        return 1;\n    }\n";
    std::vector<std::string> ctor;
    for (size_t i = 0; i < info.ctor_args.size(); ++i) {
        const auto& arg = info.ctor_args[i];
        std::string v = "__arg" + std::to_string(i);
        out += "    " + outside(g, arg.type) + " " + v + "{};\n";
        out += "    if (!ivy::extracted::parse(cl->positional[" + std::to_string(i) + "], " + v + ")) {\n";
        out += "        std::cerr << " + cpp_string_literal("bad value for " + arg.name) + " << std::endl;\n";
        out += "        return 1;\n    }\n";
        ctor.push_back(v);
    }
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
