cmake_minimum_required(VERSION 3.21)
# Checks natterd's includes (run by CTest as "layers"): a layer's header is included with its
# folder prefix ("storage/shard_store.h"), never by a relative path ("../storage/..."), which
# would get past the per-layer include roots that keep the layers apart (server/CMakeLists.txt).
# Usage: cmake -DSOURCE_DIR=<repo> -P CheckIncludes.cmake
set(layers support storage push services gateway)
set(layer_headers "")
foreach(layer IN LISTS layers)
  file(GLOB headers RELATIVE ${SOURCE_DIR}/server/${layer} ${SOURCE_DIR}/server/${layer}/*.h)
  list(APPEND layer_headers ${headers})
endforeach()

file(GLOB_RECURSE sources ${SOURCE_DIR}/server/*.cpp ${SOURCE_DIR}/server/*.h)
set(problems "")
foreach(source IN LISTS sources)
  file(STRINGS ${source} includes REGEX "^#include \"")
  foreach(line IN LISTS includes)
    string(REGEX REPLACE "^#include \"([^\"]+)\".*" "\\1" name "${line}")
    file(RELATIVE_PATH shown ${SOURCE_DIR} ${source})
    if(name MATCHES "\\.\\.")
      string(APPEND problems "  ${shown}: \"${name}\" climbs out of its folder; include a layer as \"layer/name.h\"\n")
    elseif(NOT name MATCHES "/" AND name IN_LIST layer_headers)
      string(APPEND problems "  ${shown}: \"${name}\" needs its folder: \"<layer>/${name}\"\n")
    endif()
  endforeach()
endforeach()
if(problems)
  message(FATAL_ERROR "natterd includes that bypass the layer rules:\n${problems}")
endif()
