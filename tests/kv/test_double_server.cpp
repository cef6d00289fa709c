// TEST BUILD ONLY: kvserver with the test-double replicated log registered as
// `--protocol testdouble`, for the loopback cluster tests, the client-library
// tests and the tool tests until the verified adapters exist. Same flags, wire
// protocol, durability and start-up lines as kvserver.
#include "runtime/kv/server_main.h"
#include "tests/kv/test_double_log.h"

int main(int argc, char** argv) {
    auto protocols = ivy::kv::builtin_protocols();
    protocols.push_back(ivy::kv::testing::TestDoubleLog::protocol());
    return ivy::kv::kvserver_main(argc, argv, protocols);
}
