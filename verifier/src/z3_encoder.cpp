#include "verifier/src/z3_encoder.h"

namespace ivy::verifier {

using ir::Op;
using ir::SortId;
using ir::SymbolId;
using ir::TermId;
using Theory = ir::Interpretation::Theory;

Encoder::Encoder(z3::context& ctx, const Workspace& ws, const IsolateView& view) : ctx_(ctx), ws_(ws) {
    for (const ir::Interpretation* i : view.interpretations) theories_[i->sort] = i;
}

const ir::Interpretation* Encoder::interpretation(SortId s) const {
    auto it = theories_.find(s);
    return it == theories_.end() ? nullptr : it->second;
}

z3::sort Encoder::sort(SortId s) {
    auto it = sorts_.find(s);
    z3::sort out = it != sorts_.end() ? it->second : declare_sort(s);
    if (ws_.program.sorts[s].is_struct && struct_done_.insert(s).second) struct_extensionality(s, out);
    return out;
}

z3::sort Encoder::declare_sort(SortId s) {
    const ir::Sort& info = ws_.program.sorts[s];
    z3::sort out = ctx_.bool_sort();
    if (s == ir::kBoolSort) {
        out = ctx_.bool_sort();
    } else if (info.kind == ir::Sort::Kind::Enum) {
        std::vector<std::string> names;
        for (SymbolId v : info.values) names.push_back(ws_.symbols[v].name);
        std::vector<const char*> cnames;
        for (const std::string& n : names) cnames.push_back(n.c_str());
        z3::func_decl_vector cs(ctx_), ts(ctx_);
        out = ctx_.enumeration_sort(info.name.c_str(), static_cast<unsigned>(cnames.size()), cnames.data(), cs, ts);
        std::vector<z3::func_decl> values;
        for (unsigned i = 0; i < cs.size(); ++i) values.push_back(cs[i]);
        enums_.emplace(s, std::move(values));
    } else if (const ir::Interpretation* in = interpretation(s)) {
        switch (in->theory) {
        case Theory::Int:
        case Theory::Nat:
        case Theory::Range: out = ctx_.int_sort(); break;
        case Theory::BitVector: out = ctx_.bv_sort(in->width); break;
        case Theory::String: out = ctx_.string_sort(); break;
        case Theory::Real: out = ctx_.real_sort(); break;
        case Theory::Native: out = ctx_.uninterpreted_sort(info.name.c_str()); break;
        }
    } else {
        out = ctx_.uninterpreted_sort(info.name.c_str());
    }
    sorts_.emplace(s, out);
    return out;
}

// Two structs with the same fields are the same value.
void Encoder::struct_extensionality(SortId s, const z3::sort& z) {
    const ir::Sort& info = ws_.program.sorts[s];
    if (info.fields.empty()) return;
    z3::expr x = ctx_.constant(("X!" + info.name).c_str(), z);
    z3::expr y = ctx_.constant(("Y!" + info.name).c_str(), z);
    z3::expr_vector same(ctx_);
    for (SymbolId f : info.fields) {
        if (ws_.symbols[f].domain.size() != 1) return;
        same.push_back(decl(f)(x) == decl(f)(y));
    }
    z3::expr_vector vars(ctx_);
    vars.push_back(x);
    vars.push_back(y);
    side_.push_back(z3::forall(vars, z3::implies(z3::mk_and(same), x == y)));
}

void Encoder::reset() {
    decls_.clear();
    memo_.clear();
    side_.clear();
    struct_done_.clear();
}

const std::vector<z3::func_decl>* Encoder::enum_values(SortId s) {
    sort(s);
    auto it = enums_.find(s);
    return it == enums_.end() ? nullptr : &it->second;
}

std::optional<z3::expr> Encoder::bounds(SortId s, const z3::expr& x) {
    const ir::Interpretation* in = interpretation(s);
    if (!in) return std::nullopt;
    if (in->theory == Theory::Nat) return x >= 0;
    if (in->theory == Theory::Range && in->lo && in->hi) return range_bound(*in->lo) <= x && x <= range_bound(*in->hi);
    return std::nullopt;
}

z3::expr Encoder::clamp(SortId s, const z3::expr& x) {
    const ir::Interpretation* in = interpretation(s);
    if (!in || in->theory != Theory::Range || !in->lo || !in->hi) return x;
    z3::expr lo = range_bound(*in->lo), hi = range_bound(*in->hi);
    return z3::ite(x < lo, lo, z3::ite(x > hi, hi, x));
}

// The bounds of `{lo..hi}` are numerals of the range sort itself: they stand for
// their own value, since clamping them would need the bounds again.
z3::expr Encoder::range_bound(TermId bound) {
    const ir::TermNode& n = ws_.terms.node(bound);
    if (n.op == Op::App && ws_.symbols[n.payload].kind == ir::Symbol::Kind::Numeral)
        return ctx_.int_val(ws_.symbols[n.payload].name.c_str());
    return encode(bound);
}

z3::func_decl Encoder::decl(SymbolId id) {
    if (auto it = decls_.find(id); it != decls_.end()) return it->second;
    const ir::Symbol& s = ws_.symbols[id];
    z3::sort_vector domain(ctx_);
    for (SortId d : s.domain) domain.push_back(sort(d));
    // Names carry the id: formals of different actions may share name and signature.
    std::string name = s.name + "!" + std::to_string(id);
    z3::func_decl f = ctx_.function(name.c_str(), domain, sort(s.range));
    decls_.emplace(id, f);
    if (s.kind != ir::Symbol::Kind::Builtin && s.kind != ir::Symbol::Kind::Numeral &&
        s.kind != ir::Symbol::Kind::EnumValue) {
        z3::expr_vector vars(ctx_);
        for (unsigned i = 0; i < domain.size(); ++i)
            vars.push_back(ctx_.constant(("B!" + std::to_string(i)).c_str(), domain[i]));
        if (std::optional<z3::expr> b = bounds(s.range, f(vars))) {
            z3::expr cond = *b;
            for (unsigned i = 0; i < domain.size(); ++i)
                if (std::optional<z3::expr> db = bounds(s.domain[i], vars[i])) cond = z3::implies(*db, cond);
            side_.push_back(vars.empty() ? cond : z3::forall(vars, cond));
        }
    }
    return f;
}

std::vector<z3::expr> Encoder::take_side_conditions() {
    std::vector<z3::expr> out = std::move(side_);
    side_.clear();
    return out;
}

z3::expr Encoder::numeral(const std::string& text, SortId s) {
    const ir::Interpretation* in = interpretation(s);
    if (in && !text.empty() && text[0] != '"') {
        switch (in->theory) {
        case Theory::Int:
        case Theory::Nat:
        case Theory::Range: return clamp(s, ctx_.int_val(text.c_str()));
        case Theory::Real: return ctx_.real_val(text.c_str());
        case Theory::BitVector: return ctx_.bv_val(text.c_str(), in->width);
        default: break;
        }
    }
    if (in && in->theory == Theory::String && !text.empty() && text[0] == '"')
        return ctx_.string_val(text.substr(1, text.size() - 2));
    // An uninterpreted numeral: a constant like any other.
    return ctx_.constant((text + ":" + ws_.sort_name(s)).c_str(), sort(s));
}

z3::expr Encoder::builtin(const ir::Symbol& s, SortId at, const std::vector<z3::expr>& a) {
    const ir::Interpretation* in = interpretation(at);
    const Theory th = in ? in->theory : Theory::Native;
    const bool arithmetic = in && (th == Theory::Int || th == Theory::Nat || th == Theory::Range || th == Theory::Real);
    const bool bits = in && th == Theory::BitVector;
    if (arithmetic || bits) {
        if (s.name == "<") return bits ? z3::ult(a[0], a[1]) : a[0] < a[1];
        if (s.name == "+") return clamp(at, a[0] + a[1]);
        if (s.name == "*") return clamp(at, a[0] * a[1]);
        if (s.name == "/") return clamp(at, a[0] / a[1]);
        if (s.name == "-") {
            if (th == Theory::Nat) return z3::ite(a[0] < a[1], ctx_.int_val(0), a[0] - a[1]);
            return clamp(at, a[0] - a[1]);
        }
    }
    // On an uninterpreted sort: an uninterpreted symbol, named with its sorts.
    z3::sort_vector domain(ctx_);
    domain.push_back(sort(at));
    domain.push_back(sort(at));
    std::string name = s.name + ":" + ws_.sort_name(at) + ":" + ws_.sort_name(at);
    z3::func_decl f = ctx_.function(name.c_str(), domain, s.name == "<" ? ctx_.bool_sort() : sort(at));
    return f(a[0], a[1]);
}

z3::expr Encoder::encode(TermId t) {
    if (auto it = memo_.find(t); it != memo_.end()) return it->second;
    const ir::TermTable& terms = ws_.terms;
    const ir::TermNode& n = terms.node(t);
    auto arg = [&](size_t i) { return encode(terms.arg(t, i)); };
    std::vector<z3::expr> args;
    auto all_args = [&] {
        for (size_t i = 0; i < n.num_args; ++i) args.push_back(arg(i));
    };
    z3::expr out = ctx_.bool_val(true);
    switch (n.op) {
    case Op::True: out = ctx_.bool_val(true); break;
    case Op::False: out = ctx_.bool_val(false); break;
    case Op::Var: {
        const ir::Variable& v = terms.variable_info(n.payload);
        out = ctx_.constant((v.name + "!v" + std::to_string(n.payload)).c_str(), sort(n.sort));
        break;
    }
    case Op::Not: out = !arg(0); break;
    case Op::And: {
        all_args();
        z3::expr_vector v(ctx_);
        for (auto& e : args) v.push_back(e);
        out = z3::mk_and(v);
        break;
    }
    case Op::Or: {
        all_args();
        z3::expr_vector v(ctx_);
        for (auto& e : args) v.push_back(e);
        out = z3::mk_or(v);
        break;
    }
    case Op::Implies: out = z3::implies(arg(0), arg(1)); break;
    case Op::Iff: out = arg(0) == arg(1); break;
    case Op::Eq: out = arg(0) == arg(1); break;
    case Op::Ite: out = z3::ite(arg(0), arg(1), arg(2)); break;
    case Op::Old: out = arg(0); break; // resolved before encoding; harmless if left
    case Op::Forall:
    case Op::Exists: {
        z3::expr_vector vars(ctx_);
        z3::expr guard = ctx_.bool_val(true);
        bool guarded = false;
        for (size_t i = 0; i + 1 < n.num_args; ++i) {
            z3::expr v = arg(i);
            vars.push_back(v);
            if (std::optional<z3::expr> b = bounds(terms.sort(terms.arg(t, i)), v)) {
                guard = guarded ? guard && *b : *b;
                guarded = true;
            }
        }
        z3::expr body = arg(n.num_args - 1);
        if (n.op == Op::Forall) out = z3::forall(vars, guarded ? z3::implies(guard, body) : body);
        else out = z3::exists(vars, guarded ? guard && body : body);
        break;
    }
    case Op::App: {
        const ir::Symbol& s = ws_.symbols[n.payload];
        all_args();
        if (s.kind == ir::Symbol::Kind::Builtin) {
            out = builtin(s, s.domain[0], args);
        } else if (s.kind == ir::Symbol::Kind::Numeral) {
            out = numeral(s.name, n.sort);
        } else if (s.kind == ir::Symbol::Kind::EnumValue) {
            const std::vector<z3::func_decl>* values = enum_values(s.range);
            const std::vector<SymbolId>& ids = ws_.program.sorts[s.range].values;
            size_t index = static_cast<size_t>(std::find(ids.begin(), ids.end(), n.payload) - ids.begin());
            out = (*values)[index]();
        } else {
            z3::func_decl f = decl(n.payload);
            z3::expr_vector v(ctx_);
            for (auto& e : args) v.push_back(e);
            out = f(v);
        }
        break;
    }
    }
    memo_.emplace(t, out);
    return out;
}

} // namespace ivy::verifier
