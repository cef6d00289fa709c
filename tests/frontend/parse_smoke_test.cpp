#include "tests/frontend/parse_test_util.h"

#include <gtest/gtest.h>

namespace ivy::frontend::testing {
namespace {

TEST(ParseSmoke, TypeAndRelation) {
    EXPECT_EQ(decls_sexpr("type node\nrelation r(X:node)\n"),
              "(type node)\n(relation (sym (lhs r X:node)))\n");
}

TEST(ParseSmoke, ErrorNamesLineAndColumn) {
    EXPECT_EQ(body_error("type t\naxiom r(X) &\n"),
              "test.ivy: line 4: error: syntax error at column 1: unexpected end of file, "
              "expected an expression");
}

} // namespace
} // namespace ivy::frontend::testing
