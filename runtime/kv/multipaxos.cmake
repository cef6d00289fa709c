# The Multi-Paxos adapter (included by CMakeLists.txt after ivy_kv is defined).
# The class is extracted from the verified spec into the build tree at build time;
# nothing generated is committed.
file(GLOB MULTIPAXOS_STDLIB CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/frontend/include/1.7/*.ivy)
set(MULTIPAXOS_SPEC_DIR ${PROJECT_SOURCE_DIR}/specs/multi_paxos)
set(MULTIPAXOS_GEN ${CMAKE_CURRENT_BINARY_DIR}/multipaxos_generated)
file(MAKE_DIRECTORY ${MULTIPAXOS_GEN})
add_custom_command(
    OUTPUT ${MULTIPAXOS_GEN}/multi_paxos.h ${MULTIPAXOS_GEN}/multi_paxos.cpp
    COMMAND ivy to_cpp target=class isolate=node_proc outdir=${MULTIPAXOS_GEN}
            ${MULTIPAXOS_SPEC_DIR}/multi_paxos.ivy
    DEPENDS ivy ${MULTIPAXOS_SPEC_DIR}/multi_paxos.ivy ${MULTIPAXOS_SPEC_DIR}/node_set.ivy
            ${MULTIPAXOS_STDLIB}
    COMMENT "ivy to_cpp multi_paxos (node_proc)"
    VERBATIM)
target_sources(ivy_kv PRIVATE multipaxos_adapter.cpp ${MULTIPAXOS_GEN}/multi_paxos.cpp)
target_include_directories(ivy_kv PRIVATE ${MULTIPAXOS_GEN})
