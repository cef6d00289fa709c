#include "codegen/src/gen.h"

namespace ivy::codegen {

std::string Signature::param_list() const {
    std::string out;
    for (const Param& p : params) {
        if (!out.empty()) out += ", ";
        // Monitors and natives may leave a parameter unused.
        out += "[[maybe_unused]] " + p.type + (p.by_ref ? "& " : " ") + p.name;
    }
    return out;
}

std::string Signature::arg_list() const {
    std::string out;
    for (const Param& p : params) {
        if (!out.empty()) out += ", ";
        out += p.name;
    }
    return out;
}

Gen::Gen(const ir::Program& program, const Slice& s, const ToCppOptions& o, std::string name, Diagnostics& d)
    : p(program), slice(s), options(o), classname(std::move(name)), diags(d), types(program, s, d) {}

std::string Gen::field(ir::SymbolId s) const {
    const std::string& name = p.symbols[s].name;
    size_t dot = name.rfind('.');
    return mangle(dot == std::string::npos ? name : name.substr(dot + 1));
}

std::string Gen::field_label(ir::SymbolId s) const {
    const std::string& name = p.symbols[s].name;
    size_t dot = name.rfind('.');
    return dot == std::string::npos ? name : name.substr(dot + 1);
}

std::string Gen::definition_method(ir::SymbolId s) const {
    const ir::Symbol& sym = p.symbols[s];
    if (sym.kind == ir::Symbol::Kind::Builtin) {
        static const std::map<std::string, std::string> kOps = {
            {"<", "lt"}, {"+", "plus"}, {"-", "minus"}, {"*", "times"}, {"/", "div"}};
        auto it = kOps.find(sym.name);
        return "__op_" + (it == kOps.end() ? std::string("op") : it->second) + "__" +
               mangle(p.sorts[sym.domain.empty() ? sym.range : sym.domain[0]].name);
    }
    if (sym.kind == ir::Symbol::Kind::Numeral) {
        std::string text = sym.name;
        std::string clean;
        for (char c : text) clean += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
        return "__num_" + clean + "__" + mangle(p.sorts[sym.range].name);
    }
    return mangle(sym.name);
}

std::string Gen::variable(ir::SymbolId s) const {
    const std::string& name = p.symbols[s].name; // "fml:x", "loc:x", "loc:0"
    size_t colon = name.find(':');
    std::string bare = colon == std::string::npos ? name : name.substr(colon + 1);
    bool local = name.starts_with("loc:");
    return (local ? "loc__" : "prm__") + mangle(bare);
}

std::vector<ir::SortId> Gen::member_domain(ir::SymbolId s) const {
    const ir::Symbol& sym = p.symbols[s];
    size_t k = slice.symbol_strip[s].count();
    return std::vector<ir::SortId>(sym.domain.begin() + static_cast<long>(k), sym.domain.end());
}

// A finite domain small enough to hold one cell per point: a flat table beats a
// hash map on every access (bench/codegen_bench measures it). Sorts whose size is a
// run-time parameter (cluster nodes) count as small.
bool Gen::dense(ir::SymbolId s) const {
    long long cells = 1;
    for (ir::SortId d : member_domain(s)) {
        const CppSort& c = types.sort(d);
        if (c.card_param) continue;
        if (!c.card) return false;
        cells *= *c.card;
        if (cells > (1 << 16)) return false;
    }
    return true;
}

std::string Gen::member_type(ir::SymbolId s) const {
    std::vector<ir::SortId> dom = member_domain(s);
    const std::string& range = type_of(s);
    if (dom.empty()) return range;
    if (dense(s)) return "ivy::extracted::Dense<" + range + ", " + std::to_string(dom.size()) + ">";
    std::string out = "ivy::extracted::Map<" + range;
    for (ir::SortId d : dom) out += ", " + type(d);
    return out + ">";
}

Signature Gen::signature(ir::ActionId a) const {
    const ir::Action& act = p.actions[a];
    const Strip& strip = slice.actions[a].strip;
    Signature sig;
    auto is_result = [&](ir::SymbolId f) {
        for (ir::SymbolId r : act.results)
            if (r == f) return true;
        return false;
    };
    if (!act.results.empty()) {
        sig.result = act.results[0];
        sig.result_type = type_of(act.results[0]);
    }
    for (size_t i = 0; i < act.params.size(); ++i) {
        ir::SymbolId f = act.params[i];
        if (i < strip.count()) {
            sig.stripped[f] = strip.params[i];
            continue;
        }
        bool later_result = is_result(f) && f != act.results[0];
        if (sig.result && f == *sig.result) sig.result_is_param = true;
        sig.params.push_back({f, type_of(f), variable(f), later_result});
        if (later_result) sig.extra_results.push_back(f);
    }
    for (size_t i = 1; i < act.results.size(); ++i) {
        ir::SymbolId r = act.results[i];
        bool is_param = false;
        for (ir::SymbolId f : act.params) is_param = is_param || f == r;
        if (is_param) continue;
        sig.params.push_back({r, type_of(r), variable(r), true});
        sig.extra_results.push_back(r);
    }
    return sig;
}

std::string Gen::where(SourceLocation loc) {
    if (!loc.known()) return "(unknown location)";
    return file_name(loc.file) + ": line " + std::to_string(loc.line);
}

} // namespace ivy::codegen
