#include "codegen/src/natives.h"

namespace ivy::codegen {
namespace {

bool under(const std::string& name, const std::string& prefix) {
    return !prefix.empty() && (name == prefix || (name.size() > prefix.size() && name.starts_with(prefix) &&
                                                  name[prefix.size()] == '.'));
}

// How many leading object parameters of `name` (a symbol or action of the object
// path it names) the context supplies: those of the objects it shares with the
// context's object.
std::size_t bound_params(const Gen& g, const std::string& name, std::size_t own_object_params,
                         const NativeContext& ctx) {
    if (ctx.object_values.empty()) return 0;
    std::string common = ctx.object;
    while (!common.empty() && !under(name, common)) {
        size_t dot = common.rfind('.');
        common = dot == std::string::npos ? std::string() : common.substr(0, dot);
    }
    if (common.empty()) return 0;
    std::size_t n = g.slice.object_param_names(common).size();
    return std::min({n, own_object_params, ctx.object_values.size()});
}

// `%name` in native code: a callable of the action (through its adapter), with the
// object's parameters bound by value.
std::optional<std::string> action_text(Gen& g, const std::string& name, const NativeContext& ctx, SourceLocation at) {
    auto a = g.p.find_action(name);
    if (!a) {
        g.diags.error(at, "unknown action `" + name + "` in native code");
        return std::nullopt;
    }
    const ir::Action& act = g.p.actions[*a];
    if (act.results.size() > 1) {
        g.diags.error(at, "native code cannot call " + act.name + ": it has several results");
        return std::nullopt;
    }
    g.helpers.adapters.insert(*a);
    std::size_t bound = bound_params(g, act.name, act.object_params, ctx);
    if (bound == 0) return "this->" + g.adapter(*a);
    std::string captures = "this", given;
    for (size_t i = 0; i < bound; ++i) {
        captures += ", __b" + std::to_string(i) + " = " + ctx.object_values[i];
        given += "__b" + std::to_string(i) + ", ";
    }
    return "[" + captures + "](auto&&... __a) { return this->" + g.adapter(*a) + "(" + given +
           "std::forward<decltype(__a)>(__a)...); }";
}

// A state component or parameter named in native code: the member, and inside the
// symbol's own parameterised object the part of this instance (unless stripped).
std::optional<std::string> member_text(Gen& g, ir::SymbolId s, const NativeContext& ctx, SourceLocation at) {
    const ir::Symbol& sym = g.p.symbols[s];
    if (!ctx.in_class) {
        g.diags.error(at, "`" + sym.name + "` (state) cannot be used outside the class");
        return std::nullopt;
    }
    if (sym.kind == ir::Symbol::Kind::State && !g.slice.member[s]) {
        g.diags.error(at, "`" + sym.name + "` is not part of the extracted state");
        return std::nullopt;
    }
    std::string base = "this->" + g.member(s);
    std::size_t bound = bound_params(g, sym.name, sym.object_params, ctx);
    std::size_t stripped = g.slice.symbol_strip[s].count();
    if (bound > stripped) {
        std::vector<std::string> vals(ctx.object_values.begin() + static_cast<long>(stripped),
                                      ctx.object_values.begin() + static_cast<long>(bound));
        base += ".ref(" + join(vals) + ")";
    }
    return base;
}

// A name in native code: a local, a parameter of the enclosing object, an enum
// value, a field, a definition, or state.
std::optional<std::string> symbol_text(Gen& g, const std::string& name, const NativeContext& ctx, SourceLocation at) {
    if (auto it = ctx.locals.find(name); it != ctx.locals.end()) return it->second;
    const std::vector<std::string> object_names = g.slice.object_param_names(ctx.object);
    auto s = g.p.find_symbol(name);
    for (size_t i = 0; i < object_names.size() && !s; ++i) {
        if (object_names[i] != name) continue;
        if (i < ctx.object_values.size()) return ctx.object_values[i];
        g.diags.error(at, "`" + name + "` (a parameter of object " + ctx.object +
                              ") is only known in init blocks and action bodies");
        return std::nullopt;
    }
    if (!s) {
        g.diags.error(at, "unknown name `" + name + "` in native code");
        return std::nullopt;
    }
    using SK = ir::Symbol::Kind;
    const SK kind = g.p.symbols[*s].kind;
    if (kind == SK::EnumValue) return ctx.in_class ? g.enum_value(*s) : g.classname + "::" + g.enum_value(*s);
    if (kind == SK::Destructor) return g.field(*s);
    if (g.slice.definition_of.count(*s)) {
        g.helpers.definitions.insert(g.slice.definition_of.at(*s));
        return "this->" + g.definition_method(*s);
    }
    if (kind == SK::Parameter || kind == SK::State) return member_text(g, *s, ctx, at);
    g.diags.error(at, "`" + name + "` cannot be used in native code");
    return std::nullopt;
}

} // namespace

std::optional<std::string> native_text(Gen& g, const ir::NativeCode& code, const NativeContext& ctx,
                                       SourceLocation at) {
    using Kind = ir::NativeCode::Piece::Kind;
    std::string out;
    for (const auto& piece : code.pieces) {
        std::optional<std::string> text;
        switch (piece.kind) {
        case Kind::Text:
            text = piece.text;
            break;
        case Kind::Sort: {
            auto s = g.p.find_sort(piece.text);
            text = !s ? mangle(piece.text) : ctx.in_class ? g.type(*s) : g.types.qualified(*s, g.classname);
            break;
        }
        case Kind::Object:
            text = mangle(piece.text);
            break;
        case Kind::Type:
            g.diags.error(at, "`%" + piece.text + "` (an action's thunk type) is not supported in native code");
            break;
        case Kind::Action:
            text = action_text(g, piece.text, ctx, at);
            break;
        case Kind::Symbol:
            text = symbol_text(g, piece.text, ctx, at);
            break;
        }
        if (!text) return std::nullopt;
        out += *text;
    }
    return out;
}

} // namespace ivy::codegen
