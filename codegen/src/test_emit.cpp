// target=test: a subclass whose checks throw (a violated assumption rejects the
// generated inputs, a violated guarantee fails the test) and whose imported
// actions print their calls and return random values, random generators for the
// sorts the environment supplies, and a `main` running random steps
// (runtime/extracted/tester.h runs them).
#include "codegen/src/layout.h"

#include <functional>
#include <set>

namespace ivy::codegen {
namespace {

std::string generator(const Gen& g, ir::SortId s) { return "__random_" + (s == ir::kBoolSort ? std::string("bool") : g.type(s)); }

// A member function returning a random value of sort `s`.
std::string generator_text(const Gen& g, ir::SortId s) {
    const CppSort& c = g.types.sort(s);
    const std::string& t = g.type(s);
    std::string body;
    switch (c.kind) {
    case CppSort::Kind::Bool:
        body = "return r.coin();";
        break;
    case CppSort::Kind::Enum:
        body = "return (" + t + ")r.below(" + std::to_string(*c.card) + ");";
        break;
    case CppSort::Kind::Range:
        body = "return (" + t + ")r.between(" + std::to_string(c.lo) + ", " + std::to_string(c.hi) + ");";
        break;
    case CppSort::Kind::String:
        body = "static const char* const values[] = {\"\", \"a\", \"b\", \"ab\"};\n        return " + t +
               "(values[r.below(4)]);";
        break;
    case CppSort::Kind::Struct: {
        body = t + " v{};\n";
        for (ir::SymbolId f : g.p.sorts[s].fields)
            if (g.p.symbols[f].kind == ir::Symbol::Kind::Destructor)
                body += "        v." + g.field(f) + " = " + generator(g, g.p.symbols[f].range) + "(r);\n";
        body += "        return v;";
        break;
    }
    case CppSort::Kind::Native:
        if (c.vector_class && c.deps.size() == 1) {
            body = t + " v;\n        for (long long n = r.below(4); n > 0; --n) v.push_back(" + generator(g, c.deps[0]) +
                   "(r));\n        return v;";
        } else {
            body = "(void)r;\n        return " + t + "{};"; // no way to invent a native value
        }
        break;
    default:
        if (c.card_param) body = "return (" + t + ")r.below((long long)this->" + g.member(*c.card_param) + ");";
        else if (c.card) body = "return (" + t + ")r.below(" + std::to_string(*c.card) + "LL);";
        else body = "return (" + t + ")r.below(r.domain);";
    }
    return "    " + t + " " + generator(g, s) + "(ivy::extracted::Random& r) {\n        " + body + "\n    }\n";
}

// The sorts whose random values the tester needs, with what they are made of.
std::vector<ir::SortId> generated_sorts(const Gen& g, const std::vector<ir::SymbolId>& roots) {
    std::vector<ir::SortId> order;
    std::set<ir::SortId> seen;
    std::function<void(ir::SortId)> visit = [&](ir::SortId s) {
        if (!seen.insert(s).second) return;
        const CppSort& c = g.types.sort(s);
        if (c.kind == CppSort::Kind::Struct)
            for (ir::SymbolId f : g.p.sorts[s].fields)
                if (g.p.symbols[f].kind == ir::Symbol::Kind::Destructor) visit(g.p.symbols[f].range);
        if (c.kind == CppSort::Kind::Native && c.vector_class && c.deps.size() == 1) visit(c.deps[0]);
        order.push_back(s);
    };
    for (ir::SymbolId f : roots) visit(g.p.symbols[f].range);
    return order;
}

// The override of an imported action: print the call, return random results.
std::string import_override(Gen& g, ir::ActionId a) {
    Signature sig = g.signature(a);
    std::string out = import_override_head(g, a);
    out += print_call_text("*__out", "< " + ivy_action_name(g.p, a), shown_inputs(sig), 8);
    for (ir::SymbolId r : sig.extra_results) out += "        " + g.variable(r) + " = " + generator(g, g.p.symbols[r].range) + "(*__rng);\n";
    if (sig.result) out += "        return " + generator(g, g.p.symbols[*sig.result].range) + "(*__rng);\n";
    out += "    }\n";
    return out;
}

// One step the tester may take: random arguments, the call shown as `> name(args)`,
// then its result.
std::string step_text(Gen& g, ir::ActionId a) {
    Signature sig = g.signature(a);
    std::string out = "        steps.push_back({" + cpp_string_literal(ivy_action_name(g.p, a)) +
                      ", [&]([[maybe_unused]] ivy::extracted::Random& r, std::ostream& out) {\n";
    std::vector<std::string> args;
    for (const auto& prm : sig.params) {
        std::string v = "__v" + std::to_string(args.size());
        ir::SortId s = g.p.symbols[prm.formal].range;
        out += "            " + outside(g, prm.type) + " " + v + " = object." + generator(g, s) + "(r);\n";
        args.push_back(v);
    }
    std::vector<std::string> shown;
    for (size_t i = 0; i < sig.params.size(); ++i)
        if (!sig.params[i].by_ref) shown.push_back(args[i]);
    out += print_call_text("out", "> " + ivy_action_name(g.p, a), shown, 12);
    std::string call = "object." + g.method(a) + "(" + join(args) + ")";
    out += sig.result ? print_result_text("out", call, 12) : "            " + call + ";\n";
    out += "        }});\n";
    return out;
}

// `class NAME_test`: checks that throw, imported actions with random results,
// random generators, and the initial state's constants.
std::string tester_class_text(Gen& g, const ClassInfo& info) {
    std::string out = driver_class_head(
        g, "_test", "    ivy::extracted::Random* __rng = nullptr;\n    std::ostream* __out = &std::cout;\n",
        "throw ivy::extracted::CheckFailed{where};", "throw ivy::extracted::Rejected{};");
    for (ir::ActionId a : info.imports) out += import_override(g, a);

    // Random values for the arguments of the environment's calls and the results of
    // imported actions.
    std::vector<ir::SymbolId> roots;
    for (ir::ActionId a : info.api)
        for (const auto& prm : g.signature(a).params) roots.push_back(prm.formal);
    for (ir::ActionId a : info.imports) {
        Signature sig = g.signature(a);
        if (sig.result) roots.push_back(*sig.result);
        for (ir::SymbolId r : sig.extra_results) roots.push_back(r);
    }
    for (ir::SymbolId k : g.slice.constants) roots.push_back(k);
    for (ir::SortId s : generated_sorts(g, roots)) out += generator_text(g, s);
    out += "    // The initial state's constants, chosen at random (the axioms filter them).\n";
    out += "    void __choose_constants(ivy::extracted::Random& r) {\n        (void)r;\n";
    for (ir::SymbolId k : g.slice.constants)
        out += "        this->" + g.member(k) + " = " + generator(g, g.p.symbols[k].range) + "(r);\n";
    out += "    }\n";
    out += "};\n\n";
    return out;
}

// `main`: options, then `runs` runs, each from a fresh object whose constants meet
// the axioms.
std::string tester_main_text(Gen& g, const ClassInfo& info) {
    const std::string& c = g.classname;
    std::string out = "int main(int argc, char** argv) {\n";
    out += "    std::string error;\n";
    out += "    ivy::extracted::TestOptions options;\n";
    out += "    options.iters = " + std::to_string(g.options.test_iters) + ";\n";
    out += "    options.runs = " + std::to_string(g.options.test_runs) + ";\n";
    out += "    ivy::extracted::Random defaults(0);\n";
    CommandLineText cl = command_line_text(g, info, "[iters=N] [runs=N] [seed=N] [domain=N] [attempts=N]",
                                           " ||\n        !ivy::extracted::apply_test_options(*cl, options, defaults, error)");
    out += cl.code;
    std::vector<std::string> ctor = cl.ctor_args;
    ctor.push_back("loop");
    out += "    // The tester calls the network's and timers' callbacks itself.\n";
    out += "    ivy::extracted::settings().offline = true;\n";
    out += "    for (long run = 0; run < options.runs; ++run) {\n";
    out += "        ivy::extracted::Random rng(options.seed + static_cast<std::uint64_t>(run));\n";
    out += "        rng.domain = defaults.domain;\n";
    out += "        ivy::runtime::Loop loop;\n";
    // An initial state: constants chosen until the axioms hold.
    out += "        std::unique_ptr<" + c + "_test> made;\n";
    out += "        for (long attempt = 0; attempt < options.attempts && !made; ++attempt) {\n";
    out += "            made = std::make_unique<" + c + "_test>(" + join(ctor) + ");\n";
    out += "            made->__rng = &rng;\n            made->__choose_constants(rng);\n";
    out += "            try {\n                made->__check_axioms();\n";
    out += "            } catch (const ivy::extracted::Rejected&) {\n                made.reset();\n            }\n";
    out += "        }\n";
    out += "        if (!made) {\n            std::cout << \"no initial state meets the axioms\" << std::endl;\n"
           "            return 1;\n        }\n";
    out += "        " + c + "_test& object = *made;\n";
    out += "        std::vector<std::pair<std::string, ivy::extracted::TestStep>> steps;\n";
    for (ir::ActionId a : info.api) out += step_text(g, a);
    out += "        try {\n            object.__init();\n            object.__check_invariants();\n";
    out += "        } catch (const ivy::extracted::CheckFailed& f) {\n"
           "            std::cout << \"assertion_failed(\\\"\" << f.where << \"\\\")\" << std::endl;\n"
           "            return 1;\n";
    out += "        } catch (const ivy::extracted::Rejected&) {\n"
           "            std::cout << \"the initial state violates an assumption\" << std::endl;\n"
           "            return 1;\n        }\n";
    out += "        if (!ivy::extracted::run_steps(object, steps, rng, options, std::cout)) return 1;\n";
    out += "    }\n";
    out += "    std::cout << \"test_completed\" << std::endl;\n    return 0;\n}\n";
    return out;
}

} // namespace

std::string emit_test(Gen& g, const ClassInfo& info) {
    return "\n// ---- the tester (target=test)\n\n#include \"runtime/extracted/tester.h\"\n\n" +
           tester_class_text(g, info) + tester_main_text(g, info);
}

} // namespace ivy::codegen
