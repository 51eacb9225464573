# SPDX-License-Identifier: MIT
# The parts of the library and who may use whom: the one table that
# lib/CMakeLists.txt builds the per-part object libraries from and that
# cmake/CheckLayering.cmake enforces over every #include (docs/architecture.md
# explains it). A part may always use itself.
#
# NEWSDEX_USES_<part>: the parts (lib/<part>/) whose headers it may include,
# lowest first. The arrows point down only: no cycles.
set(NEWSDEX_PARTS util resources analysis schema catalog entities index snippet search capi)
set(NEWSDEX_USES_util "")
set(NEWSDEX_USES_resources util)
set(NEWSDEX_USES_analysis util resources)
set(NEWSDEX_USES_schema util analysis)
set(NEWSDEX_USES_catalog util analysis schema)
set(NEWSDEX_USES_entities util resources analysis schema)
set(NEWSDEX_USES_index util resources analysis schema catalog entities)
set(NEWSDEX_USES_snippet util analysis schema entities)
set(NEWSDEX_USES_search util resources analysis schema entities index snippet)
set(NEWSDEX_USES_capi util analysis schema catalog entities index snippet search)

# The programs: each is thin, and reaches the library only through the public
# header of the one part it drives.
# cli/ is the option reading both share; it uses no part of the library.
set(NEWSDEX_PROGRAMS cli indexer searcher serve)
set(NEWSDEX_USES_cli "")
set(NEWSDEX_USES_indexer util index)
set(NEWSDEX_USES_searcher util search)
# newsdex-serve reads its requests with newsdex-search's option parser
# (searcher/options.cc) and lists the fields from the schema.
set(NEWSDEX_USES_serve util schema search)

# Which part owns each public header (include/newsdex/). The umbrella header
# newsdex.h is for the library's users and owned by no part: nothing inside
# the project includes it.
set(NEWSDEX_HEADER_article util)
set(NEWSDEX_HEADER_error util)
set(NEWSDEX_HEADER_export util)
set(NEWSDEX_HEADER_paths util)
set(NEWSDEX_HEADER_version util)
set(NEWSDEX_HEADER_analyzer analysis)
set(NEWSDEX_HEADER_schema schema)
set(NEWSDEX_HEADER_index_writer index)
set(NEWSDEX_HEADER_snippet snippet)
set(NEWSDEX_HEADER_searcher search)
set(NEWSDEX_HEADER_json_output search)
set(NEWSDEX_HEADER_newsdex_c capi)
