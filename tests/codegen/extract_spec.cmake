# The spec corpus: `ivy to_cpp target=class` on each spec of SPECS (a list of paths),
# then one compilation of all the results together, warnings as errors (syntax and
# semantics only, no code generation: most of the time goes to the headers, which
# are read once this way).
file(MAKE_DIRECTORY ${OUT})
set(all "")
foreach(spec ${SPECS})
    get_filename_component(name ${spec} NAME_WE)
    execute_process(COMMAND ${IVY} to_cpp target=class outdir=${OUT} ${spec}
                    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "ivy to_cpp ${name} failed (${rc}):\n${out}")
    endif()
    string(APPEND all "#include \"${OUT}/${name}.cpp\"\n")
endforeach()
file(WRITE ${OUT}/all_specs.cpp "${all}")
execute_process(COMMAND ${CXX} -std=c++20 -fsyntax-only -Wall -Wextra -Werror -I${ROOT} ${OUT}/all_specs.cpp
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "the extracted specs do not compile:\n${out}")
endif()
