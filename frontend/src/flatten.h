// Elaboration, phase A: modules instantiated, objects flattened, names qualified.
//
// The result is one list of declarations in which every name that refers to a
// declaration inside an object or instance carries that object's qualified name
// (`localstate.myhist`, `node.iter.create`), module parameters are replaced by the
// instance's arguments, and `this` by the object it stands for. Each declaration
// records the object it belongs to, the parameters of the enclosing objects (which
// phase B turns into leading parameters) and the section it was written in.
// Names are not resolved to entities yet; that is phase B (compile.h).
#pragma once

#include "frontend/ast.h"
#include "ir/program.h"
#include "support/diagnostic.h"

#include <string>
#include <vector>

namespace ivy::frontend {

struct FlatDecl {
    ast::Decl decl;
    std::string object;                     // qualified; "" is the root object
    std::vector<ast::Param> object_params;  // of the enclosing objects, outermost first
    ir::Visibility visibility = ir::Visibility::Public;
    std::vector<SourceLocation> instantiated_at; // instance lines, innermost first
};

struct FlatObject {
    std::string name;                 // qualified
    std::vector<ast::Param> params;   // its own parameters
    std::size_t outer_params = 0;     // parameters of the enclosing objects
    ir::Visibility visibility = ir::Visibility::Public;
    SourceLocation loc;
    std::vector<SourceLocation> instantiated_at; // instance lines, innermost first
};

struct FlatProgram {
    std::vector<FlatDecl> decls;      // declaration order
    std::vector<FlatObject> objects;  // in the order their bodies close
};

// Flattens the spliced declarations of a program (see include_loader.h), whose
// automatic labels are assigned (auto_labels.h). Errors (unknown or misused modules)
// go to `diags`.
FlatProgram flatten(std::vector<ast::Decl> decls, Diagnostics& diags);

// `a.b[c.d].e` -> {"a", "b[c.d]", "e"}: dots inside subscripts do not separate.
std::vector<std::string> split_name(const std::string& dotted);
std::string join_name(const std::vector<std::string>& parts);

} // namespace ivy::frontend
