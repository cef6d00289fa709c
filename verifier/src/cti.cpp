#include "verifier/src/cti.h"

#include "ir/printer.h"

#include <algorithm>
#include <chrono>
#include <climits>
#include <sstream>

namespace ivy::verifier {
namespace {

using ir::SortId;
using ir::SymbolId;

constexpr unsigned kMaxShrink = 8;      // elements tried per sort when shrinking
// Shrinking only makes a counterexample easier to read: on a hard query each
// probe gets a short timeout and all of them together a small budget, so a
// failing check is reported in seconds, not after minutes of probing.
constexpr unsigned kShrinkProbeMs = 500;
constexpr double kShrinkBudgetSeconds = 5;
constexpr size_t kMaxEnumerated = 256;  // argument tuples shown per symbol

bool uninterpreted(const z3::sort& s) { return s.sort_kind() == Z3_UNINTERPRETED_SORT; }

// The elements a model gives an uninterpreted sort, if it mentions the sort.
std::optional<std::vector<z3::expr>> model_universe(const z3::model& m, const z3::sort& s) {
    z3::context& ctx = m.ctx();
    unsigned n = Z3_model_get_num_sorts(ctx, m);
    for (unsigned i = 0; i < n; ++i) {
        z3::sort candidate(ctx, Z3_model_get_sort(ctx, m, i));
        if (!z3::eq(candidate, s)) continue;
        z3::expr_vector u(ctx, Z3_model_get_sort_universe(ctx, m, candidate));
        std::vector<z3::expr> out;
        for (unsigned k = 0; k < u.size(); ++k) out.push_back(u[k]);
        return out;
    }
    return std::nullopt;
}

// Names values of a model: uninterpreted elements become 0, 1, ... per sort.
class Printer {
public:
    Printer(const z3::model& m, Encoder& enc, const Workspace& ws) : m_(m), enc_(enc), ws_(ws) {}

    // The elements of a finite sort, in the order they are numbered.
    std::optional<std::vector<z3::expr>> elements(SortId s) {
        if (auto it = universes_.find(s); it != universes_.end()) return it->second;
        z3::sort z = enc_.sort(s);
        std::vector<z3::expr> out;
        if (s == ir::kBoolSort) {
            out = {m_.ctx().bool_val(false), m_.ctx().bool_val(true)};
        } else if (const auto* values = enc_.enum_values(s)) {
            for (const z3::func_decl& v : *values) out.push_back(v());
        } else if (uninterpreted(z)) {
            if (std::optional<std::vector<z3::expr>> u = model_universe(m_, z)) out = std::move(*u);
            else out.push_back(m_.eval(m_.ctx().constant("elem!", z), true)); // unused sort: one element
        } else if (std::optional<std::pair<long, long>> r = range(s); r && r->second - r->first < long{kMaxEnumerated}) {
            for (long v = r->first; v <= r->second; ++v) out.push_back(m_.ctx().int_val(static_cast<int64_t>(v)));
        } else {
            return std::nullopt; // integers, bit-vectors, strings: not enumerated
        }
        universes_.emplace(s, out);
        return out;
    }

    // The bounds of a range sort `{lo..hi}` with numeral bounds.
    std::optional<std::pair<long, long>> range(SortId s) const {
        const ir::Interpretation* in = enc_.interpretation(s);
        if (!in || in->theory != ir::Interpretation::Theory::Range || !in->lo || !in->hi) return std::nullopt;
        auto numeral = [&](ir::TermId t) -> std::optional<long> {
            const ir::TermNode& n = ws_.terms.node(t);
            if (n.op != ir::Op::App || ws_.symbols[n.payload].kind != ir::Symbol::Kind::Numeral) return std::nullopt;
            try {
                return std::stol(ws_.symbols[n.payload].name);
            } catch (const std::exception&) {
                return std::nullopt;
            }
        };
        std::optional<long> lo = numeral(*in->lo), hi = numeral(*in->hi);
        if (!lo || !hi || *hi < *lo) return std::nullopt;
        return std::make_pair(*lo, *hi);
    }

    std::string value(const z3::expr& v, SortId s) {
        z3::expr e = m_.eval(v, true);
        if (s == ir::kBoolSort) return e.is_true() ? "true" : e.is_false() ? "false" : e.to_string();
        if (uninterpreted(enc_.sort(s))) {
            std::optional<std::vector<z3::expr>> els = elements(s);
            for (size_t i = 0; els && i < els->size(); ++i)
                if (z3::eq((*els)[i], e)) return std::to_string(i);
            return e.to_string();
        }
        if (const auto* values = enc_.enum_values(s))
            for (size_t i = 0; i < values->size(); ++i)
                if (z3::eq((*values)[i](), e)) return ws_.symbols[ws_.program.sorts[s].values[i]].name;
        if (e.is_string_value()) return "\"" + e.get_string() + "\"";
        if (e.is_numeral() && e.get_sort().is_bv()) return e.get_decimal_string(0);
        return e.to_string();
    }

    // `name(args) = value` lines for one symbol (`version` is what is evaluated).
    void symbol(SymbolId shown, SymbolId version, const std::string& indent, std::ostream& out) {
        const ir::Symbol& s = ws_.symbols[shown];
        z3::func_decl f = enc_.decl(version);
        std::vector<std::vector<z3::expr>> domains;
        size_t tuples = 1;
        for (SortId d : s.domain) {
            std::optional<std::vector<z3::expr>> els = elements(d);
            if (!els) {
                entries(shown, version, indent, out);
                return;
            }
            tuples *= els->size();
            domains.push_back(*els);
        }
        if (tuples > kMaxEnumerated) {
            entries(shown, version, indent, out);
            return;
        }
        std::vector<size_t> index(domains.size(), 0);
        for (size_t n = 0; n < tuples; ++n) {
            z3::expr_vector args(m_.ctx());
            std::string text = s.name;
            if (!domains.empty()) text += "(";
            for (size_t i = 0; i < domains.size(); ++i) {
                args.push_back(domains[i][index[i]]);
                text += (i ? "," : "") + value(domains[i][index[i]], s.domain[i]);
            }
            if (!domains.empty()) text += ")";
            out << indent << text << " = " << value(f(args), s.range) << "\n";
            for (size_t i = domains.size(); i-- > 0;) { // next tuple
                if (++index[i] < domains[i].size()) break;
                index[i] = 0;
            }
        }
    }

    // A symbol over an infinite domain: the model's explicit entries and else-value.
    void entries(SymbolId shown, SymbolId version, const std::string& indent, std::ostream& out) {
        const ir::Symbol& s = ws_.symbols[shown];
        z3::func_decl f = enc_.decl(version);
        if (!m_.has_interp(f)) {
            out << indent << s.name << " = (any)\n";
            return;
        }
        if (f.arity() == 0) {
            out << indent << s.name << " = " << value(m_.get_const_interp(f), s.range) << "\n";
            return;
        }
        z3::func_interp fi = m_.get_func_interp(f);
        for (unsigned i = 0; i < fi.num_entries(); ++i) {
            z3::func_entry e = fi.entry(i);
            std::string text = s.name + "(";
            for (unsigned k = 0; k < e.num_args(); ++k) text += (k ? "," : "") + value(e.arg(k), s.domain[k]);
            out << indent << text << ") = " << value(e.value(), s.range) << "\n";
        }
        out << indent << s.name << "(...) = " << value(fi.else_value(), s.range) << " otherwise\n";
    }

    bool holds(ir::TermId t) {
        z3::expr e = m_.eval(enc_.encode(t), true);
        return e.is_true();
    }

private:
    const z3::model& m_;
    Encoder& enc_;
    const Workspace& ws_;
    std::map<SortId, std::vector<z3::expr>> universes_;
};

// The smallest universe for each uninterpreted sort that keeps the query sat.
// Returns how many solver levels it pushed (the caller pops them).
unsigned shrink(z3::solver& solver, Encoder& enc, const Workspace& ws, double timeout_s) {
    z3::context& ctx = solver.ctx();
    unsigned pushed = 0;
    const auto start = std::chrono::steady_clock::now();
    auto over_budget = [&] {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() > kShrinkBudgetSeconds;
    };
    solver.set("timeout", kShrinkProbeMs);
    for (SortId s = 1; s < ws.program.sorts.size() && !over_budget(); ++s) {
        z3::sort z = enc.sort(s);
        if (!uninterpreted(z)) continue;
        for (unsigned n = 1; n <= kMaxShrink && !over_budget(); ++n) {
            z3::expr_vector options(ctx);
            z3::expr x = ctx.constant(("shrink!" + std::to_string(s)).c_str(), z);
            for (unsigned i = 0; i < n; ++i)
                options.push_back(x == ctx.constant(("elem!" + std::to_string(s) + "!" + std::to_string(i)).c_str(), z));
            solver.push();
            solver.add(z3::forall(x, z3::mk_or(options)));
            if (solver.check() == z3::sat) {
                ++pushed; // keep this bound
                break;
            }
            solver.pop();
        }
    }
    solver.set("timeout", timeout_s > 0 ? static_cast<unsigned>(timeout_s * 1000) : UINT_MAX);
    return pushed;
}

// The symbol a version map gives for `s`.
SymbolId at(const Versions& v, SymbolId s) {
    auto it = v.find(s);
    return it == v.end() ? s : it->second;
}

} // namespace

std::string explain(z3::solver& solver, Encoder& encoder, const Workspace& ws, const CtiRequest& r) {
    std::ostringstream out;
    unsigned pushed = 0;
    if (r.shrink) {
        out << "searching for a small model (to avoid use shrink=false)... ";
        pushed = shrink(solver, encoder, ws, r.timeout_s);
        out << "done\n";
        if (solver.check() != z3::sat) {
            solver.pop(pushed);
            return out.str() + "(the model was lost while shrinking)\n";
        }
    }
    std::string text = describe(solver.get_model(), encoder, ws, r);
    solver.pop(pushed);
    return out.str() + text;
}

std::string describe(const z3::model& m, Encoder& encoder, const Workspace& ws, const CtiRequest& r) {
    std::ostringstream out;
    Printer p(m, encoder, ws);
    out << r.title << "\n";

    // The elements of each sort the state mentions.
    std::set<SortId> sorts;
    for (SymbolId s : r.state) {
        for (SortId d : ws.symbols[s].domain) sorts.insert(d);
        sorts.insert(ws.symbols[s].range);
    }
    for (SortId s : sorts) {
        if (s == ir::kBoolSort || !uninterpreted(encoder.sort(s))) continue;
        std::optional<std::vector<z3::expr>> els = p.elements(s);
        if (!els) continue;
        out << "    elements of " << ws.sort_name(s) << ": ";
        for (size_t i = 0; i < els->size(); ++i) out << (i ? ", " : "") << i;
        out << "\n";
    }

    out << "[\n";
    for (const auto& [name, term] : r.witnesses) // Ivy's `_X` for the broken formula's X
        out << "    " << name << " = " << p.value(encoder.encode(term), ws.terms.sort(term)) << "\n";
    for (SymbolId s : r.state) p.symbol(s, s, "    ", out);
    out << "]\n";
    if (!r.call.empty()) out << r.call << "\n";
    if (!r.transition) return out.str();

    out << "\n{\n";
    if (!r.root_params.empty()) {
        out << "    [\n";
        for (SymbolId s : r.root_params) p.symbol(s, s, "        ", out);
        out << "    ]\n";
    }
    for (const TraceStep& step : r.transition->trace) {
        if (!p.holds(step.guard)) continue; // not on the path the model took
        const std::string indent(static_cast<size_t>(4 * (step.depth + 1)), ' ');
        auto changes = [&](const std::string& at_indent) {
            std::vector<SymbolId> changed;
            for (const auto& [orig, version] : step.after)
                if (at(step.before, orig) != version) changed.push_back(orig);
            std::sort(changed.begin(), changed.end());
            if (changed.empty()) return;
            out << "\n" << at_indent << "[\n";
            for (SymbolId s : changed) p.symbol(s, at(step.after, s), at_indent + "    ", out);
            out << at_indent << "]\n";
        };
        if (step.call_close) {
            out << indent << "}\n";
            changes(indent);
            continue;
        }
        out << location_prefix(step.loc) << "\n" << indent << step.text << "\n";
        if (step.failure && p.holds(*step.failure)) {
            // The failed guarantee: nothing after it ran. Close the open calls and
            // show the state it failed in.
            for (int d = step.depth; d > 0; --d) out << std::string(static_cast<size_t>(4 * d), ' ') << "}\n";
            out << "}\n[ after:\n";
            for (SymbolId s : r.state) p.symbol(s, at(step.after, s), "    ", out);
            out << "]\n";
            return out.str();
        }
        if (step.call_open) {
            out << indent << "{\n";
            changes(indent + "    ");
        } else {
            changes(indent);
        }
    }
    out << "}\n[ after:\n";
    for (SymbolId s : r.state) p.symbol(s, at(r.transition->post, s), "    ", out);
    out << "]\n";
    return out.str();
}

} // namespace ivy::verifier
