// The terms and symbols one isolate's checks are built from.
//
// A copy of the Program's term table and symbols (ids unchanged), extended with what
// verification conditions need: versions of state for each program point, guards,
// witnesses. VCs of an isolate are built here by one thread; solver threads then
// only read it.
#pragma once

#include "ir/program.h"

#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <vector>

namespace ivy::verifier {

class Workspace {
public:
    explicit Workspace(const ir::Program& p) : program(p), terms(p.terms), symbols(p.symbols) {}

    const ir::Program& program;
    ir::TermTable terms;
    std::vector<ir::Symbol> symbols;

    // A new symbol, uninterpreted unless the caller defines it.
    ir::SymbolId fresh(std::string name, std::vector<ir::SortId> domain, ir::SortId range,
                       ir::Symbol::Kind kind = ir::Symbol::Kind::State);
    // A new symbol with the signature of `like`, named `like@N`.
    ir::SymbolId version_of(ir::SymbolId like);
    // The symbol a version stands for (itself for an original).
    ir::SymbolId original(ir::SymbolId s) const;
    // Ivy's `<` at sort `s`: the program's own if it uses one, else a new builtin that
    // the encoder treats the same way (VCs may compare where the program did not).
    ir::SymbolId less(ir::SortId s);
    // The numeral `text` of sort `s`, found or made like `less`.
    ir::SymbolId numeral(const std::string& text, ir::SortId s);

    ir::TermId app(ir::SymbolId s, std::span<const ir::TermId> args = {}) {
        return terms.app(s, symbols[s].range, args);
    }
    ir::TermId var(const std::string& name, ir::SortId sort) {
        return terms.var(terms.variable(name, sort), sort);
    }
    const std::string& sort_name(ir::SortId s) const { return program.sorts[s].name; }

    // A parameterised isolate fixes the first parameter of its objects to a constant
    // of its own (docs/verification.md 2.7): their facts then speak of that constant
    // instead of all values, and their actions and initializers run for it alone.
    void bind_isolate_parameters(const std::vector<std::pair<std::string, ir::TermId>>& objects);
    // The constant fixed for `name`'s object, if `name` is under a bound object.
    std::optional<ir::TermId> bound_parameter(const std::string& name) const;
    // A fact as this isolate reads it.
    ir::TermId formula(const ir::Fact& f) const;

    // Replaces variables (by VarId) in `t`.
    ir::TermId substitute(ir::TermId t, const std::map<ir::VarId, ir::TermId>& by);
    // The variables of `t` not bound inside it.
    std::set<ir::VarId> free_vars(ir::TermId t);
    // `forall` over the free variables of `t` (itself when it has none).
    ir::TermId close(ir::TermId t);

private:
    std::map<ir::SymbolId, ir::SymbolId> original_;
    std::map<ir::SymbolId, unsigned> next_version_;
    std::map<ir::SortId, ir::SymbolId> less_;
    std::map<std::pair<std::string, ir::SortId>, ir::SymbolId> numerals_;
    std::vector<std::pair<std::string, ir::TermId>> bound_objects_;
    std::map<const ir::Fact*, ir::TermId> bound_facts_;
};

} // namespace ivy::verifier
