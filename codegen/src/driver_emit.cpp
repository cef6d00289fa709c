// What the two drivers appended to NAME.cpp (target=repl and target=test) have in
// common: printing a call the way Ivy's REPL shows it, and a `main` prologue that
// reads the runtime options and the constructor's arguments from the command line.
#include "codegen/src/layout.h"

namespace ivy::codegen {

std::string outside(const Gen& g, const std::string& type) { return type == "bool" ? type : g.classname + "::" + type; }

std::string driver_class_head(const Gen& g, const std::string& suffix, const std::string& members,
                              const std::string& on_failed_assert, const std::string& on_failed_assume) {
    const std::string& c = g.classname;
    std::string out = "class " + c + suffix + " : public " + c + " {\npublic:\n    using " + c + "::" + c + ";\n";
    out += members + "\n";
    out += "    void ivy_assert(bool ok, [[maybe_unused]] const char* where) override {\n"
           "        if (!ok) " + on_failed_assert + "\n    }\n";
    out += "    void ivy_assume(bool ok, [[maybe_unused]] const char* where) override {\n"
           "        if (!ok) " + on_failed_assume + "\n    }\n";
    return out;
}

std::string import_override_head(Gen& g, ir::ActionId a) {
    Signature sig = g.signature(a);
    return "    " + sig.result_type + " " + g.import_method(a) + "(" + sig.param_list() + ") override {\n";
}

std::vector<std::string> shown_inputs(const Signature& sig) {
    std::vector<std::string> inputs;
    for (const auto& prm : sig.params)
        if (!prm.by_ref) inputs.push_back(prm.name);
    return inputs;
}

std::string print_call_text(const std::string& stream, const std::string& shown_name,
                            const std::vector<std::string>& args, int indent) {
    const std::string pad(static_cast<std::size_t>(indent), ' ');
    std::string out = pad + stream + " << " + cpp_string_literal(shown_name) + ";\n";
    if (!args.empty()) {
        out += pad + stream + " << '(';\n";
        for (size_t i = 0; i < args.size(); ++i) {
            if (i) out += pad + stream + " << ',';\n";
            out += pad + "ivy::extracted::print(" + stream + ", " + args[i] + ");\n";
        }
        out += pad + stream + " << ')';\n";
    }
    return out + pad + stream + " << std::endl;\n";
}

std::string print_result_text(const std::string& stream, const std::string& call, int indent) {
    const std::string pad(static_cast<std::size_t>(indent), ' ');
    return pad + "const auto result = " + call + ";\n" + pad + stream + " << \"= \";\n" + pad +
           "ivy::extracted::print(" + stream + ", result);\n" + pad + stream + " << std::endl;\n";
}

// ` || v < lo || hi < v` for a value of a range sort (a node id of `{0..2}`), which
// the class would otherwise take as it is; empty for other sorts.
static std::string outside_range(const CppSort& c, const std::string& v) {
    if (c.kind != CppSort::Kind::Range) return "";
    return " || " + v + " < " + std::to_string(c.lo) + " || " + std::to_string(c.hi) + " < " + v;
}

CommandLineText command_line_text(const Gen& g, const ClassInfo& info, const std::string& usage_options,
                                  const std::string& more_options) {
    std::vector<std::string> names;
    for (const auto& arg : info.ctor_args) names.push_back(arg.name);
    const std::string usage =
        "usage: " + g.classname + (names.empty() ? "" : " " + join(names, " ")) + " " + usage_options;
    CommandLineText cl;
    std::string& out = cl.code;
    out += "    auto cl = ivy::extracted::parse_command_line(argc, argv, error);\n";
    out += "    if (!cl || !ivy::extracted::apply_runtime_options(*cl, error)" + more_options + ") {\n"
           "        std::cerr << error << std::endl;\n        return 1;\n    }\n";
    out += "    if (!cl->options.empty() || cl->positional.size() != " + std::to_string(info.ctor_args.size()) + ") {\n";
    out += "        if (!cl->options.empty()) std::cerr << \"unknown option: \" << cl->options.begin()->first << std::endl;\n";
    out += "        std::cerr << " + cpp_string_literal(usage) + " << std::endl;\n        return 1;\n    }\n";
    for (size_t i = 0; i < info.ctor_args.size(); ++i) {
        const auto& arg = info.ctor_args[i];
        std::string v = "__arg" + std::to_string(i);
        out += "    " + outside(g, arg.type) + " " + v + "{};\n";
        out += "    if (!ivy::extracted::parse(cl->positional[" + std::to_string(i) + "], " + v + ")" +
               outside_range(g.types.sort(arg.sort), v) + ") {\n";
        out += "        std::cerr << " + cpp_string_literal("bad value for " + arg.name) + " << std::endl;\n";
        out += "        return 1;\n    }\n";
        cl.ctor_args.push_back(v);
    }
    return cl;
}

} // namespace ivy::codegen
