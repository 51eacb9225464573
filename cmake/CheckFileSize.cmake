# SPDX-License-Identifier: MIT
# The size check: cmake -DROOT=<source dir> [-DTABLE=<file>] [-DSTAMP=<file>] -P CheckFileSize.cmake
#
# Counts the lines of every source file of lib/ (lib/<part>/*.h and *.cc)
# and fails, naming each file, when one has more than the limit of the
# table (cmake/FileSize.cmake, or TABLE), or more than its entry in the
# table's list of files over the limit allows. Runs before anything of the
# library compiles, so an oversize file fails `cmake --build`.
cmake_minimum_required(VERSION 3.20)
if(NOT TABLE)
    set(TABLE ${CMAKE_CURRENT_LIST_DIR}/FileSize.cmake)
endif()
include(${TABLE})
file(RELATIVE_PATH table_name "${ROOT}" "${TABLE}")
if(table_name MATCHES "^\\.\\./")
    set(table_name "${TABLE}")
endif()

# Lines as `wc -l` counts them: the newline characters (file(STRINGS) would
# leave out the empty lines).
function(count_lines file out)
    file(READ "${file}" text)
    string(REGEX REPLACE "[^\n]" "" newlines "${text}")
    string(LENGTH "${newlines}" count)
    set(${out} ${count} PARENT_SCOPE)
endfunction()

set(problems "")
set(allowed_files "")
foreach(entry IN LISTS NEWSDEX_OVERSIZE_FILES)
    if(NOT entry MATCHES "^([^=]+)=([0-9]+)$")
        list(APPEND problems "${table_name}: '${entry}' is not <path>=<lines>")
        continue()
    endif()
    set(path "${CMAKE_MATCH_1}")
    set(most "${CMAKE_MATCH_2}")
    list(APPEND allowed_files "${path}")
    set(allowed_${path} ${most})
    if(NOT EXISTS "${ROOT}/${path}")
        list(APPEND problems "${path}: not there, but listed as a file over the limit: remove its entry from ${table_name}")
        continue()
    endif()
    count_lines("${ROOT}/${path}" lines)
    if(lines LESS_EQUAL NEWSDEX_MAX_FILE_LINES)
        list(APPEND problems "${path}: ${lines} lines, within the limit of ${NEWSDEX_MAX_FILE_LINES} now: remove its entry from ${table_name}")
    endif()
endforeach()

file(GLOB_RECURSE files RELATIVE "${ROOT}" "${ROOT}/lib/*.h" "${ROOT}/lib/*.cc")
list(SORT files)
set(checked 0)
foreach(rel IN LISTS files)
    count_lines("${ROOT}/${rel}" lines)
    math(EXPR checked "${checked} + 1")
    if(rel IN_LIST allowed_files)
        if(lines GREATER allowed_${rel})
            list(APPEND problems "${rel}: ${lines} lines, more than the ${allowed_${rel}} it may have until it is split (the limit is ${NEWSDEX_MAX_FILE_LINES}): split it, do not grow it")
        endif()
    elseif(lines GREATER NEWSDEX_MAX_FILE_LINES)
        list(APPEND problems "${rel}: ${lines} lines, over the limit of ${NEWSDEX_MAX_FILE_LINES} for a file of lib/: split it along its seams into files of its part")
    endif()
endforeach()

if(problems)
    list(LENGTH problems count)
    foreach(problem IN LISTS problems)
        message(NOTICE "${problem}")
    endforeach()
    message(FATAL_ERROR "file size: ${count} problem(s), listed above (the rule and its exceptions: "
                        "cmake/FileSize.cmake, docs/architecture.md).")
endif()
if(STAMP)
    file(WRITE "${STAMP}" "${checked} files checked\n")
endif()
