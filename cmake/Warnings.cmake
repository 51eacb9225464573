# SPDX-License-Identifier: MIT
# The warning set (started from Xapian's configure.ac), applied per target.
set(NEWSDEX_WARNINGS
    -Wall -Wextra -Wpedantic -Wshadow -Wcast-qual -Wpointer-arith -Wformat=2 -Wundef
    -Woverloaded-virtual -Wnon-virtual-dtor -Wmissing-declarations -Wnull-dereference
    -Wold-style-cast -Wimplicit-fallthrough)
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    list(APPEND NEWSDEX_WARNINGS -Wduplicated-cond -Wduplicated-branches -Wlogical-op)
    # GCC 12 reports a false -Wrestrict inside libstdc++'s std::string when
    # it inlines operator+ at -O3 (GCC bug 105651, fixed in GCC 13): a Release
    # build would fail on every `"text" + string`.
    if(CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
        list(APPEND NEWSDEX_WARNINGS -Wno-restrict)
    endif()
endif()
if(NEWSDEX_WERROR)
    list(APPEND NEWSDEX_WARNINGS -Werror)
endif()

function(newsdex_warnings target)
    target_compile_options(${target} PRIVATE ${NEWSDEX_WARNINGS})
endfunction()

# GCC 12 reports a null dereference inside libstdc++'s std::string when it
# inlines boost::program_options' typed_value::notify (a known false positive
# of -Wnull-dereference with boost::any). Only the option parsers of the two
# command-line tools include Boost.Program_options, so only they lose it.
function(newsdex_boost_po_sources)
    if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
        set_source_files_properties(${ARGN} PROPERTIES COMPILE_OPTIONS -Wno-null-dereference)
    endif()
endfunction()
