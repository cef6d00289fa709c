// Expressions as Ivy text, parenthesised only where the grammar's precedence needs it.
#include "frontend/ast_printer.h"

namespace ivy::frontend {
namespace {

using namespace ast;

// Binding strength, following docs/ivy-language.md 2.4: larger binds tighter.
enum Prec {
    kTemporal = 0, // globally/eventually, isa
    kQuant = 1,
    kImplies = 2,
    kOr = 3,
    kAnd = 4,
    kNot = 5,
    kRelation = 6,
    kNeq = 7,
    kIte = 8,
    kAscribe = 9,
    kAdd = 10,
    kMul = 11,
    kOld = 12,
    kMember = 13,
    kAtom = 14,
};

int binary_prec(BinaryOp op) {
    switch (op) {
    case BinaryOp::Times:
    case BinaryOp::Div: return kMul;
    case BinaryOp::Plus:
    case BinaryOp::Minus: return kAdd;
    case BinaryOp::Neq: return kNeq;
    case BinaryOp::And: return kAnd;
    case BinaryOp::Or: return kOr;
    case BinaryOp::Implies:
    case BinaryOp::Iff: return kImplies;
    default: return kRelation;
    }
}

const char* binary_text(BinaryOp op) {
    switch (op) {
    case BinaryOp::Times: return " * ";
    case BinaryOp::Div: return " / ";
    case BinaryOp::Plus: return " + ";
    case BinaryOp::Minus: return " - ";
    case BinaryOp::Neq: return " ~= ";
    case BinaryOp::Eq: return " = ";
    case BinaryOp::Lt: return " < ";
    case BinaryOp::Le: return " <= ";
    case BinaryOp::Gt: return " > ";
    case BinaryOp::Ge: return " >= ";
    case BinaryOp::Pto: return " *> ";
    case BinaryOp::And: return " & ";
    case BinaryOp::Or: return " | ";
    case BinaryOp::Implies: return " -> ";
    case BinaryOp::Iff: return " <-> ";
    }
    return " ? ";
}

int prec(const Expr& e) {
    switch (e.kind) {
    case ExprKind::App:
    case ExprKind::Var:
    case ExprKind::Bool: return kAtom;
    case ExprKind::Member: return kMember;
    case ExprKind::Old: return kOld;
    case ExprKind::Not: return kNot;
    case ExprKind::Binary: return binary_prec(e.op);
    case ExprKind::Ite: return kIte;
    case ExprKind::Ascribe: return kAscribe;
    case ExprKind::Quant: return kQuant;
    case ExprKind::Temporal:
    case ExprKind::Isa: return kTemporal;
    }
    return kAtom;
}

class Printer {
public:
    std::string out;

    // Prints `e` where the grammar expects an operand binding at least `min`.
    void print(const Expr& e, int min) {
        bool parens = prec(e) < min;
        if (parens) out += '(';
        print_bare(e);
        if (parens) out += ')';
    }

private:
    void args(const std::vector<Expr>& list, size_t from) {
        if (list.size() <= from) return;
        out += '(';
        for (size_t i = from; i < list.size(); ++i) {
            if (i > from) out += ", ";
            print(list[i], 0);
        }
        out += ')';
    }

    // An `old` operand: an App or a chain of Members over one, written without
    // parentheses (the grammar's `old sym(args).sym(args)...`).
    void chain(const Expr& e) {
        if (e.kind == ExprKind::Member) {
            chain(e.args[0]);
            out += '.';
            out += e.name;
            args(e.args, 1);
        } else {
            out += e.name;
            args(e.args, 0);
        }
    }

    void sort(const Name& s) { out += s.str(); }

    void print_bare(const Expr& e) {
        switch (e.kind) {
        case ExprKind::App:
            out += e.name;
            args(e.args, 0);
            return;
        case ExprKind::Var:
        case ExprKind::Bool: out += e.name; return;
        case ExprKind::Member:
            print(e.args[0], kMember);
            out += '.';
            out += e.name;
            args(e.args, 1);
            return;
        case ExprKind::Old:
            out += "old ";
            chain(e.args[0]);
            return;
        case ExprKind::Not:
            out += '~';
            print(e.args[0], kNot);
            return;
        case ExprKind::Binary: {
            int p = binary_prec(e.op);
            print(e.args[0], p);
            out += binary_text(e.op);
            print(e.args[1], p + 1);
            return;
        }
        case ExprKind::Ite:
            print(e.args[0], kIte);
            out += " if ";
            print(e.args[1], 0);
            out += " else ";
            print(e.args[2], kIte + 1);
            return;
        case ExprKind::Ascribe:
            print(e.args[0], kAscribe);
            out += ':';
            sort(e.sort);
            return;
        case ExprKind::Isa:
            print(e.args[0], kTemporal + 1);
            out += " isa ";
            sort(e.sort);
            return;
        case ExprKind::Temporal:
            out += e.temporal == TemporalOp::Globally ? "globally " : "eventually ";
            print(e.args[0], kTemporal);
            return;
        case ExprKind::Quant: quantifier(e); return;
        }
    }

    // `forall X:t, Y. body`; a dotted sort needs the form `forall (X:a.t) body`.
    void quantifier(const Expr& e) {
        out += e.quant == Quantifier::Forall ? "forall " : "exists ";
        bool dotted = false;
        for (const Binder& b : e.binders) dotted = dotted || b.sort.parts.size() > 1;
        if (dotted) out += '(';
        for (size_t i = 0; i < e.binders.size(); ++i) {
            if (i > 0) out += ", ";
            out += e.binders[i].name;
            if (!e.binders[i].sort.empty()) {
                out += ':';
                sort(e.binders[i].sort);
            }
        }
        out += dotted ? ") " : ". ";
        print(e.args[0], kQuant);
    }
};

} // namespace

std::string to_ivy(const ast::Expr& expr) {
    Printer p;
    p.print(expr, 0);
    return p.out;
}

} // namespace ivy::frontend
