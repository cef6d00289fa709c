# The Raft adapter: the class extracted from specs/raft.ivy at build time by the
# `ivy` just built (nothing generated is committed), wrapped by raft_adapter.cpp.
file(GLOB RAFT_IVY_STDLIB CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/frontend/include/1.7/*.ivy)
set(RAFT_GEN ${CMAKE_CURRENT_BINARY_DIR}/raft_generated)
file(MAKE_DIRECTORY ${RAFT_GEN})
add_custom_command(
    OUTPUT ${RAFT_GEN}/raft.h ${RAFT_GEN}/raft.cpp
    COMMAND ivy to_cpp target=class isolate=server_proc classname=raft outdir=${RAFT_GEN}
            ${PROJECT_SOURCE_DIR}/specs/raft.ivy
    DEPENDS ivy ${PROJECT_SOURCE_DIR}/specs/raft.ivy ${PROJECT_SOURCE_DIR}/specs/node_set.ivy
            ${RAFT_IVY_STDLIB}
    COMMENT "ivy to_cpp specs/raft.ivy (isolate server_proc)"
    VERBATIM)
target_sources(ivy_kv PRIVATE raft_adapter.cpp ${RAFT_GEN}/raft.cpp)
target_include_directories(ivy_kv PRIVATE ${RAFT_GEN})
