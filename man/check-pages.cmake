# SPDX-License-Identifier: Apache-2.0
# cmake -DGROFF=/usr/bin/groff -DPAGES="a.1;b.7" -P check-pages.cmake
# Renders each page (output discarded) and fails when groff says anything: groff exits 0 even
# when it warns, so its messages are the test.
foreach(page IN LISTS PAGES)
  execute_process(COMMAND ${GROFF} -man -ww -z ${page}
                  RESULT_VARIABLE result ERROR_VARIABLE messages OUTPUT_QUIET)
  if(NOT result EQUAL 0 OR NOT messages STREQUAL "")
    message(FATAL_ERROR "${page} does not render cleanly:\n${messages}")
  endif()
endforeach()
list(LENGTH PAGES count)
message(STATUS "${count} manual page(s) render without warnings")
