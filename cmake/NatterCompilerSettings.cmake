# Strictness in the spirit of KDE's compiler settings; generated code is exempted per target.
add_compile_definitions(
  QT_NO_CAST_FROM_ASCII
  QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
  QT_NO_URL_CAST_FROM_STRING
  QT_USE_QSTRINGBUILDER
)
set(NATTER_WARNING_FLAGS -Wall -Wextra -Wnon-virtual-dtor -Woverloaded-virtual)
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  list(APPEND NATTER_WARNING_FLAGS -Wshadow=local)
else()
  list(APPEND NATTER_WARNING_FLAGS -Wshadow-uncaptured-local)
endif()
if(NATTER_WERROR)
  list(APPEND NATTER_WARNING_FLAGS -Werror)
endif()

if(NATTER_FUZZ)
  # Everything the fuzz targets link is instrumented for coverage and checked by the sanitizers.
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
                      -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

if(NATTER_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

# Applies the project's warning flags to a target (not to generated sources).
function(natter_target_warnings target)
  target_compile_options(${target} PRIVATE ${NATTER_WARNING_FLAGS})
endfunction()
