// kvserver: the replicated key-value server (see server_main.h for the flags).
#include "runtime/kv/server_main.h"

int main(int argc, char** argv) {
    return ivy::kv::kvserver_main(argc, argv, ivy::kv::builtin_protocols());
}
